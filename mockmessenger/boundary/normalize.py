"""Text normalisation before detection, with a way back to the original positions.

Bots and attackers alike write numbers in many shapes: Arabic-Indic digits
(``٤١١١``), full-width digits, zero-width joiners between digits, a letter O for a
zero. Detectors only ever see ASCII digits and plain separators; every position in
the normalised text maps back to a position in the original so that findings can
point at the right span.
"""

from __future__ import annotations

import re
import string
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from . import numwords

#: Code point runs without a character (mark, format control) found by category: too many to
#: list, and the CJK and Hangul syllable blocks hold none of them.
_MARK_FREE_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7A3))


def _invisible_characters() -> str:
    """Characters with nothing to read between two digits or inside a word, all removed:
    zero-width and bidi controls and every other format character (Cf); combining marks (Mn,
    Me: ``4\u0332`` is an underlined 4, ``4\ufe0f\u20e3`` the keycap emoji 4, Arabic harakat
    in ``رَصِيد``); variation selectors and tags; the Arabic tatweel, which only stretches a
    word (``رصـــيد``) or a number (``٤١١١ـ١١١١``); the Hangul fillers drawn as blanks."""
    codes = []
    start = 0x80
    for first, last in (*_MARK_FREE_BLOCKS, (0x20000, 0x20000)):
        for code in range(start, first):
            if unicodedata.category(chr(code)) in ("Cf", "Mn", "Me"):
                codes.append(code)
        start = last + 1
    codes += [0x0640, 0x115F, 0x1160, 0x3164, 0xFFA0]
    codes += [*range(0xE0000, 0xE0080), *range(0xE0100, 0xE01F0)]  # tags, variation selectors
    return "".join(chr(code) for code in sorted(set(codes)))


#: Characters that carry no visible content and are removed (zero-width, bidi controls, BOM,
#: soft hyphen, combining marks, tatweel...).
INVISIBLE = _invisible_characters()

#: Space-like characters, all read as an ASCII space. Not the tab: it splits columns, as a
#: line break or four spaces do, and the scanner reads digit groups split so as a card only
#: where no other words stand by or a card word does (``scanner.WIDE``); a card cut by tabs
#: is then found like one cut by line breaks, and a table of branch codes stays clean. (A tab
#: was read as a space only in texts holding a non-ASCII character: one accented letter
#: elsewhere in a request turned such a table into a card.)
SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"

#: Dash-like characters, all read as an ASCII hyphen.
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2043"

#: Other punctuation that separates digit groups or amounts.
PUNCTUATION = {
    "\u066b": ".",  # Arabic decimal separator
    "\u066c": ",",  # Arabic thousands separator
    "\u060c": ",",  # Arabic comma
    "\uff0e": ".",
    "\uff0c": ",",
    "\uff0f": "/",
    "\u2044": "/",
    "\u2215": "/",
    "\u00b7": ".",
    "\u2024": ".",
    "\u3002": ".",
}

_LOOKALIKE_RUN = re.compile(r"(?<![A-Za-z0-9])[0-9OoIl|](?:[ .\-]?[0-9OoIl|])+(?![A-Za-z])")
_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
_LOOKALIKES_NO_PIPE = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1"})
_L = "[0-9OoIl|]"
#: A run drawn as a card number: four groups of four (a fifth of three: 19 digits), or 4-6-5
#: (Amex), each group digits or look-alikes. Folded with one digit in it, however few:
#: ``4lll llll llll llll`` writes a card with letters l; no word is drawn so (the card
#: detector still asks Luhn and the issuer of what it reads).
CARD_SHAPED = (
    f"{_L}{{4}}(?:[ .\\-]{_L}{{4}}){{3}}(?:[ .\\-]{_L}{{3}})?"
    f"|{_L}{{4}}[ .\\-]{_L}{{6}}[ .\\-]{_L}{{5}}"
)
_CARD_SHAPED = re.compile(CARD_SHAPED)


#: Every character with a digit value Unicode defines lies below this code point (the last are
#: in 0x1FBF0-0x1FBF9).
_LAST_DIGIT_BLOCK = min(sys.maxunicode + 1, 0x20000)

#: Characters drawn as a mask symbol, read as the one the guard knows: asterisks and stars
#: (full-width, small, heavy, operator, Arabic five-pointed star), the ellipsis (``4123 …``),
#: bullets and black circles.
MASK_FORMS = {
    **dict.fromkeys("\u066d\u204e\u2217\u22c6\u2026\ufe61\uff0a", "*"),
    **dict.fromkeys("".join(map(chr, (*range(0x2722, 0x2728), *range(0x2729, 0x273E)))), "*"),
    **dict.fromkeys("\u2219\u25e6\u2981\u26ab\u2b24", "\u2022"),
}


@lru_cache(maxsize=1)
def digit_form_blocks() -> tuple[tuple[int, int], ...]:
    """The runs of characters with a digit value that are no decimal digit (superscripts,
    circled, parenthesised, full-stop, dingbat digits...): ``re``'s ``\\d`` does not know them
    (the canary matcher's fold looks there, as in the letter-form blocks)."""
    table = translation_table()
    return tuple(
        code_ranges(
            code
            for code, value in table.items()
            if value and value.isdigit() and unicodedata.category(chr(code)) != "Nd"
        )
    )


@lru_cache(maxsize=1)
def translation_table() -> dict[int, str | None]:
    """One translation table: every character with a single-digit value in any script to that
    ASCII digit (decimal digits, and superscript, circled, parenthesised or full-stop digits:
    ``④``, ``❹``, ``⒋``), and the rest above; one character for one character (or none)."""
    table: dict[int, str | None] = {}
    for code in range(0x80, _LAST_DIGIT_BLOCK):
        value = unicodedata.digit(chr(code), None)
        if value is not None:
            table[code] = str(value)
    table.update(_latin_letter_forms())
    table.update(arabic_presentation_forms())
    table.update({ord(char): mask for char, mask in MASK_FORMS.items()})
    for code, latin in confusable_letters().items():
        table.setdefault(code, latin)
    table.update({ord(char): latin for char, latin in HOMOGLYPHS.items()})
    for char in INVISIBLE:
        table[ord(char)] = None
    for char in SPACES:
        table[ord(char)] = " "
    for char in DASHES:
        table[ord(char)] = "-"
    for char, repl in PUNCTUATION.items():
        table[ord(char)] = repl
    return table


#: Cyrillic and Greek letters drawn exactly as a Latin one (``ЅА03`` is no IBAN to a reader
#: of bytes, and is one to a reader of the screen): read as that Latin letter.
HOMOGLYPHS = {
    **dict(zip("АВЕЅІЈКМНОРСТХУԚԜ", "ABESIJKMHOPCTXYQW", strict=True)),  # Cyrillic capitals
    **dict(zip("аеѕіјорсхуһԁԛԝ", "aesijopcxyhdqw", strict=True)),  # Cyrillic small letters
    **dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "ABEZHIKMNOPTYX", strict=True)),  # Greek capitals
    "ο": "o",  # Greek small omicron
}

#: Scripts whose letters may stand for an ASCII letter (:func:`confusable_letters`): Latin's
#: own extensions, and the alphabets that draw letters as Latin ones. Not Arabic, Hebrew or
#: others whose everyday letters Unicode finds confusable with ``o`` or ``l`` (``ه``, ``ا``):
#: their words would turn into Latin letters.
CONFUSABLE_SCRIPTS = frozenset(
    ("LATIN", "GREEK", "COPTIC", "CYRILLIC", "ARMENIAN", "CHEROKEE", "LISU")
)


@lru_cache(maxsize=1)
def confusable_letters() -> dict[int, str]:
    """Letters of :data:`CONFUSABLE_SCRIPTS` that Unicode's confusables (UTS #39, as the
    ``confusable-homoglyphs`` package ships them) draw as an ASCII letter: ``Ϝ`` (digamma) for
    ``F``, Cherokee ``Ꮪ`` for ``S``, Lisu ``ꓝ`` for ``F``. A data source kept by Unicode, not a
    hand list. Letters drawn as a digit (Cyrillic ``б`` as 6, ``З`` as 3) are left out: they
    are everyday letters of words, and a word must not turn into digits (the look-alike fold
    reads ``O`` and ``l`` as digits only inside runs of digits)."""
    from confusable_homoglyphs.confusables import confusables_data

    forms = {}
    for latin in string.ascii_letters:
        for entry in confusables_data.get(latin, ()):
            char = entry["c"].replace("\u200e", "")  # (right-to-left characters come marked)
            if (
                len(char) == 1
                and not char.isascii()
                and unicodedata.category(char).startswith("L")
                and unicodedata.name(char, "").split(" ")[0] in CONFUSABLE_SCRIPTS
            ):
                forms[ord(char)] = latin
    return forms


#: The blocks holding compatibility forms of Latin letters (looking at
#: these alone keeps the table quick to build and the canary matcher's fold quick to run;
#: tests/boundary/test_detect_normalize_decode.py checks none is missed).
LETTER_FORM_BLOCKS = (
    (0x00AA, 0x00BA),  # ª º
    (0x0370, 0x052F),  # Greek, Cyrillic (the homoglyphs)
    (0x017F, 0x017F),  # long s
    (0x02B0, 0x02FF),  # modifier letters
    (0x1D2C, 0x1DBF),  # phonetic modifier letters
    (0x2070, 0x209F),  # superscript and subscript letters
    (0x2100, 0x218F),  # letterlike symbols, Roman numerals
    (0x2460, 0x24FF),  # circled letters
    (0x2C7C, 0x2C7D),  # Latin subscript and modifier letters
    (0xA7F2, 0xA7F4),  # modifier capital letters
    (0xFF21, 0xFF5A),  # full-width letters
    (0x10780, 0x107BA),  # Latin extended-F (modifier letters)
    (0x1D400, 0x1D7FF),  # mathematical alphanumeric symbols
    (0x1F110, 0x1F189),  # parenthesised, circled and squared letters
)


def _latin_letter_forms() -> dict[int, str]:
    """Letters that are an ASCII letter in another dress: full-width (``ＳＡ``), mathematical
    bold or script (``𝐒𝐀``), circled, Roman numerals... Unicode's compatibility form (NFKC)
    of each is that one letter: an IBAN's country code or a BIC written so is still read."""
    forms = {}
    for code in (code for first, last in LETTER_FORM_BLOCKS for code in range(first, last + 1)):
        char = chr(code)
        if not unicodedata.decomposition(char).startswith("<"):
            continue  # only compatibility forms (accented letters are no ASCII letter)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) == 1 and folded.isascii() and folded.isalpha():
            forms[code] = folded
    return forms


#: Arabic presentation forms: the shapes a letter takes at the start, middle or end of a word,
#: as separate code points (old systems and some PDF copies write ``ﺭﺻﻴﺪﻙ`` for ``رصيدك``).
ARABIC_PRESENTATION_BLOCKS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


@lru_cache(maxsize=1)
def arabic_presentation_forms() -> dict[int, str]:
    """Each Arabic presentation form that is one letter in Unicode's compatibility form (NFKC),
    as that letter: context words (رصيد, حساب) are then read. Ligatures of several letters
    (``ﻻ``) are left: the table replaces one character by one. Persian and Urdu letters for
    Arabic ones too (:data:`PERSIAN_URDU_LETTERS`)."""
    forms = {}
    for first, last in ARABIC_PRESENTATION_BLOCKS:
        for code in range(first, last + 1):
            folded = unicodedata.normalize("NFKC", chr(code))
            if len(folded) == 1 and folded != chr(code) and folded.isalpha():
                forms[code] = folded
    forms.update({ord(letter): arabic for letter, arabic in PERSIAN_URDU_LETTERS.items()})
    return forms


#: Letters Persian and Urdu write for Arabic ones (the Farsi yeh, keheh, heh goal): ``ریال``
#: is ``ريال``, ``بیلنس`` is ``بيلنس`` once read, as Urdu-speaking customers in the Gulf write.
PERSIAN_URDU_LETTERS = {
    "\u06cc": "\u064a",  # ی FARSI YEH -> ي
    "\u06d0": "\u064a",  # ې YEH WITH VERTICAL TWO DOTS -> ي
    "\u06a9": "\u0643",  # ک KEHEH -> ك
    "\u06aa": "\u0643",  # ڪ SWASH KAF -> ك
    "\u06c1": "\u0647",  # ہ HEH GOAL -> ه
    "\u06be": "\u0647",  # ھ HEH DOACHASHMEE -> ه
    "\u06d5": "\u0647",  # ە AE -> ه
    "\u06c0": "\u0629",  # ۀ HEH WITH YEH ABOVE -> ة
    "\u06c3": "\u0629",  # ۃ TEH MARBUTA GOAL -> ة
}


@dataclass(frozen=True)
class Normalized:
    """Normalised text; ``origin[i]`` is the index in the original of character ``i``.

    ``origin`` is ``None`` when the two texts line up one to one.
    """

    text: str
    original: str
    origin: tuple[int, ...] | None = None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalised text back to a span of the original."""
        if self.origin is None:
            return start, end
        if not self.origin:
            return 0, 0
        first = self.origin[min(start, len(self.origin) - 1)]
        last = self.origin[min(max(end - 1, 0), len(self.origin) - 1)] + 1
        return first, last


def _fold_lookalikes(text: str) -> str:
    """Fold O/o/I/l/| to digits, only inside runs that are mostly digits already."""

    def fold(match: re.Match[str]) -> str:
        run = match.group(0)
        digits = sum(c.isdigit() for c in run)
        if (
            digits < 4
            or digits < (len(run.replace(" ", "").replace("-", "").replace(".", "")) * 2) // 3
        ) and not (digits and _CARD_SHAPED.fullmatch(run)):
            return run
        if "|" in run and all(len(piece) >= 3 for piece in run.split("|")):
            # pipes between groups of three or more (``4123|4567|8901|2349``) join groups, as
            # ``:`` or ``;`` do: the scanner's wide reading takes them; a pipe for a one is
            # drawn inside a group (``4|23``)
            return run.translate(_LOOKALIKES_NO_PIPE)
        if _LONE_PIPE.search(run):
            # a pipe touching no digit or look-alike separates columns (``SAR 500 | 1 000``)
            return "|".join(piece.translate(_LOOKALIKES) for piece in _LONE_PIPE.split(run))
        return run.translate(_LOOKALIKES)

    return _LOOKALIKE_RUN.sub(fold, text)


#: A pipe with no digit or look-alike glued to either side: a separator, never a one.
_LONE_PIPE = re.compile(r"(?<![0-9OoIl|])\|(?![0-9OoIl|])")


#: Runs of characters that stand for hidden digits next to shown ones (``4123 4567 8901 ____``,
#: ``????``, ``----``): two or more underscores or question marks, three or more dashes, in
#: groups.
_MASK_RUN = r"(?:_{2,}|\?{2,}|-{3,})"
_MASK_RUNS = re.compile(f"{_MASK_RUN}(?:[ .]?{_MASK_RUN})*")
_MASK_NEIGHBOURS = frozenset("0123456789*\u2022\u25cf#")
_MASK_SYMBOLS = frozenset("*\u2022\u25cf#")
_MASK_RUN_ONE = re.compile(_MASK_RUN)
#: Printed groups of four digits right before a run (``4123 4567 8901 ``), or one right after.
#: (``\Z``, not ``$``: a group ending the line before is no part of the run's number.)
_FOUR_BEFORE = re.compile(r"(?<![0-9])(?<![0-9][ .\-,/])(?:[0-9]{4}[ .\-]){1,4}\Z")
_FOUR_AFTER = re.compile(r"[ .\-][0-9]{4}(?![0-9])")
#: What tells that a text may hold such a run (substring tests).
MASK_RUN_HINTS = ("__", "??", "---")


def fold_mask_runs(text: str) -> str:
    """``text`` with mask runs next to a digit or a mask symbol (a separator between allowed)
    read as ``*``, one for one: ``4123 4567 8901 ____`` is ``4123 4567 8901 ****``."""
    if not any(hint in text for hint in MASK_RUN_HINTS):
        return text

    def next_to_digits(match: re.Match[str]) -> bool:
        start, end = match.start(), match.end()
        run = match.group(0)
        before = text[max(0, start - 2) : start]
        after = text[end : end + 2]
        if before[-1:].isalpha() or after[:1].isalpha():
            return False  # part of a word (``snake__case``, ``what???``)
        glued = before[-1:] in _MASK_NEIGHBOURS and after[:1] in _MASK_NEIGHBOURS
        if glued and run[0] == "-":
            return False  # a range (``1990---2000``), not a mask
        if before[-1:] in _MASK_SYMBOLS or after[:1] in _MASK_SYMBOLS:
            return True  # beside ``*`` or ``•``: more of the same mask
        if before[-1:].isdigit() or after[:1].isdigit():
            return run[0] != "?" or len(run) >= 4  # ``0501234567???`` asks, ``1___`` hides
        # one separator away: beside a card's printed group of four (``8901 ____``), or a run of
        # several masked groups (``____ ____ 1234``); not after a phone or a reference number
        # (``Call 800-123-4567 ----``, ``Ticket 4821907731 ____``)
        if len(_MASK_RUN_ONE.findall(run)) >= 2:
            return (before[-1:] in " .-" and before[:1].isdigit()) or (
                after[:1] in " .-" and after[1:2].isdigit()
            )
        return bool(_FOUR_BEFORE.search(text, 0, start) or _FOUR_AFTER.match(text, end))

    def fold(match: re.Match[str]) -> str:
        run = match.group(0)
        return run.translate(_MASK_RUN_FOLD) if next_to_digits(match) else run

    return _MASK_RUNS.sub(fold, text)


_MASK_RUN_FOLD = str.maketrans("_?-", "***")


def code_ranges(codes: Iterable[int]) -> list[tuple[int, int]]:
    """Code points as (first, last) runs of consecutive ones: a character class, compactly."""
    ranges: list[tuple[int, int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    return ranges


def char_class(ranges: Iterable[tuple[int, int]]) -> str:
    """(first, last) code point runs as the inside of a Python regex character class."""
    return "".join(f"\\U{a:08X}-\\U{b:08X}" if a != b else f"\\U{a:08X}" for a, b in ranges)


def char_set(ranges: Iterable[tuple[int, int]]) -> str:
    """(first, last) code point runs as a regex matching one of them, fast.

    ``re`` tests a class of characters below U+10000 with a table, but one holding characters
    above it by walking its runs, for every character of the text; and it finds where a match
    may start quickly only when the pattern starts with a plain class (an alternation or a
    lookahead first cost 19 µs for a short Arabic message where this takes 3). So: one class
    of the runs below U+10000 and the whole range above (a table and one range check), then a
    lookbehind that refuses the characters above outside the runs, tried only on a match.
    """
    ranges = list(ranges)
    low = [(a, min(b, 0xFFFF)) for a, b in ranges if a <= 0xFFFF]
    high = [(max(a, 0x10000), b) for a, b in ranges if b > 0xFFFF]
    if not high:
        return f"[{char_class(low)}]"
    outside = _outside(high, 0x10000, 0x10FFFF)
    refused = f"(?<![{char_class(outside)}])" if outside else ""
    return f"(?:[{char_class(low)}\\U00010000-\\U0010FFFF]{refused})"


def char_run(ranges: Iterable[tuple[int, int]]) -> str:
    """One or more characters of :func:`char_set`, written so that ``re`` still finds a run's
    start fast (``(?:...)+`` would hide the class it starts with: 25 µs instead of 5)."""
    one = char_set(ranges)
    return f"{one}{one}*"


def _outside(ranges: list[tuple[int, int]], first: int, last: int) -> list[tuple[int, int]]:
    """The runs from ``first`` to ``last`` not in ``ranges``."""
    out = []
    current = first
    for a, b in sorted(ranges):
        if a > current:
            out.append((current, a - 1))
        current = max(current, b + 1)
    if current <= last:
        out.append((current, last))
    return out


@lru_cache(maxsize=1)
def _special() -> re.Pattern[str]:
    """Characters the table changes: most non-ASCII text (Arabic words) has none."""
    return re.compile(char_set(code_ranges(translation_table())))


def changes(text: str) -> bool:
    """Would the normaliser's table change anything in ``text``?"""
    return _special().search(text) is not None


def prepare() -> None:
    """Build the translation table now (a guard does this once, not on its first non-ASCII message)."""
    translation_table()
    _special()
    numwords.prepare()


def normalize(text: str, *, words: bool = True) -> Normalized:
    """Normalise ``text`` for detection (see the module docstring), numbers in words read as
    digits last (:mod:`.numwords`: ``three thousand``, ``١٢ ألف``, ``3.2k``; not with
    ``words=False``)."""
    characters = _normalize_characters(text)
    if not words:
        return characters
    read, spans = numwords.read(characters.text)
    if spans is None:
        return characters
    origin = characters.origin
    return Normalized(
        read, text, tuple(spans) if origin is None else tuple(origin[i] for i in spans)
    )


def _normalize_characters(text: str) -> Normalized:
    """Characters one for one (or none): digits, letters, spaces, marks, look-alikes, masks."""
    if text.isascii():
        folded = _fold_lookalikes(text) if _needs_folding(text) else text
        return Normalized(fold_mask_runs(folded), text)
    table = translation_table()
    # str.translate looks every character up in the table: skip it when nothing would change
    translated = text.translate(table) if _special().search(text) else text
    folded = _fold_lookalikes(translated) if _needs_folding(translated) else translated
    folded = fold_mask_runs(folded)
    if len(translated) == len(text):
        return Normalized(folded, text)
    origin: list[int] = []
    for index, char in enumerate(text):
        mapped = table.get(ord(char), char)
        if mapped:
            origin.append(index)
    return Normalized(folded, text, tuple(origin))


#: A look-alike next to a digit, one separator between allowed: as close as they stand in a
#: run the fold reads (any run holding both has such a pair), so that whether a run is folded
#: never depends on another line or field of the request. It starts with the look-alike class
#: (a fast scan for ``re``); the text is ASCII-digit only here (other scripts' digits are
#: translated before).
_HAS_LOOKALIKE = re.compile(r"[OoIl|](?:(?<=[0-9].)|(?<=[0-9][ .\-].)|(?=[ .\-]?[0-9]))")


def _needs_folding(text: str) -> bool:
    return _HAS_LOOKALIKE.search(text) is not None


def digits_only(text: str) -> str:
    """The ASCII digits of ``text`` after normalisation (any script)."""
    return "".join(c for c in normalize(text).text if c.isdigit() and c.isascii())


def compact(text: str) -> str:
    """Upper-case letters and digits only: the form values are compared in."""
    return "".join(c for c in normalize(text).text.upper() if c.isascii() and c.isalnum())


@lru_cache(maxsize=1)
def alphanumeric_codes() -> tuple[int, ...]:
    """Every non-ASCII code point the normaliser reads as an ASCII letter or digit."""
    return tuple(
        code
        for code, value in translation_table().items()
        if value and value.isascii() and value.isalnum()
    )


@lru_cache(maxsize=1)
def _common_replacements() -> tuple[tuple[bytes, tuple[tuple[bytes, bytes], ...]], ...]:
    """The normaliser's own replacements for the characters bank bots send most (Arabic-Indic
    digits and separators, no-break spaces, dashes), grouped by a UTF-8 prefix they share."""
    table = translation_table()

    def pairs(*codes: int) -> tuple[tuple[bytes, bytes], ...]:
        return tuple((chr(c).encode(), (table[c] or "").encode()) for c in codes)

    return (
        (b"\xd8", pairs(0x60C)),  # Arabic comma
        (b"\xd9", pairs(*range(0x660, 0x66A), 0x66B, 0x66C)),  # Arabic-Indic digits, separators
        (b"\xdb", pairs(*range(0x6F0, 0x6FA))),  # Extended Arabic-Indic digits
        (b"\xe2\x80", pairs(0x2013, 0x2014, 0x202F, 0x2009)),  # dashes, narrow spaces
        (b"\xc2\xa0", pairs(0xA0)),  # no-break space
    )


def translate_common(data: bytes) -> bytes:
    """``data`` with the common characters the normaliser changes changed (bytes, no decoding)."""
    for prefix, pairs in _common_replacements():
        if prefix in data:
            for char, replacement in pairs:
                data = data.replace(char, replacement)
    return data


_NOT_A_DIGIT = bytes(c if 0x30 <= c <= 0x39 else 0x20 for c in range(256))


def digit_groups(text: str, *, ascii_digits: bool = False) -> list[str]:
    """The runs of digits in ``text`` as the normaliser reads them, in ASCII (look-alike letters
    are not folded: the quick check, whose text this reads, never passes them).

    Byte operations, after the normaliser's table where the text holds a character it changes.
    ``ascii_digits``: the caller knows every digit in ``text`` is ASCII already (text the quick
    check judged), so the table is not needed.
    """
    if not ascii_digits and not text.isascii() and _special().search(text):
        text = text.translate(translation_table())
    data = text.encode("utf-8", errors="surrogatepass")
    return data.translate(_NOT_A_DIGIT).decode("ascii").split()
