"""Fast paths of detection give exactly the answers of the slow path they replace."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from mockmessenger.boundary.detectors import (
    AMOUNT_DETECTORS,
    CARD_PAYMENT_CONTEXT,
    NUMBER_DETECTORS,
    STRONG_DETECTORS,
    WEAK_CONTEXT,
    Hit,
    Scan,
    Token,
    detect_token,
    glued,
)
from mockmessenger.boundary.detectors.base import DATE
from mockmessenger.boundary.normalize import normalize
from mockmessenger.boundary.scanner import Tokenizer
from mockmessenger.boundary.walk import Unscannable, walk_record

sys.path.insert(0, str(Path(__file__).parent.parent / "corpus"))
from labelled import load_corpus, to_record


def every_detector(token: Token, scan: Scan) -> Hit | None:
    """The slow path: every detector a token's length allows, whatever words are near."""
    if token.kind != "num":
        return detect_token(token, scan)
    if DATE.fullmatch(token.text):
        return None
    is_glued = glued(token, scan)
    for detector, low, high in STRONG_DETECTORS if is_glued else NUMBER_DETECTORS:
        if low <= len(token.digits) <= high:
            hit = detector(token, scan)
            if hit is not None:
                return hit
    if is_glued:
        return None
    for detector in AMOUNT_DETECTORS:
        hit = detector(token, scan)
        if hit is not None:
            return hit
    return None


def answers(text: str) -> list[tuple[Hit | None, Hit | None]]:
    """(fast, slow) answer for every token of ``text``, each with a fresh scan."""
    normalized = normalize(text).text
    tokenizer, position, out = Tokenizer(normalized), 0, []
    while (token := tokenizer.next(position)) is not None:
        position = token.end
        out.append((detect_token(token, Scan(normalized)), every_detector(token, Scan(normalized))))
    return out


def test_the_weak_context_shortcut_changes_no_answer_on_the_labelled_corpus() -> None:
    compared = found = 0
    for index, item in enumerate(load_corpus()):
        fields = [
            f.text for f in walk_record(to_record(item, index)) if not isinstance(f, Unscannable)
        ]
        for fast, slow in answers("\n".join(fields)):
            assert fast == slow, item["id"]
            compared += 1
            found += fast is not None
    assert compared > 500 and found > 100


WORDS = sorted(
    {w for words in (*WEAK_CONTEXT, *CARD_PAYMENT_CONTEXT) for w in (*words.latin, *words.arabic)}
)
NUMBERS = st.one_of(
    st.from_regex(r"[0-9]{3,19}", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(,[0-9]{3}){1,3}\.[0-9]{2}", fullmatch=True),
    st.from_regex(r"(0[1-9]|1[0-2])/[0-9]{2}", fullmatch=True),
    st.from_regex(r"[0-9]{2}-[0-9]{2}-[0-9]{2}", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(
    word=st.sampled_from(WORDS),
    number=NUMBERS,
    gap=st.integers(0, 110),
    word_after=st.booleans(),
    currency=st.sampled_from(["", "SAR ", "$", " €", " ريال"]),
)
def test_a_context_word_at_any_distance_gets_the_same_answer(
    word: str, number: str, gap: int, word_after: bool, currency: str
) -> None:
    filler = ("x " * 60)[:gap]
    amount = f"{currency}{number}" if not currency.startswith(" ") else f"{number}{currency}"
    text = f"{amount} {filler}{word}" if word_after else f"{word} {filler}{amount}"
    for fast, slow in answers(json.dumps(text, ensure_ascii=False)[1:-1]):
        assert fast == slow


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="0123456789 .-,/_'*•●#·xXAbSAGBZ\n:٣éK", min_size=1, max_size=24))
def test_tokens_only_start_where_the_tokenizer_tries_them(text: str) -> None:
    """The tokenizer skips positions whose character no token starts with."""
    from mockmessenger.boundary.scanner import _FIRST, TOKENS

    if TOKENS.match(text) is not None:
        assert text[0] in _FIRST


def test_words_said_after_a_code_stand_within_the_weak_context_window() -> None:
    """The weak shortcut asks the credential detector only with a context word within
    ``WEAK_AFTER`` after the number: the detector's own reach after it must fit inside."""
    from mockmessenger.boundary.detectors import WEAK_AFTER, credential

    assert credential.AFTER < WEAK_AFTER
    assert credential.SIGN_IN_AFTER < WEAK_AFTER
