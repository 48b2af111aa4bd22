"""An account named as an amount's label makes the amount its balance.

``Savings: SAR 52,000.00 · Current: SAR 3,210.55`` and ``Account ending 4821: SAR 8,432.10``
are how a bot lists a customer's balances, with no "balance" word: the guard passed them. An
amount with its currency or cents right after a label opening its line, clause or list item,
made of account kinds (``context.ACCOUNT_KINDS``), the account's last digits or a mask, and a
colon or a dash, is a balance (``balance.detect_labelled``), unless it is a figure the bank
sets (a fee, a minimum, "a month").

Each is checked with the quick check on and off (the ``guards`` fixture): the quick check has
a rule for account kinds near amounts (``quick.rules``).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

Categories = Callable[[Guard, str], list[str]]

LEAKS = [
    "Sure! Savings: SAR 52,000.00 · Current: SAR 3,210.55",
    "Sure! Savings: SAR 52,000.00",
    "Your accounts: Savings: SAR 52,000.00",
    "الحساب الجاري: 3,210.55 ريال",
    "Account ending 4821: SAR 8,432.10",
    "Current ••4821 – SAR 3,210.55",
    "Your accounts:\nSavings (****4821): SAR 52,000.00\nCurrent (****1234): SAR 3,210.55",
    "حساب التوفير: 52,000 ريال",
    "الجاري: 3,210.55 ريال",
    "Compte courant : 3 210,55 €",
    "Checking account #4821 — $3,210.55",
]

BENIGN = [
    "Account opening fee: SAR 0",
    "Savings rate: 3.5%",
    "Current offers: SAR 50 cashback on groceries",
    "Savings: up to SAR 500 a year with our card",
    "Open a savings account: SAR 500 minimum deposit",
    "Savings account: minimum balance SAR 3,000",
    "Current account: SAR 0 monthly fee",
    "Account: SAR 25 a month for premium",
    "Savings: SAR 500 a month for 12 months gets you SAR 6,000",
    "حساب التوفير: الحد الأدنى 3,000 ريال",
    "Compte courant : 2 € par mois",
    "Checking account – $0 monthly maintenance",
    "Current: SAR 10 per transfer",
    "Open your account today – SAR 100 welcome bonus",
]


@pytest.mark.parametrize("text", LEAKS)
def test_an_amount_labelled_with_an_account_is_its_balance(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == ["balance"]


@pytest.mark.parametrize("text", BENIGN)
def test_account_fees_rates_and_offers_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []


def _carousel_record(elements: list[dict[str, str]]) -> EgressRecord:
    message = {
        "attachment": {
            "type": "template",
            "payload": {"template_type": "generic", "elements": elements},
        }
    }
    body = json.dumps({"recipient": {"id": "24012345678901234"}, "message": message})
    return EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/messages",
        {"content-type": "application/json"},
        body,
    )


def test_account_titles_over_chatter_pass_the_quick_check() -> None:
    """A product carousel titled with account kinds, a phone number or a date and a price in
    other elements, is certainly clean to the hyperscan quick check: the label and statement
    patterns look inside one JSON string, as the detectors look inside one line."""
    pytest.importorskip("hyperscan")
    elements = [
        {"title": "Current account", "subtitle": "Call us on +1 800 555 5234 if you need us."},
        {"title": "Savings", "subtitle": "Your order #45309694 should arrive by 2026-05-20."},
        {"title": "الحساب الجاري", "subtitle": "The savings rate is 3.5% a year; cards 25.03."},
    ]
    quick = QuickCheck(Policy.default(), use_hyperscan=True)
    record = _carousel_record(elements)
    assert quick.clean(record, record.host)[0]
    elements[0]["subtitle"] = "Current account: SAR 3,210.55"
    record = _carousel_record(elements)
    assert not quick.clean(record, record.host)[0]
