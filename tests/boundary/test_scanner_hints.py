"""The tokenizer's skipped hint scans (no mask character, no ``xx`` in the text) lose no start."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockmessenger.boundary.scanner import _HINTS, Tokenizer

TEXTS = st.text("0123456789 *•●#·xXABCDEFabc-.", max_size=40)


def every_hint(text: str) -> list[int]:
    """Every pattern scanned, whatever the text holds."""
    return sorted({m.start() for pattern, _ in _HINTS for m in pattern.finditer(text)})


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_hint_positions_are_those_of_every_pattern(text: str) -> None:
    assert Tokenizer(text)._hints == every_hint(text)


def test_masked_forms_still_give_their_hints() -> None:
    assert Tokenizer("card ****1234")._hints == every_hint("card ****1234")
    assert Tokenizer("ref XXXX-1234")._hints == [4, 6, 9]
    assert Tokenizer("●●●● 42")._hints == [0, 5]
