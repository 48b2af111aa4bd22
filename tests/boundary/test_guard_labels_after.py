"""A label after a number names that number only when nothing else claims the label.

``Your account number 0112345678. Hotline: 800 123 4567`` puts "hotline" two characters after
the account number, nearer than the word "account" before it; but the label begins another
sentence and names the number after it. Such a word named the account number a phone line, and
the leak passed. A label after a number counts for it only in its sentence and line, and only
when no other number follows the label there (which it would name instead).

A fee word after an amount is read the same way: ``Your balance is SAR 12,345.67, fee SAR 15``
was no finding, the fee nearer than the balance word though it names SAR 15.

Each is checked with the quick check on and off (the ``guards`` fixture): the quick check must
not call clean what the full scan now finds.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard

Categories = Callable[[Guard, str], list[str]]


LEAKS = [
    "Your account number 0112345678. Direct line: 800 123 4567",
    "Your account number 0112345678 (direct line for help: 800 123 4567)",
    "Your account number 0112345678 (hotline for help: 800 123 4567)",
    "Your account number 0112345678! Hotline 0550000000",
    "Your account number 0112345678\nPhone: 0550000000",
    "Votre numéro de compte 0112345678. Ligne directe : 01 23 45 67 89",
    "رقم حسابك 0112345678. الخط المباشر: 920000000",
]

BENIGN = [
    "Account manager direct line 0112345678",
    "For account queries, 0112345678 (hotline)",
    "Account services: 0112345678 hotline",
    "Conseiller compte : 0112345678, ligne directe",
]


@pytest.mark.parametrize("text", LEAKS)
def test_a_label_naming_another_number_leaves_the_account_number_found(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert "account_number" in categories(guard, text)


@pytest.mark.parametrize("text", BENIGN)
def test_a_label_naming_the_number_still_makes_it_a_phone_line(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []


#: A fee word after an amount names the amount after it, not the customer's balance before it.
FEE_LEAKS = [
    "Your balance is SAR 12,345.67, fee SAR 15",
    "Your balance is SAR 1,000: fee SAR 15",
    "Votre solde est de 12 345,67 €, frais 15 €",
    "رصيدك 12,345.67 ريال، الرسوم 15 ريال",
]
FEE_BENIGN = [
    "Keep a balance below SAR 1,000 fee free",
    "Balance under SAR 500: monthly fee applies",
]


@pytest.mark.parametrize("text", FEE_LEAKS)
def test_a_fee_word_naming_the_next_amount_leaves_the_balance_found(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert "balance" in categories(guard, text)


@pytest.mark.parametrize("text", FEE_BENIGN)
def test_a_fee_word_naming_the_amount_before_it_keeps_it_the_banks(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []
