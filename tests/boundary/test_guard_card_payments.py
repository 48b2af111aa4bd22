"""A card payment said without a transaction word is a transaction.

``Your Mada card: SAR 320 at Panda on 05/03`` names an amount, a card, a merchant and a day,
and no word such as "purchase" or "debit": the transaction detector used to pass it. An
amount with its currency or cents, a card word within the amount words' reach, and a merchant
right after it or a day in its clause make a card payment (``transaction.detect_card_payment``)
unless an offer, a fee, a call to spend or a bound is said with it.

Each is checked with the quick check on and off (the ``guards`` fixture): the quick check
has a rule for card words near amounts (``quick.rules``), so it never passes what this finds.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard

Categories = Callable[[Guard, str], list[str]]


LEAKS = [
    "Your Mada card: SAR 320 at Panda on 05/03",
    "Your card ending 1111 was used for SAR 320 at Panda",
    "Carte : 42,90 € chez Monoprix le 05/03",
    "بطاقة مدى: 320 ريال لدى بنده بتاريخ 05/03",
    "Visa ****1111 — AED 1,249.00 yesterday",
]

BENIGN = [
    "Card replacement: SAR 30 at any branch",
    "Annual card fee SAR 300 from 01/01",
    "Your card will be delivered on 05/03; activation costs SAR 0",
    "Mada card payments up to SAR 5,000 daily",
    "Visa Signature: SAR 500 annual fee, free lounge at Riyadh airport",
    "Pay SAR 100 with your card at Jarir before 30/06 to enter the draw",
    "Spend SAR 500 with your card at Jarir by 30/06 and get SAR 50 back",
    "Use your Mada card: SAR 20 off at Panda on 05/03",
    "Carte Visa : 2 € de frais à l'étranger dès le 01/07",
    "Your card is ready at the Olaya branch; delivery fee SAR 25",
    "Lunch offer: SAR 25 at participating cafes on weekdays",
    "Concert tickets SAR 250 at the King Fahd stadium on 12/05",
]


@pytest.mark.parametrize("text", LEAKS)
def test_a_card_payment_is_a_transaction(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert "transaction" in categories(guard, text)


@pytest.mark.parametrize("text", BENIGN)
def test_card_offers_fees_and_prices_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []
