"""Replace every real value in a recording by a consistent synthetic stand-in.

A recording is committed to git, so nothing real may stay in it. The scrubber is
told the identifiers it must hide (PSIDs, page and app ids, message ids, tokens,
signatures, people's names) by the code that reads the traffic, and finds financial
values itself: every value the guard recognises in a string, and every run of digits
long enough to be an account, a card, an amount or a phone number.

The same real value always gets the same stand-in within one recording (so a
conversation still makes sense), stand-ins come from Faker, and they are built so
that the guard does not mistake them for real data (card-length numbers fail the
Luhn check, IBAN-shaped ones their check digits). The mapping lives only in this
object's memory: it is never logged, written or shown, not even in ``repr``.

Expected bot replies are not scrubbed to stand-ins but to *patterns*: a balance the
bot showed becomes ``\\d[\\d,.]*`` in a ``regex`` expectation, so the file holds no
number and still replays green against a bot whose customer is synthetic.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from faker import Faker

from mockmessenger.boundary.normalize import compact
from mockmessenger.recording import contacts
from mockmessenger.records import EgressRecord

#: Kinds of identifier the traffic reader registers.
ID_KINDS = ("psid", "page_id", "app_id", "mid", "token", "signature", "code", "user_ref")
NAME_KINDS = ("first_name", "last_name", "name")
#: Found in text (:mod:`mockmessenger.recording.contacts`), replaced whole: they hold names.
CONTACT_KINDS = ("email", "address")

#: A run of digits of any script, with single separators between groups.
NUMBER = re.compile(r"\d(?:[ \u00a0,.'\u066b\u066c\u2009-]?\d)*")
#: IBAN-shaped: country, check digits, 10+ alphanumerics (spaces allowed in groups of 4).
IBAN_SHAPE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{2,4}){3,8}\b")
#: How many digits make a number worth hiding in what the user typed / the bot said.
USER_MIN_DIGITS = 3
BOT_MIN_DIGITS = 4
#: Pattern that stands for a scrubbed number in an expected reply (any script).
NUMBER_PATTERN = r"\d(?:[\d\s,.'\u066b\u066c-]*\d)?"
_SCRUB_URL = "https://scrub.mockmessenger.invalid/"


_REGEX_SPECIAL = re.compile(r"([.^$*+?{}\[\]\\|()])")


def escape(text: str) -> str:
    """Like :func:`re.escape` but leaves spaces and letters alone, so people can read it."""
    return _REGEX_SPECIAL.sub(r"\\\1", text)


class ScrubError(ValueError):
    """A value could not be scrubbed (a bug in the caller: the value is not a string)."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _digit_value(char: str) -> int | None:
    try:
        import unicodedata

        return unicodedata.digit(char)
    except (TypeError, ValueError):
        return None


def _same_script_digit(template: str, value: int) -> str:
    """``value`` written in the digit script of ``template`` (Arabic-Indic stays Arabic-Indic)."""
    zero = ord(template) - (_digit_value(template) or 0)
    return chr(zero + value)


class Scrubber:
    """Consistent, in-memory-only replacement of real values by synthetic ones."""

    def __init__(self, seed: int = 0, locale: str = "en_US", guard: Any = None) -> None:
        self._faker = Faker(locale)
        self._faker.seed_instance(seed)
        self._rng = random.Random(seed)
        self.guard = guard
        self._known: dict[str, tuple[str, str]] = {}  # real -> (stand-in, kind)
        self._stand_ins: dict[str, str] = {}  # real -> stand-in, for found values
        self._used: set[str] = set()

    def __repr__(self) -> str:  # never show the mapping
        return f"<Scrubber {len(self._known) + len(self._stand_ins)} values hidden>"

    # -- registering what must go --------------------------------------------
    def register(self, value: Any, kind: str) -> None:
        """Hide ``value`` (an id, token, signature or name seen in the traffic) everywhere."""
        if value is None:
            return
        text = str(value).strip()
        if len(text) < 2 or text in self._known:
            return
        if kind in NAME_KINDS:
            for part in text.split():
                if len(part) >= 2 and part not in self._known:
                    self._known[part] = (self._synthetic_name(kind, part), kind)
            if " " not in text:
                return
            stand_in = " ".join(self._known[p][0] for p in text.split() if p in self._known)
            self._known[text] = (stand_in, kind)
            return
        self._known[text] = (self._synthetic_id(kind, text), kind)

    def stand_in(self, value: str) -> str:
        """The stand-in of a registered value (names, ids) — for the persona block."""
        if value in self._known:
            return self._known[value][0]
        return self.text(value)

    # -- scrubbing strings ---------------------------------------------------
    def text(self, value: str) -> str:
        """What the user typed, with every real value replaced by its stand-in."""
        return self._rewrite(value, USER_MIN_DIGITS, literal=True)

    def pattern(self, value: str) -> tuple[str, bool]:
        """An expected bot reply as ``(regex, changed)``.

        When nothing had to be hidden, ``changed`` is False and the regex is just the
        escaped text (callers then prefer an exact match).
        """
        rewritten = self._rewrite(value, BOT_MIN_DIGITS, literal=False)
        return rewritten, rewritten != escape(value)

    def expected(self, value: str) -> tuple[str, bool]:
        """An expected bot reply as ``(text, is_regex)``.

        Only names hidden: the text itself, names swapped for their stand-ins (the
        persona carries the same stand-ins, so the bot says them again on replay).
        Anything else hidden: an anchored regex.
        """
        spans = self._spans(value, BOT_MIN_DIGITS)
        if all(span.kind in NAME_KINDS for span in spans):
            return self._rewrite(value, BOT_MIN_DIGITS, literal=True), False
        return rf"\A{self._rewrite(value, BOT_MIN_DIGITS, literal=False)}\Z", True

    def clean(self, value: str) -> bool:
        """True when ``value`` holds nothing this scrubber would replace."""
        return self.text(value) == value

    def without_stand_ins(self, text: str) -> str:
        """``text`` with every stand-in this scrubber made replaced by a neutral marker.

        The final scan uses it: a synthetic account number after "my account number"
        still looks like one to the guard, and it is exactly what should be there.
        """
        stand_ins = [v for v, _ in self._known.values()] + list(self._stand_ins.values())
        for stand_in in sorted(set(stand_ins), key=len, reverse=True):
            text = text.replace(stand_in, "<synthetic>")
        return text

    def real_values(self) -> Iterable[tuple[str, str]]:
        """(real value, kind) pairs, for the final check of the finished file only."""
        for real, (_, kind) in self._known.items():
            yield real, kind
        for real in self._stand_ins:
            yield real, "financial"

    # -- internals -----------------------------------------------------------
    def _rewrite(self, value: str, min_digits: int, literal: bool) -> str:
        if not isinstance(value, str):
            raise ScrubError(f"cannot scrub a {type(value).__name__}")
        spans = self._spans(value, min_digits)
        out: list[str] = []
        cursor = 0
        for span in spans:
            before = value[cursor : span.start]
            out.append(before if literal else escape(before))
            real = value[span.start : span.end]
            out.append(self._replacement(real, span.kind, literal))
            cursor = span.end
        tail = value[cursor:]
        out.append(tail if literal else escape(tail))
        return "".join(out)

    def _replacement(self, real: str, kind: str, literal: bool) -> str:
        if kind in CONTACT_KINDS:
            if real not in self._known:  # from now on found as a known value, everywhere
                self._known[real] = (self._synthetic_contact(kind, real), kind)
            if literal:
                return self._known[real][0]
            return r"[^\s@]+@[^\s@]+" if kind == "email" else ".+?"
        if (kind in ID_KINDS or kind in NAME_KINDS) and real in self._known:
            stand_in = self._known[real][0]
            if literal or kind in NAME_KINDS:
                return stand_in if literal else escape(stand_in)
            return r"\S+"
        if not literal:
            return NUMBER_PATTERN if kind == "number" else r"[A-Z0-9 ]+"
        if real not in self._stand_ins:
            self._stand_ins[real] = self._synthetic_like(real)
        return self._stand_ins[real]

    def _spans(self, value: str, min_digits: int) -> list[Span]:
        found: list[Span] = []
        for real in sorted(self._known, key=len, reverse=True):
            start = value.find(real)
            while start != -1:
                found.append(Span(start, start + len(real), self._known[real][1]))
                start = value.find(real, start + len(real))
        found.extend(Span(start, end, kind) for start, end, kind in contacts.find(value))
        for match in IBAN_SHAPE.finditer(value):
            found.append(Span(match.start(), match.end(), "iban"))
        for match in NUMBER.finditer(value):
            if sum(c.isdigit() for c in match.group()) >= min_digits:
                found.append(Span(match.start(), match.end(), "number"))
        found.extend(self._guard_spans(value))
        return _merge(found)

    def _guard_spans(self, value: str) -> list[Span]:
        """Spans of everything the guard recognises in ``value`` (its own detectors)."""
        if self.guard is None or not value.strip():
            return []
        record = EgressRecord.make(
            "POST",
            _SCRUB_URL,
            {"content-type": "application/json"},
            json.dumps({"t": value}, ensure_ascii=False),
            thread="mockmessenger-scrub",
        )
        spans = []
        for finding in self.guard.scan(record):
            if finding.span is None or finding.path != "$.t":
                continue
            start, end = finding.span  # (a finding's span is in the original text already)
            if 0 <= start < end <= len(value):
                spans.append(Span(start, end, "number" if _has_digit(value[start:end]) else "code"))
        return spans

    def _synthetic_like(self, real: str) -> str:
        """A Faker-random value with the shape of ``real`` that no detector confirms."""
        for _ in range(50):
            out = []
            for char in real:
                if _digit_value(char) is not None and char.isdigit():
                    out.append(_same_script_digit(char, self._rng.randrange(10)))
                elif char.isalpha() and char.isascii():
                    letter = self._faker.random_uppercase_letter()
                    out.append(letter if char.isupper() else letter.lower())
                else:
                    out.append(char)
            candidate = "".join(out)
            if candidate in self._used or candidate == real:
                continue
            if real[:2].isalpha() and real[:2].isupper():
                candidate = real[:2] + candidate[2:]  # keep an IBAN's country code
            if _looks_confirmed(candidate):
                continue
            self._used.add(candidate)
            return candidate
        raise ScrubError("could not make a stand-in")  # pragma: no cover - 50 misses in a row

    def _synthetic_id(self, kind: str, real: str) -> str:
        while True:
            if kind in ("psid", "page_id", "app_id", "user_ref") and real.isdigit():
                candidate = self._faker.numerify("#" * len(real))
                if candidate[0] == "0":
                    continue
                if 12 <= len(candidate) <= 19 and luhn_ok(candidate):
                    continue
            elif kind == "mid":
                candidate = "m_" + self._faker.hexify("^" * 32)
            elif kind == "signature":
                candidate = "sha256=" + self._faker.hexify("^" * 64)
            elif kind == "code":
                candidate = "code-" + self._faker.lexify("????????").lower()
            else:
                candidate = f"{kind.replace('_', '-')}-" + self._faker.lexify("??????????").lower()
            if candidate not in self._used and candidate != real:
                self._used.add(candidate)
                return candidate

    def _synthetic_contact(self, kind: str, real: str) -> str:
        """An example.com/org/net e-mail (RFC 2606), or a Faker street address (with a
        city when the real one had one)."""
        while True:
            if kind == "email":
                candidate = self._faker.safe_email()
            else:
                candidate = self._faker.street_address()
                if "," in real or "،" in real:
                    candidate += f", {self._faker.city()}"
            if candidate not in self._used and candidate != real:
                self._used.add(candidate)
                return candidate

    def _synthetic_name(self, kind: str, real: str) -> str:
        while True:
            candidate = self._faker.last_name() if kind == "last_name" else self._faker.first_name()
            candidate = candidate.split()[0]
            if candidate != real and candidate not in self._used:
                self._used.add(candidate)
                return candidate


def _has_digit(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _looks_confirmed(candidate: str) -> bool:
    """Would a checksum detector confirm this stand-in? (then draw another)."""
    digits = "".join(str(_digit_value(c)) for c in candidate if c.isdigit())
    if 12 <= len(digits) <= 19 and luhn_ok(digits):
        return True
    letters = compact(candidate)
    if IBAN_SHAPE.fullmatch(candidate.upper()) or (len(letters) >= 15 and letters[:2].isalpha()):
        from stdnum import iban

        return bool(iban.is_valid(letters))
    return False


def _merge(spans: list[Span]) -> list[Span]:
    """Overlapping spans become one, the earliest-registered kind winning (ids before numbers)."""
    kinds = (*CONTACT_KINDS, *ID_KINDS, *NAME_KINDS, "iban", "code")
    priority = {kind: i for i, kind in enumerate(kinds)}
    ordered = sorted(spans, key=lambda s: (s.start, -(s.end - s.start)))
    merged: list[Span] = []
    for span in ordered:
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            kinds = sorted((last.kind, span.kind), key=lambda k: priority.get(k, 99))
            if span.end > last.end and last.kind in (*ID_KINDS, *NAME_KINDS):
                merged[-1] = Span(last.start, span.end, "number")
            else:
                merged[-1] = Span(last.start, max(last.end, span.end), kinds[0])
            continue
        merged.append(span)
    return merged
