"""The decoder's cheap hints answer as the single searches they replace did."""

from __future__ import annotations

import random
import re

from mockmessenger.boundary.decode import (
    HEX_PREFIX,
    HEX_SEPARATOR,
    MIN_BASE64,
    may_hold_layers,
    may_join_hex,
)

#: The definitions before they were split for speed: one alternation, the prefix included.
_UNIT = rf"(?:{HEX_PREFIX}?[0-9A-Fa-f]{{2}}(?:[0-9A-Fa-f]{{2}})?)"
_JOIN_HINT = re.compile(rf"{_UNIT}(?:{HEX_SEPARATOR}{HEX_PREFIX}?|{HEX_PREFIX})[0-9A-Fa-f]{{2}}")
_ANY_LAYER = re.compile(
    rf"[%&]|\\u|\?[^\s#]*\+|[A-Za-z0-9+/_\-]{{{MIN_BASE64}}}|{_JOIN_HINT.pattern}"
)

_PIECES = [
    *"0123456789abcdefABCDEFxXgz +-/_?#%&\\:;,.|\t\n\r",
    "0x",
    "\\x",
    "\\u",
    "34",
    "ff",
    "é",
    "٣",
    "card ",
    "https://bank.example/app?q=",
]


def test_may_hold_layers_and_may_join_hex_agree_with_the_single_searches() -> None:
    rng = random.Random(5)
    texts = ["".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30))) for _ in range(20_000)]
    texts += [
        "0x34 0x31",
        "\\x34\\x31",
        "de:ad",
        "12 34",
        "x34 0x31",
        "a?b+c",
        "a?b c+d",
        "a+b?c",
        "AbCdEfGhIjKl",
        "AbCdEfGhIjK",
        "50% off",
        "R&D",
    ]
    held = joined = 0
    for text in texts:
        expected = _ANY_LAYER.search(text) is not None
        assert may_hold_layers(text) == expected, text
        assert may_join_hex(text) == (_JOIN_HINT.search(text) is not None), text
        held += expected
        joined += may_join_hex(text)
    assert 1_000 < held < len(texts) - 1_000 and joined > 1_000  # both answers, many times
