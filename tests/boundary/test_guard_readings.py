"""How the guard reads separators and look-alike characters: the same way whatever else a
request holds (tabs), pipes between a card's groups, look-alike letters for a card's digits or
an IBAN's letters, and no fold across two fields.

Every case runs with both engines, with the quick check on and off, and the quick check is
asked on its own: it may never call a leak clean.
"""

from __future__ import annotations

import json
import random

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.canaries import CanaryMatcher, CustomerFactory
from mockmessenger.boundary.customers import Customer
from mockmessenger.boundary.normalize import normalize
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PSID = "24012345678901234"


def record(message: dict) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "message": message}, ensure_ascii=False)
    return EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)


def categories(engine: bool, item: EgressRecord, quick: bool = True) -> set[str]:
    guard = Guard(use_hyperscan=engine)
    if not quick:
        guard._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
    return {finding.category for finding in guard.scan(item)}


def assert_found(engine: bool, category: str, item: EgressRecord) -> None:
    assert category in categories(engine, item)
    assert category in categories(engine, item, quick=False)
    assert not QuickCheck(Policy.default(), engine).clean(item, item.host)[0]


def assert_clean(engine: bool, item: EgressRecord) -> None:
    assert categories(engine, item) == set()
    assert categories(engine, item, quick=False) == set()


# -- 1. a tab is read the same whatever else the request holds ---------------------------------

TABBED = [
    "Branch codes\n4123\t4567\t8901\t2349",  # words, no card word: a list (as with line breaks)
    "Card:\t4123\t4567\t8901\t2349",
    "4123\t4567\t8901\t2349",
    "Ref\t4123 4567 8901 2349",
]


def test_the_normaliser_keeps_a_tab_in_any_text() -> None:
    """A tab splits columns, as a line break or four spaces do: the scanner's wide reading
    decides about it. It was read as a space only in texts holding a non-ASCII character."""
    assert normalize("4123\t4567").text == "4123\t4567"
    assert normalize("4123\t4567 café").text == "4123\t4567 café"


@pytest.mark.parametrize("message", TABBED)
def test_an_unrelated_non_ascii_field_does_not_change_the_verdict(
    engine: bool, message: str
) -> None:
    plain = categories(engine, record({"text": message}), quick=False)
    accented = categories(engine, record({"text": message, "metadata": "café"}), quick=False)
    assert plain == accented
    assert categories(engine, record({"text": message, "metadata": "café"})) == accented


# -- 2. pipes between a card's groups -----------------------------------------------------------

PIPED_CARDS = [
    "4123|4567|8901|2349",
    "4123 | 4567 | 8901 | 2349",
    "Card 4123|4567|8901|2349",
    "Your card: 4123 | 4567 | 8901 | 2349",
    "4123|4567|89O1|2349",  # a letter O for a zero inside a group
]

BENIGN_PIPES = [
    "Quick amounts: SAR 500 | SAR 1,000",
    "Balance | Cards | Help",
    "1 | 2 | 3",
    "Choose 1|2|3|4",
    "Call 800|555|0199",
    "Codes 4123|4567|8901|2349",  # words, no card word: a list (as with tabs or line breaks)
]


def test_a_pipe_between_groups_is_a_separator_and_inside_a_group_a_one() -> None:
    assert normalize("4123|4567|8901|2349").text == "4123|4567|8901|2349"
    assert normalize("4|23 4567 89O| 2349").text == "4123 4567 8901 2349"
    # a pipe touching no digit separates columns, even in a run the fold reads
    assert normalize("500 € | 1 000 €").text == "500 € | 1 000 €"
    assert normalize("| 1 0O00").text == "| 1 0000"


@pytest.mark.parametrize("message", PIPED_CARDS)
def test_a_card_with_pipes_between_its_groups_is_found(engine: bool, message: str) -> None:
    assert_found(engine, "card_number", record({"text": message}))


@pytest.mark.parametrize("message", BENIGN_PIPES)
def test_pipes_in_menus_and_amounts_stay_clean(engine: bool, message: str) -> None:
    assert_clean(engine, record({"text": message}))


# -- 3. look-alike letters: l for 1 in a card, and letters Unicode lists as confusable ---------

LOOKALIKE_LEAKS = [
    ("card_number", "4lll llll llll llll"),
    ("card_number", "Card 4lll-llll-llll-llll"),
    ("card_number", "Card 4123 4567 8901 238 o"),  # a spaced look-alike, however the rest reads
    ("iban", "\u03dcR1420041010050500013M02606"),  # Greek digamma for F
    ("iban", "IBAN \ua4ddR1420041010050500013M02606"),  # Lisu letter tsa for F
    ("iban", "\u13daA0380000000608010167519"),  # Cherokee letter du for S
]

BENIGN_LOOKALIKES = [
    "Hello all, I'll call you at 4 ill or well",
    "llll llll llll llll",
    "Poll 4: all ill, Bill 2",
    "\u03b1\u03c1\u03b9\u03b8\u03bc\u03cc\u03c2 4 \u03c3\u03b5\u03b9\u03c1\u03ac 12",  # Greek words
    "\u0421\u0447\u0451\u0442 \u0431\u0430\u043d\u043a\u0430 3 \u0437\u0430\u044f\u0432\u043a\u0438",  # Russian
]


def test_a_card_shaped_run_with_one_digit_is_folded_and_words_are_not() -> None:
    assert normalize("4lll llll llll llll").text == "4111 1111 1111 1111"
    for words in ("Hello all ill", "llll llll llll llll", "all 4l"):
        assert normalize(words).text == words


def test_confusable_letters_read_as_the_latin_letter_and_never_as_a_digit() -> None:
    assert normalize("\u03dcR14").text == "FR14"
    # Cyrillic be and ze look like 6 and 3 but are letters of words: never digits
    assert not any(c.isdigit() for c in normalize("\u0431\u0430\u043d\u043a \u0417").text)


@pytest.mark.parametrize(("category", "message"), LOOKALIKE_LEAKS)
def test_look_alike_letters_in_a_card_or_an_iban_are_found(
    engine: bool, category: str, message: str
) -> None:
    assert_found(engine, category, record({"text": message}))


@pytest.mark.parametrize("message", BENIGN_LOOKALIKES)
def test_words_of_look_alike_letters_stay_clean(engine: bool, message: str) -> None:
    assert_clean(engine, record({"text": message}))


# -- 4. no fold reads across two fields ---------------------------------------------------------


def test_each_line_is_normalised_as_if_alone() -> None:
    """The guard joins a request's fields with line breaks and normalises them at once: what
    one field holds must not change how another is read (a look-alike glued to a digit in one
    field let the fold run in every field; a group of four ending one line made a mask run at
    the start of the next a mask of the same number)."""
    rng = random.Random(4)
    alphabet = "0123456789lOoI| .-x_?*#"
    for _ in range(20_000):
        a, b = ("".join(rng.choices(alphabet, k=rng.randint(1, 12))) for _ in range(2))
        assert normalize(f"{a}\n{b}").text == f"{normalize(a).text}\n{normalize(b).text}"


FOLD_PAIRS = [
    ("Ref l0", "Card 4123 4567 8901 238 o"),  # look-alike glued in one field, spaced in the other
    ("Card 4123 4567 8901 ", "____ ends your number"),
]


@pytest.mark.parametrize(("first", "second"), FOLD_PAIRS)
def test_a_field_does_not_change_how_the_next_is_read(
    engine: bool, first: str, second: str
) -> None:
    alone = categories(engine, record({"text": second}), quick=False)
    quick_replies = [{"content_type": "text", "title": second, "payload": "X"}]
    both = categories(engine, record({"text": first, "quick_replies": quick_replies}), quick=False)
    first_alone = categories(engine, record({"text": first}), quick=False)
    assert both == alone | first_alone


# -- 5. canaries in another case or spelled letter by letter ------------------------------------


@pytest.fixture(scope="module")
def western() -> Customer:
    people = CustomerFactory(seed=11).customers(21)
    return next(c for c in people if c.email.isascii() and c.first_name.isascii())


def test_a_canary_email_in_capitals_or_capitalised_is_found(western: Customer) -> None:
    matcher = CanaryMatcher([western])
    for written in (western.email.upper(), western.email.title()):
        hits = [
            h for h in matcher.search(f"Contact: {written} today") if h.value_category == "email"
        ]
        assert hits, written
        assert hits[0].start == len("Contact: ")


def test_a_canary_email_in_any_mixed_case_is_found(western: Customer) -> None:
    matcher = CanaryMatcher([western])
    mixed = "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(western.email))
    for written in (mixed, mixed.swapcase()):
        text = f"Contact: <{written}>."
        hits = [h for h in matcher.search(text) if h.value_category == "email"]
        assert hits, written
        assert text[hits[0].start : hits[0].end] == written
    # a longer address holding it is another address
    assert all(h.value_category != "email" for h in matcher.search(f"Contact: x{mixed}"))


def test_a_canary_name_spelled_letter_by_letter_is_found(western: Customer) -> None:
    matcher = CanaryMatcher([western])
    spelled = "  ".join(" ".join(word) for word in western.name.split(" "))
    for written in (spelled, spelled.upper()):
        text = f"Dear {written}, welcome"
        hits = [h for h in matcher.search(text) if h.value_category == "name"]
        assert hits, written
        assert text[hits[0].start : hits[0].end] == written


def test_letters_spelled_out_elsewhere_match_no_canary(western: Customer) -> None:
    matcher = CanaryMatcher([western])
    assert matcher.search("Press a b c d to go on, or I a m here") == []


def test_the_guard_reports_a_canary_in_capitals_or_spelled_out(
    engine: bool, western: Customer
) -> None:
    spelled = "  ".join(" ".join(word) for word in western.name.split(" "))
    mixed = "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(western.email))
    for written in (
        f"Write to {western.email.upper()}",
        f"Hello {spelled.upper()}",
        f"Write to {mixed}",
    ):
        guard = Guard(Policy.default(), canaries=CanaryMatcher([western]), use_hyperscan=engine)
        found = guard.scan(record({"text": written}))
        assert any(f.category == "canary" for f in found), written
