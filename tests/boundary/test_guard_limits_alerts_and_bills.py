"""Amounts a limit, a card alert or a bill names: each passed the guard before.

- What is available said after the card's limit (``Credit limit: SAR 20,000 | Available: SAR
  4,310.22``, ``Your credit limit is SAR 20,000 and you have SAR 4,310.22 available``): the
  limit word named the limit, not the amount after it, once another number stands between
  them and a balance word stands right at the amount.
- What the customer owns said with a possessive, a short noun phrase and a verb or a colon,
  the amount with its currency (``Your SEC bill is SAR 412.35``, ``Your arrears are SAR
  4,290.00``, ``Your wallet has SAR 84.10``, ``وديعتك 50,000 ريال``): no context word names
  a bill, a deposit or a savings pot (``detectors.owned``).

Offers, bounds and the bank's own figures said with the same words stay clean. Each is checked
with the quick check on and off (the ``guards`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard

Categories = Callable[[Guard, str], list[str]]

LEAKS = [
    ("Your credit limit is SAR 20,000 and you have SAR 4,310.22 available", "balance"),
    ("Your credit limit is SAR 20,000, of which SAR 4,310.22 is available", "balance"),
    ("Credit limit: SAR 20,000 | Available: SAR 4,310.22", "balance"),
    ("Limit SAR 20,000.00, available SAR 4,310.22", "balance"),
    ("Your card limit is SAR 20,000 and SAR 4,310.22 is still available", "balance"),
    ("Plafond : 3 000,00 € | Disponible : 1 245,80 €", "balance"),
    ("Your SEC bill is SAR 412.35", "balance"),
    ("Your water bill: SAR 96.20", "balance"),
    ("Your WE bill this month is 650 EGP", "balance"),
    ("Your arrears are SAR 4,290.00", "balance"),
    ("Your early settlement amount is SAR 84,902.55", "balance"),
    ("Your wallet has SAR 84.10", "balance"),
    ("Your share of the dinner: SAR 85.50", "balance"),
    ("Your traffic violations total SAR 1,500", "balance"),
    ("Your Tabby installment of SAR 358.25 is due tomorrow", "balance"),
    ("Your car loan EMI of ₹18,450 is due on 5th", "balance"),
    ("Your claim of 2,999 SAR at Extra on 12 March is being investigated", "balance"),
    ("Votre épargne logement : 8 400,00 €", "balance"),
    ("وديعتك 50,000 ريال تستحق في 30 يونيو", "balance"),
    ("أرباح وديعتك 1,275 ريال", "balance"),
    ("محفظتك: ٨٤٫١٠ ريال", "balance"),
]

BENIGN = [
    "Credit limit: SAR 20,000 | Available from SAR 5,000 salary",
    "Daily limit SAR 5,000; available 24/7 in the app",
    "Transfer limit SAR 20,000 per day, available to all customers",
    "Fees: SAR 20 per transfer, free if your balance is above SAR 5,000",
    "Gold card: limit SAR 30,000, available to salaries above SAR 15,000",
    "Limit SAR 10,000. If you have SAR 5,000.00 available, you qualify",
    "Annual fee SAR 250; also available: a second card for SAR 100",
    "Your annual fee is SAR 250",
    "Your welcome bonus of SAR 200 is waiting for you",
    "Your card costs SAR 300 a year",
    "Your transfer limit is SAR 5,000 per day",
    "Your first transfer of up to SAR 5,000 is free",
    "Your rating is 4.50",
    "Your chance to win SAR 10,000!",
    "Your minimum deposit is SAR 1,000",
    "Your referral reward: SAR 50",
    "Your estimated instalment is SAR 1,180",
    "Your package is SAR 99 only",
    "Your subscription is SAR 30 per month",
    "Invite your friends: SAR 50 for each friend who joins",
    "Your order number is 12345678",
    "Votre frais de tenue de compte est de 5,00 €",
    "رسوم بطاقتك 300 ريال سنويا",
    "هديتك 100 ريال بانتظارك",
    "مكافأتك 50 ريال عند التسجيل",
    "بطاقتك الجديدة ستصل خلال 5 أيام",
]


@pytest.mark.parametrize(("text", "category"), LEAKS)
def test_limits_alerts_and_bills_are_found(
    guards: list[Guard], categories: Categories, text: str, category: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == [category]


@pytest.mark.parametrize("text", BENIGN)
def test_the_banks_own_limits_and_offers_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []
