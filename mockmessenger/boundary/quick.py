"""The quick check: one hyperscan pass over a whole request that proves most clean messages clean.

The full scan walks the JSON, joins every string with ``\\n``, normalises the text, tokenizes
it and asks the detectors about each token: hundreds of microseconds in Python. Most bot
replies hold nothing a detector could claim, and this check proves it from the raw request
bytes, without parsing them, in a few microseconds. It may only ever answer "clean" about a
request the full scan finds clean (``tests/boundary/test_guard_quick.py`` checks that on the
labelled corpus and on generated requests); when in doubt it answers "look closer".

What sends a request to the full scan:

- shapes no detector needs context for: a digit run some validator would accept (Luhn and an
  issuer range, an Emirates, Egyptian or French id; checked in Python for each long run), a
  dashed SSN, an IBAN or NINO shape, mask characters, an encoded layer (``%XX``, HTML
  entities, a base64 or hex run), a password word, two digits-only fields (they could join
  into a card), or in a thread any digits-only field (the guard remembers fragments);
- look-alike letters the normaliser would fold into a number (``4O11``);
- a context word near a number of the shape its detectors read (:data:`RULES`: a routing
  word within 40 characters before or 15 after a number of 5 digits or more, a balance word
  near an amount, a SWIFT word before a BIC, ...).

Characters the normaliser changes (other scripts' digits, odd spaces and dashes next to
digits, invisible characters) are translated as the normaliser would and the text scanned
again. JSON ``\\u`` escapes are decoded first (a ``requests`` bot escapes all Arabic text).

Distances are the subtle part. The detectors measure them in the guard's joined text, where
JSON quotes, colons, brackets and whitespace are gone and every field is one line; raw JSON
is never shorter, and padding can make it arbitrarily longer. So a distance here is a lower
bound of the joined one: the characters between the two places, minus every JSON structure
character and whitespace, counting a multi-byte character and a ``\\u`` escape once, minus
exempt fields the full scan skips. A word and a number inside one string holding JSON count
as touching: the guard walks that JSON again after the string, so their copies may meet.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
import hashlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stdnum import iban as stdnum_iban
from stdnum.fr import nir

from ..records import EgressRecord
from .decode import MIN_BASE64, open_base64
from .detectors import (
    account_number,
    amounts,
    card_cvv,
    card_expiry,
    card_number,
    credential,
    iban,
    national_id,
    routing_number,
    swift_bic,
)
from .detectors.base import DATE
from .detectors.card_number import is_card_number
from .detectors.context import (
    ACCOUNT,
    BALANCE,
    CARD_WORDS,
    CREDENTIAL,
    CVV,
    EXPIRY,
    NATIONAL_ID,
    NOT_SENSITIVE,
    PASSWORD,
    PUBLIC_AMOUNT,
    ROUTING,
    SWIFT,
    TRANSACTION,
    WordSet,
)
from .detectors.national_id import is_ae_eid, is_eg_nid
from .normalize import DASHES, INVISIBLE, PUNCTUATION, SPACES, translation_table
from .policy import Policy
from .walk import _envelope_fields

# -- what the detectors need ------------------------------------------------------------------


@dataclass(frozen=True)
class ContextRule:
    """A detector that needs a context word: its words, its window and the numbers it reads.

    ``shape`` names the numbers (see :meth:`_Context.readable`); ``rival`` the words that, when
    nearer, make the detector stand down: ``benign`` (order, phone, ref: ``Scan.context``) or
    ``public`` (fee, rate: :func:`amounts.public`).
    """

    words: WordSet
    before: int
    after: int
    shape: str
    low: int = 0
    high: int = 60
    rival: str | None = None
    threaded_only: bool = False


#: Every context-word detector, with the windows the detector modules define.
RULES: tuple[ContextRule, ...] = (
    ContextRule(ROUTING, routing_number.BEFORE, routing_number.AFTER, "digits", 5, 9, "benign"),
    ContextRule(
        ACCOUNT,
        account_number.BEFORE,
        account_number.AFTER,
        "account",
        account_number.MIN_DIGITS,
        account_number.MAX_DIGITS,
        "benign",
    ),
    ContextRule(NATIONAL_ID, national_id.BEFORE, national_id.AFTER, "digits", 7, 12, "benign"),
    ContextRule(EXPIRY, card_expiry.BEFORE, 0, "expiry", rival="benign"),
    ContextRule(CVV, card_cvv.BEFORE, 0, "code", 3, 4, "benign"),
    ContextRule(CREDENTIAL, credential.BEFORE, 0, "code", 4, 8, "benign"),
    ContextRule(BALANCE, amounts.REACH_CURRENCY, amounts.AFTER, "amount", rival="public"),
    ContextRule(TRANSACTION, amounts.REACH_CURRENCY, amounts.AFTER, "amount", rival="public"),
    ContextRule(SWIFT, swift_bic.BEFORE, 0, "bic", rival="benign"),
    # a 12-digit card number is only one with a card word near it (a session id otherwise)
    ContextRule(CARD_WORDS, card_number.CARD12_BEFORE, card_number.CARD12_AFTER, "card12", 12, 12),
    # number fragments near card words join fragments of other messages of the thread
    ContextRule(
        CARD_WORDS,
        card_number.SPLIT_BEFORE,
        card_number.SPLIT_AFTER,
        "digits",
        3,
        12,
        threaded_only=True,
    ),
)
#: The distinct word sets of :data:`RULES` (two rules may read one set), and their rules.
WORD_GROUPS: tuple[WordSet, ...] = tuple({rule.words.index: rule.words for rule in RULES}.values())
GROUP_RULES: tuple[tuple[int, ...], ...] = tuple(
    tuple(i for i, rule in enumerate(RULES) if rule.words is words) for words in WORD_GROUPS
)
#: Word sets that make a detector stand down, by the rival name rules use.
RIVALS: dict[str, WordSet] = {"benign": NOT_SENSITIVE, "public": PUBLIC_AMOUNT}


# -- the patterns -------------------------------------------------------------------------------


def _hs_class(chars: str) -> str:
    return "".join(f"\\x{{{ord(c):04X}}}" for c in sorted(set(chars)))


def _digit_ranges() -> str:
    """Every character the normaliser turns into an ASCII digit, as hyperscan class ranges."""
    codes = sorted(code for code, value in translation_table().items() if value and value.isdigit())
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return "".join(f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" for a, b in ranges)


#: What lies between two fields in raw JSON (and between words or a currency and its number).
_JSON_GAP = r"""(?:[\s",:\[\]{}]|\\[nrt"])*"""
#: A Latin word starts after a non-letter (``\\n`` in raw JSON is a line break in the text).
_NUM_SEPARATORS = r"[ .,\-/_']"
_LOOKALIKE = "OoIl|"


def _join(word: str) -> str:
    """A context word for hyperscan: its spaces match whatever the normaliser reads as one."""
    joiner = f"(?:[ _\\-{_hs_class(SPACES + DASHES)}]|{_JSON_GAP[3:-2]})*"
    return joiner.join(re.escape(part) for part in word.split(" "))


def word_pattern(words: WordSet) -> str:
    """One word set as a hyperscan alternation of literals.

    Latin words must not touch other letters; that is checked in Python on each match
    (:func:`bounded`): a class before every literal would cost hyperscan its literal search.
    """
    latin = sorted({_join(w) for w in words.latin}, key=lambda w: (-len(w), w))
    arabic = sorted({re.escape(w) for w in words.arabic}, key=lambda w: (-len(w), w))
    return "|".join(latin + arabic)


def bounded(data: bytes, start: int, end: int) -> bool:
    """A word match as the context index counts it: a Latin word touches no ASCII letter.

    A letter after a backslash (``\\n``) is an escape: a line break in the joined text.
    """
    if data[start] >= 0x80:
        return True  # an Arabic word: no boundaries
    if start:
        before = data[start - 1]
        if (65 <= before <= 90 or 97 <= before <= 122) and not (
            start > 1 and data[start - 2] == 0x5C
        ):
            return False
    if end < len(data):
        after = data[end]
        if 65 <= after <= 90 or 97 <= after <= 122:
            return False
    return True


def _currency_pattern() -> str:
    """Any currency symbol, code or Arabic name: whether one stands next to a number is
    asked in Python, per number (:meth:`_Context._currency_next_to`)."""
    return f"[$€£¥₹﷼]|{amounts._CODES.replace(chr(92) + '$', chr(92) + 'x24')}|{amounts._ARABIC}"


# -- the window patterns: over a compressed text, where distances never exceed the joined ones --

#: JSON structure and escapes' backslashes become spaces, then every run of whitespace one space
#: (:func:`compress`): between two fields the joined text has one line break, here one space;
#: inside a string, runs shrink. Hyperscan counts UTF-8 characters, as the joined text does.
_STRUCTURE = bytes.maketrans(b'":,[]{}\\', b"        ")
#: Two-character escapes, as the one character they stand for (``\\u`` is decoded before).
_ESCAPES = ((b"\\n", b"\n"), (b"\\r", b"\n"), (b"\\t", b" "), (b'\\"', b'"'), (b"\\\\", b" "))
_WSEP = r"[ .\-/_']"  # a number's separators here (commas became spaces)


def compress(data: bytes) -> bytes:
    """The raw request with JSON structure gone: distances here are at most the joined text's."""
    if b"\\" in data:
        for escape, char in _ESCAPES:
            data = data.replace(escape, char)
    return b" ".join(data.translate(_STRUCTURE).split())


def window_patterns(rule: ContextRule) -> list[tuple[str, bool]]:
    """(pattern, needs a currency in the request): a rule's word within its window of a number
    it could read, over :func:`compress` text. Words unbounded here (Python bounds them)."""
    words = f"(?:{word_pattern(rule.words)})"
    if rule.shape == "amount":
        decimal = "[., '][0-9]{2}"  # 12.50, 12,50, 1,234 and 1 234 (commas are spaces here)
        return [
            (f"{words}.{{0,{rule.before}}}[0-9](?:[0-9]|{_WSEP})*?{decimal}", False),
            (f"{decimal}(?:[0-9]|{_WSEP})*.{{0,{rule.after}}}{words}", False),
            # next to a currency (asked in Python): any number in reach
            (f"{words}.{{0,{rule.before + 2}}}[0-9]|[0-9].{{0,{rule.after + 2}}}{words}", True),
        ]
    if rule.shape == "expiry":
        number = r"[0-9]{1,2} ?[/\-.] ?[0-9]{2}"
    elif rule.shape == "bic":
        number = "(?-i:[A-Z]{6}[A-Z0-9]{2})"
    else:
        number = f"[0-9](?:{_WSEP}{{0,3}}[0-9]){{{max(rule.low, 1) - 1}}}"
    pattern = f"{words}.{{0,{rule.before}}}{number}"
    if rule.after:
        pattern += f"|{number}.{{0,{rule.after}}}{words}"
    return [(pattern, False)]


def window_database_patterns() -> list[tuple[str, int, bool]]:
    """(pattern, rule index, needs a currency) for the window database."""
    return [
        (pattern, index, currency)
        for index, rule in enumerate(RULES)
        for pattern, currency in window_patterns(rule)
    ]


# Kinds of pattern, by what a match means.
#: A run that could be base64 (:func:`decode.could_be_base64`: lower case with upper case or
#: digits), at least ``decode.MIN_BASE64`` long (hyperscan's minimum-length extension).
_B64 = r"[A-Za-z0-9+/_\-]"
_BASE64_CANDIDATE = f"{_B64}*[a-z]{_B64}*[A-Z0-9]{_B64}*|{_B64}*[A-Z0-9]{_B64}*[a-z]{_B64}*"

(
    HARD,
    NORMALIZE,
    DIGIT_RUN,
    LOOKALIKES,
    FIELD,
    FIELDS,
    CURRENCY,
    WORD,
    RIVAL,
    IBAN,
    MASK,
    BASE64,
    EMBEDDED,
) = range(13)
#: A field holding nothing but a number (a fragment of a split value), before its delimiter.
_FIELD = r"""[{\[,:]\s*\\?"?\s*[0-9][0-9 .\-]+[0-9]\s*\\?"?\s*"""
_LINE_FIELD = r"\n\s*[0-9][0-9 .\-]+[0-9]\s*\n"


def hyperscan_patterns() -> list[tuple[str, int, int, bool]]:
    """(pattern, kind, rule index or -1, caseless) for the database, in id order."""
    odd = _hs_class(SPACES.replace("\t", "") + DASHES + "".join(PUNCTUATION))
    password = "|".join(_join(w) for w in PASSWORD.latin + PASSWORD.arabic)
    patterns: list[tuple[str, int, int, bool]] = [
        (r"[0-9]{3}-[0-9]{2}-[0-9]{4}", HARD, -1, False),  # a dashed SSN
        (r"[A-Za-z]{2}[0-9]{2}[ .\-]?[A-Za-z0-9]{4}", IBAN, -1, False),  # checked in Python
        (r"[A-Za-z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d]", HARD, -1, False),  # a NINO
        (r"[*\x{2022}\x{25CF}#\x{00B7}xX]{2}", MASK, -1, False),  # checked in Python
        (
            r"%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|&#|&[A-Za-z][A-Za-z0-9]{1,31};|[0-9A-Fa-f]{16}",
            HARD,
            -1,
            False,
        ),  # encoded layers
        (_BASE64_CANDIDATE, BASE64, -1, False),  # 12+ characters long; checked in Python
        (r"\\t|\\/", HARD, -1, False),  # a tab joins digit groups; so does an escaped slash
        (
            f"(?:{password}){_JSON_GAP}(?:is|was|:|=|هي|est|ist|->)",
            HARD,
            -1,
            True,
        ),  # "password: ..."
        (f"[{_digit_ranges()}]", NORMALIZE, -1, False),
        (f"[{_hs_class(INVISIBLE)}]", NORMALIZE, -1, False),
        (
            f"[0-9]{_NUM_SEPARATORS}{{0,2}}[{odd}]|[{odd}]{_NUM_SEPARATORS}{{0,2}}[0-9]",
            NORMALIZE,
            -1,
            False,
        ),
        (
            f"[0-9]{_NUM_SEPARATORS}{{0,3}}\\t|\\t{_NUM_SEPARATORS}{{0,3}}[0-9]",
            NORMALIZE,
            -1,
            False,
        ),
        (f"[0-9](?:{_NUM_SEPARATORS}{{0,3}}[0-9]){{9,}}", DIGIT_RUN, -1, False),
        (r"[OoIl|][ .\-]?[0-9]|[0-9][ .\-]?[OoIl|]", LOOKALIKES, -1, False),
        (f"{_FIELD}[,}}\\]]|{_LINE_FIELD}", FIELD, -1, False),
        (f"(?:{_FIELD}|{_LINE_FIELD}).*(?:{_FIELD}[,}}\\]]|{_LINE_FIELD})", FIELDS, -1, False),
        (_currency_pattern(), CURRENCY, -1, True),
    ]
    for index, word_set in enumerate(WORD_GROUPS):
        patterns.append((word_pattern(word_set), WORD, index, True))
    patterns.append(('"[{\\[]', EMBEDDED, -1, False))  # a string holding JSON
    for index, name in enumerate(RIVALS):
        patterns.append((word_pattern(RIVALS[name]), RIVAL, index, True))
    return patterns


# -- Python-side checks ------------------------------------------------------------------------

_GROUPS = re.compile(rb"[0-9]+")


def plausible(run: bytes) -> bool:
    """Could a detector that needs no context word claim this digit run (or a run of its groups)?

    Cards (Luhn, issuer, length), Emirates IDs, Egyptian ids and French NIRs; every weaker
    number needs a context word, which :data:`RULES` look for.
    """
    if len(run.translate(None, _SEPARATOR_BYTES)) <= card_number.MIN_DIGITS:
        return False  # nothing that needs no context word is this short (12 digits: a rule)
    groups = [g.decode() for g in _GROUPS.findall(run)]
    digits = "".join(groups)
    length = len(digits)
    if (card_number.MIN_DIGITS < length <= card_number.MAX_DIGITS and is_card_number(digits)) or (
        (length == 15 and (is_ae_eid(digits) or nir.is_valid(digits)))
        or (length == 14 and is_eg_nid(digits))
    ):
        return True  # (a whole 12-digit card needs a card word: a context rule)
    if len(groups) < 2 or any(len(g) < 3 for g in groups):
        return False
    for first in range(len(groups)):
        joined = ""
        for last in range(first, len(groups)):
            joined += groups[last]
            if len(joined) > 19:
                break
            if is_card_number(joined):
                return True
    return False


#: As the normaliser's look-alike runs, where ``\\n`` before a run is a line break.
_LOOKALIKE_RUN = re.compile(
    rb"(?:(?<=\\[a-z])|(?<![A-Za-z0-9]))[0-9OoIl|](?:[ .\-]?[0-9OoIl|])+(?![A-Za-z])"
)


def folds_lookalikes(data: bytes) -> bool:
    """True when the normaliser would turn look-alike letters in ``data`` into digits."""
    for match in _LOOKALIKE_RUN.finditer(data):
        run = match.group(0)
        digits = sum(1 for c in run if 48 <= c <= 57)
        letters = len(run) - run.count(b" ") - run.count(b"-") - run.count(b".")
        if digits >= 4 and digits >= (letters * 2) // 3 and digits < letters:
            return True
    return False


_BASE64_RUN = re.compile(rb"[A-Za-z0-9+/_\-]{12,}={0,2}")


def opens_base64(data: bytes) -> bool:
    """Would the guard's base64 opener decode a run here into text (:func:`decode.open_base64`)?

    Asked only of runs that could be base64 at all (identifiers and constants are refused
    cheaply); a run right after a ``\\n``-style escape is also asked without its first letter.
    """
    for match in _BASE64_RUN.finditer(data):
        raw = match.group(0)
        lower = raw.upper() != raw
        if not lower or (raw.lower() == raw and raw.translate(None, b"0123456789") == raw):
            continue  # as decode.could_be_base64, on bytes: lower case, and upper case or digits
        run = raw.decode("ascii")
        runs = [run]
        start = match.start()
        if start > 0 and data[start - 1] == 0x5C:
            runs.append(run[1:])
        if any(open_base64(candidate) for candidate in runs):
            return True
    return False


_NUMBER = re.compile(rb"[0-9](?:[ .,\-/_']{0,3}[0-9])*")
_BIC = re.compile(rb"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_DIGIT_RUN = re.compile(rb"[0-9](?:[ .,\-/_']{0,3}[0-9]){9,}")
_IBAN = re.compile(rb"[A-Za-z]{2}[0-9]{2}(?:[ .\-]?[0-9A-Za-z]){10,32}")
_IBAN_START = re.compile(rb"(?=[A-Za-z]{2}[0-9]{2})")  # every start, overlapping ones too
_MASKED = re.compile("(?:[0-9*•●#xX·][ .\\-]?)*[*•●#xX·]{2}(?:[ .\\-]?[0-9*•●#xX·])*".encode())
_MASK_POSITIONS = re.compile("[0-9*•●#xX·]".encode())
_AMOUNT_SHAPE = re.compile(rb"[.,][0-9]{2}|[0-9][,. ][0-9]{3}")
_EMBEDDED = re.compile(rb'"[\[{](?:[^"\\]|\\.)*"')
#: What never counts in the joined text's distances: JSON structure, whitespace, escapes'
#: backslashes, and UTF-8 continuation bytes (a character counts once).
_NOT_COUNTED = b' \t\r\n"\\:,[]{}' + bytes(range(0x80, 0xC0))
_SEPARATOR_BYTES = b" .,-/_'"
_GAP_BYTES = b' \t\r\n"\\:,[]{}'
_RECIPIENT_ID = re.compile(rb'"recipient"\s*:\s*\{\s*"id"\s*:\s*"([0-9]{1,40})"')
_JSON_ESCAPES_ONLY = re.compile(rb'\\[^"\\/bfnrtu]|\\/')
_CURRENCY_BEFORE = re.compile(
    f"(?:[$€£¥₹﷼]|(?<![A-Za-z])(?:{amounts._CODES})|{amounts._ARABIC})[-+]?$".encode(),
    re.IGNORECASE,
)
_CURRENCY_AFTER = re.compile(
    f"^(?:[$€£¥₹﷼]|(?:{amounts._CODES})(?![A-Za-z])|{amounts._ARABIC})".encode(), re.IGNORECASE
)
_EXPIRY = card_expiry._EXPIRY
_DATE = re.compile(DATE.pattern.encode())


def iban_candidate(data: bytes, start: int) -> bool:
    """Is there a valid IBAN (stdnum, the country's length) starting at ``start``?"""
    found = _IBAN.match(data, start)
    if found is None:
        return False
    chars = bytes(c for c in found.group(0) if c not in b" .-").decode().upper()
    length = iban.country_lengths().get(chars[:2])
    return length is not None and len(chars) >= length and stdnum_iban.is_valid(chars[:length])


def masked_candidate(data: bytes, start: int, end: int) -> bool:
    """Could the tokenizer read a masked number here (six or more digit or mask positions)?"""
    found = _MASKED.search(data, max(0, start - 80), end + 80)
    while found is not None:
        if found.start() <= start and len(_MASK_POSITIONS.findall(found.group(0))) >= 6:
            return True
        if found.start() > start:
            return False
        found = _MASKED.search(data, found.end(), end + 80)
    return False


@functools.cache
def _exempt_field(key: bytes) -> re.Pattern[bytes]:
    """An exempt key and its value in raw JSON."""
    return re.compile(re.escape(key) + rb'\s*:\s*("(?:[^"\\]|\\.)*"|[^,}\]\s]*)')


class _Context:
    """Answers "is a context word near a number its detector reads?" for one request.

    ``words`` and ``rivals`` are (set index, start, end) of every match in the raw bytes.
    """

    def __init__(
        self,
        data: bytes,
        currency: bool,
        decoded: bool,
        exempt: tuple[bytes, ...],
        rivals: list[tuple[int, int, int]],
    ):
        self.data = data
        self.currency = currency
        self.decoded = decoded
        self._rivals = rivals
        self._numbers: list[tuple[int, int, bytes, int]] | None = None
        self._bics: list[tuple[int, int, bytes]] | None = None
        self._embedded: list[tuple[int, int]] | None = None
        self._exempt_keys = exempt
        self._exempt: list[tuple[int, int]] | None = None
        self._readable: dict[tuple[str, int, int, int], bool] = {}

    # -- candidates ---------------------------------------------------------------------------

    def numbers(self) -> list[tuple[int, int, bytes, int]]:
        if self._numbers is None:
            self._numbers = [
                (m.start(), m.end(), m.group(0), len(m.group(0).translate(None, _SEPARATOR_BYTES)))
                for m in _NUMBER.finditer(self.data)
            ]
        return self._numbers

    def bics(self) -> list[tuple[int, int, bytes]]:
        if self._bics is None:
            self._bics = [(m.start(), m.end(), m.group(0)) for m in _BIC.finditer(self.data)]
        return self._bics

    def _glued_before(self, start: int) -> bool:
        """A letter right before (not the letter of a ``\\n``-style escape)."""
        data = self.data
        return (
            start > 0
            and chr(data[start - 1]).isalpha()
            and data[start - 1] < 0x80
            and not (start > 1 and data[start - 2] == 0x5C)
        )

    def _glued_after(self, end: int) -> bool:
        return end < len(self.data) and self.data[end] < 0x80 and chr(self.data[end]).isalpha()

    def _forms(self, start: int, end: int, text: bytes) -> list[tuple[int, bytes]]:
        """What the detectors read of a number token: itself, unless glued to letters, and
        without its first group when a letter is right before it (``CVC2 284``)."""
        forms = []
        glued_before = self._glued_before(start)
        if not glued_before and not self._glued_after(end) and not _DATE.fullmatch(text):
            forms.append((start, text))
        if glued_before:
            digits_end = 0
            while digits_end < len(text) and 48 <= text[digits_end] <= 57:
                digits_end += 1
            rest = text[digits_end:].lstrip(b" .,-/_'")
            if rest and not _DATE.fullmatch(rest):
                forms.append((end - len(rest), rest))
        return forms

    def _currency_next_to(self, start: int, end: int) -> bool:
        if not self.currency:
            return False
        data = self.data
        before = data[max(0, start - 48) : start].rstrip(_GAP_BYTES)
        after = data[end : end + 48].lstrip(_GAP_BYTES)
        return bool(_CURRENCY_BEFORE.search(before) or _CURRENCY_AFTER.search(after))

    def readable(
        self, rule: ContextRule, start: int, end: int, text: bytes, *, cheap: bool = False
    ) -> bool:
        """Could the rule's detector read this candidate? (Never False when it could.)

        ``cheap``: for amounts, any currency in the request will do (asked before distances;
        whether one stands next to this number is asked after, of the few in reach).
        """
        if cheap and rule.shape == "amount":
            return self.currency or _AMOUNT_SHAPE.search(text) is not None
        key = (rule.shape, rule.low, rule.high, start)
        known = self._readable.get(key)
        if known is None:
            known = self._readable[key] = self._readable_now(rule, start, end, text)
        return known

    def _readable_now(self, rule: ContextRule, start: int, end: int, text: bytes) -> bool:
        shape = rule.shape
        if shape in ("digits", "code", "account") and (
            len(text.translate(None, _SEPARATOR_BYTES)) < rule.low
        ):
            return False  # too few digits, even whole
        if shape == "bic":
            value = text.decode()
            return value not in swift_bic.NOT_BICS and swift_bic._is_valid(value)
        if shape == "card12":
            digits = text.translate(None, _SEPARATOR_BYTES)
            return len(digits) == card_number.MIN_DIGITS and is_card_number(digits.decode())
        if shape == "amount":
            return _AMOUNT_SHAPE.search(text) is not None or self._currency_next_to(start, end)
        for form_start, form in self._forms(start, end, text):
            if shape == "expiry":
                if _EXPIRY.match(form.decode().strip()):
                    return True
                continue
            count = len(form.translate(None, _SEPARATOR_BYTES))
            if not rule.low <= count <= rule.high:
                continue
            if shape == "code":
                if form.isdigit() and self.data[form_start - 1 : form_start] not in (b"+", b"#"):
                    return True
            elif shape == "account":
                if self.data[form_start - 1 : form_start] != b"+" and not (
                    form.count(b".") == 1 or form.count(b",") >= 1
                ):
                    return True
            else:
                return True
        return False

    # -- distances ----------------------------------------------------------------------------

    def embedded(self) -> list[tuple[int, int]]:
        """Spans of strings holding JSON (their content is walked twice by the guard)."""
        if self._embedded is None:
            data = self.data
            if b'"{' not in data and b'"[' not in data:
                self._embedded = []
            elif self.decoded:  # quotes were unescaped: no telling where such a string ends
                self._embedded = [(0, len(data))]
            else:
                self._embedded = [m.span() for m in _EMBEDDED.finditer(data)]
        return self._embedded

    def exempt(self) -> list[tuple[int, int]]:
        """Spans of fields the guard skips (their characters are not in the joined text)."""
        if self._exempt is None:
            spans = []
            for key in self._exempt_keys:
                if key in self.data:
                    spans.extend(m.span() for m in _exempt_field(key).finditer(self.data))
            self._exempt = spans
        return self._exempt

    def lower(self, start: int, end: int) -> int:
        """A lower bound of the joined-text distance between two raw positions."""
        if end <= start:
            return 0
        gap = self.data[start:end]
        count = len(gap.translate(None, _NOT_COUNTED))
        if self.decoded:
            count -= 5 * gap.count(b"\\u")
        for low, high in self._exempt if self._exempt is not None else self.exempt():
            if low < end and high > start:
                count -= min(high, end) - max(low, start)
        return count

    def upper(self, start: int, end: int) -> int | None:
        """An upper bound of the joined-text distance, or None when there is none.

        Raw text is never shorter than the joined text between two places, except where the
        guard walks a JSON string's content again after it.
        """
        if self.embedded():
            return None
        return max(0, end - start)

    def _distances(
        self,
        rule: ContextRule,
        hits: list[tuple[int, int]],
        candidates: list[Any],
    ) -> dict[int, int]:
        """For candidates with a rule word in their window: a lower bound of the nearest one's
        distance, by candidate index.

        Lower bounds grow with distance, so from each word the walk forward (its "before"
        window) and backward (its "after" window) stops at the first candidate out of reach.
        """
        found: dict[int, int] = {}
        starts = [c[0] for c in candidates]
        spans = self.embedded()
        for word_start, word_end in hits:
            index = bisect.bisect_left(starts, word_start)
            for position in range(index, len(candidates)):  # numbers after the word
                start, end = candidates[position][:2]
                if start < word_end:
                    distance = 0  # a boundary character shared with the word
                else:
                    distance = self.lower(word_end, start)
                    if distance > rule.before:
                        break
                if distance < found.get(position, distance + 1):
                    found[position] = distance
            if rule.after:
                for position in range(index - 1, -1, -1):  # numbers before the word
                    start, end = candidates[position][:2]
                    distance = 0 if end > word_start else self.lower(end, word_start)
                    if distance > rule.after:
                        break
                    if distance < found.get(position, distance + 1):
                        found[position] = distance
            for low, high in spans:  # the guard walks JSON inside a string twice
                if low <= word_start < high:
                    for position, candidate in enumerate(candidates):
                        if low <= candidate[0] < high:
                            found[position] = 0
        return found

    def _rival_nearer(self, rule: ContextRule, start: int, end: int, distance: int) -> bool:
        """Certainly a rival word within the window and as near as the context word.

        Upper bounds of raw distances, measured to the number's farthest reading and from
        the word's farthest edge (hyperscan's spans include one boundary character).
        """
        index = list(RIVALS).index(rule.rival) if rule.rival else -1
        public = rule.rival == "public"
        for rival, word_start, word_end in self._rivals:
            if rival != index:
                continue
            if word_end <= start:
                reach = self.upper(word_start, end)
                if reach is None or reach > (40 if public else rule.before):
                    continue
                if public:
                    return True  # a fee or a rate: amounts.public
                nearest = self.upper(max(word_start, word_end - 1), end)
                if nearest is not None and nearest <= distance:
                    return True
            elif word_start >= end and not public and rule.after:
                reach = self.upper(end, word_end)
                nearest = self.upper(end, word_start)
                if (
                    reach is not None
                    and nearest is not None
                    and reach <= rule.after
                    and nearest + 1 <= distance
                ):
                    return True
        return False

    def risky(self, words: list[tuple[int, int, int]], threaded: bool) -> bool:
        by_group: dict[int, list[tuple[int, int]]] = {}
        for group, start, end in words:
            by_group.setdefault(group, []).append((start, end))
        for group, hits in by_group.items():
            for rule_index in GROUP_RULES[group]:
                if self._rule_risky(RULES[rule_index], hits, threaded):
                    return True
        return False

    def _rule_risky(self, rule: ContextRule, hits: list[tuple[int, int]], threaded: bool) -> bool:
        if rule.threaded_only and not threaded:
            return False
        shape = rule.shape
        if shape == "bic":
            candidates = self.bics()
        elif shape == "amount":
            candidates = [
                n for n in self.numbers() if self.currency or _AMOUNT_SHAPE.search(n[2]) is not None
            ]
        elif shape == "expiry":
            candidates = [n for n in self.numbers() if n[3] >= 3]
        else:
            candidates = [n for n in self.numbers() if n[3] >= rule.low]
        if not candidates:
            return False  # the cheap question first: most numbers are no rule's shape
        for position, distance in self._distances(rule, hits, candidates).items():
            start, end, text = candidates[position][:3]
            if not self.readable(rule, start, end, text):
                continue
            if rule.rival and self._rival_nearer(rule, start, end, distance):
                continue
            return True
        return False


class _RegexRisk:
    """Pure Python: any digit, escape, base64-looking run or password/SWIFT word is a risk."""

    name = "re"

    def __init__(self) -> None:
        self._digit = re.compile(r"\d")
        self._escape = re.compile(r"%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|&#|&[A-Za-z]+;")
        self._invisible = re.compile(f"[{re.escape(INVISIBLE)}]")
        self._lowered_words = tuple(
            w.lower() for w in (*PASSWORD.latin, *PASSWORD.arabic, *SWIFT.latin, *SWIFT.arabic)
        )

    #: The Graph API version leading the URL (``v25.0``): a token no detector can claim (one
    #: decimal, too few digits, glued to a letter), so its digits do not count here.
    _VERSION = re.compile(rb"\nv[0-9]{1,3}(?:\.[0-9]{1,2})?\n")

    def risky(self, data: bytes, threaded: bool = False) -> bool:
        version = self._VERSION.match(data)
        if version is not None:
            data = data[version.end() - 1 :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return True
        if self._digit.search(text) or self._escape.search(text):
            return True
        if folds_lookalikes(data) or self._invisible.search(text):
            return True
        lowered = text.lower()
        if any(word in lowered for word in self._lowered_words):
            return True
        return opens_base64(data)


_COMPILED: tuple[object, tuple[int, ...], tuple[int, ...]] | None = None
_COMPILE_LOCK = threading.Lock()


def _database() -> tuple[object, tuple[int, ...], tuple[int, ...]]:
    """The quick-check database (kind and rule per id): compiled once per process, or loaded
    from the on-disk cache.

    Compiling takes seconds (many Unicode words); a serialised database keyed by the patterns
    and the hyperscan version loads in well under a millisecond.
    """
    global _COMPILED
    with _COMPILE_LOCK:
        if _COMPILED is None:
            import hyperscan

            patterns = hyperscan_patterns()
            base = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_DOTALL
            expressions = [p.encode("utf-8") for p, _, _, _ in patterns]
            flags = []
            for _, kind, _, caseless in patterns:
                flag = base | (hyperscan.HS_FLAG_CASELESS if caseless else 0)
                if kind in (WORD, RIVAL, CURRENCY):
                    flag |= hyperscan.HS_FLAG_SOM_LEFTMOST  # where, judged in Python
                else:
                    flag |= hyperscan.HS_FLAG_SINGLEMATCH  # that it matched: Python looks closer
                flags.append(flag)
            version = getattr(hyperscan, "__version__", "")
            key = hashlib.sha256(
                repr((expressions, flags, version, MIN_BASE64)).encode()
            ).hexdigest()[:24]
            database = _load_cached(hyperscan, key)
            if database is None:
                database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                no_extension = (0, 0, 0, 0, 0, 0)
                minimum = (hyperscan.HS_EXT_FLAG_MIN_LENGTH, 0, 0, MIN_BASE64, 0, 0)
                database.compile(
                    expressions=expressions,
                    ids=list(range(len(expressions))),
                    flags=flags,
                    ext=[minimum if kind == BASE64 else no_extension for _, kind, _, _ in patterns],
                )
                _store_cached(hyperscan, key, database)
            _COMPILED = (
                database,
                tuple(kind for _, kind, _, _ in patterns),
                tuple(rule for _, _, rule, _ in patterns),
            )
        return _COMPILED


def cache_dir() -> Path:
    """Where compiled databases are kept: ``$MOCKMESSENGER_CACHE``, else the user's cache folder."""
    configured = os.environ.get("MOCKMESSENGER_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mockmessenger"


def _load_cached(hyperscan: Any, key: str) -> object | None:
    path = cache_dir() / f"quick-{key}.hsdb"
    try:
        return hyperscan.loadb(path.read_bytes(), mode=hyperscan.HS_MODE_BLOCK)
    except Exception:  # missing, unreadable or from another build: compile instead
        return None


def _store_cached(hyperscan: Any, key: str, database: object) -> None:
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temporary = folder / f".quick-{key}.{os.getpid()}.tmp"
        temporary.write_bytes(hyperscan.dumpb(database))
        temporary.replace(
            folder / f"quick-{key}.hsdb"
        )  # atomic: parallel workers never read half a file
    except Exception:  # a read-only home is fine: the next process compiles again
        return


_WINDOWS: tuple[object, tuple[int, ...], tuple[bool, ...]] | None = None


def _window_database() -> tuple[object, tuple[int, ...], tuple[bool, ...]]:
    """The window database (rule and currency need per id), compiled once or loaded from disk."""
    global _WINDOWS
    with _COMPILE_LOCK:
        if _WINDOWS is None:
            import hyperscan

            patterns = window_database_patterns()
            expressions = [p.encode("utf-8") for p, _, _ in patterns]
            flag = (
                hyperscan.HS_FLAG_UTF8
                | hyperscan.HS_FLAG_UCP
                | hyperscan.HS_FLAG_DOTALL
                | hyperscan.HS_FLAG_CASELESS
                | hyperscan.HS_FLAG_SINGLEMATCH
            )
            version = getattr(hyperscan, "__version__", "")
            key = hashlib.sha256(repr((expressions, flag, version)).encode()).hexdigest()[:24]
            database = _load_cached(hyperscan, f"windows-{key}")
            if database is None:
                database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                database.compile(
                    expressions=expressions,
                    ids=list(range(len(expressions))),
                    flags=[flag] * len(expressions),
                )
                _store_cached(hyperscan, f"windows-{key}", database)
            _WINDOWS = (
                database,
                tuple(rule for _, rule, _ in patterns),
                tuple(currency for _, _, currency in patterns),
            )
        return _WINDOWS


def _word_in_embedded(data: bytes, words: list[tuple[int, int, int]], decoded: bool) -> bool:
    """A context word inside a string holding JSON: the guard walks that JSON again after the
    string, so the word may meet a copy of a number from anywhere in it."""
    if decoded:
        return True  # its quotes were unescaped: no telling where such a string ends
    spans = [m.span() for m in _EMBEDDED.finditer(data)]
    return any(low <= start < high for _, start, _ in words for low, high in spans)


class _HyperscanRisk:
    """The precise check: one hyperscan database over the raw bytes, then the context rules."""

    name = "hyperscan"

    def __init__(self, exempt_keys: tuple[bytes, ...] = ()) -> None:
        import hyperscan

        self._hs = hyperscan
        self._db, self._kinds, self._rules = _database()
        self._scratch = hyperscan.Scratch(self._db)
        self._window_db, self._window_rules, self._window_currency = _window_database()
        self._window_scratch = hyperscan.Scratch(self._window_db)
        self._exempt_keys = exempt_keys
        #: Exempt fields the window patterns cannot see past (the recipient's id is cut out).
        self._skipped_keys = tuple(key for key in exempt_keys if key != b'"id"')
        self._lock = threading.Lock()  # one scratch space: one scan at a time

    def risky(self, data: bytes, threaded: bool = False) -> bool:
        decoded = False
        if b"\\u" in data:
            # a JSON body with \\u escapes (Python's json.dumps writes Arabic so): read it as text
            if not data.isascii() or _JSON_ESCAPES_ONLY.search(data):
                return True
            try:
                data = data.decode("unicode_escape").encode("utf-8")
            except (UnicodeError, ValueError):
                return True
            decoded = True
        with self._lock:
            verdict = self._scan(data, threaded, decoded)
            if verdict is None:  # characters the normaliser changes: change them, look again
                text = data.decode("utf-8", errors="replace").translate(translation_table())
                verdict = self._scan(text.encode("utf-8"), threaded, decoded, translated=True)
        return bool(verdict)

    def _windows(self, text: bytes, currency: bool) -> set[int]:
        """Rules whose word lies within its window of a number it could read."""
        rules, needs_currency = self._window_rules, self._window_currency
        found: set[int] = set()

        def on_match(ident: int, start: int, end: int, flags: int, context: object) -> bool:
            if currency or not needs_currency[ident]:
                found.add(rules[ident])
            return False

        self._window_db.scan(text, match_event_handler=on_match, scratch=self._window_scratch)
        return found

    def _scan(
        self, data: bytes, threaded: bool, decoded: bool, translated: bool = False
    ) -> bool | None:
        """True (risky), False (clean) or None (translate first).

        Shapes only say that they occur (one callback each); the few that need a closer look
        get it once the scan is over, in Python, cheapest first.
        """
        kinds, rules = self._kinds, self._rules
        seen: set[int] = set()
        words: list[tuple[int, int, int]] = []
        rivals: list[tuple[int, int, int]] = []
        currencies: list[int] = []

        def on_match(ident: int, start: int, end: int, flags: int, context: object) -> bool:
            kind = kinds[ident]
            if kind == WORD:
                if bounded(data, start, end):
                    words.append((rules[ident], start, end))
                return False
            if kind == RIVAL:
                if bounded(data, start, end):
                    rivals.append((rules[ident], start, end))
                return False
            if kind == CURRENCY:
                if (
                    data[start] >= 0x80
                    or not chr(data[start]).isalpha()
                    or bounded(data, start, end)
                ):
                    currencies.append(end)
                return False
            seen.add(kind)
            return kind == HARD or (kind == NORMALIZE and not translated)

        with contextlib.suppress(self._hs.ScanTerminated):
            self._db.scan(data, match_event_handler=on_match, scratch=self._scratch)
        if not seen and not words:
            return False
        if HARD in seen or FIELDS in seen or (FIELD in seen and threaded):
            return True
        if NORMALIZE in seen and not translated:
            return None
        if DIGIT_RUN in seen and any(plausible(m.group(0)) for m in _DIGIT_RUN.finditer(data)):
            return True
        if IBAN in seen and any(
            iban_candidate(data, m.start()) for m in _IBAN_START.finditer(data)
        ):
            return True
        if MASK in seen and any(
            len(_MASK_POSITIONS.findall(m.group(0))) >= 6 for m in _MASKED.finditer(data)
        ):
            return True
        if LOOKALIKES in seen and folds_lookalikes(data):
            return True
        if BASE64 in seen and opens_base64(data):
            return True
        if not words:
            return False
        if not any(key in data for key in self._skipped_keys) and not (
            EMBEDDED in seen and _word_in_embedded(data, words, decoded)
        ):
            # distances in the compressed text bound the joined ones: rules whose window matched
            windows = self._windows(compress(data), bool(currencies))
            if not windows:
                return False
            words = [w for w in words if any(r in windows for r in GROUP_RULES[w[0]])]
        context = _Context(data, bool(currencies), decoded, self._exempt_keys, rivals)
        return context.risky(words, threaded)


def _exempt_keys(policy: Policy) -> tuple[bytes, ...]:
    """JSON keys of fields the policy exempts entirely (``"attachment_id"``), as raw bytes."""
    keys = set()
    for rule in policy.exempt:
        path = getattr(rule, "path", "")
        if rule.categories or not (path.startswith("$") or path.startswith("*.")):
            continue
        last = re.split(r"[.\[\]:]", path.rstrip("]"))[-1].strip("'\"")
        if last and last != "*":
            keys.add(b'"' + last.encode("utf-8") + b'"')
    return tuple(sorted(keys))


_JSON_TYPES = ("application/json", "text/json", "")


class QuickCheck:
    """``clean(record, host)`` is True only when the record certainly holds no finding."""

    def __init__(self, policy: Policy, use_hyperscan: bool | None = None):
        self.policy = policy
        self._recipients: dict[str, bool] = {}
        self._envelopes: dict[tuple[str, tuple[tuple[str, str], ...], str], bytes] = {}
        self._risk: _RegexRisk | _HyperscanRisk
        if use_hyperscan is False:
            self._risk = _RegexRisk()
        else:
            try:
                self._risk = _HyperscanRisk(_exempt_keys(policy))
            except Exception:  # hyperscan missing or unusable here
                if use_hyperscan:
                    raise
                self._risk = _RegexRisk()

    @property
    def engine(self) -> str:
        return self._risk.name

    def envelope(self, record: EgressRecord, host: str) -> bytes:
        """The URL's and headers' scanned fields, one a line, as the guard joins them."""
        key = (record.url, record.headers, host)
        try:
            known = self._envelopes.get(key)
        except TypeError:  # headers built by hand as a list
            known = None
        if known is None:
            fields = [
                field.text
                for field in _envelope_fields(record)
                if not self.policy.is_fully_exempt(field.path, host)
            ]
            known = ("\n" + "\n".join(fields) + "\n").encode("utf-8", errors="surrogatepass")
            with contextlib.suppress(TypeError):
                if len(self._envelopes) > 4_096:
                    self._envelopes.clear()
                self._envelopes[key] = known
        return known

    def clean(self, record: EgressRecord, host: str) -> tuple[bool, str | None]:
        """(certainly clean, the text looked at); the text lets canaries be checked on it too.

        A body that is not JSON is fine here: the full scan would read it as text, character by
        character, as this check does.
        """
        encoding = None
        media = ""
        for name, value in record.headers:
            if name == "content-encoding":
                encoding = value
            elif name == "content-type":
                media = value.split(";", 1)[0].strip().lower()
        if encoding not in (None, "", "identity") or media not in _JSON_TYPES:
            return False, None
        body = record.body
        if self._recipient_exempt(host):
            start = body.find(b'"recipient"')
            if start >= 0:
                found = _RECIPIENT_ID.match(body, start)
                if found is not None:
                    body = body[: found.start(1)] + body[found.end(1) :]
        data = self.envelope(record, host) + body + b"\n"
        if self._risk.risky(data, record.thread is not None):
            return False, None
        try:  # canaries are looked for in the text as the guard reads it: escapes decoded
            if b"\\u" in data and data.isascii():
                return True, data.decode("unicode_escape")
            return True, data.decode("utf-8")
        except (UnicodeError, ValueError):
            return False, None

    def _recipient_exempt(self, host: str) -> bool:
        known = self._recipients.get(host)
        if known is None:
            known = self._recipients[host] = self.policy.is_fully_exempt("$.recipient.id", host)
        return known


__all__ = ["RULES", "QuickCheck", "cache_dir", "hyperscan_patterns", "plausible"]
