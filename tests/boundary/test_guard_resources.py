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
