"""The quick check's front door: one request in, "certainly clean" or "look closer" out."""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterable

from ...records import EgressRecord
from ..detectors import keyed
from ..policy import Policy
from ..walk import TRANSPORT_HEADERS, _envelope_fields
from .engine import HyperscanRisk, RegexRisk

#: A Send API body's recipient id (``{"recipient": {"id": "..."}}``), matched at ``"recipient"``.
RECIPIENT_ID = re.compile(rb'"recipient"\s*:\s*\{\s*"id"\s*:\s*"([0-9]{1,40})"')


def recipient_id(body: bytes) -> re.Match[bytes] | None:
    """The Send API's ``recipient.id`` of a JSON body (one find when it names none): the guard
    finds it once per request, to learn it and to leave it out of the quick check."""
    start = body.find(b'"recipient"')
    return RECIPIENT_ID.match(body, start) if start >= 0 else None


#: Exempt paths outside the JSON body: the URL and headers (the envelope is built without
#: them, exactly) and form fields (form bodies never take the quick path).
_OUTSIDE_JSON = ("url.", "query.", "header.", "form.")
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


def _exempt_keys(policy: Policy) -> tuple[tuple[bytes, ...], bool]:
    """(JSON keys of fields the policy exempts entirely, whether that covers every exemption).

    The quick check subtracts such fields from its distances (the guard never scans them). An
    exemption it cannot name by a key (``$.message.*``, ``$.list[0]``) leaves it no sound way
    to measure: then it answers "look closer" to every JSON request.
    """
    keys = set()
    complete = True
    for rule in policy.exempt:
        path = getattr(rule, "path", "")
        if rule.categories or path.startswith(_OUTSIDE_JSON):
            continue
        last = re.split(r"[.\[\]:]", path.rstrip("]"))[-1].strip("'\"")
        if _KEY.fullmatch(last):
            keys.add(b'"' + last.encode("utf-8") + b'"')
        else:
            complete = False
    return tuple(sorted(keys)), complete


_JSON_TYPES = ("application/json", "text/json", "")
#: More brackets than this and the JSON may be too deep for the guard's walk (Python's
#: recursion limit is about 1,000): the full scan says so.
_DEEPEST = 400


class QuickCheck:
    """``clean(record, host)`` is True only when the record certainly holds no finding."""

    def __init__(self, policy: Policy, use_hyperscan: bool | None = None):
        self.policy = policy
        self._recipients: dict[str, bool] = {}
        self._envelopes: dict[tuple[str, tuple[tuple[str, str], ...], str], bytes] = {}
        self._readable: dict[tuple[tuple[str, str], ...], bool] = {}
        self._risk: RegexRisk | HyperscanRisk
        self._measurable = True
        if use_hyperscan is False:
            self._risk = RegexRisk()
        else:
            keys, complete = _exempt_keys(policy)
            self._measurable = complete
            try:
                self._risk = HyperscanRisk(keys)
            except ImportError:  # hyperscan missing here: the pure-Python check, as documented
                if use_hyperscan:
                    raise
                self._risk = RegexRisk()
            except Exception as error:  # installed but unusable (a database that won't compile)
                if use_hyperscan:
                    raise
                warnings.warn(
                    f"mockmessenger: hyperscan is installed but its quick-check databases could "
                    f"not be built ({type(error).__name__}: {error}); the slower pure-Python "
                    f"quick check runs instead",
                    RuntimeWarning,
                    stacklevel=2,
                )
                self._risk = RegexRisk()

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

    def without_recipient_id(
        self, record: EgressRecord, host: str, found: re.Match[bytes] | None
    ) -> bytes:
        """The body without the digits of its recipient's id when the policy exempts it (the
        guard never scans them, and replies differing only there are alike).

        Only when the body holds those digits nowhere else: elsewhere the guard reads them as
        the recipient's id (``Policy.names_id``), so what it finds there depends on the id, and
        two replies differing only in it are not alike.

        ``found``: :func:`recipient_id` of the record's body.
        """
        body = record.body
        if found is not None and self._recipient_exempt(host) and body.count(found.group(1)) == 1:
            return body[: found.start(1)] + body[found.end(1) :]
        return body

    def clean(
        self, record: EgressRecord, host: str, body: bytes | None = None
    ) -> tuple[bool, str | None]:
        """(certainly clean, the text judged): canaries are looked for in that text too.

        The text is the request as the guard reads it (``\\u`` escapes decoded, the characters
        the normaliser changes changed where there were any): every digit in it is ASCII.

        ``body``: :meth:`without_recipient_id` of the record, when the caller has it already.

        A body that is not JSON is fine here: the full scan would read it as text, character by
        character, as this check does.
        """
        readable = self._readable.get(record.headers) if type(record.headers) is tuple else None
        if readable is None:
            readable = _readable_as_is(record.headers)
            if type(record.headers) is tuple:
                if len(self._readable) > 4_096:
                    self._readable.clear()
                self._readable[record.headers] = readable
        if not readable or not (self._measurable or self._risk.name == "re"):
            return False, None
        if body is None:
            body = self.without_recipient_id(record, host, recipient_id(record.body))
        data = self.envelope(record, host) + body + b"\n"
        try:
            text = data.decode("utf-8")  # (hyperscan's UTF-8 mode wants valid UTF-8)
        except UnicodeDecodeError:
            return False, None  # the guard may find it unscannable
        if body.count(b"[") + body.count(b"{") > _DEEPEST:
            return False, None  # the guard may find it nested too deeply to walk
        view = self._risk.clean_view(data, record.thread is not None)
        if view is None:
            return False, None
        return True, text if view is data else view.decode("utf-8")

    def _recipient_exempt(self, host: str) -> bool:
        known = self._recipients.get(host)
        if known is None:
            known = self._recipients[host] = self.policy.is_fully_exempt("$.recipient.id", host)
        return known


def _readable_as_is(headers: Iterable[tuple[str, str]]) -> bool:
    """A request this check can read as it is: a body with no content coding, JSON or no media
    type; no header named like a balance (``x-customer-balance``: the envelope's lines hold
    its value without its name, which the guard reads as a key: ``guard._keyed_headers``)."""
    encoding = None
    media = ""
    for name, value in headers:
        if name == "content-encoding":
            encoding = value
        elif name == "content-type":
            media = value.split(";", 1)[0].strip().lower()
        elif name not in TRANSPORT_HEADERS and keyed.names_balance(name):
            return False
    return encoding in (None, "", "identity") and media in _JSON_TYPES
