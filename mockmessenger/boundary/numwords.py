"""Numbers written in words, read as digits: one more step of normalisation.

A bot may write a balance, a PIN or a card as words (``three thousand two hundred riyals``,
``four eight two one``, ``ثلاثة آلاف ومئتان ريال``, ``ألفين وثلاثمية جنيه``, ``trois mille
deux cents euros``), or half in digits (``12 thousand``, ``١٢ ألف``, ``3.2k``). The detectors
read digits only: :func:`readings` finds such phrases and the digits they stand for, and the
normaliser (:func:`mockmessenger.boundary.normalize.normalize`) writes those digits in place
of each phrase, mapped back to its span.

Table-driven, English, French and Arabic (standard, Gulf and Egyptian forms). A phrase is read
only when it cannot be a word alone: two number words or more in a row (``two hundred``,
``four eight``), a multiplier after digits (``12 thousand``, ``3.2k``), or one Arabic word that
is a number with its multiplier (``ألفين``: two thousand, ``ستمية``: six hundred). ``one``,
``ألف`` or ``three`` alone stay words (``ألف مبروك``, ``option one``, ``four digit PIN``).
Number words read one by one (``four eight two one``) become one run of digits; other
numbers side by side stay apart (``twenty four seven``: ``24 7``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

# Token kinds.
UNIT, TEEN, TENS, HUNDRED, HUNDREDS, SCALE, SCALED, DIGITS = range(8)

EN, FR, AR = "en", "fr", "ar"

_ENGLISH = {
    "zero": (UNIT, 0),
    "one": (UNIT, 1),
    "two": (UNIT, 2),
    "three": (UNIT, 3),
    "four": (UNIT, 4),
    "five": (UNIT, 5),
    "six": (UNIT, 6),
    "seven": (UNIT, 7),
    "eight": (UNIT, 8),
    "nine": (UNIT, 9),
    "ten": (TEEN, 10),
    "eleven": (TEEN, 11),
    "twelve": (TEEN, 12),
    "thirteen": (TEEN, 13),
    "fourteen": (TEEN, 14),
    "fifteen": (TEEN, 15),
    "sixteen": (TEEN, 16),
    "seventeen": (TEEN, 17),
    "eighteen": (TEEN, 18),
    "nineteen": (TEEN, 19),
    "twenty": (TENS, 20),
    "thirty": (TENS, 30),
    "forty": (TENS, 40),
    "fourty": (TENS, 40),
    "fifty": (TENS, 50),
    "sixty": (TENS, 60),
    "seventy": (TENS, 70),
    "eighty": (TENS, 80),
    "ninety": (TENS, 90),
    "hundred": (HUNDRED, 100),
    "thousand": (SCALE, 1000),
    "million": (SCALE, 10**6),
    "billion": (SCALE, 10**9),
}

_FRENCH = {
    "zéro": (UNIT, 0),
    "zero": (UNIT, 0),
    "un": (UNIT, 1),
    "une": (UNIT, 1),
    "deux": (UNIT, 2),
    "trois": (UNIT, 3),
    "quatre": (UNIT, 4),
    "cinq": (UNIT, 5),
    "six": (UNIT, 6),
    "sept": (UNIT, 7),
    "huit": (UNIT, 8),
    "neuf": (UNIT, 9),
    "dix": (TEEN, 10),
    "onze": (TEEN, 11),
    "douze": (TEEN, 12),
    "treize": (TEEN, 13),
    "quatorze": (TEEN, 14),
    "quinze": (TEEN, 15),
    "seize": (TEEN, 16),
    "vingt": (TENS, 20),
    "vingts": (TENS, 20),
    "trente": (TENS, 30),
    "quarante": (TENS, 40),
    "cinquante": (TENS, 50),
    "soixante": (TENS, 60),
    "septante": (TENS, 70),
    "huitante": (TENS, 80),
    "octante": (TENS, 80),
    "nonante": (TENS, 90),
    "cent": (HUNDRED, 100),
    "cents": (HUNDRED, 100),
    "mille": (SCALE, 1000),
    "million": (SCALE, 10**6),
    "millions": (SCALE, 10**6),
    "milliard": (SCALE, 10**9),
    "milliards": (SCALE, 10**9),
}

_ARABIC_UNITS = {
    0: "صفر",
    1: "واحد واحده احد احدى",
    2: "اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي اتنين تنين ثنتين",
    3: "ثلاث ثلاثه تلات تلاته",
    4: "اربع اربعه",
    5: "خمس خمسه",
    6: "ست سته",
    7: "سبع سبعه",
    8: "ثمان ثماني ثمانيه ثمانى تمن تمان تمانيه",
    9: "تسع تسعه",
}
_ARABIC_TEENS = {
    10: "عشر عشره",
    11: "حداشر احداشر احدعش",
    12: "اتناشر اطناشر اثنعش",
    13: "تلتاشر ثلطعش",
    14: "اربعتاشر اربعطعش",
    15: "خمستاشر خمسطعش",
    16: "ستاشر سطعش",
    17: "سبعتاشر سبعطعش",
    18: "تمنتاشر ثمنطعش",
    19: "تسعتاشر تسعطعش",
}
_ARABIC_TENS = {
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين تلاتين",
    40: "اربعون اربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين تمانين",
    90: "تسعون تسعين",
}
#: A hundred (``مئة``, Gulf and Egyptian ``مية``), and the hundreds written as one word with
#: their count: ``ثلاثمائة``, ``ثلاثمية``, ``تلتمية``, ``ستمية``.
_ARABIC_HUNDRED = ("مئه", "مائه", "ميه", "مئات", "مية")
_ARABIC_HUNDREDS_COUNTS = {
    3: ("ثلاث", "تلت", "تلات", "ثلث"),
    4: ("اربع", "ربع"),
    5: ("خمس",),
    6: ("ست",),
    7: ("سبع",),
    8: ("ثمان", "ثماني", "تمن", "تمان"),
    9: ("تسع",),
}
_ARABIC_DUAL_HUNDREDS = ("مئتان", "مئتين", "مائتان", "مائتين", "ميتين", "ميتان")
_ARABIC_SCALES = {
    1000: "الف الفا الاف",
    10**6: "مليون ملايين مليونا",
    10**9: "مليار مليارات",
}
_ARABIC_DUAL_SCALES = {2000: "الفين الفان", 2 * 10**6: "مليونين مليونان"}

#: Arabic letters drawn in several ways, read as one (hamza seats, taa marbuta, alef maqsura).
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})
#: Each folded letter's spellings, for the pattern that finds words in the original letters.
_ARABIC_SPELLINGS = {"ا": "اأإآٱ", "ه": "هة", "ي": "يى"}


@dataclass(frozen=True)
class Entry:
    kind: int
    value: int
    langs: frozenset[str]
    #: A number alone (``ألفين``, ``ستمية``): read even with no other number word by it.
    strong: bool = False


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Entry]:
    """Every number word, lower case (Arabic folded: :data:`_ARABIC_FOLD`), and what it is."""
    words: dict[str, Entry] = {}
    for lang, table in ((EN, _ENGLISH), (FR, _FRENCH)):
        for word, (kind, value) in table.items():
            known = words.get(word)
            langs = frozenset({lang}) | (known.langs if known else frozenset())
            words[word] = Entry(kind, value, langs)
    arabic = frozenset({AR})

    def add(spellings: str | tuple[str, ...], kind: int, value: int, strong: bool = False) -> None:
        for word in spellings.split() if isinstance(spellings, str) else spellings:
            words[word.translate(_ARABIC_FOLD)] = Entry(kind, value, arabic, strong)

    for value, spellings in _ARABIC_UNITS.items():
        add(spellings, UNIT, value)
    for value, spellings in _ARABIC_TEENS.items():
        add(spellings, TEEN, value, strong=value > 10)
    for value, spellings in _ARABIC_TENS.items():
        add(spellings, TENS, value)
    add(_ARABIC_HUNDRED, HUNDRED, 100)
    add(_ARABIC_DUAL_HUNDREDS, HUNDREDS, 200, strong=True)
    for count, stems in _ARABIC_HUNDREDS_COUNTS.items():
        add(tuple(s + h for s in stems for h in _ARABIC_HUNDRED[:4]), HUNDREDS, count * 100, True)
    for value, spellings in _ARABIC_SCALES.items():
        add(spellings, SCALE, value)
    for value, spellings in _ARABIC_DUAL_SCALES.items():
        add(spellings, SCALED, value, strong=True)
    return words


def _trie_pattern(words: list[str], spell: dict[str, str]) -> str:
    """Words as one regex, a trie of alternations (``re`` tries a branch per first letter)."""
    tree: dict[str, dict] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = []
        for char in sorted(c for c in node if c):
            spellings = spell.get(char, char)
            head = f"[{spellings}]" if len(spellings) > 1 else re.escape(char)
            branches.append(head + emit(node[char]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if ends else body

    return emit(tree)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    kind: int
    value: Decimal
    langs: frozenset[str]
    word: str
    strong: bool = False
    waw: bool = False  # ``و`` glued before it: "and"
    lead: int = -1  # where it starts with the ``و`` (``start`` else)
    k: bool = False  # digits with a ``k`` glued: thousands


@dataclass(frozen=True)
class Reading:
    """A phrase of number words at ``start:end`` of the text, and the digits it stands for."""

    start: int
    end: int
    digits: str


#: A run of letters, or digits with a number's separators and perhaps a ``k`` glued after.
_TOKEN = re.compile(r"[^\W\d_]+|[0-9]+(?:[.,][0-9]+)*[kK]?")


def _tokens(text: str) -> list[Token]:
    """The number words and digit runs of ``text`` (each between characters of no word)."""
    words = lexicon()
    out = []
    for match in _TOKEN.finditer(text):
        raw = match.group()
        if raw[0].isdigit():
            start, end = match.span()
            if start and (_is_word(text[start - 1]) or text[start - 1] in ".,"):
                continue
            if end < len(text) and _is_word(text[end]):
                continue
            k = raw[-1] in "kK"
            value = _digits_value(raw[:-1] if k else raw)
            if value is not None:
                out.append(Token(start, end, DIGITS, value, frozenset(), raw, k=k))
            continue
        word = raw.lower()
        if not word.isascii():
            word = word.translate(_ARABIC_FOLD)
        entry = words.get(word)
        waw = False
        if entry is None:
            if word[0] != "و":
                continue
            word = word[1:]  # the conjunction glued: "and"
            entry, waw = words.get(word), True
            if entry is None:
                continue
        lead, end = match.span()
        if (lead and _is_word(text[lead - 1])) or (end < len(text) and _is_word(text[end])):
            continue
        start = lead + 1 if waw else lead
        out.append(
            Token(
                start,
                end,
                entry.kind,
                Decimal(entry.value),
                entry.langs,
                word,
                entry.strong,
                waw,
                lead,
            )
        )
    return out


def _digits_value(raw: str) -> Decimal | None:
    """``12``, ``1,500``, ``3.2`` as a number; None for other runs (``1.2.3``, ``1,5``)."""
    parts = raw.split(",")
    if len(parts) > 1 and not all(len(p) == 3 for p in parts[1:-1]):
        return None
    if len(parts) > 1 and len(parts[-1].split(".")[0]) != 3:
        return None
    joined = "".join(parts)
    if joined.count(".") > 1:
        return None
    try:
        return Decimal(joined)
    except InvalidOperation:
        return None


class _Group:
    """One number being read: the thousands already complete, and the part below them."""

    def __init__(self) -> None:
        self.tokens: list[Token] = []
        self.total = Decimal(0)
        self.current = Decimal(0)
        self.scale: Decimal | None = None  # the last scale applied (each next one smaller)
        self.units = self.tens = self.teen = self.hundreds = False
        self.pending_digits = False  # digits waiting for their multiplier (``12 thousand``)
        self.multiplied = False  # a multiplier applied to digits, or a ``k``
        self.closed = False  # nothing can follow (``0``, ``3.2k``)

    @property
    def value(self) -> Decimal:
        return self.total + self.current

    def take(self, token: Token) -> bool:
        """Add ``token`` to this number if it can go on so; False (and unchanged) if not."""
        if self.closed:
            return False
        kind, value = token.kind, token.value
        arabic = AR in token.langs
        french = FR in token.langs
        last = self.tokens[-1] if self.tokens else None
        if self.pending_digits and kind not in (SCALE, HUNDRED):
            return False
        if kind == DIGITS:
            if self.tokens:
                return False
            self.current = value
            if token.k:
                self.total, self.current, self.scale = value * 1000, Decimal(0), Decimal(1000)
                self.multiplied = self.closed = True
            else:
                self.pending_digits = True
        elif kind == UNIT:
            if value == 0:
                if self.tokens:
                    return False
                self.closed = True
            elif self.units:
                return False
            elif self.teen and not (french and last is not None and last.value == 10):
                return False  # (French ``dix-sept``: 17)
            self.current += value
            self.units = True
        elif kind == TEEN:
            if value == 10 and arabic and self.units and not (self.tens or self.teen):
                pass  # ``ثلاثة عشر``: thirteen
            elif self.units or self.teen:
                return False
            elif self.tens and not (french and self.current % 100 in (60, 80)):
                return False  # (French ``soixante-dix``: 70, ``quatre-vingt-douze``: 92)
            self.current += value
            self.teen = True
        elif kind == TENS:
            if self.tens or self.teen:
                return False
            if self.units and not arabic:  # ``خمسة وعشرون``: twenty-five
                if not (french and value == 20 and last is not None and last.value == 4):
                    return False
                self.current -= 4  # ``quatre-vingt``: 80
                value = Decimal(80)
                self.units = False
            self.current += value
            self.tens = True
        elif kind == HUNDRED:
            if self.hundreds or self.current >= 100:
                return False
            self.current = (self.current or 1) * 100
            self.hundreds = True
            self.units = self.tens = self.teen = False
            self.multiplied |= self.pending_digits
            self.pending_digits = False
        elif kind == HUNDREDS:
            if self.current:
                return False
            self.current = value
            self.hundreds = True
        elif kind in (SCALE, SCALED):
            base = value if kind == SCALE else _scale_of(value)
            if self.scale is not None and base >= self.scale:
                return False
            if kind == SCALED:
                if self.current:
                    return False
                self.total += value
            else:
                if not self.current and self.tokens:
                    return False
                self.total += (self.current or 1) * value
            self.current = Decimal(0)
            self.scale = base
            self.units = self.tens = self.teen = self.hundreds = False
            self.multiplied |= self.pending_digits
            self.pending_digits = False
        self.tokens.append(token)
        return True

    @property
    def one_digit(self) -> bool:
        """A digit said alone (``four``): one of a number read digit by digit."""
        return len(self.tokens) == 1 and self.tokens[0].kind == UNIT

    @property
    def words(self) -> int:
        return sum(t.kind != DIGITS for t in self.tokens)


#: What may stand between two number words of one phrase: spaces, a hyphen, a comma, ``and``.
_GAP = re.compile(r"[ \t]*(?:(?P<hyphen>-)|(?P<soft>,|and(?= )|et(?= )|و(?= )))?[ \t]*", re.I)


def _scale_of(value: Decimal) -> Decimal:
    """The scale of a dual (``ألفين``: a thousand)."""
    return Decimal(1000) if value < 10**6 else Decimal(10**6)


def readings(text: str) -> list[Reading]:
    """The phrases of number words in ``text`` to read as digits, in order (see the module)."""
    if not may_hold(text):
        return []
    phrases: list[list[_Group]] = []
    phrase: list[_Group] = []
    langs: frozenset[str] = frozenset()
    previous: Token | None = None

    def close() -> None:
        nonlocal phrase
        # digits never multiplied cut the phrase (they are no part of it)
        run: list[_Group] = []
        for group in phrase:
            if group.pending_digits:
                if run:
                    phrases.append(run)
                run = []
            else:
                run.append(group)
        if run:
            phrases.append(run)
        phrase = []

    for token in _tokens(text):
        lead = token.lead if token.lead >= 0 else token.start
        gap = _GAP.fullmatch(text, previous.end, lead) if previous is not None else None
        soft = gap is not None and (gap.group("soft") is not None or token.waw)
        shared = langs & token.langs if token.kind != DIGITS else frozenset()
        joins = (
            phrase
            and gap is not None
            and token.kind != DIGITS
            and (shared or (phrase[-1].pending_digits and not phrase[-1].tokens[1:]))
            # French ``cent`` after a French word only (English ``six cents`` is six cents)
            and (token.word not in ("cent", "cents") or langs == {FR})
        )
        if joins and phrase[-1].take(token):
            langs = shared or token.langs
        elif joins and not soft:
            group = _Group()
            group.take(token)
            phrase.append(group)
            langs = shared or token.langs
        else:
            close()
            group = _Group()
            if not group.take(token):
                previous = None
                continue
            phrase = [group]
            langs = token.langs
        previous = token
    close()
    return [reading for groups in phrases if (reading := _reading(text, groups)) is not None]


def _reading(text: str, groups: list[_Group]) -> Reading | None:
    words = sum(g.words for g in groups)
    strong = any(g.multiplied or any(t.strong for t in g.tokens) for g in groups)
    if words < 2 and not strong:
        return None
    if len(groups) > 1 and all(g.one_digit for g in groups):
        digits = "".join(str(g.tokens[0].value) for g in groups)
    else:
        digits = " ".join(_format(g.value) for g in groups)
    return Reading(groups[0].tokens[0].start, groups[-1].tokens[-1].end, digits)


def _format(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def quick_pattern() -> str:
    """A hyperscan pattern (UTF-8, caseless) matching wherever :func:`readings` may read a
    phrase, and more (the quick check's ``Kind.NUMBER_WORDS``): two number words with only
    spaces, hyphens, commas or ``and`` between them (escaped tabs too, in raw JSON); digits
    before a multiplier word (``12 thousand``, ``١٢ ألف`` once translated); digits and a ``k``;
    an Arabic word that is a number alone (``ألفين``). A word alone never (``ألف مبروك``)."""
    words = lexicon()
    spell = _ARABIC_SPELLINGS
    # the hundreds written with their count (``ثلاثمائة``) as stems and a hundred: one trie of
    # every pair is more than hyperscan takes with the rest ("Pattern length exceeds limit")
    stems = [s.translate(_ARABIC_FOLD) for stems in _ARABIC_HUNDREDS_COUNTS.values() for s in stems]
    hundreds = [h.translate(_ARABIC_FOLD) for h in _ARABIC_HUNDRED]
    compound = f"(?:{_trie_pattern(stems, spell)})(?:{_trie_pattern(hundreds, spell)})"
    compounds = {s + h for s in stems for h in hundreds}
    latin = _trie_pattern([w for w in words if not _is_arabic(w)], {})
    arabic = _trie_pattern([w for w in words if _is_arabic(w) and w not in compounds], spell)
    arabic = f"{arabic}|{compound}"
    multipliers = _trie_pattern([w for w, e in words.items() if e.kind in (SCALE, HUNDRED)], spell)
    strong = [w for w, e in words.items() if e.strong and w not in compounds]
    strong = f"{_trie_pattern(strong, spell)}|{compound}"
    # (hyperscan takes no ``\b`` in UCP mode: a Latin word between characters no ASCII letter
    # or digit; Arabic words unbounded, as a multiplier's end: more than the reading, never less)
    before, after = "(?:^|[^A-Za-z0-9_])", "(?:[^A-Za-z0-9_]|$)"
    gap = r"(?:[ \t,\-]|\\+t|and|et|و)+"
    return (
        f"{before}(?:{latin}){gap}(?:{latin}){after}"
        f"|(?:{arabic}){gap}(?:{arabic})"
        f"|[0-9]{gap}(?:{multipliers}){after}"
        f"|[0-9][kK]{after}"
        f"|{strong}"
    )


def _is_arabic(word: str) -> bool:
    return "\u0600" <= word[0] <= "\u06ff"


def prepare() -> None:
    """Build the tables and patterns now (a guard does this once, not on its first message)."""
    _automaton()


def may_hold(text: str) -> bool:
    """Could ``text`` hold a number in words? (A number word between non-letters, or digits and
    a ``k``.) An Aho-Corasick search of the lower-cased text: the word pattern itself tries
    every position of a text (half a millisecond for a long message with no number word)."""
    if _K.search(text):
        return True
    lowered = text.lower()
    for end, length in _automaton().iter(lowered):
        start = end - length + 1
        if end + 1 < len(lowered) and _is_word(lowered[end + 1]):
            continue
        if start > 0 and lowered[start - 1] == "و":
            start -= 1  # the conjunction glued before an Arabic word
        if start > 0 and _is_word(lowered[start - 1]):
            continue
        return True
    return False


_K = re.compile(r"[0-9][kK](?!\w)")


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


@lru_cache(maxsize=1)
def _automaton():  # type: ignore[no-untyped-def]
    """Every number word, Arabic ones in each spelling of their letters, in an automaton."""
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for word in lexicon():
        spellings = [""]
        for char in word:
            spellings = [s + c for s in spellings for c in _ARABIC_SPELLINGS.get(char, char)]
        for spelling in spellings:
            automaton.add_word(spelling, len(spelling))
    automaton.make_automaton()
    return automaton


def read(text: str) -> tuple[str, list[int] | None]:
    """``text`` with every phrase of :func:`readings` replaced by its digits, and for each
    character of the result its index in ``text`` (None: nothing replaced). A phrase's digits
    map to its first character, the last digit to its last: a span over them is the phrase."""
    found = readings(text)
    if not found:
        return text, None
    parts: list[str] = []
    origin: list[int] = []
    position = 0
    for reading in found:
        parts.append(text[position : reading.start])
        origin.extend(range(position, reading.start))
        parts.append(reading.digits)
        origin.extend([reading.start] * (len(reading.digits) - 1))
        origin.append(reading.end - 1)
        position = reading.end
    parts.append(text[position:])
    origin.extend(range(position, len(text)))
    return "".join(parts), origin
