"""Huge or hostile bodies: the guard's memory stays bounded and nothing passes unscanned.

Python's ``re`` keeps backtracking state for every repetition of a group; a number pattern
like ``[0-9](?:[ .-]?[0-9])*`` over a megabyte of digits took hundreds of megabytes (a 5 MB
body took 1.5 GB). Memory is measured with tracemalloc (what Python allocates, ``re``'s
stack included), which does not depend on the machine's speed or load.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"


def _peak_mb(guard: Guard, record: EgressRecord) -> tuple[int, list]:
    tracemalloc.start()
    try:
        findings = guard.scan(record)
        return tracemalloc.get_traced_memory()[1] >> 20, findings
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("use_hyperscan", [True, False], ids=["hyperscan", "pure-python"])
@pytest.mark.parametrize("run", ["4111111111111111", "0"], ids=["cards", "zeros"])
def test_a_megabyte_long_number_takes_little_memory(use_hyperscan: bool, run: str) -> None:
    if use_hyperscan:
        pytest.importorskip("hyperscan")
    text = (run * (1_000_000 // len(run)))[:1_000_000]
    body = json.dumps({"recipient": {"id": "24012345678901234"}, "message": {"text": text}})
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread="24012345678901234"
    )
    guard = Guard(use_hyperscan=use_hyperscan)
    guard.scan(EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, "{}"))
    peak, _ = _peak_mb(guard, record)
    assert peak < 40, f"{peak} MB to scan a 1 MB body"


def test_a_decompression_bomb_is_unscannable_not_opened() -> None:
    bomb = gzip.compress(b'{"message": {"text": "' + b"0" * (40 << 20) + b'"}}')
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json", "content-encoding": "gzip"}, bomb
    )
    peak, findings = _peak_mb(Guard(), record)
    assert [f.category for f in findings] == ["unscannable"]
    assert "expands past 32 MiB" in findings[0].rule
    assert peak < 80  # the 32 MiB read before stopping, not the 40 MiB and its scan


def test_a_compressed_body_below_the_bound_is_scanned() -> None:
    body = json.dumps({"message": {"text": "card 4111 1111 1111 1111. " + "y" * (1 << 20)}})
    record = EgressRecord.make(
        "POST",
        GRAPH,
        {"content-type": "application/json", "content-encoding": "gzip"},
        gzip.compress(body.encode()),
    )
    assert [f.category for f in Guard().scan(record)] == ["card_number"]


def test_a_truncated_gzip_body_is_unscannable() -> None:
    data = gzip.compress(b'{"message": {"text": "hello"}}')[:-12]
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json", "content-encoding": "gzip"}, data
    )
    findings = Guard().scan(record)
    assert [f.category for f in findings] == ["unscannable"]


def test_numbers_on_many_lines_are_read_once_not_once_a_line(monkeypatch) -> None:
    """A wide reading (card groups split by line breaks) that holds no card covered every run
    of its groups; reading again from each later line made 5,000 lines take two minutes."""
    from mockmessenger.boundary.detectors import card_number

    calls = 0
    real = card_number.is_card_number

    def counting(digits: str) -> bool:
        nonlocal calls
        calls += 1
        return real(digits)

    monkeypatch.setattr(card_number, "is_card_number", counting)
    lines = 2000
    body = json.dumps({"recipient": {"id": "1"}, "message": {"text": "1234\n" * lines}})
    record = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread="1"
    )
    assert Guard().scan(record) == []
    assert calls < 20 * lines, f"{calls} card checks for {lines} lines"


def test_a_context_question_looks_only_at_words_in_reach() -> None:
    """``near`` starts at the first word in reach: from the text's first word, every amount of
    a long message made the balance detector quadratic."""
    from mockmessenger.boundary.detectors.context import BALANCE, ContextIndex

    text = "SAR 1,234.56 balance " * 2000
    index = ContextIndex(text)
    seen = 0

    class Counting(list):
        def __getitem__(self, item):  # type: ignore[no-untyped-def]
            nonlocal seen
            seen += 1
            return super().__getitem__(item)

        def __iter__(self):  # type: ignore[no-untyped-def]
            nonlocal seen
            for item in super().__iter__():
                seen += 1
                yield item

    index._spans[BALANCE.index] = Counting(index._spans[BALANCE.index])
    start = text.rindex("1,234.56")
    assert index.near(BALANCE, start, start + 8, 70, 25) is not None
    assert seen < 50, f"{seen} words looked at for one question"
