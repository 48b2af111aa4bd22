"""Find any value of a synthetic customer in text, in any form, with one automaton.

Contract (used by :class:`mockmessenger.boundary.Guard`)::

    matcher = CanaryMatcher(customers)        # or CanaryMatcher(); matcher.add_customers(...)
    hits = matcher.search(text)               # -> list[CanaryHit], sorted by start
    CanaryHit(start, end, customer_id, value_category, encoding, field)

``start``/``end`` index the ``text`` given to :meth:`CanaryMatcher.search` (the
original text, even where the value was found in a normalised view of it).
``value_category``: ``card_number``, ``iban``, ``account_number``, ``routing_number``,
``balance``, ``transaction``, ``name``, ``national_id``, ``email``, ``username``,
``credential``, ``phone``. ``encoding`` says how the value appeared: ``plain``,
``digits``, ``spaced``, ``arabic-indic``, ``extended-arabic-indic``, ``unicode-digits``,
``invisible`` (zero-width/bidi characters inside), ``letter-forms`` (full-width or other
compatibility forms of Latin letters), ``url``, ``base64``, ``base64url``,
``hex``, ``json-escape``, ``html-entity``, ``md5``, ``sha1``, ``sha256`` (hex digests, any case),
``md5-base64``, ``sha1-base64``, ``sha256-base64``. ``field`` names the customer field
(``cards[0].number``) so reports can say what leaked without showing it.

Why one automaton: every canary is expanded at build time into its surface forms
(compact, grouped, amount formats, case) and encodings (URL, base64 at the three
alignments a value can take inside a larger blob, hex, JSON and HTML escapes);
all keys go into one Aho-Corasick automaton (pyahocorasick), so a search is one
pass over the text whatever the number of canaries. Hashes (md5/sha1/sha256 in
hex or base64) are fixed-length tokens: they sit in a table probed once per
hex/base64 token of digest length, so they cost no automaton nodes either. Digit scripts and
separators are not multiplied into keys: the text is searched in up to three
views (as given; digits of every script folded to ASCII with invisible characters
removed; separators between digits removed), with offsets mapped back.

Short values (a CVV, a PIN, an expiry, a small amount, a sort code) are never
canaries on their own: they would match everywhere. Only distinctive values are:
see :func:`canary_values`.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple
from urllib.parse import quote, quote_plus

import ahocorasick

from mockmessenger.boundary.customers import Customer
from mockmessenger.boundary.normalize import (
    INVISIBLE,
    LETTER_FORM_BLOCKS,
    alphanumeric_codes,
    changes,
    char_run,
    code_ranges,
    confusable_letters,
    digit_form_blocks,
    digit_groups,
    translation_table,
)

#: Keys longer than this are stored truncated and confirmed against the full key.
MAX_KEY = 16
#: A value is distinctive when it has at least this many characters ...
MIN_LENGTH = 8
#: ... and at least this many different characters.
MIN_DISTINCT = 4
#: Amounts are canaries only with at least this many digits (cents included).
MIN_AMOUNT_DIGITS = 6
#: Free text (memos, merchants) is a canary only from this length.
MIN_TEXT_LENGTH = 12

#: Categories whose values are identifiers a bot might send in pieces (an account number in two
#: quick replies, a card in two messages): the guard joins number fragments and asks
#: :meth:`CanaryMatcher.joined` whether they make one. Amounts and words are not joined.
JOINABLE = frozenset(
    {"card_number", "account_number", "iban", "routing_number", "national_id", "phone"}
)
#: The longest identifier the guard joins fragments into (an IBAN has at most 34 characters).
MAX_JOINED = 34

ENCODINGS_ALL: frozenset[str] = frozenset(
    {"url", "base64", "hex", "json-escape", "html-entity", "hash"}
)


@dataclass(frozen=True)
class CanaryHit:
    """One canary value seen in a text. Holds no value, only where and whose."""

    start: int
    end: int
    customer_id: str
    value_category: str
    encoding: str
    field: str = ""


@dataclass(frozen=True)
class CanaryValue:
    """One distinctive value of a customer and the plain forms it may take."""

    customer_id: str
    value_category: str
    field: str
    value: str
    forms: tuple[tuple[str, str], ...]  # (surface form, encoding)
    #: "digit": no digit may touch it (short numbers, amounts); "word": no letter or digit
    #: may (names, memos: "Ali Omar" is not in "Ali Omari"); "": found inside anything.
    bounded: str


def is_distinctive(value: str) -> bool:
    """Long enough and varied enough to be a certain sign of this customer."""
    compact = "".join(value.split())
    return len(compact) >= MIN_LENGTH and len(set(compact)) >= MIN_DISTINCT


def amount_forms(amount: Decimal) -> tuple[str, ...]:
    """The common written forms of an amount: 12345.67, 12,345.67, 12.345,67, 12 345,67..."""
    amount = abs(amount).quantize(Decimal("0.01"))
    whole, cents = f"{amount:f}".split(".")
    grouped = f"{int(whole):,}"
    forms = [f"{whole}.{cents}", f"{grouped}.{cents}", f"{whole},{cents}"]
    for thousands in (".", " ", "\u00a0", "\u202f", "'"):
        forms.append(f"{grouped.replace(',', thousands)},{cents}")
    forms.append(grouped.replace(",", "'") + "." + cents)
    return tuple(dict.fromkeys(forms))


def _amount_is_distinctive(amount: Decimal) -> bool:
    digits = f"{abs(amount).quantize(Decimal('0.01')):f}".replace(".", "")
    return len(digits.lstrip("0")) >= MIN_AMOUNT_DIGITS


def _grouped(value: str, size: int = 4, sep: str = " ") -> str:
    return sep.join(value[i : i + size] for i in range(0, len(value), size))


def _text_forms(value: str) -> tuple[tuple[str, str], ...]:
    """A name, merchant or memo as written, in other cases, and without its marks (the guard
    reads text with combining marks removed: ``كسّاب`` is read ``كساب``)."""
    forms = _case_forms(value)
    forms += [_INVISIBLE.sub("", form) for form in forms]
    return tuple((form, "plain") for form in dict.fromkeys(forms))


def _case_forms(value: str) -> list[str]:
    """``value`` as written, in small letters, capitals, and each word capitalised."""
    return list(dict.fromkeys((value, value.lower(), value.upper(), value.title())))


def canary_values(customer: Customer) -> list[CanaryValue]:
    """Every distinctive value of ``customer`` with its plain surface forms."""
    cid = customer.id
    out: list[CanaryValue] = []

    def add(category: str, field: str, value: str, forms=None, bounded=None) -> None:
        if not value or not is_distinctive(value):
            return
        if bounded is None:
            bounded = "digit" if value.isdigit() and len(value) < 12 else ""
        out.append(
            CanaryValue(cid, category, field, value, tuple(forms or ((value, "plain"),)), bounded)
        )

    for i, card in enumerate(customer.cards):
        add("card_number", f"cards[{i}].number", card.number)
    for i, account in enumerate(customer.accounts):
        add("account_number", f"accounts[{i}].number", account.number)
        if account.iban:
            iban = account.iban
            forms = [(iban, "plain"), (iban.lower(), "plain")]
            for sep in (" ", "-"):
                forms += [
                    (_grouped(iban, 4, sep), "spaced"),
                    (_grouped(iban.lower(), 4, sep), "spaced"),
                ]
            add("iban", f"accounts[{i}].iban", iban, forms)
            add("iban", f"accounts[{i}].iban", iban[4:])  # the BBAN alone
        if len(account.routing) >= 9:
            add("routing_number", f"accounts[{i}].routing", account.routing)
        if _amount_is_distinctive(account.balance):
            forms = amount_forms(account.balance)
            add(
                "balance",
                f"accounts[{i}].balance",
                forms[1],
                [(f, "plain") for f in forms],
                "digit",
            )
        for j, tx in enumerate(account.transactions):
            where = f"accounts[{i}].transactions[{j}]"
            if _amount_is_distinctive(tx.amount):
                forms = amount_forms(tx.amount)
                add(
                    "transaction",
                    f"{where}.amount",
                    forms[1],
                    [(f, "plain") for f in forms],
                    "digit",
                )
            for name in ("merchant", "memo"):
                text = getattr(tx, name)
                if len(text) >= MIN_TEXT_LENGTH:
                    add("transaction", f"{where}.{name}", text, _text_forms(text), "word")
    add("name", "name", customer.name, _text_forms(customer.name), "word")
    national_id = customer.national_id
    add(
        "national_id",
        "national_id",
        national_id,
        [(national_id, "plain"), (national_id.lower(), "plain")],
    )
    add(
        "email",
        "email",
        customer.email,
        # in any of the cases it is written in (a search in small letters too would cost a
        # third more per message: this costs a few more keys)
        [(form, "plain") for form in _case_forms(customer.email)],
    )
    add("username", "username", customer.username)
    add("credential", "password", customer.password, bounded="")
    phone_digits = "".join(c for c in customer.phone if c.isdigit())
    if len(phone_digits) >= 10:
        add("phone", "phone", customer.phone, [(customer.phone, "plain"), (phone_digits, "digits")])
    return out


def _base64_inner(data: bytes) -> list[str]:
    """Base64 of ``data`` as it appears at each of the three offsets inside a larger blob.

    Only the characters whose six bits all come from ``data`` are kept: the others
    depend on the neighbouring bytes.
    """
    keys = []
    for offset in range(3):
        encoded = base64.b64encode(b"\0" * offset + data + b"\0\0").decode("ascii")
        first = -(-8 * offset // 6)  # first character with no bit from before the value
        stop = 8 * (offset + len(data)) // 6  # characters after this take bits from beyond it
        keys.append(encoded[first:stop])
    return keys


def encoded_keys(value: str, encodings: frozenset[str] = ENCODINGS_ALL) -> list[tuple[str, str]]:
    """(key, encoding) for every encoded form of ``value`` the automaton looks for (not hashes)."""
    data = value.encode("utf-8")
    keys: list[tuple[str, str]] = []
    if "url" in encodings:
        keys += [(quote(value, safe=""), "url"), (quote_plus(value, safe=""), "url")]
    if "base64" in encodings:
        for key in _base64_inner(data):
            keys.append((key, "base64"))
            keys.append((key.replace("+", "-").replace("/", "_"), "base64url"))
    if "hex" in encodings:
        keys += [(data.hex(), "hex"), (data.hex().upper(), "hex")]
    if "json-escape" in encodings:
        keys.append((json.dumps(value)[1:-1], "json-escape"))
        keys.append(("".join(f"\\u{ord(c):04x}" for c in value), "json-escape"))
    if "html-entity" in encodings:
        keys.append(("".join(f"&#{ord(c)};" for c in value), "html-entity"))
        keys.append(("".join(f"&#x{ord(c):x};" for c in value), "html-entity"))
    return [(key, enc) for key, enc in keys if key != value and len(key) >= MIN_LENGTH]


_DIGEST_NAMES = {16: "md5", 20: "sha1", 32: "sha256"}
_HEX_LENGTHS = (32, 40, 64)
_B64_LENGTHS = (22, 27, 43)  # unpadded base64 of 16, 20 and 32 bytes
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{32,}")
_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{22,}")
_B64URL_TO_STD = str.maketrans("-_", "+/")


def digest_keys(value: str) -> list[tuple[str, str]]:
    """(key, encoding): md5/sha1/sha256 of ``value`` as lower-case hex and unpadded base64.

    Digests are fixed-length, full-entropy tokens: they are looked up in a table
    (one dict probe per candidate token in the text) instead of the automaton, where
    each would add a long unshared path of nodes.
    """
    data = value.encode("utf-8")
    keys = []
    for name in ("md5", "sha1", "sha256"):
        digest = hashlib.new(name, data).digest()
        keys.append((digest.hex(), name))
        keys.append((base64.b64encode(digest).decode("ascii").rstrip("="), f"{name}-base64"))
    return keys


# -- views of the text ---------------------------------------------------------------


class _OffsetMap:
    """Maps positions in a view (characters removed) back to the text it came from.

    Built lazily: a view is searched first, and the map is only worked out for the
    rare view that holds a hit.
    """

    def __init__(self, source: str, pattern: re.Pattern[str], parent: _OffsetMap | None):
        self.source, self.pattern, self.parent = source, pattern, parent
        self._positions: list[int] | None = None
        self._shifts: list[int] = []

    def _build(self) -> list[int]:
        positions, removed = [], 0
        for m in self.pattern.finditer(self.source):
            cut = m.end(m.lastindex) if m.lastindex else m.start()  # a kept first character
            positions.append(cut - removed)
            removed += m.end() - cut
            self._shifts.append(removed)
        self._positions = positions
        return positions

    def to_source(self, index: int) -> int:
        positions = self._positions if self._positions is not None else self._build()
        k = bisect.bisect_right(positions, index) - 1
        index += self._shifts[k] if k >= 0 else 0
        return self.parent.to_source(index) if self.parent else index

    def span(self, start: int, end: int) -> tuple[int, int]:
        return self.to_source(start), self.to_source(end - 1) + 1


def _remove(
    text: str, pattern: re.Pattern[str], replacement: str, parent: _OffsetMap | None
) -> tuple[str, _OffsetMap | None]:
    """``text`` without what ``pattern`` removes, and the (lazy) map back to ``text``."""
    view = pattern.sub(replacement, text)
    if len(view) == len(text):
        return text, parent
    return view, _OffsetMap(text, pattern, parent)


def _fold_table() -> dict[int, str]:
    """The normaliser's one-for-one replacements by ASCII letters and digits (digits of every
    script, superscripts, full-width and other compatibility forms of Latin letters)."""
    table = translation_table()
    return {code: table[code] for code in alphanumeric_codes()}


_FOLD = _fold_table()
#: Runs of non-ASCII digits (what ``re`` reads as ``\d`` beyond 0-9: every script's decimal
#: digits, which the fold table holds; ``[^\D0-9]`` is a class ``re`` tests slowly).
_FOLDABLE = re.compile(
    char_run(code_ranges(c for c in alphanumeric_codes() if c > 127 and chr(c).isdecimal()))
)
#: Runs in the blocks of the other characters :data:`_FOLD` replaces (letter forms, digit forms).
_FOLDABLE_FORMS = re.compile(
    char_run((*LETTER_FORM_BLOCKS, *digit_form_blocks(), *code_ranges(confusable_letters())))
)
_LETTER_FORMS = frozenset(chr(code) for code, value in _FOLD.items() if value.isalpha())
_ARABIC_SEPARATORS = (("\u066b", "."), ("\u066c", ","), ("\u060c", ","))


def _translate_match(match: re.Match[str]) -> str:
    return match.group().translate(_FOLD)


def _fold(text: str) -> str:
    """Digits of every script, Latin letters in disguise (full-width, homoglyphs...) and Arabic
    separators as ASCII, one for one: same length as ``text``."""
    text = _FOLDABLE.sub(_translate_match, text)
    if _FOLDABLE_FORMS.search(text):
        text = _FOLDABLE_FORMS.sub(_translate_match, text)
    for arabic, ascii_ in _ARABIC_SEPARATORS:
        if arabic in text:
            text = text.replace(arabic, ascii_)
    return text


#: The normaliser's characters with no visible content (removed in the folded view).
_INVISIBLE = re.compile(char_run(code_ranges(map(ord, INVISIBLE))))
#: Bytes of the base64 alphabet (and so of hex) as ``a``, every other byte as a space.
_B64_BYTES = bytes(
    0x61 if chr(c).isascii() and (chr(c).isalnum() or chr(c) in "+/_-") else 0x20
    for c in range(256)
)
_DIGEST_RUN = b"a" * min(_B64_LENGTHS)  # (hex digits are base64 characters; hex digests longer)


def _may_hold_digest(text: str) -> bool:
    """A run of the base64 alphabet as long as the shortest digest? (Byte operations: a regex
    over every character costs more than the digests' whole lookup.)"""
    return _DIGEST_RUN in text.encode("utf-8", errors="surrogatepass").translate(_B64_BYTES)


_SEP = r"[\s\-./_,'\u00a0\u2007\u2009\u202f\u2010-\u2015]"
_CODE_SEP = r"[ \-./\u00a0\u202f]"
#: Separators between digits (any run), and one separator between a digit and an upper-case
#: letter (IBANs and ids grouped with letters: GB29 NWBK 6016). Group 1, the character before
#: the separator, is kept; starting on it lets ``re`` skip every other position fast.
_DIGIT_SEPARATORS = re.compile(
    rf"([0-9A-Z])(?:(?<=[0-9]){_SEP}+(?=[0-9])|{_CODE_SEP}(?=[0-9])|(?<=[0-9]){_CODE_SEP}(?=[A-Z]))"
)
_KEEP = r"\1"
_ARABIC_INDIC = re.compile("[\u0660-\u0669]")
_EXTENDED_ARABIC_INDIC = re.compile("[\u06f0-\u06f9]")


#: A letter standing alone and the space after it, before another letter standing alone (or
#: the first of two spaces between two such words): ``J o h n  S m i t h`` read as
#: ``John Smith``. Group 1, the letter, is kept.
_SPACED_LETTERS = re.compile(r"(?<![^\W\d_])([^\W\d_]) (?= ?[^\W\d_](?![^\W\d_]))")
#: What a name of three letters or more spelled so holds: two letters after spaces (a fast
#: test first, starting with a plain space; the pattern above starts with a lookbehind ``re``
#: tries at every position).
_SPACED_LETTER = re.compile(r" [^\W\d_] [^\W\d_]")
_NOT_ALNUM = re.compile(r"[\W_]+")
#: An e-mail address as written (the canary e-mails Faker makes are ASCII).
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
#: Partial joins :meth:`CanaryMatcher.may_hold_joined` follows before it gives up (says True),
#: and joins it tries in all (a huge body with a hundred live joins would take seconds).
_MAX_LIVE = 128
_MAX_WORK = 50_000


def compact_form(value: str) -> str:
    """A value as joined fragments spell it: digits of every script as ASCII, letters in upper
    case, separators and punctuation gone (``SA03 8000-0000`` -> ``SA0380000000``)."""
    return _NOT_ALNUM.sub("", _fold(value)).upper()


def _fold_encoding(original: str) -> str:
    if _ARABIC_INDIC.search(original):
        return "arabic-indic"
    if _EXTENDED_ARABIC_INDIC.search(original):
        return "extended-arabic-indic"
    if _INVISIBLE.search(original):
        return "invisible"
    if any(ch.isdigit() for ch in original if not ch.isascii()):
        return "unicode-digits"
    if any(ch in _LETTER_FORMS for ch in original):
        return "letter-forms"
    return "plain"


def _touches(view: str, start: int, stop: int, bounded: str) -> bool:
    """Whether a bounded value is glued to a neighbouring digit (or letter, for words)."""
    for i in (start - 1, stop):
        if 0 <= i < len(view):
            ch = view[i]
            if ch.isdigit() or (bounded == "word" and ch.isalpha()):
                return True
    return False


def _outermost(hits: Iterable[CanaryHit]) -> list[CanaryHit]:
    """Drop a hit that lies inside a longer hit of the same customer (an account in its IBAN)."""
    ordered = sorted(hits, key=lambda h: (h.start, -h.end, h.customer_id))
    kept: list[CanaryHit] = []
    for hit in ordered:
        if not any(
            k.customer_id == hit.customer_id
            and k.start <= hit.start
            and hit.end <= k.end
            and (k.end - k.start) > (hit.end - hit.start)
            for k in kept
        ):
            kept.append(hit)
    return kept


# -- the matcher ---------------------------------------------------------------------


class _Entry(NamedTuple):
    key: str  # full key; the automaton may hold only its first MAX_KEY characters
    canary: int  # index into CanaryMatcher._canaries
    encoding: str
    bounded: str


class CanaryMatcher:
    """All canary values of some customers, searchable in one pass."""

    def __init__(
        self,
        customers: Iterable[Customer] = (),
        *,
        encodings: Iterable[str] = ENCODINGS_ALL,
        max_key: int = MAX_KEY,
    ):
        self.encodings = frozenset(encodings)
        self.max_key = max_key
        self._canaries: list[CanaryValue] = []
        self._keys: dict[str, list[_Entry]] = {}
        self._digests: dict[str, list[_Entry]] = {}
        #: Canary e-mails in small letters: addresses in the text are looked up in any case.
        self._emails: dict[str, list[_Entry]] = {}
        #: Compact forms (separators gone, upper case) of joinable values -> canary indexes.
        self._joinable: dict[str, list[int]] = {}
        #: Every beginning of a joinable value (built with the automaton).
        self._joinable_prefixes: set[str] = set()
        self._automaton: ahocorasick.Automaton | None = None
        self.add_customers(customers)

    def add_customers(self, customers: Iterable[Customer]) -> None:
        """Register more customers; the automaton is rebuilt on the next search."""
        for customer in customers:
            for canary in canary_values(customer):
                self.add_value(canary)

    def add_value(self, canary: CanaryValue) -> None:
        """Register one canary value with all its forms and encodings."""
        index = len(self._canaries)
        self._canaries.append(canary)
        keys: dict[str, _Entry] = {}
        for form, encoding in canary.forms:
            keys.setdefault(form, _Entry(form, index, encoding, canary.bounded))
        for key, encoding in encoded_keys(canary.value, self.encodings):
            keys.setdefault(key, _Entry(key, index, encoding, ""))
        for key, entry in keys.items():
            self._keys.setdefault(key[: self.max_key], []).append(entry)
        if "hash" in self.encodings:
            for key, encoding in digest_keys(canary.value):
                self._digests.setdefault(key, []).append(_Entry(key, index, encoding, ""))
        if canary.value_category == "email" and "@" in canary.value:
            self._emails.setdefault(canary.value.lower(), []).append(
                _Entry(canary.value, index, "case", "")
            )
        if canary.value_category in JOINABLE:
            compact = compact_form(canary.value)
            if len(compact) <= MAX_JOINED:
                self._joinable.setdefault(compact, []).append(index)
        self._automaton = None

    def __len__(self) -> int:
        """The number of canary values registered."""
        return len(self._canaries)

    @property
    def key_count(self) -> int:
        """Keys in the automaton plus digests in the digest table."""
        return sum(len(e) for e in self._keys.values()) + sum(
            len(e) for e in self._digests.values()
        )

    @property
    def canaries(self) -> tuple[CanaryValue, ...]:
        return tuple(self._canaries)

    def build(self) -> None:
        """Build the automaton and the joinable values' beginnings now (otherwise done on the
        first search)."""
        automaton = ahocorasick.Automaton()
        for prefix, entries in self._keys.items():
            automaton.add_word(prefix, (len(prefix), tuple(entries)))
        if len(automaton):
            automaton.make_automaton()
        self._automaton = automaton
        self._joinable_prefixes = {
            value[:end] for value in self._joinable for end in range(1, len(value) + 1)
        }

    def search(self, text: str) -> list[CanaryHit]:
        """Every canary in ``text``, in any supported form; spans index ``text``."""
        if self._automaton is None:
            self.build()
        if not self._canaries:
            return []
        hits: dict[tuple[int, int, int], CanaryHit] = {}
        self._scan(text, text, None, None, hits)
        base, base_map = text, None
        if not text.isascii():
            folded = _fold(text)
            if changes(folded):  # (the invisible characters are some of what it changes)
                folded, base_map = _remove(folded, _INVISIBLE, "", None)
            if folded != text:
                self._scan(text, folded, base_map, "fold", hits)
                base = folded
        if self._digests and _may_hold_digest(text):
            self._scan_digests(text, hits)
        if self._emails and "@" in text:
            self._scan_emails(text, hits)
        # words spelled letter by letter (a name's forms hold it in every case it is written in)
        if _SPACED_LETTER.search(base) and _SPACED_LETTERS.search(base):
            spelled, spelled_map = _remove(base, _SPACED_LETTERS, _KEEP, base_map)
            self._scan(text, spelled, spelled_map, "collapse", hits)
        collapsed, collapse_map = _remove(base, _DIGIT_SEPARATORS, _KEEP, base_map)
        if collapse_map is not base_map:
            self._scan(text, collapsed, collapse_map, "collapse", hits)
        return _outermost(hits.values())

    def joined(self, compact: str) -> list[CanaryHit]:
        """Canaries whose whole value is ``compact`` (digits and upper-case letters, no
        separators): the guard asks this of number fragments it joined across fields or messages.

        The hits' spans are ``(0, len(compact))``: the value lies in several places at once.
        """
        found = []
        for index in self._joinable.get(compact, ()):
            canary = self._canaries[index]
            found.append(
                CanaryHit(
                    0,
                    len(compact),
                    canary.customer_id,
                    canary.value_category,
                    "split",
                    canary.field,
                )
            )
        return found

    def may_hold_joined(self, text: str, *, ascii_digits: bool = False) -> bool:
        """Could digit groups of ``text``, joined in their order, make a canary's whole value?

        A cheap test for the guard's quick path, which never joins fragments itself: True sends
        the request to the full scan, which does. The scan joins numbers (runs of digit groups)
        and skips others, so this test joins any groups in order, skipping any: it never says
        False where the scan would find a joined canary. Partial joins live only while they are
        the beginning of some canary's value (a set of the values' beginnings says), so few live.
        ``ascii_digits``: every digit in ``text`` is ASCII already (the quick check's text).
        Look-alike letters (``O`` for ``0``) are not read as digits: the quick check never
        passes a request holding them next to a digit.
        """
        joinable = self._joinable
        if not joinable:
            return False
        if self._automaton is None:
            self.build()
        prefixes = self._joinable_prefixes
        live: list[str] = []  # (plain loops: a comprehension per group costs more, before 3.12)
        work = 0
        for group in digit_groups(text, ascii_digits=ascii_digits):
            earlier = len(live)
            work += earlier
            if work > _MAX_WORK:
                return True  # a long text with many live joins: the scan's join is linear
            if group in prefixes:
                if group in joinable:
                    return True
                live.append(group)
            for index in range(earlier):
                joined = live[index] + group
                if joined in prefixes:
                    if joined in joinable:
                        return True
                    live.append(joined)
            if len(live) > _MAX_LIVE:
                return True  # too many beginnings to follow cheaply: let the scan decide
        return False

    def _scan_digests(self, text: str, hits: dict[tuple[int, int, int], CanaryHit]) -> None:
        """Hex and base64 tokens of digest length, looked up in the digest table."""
        table = self._digests
        for token in _B64_RUN.finditer(text):  # hex digits are base64 characters too
            base = token.start()
            run = token.group().translate(_B64URL_TO_STD)
            for length in _B64_LENGTHS:
                for offset in range(0, len(run) - length + 1, 4):  # aligned, as in a larger blob
                    entries = table.get(run[offset : offset + length])
                    if entries:
                        self._add(hits, entries, base + offset, base + offset + length)
            if len(run) < _HEX_LENGTHS[0]:
                continue
            for m in _HEX_RUN.finditer(token.group()):
                hex_run, hex_base = m.group().lower(), base + m.start()
                for length in _HEX_LENGTHS:
                    for offset in range(len(hex_run) - length + 1):
                        entries = table.get(hex_run[offset : offset + length])
                        if entries:
                            self._add(hits, entries, hex_base + offset, hex_base + offset + length)

    def _scan_emails(self, text: str, hits: dict[tuple[int, int, int], CanaryHit]) -> None:
        """Canary e-mail addresses in any mix of cases (``jOhN.SmItH@Example.com``): every
        address in the text, in small letters, looked up (the automaton holds a few cases of
        each; a second search of the whole text in small letters would cost a third more)."""
        for match in _EMAIL.finditer(text):
            entries = self._emails.get(match.group(0).lower())
            if entries:
                self._add(hits, entries, match.start(), match.end())

    def _add(
        self,
        hits: dict[tuple[int, int, int], CanaryHit],
        entries: Iterable[_Entry],
        start: int,
        end: int,
    ) -> None:
        for entry in entries:
            canary = self._canaries[entry.canary]
            hits[(start, end, entry.canary)] = CanaryHit(
                start, end, canary.customer_id, canary.value_category, entry.encoding, canary.field
            )

    def _scan(
        self,
        original: str,
        view: str,
        offsets: _OffsetMap | None,
        kind: str | None,
        hits: dict[tuple[int, int, int], CanaryHit],
    ) -> None:
        assert self._automaton is not None
        for end, (length, entries) in self._automaton.iter(view):
            start = end - length + 1
            for entry in entries:
                stop = start + len(entry.key)
                if len(entry.key) > length and not view.startswith(entry.key, start):
                    continue
                if entry.bounded and _touches(view, start, stop, entry.bounded):
                    continue
                span = offsets.span(start, stop) if offsets else (start, stop)
                canary = self._canaries[entry.canary]
                if any(
                    key[2] == entry.canary and key[0] < span[1] and span[0] < key[1] for key in hits
                ):
                    continue
                encoding = entry.encoding
                if kind == "fold" and encoding == "plain":
                    encoding = _fold_encoding(original[span[0] : span[1]])
                elif kind == "collapse":
                    folded = _fold_encoding(original[span[0] : span[1]])
                    encoding = folded if folded != "plain" else "spaced"
                hits[(span[0], span[1], entry.canary)] = CanaryHit(
                    span[0],
                    span[1],
                    canary.customer_id,
                    canary.value_category,
                    encoding,
                    canary.field,
                )
