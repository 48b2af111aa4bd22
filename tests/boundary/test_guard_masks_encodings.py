"""Masks judged by the digits they reveal whatever draws them, a ``+`` in a URL's query, digits
that are no decimal digit, and card numbers and IBANs split by line breaks, tabs or wide spaces.

Every case runs with both engines, with the quick check on (as the guard runs) and off (the
full scan alone), and the quick check is asked on its own: it may never call a leak clean.
"""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PSID = "24012345678901234"
CARD = "4123456789012349"  # Visa, Luhn-valid
IBAN = "SA0380000000608010167519"

ENGINES = pytest.mark.parametrize("use_hyperscan", [True, False], ids=["hyperscan", "pure-python"])


def _engine(use_hyperscan: bool) -> None:
    if use_hyperscan:
        pytest.importorskip("hyperscan")


def record(message: dict, thread: str | None = None, index: int = 0) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "message": message}, ensure_ascii=False)
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread=thread, index=index
    )


def text(value: str) -> dict:
    return {"text": value}


def categories(use_hyperscan: bool, *records: EgressRecord, quick: bool = True) -> set[str]:
    guard = Guard(use_hyperscan=use_hyperscan)
    if not quick:
        guard._quick.clean = lambda *args, **kwargs: (False, None)  # the full scan alone
    found: set[str] = set()
    for item in records:
        found |= {finding.category for finding in guard.scan(item)}
    return found


def assert_found(use_hyperscan: bool, category: str, *records: EgressRecord) -> None:
    assert category in categories(use_hyperscan, *records)
    assert category in categories(use_hyperscan, *records, quick=False)
    quick = QuickCheck(Policy.default(), use_hyperscan)
    for item in records:
        if item.thread is None:
            assert not quick.clean(item, item.host)[0]


def assert_clean(use_hyperscan: bool, *records: EgressRecord) -> None:
    assert categories(use_hyperscan, *records) == set()
    assert categories(use_hyperscan, *records, quick=False) == set()


# -- 1. masks that reveal too much, whatever draws them ----------------------------------------

WRONG_MASKS = [
    "Card 4123 4567 8901 234*",  # 15 digits shown, Luhn gives the 16th
    "Your card 412345678901*349",
    "4123 4567 8901 234•",
    "Card 4123 456* **** 2349",  # first 7 + last 4: PCI allows first 6 + last 4
    "Card 4123 4567 8901 ＊＊＊＊",  # full-width asterisks
    "Card ＊＊＊＊ ＊＊＊＊ 8901 2349",
    "Card 4123 4567 8901 ∗∗∗∗",  # asterisk operator
    "Card 4123 4567 8901 ✱✱✱✱",  # heavy asterisk
    "Card 4123 4567 8901 ﹡﹡﹡﹡",  # small asterisk
    "Card 4123 4567 8901 ∙∙∙∙",  # bullet operator
    "Card 4123 4567 8901 …",  # an ellipsis for the rest
    "Card 5512 3456 7890 …",  # (a scheme with no 13-digit card)
    "Card 4123 4567 8901 ____",
    "Card 4123 4567 8901 ????",
    "Card 4123 4567 8901 ----",
    "Card ____ ____ 8901 2349",  # last 8
    "Card ---- ---- 8901 2349",
]


@ENGINES
@pytest.mark.parametrize("message", WRONG_MASKS)
def test_a_mask_revealing_too_much_is_a_leak_whatever_draws_it(
    use_hyperscan: bool, message: str
) -> None:
    _engine(use_hyperscan)
    assert_found(use_hyperscan, "card_number", record(text(message)))


ALLOWED_MASKS = [
    "Card **** **** **** 2349",
    "Card 4123 45** **** 2349",
    "Card ＊＊＊＊ ＊＊＊＊ ＊＊＊＊ 2349",
    "Card ____ ____ ____ 2349",
    "Card ---- ---- ---- 2349",
    "Card ∙∙∙∙ ∙∙∙∙ ∙∙∙∙ 2349",
    "Card …2349",
    "IBAN SA** **** **** **** **** 7519",
    "IBAN SA03 **** **** **** **** 7519",  # country and check digits say nothing of the account
    "Order #1234567890123 is on its way",  # a reference, not a masked number
    "Rated 4.5* by 1,234 customers",
    "snake__case and what??? 12 -- 34",
]


@ENGINES
@pytest.mark.parametrize("message", ALLOWED_MASKS)
def test_allowed_masks_and_lookalikes_of_masks_are_clean(use_hyperscan: bool, message: str) -> None:
    _engine(use_hyperscan)
    assert_clean(use_hyperscan, record(text(message)))


@ENGINES
def test_an_iban_mask_is_judged_by_its_account_digits(use_hyperscan: bool) -> None:
    _engine(use_hyperscan)
    for message in ("IBAN SA03 8000 **** **** **** 7519", "IBAN SA** **** **** **** 1016 7519"):
        assert_found(use_hyperscan, "iban", record(text(message)))


@ENGINES
def test_one_mask_symbol_that_hides_no_card_leaves_the_number_to_the_detectors(
    use_hyperscan: bool,
) -> None:
    _engine(use_hyperscan)
    assert_found(use_hyperscan, "card_number", record(text(f"Card {CARD}#")))
    assert_found(use_hyperscan, "card_number", record(text(f"{CARD} *")))
    assert_found(use_hyperscan, "account_number", record(text("Your account number 12345678*")))


@ENGINES
def test_halves_in_other_mask_symbols_combine_across_a_thread(use_hyperscan: bool) -> None:
    _engine(use_hyperscan)
    first = record(text("Card 4123 4567 ＊＊＊＊ ＊＊＊＊"), thread="t", index=0)
    second = record(text("Card ✱✱✱✱ ✱✱✱✱ 8901 2349"), thread="t", index=1)
    assert "card_number" in categories(use_hyperscan, first, second)


# -- 2. a + in a URL's query is a space --------------------------------------------------------


def button(url: str) -> dict:
    return {
        "attachment": {
            "type": "template",
            "payload": {
                "template_type": "button",
                "text": "Open",
                "buttons": [{"type": "web_url", "title": "Open", "url": url}],
            },
        }
    }


@ENGINES
def test_a_plus_in_a_url_query_is_a_space(use_hyperscan: bool) -> None:
    _engine(use_hyperscan)
    assert_found(
        use_hyperscan, "card_number", record(button("https://bank.example/p?x=5512+3456+7890+1231"))
    )
    assert_found(
        use_hyperscan,
        "iban",
        record(button("https://bank.example/p?iban=SA03+8000+0000+6080+1016+7519")),
    )
    assert_clean(use_hyperscan, record(button("https://bank.example/search?q=open+an+account")))


# -- 3. digits that are no decimal digit -------------------------------------------------------


@ENGINES
@pytest.mark.parametrize(
    "message",
    [
        "④①②③④⑤⑥⑦⑧⑨⓪①②③④⑨",  # circled
        "❹❶❷❸❹❺❻❼❽❾⓿❶❷❸❹❾",  # negative circled
        "⒋⒈⒉⒊ ⒋⒌⒍⒎ ⒏⒐🄀⒈ ⒉⒊⒋⒐",  # digit full stops
        "⑷⑴⑵⑶ ⑷⑸⑹⑺ ⑻⑼0⑴ ⑵⑶⑷⑼",  # parenthesised
    ],
)
def test_digit_forms_are_digits(use_hyperscan: bool, message: str) -> None:
    _engine(use_hyperscan)
    assert_found(use_hyperscan, "card_number", record(text(message)))


# -- 4. line breaks, tabs and wide spaces inside a number --------------------------------------


def groups(value: str, separator: str) -> str:
    return separator.join(value[i : i + 4] for i in range(0, len(value), 4))


@ENGINES
@pytest.mark.parametrize("separator", ["\n", "\r\n", "\t", "    ", " \n ", "  \t"])
def test_a_card_or_an_iban_split_by_whitespace_is_found(
    use_hyperscan: bool, separator: str
) -> None:
    _engine(use_hyperscan)
    assert_found(use_hyperscan, "card_number", record(text(f"card {groups(CARD, separator)}")))
    assert_found(use_hyperscan, "card_number", record(text(groups(CARD, separator))))
    assert_found(use_hyperscan, "card_number", record(text(f"Card:\n{groups(CARD, separator)}\n")))
    # under other words and no card word, numbers on lines of their own are a list
    assert_clean(use_hyperscan, record(text(f"Branch codes\n{groups(CARD, separator)}")))
    assert_found(use_hyperscan, "iban", record(text(groups(IBAN, separator))))


@ENGINES
def test_an_iban_with_double_spaces_is_found(use_hyperscan: bool) -> None:
    _engine(use_hyperscan)
    assert_found(use_hyperscan, "iban", record(text(groups(IBAN, "  "))))
    assert_found(use_hyperscan, "iban", record(text(groups(IBAN, "   ") + "\nThank you")))


@ENGINES
def test_numbers_on_consecutive_lines_join_only_into_a_real_card(use_hyperscan: bool) -> None:
    _engine(use_hyperscan)
    assert_clean(use_hyperscan, record(text("Your orders:\n1234\n5678\n9012\n3456")))
    assert_clean(use_hyperscan, record(text("Reference\n567890\n123456\nThank you")))
    assert_clean(use_hyperscan, record(text("Branches open\n0900\n1300\n1700\n2100")))
    # the same text read as plain numbers still finds what it held
    assert_found(use_hyperscan, "card_number", record(text(f"{groups(CARD, ' ')}\n12 items")))
    assert_found(use_hyperscan, "account_number", record(text("Account number:\n12345678\nThanks")))


@ENGINES
def test_a_card_is_not_joined_across_two_fields_by_their_line_break(use_hyperscan: bool) -> None:
    """The guard joins fields with a line break; a card in pieces over fields that do not hold a
    number alone is no card (the split-value rules decide about fields)."""
    _engine(use_hyperscan)
    message = {
        "text": "Choose 4123 4567",
        "quick_replies": [{"title": "8901 2349 more", "content_type": "text", "payload": "X"}],
    }
    assert_clean(use_hyperscan, record(message))
