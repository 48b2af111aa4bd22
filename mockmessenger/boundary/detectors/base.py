"""What detectors share: the scanned text, candidate tokens and hits."""

from __future__ import annotations

import re
from typing import NamedTuple

from .context import NOT_SENSITIVE, ContextIndex, WordSet

_NOT_DIGITS = re.compile(r"\D+")
#: How long a context word may be (``Scan.named_by`` looks this much further back for its start).
_LONGEST_WORD = 32
#: The end of a sentence between a word and a value (``Never share your CVV. 084 ...``).
_SENTENCE_END = re.compile(r"[.!?؟]\s|\n")


class Token:
    """A candidate span of the normalised text found by the tokenizer's one pass.

    ``digits`` is computed once: every detector asks for it.
    """

    __slots__ = ("digits", "end", "kind", "start", "text")

    def __init__(self, kind: str, start: int, end: int, text: str):
        self.kind = kind  # "num", "iban", "bic", "nino", "masked"
        self.start = start
        self.end = end
        self.text = text
        self.digits = text if text.isdigit() else _NOT_DIGITS.sub("", text)

    def __repr__(self) -> str:
        return f"Token({self.kind!r}, {self.start}, {self.end}, {self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and (self.kind, self.start, self.end, self.text) == (
            other.kind,
            other.start,
            other.end,
            other.text,
        )

    __hash__ = None  # type: ignore[assignment]


class Hit(NamedTuple):
    """A confirmed forbidden value: where it is (in the normalised text) and what it is."""

    category: str
    detector: str
    start: int
    end: int
    value: str
    rule: str
    confidence: str = "high"


class Scan:
    """The normalised text of one request and questions detectors ask about it.

    Context questions are answered from one index of every context word in the text,
    built on the first question (one Aho-Corasick pass), not by a regex per question.
    """

    def __init__(self, text: str):
        self.text = text
        self._index: ContextIndex | None = None
        self.cache: dict[object, object] = {}  # per-request memo for detectors (amounts read once)

    @property
    def index(self) -> ContextIndex:
        if self._index is None:
            self._index = ContextIndex(self.text)
        return self._index

    def near(
        self,
        words: WordSet,
        start: int,
        end: int,
        before: int = 60,
        after: int = 25,
        *,
        labels_only_this: bool = False,
    ) -> int | None:
        return self.index.near(words, start, end, before, after, labels_only_this=labels_only_this)

    def any_within(
        self, sets: tuple[WordSet, ...], start: int, end: int, before: int, after: int
    ) -> bool:
        """True when a word of any of ``sets`` starts between ``start - before`` and ``end + after``."""
        return self.index.any_within(sets, start - before, end + after)

    def context(
        self, words: WordSet, start: int, end: int, before: int = 60, after: int = 25
    ) -> bool:
        """True when ``words`` are near the span and nearer than words saying it is something benign."""
        distance = self.near(words, start, end, before, after)
        if distance is None:
            return False
        # (a benign word after the span counts only when it names it)
        benign = self.near(NOT_SENSITIVE, start, end, before, after, labels_only_this=True)
        return benign is None or distance < benign

    def named_by(self, words: WordSet, start: int, end: int, gap: int) -> bool:
        """:meth:`context` measured from where a word ends, not where it starts: a word of
        ``words`` ends at most ``gap`` characters before the span, in its sentence, and nearer
        than a benign word (``Security code on the back: 084``, ``CVV2 for your virtual card:
        316``: a phrase between the word and its value)."""
        before = gap + _LONGEST_WORD
        distance = self.near(words, start, end, before, 0)
        if distance is None or distance > gap:
            return False
        if _SENTENCE_END.search(self.text, start - distance, start):
            return False
        benign = self.near(NOT_SENSITIVE, start, end, before, 0, labels_only_this=True)
        return benign is None or distance < benign

    def before(self, start: int, width: int = 3) -> str:
        return self.text[max(0, start - width) : start]

    def after(self, end: int, width: int = 3) -> str:
        return self.text[end : end + width]


#: A full date with a four-digit year (2026-09-04, 04/09/2026); sort codes (20-00-00) and expiries
#: (MM/YY) are not.
DATE = re.compile(
    r"\d{4}([-/.])(0?[1-9]|1[0-2])\1(0?[1-9]|[12]\d|3[01])|(0?[1-9]|[12]\d|3[01])([-/.])(0?[1-9]|[12]\d|3[01])\5\d{4}"
)

SEPARATORS = re.compile(r"[ .,\-/_]+")

#: What may stand between a word and the value it names when the value must follow it right
#: away: punctuation, and ``is`` and its kin.
_RIGHT_AFTER = re.compile(r"[\s:=#\-]*(?:(?:is|was|est|هو|هي)[\s:=#\-]*)?", re.IGNORECASE)


def right_after(scan: Scan, words: WordSet, start: int, reach: int = 16) -> bool:
    """True when a word of ``words`` ends right before ``start`` (``CVV is 1 2 3``), at most
    ``reach`` characters before it with nothing but :data:`_RIGHT_AFTER` between."""
    for _, word_end in scan.index.starting_in(words, start - reach - 40, start):
        if 0 <= start - word_end <= reach and _RIGHT_AFTER.fullmatch(scan.text, word_end, start):
            return True
    return False


def groups(token: Token) -> list[tuple[int, int]]:
    """Spans (in the scan text) of the digit groups of a number token."""
    spans = []
    for match in re.finditer(r"\d+", token.text):
        spans.append((token.start + match.start(), token.start + match.end()))
    return spans
