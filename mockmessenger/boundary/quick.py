"""The quick check: one pass over a whole request that proves most clean messages clean.

Everything a detector can report needs, somewhere in the raw request, a digit of
some script (cards, IBANs, amounts, codes, and every encoding of them: URL escapes,
hex, ``\\u`` escapes and entities all spell digits), a percent-escape (``%DB%B4``
is an Extended Arabic-Indic digit), a base64-looking run (mixed case, 12+
characters), or a password/SWIFT word. A request with none of these, once the
policy's exempt recipient id is set aside, cannot hold a finding: the guard answers
without walking or normalising it. Hyperscan runs this as one database scan; the
pure-Python path is one compiled regex.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import parse_qsl, urlsplit

from ..records import EgressRecord
from .policy import Policy
from .walk import TRANSPORT_HEADERS

RISKS: tuple[str, ...] = (
    r"\d",
    r"%[0-9A-Fa-f]{2}",
    r"[A-Za-z0-9+/_\-]{5}(?:[a-z][A-Z0-9]|[A-Z0-9][a-z])[A-Za-z0-9+/_\-]{5}",
)
WORDS: tuple[str, ...] = (
    "swift",
    "bic",
    "password",
    "passcode",
    "passwd",
    "pwd",
    "mot de passe",
    "passwort",
    "pin",
    "سويفت",
    "كلمة المرور",
    "كلمة السر",
    "الرقم السري",
)

_RECIPIENT = re.compile(r'"recipient"\s*:\s*\{[^{}]*\}')
_VERSION = re.compile(r"^/v\d+(?:\.\d+)?(?=/|$)")
_JSON_TYPES = ("application/json", "text/json", "")


class _RegexRisk:
    """The same question in pure Python: a few single-purpose searches, cheapest first."""

    name = "re"

    def __init__(self) -> None:
        self._digit = re.compile(r"\d")
        self._escape = re.compile(RISKS[1])
        self._run = re.compile(r"[A-Za-z0-9+/_\-]{12,}")
        self._mixed = re.compile(RISKS[2])

    def risky(self, text: str) -> bool:
        if self._digit.search(text) or ("%" in text and self._escape.search(text)):
            return True
        lowered = text.lower()
        if any(word in lowered for word in WORDS):
            return True
        return any(self._mixed.search(run.group(0)) for run in self._run.finditer(text))


class _HyperscanRisk:
    name = "hyperscan"

    def __init__(self) -> None:
        import hyperscan

        self._hs = hyperscan
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        base = hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_UTF8 | hyperscan.HS_FLAG_UCP
        expressions = [r.encode() for r in RISKS] + [re.escape(w).encode("utf-8") for w in WORDS]
        flags = [base] * len(RISKS) + [base | hyperscan.HS_FLAG_CASELESS] * len(WORDS)
        self._db.compile(expressions=expressions, ids=list(range(len(expressions))), flags=flags)
        self._scratch = hyperscan.Scratch(self._db)

    def risky(self, text: str) -> bool:
        found = False

        def stop(*_: object) -> bool:
            nonlocal found
            found = True
            return True

        with contextlib.suppress(self._hs.ScanTerminated):
            self._db.scan(text.encode("utf-8"), match_event_handler=stop, scratch=self._scratch)
        return found


class QuickCheck:
    """``clean(record, host)`` is True only when the record certainly holds no finding."""

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
                if not self.policy.is_exempt(f"query.{name}", host):
                    pieces.append(name)
                    pieces.append(value)
        return "\n".join(pieces)

    def clean(self, record: EgressRecord, host: str, url_text: str) -> tuple[bool, str | None]:
        """(certainly clean, the text looked at); the text lets canaries be checked on it too.

        A body that is not JSON is fine here: the full scan would read it as text, character by
        character, exactly as this check does.
        """
        headers = record.headers
        encoding = None
        media = ""
        extra: list[str] = []
        for name, value in headers:
            if name == "content-encoding":
                encoding = value
            elif name == "content-type":
                media = value.split(";", 1)[0].strip().lower()
            elif name not in TRANSPORT_HEADERS:
                extra.append(value)
        if encoding not in (None, "", "identity") or media not in _JSON_TYPES:
            return False, None
        try:
            body = record.body.decode("utf-8")
        except UnicodeDecodeError:
            return False, None
        if self._recipient_exempt(host):
            body = _RECIPIENT.sub("", body, count=1)
        text = "\n".join((body, url_text, *extra)) if extra else f"{body}\n{url_text}"
        return not self._risk.risky(text), text

    def _recipient_exempt(self, host: str) -> bool:
        known = self._recipients.get(host)
        if known is None:
            known = self._recipients[host] = self.policy.is_exempt("$.recipient.id", host)
        return known
