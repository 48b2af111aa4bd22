"""Numbers written in words: each passed the guard before, since detectors read digits only.

- English, French and Arabic (standard, Gulf and Egyptian) number words read as one number
  (``three thousand two hundred``, ``ثلاثة آلاف ومئتان``, ``ألفين وثلاثمية``, ``trois mille
  deux cents``), digits with a multiplier (``12 thousand``, ``١٢ ألف``, ``3.2k``), and digits
  said one by one (``four eight two one``): the normaliser writes their digits in place of the
  phrase (``numwords``), mapped back to it.
- One number word alone stays a word (``ألف مبروك``, ``option one``, ``four digit PIN``), and
  the quick check passes such chatter without the full scan.

Each leak and each clean text is checked with the quick check on and off (``guards``).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.boundary.normalize import normalize
from mockmessenger.boundary.numwords import readings
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

Categories = Callable[[Guard, str], list[str]]

GRAPH = "https://graph.facebook.com/v25.0/me/messages"

#: (text, category, the value's digits)
LEAKS = [
    ("Your balance is 12 thousand riyals", "balance", "12000"),
    ("Your balance is three thousand two hundred riyals", "balance", "3200"),
    ("Your balance is SAR three thousand two hundred and fifty", "balance", "3250"),
    (
        "Your available balance: three thousand, two hundred dollars and fifteen cents",
        "balance",
        "3200",
    ),
    ("You received two thousand three hundred riyals from Ahmed", "transaction", "2300"),
    ("You spent one thousand two hundred and fifty riyals at Jarir", "transaction", "1250"),
    ("Your balance is SAR 3.2k", "balance", "3200"),
    ("Your balance is about 3.4k SAR", "balance", "3400"),
    ("Your PIN is four eight two one", "credential", "4821"),
    ("Your CVV is one two three", "card_cvv", "123"),
    (
        "Card number four one one one one one one one one one one one one one one one",
        "card_number",
        "4111111111111111",
    ),
    ("رصيدك ١٢ ألف ريال", "balance", "12000"),
    ("رصيدك ثلاثة آلاف ريال", "balance", "3000"),
    ("رصيدك ثلاثة آلاف ومئتان ريال", "balance", "3200"),
    ("رصيدك خمسة آلاف وخمسمائة جنيه", "balance", "5500"),
    ("رصيدك اثنا عشر ألفاً وأربعمائة درهم", "balance", "12400"),
    ("وصلك ألفين وثلاثمية جنيه من منى", "transaction", "2300"),
    ("اتخصم منك ستمية وخمسين جنيه", "transaction", "650"),
    ("Votre solde est de trois mille deux cents euros", "balance", "3200"),
]

BENIGN = [
    "We have over one thousand branches",
    "Transfers up to five thousand riyals are free",
    "Call us twenty four seven",
    "one of our two hundred ATMs",
    "ألف مبروك",
    "شكرا ألف مرة",
    "أهلا بك في فرعنا رقم ثلاثة",
    "Choose option one or two",
    "Enter your four digit PIN",
    "Your PIN has four digits",
]


@pytest.mark.parametrize(("text", "category", "digits"), LEAKS)
def test_numbers_in_words_are_found(
    guards: list[Guard], categories: Categories, text: str, category: str, digits: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == [category]


@pytest.mark.parametrize("text", BENIGN)
def test_number_words_in_chatter_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []


def _record(text: str) -> EgressRecord:
    body = json.dumps(
        {"recipient": {"id": "24012345678901234"}, "message": {"text": text}}, ensure_ascii=False
    )
    return EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)


@pytest.mark.parametrize(("text", "category", "digits"), LEAKS)
def test_findings_point_at_the_phrase_and_never_show_the_value(
    text: str, category: str, digits: str
) -> None:
    guard = Guard()
    findings = [f for f in guard.scan(_record(text)) if f.category == category]
    assert findings
    for finding in findings:
        assert digits not in finding.masked
        assert digits[:-4] not in finding.masked.replace("\u2022", "") or len(digits) <= 4
        assert not any(c.isalpha() for c in finding.masked)  # no word of the phrase either
        assert finding.span is not None
        start, end = finding.span
        phrase = text[start:end]
        assert phrase.strip() == phrase and phrase
        # the span covers the phrase's words (not a digit of the normalised text)
        assert normalize(phrase).text.replace(" ", "").endswith(digits[-3:])


@pytest.mark.parametrize(
    ("text", "phrase", "digits"),
    [
        ("Your balance is three thousand two hundred riyals", "three thousand two hundred", "3200"),
        (
            "SAR three thousand two hundred and fifty",
            "three thousand two hundred and fifty",
            "3250",
        ),
        ("balance: three thousand, two hundred dollars", "three thousand, two hundred", "3200"),
        (
            "one million two hundred thousand and five",
            "one million two hundred thousand and five",
            "1200005",
        ),
        ("twelve hundred", "twelve hundred", "1200"),
        ("Twenty-Four", "Twenty-Four", "24"),
        ("about 12 thousand", "12 thousand", "12000"),
        ("SAR 3.2k", "3.2k", "3200"),
        ("SAR 1,500k", "1,500k", "1500000"),
        ("1.5 million", "1.5 million", "1500000"),
        ("PIN four eight two one", "four eight two one", "4821"),
        ("zero five five", "zero five five", "055"),
        ("call us twenty four seven", "twenty four seven", "24 7"),
        ("trois mille deux cents", "trois mille deux cents", "3200"),
        ("quatre-vingt-dix-neuf euros", "quatre-vingt-dix-neuf", "99"),
        ("soixante et onze", "soixante et onze", "71"),
        ("dix-sept mille", "dix-sept mille", "17000"),
        ("cent mille euros", "cent mille", "100000"),
        ("un million", "un million", "1000000"),
        ("ثلاثة آلاف ومئتان", "ثلاثة آلاف ومئتان", "3200"),
        ("اثنا عشر ألفا وأربعمائة", "اثنا عشر ألفا وأربعمائة", "12400"),
        ("مئة وخمسة وعشرون", "مئة وخمسة وعشرون", "125"),
        ("خمسة وعشرون ألف", "خمسة وعشرون ألف", "25000"),
        ("وصلك ألفين وثلاثمية جنيه", "ألفين وثلاثمية", "2300"),
        ("ستمية وخمسين", "ستمية وخمسين", "650"),
        ("ألفين", "ألفين", "2000"),
        ("مليون وألفين", "مليون وألفين", "1002000"),
        ("12 ألف ريال", "12 ألف", "12000"),
        ("واحد اثنين ثلاثة", "واحد اثنين ثلاثة", "123"),
        ("حداشر ألف", "حداشر ألف", "11000"),
    ],
)
def test_the_reader_reads_values_and_their_spans(text: str, phrase: str, digits: str) -> None:
    (reading,) = readings(text)
    assert reading.digits == digits
    assert text[reading.start : reading.end] == phrase


@pytest.mark.parametrize(
    "text",
    [
        "one",
        "Choose option one or two",
        "Enter your four digit PIN",
        "ألف مبروك",
        "شكرا ألف مرة",
        "رقم ثلاثة",
        "six cents",  # English cents, not French hundreds
        "fifteen cents",
        "12 cents",
        "page 2 of 10",
        "4k video",  # read (3.2k is), but nothing around it makes it a value
    ][:-1],
)
def test_words_alone_are_no_number(text: str) -> None:
    assert readings(text) == []


def test_the_normalised_text_maps_digits_back_to_the_phrase() -> None:
    text = "رصيدك ثلاثة آلاف ومئتان ريال و ١٢ ألف"
    normalized = normalize(text)
    assert normalized.text == "رصيدك 3200 ريال و 12000"
    start = normalized.text.index("3200")
    assert text[slice(*normalized.to_original(start, start + 4))] == "ثلاثة آلاف ومئتان"
    start = normalized.text.index("12000")
    assert text[slice(*normalized.to_original(start, start + 5))] == "١٢ ألف"
    # an invisible character before the phrase (one for none) and the words (many for few)
    text = "Bal\u200bance: three thousand two hundred"
    normalized = normalize(text)
    assert normalized.text == "Balance: 3200"
    assert text[slice(*normalized.to_original(9, 13))] == "three thousand two hundred"
    assert text[slice(*normalized.to_original(0, 7))] == "Bal\u200bance"


@pytest.mark.parametrize("engine", [True, False], ids=["hyperscan", "pure-python"])
def test_the_quick_check_passes_a_number_word_alone_and_never_a_phrase(engine: bool) -> None:
    if engine:
        pytest.importorskip("hyperscan")
    guard = Guard(use_hyperscan=engine)
    quick = QuickCheck(guard.policy, engine)
    for text in ["ألف مبروك", "Choose option one or two", "Visit one of our ATMs"]:
        record = _record(text)
        assert quick.clean(record, record.host)[0], text
    for text, _, _ in LEAKS:
        record = _record(text)
        assert not quick.clean(record, record.host)[0], text
    # escaped in JSON, split by a tab
    body = '{"message": {"text": "Your balance is three\\tthousand riyals"}}'
    record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)
    assert not quick.clean(record, record.host)[0]
