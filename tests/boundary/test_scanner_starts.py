"""The tokenizer skips start positions where no token can begin: a digit before, or an ASCII
letter before a start that is no digit (every alternative's lookbehind refuses them)."""

from __future__ import annotations

import random
import string

from mockmessenger.boundary.scanner import PLAIN_TOKENS, TOKENS, Tokenizer

_PIECES = [
    *string.ascii_letters[:8],
    *"SAGBxX0123456789 .-/_'\n\t:;|+~*•●#·",
    "SA03",
    "GB82",
    "AB 12 34 56 C",
    "RJHISARI",
    "4111 1111",
    "**** ",
    "SAOO",
]


def _skipped(text: str, start: int) -> bool:
    before = text[start - 1] if start else ""
    return before in string.digits or (
        before in string.ascii_letters and text[start] not in string.digits
    )


def test_no_token_starts_where_the_tokenizer_does_not_look() -> None:
    rng = random.Random(9)
    checked = 0
    for _ in range(4_000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(1, 16)))
        for start in range(1, len(text)):
            if _skipped(text, start):
                checked += 1
                assert TOKENS.match(text, start) is None, (text, start)
                assert PLAIN_TOKENS.match(text, start) is None, (text, start)
    assert checked > 20_000


def test_tokens_after_a_word_or_inside_a_number_are_still_read() -> None:
    tokenizer = Tokenizer("card4111 1111 1111 1111 and x1234\n5678 IBAN SA0380000000608010167519")
    kinds = []
    position = 0
    while (token := tokenizer.next(position)) is not None:
        kinds.append((token.kind, token.text))
        position = token.end
    assert ("num", "4111 1111 1111 1111") in kinds
    assert ("iban", "SA0380000000608010167519") in kinds
    assert any(kind == "wide" and text.startswith("1234") for kind, text in kinds)
