"""A statement line is a transaction, with no word to say so.

``05/03 Panda Hypermarket -SAR 320.00``, ``Netflix SAR 39.99 on 01/03`` or a carousel whose
titles are merchants and subtitles ``SAR 320.00 · 05/03``: a bot listing a customer's spending
needs no "transaction" or "purchase" word, and the guard used to pass it. An amount to the
cent, with its currency or a sign, and its day on its line with nothing between them but
separators, ``on`` or a merchant's name make one (``transaction.detect_statement_line``),
unless an offer, a fee, a price, a deadline, a market figure or a conversion is said there.

Each is checked with the quick check on and off (the ``guards`` fixture): the quick check
sends a day near an amount to the cent to the full scan (``quick.patterns.STATEMENT``).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.boundary.detectors import transaction
from mockmessenger.records import EgressRecord

Categories = Callable[[Guard, str], list[str]]

LEAKS = [
    "SAR 320.00 at Panda Hypermarket on 05/03/2026",
    "Netflix SAR 39.99 on 01/03",
    "05/03 Panda Hypermarket SAR 320.00",
    "05/03 PANDA RIYADH -320.00 SAR",
    "Panda Hypermarket 05/03: SAR 320.00",
    "Here you go:\n05/03 Panda -SAR 320.00\n04/03 Jarir -SAR 1,249.00",
    "Last 3: Panda SAR 320.00 (05/03), Jarir SAR 1,249.00 (04/03)",
    "02/03 Salary +SAR 18,500.00",
    "٠٥/٠٣ بنده ٣٢٠٫٠٠ ريال",
    "بنده 320.00 ريال بتاريخ 05/03",
    "05/03 Carrefour 42,90 €",
    "Amazon.sa SAR 159.00 05/03/2026",
    "Uber 23.50 SAR yesterday",
    "SAR 320.00 · 05/03",
    "2026-03-05 Starbucks $12.45",
    "05.03.2026 REWE 23,80 €",
]

BENIGN = [
    "Free delivery on orders over SAR 100.00 at Panda until 05/03",
    "Netflix from SAR 39.99 a month, starting 01/03",
    "Open Saturday 05/03 at Riyadh Park, fees from SAR 10.00",
    "Our Jarir offer: SAR 1,249.00 for the iPad until 04/03",
    "Transfer fee SAR 5.00 from 01/03",
    "Annual fee SAR 250.00 waived until 31/12",
    "Price list updated 01/03: Gold card SAR 300.00, Platinum SAR 900.00",
    "Ramadan deal: Panda vouchers SAR 100.00 on 05/03",
    "USD 1.00 = SAR 3.75 (05/03)",
    "Gold price today 05/03: SAR 245.50/g",
    "Appointment 05/03 at 10.30",
    "Branch hours 05/03: 09.00 - 17.00",
    "Invoice INV-2026-03 SAR 1,150.00 due 05/03",
    "Dividends 05/03: SAR 0.85 per share",
    "Minimum payment SAR 320.00 on 05/03",
    "سعر الصرف 05/03: 3.75 ريال",
    "Prix au 05/03 : 12,50 €",
    "Cours de l'euro au 05/03 : 1,08 $",
    "Hilton 4/5 SAR 450.00",
    "TASI closed at 12,345.67 on 05/03",
    "Draw on 05/03: win SAR 5,000.00",
    "Your order #4821 of 05/03 ships tomorrow; SAR 320 was the list price",
]


@pytest.mark.parametrize("text", LEAKS)
def test_a_statement_line_is_a_transaction(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert "transaction" in categories(guard, text)


@pytest.mark.parametrize("text", BENIGN)
def test_dated_prices_offers_and_quotes_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []


def _carousel(rows: list[tuple[str, str]]) -> bytes:
    elements = [{"title": title, "subtitle": subtitle} for title, subtitle in rows]
    message = {
        "attachment": {
            "type": "template",
            "payload": {"template_type": "generic", "elements": elements},
        }
    }
    return json.dumps(
        {"recipient": {"id": "24012345678901234"}, "message": message}, ensure_ascii=False
    ).encode()


def _paths(guard: Guard, body: bytes) -> list[tuple[str, str]]:
    guard.reset()
    record = EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/messages",
        {"content-type": "application/json"},
        body,
    )
    return sorted((f.category, f.path) for f in guard.scan(record))


def test_a_carousel_of_spending_is_found_in_every_subtitle(guards: list[Guard]) -> None:
    body = _carousel([
        ("Panda Hypermarket", "SAR 320.00 · 05/03"),
        ("Jarir Bookstore", "SAR 1,249.00 · 04/03"),
    ])  # fmt: skip
    subtitles = "$.message.attachment.payload.elements[{}].subtitle"
    for guard in guards:
        assert _paths(guard, body) == [
            ("transaction", subtitles.format(0)),
            ("transaction", subtitles.format(1)),
        ]


def test_a_carousel_of_offers_stays_clean(guards: list[Guard]) -> None:
    body = _carousel([
        ("Panda Hypermarket", "10% cashback until 05/03"),
        ("Jarir Bookstore", "iPad from SAR 1,249.00 until 04/03"),
        ("Gold card", "Annual fee SAR 300.00 · new from 01/03"),
    ])  # fmt: skip
    for guard in guards:
        assert _paths(guard, body) == []


def test_the_quick_check_reaches_as_far_as_the_detector(
    guards: list[Guard], categories: Categories
) -> None:
    """The longest gap the detector allows (four Arabic names of 20 letters, two bytes each,
    and every separator) is within the quick check's statement reach."""
    name = " ".join(["ب" * 20] * 4)
    for text in (
        f"05/03 ({name}) :- SAR -320.00",
        f"SAR 320.00 ,- لدى {name} ·- بتاريخ :- 05/03",
        f"320.00 ريالات :- لدى {name} :- في :- 05/03/2026",
    ):
        gap = len(text) - len("05/03") - len("320.00")
        assert gap <= transaction.STATEMENT_GAP + len("05/03/2026")
        for guard in guards:
            assert categories(guard, text) == ["transaction"], text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-SAR 320.00", ["transaction"]),
        ("SAR -320.00", ["transaction"]),
        ("+SAR 18,500.00", ["transaction"]),
        ("-٣٢٠٫٠٠ ريال", ["transaction"]),
        ("−42,90 €", ["transaction"]),
        ("Panda Hypermarket\n-SAR 320.00", ["transaction"]),
        ("-SAR 50.00 off", []),
        ("-SAR 50.00 discount", []),
        ("+SAR 5.00 per transfer", []),
        ("-50% off", []),
        ("+966 800 123 4567", []),
        ("Rate change: -0.25", []),
    ],
)
def test_a_signed_amount_alone_on_its_line_is_a_statement_entry(
    guards: list[Guard], categories: Categories, text: str, expected: list[str]
) -> None:
    """A debit or a credit printed alone (a carousel's subtitle under the merchant's name, a
    line of its own) needs no day: ``-SAR 320.00``. An offer said with it does."""
    for guard in guards:
        assert categories(guard, text) == expected


def test_a_carousel_of_signed_entries_is_found_in_every_subtitle(guards: list[Guard]) -> None:
    body = _carousel([("Panda Hypermarket", "-SAR 320.00"), ("الاتصالات", "-٤١٢٫٣٥ ريال")])
    subtitles = "$.message.attachment.payload.elements[{}].subtitle"
    for guard in guards:
        assert _paths(guard, body) == [
            ("transaction", subtitles.format(0)),
            ("transaction", subtitles.format(1)),
        ]
