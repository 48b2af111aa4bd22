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
