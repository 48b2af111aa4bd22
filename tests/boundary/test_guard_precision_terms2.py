"""Benign bank messages a second precision round found flagged, each beside a leak it resembles.

- groups each separated by a comma or a slash after a plural label and a colon (``Branch
  codes: 4512, 4105, 0123, 0456``) are a list of codes, not one card's groups, unless a card
  word is near;
- an amount that, with a fee said in its sentence, adds up to the sum said as what you send or
  pay (``Transfer of SAR 1,000 to India: fee SAR 15, you send SAR 1,015``) is a worked example
  of the fee, unless a balance word, a transaction said done, or "your" is in the sentence;
- an amount whose every transaction word in reach names a kind of service (a fee carousel's
  title ``International transfer`` over its subtitle ``SAR 35``, ``virement international``,
  ``تحويل دولي``), is a button's call to action (``Transfer now``) or part of a payload's
  name (``TRANSFER_INTL``) is its price, unless "your", a counterparty, an amount said "of" it,
  a balance word or a transaction said done is there.
- a number labelled as something benign (``Ticket 4821907731 ***``: a ticket, a reference, an
  order, no card word nearer) and then a blank to fill in (at most ten digits, a space and a
  mask to the end, not 15 or 16 characters in all) is no card's shown digits.
- a password or PIN made only of mask characters (``Enter your PIN: ****``, ``Password:
  ********``) is hidden, none said.

Each is checked with the quick check on and off (the ``guards`` fixture).
"""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PSID = "24012345678901234"


def send(message: dict[str, object]) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "message": message}, ensure_ascii=False)
    return EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)


def carousel(*elements: tuple[str, str]) -> dict[str, object]:
    items = [{"title": title, "subtitle": subtitle} for title, subtitle in elements]
    payload = {"template_type": "generic", "elements": items}
    return {"attachment": {"type": "template", "payload": payload}}


def categories(guard: Guard, message: str | dict[str, object]) -> list[str]:
    guard.reset()
    body = {"text": message} if isinstance(message, str) else message
    return sorted({f.category for f in guard.scan(send(body))})


BENIGN: list[str | dict[str, object]] = [
    "Branch codes: 4512, 4105, 0123, 0456",
    "Branch codes: 4512 / 4105 / 0123 / 0456",
    "Codes agences : 4512, 4105, 0123, 0456",
    "رموز الفروع: 4512، 4105، 0123، 0456",
    "Transfer of SAR 1,000 to India: fee SAR 15, you send SAR 1,015",
    "Virement de 1 000 € vers le Maroc : frais 15 €, vous payez 1 015 €",
    "تحويل 1,000 ريال إلى الهند: الرسوم 15 ريال، تدفع 1,015 ريال",
    carousel(("International transfer", "SAR 35"), ("Card replacement", "SAR 30")),
    carousel(("Virement international", "35 €"), ("Remplacement de carte", "30 €")),
    carousel(("تحويل دولي", "35 ريال"), ("استبدال البطاقة", "30 ريال")),
    "International transfer: SAR 35",
    "Ticket 4821907731 ***",
    "Enter your PIN: ****",
    "Password: ********",
    "Mot de passe : ********",
    "كلمة المرور: ********",
    "Ticket 4821907731 xxxx",
    "Ticket 4821907731 ••••",
    "Référence 4821907731 ***",
    "رقم المرجع 4821907731 ***",
    {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "generic",
                "elements": [
                    {
                        "title": "Local transfer",
                        "subtitle": "SAR 0.50 per transfer",
                        "buttons": [
                            {
                                "type": "postback",
                                "title": "Transfer now",
                                "payload": "TRANSFER_LOCAL",
                            }
                        ],
                    },
                    {
                        "title": "International transfer",
                        "subtitle": "SAR 35",
                        "buttons": [
                            {
                                "type": "postback",
                                "title": "Transfer now",
                                "payload": "TRANSFER_INTL",
                            }
                        ],
                    },
                    {"title": "Paper statement", "subtitle": "SAR 25"},
                ],
            },
        }
    },
]

#: Leaks beside each benign message: the same words, a customer's value.
LEAKS: list[tuple[str | dict[str, object], str]] = [
    ("Card numbers: 4512, 4105, 0123, 0456", "card_number"),
    ("Numéros de carte : 4512, 4105, 0123, 0456", "card_number"),
    ("أرقام بطاقتك: 4512، 4105، 0123، 0456", "card_number"),
    ("Branch codes: 4512 4105 0123 0456", "card_number"),  # a card's printed separators
    ("Branch codes: 1234. Your card: 4512, 4105, 0123, 0456", "card_number"),
    ("Branch codes: 4512, 4105, 0123, 0456. Card 4111 1111 1111 1111", "card_number"),
    ("Your transfer of SAR 1,000 to India: fee SAR 15, you send SAR 1,015", "transaction"),
    ("Votre virement de 1 000 € : frais 15 €, vous payez 1 015 €", "transaction"),
    ("تم تحويل 1,000 ريال إلى الهند: الرسوم 15 ريال، تدفع 1,015 ريال", "transaction"),
    ("Transfer of SAR 1,000 to India sent: fee SAR 15, you send SAR 1,015", "transaction"),
    ("Transfer of SAR 1,000 to India: fee SAR 15, you send SAR 1,020", "transaction"),
    ("Transfer of SAR 1,000 to India: fee SAR 15, total SAR 1,015", "transaction"),
    (
        "Transfer of SAR 1,000 to India: fee SAR 15, you send SAR 1,015. Your balance is SAR 5,000",
        "balance",
    ),
    (
        "Transfer of SAR 1,000 to India: fee SAR 15, you send SAR 1,015. You paid SAR 2,000",
        "transaction",
    ),
    (carousel(("Your international transfer", "SAR 5,000")), "transaction"),
    (carousel(("International transfer to Ahmed", "SAR 5,000")), "transaction"),
    (carousel(("International transfer sent", "SAR 5,000")), "transaction"),
    (carousel(("Votre virement international", "5 000 €")), "transaction"),
    (carousel(("تحويلك الدولي", "5,000 ريال")), "transaction"),
    (carousel(("تم تحويل دولي", "5,000 ريال")), "transaction"),
    (
        carousel(("International transfer", "SAR 35"), ("Transfer to Ahmed", "SAR 5,000")),
        "transaction",
    ),
    ("International transfer: SAR 35. Transfer of SAR 5,000 to Ahmed", "transaction"),
    ("International transfer of SAR 5,000", "transaction"),
    ("Instant transfer SAR 5,000 completed", "transaction"),
    ("Virement international réussi : 5 000 €", "transaction"),
    ("Virement international de 5 000 €", "transaction"),
    ("تحويل دولي بقيمة 5,000 ريال", "transaction"),
    ("International transfer SAR 35, your balance SAR 5,000", "balance"),
    ("Statement: SAR 5,000 spent", "transaction"),
    ("Password: ****1234", "credential"),
    ("Password: Pa**w0rd", "credential"),
    ("Password: ******** (your new password is Summer2024!)", "credential"),
    ("Mot de passe : ********. Votre mot de passe est Soleil2024!", "credential"),
    ("كلمة المرور: ******** كلمة المرور الجديدة: Riyadh2024!", "credential"),
    ("Ticket 4111 1111 1111 ****", "card_number"),  # a card's groups of four
    ("Ticket for your card 4821907731 ***", "card_number"),
    ("Ref 411111111111****", "card_number"),  # no space: a masked number
    ("Ref 411111111111 ****", "card_number"),  # twelve digits shown
    ("Ref 4111111111 ******", "card_number"),  # sixteen in all: a card's length
    ("Votre carte 4821907731 ***", "card_number"),
    ("بطاقتك 4821907731 ***", "card_number"),
    ("Transfer now done: SAR 5,000", "transaction"),
    (carousel(("Transfer now", "SAR 35"), ("Transfer to Ahmed", "SAR 5,000")), "transaction"),
    ("رصيدك 5,000 ريال بعد التحويل الدولي", "balance"),
    ("Votre solde : 5 000 € après le virement international", "balance"),
]


@pytest.mark.parametrize("message", BENIGN)
def test_a_benign_message_is_no_finding(
    guards: list[Guard], message: str | dict[str, object]
) -> None:
    for guard in guards:
        assert categories(guard, message) == []


@pytest.mark.parametrize(("message", "category"), LEAKS)
def test_the_leak_beside_it_is_still_found(
    guards: list[Guard], message: str | dict[str, object], category: str
) -> None:
    for guard in guards:
        assert category in categories(guard, message)
