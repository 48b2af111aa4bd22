"""The quick check: one pass over a whole request that proves most clean messages clean.

A detector can only report something whose raw request shows one of a few shapes:
a long digit run (10 or more digits, any separators), a dashed SSN, an IBAN or NINO
shape, mask characters, an encoded layer (``%XX``, ``\\u``, ``&#``, a base64 or hex
run), digits of another script, look-alike or invisible characters next to digits,
a password/SWIFT word, a digits-only field (a fragment of a split value), or any
context word (balance, حساب, solde, cvv, ...) near a digit. A request showing none
of them, once the policy's exempt recipient id is set aside, cannot hold a finding,
and the guard answers without walking or normalising it.

With hyperscan all of these are one database, scanned once, stopping at the first
match. Without it, the pure-Python check is simpler and stricter (any digit at all,
an escape, a base64-looking run, a password/SWIFT word sends the request to the full
scan): slower to say "clean", never wrong.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sys
import threading
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from stdnum.fr import nir

from ..records import EgressRecord
from .detectors.card_number import is_card_number
from .detectors.context import TRIGGER_WORDS
from .detectors.national_id import is_ae_eid, is_eg_nid
from .normalize import DASHES, INVISIBLE, PUNCTUATION, SPACES
from .policy import Policy
from .walk import TRANSPORT_HEADERS

#: Words that need no digit to matter: a password may be letters only. They count only when
#: followed by what the password detector reads a value after ("password: ...", "pin is ...").
UNCONDITIONAL_WORDS: tuple[str, ...] = (
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
)

SWIFT_WORDS: tuple[str, ...] = ("swift", "bic", "سويفت")

_BASE64ISH = r"[A-Za-z0-9+/_\-]{5}(?:[a-z][A-Z0-9]|[A-Z0-9][a-z])[A-Za-z0-9+/_\-]{5}"
_RECIPIENT = re.compile(r'"recipient"\s*:\s*\{[^{}]*\}')
_VERSION = re.compile(r"^/v\d+(?:\.\d+)?(?=/|$)")
_JSON_TYPES = ("application/json", "text/json", "")
#: How far (in raw characters) a context word may be from a digit; wider than any detector's window.
#: The widest windows any detector uses (amounts: 70 before, 25 after). Raw request text is never
#: shorter between two strings than the guard's joined text (JSON adds quotes, colons, escapes),
#: so these windows over raw text cover every context a detector could see.
WORD_BEFORE = 72
WORD_AFTER = 26


def _hs_class(chars: str) -> str:
    return "".join(f"\\x{{{ord(c):04X}}}" for c in sorted(set(chars)))


def _foreign_digit_ranges() -> str:
    """Every non-ASCII decimal digit, as hyperscan class ranges."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x80, min(sys.maxunicode + 1, 0x20000)):
        if unicodedata.category(chr(code)) == "Nd":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"\\x{{{a:04X}}}-\\x{{{b:04X}}}" for a, b in ranges)


def hyperscan_patterns() -> list[tuple[str, bool]]:
    """(pattern, caseless) for the hyperscan database; any match sends the request to the full scan."""
    odd = _hs_class(SPACES.replace("\t", "") + DASHES + "".join(PUNCTUATION))
    invisible = _hs_class(INVISIBLE)
    return [
        (f"[{_foreign_digit_ranges()}]", False),
        (r"[0-9](?:[ .,\-/_']{0,3}[0-9]){9,}", False),
        (r"[0-9]{3}-[0-9]{2}-[0-9]{4}", False),
        (r"[A-Za-z]{2}[0-9]{2}[ .\-]?[A-Za-z0-9]{4}", False),
        (r"[A-Za-z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-Da-d]", False),
        (r"[*\x{2022}\x{25CF}#\x{00B7}]{2}|[xX]{2}[ .\-]?[0-9xX]", False),
        (r"%[0-9A-Fa-f]{2}|\\u[0-9A-Fa-f]{4}|&#|[0-9A-Fa-f]{16}", False),
        (_BASE64ISH, False),
        (f"[{invisible}]", False),
        (f"[0-9][{odd}]|[{odd}][0-9]", False),
        (r"[0-9][OoIl|]|[OoIl|][0-9]", False),
        (r"""[\[,:]\s*\\?"?[0-9][0-9 .\-]{1,}[0-9]\\?"?\s*[,}\]]""", False),
        (r"\n[0-9][0-9 .\-]{1,}[0-9]\n", False),
        (
            f"(?:{'|'.join(re.escape(w) for w in UNCONDITIONAL_WORDS)})\\s*(?:is|was|:|=|هي|est|ist|->)",
            True,
        ),
        # a BIC is letters only, and only a finding right after its name
        (f"(?:{'|'.join(SWIFT_WORDS)}).{{0,20}}[A-Z]{{6}}[A-Z0-9]{{2}}", True),
    ]


#: Index of the long-digit-run pattern: a run only counts when some validator could accept it.
DIGIT_RUN = 1
#: Indexes of the digits-only-field patterns: one such field is a fragment only in a thread; two
#: in one message could join into a card.
WHOLE_FIELDS = (11, 12)
_GROUPS = re.compile(rb"[0-9]+")


def plausible(run: bytes) -> bool:
    """Could a detector that needs no context word claim this digit run (or a run of its groups)?

    Cards (Luhn, issuer, length), Emirates IDs, Egyptian ids and French NIRs; every weaker
    number needs a context word, which the word pattern looks for on its own.
    """
    groups = [g.decode() for g in _GROUPS.findall(run)]
    digits = "".join(groups)
    if is_card_number(digits) or is_ae_eid(digits) or is_eg_nid(digits) or nir.is_valid(digits):
        return True
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


def context_word_pattern() -> str:
    """All context words in one alternation; a match counts only with a digit near it."""
    words = sorted(
        {w.replace(r"[\s_\-]*", r"[ _\-]*") for w in TRIGGER_WORDS}, key=lambda w: (-len(w), w)
    )  # a stable order: the database cache is keyed by the patterns
    return "|".join(words)


class _RegexRisk:
    """Pure Python: any digit, escape, base64-looking run or password/SWIFT word is a risk."""

    name = "re"

    def __init__(self) -> None:
        self._digit = re.compile(r"\d")
        self._escape = re.compile(r"%[0-9A-Fa-f]{2}")
        self._run = re.compile(r"[A-Za-z0-9+/_\-]{12,}")
        self._mixed = re.compile(_BASE64ISH)
        self._invisible = re.compile(f"[{re.escape(INVISIBLE)}]")

    def risky(self, text: str, threaded: bool = False) -> bool:
        if self._digit.search(text) or ("%" in text and self._escape.search(text)):
            return True
        lowered = text.lower()
        if any(word in lowered for word in (*UNCONDITIONAL_WORDS, *SWIFT_WORDS)):
            return True
        if self._invisible.search(text):
            return True
        return any(self._mixed.search(run.group(0)) for run in self._run.finditer(text))


_COMPILED: tuple[object, int] | None = None
_COMPILE_LOCK = threading.Lock()


def _database() -> tuple[object, int]:
    """The quick-check database: compiled once per process, or loaded from the on-disk cache.

    Compiling takes about a second (many Unicode words); a serialised database keyed by the
    patterns and the hyperscan version loads in well under a millisecond.
    """
    global _COMPILED
    with _COMPILE_LOCK:
        if _COMPILED is None:
            import hyperscan

            patterns = hyperscan_patterns()
            base = hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP
            single = base | hyperscan.HS_FLAG_SINGLEMATCH
            expressions = [p.encode("utf-8") for p, _ in patterns]
            expressions.append(context_word_pattern().encode("utf-8"))
            flags = [
                single | (hyperscan.HS_FLAG_CASELESS if caseless else 0) for _, caseless in patterns
            ]
            flags[DIGIT_RUN] = base | hyperscan.HS_FLAG_SOM_LEFTMOST  # every run, judged in Python
            for ident in WHOLE_FIELDS:
                flags[ident] = base  # every match: they are counted
            flags.append(hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_CASELESS)
            version = getattr(hyperscan, "__version__", "")
            key = hashlib.sha256(repr((expressions, flags, version)).encode()).hexdigest()[:24]
            database = _load_cached(hyperscan, key)
            if database is None:
                database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
                database.compile(
                    expressions=expressions, ids=list(range(len(expressions))), flags=flags
                )
                _store_cached(hyperscan, key, database)
            _COMPILED = (database, len(patterns))
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


class _HyperscanRisk:
    """The precise check, one hyperscan database (UTF-8, Unicode properties).

    Shape patterns stop the scan at their first match. Context words are one more
    pattern reported at every match; a word only counts when an ASCII digit lies within
    the window around it (other scripts' digits are a shape of their own).
    """

    name = "hyperscan"

    def __init__(self) -> None:
        import hyperscan

        self._hs = hyperscan
        self._db, self._words_id = _database()
        self._scratch = hyperscan.Scratch(self._db)
        self._digit = re.compile(rb"[0-9]")

    def risky(self, text: str, threaded: bool = False) -> bool:
        data = text.encode("utf-8")
        found = False
        words_id, digit = self._words_id, self._digit
        fields = 0

        def on_match(ident: int, start: int, end: int, flags: int, context: object) -> bool:
            nonlocal found
            if (
                ident == words_id
                and digit.search(data, max(0, end - WORD_AFTER - 40), end + WORD_BEFORE) is None
            ):
                return False  # a context word with no number near it: keep scanning
            if ident == DIGIT_RUN and not plausible(data[start:end]):
                return False  # a long number no validator would take (a session id, a trace)
            if ident in WHOLE_FIELDS and not threaded:
                nonlocal fields
                fields += 1
                if fields < 2:
                    return False
            found = True
            return True

        with contextlib.suppress(self._hs.ScanTerminated):
            self._db.scan(data, match_event_handler=on_match, scratch=self._scratch)
        return found


class QuickCheck:
    """``clean(record, host, url_text)`` is True only when the record certainly holds no finding."""

    def __init__(self, policy: Policy, use_hyperscan: bool | None = None):
        self.policy = policy
        self._recipients: dict[str, bool] = {}
        self._risk: _RegexRisk | _HyperscanRisk
        if use_hyperscan is False:
            self._risk = _RegexRisk()
        else:
            try:
                self._risk = _HyperscanRisk()
            except Exception:  # hyperscan missing or unusable here
                if use_hyperscan:
                    raise
                self._risk = _RegexRisk()

    @property
    def engine(self) -> str:
        return self._risk.name

    def url_text(self, url: str, host: str) -> str:
        """The URL's scannable part: path after the Graph version, fragment, non-exempt query fields."""
        parts = urlsplit(url)
        pieces = [_VERSION.sub("", parts.path), parts.fragment]
        if parts.query:
            for name, value in parse_qsl(parts.query, keep_blank_values=True):
                if not self.policy.is_fully_exempt(f"query.{name}", host):
                    pieces.append(name)
                    pieces.append(value)
        return "\n".join(pieces)

    def clean(self, record: EgressRecord, host: str, url_text: str) -> tuple[bool, str | None]:
        """(certainly clean, the text looked at); the text lets canaries be checked on it too.

        A body that is not JSON is fine here: the full scan would read it as text, character by
        character, as this check does. URL, headers and body are joined in the full scan's order.
        """
        encoding = None
        media = ""
        pieces = [url_text]
        for name, value in record.headers:
            if name == "content-encoding":
                encoding = value
            elif name == "content-type":
                media = value.split(";", 1)[0].strip().lower()
            elif name not in TRANSPORT_HEADERS:
                pieces.append(value)
        if encoding not in (None, "", "identity") or media not in _JSON_TYPES:
            return False, None
        try:
            body = record.body.decode("utf-8")
        except UnicodeDecodeError:
            return False, None
        if self._recipient_exempt(host):
            body = _RECIPIENT.sub("", body, count=1)
        pieces.append(body)
        text = (
            "\n" + "\n".join(pieces) + "\n"
        )  # every piece between newlines: digits-only pieces show
        return not self._risk.risky(text, record.thread is not None), text

    def _recipient_exempt(self, host: str) -> bool:
        known = self._recipients.get(host)
        if known is None:
            known = self._recipients[host] = self.policy.is_fully_exempt("$.recipient.id", host)
        return known
