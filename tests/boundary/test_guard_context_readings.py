"""Values written next to their context words in ways the guard once missed (a red team's
recall sweep), and the benign look-alikes next to them.

- a code glued to its word (``OTP482913``, ``PIN4821``, ``CVV123``): ``detectors.CODE_WORDS``;
- a CVV, PIN or OTP written digit by digit (``CVV is 1 2 3``);
- an expiry written ``MM YY`` or with a month's name (``Exp Dec 2027``, ``ديسمبر 2027``), still
  benign when an offer or a session expires;
- a BIC in lower case said to be the BIC (``bic: rjhisari``), and one farther from its word in
  the same sentence (``SWIFT code for your transfer: NWBKGB2L``); ``swift payments`` stays benign;
- a UK NINO with dashes or dots (``AB-12-34-56-C``), with the NINO's prefix rules;
- context words written letter by letter (``B A L A N C E``);
- a national id split by line breaks right after its word (``SSN:\\n536\\n22\\n1234``).

Each leak is found by the full scan and never passed by the quick check (both engines).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v21.0/me/messages"
ENGINES = [pytest.param(True, id="hyperscan"), pytest.param(False, id="pure-python")]

#: (text, the category the guard must find).
LEAKS = [
    ("OTP482913", "credential"),
    ("PIN4821", "credential"),
    ("CVV123", "card_cvv"),
    ("Your card's CVC123", "card_cvv"),
    ("CVV is 1 2 3", "card_cvv"),
    ("رمز الأمان: 4 8 2", "card_cvv"),
    ("PIN is 4 8 2 1", "credential"),
    ("Votre code PIN 4 8 2 1", "credential"),
    ("expires 12 27", "card_expiry"),
    ("valid thru 12 2027", "card_expiry"),
    ("Exp Dec 2027", "card_expiry"),
    ("Your card expires December 2027", "card_expiry"),
    ("تاريخ انتهاء البطاقة: ديسمبر 2027", "card_expiry"),
    ("Date d'expiration : déc. 2027", "card_expiry"),
    ("bic: rjhisari", "swift_bic"),
    ("Our SWIFT code is sabbsari.", "swift_bic"),
    ("Code BIC : bnpafrpp", "swift_bic"),
    ("رمز السويفت هو ncbksaje", "swift_bic"),
    ("SWIFT code for your transfer: NWBKGB2L", "swift_bic"),
    ("AB-12-34-56-C", "national_id"),
    ("NINO: AB.12.34.56.C", "national_id"),
    ("B A L A N C E: SAR 12,345.67", "balance"),
    ("S O L D E : 12 345,67 EUR", "balance"),
    ("ر ص ي د ك: 12,345.67 ريال", "balance"),
    ("B\u00a0A\u00a0L\u00a0A\u00a0N\u00a0C\u00a0E: SAR 12,345.67", "balance"),  # other spaces
    ("S\u2009W\u2009I\u2009F\u2009T: RJHISARI", "swift_bic"),  # no digit at all
    ("B A\u00a0L A N C E: SAR 12,345.67", "balance"),
    ("S W I\u2005F T: RJHISARI", "swift_bic"),
    ("SSN:\n536\n22\n1234", "national_id"),
    ("Your national id:\n108\n765\n432\n1", "national_id"),
    ("رقم الهوية:\n108\n765\n432\n1", "national_id"),
]

#: Benign messages that look like the leaks above.
LOOK_ALIKES = [
    "Use code SPIN2024 at checkout",
    "promo code PIN4821 for 10% off",
    "OTP1 sent to your phone",
    "Press 1 2 3 to continue",
    "Your PIN has 4 digits: choose 4 different digits, not 1 2 3 4",
    "Rooms 1 2 3 4 are booked",
    "This offer expires Dec 2027",
    "The promotion expires December 2027",
    "Your card expires on 31 December 2027",
    "Sessions expire at 12 30 each night",
    "Link expires 12 27",
    "Statement schedule: 12 27 every month; your card expires soon",
    "Your passport expires December 2027; renew your iqama",
    "We support swift payments to all banks",
    "swift transfer is available 24/7",
    "SWIFT code is required for international transfers",
    "Le code BIC est obligatoire",
    "The BIC: provided by your bank",
    "We use SWIFT for all transfers. NWBKGB2L is not relevant",
    "Ref QQ-12-34-56-C",
    "Item AB-12-34-56-E",
    "B A L A N C E your life with our app",
    "B A L A N C E\nT R A N S F E R offers from 0% fee",
    "Plan A B C costs SAR 12.50",
    "Iqama renewal fees:\n100\n200\n300",
    "Your national id:\n10:00\n16:00",
    "Branches near you:\n4512\n4105\n0123",
    "Verification code steps ① ② ③ ④ ⑤ ⑥",
    "سويفت: التحويلات الدولية OVERSEAS",
    "Your security code: see steps 1 2 3 in the app",
]


def _record(text: str, ensure_ascii: bool = False) -> EgressRecord:
    body = json.dumps(
        {"recipient": {"id": "24012345678901234"}, "message": {"text": text}},
        ensure_ascii=ensure_ascii,
    )
    return EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)


def _categories(full: Guard, record: EgressRecord) -> list[str]:
    full.reset()
    return sorted({finding.category for finding in full.scan(record)})


@pytest.mark.parametrize("use_hyperscan", ENGINES)
@pytest.mark.parametrize(("text", "category"), LEAKS, ids=[t for t, _ in LEAKS])
def test_the_leak_is_found_and_never_passed_quickly(
    checkers: Callable[[bool], tuple[QuickCheck, Guard]],
    use_hyperscan: bool,
    text: str,
    category: str,
) -> None:
    quick, full = checkers(use_hyperscan)
    for ensure_ascii in (False, True):
        record = _record(text, ensure_ascii)
        assert _categories(full, record) == [category], text
        assert not quick.clean(record, record.host)[0], text


@pytest.mark.parametrize("use_hyperscan", ENGINES)
@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_the_look_alike_is_benign(
    checkers: Callable[[bool], tuple[QuickCheck, Guard]], use_hyperscan: bool, text: str
) -> None:
    _, full = checkers(use_hyperscan)
    assert _categories(full, _record(text)) == [], text


def test_the_whole_guard_finds_the_leaks_and_masks_them() -> None:
    """``Guard()`` as users make it (quick check and memo on), the same request twice; the
    finding's excerpt never shows the value."""
    guard = Guard()
    for text, category in LEAKS:
        for _ in range(2):
            findings = guard.scan(_record(text))
            assert category in [f.category for f in findings], text
            for finding in findings:  # at most a BIC's country shows
                assert sum(c.isalnum() for c in finding.masked) <= 2, (text, finding.masked)
