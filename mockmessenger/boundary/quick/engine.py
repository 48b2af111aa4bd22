"""The two engines behind the quick check: hyperscan databases, or a strict pure-Python test.

Both answer ``clean_view(data, threaded)`` about a request's raw bytes (URL and header lines,
then the body): None unless the request certainly holds nothing a detector could report, else
the bytes as judged (every digit in them ASCII).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
from pathlib import Path
from typing import Any

from .. import numwords
from ..detectors.context import PASSWORD, SWIFT
from ..normalize import (
    ARABIC_PRESENTATION_BLOCKS,
    INVISIBLE,
    SPACES,
    alphanumeric_codes,
    char_set,
    code_ranges,
    translate_common,
    translation_table,
)
from .confirm import (
    any_bare_code,
    any_fragment,
    any_iban,
    any_label_end,
    any_masked_number,
    any_plausible_run,
    folds_lookalikes,
    opens_base64,
    opens_wrapped,
)
from .judge import EMBEDDED, Judge
from .patterns import (
    ANY_CURRENCY,
    CURRENCY,
    MAX_PATTERN,
    RIVAL,
    WORD,
    Kind,
    bounded,
    chunked,
    compress,
    label_end_pattern,
    place_patterns,
    shape_patterns,
    spaced_pattern,
    window_database_patterns,
)
from .rules import GROUP_RULES

_JSON_ESCAPES_ONLY = re.compile(rb'\\[^"\\/bfnrtu]|\\/')


class RegexRisk:
    """Pure Python, for where hyperscan is missing: stricter, so slower to say "clean".

    Any digit, escape, invisible character, password or SWIFT word, number in words, or a run
    the base64 opener would decode is a risk.
    """

    name = "re"

    #: The Graph API version leading the URL (``v25.0``): a token no detector can claim (one
    #: decimal, too few digits, glued to a letter), so its digits do not count here.
    _VERSION = re.compile(rb"\nv[0-9]{1,3}(?:\.[0-9]{1,2})?\n")

    def __init__(self) -> None:
        #: Every character the normaliser reads as a digit or an ASCII letter: ``\d`` misses
        #: superscripts (``⁴``), and a full-width ``ＳＡ`` starts an IBAN once read.
        self._alphanumeric = re.compile(f"\\d|{char_set(code_ranges(alphanumeric_codes()))}")
        self._escape = re.compile(r"%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|&#|&[A-Za-z]+;")
        self._invisible = re.compile(char_set(code_ranges(map(ord, INVISIBLE))))
        #: Arabic letters in presentation forms: words (a password word) are read once folded.
        self._presentation = re.compile(char_set(ARABIC_PRESENTATION_BLOCKS))
        self._lowered_words = tuple(
            w.lower() for w in (*PASSWORD.latin, *PASSWORD.arabic, *SWIFT.latin, *SWIFT.arabic)
        )
        #: Those words written letter by letter (``S W I F T``: as the context index reads
        #: them, ``context._add_spaced_words``), any space character between the letters (the
        #: other words need a digit, already a risk here).
        self._spaced = re.compile(
            spaced_pattern(f"[ {re.escape(SPACES)}]", (PASSWORD, SWIFT)), re.IGNORECASE
        )
        #: A number in words (``three thousand``, ``ألفين``): the normaliser reads its digits.
        self._number_words = re.compile(numwords.quick_pattern(), re.IGNORECASE)

    def clean_view(self, data: bytes, threaded: bool = False) -> bytes | None:
        """None when the request may hold a finding, else ``data`` (which then holds no digit).

        In a thread, a country code alone ending a field is a risk too (an IBAN's head: its
        digits may come in the next message), and so is a string ending with a label's sign
        (``Your balance 👇``: its amount may open the next message).
        """
        if self._risky(data) or (
            threaded and (any_bare_code(data, threaded) or any_label_end(data))
        ):
            return None
        return data

    def _risky(self, data: bytes) -> bool:
        version = self._VERSION.match(data)
        if version is not None:
            data = data[version.end() - 1 :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return True
        if self._alphanumeric.search(text) or self._escape.search(text):
            return True
        if (
            folds_lookalikes(data)
            or self._invisible.search(text)
            or self._presentation.search(text)
        ):
            return True
        lowered = text.lower()
        if any(word in lowered for word in self._lowered_words):
            return True
        if self._spaced.search(text) or (
            numwords.may_hold(text) and self._number_words.search(text)
        ):
            return True
        return opens_base64(data) or opens_wrapped(data)


# -- compiled databases, cached on disk ---------------------------------------------------------

_COMPILE_LOCK = threading.Lock()
_DATABASES: dict[str, tuple[object, tuple[Any, ...]]] = {}


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
        temporary.replace(folder / f"quick-{key}.hsdb")  # atomic: workers never read half a file
    except Exception:  # a read-only home is fine: the next process compiles again
        return


def _forget_older(name: str, key: str) -> None:
    """Remove databases of the same name compiled from other patterns (an older version's):
    each is a megabyte or two, and nothing will load them again."""
    with contextlib.suppress(OSError):
        for path in cache_dir().glob(f"quick-{name}-*.hsdb"):
            if path.name != f"quick-{key}.hsdb":
                path.unlink(missing_ok=True)


def _compiled(
    name: str,
    expressions: list[str],
    flags: list[int],
    ext: list[tuple[int, ...]] | None,
    meta: tuple[Any, ...],
) -> tuple[object, tuple[Any, ...]]:
    """A database compiled once per process, or loaded from the on-disk cache (compiling takes
    seconds: many Unicode words; a serialised database loads in well under a millisecond)."""
    with _COMPILE_LOCK:
        known = _DATABASES.get(name)
        if known is None:
            import hyperscan

            encoded = [e.encode("utf-8") for e in expressions]
            version = getattr(hyperscan, "__version__", "")
            digest = hashlib.sha256(repr((encoded, flags, ext, version)).encode()).hexdigest()
            key = f"{name}-{digest[:24]}"
            database = _load_cached(hyperscan, key)
            if database is None:
                database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                options: dict[str, Any] = {"ext": ext} if ext else {}
                database.compile(
                    expressions=encoded, ids=list(range(len(encoded))), flags=flags, **options
                )
                _store_cached(hyperscan, key, database)
                _forget_older(name, key)
            known = _DATABASES[name] = (database, meta)
        return known


def _base_flags(hyperscan: Any) -> int:
    return hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP | hyperscan.HS_FLAG_DOTALL


def merged_shapes(patterns: list[tuple[str, Kind, bool]]) -> list[tuple[str, Kind, bool]]:
    """The shape patterns as one alternation per kind (a caseless one inline: ``(?i:...)``),
    in order of each kind's first pattern; base64 candidates apart (their minimum length).

    A kind's patterns only ever say the same thing (``_look`` asks which kinds matched, and a
    match of an alternation is a match of one of its parts): hyperscan runs fewer engines per
    scan (the shapes scan cost about the sum of its 40 patterns), and reports each kind once.
    """
    by_kind: dict[Kind, list[str]] = {}
    for pattern, kind, caseless in patterns:
        if kind != Kind.BASE64:
            part = f"(?i:{pattern})" if caseless else f"(?:{pattern})"
            by_kind.setdefault(kind, []).append(part)
    merged = [  # hyperscan refuses longer patterns: a kind may take two
        ("|".join(chunk), kind, False)
        for kind, parts in by_kind.items()
        for chunk in chunked(parts, MAX_PATTERN)
    ]
    return merged + [(p, kind, c) for p, kind, c in patterns if kind == Kind.BASE64]


def shape_flags(hyperscan: Any, patterns: list[tuple[str, Kind, bool]]) -> list[int]:
    """Each shape pattern's flags: UTF-8 characters, but a statement's reach over bytes (too
    large a repeat in UTF-8 mode: ``Kind.over_bytes``); one report each."""
    single = _base_flags(hyperscan) | hyperscan.HS_FLAG_SINGLEMATCH
    over_bytes = hyperscan.HS_FLAG_DOTALL | hyperscan.HS_FLAG_SINGLEMATCH
    return [
        (over_bytes if kind.over_bytes else single)
        | (hyperscan.HS_FLAG_CASELESS if caseless else 0)
        for _, kind, caseless in patterns
    ]


def shapes_database() -> tuple[object, tuple[Any, ...]]:
    """Flags over the raw request: (database, kind per id)."""
    import hyperscan

    from ..decode import MIN_BASE64

    patterns = merged_shapes(shape_patterns())
    flags = shape_flags(hyperscan, patterns)
    none = (0, 0, 0, 0, 0, 0)
    minimum = (hyperscan.HS_EXT_FLAG_MIN_LENGTH, 0, 0, MIN_BASE64, 0, 0)
    ext = [minimum if kind == Kind.BASE64 else none for _, kind, _ in patterns]
    return _compiled(
        "shapes",
        [p for p, _, _ in patterns],
        flags,
        ext,
        tuple(kind for _, kind, _ in patterns),
    )


def _one_flag_database(
    name: str, patterns: list[str], extra_flag: str, meta: tuple[Any, ...]
) -> tuple[object, tuple[Any, ...]]:
    """A caseless database whose patterns share one more flag (hyperscan's name for it)."""
    import hyperscan

    flag = _base_flags(hyperscan) | hyperscan.HS_FLAG_CASELESS | getattr(hyperscan, extra_flag)
    return _compiled(name, patterns, [flag] * len(patterns), None, meta)


def places_database() -> tuple[object, tuple[Any, ...]]:
    """Where words, rival words and currencies are: (database, (place kind, index, bounded)
    per id)."""
    patterns = place_patterns()
    meta = tuple((kind, index, is_bounded) for _, kind, index, is_bounded in patterns)
    return _one_flag_database(
        "places", [p for p, _, _, _ in patterns], "HS_FLAG_SOM_LEFTMOST", meta
    )


def words_database() -> tuple[object, tuple[Any, ...]]:
    """Whether any context word occurs at all (unbounded): (database, ())."""
    patterns = [pattern for pattern, kind, _ in shape_patterns() if kind == Kind.WORDS]
    return _one_flag_database("words", patterns, "HS_FLAG_SINGLEMATCH", ())


def labels_database() -> tuple[object, tuple[Any, ...]]:
    """Whether a string ends with a label's sign (``patterns.label_end_pattern``), scanned only
    for a request of a thread that holds a context word (``HyperscanRisk._look``): a pattern
    of its own, so that no other request pays for it in the shapes scan: (database, ())."""
    import hyperscan

    flags = _base_flags(hyperscan) | hyperscan.HS_FLAG_SINGLEMATCH
    return _compiled("labels", [label_end_pattern()], [flags], None, ())


def windows_database() -> tuple[object, tuple[Any, ...]]:
    """Rules' words within their windows, over compressed text: (database, (rule, needs a
    currency) per id)."""
    patterns = window_database_patterns()
    meta = tuple((rule, currency) for _, rule, currency in patterns)
    return _one_flag_database("windows", [p for p, _, _ in patterns], "HS_FLAG_SINGLEMATCH", meta)


def _stop(ident: int, start: int, end: int, flags: int, context: object) -> bool:
    """A match handler that stops the scan at the first match."""
    return True


class HyperscanRisk:
    """The precise check: shapes over the raw bytes, windows over compressed text, and the
    exact judgement of the few context words whose window matched."""

    name = "hyperscan"

    def __init__(self, exempt_keys: tuple[bytes, ...] = ()) -> None:
        import hyperscan

        self._terminated = hyperscan.ScanTerminated
        self._shapes, self._kinds = shapes_database()
        self._places, self._place_kinds = places_database()
        self._windows, self._window_rules = windows_database()
        self._words, _ = words_database()
        self._words_scratch = hyperscan.Scratch(self._words)
        self._labels, _ = labels_database()
        self._labels_scratch = hyperscan.Scratch(self._labels)
        self._shape_scratch = hyperscan.Scratch(self._shapes)
        #: Per id, whether a match settles the scan (before and after translating).
        self._stops = (
            tuple(kind.settles or kind == Kind.NORMALIZE for kind in self._kinds),
            tuple(kind.settles for kind in self._kinds),
        )
        self._place_scratch = hyperscan.Scratch(self._places)
        self._window_scratch = hyperscan.Scratch(self._windows)
        self._exempt_keys = exempt_keys
        #: Exempt fields the windows cannot see past (the recipient's id is cut out before).
        skipped = [re.escape(key) for key in exempt_keys if key != b'"id"']
        self._skipped = re.compile(b"|".join(skipped)) if skipped else None
        self._lock = threading.Lock()  # one scratch space per database: one scan at a time

    def clean_view(self, data: bytes, threaded: bool = False) -> bytes | None:
        """None when the request may hold a finding; else the bytes found clean: ``\\u`` escapes
        decoded and, where the request held any, the characters the normaliser changes changed
        (so every digit in them is ASCII)."""
        decoded = False
        if b"\\u" in data:
            # a JSON body with \u escapes (Python's json.dumps writes Arabic so): read it as text
            if not data.isascii() or _JSON_ESCAPES_ONLY.search(data):
                return None
            try:
                data = data.decode("unicode_escape").encode("utf-8")
            except (UnicodeError, ValueError):
                return None
            decoded = True
        with self._lock:
            verdict = self._look(data, threaded, decoded)
            if verdict is None:  # characters the normaliser changes: change them, look again
                data = translate_common(data)
                verdict = self._look(data, threaded, decoded)
            if verdict is None:  # rarer ones: the normaliser's whole table
                text = data.decode("utf-8", errors="replace").translate(translation_table())
                data = text.encode("utf-8")
                verdict = self._look(data, threaded, decoded, translated=True)
        return None if verdict else data

    def _seen(self, data: bytes, translated: bool) -> set[Kind]:
        kinds = self._kinds
        stop = self._stops[translated]
        seen: list[Kind] = []

        def on_match(ident: int, start: int, end: int, flags: int, context: object) -> bool:
            seen.append(kinds[ident])
            return stop[ident]

        try:
            self._shapes.scan(data, match_event_handler=on_match, scratch=self._shape_scratch)
        except self._terminated:  # a settling match stopped the scan (cheaper than suppress())
            return set(seen)
        return set(seen)

    def _look(
        self, data: bytes, threaded: bool, decoded: bool, translated: bool = False
    ) -> bool | None:
        """True (risky), False (clean) or None (translate first)."""
        seen = self._seen(data, translated)
        if threaded and (Kind.FIELD in seen or any_fragment(data)):
            return True  # a number the guard remembers for the thread's next messages
        verdict = self._verdict(data, seen, threaded, decoded, translated)
        if verdict is False and threaded and Kind.WORDS in seen and self._ends_label(data):
            return True  # a label the guard remembers for the thread's next message
        return verdict

    def _verdict(
        self, data: bytes, seen: set[Kind], threaded: bool, decoded: bool, translated: bool
    ) -> bool | None:
        """:meth:`_look`'s answer from the shapes seen (the thread's labels apart)."""
        if not seen:
            return False
        if (
            any(kind.settles for kind in seen)
            or Kind.FIELDS in seen
            or (Kind.EDGES in seen and Kind.CARD_WORD in seen)
        ):
            return True  # (numbers at the edges of fields near a card word: a card cut there)
        if Kind.NORMALIZE in seen and not translated:
            return None
        if (
            (Kind.DIGIT_RUN in seen and any_plausible_run(data))
            or (Kind.IBAN in seen and any_iban(data, threaded))
            or (Kind.MASK in seen and any_masked_number(data))
            or (Kind.LOOKALIKES in seen and folds_lookalikes(data))
            or (Kind.BASE64 in seen and opens_base64(data))
            or (Kind.WRAPPED in seen and opens_wrapped(data))
        ):
            return True
        if Kind.WORDS not in seen:
            return False
        return self._context(data, seen, decoded)

    def _context(self, data: bytes, seen: set[Kind], decoded: bool) -> bool:
        """Context words: windows first, then the exact judgement of the rules they name.

        Windows bound distances except inside exempt fields (the guard skips them) and across
        JSON held in a string (the guard walks it again after the string): a context word
        inside such a string, or an exempt field, and every rule gets the judgement.
        """
        exact = (self._skipped is not None and self._skipped.search(data) is not None) or (
            Kind.EMBEDDED in seen and self._word_in_embedded(data, decoded)
        )
        windows = None if exact else self._matching_windows(compress(data))
        if windows is not None and not windows:
            return False
        words, rivals, currencies = self._where(data)
        if windows is not None:
            words = [w for w in words if any(r in windows for r in GROUP_RULES[w[0]])]
            if not words:
                return False
        judge = Judge(data, bool(currencies), decoded, self._exempt_keys, rivals)
        return judge.risky(words)

    def _ends_label(self, data: bytes) -> bool:
        """Does a string end with a label's sign (:func:`labels_database`)? (The first match
        stops the scan: hyperscan raises, and that is the answer.)"""
        try:
            self._labels.scan(data, match_event_handler=_stop, scratch=self._labels_scratch)
        except self._terminated:
            return True
        return False

    def _word_in_embedded(self, data: bytes, decoded: bool) -> bool:
        """Might a context word sit inside a string holding JSON?"""
        if decoded:
            return True  # its quotes were unescaped: no telling where such a string ends
        held = b"\n".join(EMBEDDED.findall(data))
        if not held:
            return False
        found: list[bool] = []

        def on_match(ident: int, start: int, end: int, flags: int, context: object) -> bool:
            found.append(True)
            return True

        with contextlib.suppress(self._terminated):
            self._words.scan(held, match_event_handler=on_match, scratch=self._words_scratch)
        return bool(found)

    def _matching_windows(self, text: bytes) -> set[int]:
        """Rules whose word lies within its window of a number it could read."""
        rules = self._window_rules
        plain: set[int] = set()
        with_currency: set[int] = set()

        def on_match(ident: int, start: int, end: int, flags: int, context: object) -> bool:
            rule, needs_currency = rules[ident]
            (with_currency if needs_currency or rule == ANY_CURRENCY else plain).add(rule)
            return False

        self._windows.scan(text, match_event_handler=on_match, scratch=self._window_scratch)
        if ANY_CURRENCY in with_currency:  # a currency somewhere: amounts next to one count
            plain |= with_currency - {ANY_CURRENCY}
        return plain

    def _where(
        self, data: bytes
    ) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, int]], list[int]]:
        """(context words, rival words, currency ends) in the raw bytes; words bounded."""
        kinds = self._place_kinds
        words: list[tuple[int, int, int]] = []
        rivals: list[tuple[int, int, int]] = []
        currencies: list[int] = []

        def on_match(ident: int, start: int, end: int, flags: int, context: object) -> bool:
            kind, index, is_bounded = kinds[ident]
            if not is_bounded or bounded(data, start, end):
                if kind == WORD:
                    words.append((index, start, end))
                elif kind == RIVAL:
                    rivals.append((index, start, end))
                elif kind == CURRENCY:
                    currencies.append(end)
            return False

        self._places.scan(data, match_event_handler=on_match, scratch=self._place_scratch)
        return words, rivals, currencies
