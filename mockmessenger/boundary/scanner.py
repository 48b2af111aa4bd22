"""One pass over a request's normalised text: candidate tokens for every detector.

The guard scans a whole request at once (all its fields joined), not field by
field. A cheap prefilter first asks whether the text holds anything a detector
could want (a digit run, an IBAN/BIC/NINO shape, a password word); hyperscan does
that in one database scan when it is installed, and a compiled combined regex
when it is not (``use_hyperscan=False`` forces the pure-Python path). Only then
does the tokenizer run, and validators only see its tokens.
"""

from __future__ import annotations

import contextlib
import functools
import re

from .detectors.base import Token
from .detectors.context import PASSWORD, SWIFT

_MASK = "*•●#xX·"
_M = re.escape(_MASK)

#: Check digits, or look-alike letters for them next to a digit (``SAO3``, ``SAOO 8000``).
_CHECK = rf"(?:[0-9{_M}]{{2}}|[0-9][OoIl|]|[OoIl|][0-9]|[OoIl|]{{2}}(?=[ .\-]?[0-9]))"
IBAN = rf"(?<![A-Za-z0-9])(?![xX]{{2}})[A-Za-z]{{2}}{_CHECK}(?:[ .\-]?[0-9A-Za-z|{_M}]){{10,32}}"
#: A UK NINO, its groups split by spaces, dashes or dots (``AB 12 34 56 C``, ``AB-12-34-56-C``).
NINO = (
    r"(?<![A-Za-z0-9])[A-Za-z]{2}[ .\-]?\d{2}[ .\-]?\d{2}[ .\-]?\d{2}[ .\-]?[A-Da-d](?![A-Za-z0-9])"
)
BIC = r"(?<![A-Za-z0-9])[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?(?![A-Za-z0-9])"
#: Two mask characters in a row somewhere in the run (a single one may come before them:
#: ``4123 456* **** 2349`` shows seven leading digits).
#: The lookaheads look no farther than a token can reach: unbounded, they read the rest of a
#: long run of digits and spaces again at every token (quadratic in a long message).
MASKED = rf"(?<![A-Za-z0-9{_M}])(?=[0-9{_M} .\-]{{0,66}}?[{_M}]{{2}})[0-9{_M}](?:[ \-.]?[0-9{_M}]){{5,33}}"
#: One mask symbol among digits (``4123 4567 8901 234*``, ``412345678901*349``): the guard asks
#: whether it hides a card (:meth:`.reveal.Revealed.could_hide_card`) and otherwise reads the
#: run as numbers again. A ``#`` is a mask only after digits (``#1234`` is a reference).
_ONE_MASK = "*•●"
_MASK_AFTER_DIGITS = rf"[0-9](?:[ .\-]?[0-9])*+[ .\-]?[{_ONE_MASK}#]"
MASKED1 = (
    rf"(?<![A-Za-z0-9{_M}])"
    rf"(?:(?:{_MASK_AFTER_DIGITS}|[{_ONE_MASK}])(?:[ .\-]?[0-9])++"  # digits after the mask
    rf"|[0-9](?:[ .\-]?[0-9]){{11,}}+[ .\-]?[{_ONE_MASK}#])"  # the mask last
    rf"(?![A-Za-z0-9{_M}])"
)
#: What a number's digit groups may be split by that :data:`NUM` does not take: a line break
#: (LF or CRLF, with spaces or tabs around it), a tab, four spaces, or one of ``: ; | + ~``.
_WIDE_SEPARATOR = r"(?:[ \t]{0,4}\r?\n[ \t]{0,4}|[ ]{0,3}\t[ \t]{0,3}|[ ]{4}|[ ]?[:;|+~][ ]?)"
#: Digit groups split by such whitespace somewhere (and elsewhere by what card numbers are
#: written with): only card numbers are looked for in it (Luhn, issuer, length); the guard
#: otherwise reads it as numbers, as if this reading did not exist.
WIDE = (
    rf"(?<![0-9])(?=[0-9 .\-]{{0,40}}?[0-9]{_WIDE_SEPARATOR}[0-9])"
    rf"[0-9]+(?:(?:{_WIDE_SEPARATOR}|[ ]{{1,3}}|[.\-])[0-9]+)++"
)
#: An IBAN with such whitespace, or two or three spaces, between its groups (``SA03\n8000``,
#: ``SA03  8000``), tried first: the guard reads it as above when it is no valid IBAN.
IBAN_WIDE = (
    rf"(?<![A-Za-z0-9])[A-Za-z]{{2}}[0-9]{{2}}"
    rf"(?=(?:[ .\-]?[0-9A-Za-z]){{0,34}}(?:{_WIDE_SEPARATOR}|[ ]{{2,3}})[0-9A-Za-z])"
    rf"(?:(?:{_WIDE_SEPARATOR}|[ ]{{1,3}}|[.\-])?[0-9A-Za-z]){{10,32}}"
)
#: Possessive (``*+``, ``++``) where nothing after a run could take back part of it: ``re``
#: then keeps no backtracking state per digit (a megabyte of digits took hundreds of megabytes).
NUM = r"(?<![0-9])[0-9](?:[ .,\-/_']{0,3}[0-9])*+"

TOKENS = re.compile(
    f"(?P<iban_wide>{IBAN_WIDE})|(?P<iban>{IBAN})|(?P<nino>{NINO})|(?P<bic>{BIC})"
    f"|(?P<masked>{MASKED})|(?P<masked1>{MASKED1})|(?P<wide>{WIDE})|(?P<num>{NUM})"
)
#: Token kinds that are a second reading of text: when the guard finds nothing in one, it reads
#: the same text again with :data:`PLAIN_TOKENS` (which never yields them).
SECOND_READINGS = frozenset(("iban_wide", "masked1", "wide"))
#: The tokens without the second readings.
PLAIN_TOKENS = re.compile(
    f"(?P<iban>{IBAN})|(?P<nino>{NINO})|(?P<bic>{BIC})|(?P<masked>{MASKED})|(?P<num>{NUM})"
)

#: What the prefilter looks for: the cheapest shapes that every token above contains.
TRIGGERS: tuple[tuple[str, bytes], ...] = (
    ("digits", rb"[0-9]"),  # an amount can be a single digit ("SAR 5")
    ("bic", rb"[A-Z]{6}[A-Z0-9]{2}"),
)


class RegexPrefilter:
    """Pure-Python prefilter: one compiled alternation."""

    name = "re"

    def __init__(self) -> None:
        self._pattern = re.compile("|".join(p.decode() for _, p in TRIGGERS))

    def wanted(self, text: str) -> tuple[bool, bool]:
        """(anything for the tokenizer, any password or SWIFT word: ``detectors.detect_said``)."""
        return self._pattern.search(text) is not None, (
            PASSWORD.search(text) is not None or SWIFT.search(text) is not None
        )


@functools.cache  # (compiled once a process: a guard is made per test, per thread)
def _prefilter_database() -> object:
    """The prefilter's database: every trigger, and the password and SWIFT words."""
    import hyperscan

    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    expressions = [p for _, p in TRIGGERS] + [
        w.encode("utf-8")
        for w in (
            "password",
            "passcode",
            "passwd",
            "pwd",
            "mot de passe",
            "passwort",
            "pin",
            "كلمة المرور",
            "كلمة السر",
            "الرقم السري",
            *SWIFT.latin,
            *SWIFT.arabic,
        )
    ]
    flags = [hyperscan.HS_FLAG_SINGLEMATCH] * len(TRIGGERS) + [
        hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_CASELESS
    ] * (len(expressions) - len(TRIGGERS))
    database.compile(expressions=expressions, ids=list(range(len(expressions))), flags=flags)
    return database


class HyperscanPrefilter:
    """Hyperscan prefilter: one block-mode database, stopping at the first match."""

    name = "hyperscan"

    def __init__(self) -> None:
        import hyperscan

        self._hs = hyperscan
        self._db = _prefilter_database()
        self._scratch = hyperscan.Scratch(self._db)
        self._shapes = len(TRIGGERS)

    def wanted(self, text: str) -> tuple[bool, bool]:
        """(anything for the tokenizer, any password or SWIFT word), in one scan."""
        found = [False, False]
        shapes = self._shapes

        def on_match(ident: int, *_: object) -> bool:
            found[0 if ident < shapes else 1] = True
            return found[0] and found[1]  # stop once both are known

        with contextlib.suppress(self._hs.ScanTerminated):
            self._db.scan(text.encode("utf-8"), match_event_handler=on_match, scratch=self._scratch)
        return found[0], found[1]


def make_prefilter(use_hyperscan: bool | None = None) -> RegexPrefilter | HyperscanPrefilter:
    """Hyperscan when available (or when asked), the regex path otherwise or when forced off."""
    if use_hyperscan is False:
        return RegexPrefilter()
    try:
        return HyperscanPrefilter()
    except Exception:  # hyperscan missing, or no wheel for this CPU
        if use_hyperscan:
            raise
        return RegexPrefilter()


#: Every token holds a digit, a mask character, or (a BIC) six capitals. Finding those takes three
#: fast scans (single character classes); the full alternation is then only tried, anchored, in
#: the few characters before each of them. Python's ``re`` would otherwise try all five
#: alternatives at every character of the text.
#: Each pattern comes with substrings one of which every match holds (None: always scan). A
#: substring test is a C ``memchr``-speed search; a ``re`` scan of a character class is not, and
#: most texts hold no mask character and no ``xx``.
_HINTS: tuple[tuple[re.Pattern[str], tuple[str, ...] | None], ...] = (
    (re.compile(r"[0-9]+"), None),
    (re.compile(r"[*•●#·]+"), tuple("*•●#·")),
    (re.compile(r"[xX]{2}"), ("xx", "xX", "Xx", "XX")),
    (re.compile(r"[A-Z]{6}"), None),
)
#: How far before a hint a token may start (``SA03``: 2; ``AB 12``: 3).
_LEAD = 4
#: The characters a token can start with: every alternative of TOKENS begins with a letter
#: (IBAN, NINO, BIC), a digit or a mask character (masked numbers, numbers).
_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789" + _MASK)
#: Every alternative of TOKENS refuses a digit right before it, and all but the numbers (NUM,
#: WIDE: a digit first) an ASCII letter too: ``card 4111`` is tried at ``4``, not at ``a``,
#: ``r`` and ``d`` (a match tried there fails, after trying every alternative).
_DIGITS = frozenset("0123456789")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")


class Tokenizer:
    """Candidate tokens of one text, leftmost first, from any position."""

    def __init__(self, text: str):
        self.text = text
        starts: set[int] = set()
        for pattern, needles in _HINTS:
            if needles is None or any(needle in text for needle in needles):
                starts.update([m.start() for m in pattern.finditer(text)])
        self._hints = sorted(starts)
        self._index = 0

    def next(self, position: int, plain: bool = False) -> Token | None:
        """The leftmost token starting at or after ``position``; ``plain``: no second reading
        (:data:`SECOND_READINGS`), as the guard asks when one held nothing."""
        hints, text = self._hints, self.text
        match = PLAIN_TOKENS.match if plain else TOKENS.match
        tried = position
        while self._index < len(hints):
            hint = hints[self._index]
            if hint < position:
                self._index += 1
                continue
            for start in range(max(tried, hint - _LEAD), hint + 1):
                char = text[start]
                if char not in _FIRST:
                    continue  # no token can start here (most lead positions: spaces, punctuation)
                if start:
                    before = text[start - 1]
                    if before in _DIGITS or (before in _LETTERS and char not in _DIGITS):
                        continue  # inside a word or a number
                found = match(text, start)
                if found is not None:
                    return Token(
                        found.lastgroup or "num", found.start(), found.end(), found.group(0)
                    )
            tried = hint + 1
            self._index += 1
        return None


def next_token(text: str, position: int) -> Token | None:
    """The leftmost candidate token at or after ``position`` (one-off; the guard uses a Tokenizer)."""
    return Tokenizer(text).next(position)
