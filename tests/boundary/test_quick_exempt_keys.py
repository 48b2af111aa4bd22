"""A field the guard skips (exempt) brings a word and a number closer in its joined text than
in the raw request: the quick check's windows cannot bound that distance, the judge does."""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.quick.check import QuickCheck
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"


def _record(key: str) -> EgressRecord:
    message = {"text": "Your account number is", key: "q" * 200, "metadata": "98765432101"}
    body = {"recipient": {"id": "2490328921840110"}, "message": message}
    return EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, json.dumps(body))


def test_an_exempt_field_between_a_word_and_its_number_is_looked_at_closer() -> None:
    pytest.importorskip("hyperscan")
    quick = QuickCheck(Policy.default(), use_hyperscan=True)
    skipped = _record("attachment_id")  # exempt wherever it is (*.attachment_id)
    assert [f.category for f in Guard().scan(skipped)] == ["account_number"]
    assert quick.clean(skipped, skipped.host)[0] is False
    read = _record("caption")  # scanned: the number stays 200 characters from the word
    assert Guard().scan(read) == []
    assert quick.clean(read, read.host)[0] is True
