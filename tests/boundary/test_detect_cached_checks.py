"""Checksum and structure checks remembered per value answer as the library's own checks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import bic

from mockmessenger.boundary.detectors import Scan, Token, swift_bic

CAPITALS = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=8, max_size=11)


@settings(max_examples=200, deadline=None)
@given(value=CAPITALS)
def test_remembered_bic_check_agrees_with_stdnum(value: str) -> None:
    for _ in range(2):  # the second answer comes from memory
        assert swift_bic._is_valid(value) == bic.is_valid(value)


def test_a_bic_near_its_word_is_found_every_time_and_a_plain_word_never() -> None:
    text = "SWIFT: DEUTDEFF then RESPONSE"
    scan = Scan(text)
    bic_token = Token("bic", 7, 15, "DEUTDEFF")
    word_token = Token("bic", 21, 29, "RESPONSE")
    for _ in range(2):
        hit = swift_bic.detect(bic_token, scan)
        assert hit is not None and hit.value == "DEUTDEFF"
        assert swift_bic.detect(word_token, scan) is None
