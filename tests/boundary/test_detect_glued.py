"""``glued`` reads the neighbouring characters directly; it answers as Scan.before/after would."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockmessenger.boundary.detectors import Scan, Token, glued


def glued_by_scan(token: Token, scan: Scan) -> bool:
    before, after = scan.before(token.start, 1), scan.after(token.end, 1)
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


@settings(max_examples=300, deadline=None)
@given(text=st.text("ab9 1é٣-", max_size=12), data=st.data())
def test_glued_agrees_with_scan_neighbours(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    token = Token("num", start, end, text[start:end])
    assert glued(token, Scan(text)) == glued_by_scan(token, Scan(text))


def test_letters_glue_and_other_neighbours_do_not() -> None:
    assert glued(Token("num", 4, 8, "2026"), Scan("SAVE2026"))
    assert glued(Token("num", 0, 4, "1234"), Scan("1234abc"))
    assert not glued(Token("num", 0, 4, "1234"), Scan("1234"))
    assert not glued(Token("num", 2, 6, "1234"), Scan("é 1234 ر"))
    assert not glued(Token("num", 1, 5, "1234"), Scan("é1234ر"))  # not ASCII letters
