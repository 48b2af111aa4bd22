"""The context index's hint for words written letter by letter answers as the regex it replaced."""

from __future__ import annotations

import random
import re

from mockmessenger.boundary.detectors.context import PASSWORD, ContextIndex, spaced_hint

#: The search the hint stood for: three single letters in a row, each after one space.
_SPACED_HINT = re.compile(r"(?<![^\W\d_])[^\W\d_] [^\W\d_] [^\W\d_](?![^\W\d_])")

_PIECES = [*"ab Z5_- .\u00a0\t\n", "é", "ر", "٣", "²", "ß", "İ", "  ", "x y", "q r s"]


def test_spaced_hint_agrees_with_the_regex() -> None:
    rng = random.Random(3)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 14))) for _ in range(30_000)]
    texts += [
        "a b c",
        "ab c d",
        "a b cd",
        "1a b c2",
        "_a b c",
        "a b c_",
        "B A L A N C E",
        "ر ص ي د",
    ]
    hits = 0
    for text in texts:
        expected = _SPACED_HINT.search(text) is not None
        assert spaced_hint(text) == expected, repr(text)
        hits += expected
    assert 1_000 < hits < len(texts) - 1_000


def test_a_word_written_letter_by_letter_is_still_indexed() -> None:
    index = ContextIndex("my p a s s w o r d is x")
    assert index.all(PASSWORD)
