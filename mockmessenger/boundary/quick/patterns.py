"""The quick check's hyperscan patterns, and the compressed text its window patterns read.

Five databases (:mod:`.engine` compiles them):

- **shapes**, over the raw request: one flag per kind of shape (:class:`Kind`), each reported
  once (``SINGLEMATCH``): what needs a closer look, or the full scan, or nothing;
- **windows**, over :func:`compress` text: for each context rule, one of its words within its
  window of a number it could read;
- **places**, over the raw request: where each context word, rival word and currency is
  (``SOM_LEFTMOST``), scanned only when a window matched, for the exact judgement in Python;
- **words**, over the strings of a request that hold JSON: whether a context word is there;
- **labels**, over the raw request of a thread the others found clean: whether a string ends
  with a label's sign (:func:`label_end_pattern`).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import TypeVar

from .. import numwords
from ..detectors import CODE_WORDS, amounts, keyed, owned, transaction
from ..detectors.context import (
    ACCOUNT_KINDS,
    BALANCE_STRONG,
    CARD_WORDS,
    PASSWORD,
    TRANSACTION,
    WordSet,
)
from ..normalize import (
    DASHES,
    INVISIBLE,
    MASK_FORMS,
    PUNCTUATION,
    SPACES,
    alphanumeric_codes,
    arabic_presentation_forms,
    code_ranges,
)
from .rules import RIVALS, RULES, WORD_GROUPS, ContextRule

T = TypeVar("T")


class Kind(IntEnum):
    """What a match of the shapes database means."""

    HARD = 0  # the full scan, whatever else
    NORMALIZE = 1  # a character the normaliser changes: translate, scan again
    DIGIT_RUN = 2  # 13 digits or more: validators in Python
    LOOKALIKES = 3  # a look-alike letter by a digit: the normaliser's fold, in Python
    FIELD = 4  # a field holding a number alone (a fragment of a split value)
    FIELDS = 5  # two such fields
    WORDS = 6  # some context word
    IBAN = 7  # an IBAN shape: mod-97 in Python
    MASK = 8  # two mask characters: a masked number, in Python
    BASE64 = 9  # a run that could be base64: the guard's opener, in Python
    EMBEDDED = 10  # a string holding JSON
    EDGES = 11  # a number ending a field, one starting a later field (a card cut across them)
    CARD_WORD = 12  # a card word (with EDGES: the full scan)
    WRAPPED = 13  # a line of base64 wrapped over lines: the guard's opener, in Python
    STATEMENT = 14  # a day and an amount to the cent near each other: the full scan
    POSSESSIVE = 15  # an amount said to be the customer's (``your ... is SAR``): the full scan
    NUMBER_WORDS = 16  # a number in words (``three thousand``, ``ألفين``, ``3.2k``): the full scan

    @property
    def settles(self) -> bool:
        """A match of this kind sends the request to the full scan, whatever else."""
        return self in (Kind.HARD, Kind.STATEMENT, Kind.POSSESSIVE, Kind.NUMBER_WORDS)

    @property
    def over_bytes(self) -> bool:
        """Read over bytes, not UTF-8 characters: a long repeat is too large in UTF-8 mode."""
        return self in (Kind.STATEMENT, Kind.POSSESSIVE)


def _hs_class(codes: Iterable[int]) -> str:
    """Code points as the inside of a hyperscan character class, in runs."""
    return "".join(
        f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" if a != b else f"\\x{{{a:04X}}}"
        for a, b in code_ranges(codes)
    )


def _alphanumeric_ranges() -> str:
    """Every character the normaliser turns into an ASCII letter or digit, as hyperscan class
    ranges."""
    return _hs_class(alphanumeric_codes())


#: One character between two fields in raw JSON: structure, whitespace or an escape.
_GAP_UNIT = r"""[\s",:\[\]{}]|\\[nrt"]"""
#: What lies between two fields in raw JSON (and between words or a currency and its number).
JSON_GAP = f"(?:{_GAP_UNIT})*"
#: Currency codes for hyperscan (``$`` as an escape hyperscan reads inside the alternation).
_CODES = amounts._CODES.replace("\\$", "\\x24")
#: A number's separators, as the tokenizer reads them.
SEPARATORS = r"[ .,\-/_']"
#: What may split a card's digit groups in raw JSON (or in the URL and header lines): the
#: tokenizer's wide gaps (line breaks, tabs, spaces; escaped or not) and its separators.
WIDE_GAP = r"(?:[ .,\-/_'\t\r\n:;|+~]|\\+[nrt]){0,24}"
#: White space in a field, escaped or not (``\\\\n`` in JSON held in a string).
_FIELD_SPACE = r"(?:\s|\\+[nrt])*"
#: A field holding a number alone, before its delimiter, in raw JSON or in the URL/header lines
#: (the quote escaped in JSON held in a string; white space around the number, escaped too).
_FIELD = (
    r"""[{\[,:]\s*\\*"?""" + _FIELD_SPACE + r"[0-9][0-9 .\-]+[0-9]" + _FIELD_SPACE + r"""\\*"?\s*"""
)
_LINE_FIELD = r"\n\s*[0-9][0-9 .\-]+[0-9]\s*\n"
#: A number that ends its field, and one that starts its field (``Guard._fragment``: three
#: digits or more, not after a letter or a symbol that makes it no fragment; nothing but white
#: space, escaped or not, or any non-ASCII character, between it and the field's quote or the
#: end of a URL or header line).
_EDGE_GAP = r"(?:\s|[^\x00-\x7F]|\\+[nrt])*"
_FIELD_END_NUMBER = (
    f"(?:[^A-Za-z0-9_+$#=/\\\\]|\\\\+[nrt])[0-9](?:{SEPARATORS}{{0,3}}[0-9]){{2,}}{_EDGE_GAP}"
    '\\\\*["\\n]'
)
_FIELD_START_NUMBER = f'["\\n]{_EDGE_GAP}[0-9](?:{SEPARATORS}{{0,3}}[0-9]){{2}}'
#: A run that could be base64 (``decode.could_be_base64``: lower case, and upper case or
#: digits); at least ``decode.MIN_BASE64`` long by hyperscan's minimum-length extension.
_B64 = r"[A-Za-z0-9+/_\-]"
BASE64_CANDIDATE = f"{_B64}*[a-z]{_B64}*[A-Z0-9]{_B64}*|{_B64}*[A-Z0-9]{_B64}*[a-z]{_B64}*"
#: A line of base64 wrapped over lines (``decode.open_wrapped_base64``: lines of at least
#: ``decode.MIN_BASE64`` characters): a run before a line break, raw or escaped.
WRAPPED_BASE64 = f"{_B64}{{12}}={{0,2}}(?:[ \\t]|\\\\+t)*(?:[\\r\\n]|\\\\+[rn])"
#: Hex bytes or words joined by separators or prefixes (``decode.open_hex``: four units or
#: more), in raw JSON: escaped line breaks and tabs, escaped backslashes before ``x``.
_HEX_PREFIX = r"(?:0[xX]|\\+[xX])"
_HEX_UNIT = r"[0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2})?"
_HEX_JOIN = r"(?:[ \t\r\n:\-,.;|]|\\+[nrt]){1,5}"
JOINED_HEX = (
    f"{_HEX_PREFIX}?{_HEX_UNIT}"
    f"(?:{_HEX_JOIN}{_HEX_PREFIX}?{_HEX_UNIT}|{_HEX_PREFIX}{_HEX_UNIT}){{3}}"
)

#: A month's name, by the letters that open it (a superset of ``transaction._MONTH``: the
#: statement pattern reads bytes, so accented letters stand as their UTF-8 sequences).
_MONTH_SHAPE = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|f(?:e|\u00e9)v|avr|mai|juil"
    "|ao(?:u|\u00fb)t|d(?:e|\u00e9)c|" + transaction.card_expiry._ARABIC_MONTHS
)
#: A day: by its digits, or a digit and a month's name either way round (a month's name
#: after a non-letter).
_DAY_SHAPES = (
    r"[0-9][/\-][0-9]|[0-9]\.[0-9]{1,2}\.[0-9]{4}",
    f"[0-9] ?(?:{_MONTH_SHAPE})",
    f"[^a-z](?:{_MONTH_SHAPE})[a-z]*\\.? ?[0-9]",
)
_CENTS_SHAPE = r"[0-9][.,][0-9]{2}"
_STATEMENT_REACH = 4 * transaction.STATEMENT_GAP
_REACH = f'[^"\\n]{{0,{_STATEMENT_REACH}}}'
#: A statement line (``transaction.detect_statement_line``): a day and an amount to the cent
#: near each other in one string (the detector's line holds no quote), either way round (or
#: yesterday said by name after the amount); the full scan decides. Such an amount needs no
#: context word. Matched over bytes, not UTF-8 characters (hyperscan finds a repeat of that
#: many characters too large): a character of the gap takes at most 4 bytes. A flat
#: alternation, each kind of day apart (hyperscan scanned one with the days grouped six times
#: slower: 16 µs a message against 3).
STATEMENT = "|".join(
    [
        *(f"(?:{day}){_REACH}{_CENTS_SHAPE}" for day in _DAY_SHAPES),
        *(f"{_CENTS_SHAPE}{_REACH}(?:{day})" for day in _DAY_SHAPES),
        f"{_CENTS_SHAPE}{_REACH}(?:{transaction.YESTERDAY})",
    ]
)


#: A field or line that opens with a sign, perhaps after a short word, and a digit within a
#: short word after it (``"-SAR 320.00"``, ``"SAR -320.00"``, ``"+1,250.00 €"``):
#: ``transaction.detect_statement_line`` reads a signed amount alone in its field as an entry.
SIGNED_ENTRY = (
    r'(?:"|\\+n|\n)[ \t]*(?:[^\s0-9"\\]{1,4}[ \t]?)?[\-+\x{2212}][ \t]?'
    r'(?:[^\s0-9"\\]{1,4}[ \t]?)?[0-9]'
)


def label_end_pattern() -> str:
    """A string ending with a heading's sign (``Votre solde :``, ``Your balance 👇``), as
    ``labels.label_of`` reads a message's text, or more: anything but white space or a quote
    (a JSON key ends with one: ``"text": "``; an escaped quote is text), white space (escaped
    or not), the sign, then more signs, white space, the emoji selector or skin tones
    (``transaction.HEADING_TAIL``) to the string's closing quote."""
    signs = _hs_class(map(ord, transaction.HEADING_MARKS))
    tail = _hs_class(map(ord, transaction.HEADING_MARKS + transaction.HEADING_TAIL))
    return (
        f'(?:[^" \\t\\r\\n]|\\\\")(?:[ \\t\\r\\n]|\\\\+[nrt])*[{signs}]'
        f'(?:[{tail}]|\\\\+[nrt])*\\\\*"'
    )


def account_label_pattern() -> str:
    """An account's label before an amount (``balance.detect_labelled``), more than the detector
    reads, never less: an account's kind, then in the same JSON string a colon or a dash and a
    digit after it (``Savings: SAR 52,000.00``); the customer's own account, then spaces,
    kinds and a short word (the currency) before a digit (``Your current account 3,210.55
    SAR``, ``حسابك الجاري 3,210.55 ريال``); a kind, its last digits, a space, perhaps the
    currency and a digit (``Current •4821 SAR 3,210.55``); a kind and then a line break or the
    end of its field, and a field or line the amount opens (a carousel's title over its
    subtitle: ``"Current •4821", "subtitle": "SAR 3,210.55"``; a key over its value:
    ``"savings": "12.50"``, ``savings=12.50``; an array's next element); a digit, perhaps the
    currency, and an account said to hold it (``SAR 8,432.10 in your savings``,
    ``balance.detect_held``)."""
    kinds = presence_pattern((ACCOUNT_KINDS,))
    space = r"[ \t\x{00A0}]"
    currency = f'(?:[^\\s0-9"\\\\]{{1,4}}{space}*)?'  # SAR, €, ريال, ر.س
    owned = f"(?:(?:my|your|votre|ton|mon){space}+(?:{kinds})|حسابك|حسابي)"
    # the end of a field and the start of the next value: after a key, an array's next
    # element, or a value's next key (``"Savings", "subtitle": "``), as the guard joins them
    next_value = r'\\*"\s*[,:]\s*(?:\\*"[A-Za-z_]{1,24}\\*"\s*:\s*)?\\*"?'
    # a kind, then nothing or a non-word character and more (not ``account_id``)
    label = f'(?:{kinds})(?:[^A-Za-z0-9_"\\n\\\\][^"\\n\\\\]*)?'
    form_label = f'(?:{kinds})(?:[^A-Za-z0-9_=&\\s"\\\\][^=&\\s"\\\\]*)?'  # no space: encoded
    return (
        f'(?:{kinds})[^"\\n]*[:=\\-–—][^0-9"\\n]*[0-9]'
        f"|{owned}(?:{space}+(?:{kinds}))*{space}+{currency}{currency}[-+]?[0-9]"
        f'|(?:{kinds})[^"\\n]*[0-9]{{2,4}}{space}+{currency}[-+]?[0-9]'
        f"|{label}(?:\\\\+n|\\n|{next_value}){space}*{currency}[-+]?[0-9]"
        f"|{form_label}={space}*{currency}[-+]?[0-9]"
        f"|[0-9]{space}*{currency}{space}+(?:left{space}+)?(?:in|on|في){space}+"
        f"(?:your{space}+)?(?:{kinds}|حسابك|حسابي)"
    )


#: Currency names written in any case (``riyal``, and Darija's ``dh``): the codes are
#: written in capitals.
_CURRENCY_NAMES = f"{amounts.CURRENCY_WORDS}|dhs?"


def possessive_pattern() -> str:
    """An amount said to be the customer's by a possessive (``detectors.owned``), more than the
    detector reads, never less: ``your`` and, in the same sentence (quotes may stand in it:
    ``Your savings pot "Hajj" has``; a JSON field's end comes with a comma), a currency
    before a digit or a number before a currency (``Your SEC bill is SAR 412.35``, ``Your WE
    bill this month is 650 EGP``); an Arabic word ending in the possessive ``تك`` and, after at
    most three words and a colon, an amount with its currency (``وديعتك 50,000 ريال``,
    ``حوالتك لباكستان بمبلغ 1,500 ريال``; not ``بطاقتك المنتهية بـ 4821``).

    Read over bytes (``Kind.POSSESSIVE``: a repeat this long is too large in UTF-8 mode), so
    its reach is counted in bytes: twice the detector's in characters."""
    # currency codes in capitals only (``le``, ``sr`` are words too: ``expédiée le 2026``);
    # the names in any case
    currency = f"{amounts._SYMBOLS}|(?-i:{_CODES})|(?i:{_CURRENCY_NAMES})|{amounts._ARABIC}"
    reach = 2 * owned.REACH
    return (
        f"(?:your|votre|vos|ton|ta|tes)\\s[^\\n.,;!?]{{0,{reach}}}"
        f"(?:(?:{currency})\\s?[-+]?[0-9]|[0-9][0-9,. ]*(?:{currency}))"
        # تك, at most three words (of at most 24 letters, two bytes each), a colon, an amount
        # with its currency
        f'|\u062a\u0643(?:[ \\t]+[^\\s"0-9.,;!?]{{1,48}}){{0,3}}[ \\t]*:?[ \\t]*'
        f"(?:(?:{currency})\\s?[-+]?[0-9]|[0-9][0-9,. ]*(?:{currency}))"
    )


def keyed_amount_patterns() -> list[str]:
    """A key holding a balance, transaction or amount word, then a number as its value, in raw
    JSON (escaped quotes in JSON held in a string) or a form (``balance=84``):
    ``detectors.keyed`` reads it. The words unbounded and any key around them: more than the
    detector takes, never less. The words cut into several patterns (hyperscan refuses one
    alternation of them all: "Pattern length exceeds limit")."""
    # a key holding a phrase holds each of its words: the longest alone, fewer and shorter
    # alternatives, and rarer than the others (``your arrears`` as ``arrears``: hyperscan tried
    # every ``your`` of the text; ``blocked a`` as ``blocked``: every key ending in ``a``)
    phrases = [
        *(w for group in (BALANCE_STRONG, TRANSACTION) for w in (*group.latin, *group.arabic)),
        *keyed.OWN_KEYS,
    ]
    last = {max(reversed(phrase.split(" ")), key=len).lower() for phrase in phrases}
    words = WordSet(-1, tuple(sorted(w for w in last if w.isascii())), ())
    arabic = WordSet(-1, (), tuple(sorted(w for w in last if not w.isascii())))
    alternations = presence_patterns((words, arabic))
    alternations[-1] = "|".join([alternations[-1], *map(re.escape, keyed.AMOUNT_KEYS)])
    # a JSON key: to its closing quote, then a colon (running text holds no quote then colon);
    # a form's or query's key: to its ``=``, with no space
    return [
        rf'(?:{words})(?:[^"\\\n]*\\*"\s*:|[^\s"\\=&?]*=)\s*\\*"?\s*[-+]?[0-9]'
        for words in alternations
    ]


def _join(word: str) -> str:
    """A context word for hyperscan: its spaces match whatever the normaliser reads as one."""
    joiner = f"(?:[ _\\-{_hs_class(map(ord, SPACES + DASHES))}]|{_GAP_UNIT})*"
    return joiner.join(re.escape(part) for part in word.split(" "))


def _alternatives(words: WordSet) -> tuple[list[str], list[str]]:
    """A word set's Latin and Arabic words as hyperscan alternatives, longest first."""
    latin = sorted({_join(w) for w in words.latin}, key=lambda w: (-len(w), w))
    arabic = sorted({re.escape(w) for w in words.arabic}, key=lambda w: (-len(w), w))
    return latin, arabic


def word_pattern(words: WordSet) -> str:
    """One word set as a hyperscan alternation of literals.

    Latin words must not touch other letters; that is checked in Python on each match
    (:func:`bounded`, asked only of a Latin list's words: :func:`place_patterns`): a class
    before every literal would cost hyperscan its literal search.
    """
    latin, arabic = _alternatives(words)
    return "|".join(latin + arabic)


#: The longest merged shape pattern. Hyperscan refuses long ones ("Pattern length exceeds
#: limit"): an alternation of context words failed at 14,168 characters, 11,854 compiled; a
#: merge of hard shapes (words spelt out letter by letter among them) failed at 9,710, and
#: another at 7,959.
MAX_PATTERN = 7_000
#: The longest alternation of an amount rule's words in one window pattern ("Pattern is too
#: large" in UTF-8 mode: the transaction words at 5,400 characters with a window of 70).
WINDOW_WORDS = 4_000


def presence_pattern(groups: Iterable[WordSet]) -> str:
    """Whether any word of ``groups`` occurs, unbounded: one alternation without the words that
    hold another as a part (``you have used`` holds ``you have``; ``تم تحويل`` holds ``تحويل``):
    wherever one matches, so does the part (a space matches the same in both), and the
    pattern stays short (hyperscan refuses long ones, and its cost grows with them)."""
    return "|".join(_presence_parts(groups))


def chunked(items: Iterable[T], longest: int, size: Callable[[T], int] = len) -> list[list[T]]:
    """``items`` in order, in runs no longer than ``longest`` once joined by one character
    each (an alternation's ``|``; an item longer than that alone): hyperscan refuses long
    patterns, so a long alternation becomes several."""
    chunks: list[list[T]] = [[]]
    total = 0
    for item in items:
        length = size(item)
        if chunks[-1] and total + length > longest:
            chunks.append([])
            total = 0
        chunks[-1].append(item)
        total += length + 1
    return [chunk for chunk in chunks if chunk]


def presence_patterns(groups: Iterable[WordSet], longest: int = MAX_PATTERN // 2) -> list[str]:
    """:func:`presence_pattern` cut into alternations of at most ``longest`` characters each
    (the context words of every rule together are longer than hyperscan takes in one)."""
    return ["|".join(chunk) for chunk in chunked(_presence_parts(groups), longest)]


def _presence_parts(groups: Iterable[WordSet]) -> list[str]:
    latin = {w.lower() for group in groups for w in group.latin}
    arabic = {w for group in groups for w in group.arabic}

    def needed(words: set[str]) -> list[str]:
        return sorted(
            (w for w in words if not any(v != w and v in w for v in words)),
            key=lambda w: (-len(w), w),
        )

    return [_join(w) for w in needed(latin)] + [re.escape(w) for w in needed(arabic)]


def bounded(data: bytes, start: int, end: int) -> bool:
    """A word match as the context index counts it: a Latin word touches no ASCII letter.

    A letter after a backslash (``\\n``) is an escape: a line break in the joined text.
    """
    if data[start] >= 0x80 or not (65 <= data[start] <= 90 or 97 <= data[start] <= 122):
        return True  # an Arabic word or a symbol: no boundaries
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


def currency_pattern() -> str:
    """Any currency symbol, code or Arabic name (whether one stands next to a number is asked
    in Python, per number)."""
    return f"{amounts._SYMBOLS}|{_CODES}|{amounts._ARABIC}"


#: Letters a context word is written in: ASCII, Latin-1 and Latin Extended, Arabic.
_LETTER = r"A-Za-z\x{00C0}-\x{024F}\x{0600}-\x{06FF}"
#: Space characters other than a space or a tab (the normaliser reads each as a space).
_ODD_SPACES = _hs_class(map(ord, SPACES))


def spaced_words(sets: Iterable[WordSet] = WORD_GROUPS) -> list[str]:
    """Every context word of three letters or more written letter by letter (``b a l a n c e``,
    a phrase's letters joined: ``y o u h a v e``): as the context index reads them
    (``context._add_spaced_words``)."""
    spaced = set()
    for words in sets:
        for word in (*words.latin, *words.arabic):
            letters = word.replace(" ", "").lower()
            if len(letters) >= 3 and all(c.isalpha() for c in letters):
                spaced.add(" ".join(letters))
    return sorted(spaced)


def spaced_pattern(space: str, sets: Iterable[WordSet] = WORD_GROUPS) -> str:
    """:func:`spaced_words` as one alternation, each space any of ``space`` (a class: the
    normaliser reads every space character as one)."""
    return "|".join(_spaced_parts(space, sets))


def spaced_patterns(space: str, sets: Iterable[WordSet] = WORD_GROUPS) -> list[str]:
    """:func:`spaced_pattern` cut into alternations hyperscan takes (every context word spelt
    out is longer than it takes in one: 9,179 characters were refused)."""
    return ["|".join(chunk) for chunk in chunked(_spaced_parts(space, sets), MAX_PATTERN // 2)]


def _spaced_parts(space: str, sets: Iterable[WordSet]) -> list[str]:
    return [
        space.join(re.escape(letter) for letter in word.split(" ")) for word in spaced_words(sets)
    ]


def shape_patterns() -> list[tuple[str, Kind, bool]]:
    return list(_shape_patterns())  # a copy: the built list stays as built


@functools.cache  # (built once a process: a guard is made per test, per thread)
def _shape_patterns() -> list[tuple[str, Kind, bool]]:
    """(pattern, kind, caseless) of the shapes database, in id order."""
    odd = _hs_class(map(ord, SPACES + DASHES + "".join(PUNCTUATION)))
    password = "|".join(_join(w) for w in PASSWORD.latin + PASSWORD.arabic)
    words = [(p, Kind.WORDS, True) for p in presence_patterns(WORD_GROUPS)]
    return [
        *words,
        (r"[0-9]{3}-[0-9]{2}-[0-9]{4}", Kind.HARD, False),  # a dashed SSN
        (  # a NINO, its groups split by spaces, dashes or dots
            r"[A-Za-z]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[0-9]{2}[ .\-]?[A-Da-d]",
            Kind.HARD,
            False,
        ),
        (
            r"%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|&#|&[A-Za-z][A-Za-z0-9]{1,31};|[0-9A-Fa-f]{16}",
            Kind.HARD,
            False,
        ),  # encoded layers: URL, JSON escapes, HTML entities, hex
        (JOINED_HEX, Kind.HARD, False),  # hex bytes joined: 34:31:32:33, \\x34\\x31, 0x34 0x31
        (r"\\t|\\/", Kind.HARD, False),  # a tab joins digit groups; so does an escaped slash
        *((pattern, Kind.HARD, True) for pattern in spaced_patterns(" ")),  # B A L A N C E
        # letters split by another space (B\u00a0A\u00a0L...): translate, scan again
        (
            f"[{_LETTER}][{_ODD_SPACES}][{_LETTER}]",
            Kind.NORMALIZE,
            False,
        ),
        (r"\?[^\s#]*\+", Kind.HARD, False),  # a + in a URL's query: a space once decoded
        (STATEMENT, Kind.STATEMENT, True),  # a day and an amount to the cent: a statement line
        (SIGNED_ENTRY, Kind.HARD, False),  # -SAR 320.00 alone in a field: a statement's entry
        # {"balance": 8432.1}, {"amount": 320}
        *((pattern, Kind.HARD, True) for pattern in keyed_amount_patterns()),
        (account_label_pattern(), Kind.HARD, True),  # Savings: SAR 52,000.00
        (possessive_pattern(), Kind.POSSESSIVE, True),  # Your SEC bill is SAR 412.35, وديعتك 50,000
        # a number in words, read as digits by the normaliser: three thousand, ألفين, 3.2k
        (numwords.quick_pattern(), Kind.NUMBER_WORDS, True),
        # a password word, at most three words more (credential._PASSWORD_VALUE), a verb or sign
        (
            f"(?:{password})(?:{JSON_GAP}[^\\s:=]{{1,12}}){{0,3}}{JSON_GAP}(?:is|was|:|=|هي|est|ist|->)",
            Kind.HARD,
            True,
        ),
        # a password word and a value with a letter and a digit right after it (an Arabic
        # adjective between): credential._PASSWORD_RIGHT_AFTER
        (
            f"(?:{password})(?:{JSON_GAP}[\\x{{0600}}-\\x{{06FF}}]+)?{JSON_GAP}[\"'«]?"
            "[^\\s\"'»،,]*(?:[^\\s0-9\"'»،,][^\\s\"'»،,]*[0-9]|[0-9][^\\s\"'»،,]*[^\\s0-9\"'»،,])",
            Kind.HARD,
            True,
        ),
        (f"[{_alphanumeric_ranges()}]", Kind.NORMALIZE, False),
        (f"[{_hs_class(map(ord, INVISIBLE))}]", Kind.NORMALIZE, False),
        (f"[{_hs_class(arabic_presentation_forms())}]", Kind.NORMALIZE, False),
        (f"[{_hs_class(map(ord, MASK_FORMS))}]", Kind.NORMALIZE, False),
        (f"[0-9]{SEPARATORS}{{0,2}}[{odd}]|[{odd}]{SEPARATORS}{{0,2}}[0-9]", Kind.NORMALIZE, False),
        (f"[0-9]{SEPARATORS}{{0,3}}\\t|\\t{SEPARATORS}{{0,3}}[0-9]", Kind.NORMALIZE, False),
        (f"[0-9](?:{SEPARATORS}{{0,3}}[0-9]){{12,}}", Kind.DIGIT_RUN, False),
        (f"[0-9](?:{WIDE_GAP}[0-9]){{11}}", Kind.DIGIT_RUN, False),  # a card split by whitespace
        (r"[OoIl|][ .\-]?[0-9]|[0-9][ .\-]?[OoIl|]", Kind.LOOKALIKES, False),
        (f"{_FIELD}[,}}\\]]|{_LINE_FIELD}", Kind.FIELD, False),
        (f"(?:{_FIELD}|{_LINE_FIELD}).*(?:{_FIELD}[,}}\\]]|{_LINE_FIELD})", Kind.FIELDS, False),
        (f"{_FIELD_END_NUMBER}.*{_FIELD_START_NUMBER}", Kind.EDGES, False),
        (word_pattern(CARD_WORDS), Kind.CARD_WORD, True),
        # an IBAN's head: check digits, or look-alikes for them next to a digit
        (r"[A-Za-z]{2}(?:[0-9][0-9OoIl|]|[OoIl|][0-9]|[OoIl|]{2}[ .\-]?[0-9])", Kind.IBAN, False),
        # a country code alone ending a field: the rest of an IBAN may follow (splits.py)
        (
            r'(?:[^A-Za-z0-9]|\\[nrt])[A-Z]{2}(?:[^A-Za-z0-9"\\\n]|\\+[nrt])*\\*["\n]',
            Kind.IBAN,
            False,
        ),
        (r"[*\x{2022}\x{25CF}#\x{00B7}xX]{2}", Kind.MASK, False),
        # one mask symbol by a digit (``234*``), a mask run (``____``, ``????``, ``----``) by a
        # digit or a mask symbol
        (r"[0-9][ .\-]?[*\x{2022}\x{25CF}#]|[*\x{2022}\x{25CF}][ .\-]?[0-9]", Kind.MASK, False),
        (
            r"[0-9*\x{2022}\x{25CF}#][ .\-]?(?:__|\?\?|---)|(?:__|\?\?|---)[ .\-]?[0-9*\x{2022}\x{25CF}#]",
            Kind.MASK,
            False,
        ),
        (BASE64_CANDIDATE, Kind.BASE64, False),
        (WRAPPED_BASE64, Kind.WRAPPED, False),
        ('"[{\\[]', Kind.EMBEDDED, False),
    ]


# -- where the words are -----------------------------------------------------------------------

#: Place kinds: a context word (of a word group), a rival word (of a rival set), a currency.
WORD, RIVAL, CURRENCY = range(3)


def place_patterns() -> list[tuple[str, int, int, bool]]:
    return list(_place_patterns())  # a copy: the built list stays as built


@functools.cache  # (built once a process: a guard is made per test, per thread)
def _place_patterns() -> list[tuple[str, int, int, bool]]:
    """(pattern, place kind, group or rival index, bounded) of the places database.

    A word set's Latin and Arabic lists are apart: the context index bounds the words of its
    Latin list only, whatever their script (CVV's Arabic list holds ``cvv``, unbounded:
    ``cvvx1 123`` is a CVV to the guard). ``bounded``: each match is asked :func:`bounded`.
    Each Latin word is a pattern of its own: a pattern reports one start per end (the
    leftmost), and a longer word glued to a letter (``xnuméro de compte``) must not hide a
    shorter one that ends there too and is bounded (``compte``).
    """
    patterns = []
    for kind, sets in ((WORD, WORD_GROUPS), (RIVAL, tuple(RIVALS.values()))):
        for index, words in enumerate(sets):
            latin, arabic = _alternatives(words)
            patterns += [(word, kind, index, True) for word in latin]
            if arabic:
                patterns.append(("|".join(arabic), kind, index, False))
    patterns.append((currency_pattern(), CURRENCY, -1, True))
    return patterns


# -- windows, over compressed text -------------------------------------------------------------

#: JSON structure and escapes' backslashes become spaces, then every run of whitespace one space
#: (:func:`compress`): between two fields the joined text has one line break, here one space;
#: inside a string, runs shrink. Hyperscan counts UTF-8 characters, as the joined text does.
_STRUCTURE = bytes.maketrans(b'":,[]{}\\', b"        ")
#: Two-character escapes, as the one character they stand for (``\\u`` is decoded before).
_ESCAPES = ((b"\\n", b"\n"), (b"\\r", b"\n"), (b"\\t", b" "), (b'\\"', b'"'), (b"\\\\", b" "))
_WSEP = r"[ .\-/_']"  # a number's separators in compressed text (commas became spaces)


#: JSON literals the guard's walk drops (``null``, ``true``, ``false`` are no text): gone here
#: too, inside strings as well (shorter is safe; no context word holds one).
LITERALS = (b"null", b"true", b"false")


def compress(data: bytes) -> bytes:
    """The raw request with JSON structure gone: distances here are at most the joined text's."""
    if b"\\" in data:
        for escape, char in _ESCAPES:
            data = data.replace(escape, char)
    for literal in LITERALS:
        if literal in data:
            data = data.replace(literal, b"")
    return b"\n " + b" ".join(data.translate(_STRUCTURE).split()) + b" \n"


def _bounded_words(words: WordSet, *, before: bool = True, after: bool = True) -> str:
    """A word set for the windows: Latin words and phrases between non-letters (as the context
    index counts them; escapes are decoded in compressed text), Arabic ones anywhere.

    ``before=False`` (a word after its number) drops the boundary before Latin words: a
    number may end right there (``12345code``), and fewer boundaries only ever match more.
    ``after=False`` drops the one after them, for a pattern that goes on with a digit (a
    non-letter: ``SSN536221234``, where the boundary would take the number's first digit).
    """
    latin, arabic = _alternatives(words)
    parts = []
    if latin:
        lead = "[^A-Za-z]" if before else ""
        tail = "[^A-Za-z]" if after else ""
        parts.append(f"{lead}(?:{'|'.join(latin)}){tail}")
    if arabic:
        parts.append(f"(?:{'|'.join(arabic)})")
    return f"(?:{'|'.join(parts)})"


#: Where a number token ends: not before a digit within three separators (it would go on).
#: A space in compressed text may stand for a line break (between fields, or ``\\n``), which
#: no number token spans: a token may end right before one.
_TOKEN_END = "(?:[^0-9 .,\\-/_']|[.,\\-/_']{0,3} |[ .,\\-/_']{1,3}[^0-9]|[ .,\\-/_']{4})"


def window_patterns(rule: ContextRule) -> list[tuple[str, bool]]:
    """(pattern, needs a currency in the request): a rule's word within its window of a number
    it could read, over :func:`compress` text (padded with a space and a line break)."""
    words, words_after = _bounded_words(rule.words), _bounded_words(rule.words, before=False)
    if rule.shape == "amount":
        decimal = "[., '][0-9]{2}"  # 12.50, 12,50, 1,234 and 1 234 (commas are spaces here)
        return [
            (f"{words}.{{0,{rule.before}}}[0-9](?:[0-9]|{_WSEP})*?{decimal}", False),
            (f"{decimal}(?:[0-9]|{_WSEP})*.{{0,{rule.after}}}{words_after}", False),
            # next to a currency (asked in Python): any number in reach (two patterns: one
            # alternation of both is longer than hyperscan takes, the balance phrases many)
            (f"{words}.{{0,{rule.before + 2}}}[0-9]", True),
            (f"[0-9].{{0,{rule.after + 2}}}{words_after}", True),
        ]
    # A word's boundary character may be all that stands before the number: the gap and
    # what a number must start after are optional together.
    if rule.shape == "expiry":  # a whole token (card_expiry._EXPIRY); a date is no expiry
        # any start: compressing drops the structure (``1111: 12/27`` reads ``1111 12/27``),
        # and digits may be glued to the word (``انتهاء1 12/27``)
        start = f"(?:.{{0,{rule.before}}})?"
        # (a year alone: after a month's name, asked in Python; MM YY: as embossed)
        number = (
            f"(?:[0-9]{{1,2}} ?[/\\-. ] ?(?:20[0-9]{{2}}|[0-9]{{2}})|20[0-9]{{2}}[/\\-][0-9]{{2}}"
            f"|20[0-9]{{2}}){_TOKEN_END}"
        )
    elif rule.shape == "code":  # digits alone, as many as the detector reads
        start = f"(?:.{{0,{rule.before}}}?[^0-9])?"
        number = f"[0-9]{{{rule.low},{rule.high}}}[^0-9]"
    elif rule.shape == "spaced":  # a code in groups or digit by digit (credential.SPACED_CODE)
        start = f"(?:.{{0,{rule.before}}}?[^0-9])?"
        number = "(?:[0-9]{2,4}(?:[ \\-][0-9]{2,4}){1,2}|[0-9](?:[ \\-][0-9]){2,7})[^0-9]"
    elif rule.shape == "wide":  # any digit right after the word: the judge joins the groups
        start, number = f".{{0,{rule.before}}}", "[0-9]"
    elif rule.shape == "bic":
        start, number = f".{{0,{rule.before}}}", "(?-i:[A-Z]{6}[A-Z0-9]{2})"
    elif rule.shape == "bic_lower":  # any case: whether it is said to be the BIC, in Python
        start, number = f".{{0,{rule.before}}}", "[A-Za-z]{6}[A-Za-z0-9]{2}"
    else:
        start = f".{{0,{rule.before}}}"
        number = f"[0-9](?:{_WSEP}{{0,3}}[0-9]){{{max(rule.low, 1) - 1}}}"
    alternatives = [f"{words}{start}{number}"] if rule.before else []  # (else: words after)
    if (rule.glued and rule.shape != "bic") or (
        rule.before
        and rule.shape in ("code", "spaced")
        and CODE_WORDS & {w.lower() for w in rule.words.latin}
    ):  # a number glued to the word itself, read whole (a code glued to a code word too)
        alternatives.append(f"{_bounded_words(rule.words, after=False)}{number}")
    if rule.after:
        alternatives.append(f"{number}.{{0,{rule.after}}}{words_after}")
    return [("|".join(alternatives), False)]


#: The rule index of the windows database's currency pattern (not a rule: a currency somewhere).
ANY_CURRENCY = -1


def window_database_patterns() -> list[tuple[str, int, bool]]:
    return list(_window_database_patterns())  # a copy: the built list stays as built


@functools.cache  # (built once a process: a guard is made per test, per thread)
def _window_database_patterns() -> list[tuple[str, int, bool]]:
    """(pattern, rule index, needs a currency) of the windows database, and a currency symbol,
    code (between non-letters) or Arabic name anywhere (:data:`ANY_CURRENCY`)."""
    currency = f"{amounts._SYMBOLS}|{amounts._ARABIC}|[^A-Za-z](?:{_CODES})[^A-Za-z]"
    return [
        *(
            (pattern, index, needs)
            for index, rule in enumerate(RULES)
            for part in _script_parts(rule)
            for pattern, needs in window_patterns(part)
        ),
        (currency, ANY_CURRENCY, False),
    ]


def _script_parts(rule: ContextRule) -> list[ContextRule]:
    """An amount rule as several, its Latin words and its Arabic words apart, each cut into
    alternations of at most :data:`WINDOW_WORDS` characters: an amount's window over many
    words is too large for hyperscan ("Pattern is too large": the transaction words, 55 Latin
    and 31 Arabic, with a window of 70, and again a Latin part of 5,400 characters; "Pattern
    length exceeds limit": the balance words' Latin alternation at 17,500 characters); each
    part is not."""
    words = rule.words
    if rule.shape != "amount":
        return [rule]
    longest = WINDOW_WORDS
    parts = [
        *(
            WordSet(words.index, tuple(chunk), ())
            for chunk in chunked(words.latin, longest, lambda word: len(_join(word)))
        ),
        *(
            WordSet(words.index, (), tuple(chunk))
            for chunk in chunked(words.arabic, longest, lambda word: len(re.escape(word)))
        ),
    ]
    return [dataclasses.replace(rule, words=part) for part in parts]
