"""Salaries, spending, standing orders and what is left: words a bot says them with.

- ``salary``, ``salaire``, ``راتبك``, ``الراتب``, ``standing order``, ``direct debit``,
  ``prélèvement``, ``أمر مستديم`` and the customer's expenses (``مصروفاتك``, ``مصاريفك``,
  ``نفقاتك``) are transaction words: ``Your salary of SAR 18,500.00 arrived this morning``,
  ``مجموع مصروفاتك هذا الشهر 6,912.44 ريال`` passed the guard.
- ``remaining``, ``restant``, ``المتبقي``, ``account shows``, ``as of today`` and ``à ce jour``
  are loose balance words (an amount right at one is a balance): ``Your loan has SAR 84,300.00
  remaining``.
- A reward right before its amount (``and get SAR 500``, ``واحصل على 500 ريال``) is an offer's
  prize; a fee or limit word cut short (``Min. salary SAR 4,000``) still names the figure; a
  bound after an amount (``4,000 ريال وما فوق``) is a bound.

Each is checked with the quick check on and off (the ``guards`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard

Categories = Callable[[Guard, str], list[str]]

LEAKS = [
    ("Your salary of SAR 18,500.00 arrived this morning.", "transaction"),
    ("راتبك 18,500 ريال وصل اليوم", "transaction"),
    ("مجموع مصروفاتك هذا الشهر 6,912.44 ريال", "transaction"),
    ("Your standing order of SAR 1,500.00 to Landlord runs on the 1st.", "transaction"),
    ("Your direct debit to STC: SAR 412.35", "transaction"),
    ("Votre salaire de 3 200,00 € est arrivé", "transaction"),
    ("Your loan has SAR 84,300.00 remaining.", "balance"),
    ("Hi Sara, your current account shows SAR 8,432.10 as of today.", "balance"),
    ("Il vous reste 1 204,30 € à ce jour", "balance"),
    ("قرضك: المتبقي 84,300.00 ريال", "balance"),
    ("You received SAR 500 and get SAR 20 cashback", "transaction"),
]

BENIGN = [
    "Transfer your salary to us and get SAR 500 cashback",
    "Salary transfer accounts: minimum salary SAR 5,000",
    "Salary advance up to SAR 50,000 at 0% for 3 months",
    "حوّل راتبك واحصل على 500 ريال",
    "تمويل شخصي لأصحاب الرواتب فوق 5,000 ريال",
    "Only 3 days remaining to get SAR 100 cashback",
    "As of today, transfers above SAR 10,000 need approval",
    "As of today the transfer fee is SAR 10",
    "Set up a standing order from SAR 100 a month",
    "Direct debit fee: SAR 5.00",
    "تتبع مصاريفك بسهولة مع تطبيقنا، الاشتراك 10 ريال شهريا",
    "Le prélèvement SEPA est gratuit, sinon 2 € par opération",
    "Votre salaire domicilié chez nous : jusqu'à 500 € offerts",
    "Min. salary SAR 4,000",
    "Min. balance SAR 3,000",
    "الراتب 4,000 ريال وما فوق",
    "Win SAR 5,000 in our draw",
    "Earn SAR 50 for every friend",
    "Gagnez 50 € pour chaque ami parrainé",
]


@pytest.mark.parametrize(("text", "category"), LEAKS)
def test_salaries_spending_and_what_is_left_are_found(
    guards: list[Guard], categories: Categories, text: str, category: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == [category]


@pytest.mark.parametrize("text", BENIGN)
def test_salary_offers_rewards_and_bounds_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []
