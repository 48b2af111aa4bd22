"""``char_set``/``char_run``: regexes for big character sets that match exactly those characters.

They are written for speed (one class holding the whole astral plane, then a lookbehind that
refuses what is not in the set), so the test is about exactness: every range boundary, both
sides, and a sample of every plane.
"""

from __future__ import annotations

import random
import re

import pytest

from mockmessenger.boundary.normalize import (
    ARABIC_PRESENTATION_BLOCKS,
    INVISIBLE,
    LETTER_FORM_BLOCKS,
    alphanumeric_codes,
    char_run,
    char_set,
    code_ranges,
    digit_form_blocks,
    translation_table,
)

SETS = {
    "translation table": lambda: code_ranges(translation_table()),
    "alphanumeric": lambda: code_ranges(alphanumeric_codes()),
    "invisible": lambda: code_ranges(map(ord, INVISIBLE)),
    "presentation forms": lambda: list(ARABIC_PRESENTATION_BLOCKS),
    "letter and digit forms": lambda: [*LETTER_FORM_BLOCKS, *digit_form_blocks()],
    "astral only": lambda: [(0x1D400, 0x1D7FF)],
    "the plane edges": lambda: [(0xFFFF, 0x10000), (0x10FFFF, 0x10FFFF)],
    "low only": lambda: [(0x0660, 0x0669), (0x06F0, 0x06F9)],
}


def probes(ranges: list[tuple[int, int]]) -> set[int]:
    points = {0, 0xFFFF, 0x10000, 0x10FFFF}
    for first, last in ranges:
        points |= {first - 1, first, last, last + 1}
    rng = random.Random(7)
    points |= {rng.randrange(0x110000) for _ in range(5_000)}
    return {p for p in points if 0 <= p <= 0x10FFFF}


@pytest.mark.parametrize("name", sorted(SETS))
def test_char_set_and_char_run_match_exactly_the_set(name: str) -> None:
    ranges = SETS[name]()
    one, run = re.compile(char_set(ranges)), re.compile(char_run(ranges))
    for code in probes(ranges):
        member = any(first <= code <= last for first, last in ranges)
        assert bool(one.fullmatch(chr(code))) is member, hex(code)
        assert bool(run.fullmatch(chr(code) * 3)) is member, hex(code)
        assert bool(run.fullmatch("a" + chr(code))) is False


def test_a_run_is_found_inside_text_and_spans_the_whole_run() -> None:
    ranges = [(0x0660, 0x0669), (0x1D7CE, 0x1D7FF)]
    text = "balance ٤٥\U0001d7d2\U0001d7d3 SAR"
    found = re.compile(char_run(ranges)).search(text)
    assert found is not None and found.group() == "٤٥\U0001d7d2\U0001d7d3"
    assert re.compile(char_set(ranges)).search("no digits here \U0001f600") is None


def test_the_canary_matchers_digit_runs_are_every_scripts_digits_but_ascii() -> None:
    from mockmessenger.boundary.matcher import _FOLDABLE

    digits = [c for c in range(0x110000) if chr(c).isdecimal()]
    probes_ = set(digits) | {d + 1 for d in digits} | {d - 1 for d in digits}
    probes_ |= set(random.Random(3).sample(range(0x110000), 5_000))
    for code in probes_:
        expected = bool(re.fullmatch(r"\d", chr(code))) and code > 127
        assert bool(_FOLDABLE.fullmatch(chr(code))) is expected, hex(code)
