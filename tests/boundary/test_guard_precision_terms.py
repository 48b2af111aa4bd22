"""Benign bank messages a precision red team found flagged, each beside a leak it resembles.

- amounts offered to choose from (``Quick transfer: SAR 500 | SAR 1,000``) are no transactions;
- a balance the customer is asked to keep (``Keep an average balance of SAR 5,000``) is a
  condition of the bank's terms;
- a date followed in its clause by something else that expires (``valid thru 12/2030 for the
  loyalty programme``) is no card's expiry;
- ten digits in five pairs from 0 (``09 69 32 00 00``) are a French phone number, not an account;
- numbers of six digits in a thread (order numbers, codes) join into no card without a card
  word: the cut after a card's six issuer digits counts in 15- and 16-digit cards only;
- a number without a currency followed by what it counts (``1,250 applications``) is no money;
- both ends of a range of amounts (``SAR 10 to SAR 50,000``) are the bank's limits;
- a number labelled as a direct line is a phone number;
- a 12-digit number is a card only when a card word is nearer than a label (``Tracking``);
- an amount to move for a reward (``Deposit AED 10,000 and get a free gift``) is an offer's
  condition, and the amounts of a list headed by a fee word (``Our fees: ...; ...``) are prices;
- an amount in a how-to question (``how to transfer 5000 SAR abroad``) is a made-up example;
- a bound said of a balance that is nobody's (``Balances of SAR 100,000 or more earn 4%``,
  ``رصيد لا يقل عن 5,000 ريال``) is a tier of the bank's terms, and so is a balance requirement.

Each is checked with the quick check on and off (the ``guards`` fixture).
"""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Finding, Guard
from mockmessenger.boundary.detectors import card_number
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PSID = "24012345678901234"


def send(text: str, *, thread: str | None = None, index: int = 0) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "message": {"text": text}}, ensure_ascii=False)
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread=thread, index=index
    )


def categories(guard: Guard, text: str) -> list[str]:
    guard.reset()
    return sorted({f.category for f in guard.scan(send(text))})


BENIGN = [
    "Quick transfer: SAR 500 | SAR 1,000",
    "Quick transfer: SAR 100 | SAR 200 | SAR 500 | SAR 1,000 | SAR 2,000 | SAR 5,000",
    "Choose an amount to transfer: 500 SAR / 1,000 SAR / 2,000 SAR",
    "تحويل سريع: 500 ريال | 1,000 ريال",
    "اختر المبلغ للتحويل: 500 ريال أو 1,000 ريال",
    "Virement rapide : 500 € | 1 000 €",
    "Choisissez un montant à virer : 500,00 € ou 1 000,00 €",
    "Keep an average balance of SAR 5,000 to avoid the monthly fee",
    "Keep a balance of SAR 5,000 in your account",
    "Maintenez un solde moyen de 5 000 € pour éviter les frais mensuels",
    "حافظ على رصيد متوسط 5,000 ريال لتجنب الرسوم الشهرية",
    "valid thru 12/2030 for the loyalty programme",
    "Expires 06/2027 on all offers",
    "valable jusqu'au 12/2030 pour l'offre fidélité",
    "صالحة حتى 12/2030 لبرنامج النقاط",
    "Service compte : 09 69 32 00 00",
    "Pour votre compte, appelez le 01.23.45.67.89",
    "We received 1,250 applications this week!",
    "Plus de 1 250 clients ont reçu leur carte",
    "تم استلام 1,250 طلب هذا الأسبوع",
    "Transfer SAR 10 to SAR 50,000 instantly",
    "التحويلات من 10 ريال إلى 50,000 ريال",
    "Virement de 10 € à 50 000 € en un clic",
    "Account manager direct line 0112345678",
    "Conseiller compte, ligne directe 0112345678",
    "مدير الحساب الخط المباشر 0112345678",
    "Your new card will arrive in 5 days. Tracking 578033114807",
    "Keep SAR 5,000 minimum balance",
    "Maintain AED 3,000 average balance to waive fees",
    "Deposit AED 10,000 and get a free gift",
    "Déposez 10 000 € et recevez un cadeau",
    "أودع 10,000 درهم واحصل على هدية",
    "Our fees: card replacement SAR 30; cheque book SAR 20; paper statement SAR 25; "
    "international transfer SAR 35; SMS alerts SAR 10 per month",
    "Nos frais : remplacement de carte 30 € ; chéquier 20 € ; relevé papier 25 € ; "
    "virement international 35 €",
    "الرسوم: استبدال البطاقة 30 ريال؛ دفتر الشيكات 20 ريال؛ كشف حساب ورقي 25 ريال؛ "
    "تحويل دولي 35 ريال",
    "How to transfer 5000 SAR abroad",
    "FAQ: how do I transfer 5,000 SAR abroad?",
    "Comment virer 5 000 € à l'étranger ?",
    "كيف أحول 5000 ريال إلى الخارج؟",
    "Balances of SAR 100,000 or more earn 4%",
    "Open a savings account with a balance of at least SAR 5,000",
    "رصيد لا يقل عن 5,000 ريال",
    "Un solde d'au moins 5 000 € est requis",
    "إذا قل رصيدك عن 1,000 ريال تطبق رسوم 15 ريال",
    "Balance requirement SAR 5,000",
    "Exigence de solde : 5 000 €",
    "متطلبات الرصيد 5,000 ريال",
    "الرصيد الذي يقل عن 3,000 ريال عليه رسوم 15 ريال شهرياً",
]

#: Leaks beside each benign message: the same words, a customer's value.
LEAKS = [
    ("Your balance is SAR 5,000", "balance"),
    ("Your average balance this month was SAR 5,000", "balance"),
    ("Keep in mind your balance is SAR 5,000", "balance"),
    ("Transactions: SAR 500 | SAR 1,000", "transaction"),
    ("Quick transfer: SAR 500 sent to Ahmed", "transaction"),
    ("تم تحويل 500 ريال", "transaction"),
    ("Card valid thru 12/2030", "card_expiry"),
    ("valid thru 12/2030 for your card", "card_expiry"),
    ("Expiry 12/2030, loyalty points 500", "card_expiry"),
    ("Compte : 0969320000", "account_number"),
    ("Compte : 12 34 56 78 90", "account_number"),
    ("Numéro de compte : 00 12 34 56 78", "account_number"),
    ("We received 1,250.00 from Ahmed", "transaction"),
    ("You received SAR 1,250 from 3 customers", "transaction"),
    ("You transferred SAR 10 to SAR 50,000 savings", "transaction"),
    ("Transfer SAR 500 to 0512345678", "transaction"),
    ("Account 0112345678, direct line 0550000000", "account_number"),
    ("Your new card 578033114807 will arrive in 5 days", "card_number"),
    ("Keep SAR 5,000 safe: your balance is SAR 5,000", "balance"),
    ("You deposited AED 10,000 and get a free gift", "transaction"),
    ("Deposit of AED 10,000 received", "transaction"),
    ("Our fees: none. You paid SAR 30 for card replacement", "transaction"),
    ("Our fees: card replacement SAR 30; you paid SAR 35 for a transfer", "transaction"),
    ("Here is how to check it: you paid SAR 5,000 abroad", "transaction"),
    ("How to transfer: done. Transfer of SAR 5,000 sent", "transaction"),
    ("Your balance is SAR 12,345.67 or more", "balance"),
    ("Your savings balance of SAR 100,000 or more earns 4%", "balance"),
    ("رصيدك لا يقل عن 5,000 ريال", "balance"),
    ("Votre solde d'au moins 5 000 € vous qualifie", "balance"),
    ("إذا قل رصيدك عن 1,000 ريال", "balance"),
    ("رصيدك يقل عن 3,000 ريال", "balance"),
    ("رصيدك 12,345 ريال، الرصيد الذي يقل عن 3,000 ريال عليه رسوم", "balance"),
    ("Balance required for this transfer is met. Your balance is SAR 5,000", "balance"),
]


@pytest.mark.parametrize("text", BENIGN)
def test_a_benign_message_is_no_finding(guards: list[Guard], text: str) -> None:
    for guard in guards:
        assert categories(guard, text) == []


@pytest.mark.parametrize(("text", "category"), LEAKS)
def test_the_leak_beside_it_is_still_found(guards: list[Guard], text: str, category: str) -> None:
    for guard in guards:
        assert category in categories(guard, text)


def _thread(guard: Guard, texts: list[str], thread: str = "t") -> list[Finding]:
    guard.reset()
    found: list[Finding] = []
    for index, text in enumerate(texts):
        found += guard.scan(send(text, thread=thread, index=index))
    return [f for f in found if f.category == "card_number"]


#: Three 6-digit numbers whose join is a Luhn-valid 18-digit Discover: order numbers and codes
#: one a message.
SIX_DIGITS = ["601100", "000000", "000004"]


def test_six_digit_numbers_of_a_thread_join_into_no_card(guards: list[Guard]) -> None:
    assert card_number.is_card_number("".join(SIX_DIGITS))
    for guard in guards:
        assert _thread(guard, SIX_DIGITS) == []


@pytest.mark.parametrize(
    "pieces",
    [
        ["411111", "1111111111"],  # the issuer's six digits, then the rest
        ["411111", "111111", "1111"],  # first six, middle six, last four
        ["378282", "246310005"],  # an Amex: its issuer's digits, then the rest
        ["4111 1111", "1111 1111"],
        ["4111", "1111", "1111", "1111"],
    ],
)
def test_a_card_cut_where_it_is_printed_or_masked_is_still_found(
    guards: list[Guard], pieces: list[str]
) -> None:
    for guard in guards:
        assert len(_thread(guard, pieces)) == 1


def test_six_digit_pieces_near_a_card_word_still_join(guards: list[Guard]) -> None:
    for guard in guards:
        assert len(_thread(guard, [f"Card {SIX_DIGITS[0]}", *SIX_DIGITS[1:]])) == 1


def test_display_groups_and_the_issuer_cut() -> None:
    follows = card_number.follows_display_groups
    assert follows([6, 10]) and follows([6, 6, 4]) and follows([6, 9])
    assert not follows([6, 6, 6])  # 18 digits: three codes
    assert not follows([6, 6])  # 12 digits: two codes


@pytest.mark.parametrize(
    "text", ["paid\nSAR 5", "reçu, thanks\nSAR 5", "paid 5\nSAR", "paid\r\nSAR 5", "paid\tSAR 5"]
)
@pytest.mark.parametrize("ascii_only", [True, False])
def test_a_currency_after_an_escaped_line_break_is_read_by_the_quick_check(
    guards: list[Guard], text: str, ascii_only: bool
) -> None:
    """The quick check's judge read ``paid\\nSAR 5`` in raw JSON as ``nSAR``, no currency, and
    let the request through; the guard reads a line break and a transaction."""
    body = json.dumps(
        {"recipient": {"id": PSID}, "message": {"text": text}}, ensure_ascii=ascii_only
    )
    record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)
    fast, slow = guards
    assert [f.category for f in fast.scan(record)] == [f.category for f in slow.scan(record)]
    assert [f.category for f in slow.scan(record)] == ["transaction"]
