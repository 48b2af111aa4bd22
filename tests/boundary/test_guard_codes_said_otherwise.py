"""One-time codes and PINs said in other orders: each passed the guard before.

- the code first, named after it (``482913 is your verification code``, ``558102 هو رمز
  التحقق الخاص بك``): a bare ``code`` only with nothing but ``is your`` between;
- a code the customer is told to use to sign in or confirm (``Use 558102 to log in``,
  ``استخدم 558102 لتسجيل الدخول``), whatever it is called;
- a PIN set to a value (``Your MPIN has been reset to 482913``; ``to`` alone says where a
  code is sent), and the Arabic ``رقمك السري``.

Numbers named so that are no secret stay clean. Each is checked with the quick check on and
off (the ``guards`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard

Categories = Callable[[Guard, str], list[str]]

LEAKS = [
    "482913 is your verification code",
    "482913 is your one-time password. Do not share it.",
    "558102 is your code",
    "558102 هو رمز التحقق الخاص بك",
    "Use 558102 to log in",
    "Enter 482913 to verify this device",
    "Utilisez 558102 pour vous connecter",
    "استخدم 558102 لتسجيل الدخول",
    "Your MPIN has been reset to 482913",
    "Your PIN was changed to 4821",
    "رقمك السري الجديد 4821",
]

BENIGN = [
    "Customer ID (CID) 4521 is your branch's internal code",
    "Ticket 558102 is your case number",
    "Order 48291377 is your latest purchase",
    "Use 12345 to track your order",
    "Call 800 124 4444 to verify your identity",
    "Use 2 digits to sign in",
    "4 is your lucky number",
    "Your code is valid for 5 minutes",
    "We sent the code to 0551234567",
    "2026 is your year: verify your details today",
]


@pytest.mark.parametrize("text", LEAKS)
def test_codes_named_after_or_used_to_sign_in_are_found(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == ["credential"]


@pytest.mark.parametrize("text", BENIGN)
def test_numbers_named_otherwise_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []
