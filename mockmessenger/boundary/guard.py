"""The boundary guard: what left the bank, checked against the policy.

A :class:`Guard` is built once and scans many records. Most clean records are proved clean
from their raw bytes by the quick check (:mod:`.quick`) and go no further. For the others it walks
every string (:mod:`.walk`), opens encoded layers (:mod:`.decode`), joins all of
it into one text, normalises that text once (:mod:`.normalize`), runs one
prefilter and one tokenizer pass over it (:mod:`.scanner`) and asks the
detectors about the tokens only. Per thread it remembers what masked values and
number fragments earlier messages revealed, so that a value split across
messages is still found, and a label that ended the last message ("Your balance 👇"), so that
the amount opening the next one is read under it. It knows nothing of HTTP servers or
transports.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, NamedTuple

from ..records import EgressRecord
from . import labels, splits
from .decode import may_hold_layers, open_layers
from .detectors import Hit, Scan, Token, detect_said, detect_token, keyed
from .detectors import card_number as card_detector
from .detectors import iban as iban_detector
from .detectors import national_id as national_id_detector
from .detectors.context import (
    ACCOUNT,
    CARD_WORDS,
    LAST_DIGITS,
    NATIONAL_ID,
    NOT_SENSITIVE,
    NUMBER_LABELS,
)
from .detectors.iban import country_lengths
from .findings import Finding
from .masking import mask, redact
from .matcher import MAX_JOINED
from .normalize import normalize, prepare
from .policy import ID_CATEGORIES, Policy
from .quick import QuickCheck
from .quick.check import recipient_id
from .reveal import Revealed, RevealState
from .scanner import SECOND_READINGS, Tokenizer, make_prefilter
from .walk import Unscannable, walk_record, walk_text

_DIGITS = re.compile(r"\D+")
_MASK_CHARS = frozenset("*•●#xX·")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
#: Where a request's text names a number as a Messenger id without a policy path for it: the
#: recipient of a request inside another (a Graph batch item's ``recipient={"id": ...}``), and
#: a number in the path of a link to a Messenger or Facebook page, profile or thread
#: (``https://m.me/<page id>``, ``https://www.facebook.com/<page id>``).
_RECIPIENT_IN_TEXT = re.compile(r'recipient"?\s*[=:]\s*\{\s*"id"\s*:\s*"?([0-9]{5,20})\b')
_MESSENGER_LINK = re.compile(
    r"(?<![\w.-])(?:[a-z0-9-]+\.)*(?:facebook\.com|fb\.com|fb\.me|m\.me|messenger\.com)"
    r"((?:/[^\s/?#\"'<>\\]*)+)",
    re.IGNORECASE,
)
#: A letter of any script (a word near a number).
_WORD = re.compile(r"[^\W\d_]")
_MASKED_IBAN = re.compile(r"[A-Za-z]{2}[0-9*•●#xX·]{2}[ \-0-9*•●#xX·]*[*•●#xX·]{3}[ \-0-9*•●#xX·]*")


class Segment(NamedTuple):
    """One string of the record inside the joined text (``start``: offset in the joined raw text)."""

    start: int
    path: str
    text: str
    encoding: str
    key: bool = False


#: A number of at most ten digits, a space, then a mask to the end (``4821907731 ***``).
_NUMBER_THEN_BLANK = re.compile(r"([0-9]{1,10}) +[^0-9 ]+")
#: The lengths of nearly every card (Amex, the rest): a mask making one hides a card's digits.
_COMMON_CARD_LENGTHS = (15, 16)
#: How far before a masked number a benign label (``Ticket``, ``Ref``) may stand.
BLANK_LABEL_BEFORE = 25


def _labelled_blank(text: str, token: Token, scan: Scan) -> bool:
    """A number labelled as something benign (``Ticket 4821907731 ***``: a ticket, a reference,
    an order, no card word nearer) and then a blank to fill in: at most ten digits, a space and
    a mask to the end that does not make the common card lengths (15 or 16)."""
    match = _NUMBER_THEN_BLANK.fullmatch(text)
    if match is None:
        return False
    positions = sum(1 for c in text if c.isalnum() or c in _MASK_CHARS)
    if positions in _COMMON_CARD_LENGTHS:
        return False
    benign = scan.near(NOT_SENSITIVE, token.start, token.end, BLANK_LABEL_BEFORE, 0)
    if benign is None:
        return False
    card = scan.near(CARD_WORDS, token.start, token.end, 60, 25)
    return card is None or card > benign


@dataclass
class _Fragment:
    """A number no detector claimed, kept in case it is part of a value split in pieces.

    ``labelled``: the text says it is something else (a reference, a ticket, a number to call):
    it joins into a canary's value only. ``last``: the text presents it as a value's last digits
    ("ending 4070"): it can only end a joined card or id. ``opens``/``closes``: nothing but
    white space before/after it in its field; ``field``: where its field starts in the joined
    text; ``after``: where the field before it starts (keys and empty fields not counted), for
    one that opens its field.
    """

    digits: str
    whole_field: bool
    card_context: bool
    id_context: bool
    path: str
    labelled: bool = False
    last: bool = False
    opens: bool = False
    closes: bool = False
    field: int = -1
    after: int = -2


class Guard:
    """Scans egress records for forbidden financial values (see the module docstring)."""

    FRAGMENT_MEMORY = 8
    #: How many consecutive number fragments at most make one joined value.
    JOIN_PIECES = 5
    #: For how many following records of a thread a number fragment keeps the full scan on.
    FRAGMENT_RECORDS = 3
    #: Scan results remembered per distinct request (bots send the same replies over and over);
    #: 0 turns the memo off.
    MEMO_SIZE = 4096
    #: Bodies longer than this are not remembered (rarely repeated, costly to keep).
    MEMO_MAX_BODY = 8_192
    #: Messenger ids remembered at most (:meth:`add_known_ids`); past it the guard starts over.
    KNOWN_IDS = 100_000

    def __init__(
        self,
        policy: Policy | None = None,
        canaries: Any = None,
        *,
        use_hyperscan: bool | None = None,
    ):
        self.policy = policy or Policy.default()
        self._prefilter = make_prefilter(use_hyperscan)
        self._quick = QuickCheck(self.policy, use_hyperscan)
        prepare()
        self._lock = threading.RLock()
        self._reveals = RevealState()
        self._fragments: dict[str, list[_Fragment]] = {}
        self._iban_pieces: dict[str, list[splits.Piece]] = {}
        self._exempt_cache: dict[tuple[str, ...], bool] = {}
        self._id_paths: dict[tuple[str, str], bool] = {}
        self._urls: dict[str, tuple[str, str]] = {}
        self._fresh: dict[str, int] = {}
        self._labels: dict[str, tuple[str, bytes | None]] = {}
        self._matcher: Any = None
        self._customers: list[Any] = []
        self._memo: _Memo = _Memo(self.MEMO_SIZE)
        self._known_ids = _KnownIds(self.KNOWN_IDS)
        if canaries is not None:
            if hasattr(canaries, "search"):
                self._matcher = canaries
            else:
                self.add_customers(canaries)

    def fresh(self) -> Guard:
        """A new guard sharing this one's policy and compiled engines, with no canaries or memory.

        Cheap (no compilation): for one guard per test from a guard built once per session.
        The request memo is shared too: its entries hold no thread state, name the matcher they
        were made with, and replay thread steps on the guard that asks (see :meth:`_scan`).
        So are the known Messenger ids (facts about the platform, not about a test).
        """
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        clone._lock = threading.RLock()
        clone._reveals = RevealState()
        clone._fragments = {}
        clone._iban_pieces = {}
        clone._fresh = {}
        clone._labels = {}
        clone._matcher = None
        clone._customers = []
        return clone

    def set_canaries(self, matcher: Any, customers: Iterable[Any] = ()) -> None:
        """Use an already built canary matcher (``CanaryMatcher``), e.g. one shared between guards.

        ``customers`` are the ones behind it: a later :meth:`add_customers` builds a new matcher
        from them and the added ones (the shared matcher itself is never changed).
        """
        with self._lock:
            self._customers = list(customers)
            self._matcher = matcher

    @property
    def engine(self) -> str:
        """Which prefilter runs: ``hyperscan`` or ``re``."""
        return self._prefilter.name

    # -- public API -----------------------------------------------------------------------------

    def add_customers(self, customers: Iterable[Any]) -> None:
        """Register synthetic customers: any of their values seen in egress is a ``canary`` finding."""
        from .matcher import CanaryMatcher

        with self._lock:
            self._customers.extend(customers)
            self._matcher = CanaryMatcher(self._customers)

    def add_known_ids(self, ids: Iterable[str]) -> None:
        """Messenger ids (PSIDs, page and app ids) that are ids wherever they appear later.

        The guard learns recipients' ids from the requests it scans; register others (the page's
        id, users the bot may name before it first writes to them) here. A known id is never
        reported as a card, account, routing or national id number.
        """
        with self._lock:
            for value in ids:
                self._known_ids.add(str(value))

    def learn_ids(self, records: Iterable[EgressRecord]) -> None:
        """Learn the recipients' ids of ``records`` before scanning them (a recording read whole:
        a request to a third party may name a PSID before the bot first writes to that user)."""
        with self._lock:
            for record in records:
                if self._names_id("$.recipient.id", record.host):
                    self._learn_from(record.body)

    def _learn_from(self, body: bytes) -> None:
        """The Send API's ``recipient.id`` of a JSON body."""
        found = recipient_id(body)
        if found is not None:
            self._known_ids.add(found.group(1).decode("ascii"))

    def _names_id(self, path: str, host: str) -> bool:
        """``Policy.names_id``, remembered per (path, host): the recipient's id of a request is
        learned where the policy names it an id (``id: true``: Meta's hosts in the default
        policy; elsewhere a "recipient" could be anything)."""
        names_id = self._id_paths.get((path, host))
        if names_id is None:
            if len(self._id_paths) > 50_000:
                self._id_paths.clear()
            names_id = self._id_paths[(path, host)] = self.policy.names_id(path, host)
        return names_id

    def scan(self, record: EgressRecord) -> list[Finding]:
        """Findings for one record; remembers per-thread state for values split across messages."""
        with self._lock:
            return self._scan(record)

    def scan_all(self, records: Iterable[EgressRecord]) -> list[Finding]:
        findings: list[Finding] = []
        for record in records:
            findings.extend(self.scan(record))
        return findings

    def reset(self) -> None:
        """Forget per-thread state (between tests)."""
        with self._lock:
            self._reveals.reset()
            self._fragments.clear()
            self._iban_pieces.clear()
            self._fresh.clear()
            self._labels.clear()

    # -- one record -----------------------------------------------------------------------------

    def _scan(self, record: EgressRecord) -> list[Finding]:
        """Scan, or answer from the memo when the same request was scanned before.

        What a request's findings are depends on the request alone, except two steps that read
        and update the thread's memory (masked values combined, number fragments joined). The
        memo keeps a journal: the findings made without thread memory, and those two steps with
        their inputs, in order. Replaying it runs the two steps again against this record's
        thread, so a remembered request updates and reads thread state like a fresh scan.
        """
        policy = self.policy
        known = self._urls.get(record.url)
        if known is None:
            if len(self._urls) > 10_000:
                self._urls.clear()
            host = record.host
            where = (
                "trusted"
                if policy.is_trusted(host)
                else "outside"
                if policy.is_known_outside(host)
                else "unknown"
            )
            learns = where != "trusted" and self._names_id("$.recipient.id", host)
            known = self._urls[record.url] = (host, where, learns)
        host, where, learns = known
        if where == "trusted":
            return []
        found = recipient_id(record.body)  # learned, and left out of the quick check
        if learns and found is not None:
            self._known_ids.add(found.group(1).decode("ascii"))
        fresh = where == "outside" and (
            self._has_fresh_fragments(record.thread) or record.thread in self._labels
        )
        body = self._quick.without_recipient_id(record, host, found)
        key = self._memo_key(record, body)
        if key is not None:
            remembered = self._memo.get(
                key, self._matcher, self._known_ids, quick_allowed=not fresh
            )
            if remembered is not None:
                return self._replay(remembered, record)
        if where == "outside" and not fresh:
            clean, seen = self._quick.clean(record, host, body)
            if clean and (self._matcher is None or not self._canary_in(seen or "")):
                if key is not None:
                    self._memo.put(key, self._matcher, (), quick=True)
                return []
        journal: list[_Event] | None = [] if key is not None else None
        findings = self._full_scan(record, host, where, journal)
        if key is not None and journal is not None:
            self._memo.put(key, self._matcher, tuple(journal), quick=False)
        return findings

    def _canary_in(self, text: str) -> bool:
        """Whether the quick path must stop for canaries in the text it judged clean (its digits
        all ASCII): one seen whole, or numbers that might join into one (the full scan joins
        them; the quick path does not)."""
        matcher = self._matcher
        if matcher.search(text):
            return True
        may_hold_joined = getattr(matcher, "may_hold_joined", None)
        return may_hold_joined is not None and may_hold_joined(text, ascii_digits=True)

    def _replay(self, journal: tuple[_Event, ...], record: EgressRecord) -> list[Finding]:
        """A remembered scan as this record's: its index, thread and step; thread steps rerun."""
        if not journal:
            return []
        out = _Findings(self, record)
        step = (record.meta or {}).get("step")
        for event in journal:
            if event[0] == "add":
                _, key, finding, _ = event
                out._seen.add(key)
                out.findings.append(
                    dataclasses.replace(
                        finding,
                        record=record.index,
                        thread=record.thread,
                        step=step,
                        extra=dict(finding.extra),
                    )
                )
            else:
                _, name, args = event
                getattr(self, name)(out, *args)
        return out.findings

    def _memo_key(self, record: EgressRecord, body: bytes) -> tuple[Any, ...] | None:
        """What makes two requests scan alike (``body`` without the exempt recipient id)."""
        if len(body) > self.MEMO_MAX_BODY or self.MEMO_SIZE <= 0:
            return None
        if self._matcher is not None and not hasattr(self._matcher, "__len__"):
            return None  # a matcher that cannot say whether it grew: never remember
        return (record.method, record.url, record.headers, body, record.thread is None)

    def _full_scan(
        self, record: EgressRecord, host: str, where: str, journal: list[_Event] | None
    ) -> list[Finding]:
        policy = self.policy
        out = _Findings(self, record)
        out.journal = journal
        if where == "unknown" and policy.unknown_hosts == "report":
            out.add(
                "destination",
                "destination",
                "url.host",
                host,
                "destination:unknown-host",
                None,
                "plain",
                confidence="medium",
            )
        segments = self._segments(record, out)
        if not segments:
            return out.findings
        raw = "\n".join(s.text for s in segments)
        starts = [s.start for s in segments]
        _named_ids(raw, out.ids)
        normalized = normalize(raw)
        text = normalized.text
        scan = Scan(text)

        def locate(start: int, end: int) -> tuple[Segment, tuple[int, int]]:
            raw_start, raw_end = normalized.to_original(start, end)
            segment = segments[bisect.bisect_right(starts, raw_start) - 1]
            return segment, (raw_start - segment.start, raw_end - segment.start)

        want_tokens, want_passwords = self._prefilter.wanted(text)
        _keyed_amounts(segments, out)
        if want_passwords:
            for hit in detect_said(scan):
                out.add_hit(hit, *locate(hit.start, hit.end))
        if want_tokens:
            fragments: list[_Fragment] = []
            position = 0
            # A wide reading that held no card covered every run of its groups: inside it, a
            # wide reading from a later group would only ask again (once per line: quadratic).
            plain_until = -1
            tokenizer = Tokenizer(text)
            while True:
                token = tokenizer.next(position, plain=position < plain_until)
                if token is None:
                    break
                position = token.end
                if token.kind in SECOND_READINGS:
                    resume = self._second_reading(token, scan, locate, out)
                    if resume is not None:
                        position = resume
                        continue
                    if token.kind == "wide":
                        plain_until = token.end
                    token = tokenizer.next(token.start, plain=True)  # as if never read so
                    if token is None:
                        break
                    position = token.end
                if token.kind == "masked" or (
                    token.kind == "iban" and _MASKED_IBAN.fullmatch(token.text.strip(" .-"))
                ):
                    self._judge_masked(token, scan, locate, out)
                    continue
                hit = detect_token(token, scan)
                if hit is None and token.kind == "num" and scan.before(token.start, 1).isalpha():
                    hit = self._without_glued_group(token, scan)
                if hit is None and token.kind in ("iban", "nino"):
                    position = token.start + 2  # no IBAN, no NINO: read its digits as numbers
                    continue
                if hit is not None:
                    if token.kind == "iban":
                        position = hit.end
                    out.add_hit(hit, *locate(hit.start, hit.end))
                    continue
                if token.kind == "num":
                    fragment = self._fragment(token, scan, locate, segments, starts)
                    if fragment is not None and not _echoes(fragment, fragments):
                        fragments.append(fragment)
            out.thread_step("_join_fragments", fragments)
            # Pieces of IBANs: a thread's next messages may hold the rest of any of them; within
            # one message only a message with a head can hold a whole split IBAN.
            if record.thread is not None or splits.has_head(text):
                pieces = []
                for piece in splits.pieces(text):
                    segment, (start, end) = locate(piece.start, piece.end)
                    if segment.path.startswith(("url.", "header.")):
                        continue  # the same URL and headers come between every two messages
                    field = segment.text
                    opens, closes = not field[:start].strip(), not field[end:].strip()
                    if piece.bare and not closes:
                        continue  # a code alone ends its field (``_BARE_CODE``: a line)
                    pieces.append(
                        splits.Piece(
                            piece.groups,
                            piece.heads,
                            path=segment.path,
                            opens=opens,
                            closes=closes,
                            bare=piece.bare,
                        )
                    )
                out.thread_step("_join_iban_pieces", pieces)
        _keyed_headers(segments, out)
        if record.thread is not None:
            said = _message_said(segments)
            if said is not None:  # (a request with no message, a typing indicator, leaves it)
                path, said_text = said
                label = labels.label_of(said_text) if said_text else None
                out.thread_step("_label_then_amount", label, path, said_text)
        if self._matcher is not None:
            self._canaries(raw, segments, starts, out)
        return out.findings

    @staticmethod
    def _without_glued_group(token: Token, scan: Scan) -> Hit | None:
        """``CVC2 284``: the first digits belong to a word; read the token without them."""
        digits_end = token.start
        while digits_end < token.end and scan.text[digits_end].isdigit():
            digits_end += 1
        rest = token.text[digits_end - token.start :].lstrip(" .,-/_'")
        if not rest:
            return None
        start = token.end - len(rest)
        return detect_token(Token("num", start, token.end, rest), scan)

    def _segments(self, record: EgressRecord, out: _Findings) -> list[Segment]:
        segments: list[Segment] = []
        append = segments.append
        offset = 0
        host = record.host
        exempt = self._exempt_cache
        if len(exempt) > 50_000:
            exempt.clear()
        new = tuple.__new__  # Segment(...) goes through a Python-level __new__; this is one C call
        for item in walk_record(record):
            if item.__class__ is Unscannable:
                if (
                    item.reason.startswith("binary content")
                    and self.policy.unscannable_media == "ignore"
                ):
                    continue
                if not self.policy.is_exempt(item.path, host, "unscannable"):
                    out.add(
                        "unscannable",
                        "walk",
                        item.path,
                        "",
                        f"unscannable:{item.reason}",
                        None,
                        "plain",
                    )
                continue
            path, text, key = item
            if not key and self._names_id(path, host):
                _add_id(out.ids, text)
            skip = exempt.get((path, host))
            if skip is None:
                skip = exempt[(path, host)] = self.policy.is_fully_exempt(path, host)
            if skip:
                continue
            append(new(Segment, (offset, path, text, "plain", key)))
            offset += len(text) + 1
            if key or len(text) < 6 or not may_hold_layers(text):
                continue
            for layer in open_layers(text):
                append(new(Segment, (offset, path, layer.text, layer.encoding, False)))
                offset += len(layer.text) + 1
                for inner in walk_text(layer.text, path)[1:]:
                    append(
                        new(Segment, (offset, inner.path, inner.text, layer.encoding, inner.key))
                    )
                    offset += len(inner.text) + 1
        return segments

    # -- second readings -----------------------------------------------------------------------

    def _second_reading(self, token: Token, scan: Scan, locate: Any, out: _Findings) -> int | None:
        """A number with one mask symbol that hides a card (judged as a masked form), or a card
        number or IBAN whose groups are split by line breaks, tabs or wide spaces, within one
        field: where to read on when so; None to read the text again as plain numbers."""
        if token.kind == "masked1":
            text = token.text.strip(" .-")
            revealed = Revealed.parse(text, "card_number")
            if not revealed.could_hide_card() or not self._looks_like_card(text, token, scan):
                return None
            segment, span = locate(token.start, token.end)
            self._judge_revealed(revealed, segment, span, out, combined=False)
            out.thread_step("_combine_revealed", revealed, segment, span)
            return token.end
        if token.kind == "wide":
            hit = card_detector.detect(token, scan) or national_id_detector.detect_wide(token, scan)
            if (
                hit is not None
                and hit.category == "card_number"
                and scan.near(
                    CARD_WORDS,
                    hit.start,
                    hit.end,
                    card_detector.CARD12_BEFORE,
                    card_detector.CARD12_AFTER,
                )
                is None
                and self._words_around(hit, locate)
            ):
                # numbers on lines of their own under words that are no card word are a list
                # (branch codes 4512 / 4105 / 0123 / 0456 pass Luhn one time in ten); with a card
                # word, or nothing but the numbers in their field, they are a card
                return None
        else:
            hit = iban_detector.detect(token, scan)
        if hit is None:
            return None
        segment, span = locate(hit.start, hit.end)
        if span[1] > len(segment.text):
            return None  # across two fields: their pieces are joined by the split-value rules
        out.add_hit(hit, segment, span)
        return hit.end if token.kind == "iban_wide" else token.end

    @staticmethod
    def _words_around(hit: Hit, locate: Any) -> bool:
        """Letters near ``hit`` in its own field (the joined request holds other fields' words)."""
        segment, (start, end) = locate(hit.start, hit.end)
        text = segment.text
        before = text[max(0, start - card_detector.CARD12_BEFORE) : start]
        return bool(
            _WORD.search(before) or _WORD.search(text, end, end + card_detector.CARD12_AFTER)
        )

    # -- masked forms ---------------------------------------------------------------------------

    def _judge_masked(self, token: Token, scan: Scan, locate: Any, out: _Findings) -> None:
        text = token.text.strip(" .-")
        positions = sum(1 for c in text if c.isalnum() or c in _MASK_CHARS)
        if token.kind == "iban":
            if (
                positions < 14
                or not _MASKED_IBAN.fullmatch(text)
                or text[:2].upper() not in country_lengths()
            ):
                return
            category = "iban"
        elif 13 <= positions <= 19 and self._looks_like_card(text, token, scan):
            category = "card_number"
        elif 6 <= positions <= 19 and scan.context(ACCOUNT, token.start, token.end, 45, 20):
            category = "account_number"
        else:
            return
        revealed = Revealed.parse(token.text, category)
        if not revealed.known:
            return
        segment, span = locate(token.start, token.end)
        self._judge_revealed(revealed, segment, span, out, combined=False)
        out.thread_step("_combine_revealed", revealed, segment, span)

    def _combine_revealed(
        self, out: _Findings, revealed: Revealed, segment: Segment, span: tuple[int, int]
    ) -> None:
        """With what earlier messages of the thread revealed: together, too much?"""
        union = self._reveals.combine(out.record.thread, revealed)
        if union is not None:
            self._judge_revealed(union, segment, span, out, combined=True)

    @staticmethod
    def _looks_like_card(text: str, token: Token, scan: Scan) -> bool:
        """A card-length masked number is a card unless account words are nearer than card words.

        Shown leading digits that are a card issuer's prefix settle it: ``411111******1111``.
        """
        if _labelled_blank(text, token, scan):
            return False
        leading = ""
        for char in text:
            if char.isdigit():
                leading += char
            elif char not in " -.":
                break
        if len(leading) >= 4 and card_detector.issuer(leading.ljust(6, "0")) is not None:
            return True
        account = scan.near(ACCOUNT, token.start, token.end, 30, 10)
        if account is None:
            return True
        card = scan.near(CARD_WORDS, token.start, token.end, 30, 10)
        return card is not None and card <= account

    def _judge_revealed(
        self,
        revealed: Revealed,
        segment: Segment,
        span: tuple[int, int],
        out: _Findings,
        combined: bool,
    ) -> None:
        leading, trailing, middle = revealed.shape()
        category = revealed.category
        if self.policy.permits_mask(category, leading, trailing, middle):
            return
        full = revealed.complete()
        if (
            full is not None
            and category == "card_number"
            and not card_detector.is_card_number(full)
        ):
            return
        allowed = ", ".join(f.name for f in self.policy.mask_forms(category)) or "none"
        how = "combined across messages" if combined else "masked form"
        rule = f"mask:{category} {how} reveals {len(revealed.known)} digits (first {leading}, last {trailing}, other {middle}); allowed: {allowed}"
        masked = _mask_revealed(revealed, self.policy.reveal(category))
        out.add(
            category,
            "masked_thread" if combined else "masked_form",
            segment.path,
            "",
            rule,
            span,
            segment.encoding,
            masked=masked,
        )

    # -- values split across fields or messages -------------------------------------------------

    def _fragment(
        self,
        token: Token,
        scan: Scan,
        locate: Any,
        segments: Sequence[Segment] = (),
        starts: Sequence[int] = (),
    ) -> _Fragment | None:
        digits = token.digits
        if not 3 <= len(digits) <= 12 or not token.text.replace(" ", "").replace("-", "").isdigit():
            return None
        before, after = scan.before(token.start, 1), scan.after(token.end, 1)
        if (before and (before in card_detector.NOT_A_FRAGMENT_AFTER or before.isalpha())) or (
            after and (after in "%_" or after.isalpha())
        ):
            return (
                None  # a phone number, an amount, an identifier (TRANSFERS_485685), a URL parameter
            )
        if _DATE.fullmatch(token.text):
            return None
        # A number labelled as a reference or a phone number is remembered too, as a canary's
        # piece may sit anywhere; it joins into no card or id (a bank's messages are full of
        # references and hotlines, and "card ending 4070" + "reference 300980329511" would read
        # as a Visa one time in twenty-five).
        segment, span = locate(token.start, token.end)
        opens = not segment.text[: span[0]].strip()
        closes = not segment.text[span[1] :].strip()
        after = -2
        if opens and segments:
            index = bisect.bisect_left(starts, segment.start) - 1
            while index >= 0 and (segments[index].key or not segments[index].text.strip()):
                index -= 1
            after = segments[index].start if index >= 0 else -1
        card_distance = scan.near(
            CARD_WORDS,
            token.start,
            token.end,
            card_detector.SPLIT_BEFORE,
            card_detector.SPLIT_AFTER,
        )
        label = min(
            (
                distance
                for words in (NOT_SENSITIVE, NUMBER_LABELS)
                if (
                    distance := scan.near(
                        words, token.start, token.end, card_detector.LABEL_BEFORE, 0
                    )
                )
                is not None
            ),
            default=None,
        )
        labelled = label is not None and (card_distance is None or label < card_distance)
        last = (
            scan.near(LAST_DIGITS, token.start, token.end, card_detector.LABEL_BEFORE, 0)
            is not None
        )
        identity = scan.context(
            NATIONAL_ID,
            token.start,
            token.end,
            national_id_detector.BEFORE,
            national_id_detector.AFTER,
        )
        return _Fragment(
            digits,
            opens and closes,
            card_distance is not None,
            identity,
            segment.path,
            labelled,
            last,
            opens,
            closes,
            segment.start,
            after,
        )

    def _has_fresh_fragments(self, thread: str | None) -> bool:
        """True while a thread's recent numbers could join the next message's: no quick path then."""
        if thread is None or thread not in self._fresh:
            return False
        self._fresh[thread] -= 1
        if self._fresh[thread] <= 0:
            del self._fresh[thread]
        return True

    def _label_then_amount(
        self, out: _Findings, label: str | None, path: str, text: str | None
    ) -> None:
        """A message of a thread: read its opening amount after the label that ended the
        thread's previous message, if one did (to the same recipient); then remember its own
        label, if it ends with one (:func:`labels.label_of`), for the next message.

        Only the thread's next request that carries a message reads a label: a request
        without one between them (a typing indicator, an analytics call, a request to a
        trusted host) does not count, any other message does (the label named what came right
        after it, nothing later).
        """
        thread = out.record.thread
        pending = self._labels.pop(thread, None) if self._labels else None
        recipient = None
        if pending is not None or label is not None:
            found = recipient_id(out.record.body)
            recipient = found.group(1) if found is not None else None
        if pending is not None and text and pending[1] == recipient:
            self._amount_after_label(out, pending[0], path, text)
        if label is not None:
            self._labels[thread] = (label, recipient)

    @staticmethod
    def _amount_after_label(out: _Findings, label: str, path: str, text: str) -> None:
        """:func:`labels.amount_after` the label, unless the message alone was found a balance
        or a transaction in that field."""
        where = redact(path)
        if any(f.path == where and f.category in _AMOUNT_CATEGORIES for f in out.findings):
            return
        found = labels.amount_after(label, text)
        if found is None:
            return
        hit, span = found
        out.add(
            hit.category,
            hit.detector,
            path,
            hit.value,
            f"{hit.rule} after a label in the thread's previous message",
            span,
            "plain",
            confidence=hit.confidence,
        )

    def _join_fragments(self, out: _Findings, fragments: list[_Fragment]) -> None:
        """Numbers of this message's fields, or of the thread's last messages, that together are a
        card number, a national id with a checksum, or a canary's whole value."""
        record = out.record
        thread = record.thread
        history = self._fragments.get(thread, []) if thread is not None else []
        current = len(history)
        pool = history + fragments
        canaries = hasattr(self._matcher, "joined")
        longest = MAX_JOINED if canaries else card_detector.MAX_DIGITS  # (ids are shorter)
        for end in range(current, len(pool)):
            run = ""
            card = identity = False
            for begin in range(end, max(-1, end - self.JOIN_PIECES), -1):
                run = pool[begin].digits + run
                if len(run) > longest:
                    break
                if begin == end:
                    continue
                parts = pool[begin : end + 1]
                where = "messages of the thread" if begin < current else "fields of one message"
                if canaries:
                    self._add_joined_canaries(out, run, pool[end].path, where)
                whole = all(p.whole_field for p in parts)
                edges = begin >= current and not whole
                if edges and not _edge_to_edge(parts):
                    # within one message only fields holding nothing but digits join, or pieces
                    # that meet where one field ends and the next begins
                    continue
                if any(p.labelled for p in parts) or any(p.last for p in parts[:-1]):
                    continue  # a reference or a phone number; "ending 4070" followed by more
                if not card and 13 <= len(run) <= card_detector.MAX_DIGITS:
                    card = self._join_card(out, run, parts, whole, where, edges)
                if not identity and len(run) in national_id_detector.BY_LENGTH:
                    identity = self._join_national_id(out, run, parts, whole, where)
        if thread is not None:
            self._fragments[thread] = pool[-self.FRAGMENT_MEMORY :]
            if fragments:
                self._fresh[thread] = self.FRAGMENT_RECORDS

    @staticmethod
    def _join_card(
        out: _Findings,
        run: str,
        parts: list[_Fragment],
        whole: bool,
        where: str,
        edges: bool = False,
    ) -> bool:
        """A card number whose pieces are near a card word, or are whole fields cut where the
        card's printed groups are (an amount picker's 500 / 1000 / 2000 is not). Pieces of one
        message that meet at the edges of their fields (``edges``: ``Card 41234567`` then
        ``89012349 is active``) need both."""
        context = any(p.card_context for p in parts)
        if edges or not context:
            if not (context or (whole and not edges)):
                return False
            if not card_detector.follows_display_groups([len(p.digits) for p in parts]):
                return False
        if not card_detector.is_card_number(run):
            return False
        out.add(
            "card_number",
            "card_number",
            parts[-1].path,
            run,
            f"luhn+{card_detector.issuer(run)} split across {where}",
            None,
            "plain",
            confidence="medium",
        )
        return True

    @staticmethod
    def _join_national_id(
        out: _Findings, run: str, parts: list[_Fragment], whole: bool, where: str
    ) -> bool:
        """A national id with a checksum whose pieces are whole fields or near an id word (the
        formats that need context always need the word). Formats without a checksum (SSN, ITIN,
        the Qatari, Bahraini and Omani ids) are never joined: any two numbers near "id" would do.
        """
        context = any(p.id_context for p in parts)
        if not (whole or context):
            return False
        for kind, valid, needs_context in national_id_detector.BY_LENGTH[len(run)]:
            if kind not in national_id_detector.JOINABLE or (needs_context and not context):
                continue
            if valid(run):
                out.add(
                    "national_id",
                    "national_id",
                    parts[-1].path,
                    run,
                    f"{kind} split across {where}",
                    None,
                    "plain",
                    confidence="medium",
                )
                return True
        return False

    def _add_joined_canaries(self, out: _Findings, compact: str, path: str, where: str) -> None:
        """Canary values whose pieces were joined: a certain leak, whatever their context."""
        for hit in self._matcher.joined(compact):
            out.add(
                "canary",
                "canary",
                path,
                compact,
                f"canary:{hit.value_category} split across {where}",
                None,
                "split",
                value_category=hit.value_category,
                customer=hit.customer_id,
                masked=mask(compact, hit.value_category, self.policy.reveal(hit.value_category)),
            )

    def _join_iban_pieces(self, out: _Findings, pieces: list[splits.Piece]) -> None:
        """IBANs whose pieces sit in several fields of this message or in earlier messages."""
        thread = out.record.thread
        history = self._iban_pieces.get(thread, []) if thread is not None else []
        pool = history + pieces
        for value, begin, end in splits.joined_ibans(pool, len(history)):
            where = "messages of the thread" if begin < len(history) else "fields of one message"
            out.add(
                "iban",
                "iban",
                pool[end].path,
                value,
                f"iban-mod97:{value[:2]} split across {where}",
                None,
                "plain",
                confidence="medium",
            )
            if hasattr(self._matcher, "joined"):
                self._add_joined_canaries(out, value, pool[end].path, where)
        if thread is not None:
            # a head joins the pieces of a chain after it at most (splits.joined_ibans)
            kept = self._iban_pieces[thread] = pool[-(splits.CHAIN - 1) :]
            if pieces and any(piece.heads for piece in kept):
                # a head, or a chain going on from one: its next piece may be short
                self._fresh[thread] = self.FRAGMENT_RECORDS

    # -- canaries -------------------------------------------------------------------------------

    def _canaries(
        self, raw: str, segments: Sequence[Segment], starts: list[int], out: _Findings
    ) -> None:
        """The canary matcher folds scripts and separators itself: it reads the raw joined text."""
        for hit in self._matcher.search(raw):
            segment = segments[bisect.bisect_right(starts, hit.start) - 1]
            value = raw[hit.start : hit.end]
            encoding = segment.encoding
            hit_encoding = getattr(hit, "encoding", "plain") or "plain"
            if hit_encoding != "plain":
                encoding = hit_encoding if encoding == "plain" else f"{encoding}>{hit_encoding}"
            span = (hit.start - segment.start, hit.end - segment.start)
            out.add(
                "canary",
                "canary",
                segment.path,
                value,
                f"canary:{hit.value_category}",
                span,
                encoding,
                value_category=hit.value_category,
                customer=hit.customer_id,
                masked=mask(value, hit.value_category, self.policy.reveal(hit.value_category)),
            )


def _as_id(text: str) -> str | None:
    """``text`` as a Messenger id: 5 to 20 ASCII digits, white space around them dropped."""
    digits = text.strip()
    if 5 <= len(digits) <= 20 and digits.isdigit() and digits.isascii():
        return digits
    return None


def _add_id(ids: set[str], text: str) -> None:
    digits = _as_id(text)
    if digits is not None:
        ids.add(digits)


def _named_ids(text: str, ids: set[str]) -> None:
    """Numbers the request's text names as Messenger ids (:data:`_RECIPIENT_IN_TEXT`,
    :data:`_MESSENGER_LINK`), added to ``ids``."""
    if "recipient" in text:
        for match in _RECIPIENT_IN_TEXT.finditer(text):
            ids.add(match.group(1))
    lowered = text.lower()
    if any(
        host in lowered for host in ("facebook.com", "fb.com", "fb.me", "m.me", "messenger.com")
    ):
        for match in _MESSENGER_LINK.finditer(text):
            for part in match.group(1).split("/"):
                _add_id(ids, part)


#: Where a Send API request carries its message, in a JSON body or a form's ``message`` field
#: (the key's path, as the walk names it).
_MESSAGE_ROOTS = frozenset(("$.message", "form.message{key}"))
#: A message's text: a text message's, or a button template's.
_MESSAGE_TEXTS = frozenset(
    f"{root}{field}"
    for root in ("$.message.", "form.message:$.")
    for field in ("text", "attachment.payload.text")
)
_AMOUNT_CATEGORIES = ("balance", "transaction")


def _message_said(segments: Sequence[Segment]) -> tuple[str, str] | None:
    """(path, text) of the message a request carries: its text field's, or an empty text
    when it carries a message without one (an image, a generic template); None when it
    carries no message (a typing indicator, a request to another host). (Two set lookups a
    field: every threaded request the full scan reads asks.)"""
    carried: tuple[str, str] | None = None
    for segment in segments:
        path = segment.path
        if path in _MESSAGE_TEXTS:
            if not segment.key and segment.encoding == "plain":
                return path, segment.text
        elif path in _MESSAGE_ROOTS:
            carried = (path, "")
    return carried


def _edge_to_edge(parts: list[_Fragment]) -> bool:
    """Does each piece end its field where the next one begins the field right after it (a
    value cut across fields of one message, words before its first piece and after its last)?"""
    return all(a.closes and b.opens and b.after == a.field for a, b in pairwise(parts))


def _echoes(fragment: _Fragment, earlier: list[_Fragment]) -> bool:
    """Whether a whole field repeats a sibling field of the same object with the same number
    (a quick reply's or a button's title and payload): the object says that number once."""
    if not fragment.whole_field:
        return False
    parent = fragment.path.rpartition(".")[0]
    return any(
        other.whole_field
        and other.digits == fragment.digits
        and other.path.rpartition(".")[0] == parent
        for other in earlier
    )


#: A journal event: ("add", dedup key, finding, hash of the digits a known id could hide, or
#: None) or ("step", Guard method name, arguments).
_Event = tuple[Any, ...]


class _KnownIds:
    """Messenger ids (PSIDs, page ids) known outside any one request: the recipients of the
    requests scanned so far and the ids registered with :meth:`Guard.add_known_ids`.

    A bot that copies a PSID into a third party's query (``?uid=…``) sends an id, not a card
    number. Shared by a guard and its :meth:`Guard.fresh` copies. ``hashes`` lets a remembered
    scan ask whether an id is now known for one of its findings without keeping its digits.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self._ids: set[str] = set()
        self.hashes: set[int] = set()

    def add(self, value: str) -> None:
        if value in self._ids:
            return
        digits = _as_id(value)
        if digits is None or digits in self._ids:
            return
        if len(self._ids) >= self.limit:
            self._ids.clear()
            self.hashes.clear()
        self._ids.add(digits)
        self.hashes.add(hash(digits))

    def __contains__(self, digits: object) -> bool:
        return digits in self._ids


class _Memo:
    """Scan journals per distinct request, most recent ``size`` requests (insertion order evicts).

    Each entry keeps the canary matcher it was computed with and how many canaries it held: a
    guard whose matcher changed or grew (or a copy of a guard sharing this memo with another
    matcher) never reuses it. An entry holding a finding a Messenger id could hide (a card,
    account, routing or national id number) keeps the hashes of those findings' digits, and is
    not reused once one of them is a known id (a hash shared by chance only costs a scan).
    """

    def __init__(self, size: int):
        self.size = size
        self._entries: dict[
            tuple[Any, ...], tuple[Any, int, tuple[_Event, ...], bool, frozenset[int]]
        ] = {}

    def get(
        self, key: tuple[Any, ...], matcher: Any, known_ids: _KnownIds, *, quick_allowed: bool
    ) -> tuple[_Event, ...] | None:
        entry = self._entries.get(key)
        if (
            entry is None
            or entry[0] is not matcher
            or entry[1] != _size(matcher)
            or (entry[3] and not quick_allowed)
            or (entry[4] and not entry[4].isdisjoint(known_ids.hashes))
        ):
            return None
        return entry[2]

    def put(
        self, key: tuple[Any, ...], matcher: Any, journal: tuple[_Event, ...], *, quick: bool
    ) -> None:
        entries = self._entries
        if len(entries) >= self.size:
            # another guard sharing this memo may have emptied it meanwhile
            with contextlib.suppress(KeyError, StopIteration, RuntimeError):
                del entries[next(iter(entries))]
        hidden = frozenset(e[3] for e in journal if e[0] == "add" and e[3] is not None)
        entries[key] = (matcher, _size(matcher), journal, quick, hidden)

    def clear(self) -> None:
        self._entries.clear()


def _size(matcher: Any) -> int:
    return len(matcher) if matcher is not None else 0


def _mask_revealed(revealed: Revealed, reveal: int) -> str:
    """A masked value's excerpt: only the allowed tail of what it revealed, never its middle."""
    tail = min(reveal, revealed.length // 3)
    shown = "".join(
        revealed.known.get(i, "•") if i >= revealed.length - tail else "•"
        for i in range(revealed.length)
    )
    return revealed.head() + shown


def _keyed_amounts(segments: Sequence[Segment], out: _Findings) -> None:
    """Numbers held by a field whose key names a balance (``{"balance": 8432.1}``), or an
    amount beside a transaction's merchant, counterparty, memo or date (``{"amount": 320.0,
    "merchant": "Panda"}``): ``detectors.keyed``. Not where the field's text was found a
    balance or a transaction already."""
    objects_with_fields: set[str] | None = None
    for key, value in pairwise(segments):
        if not key.key or value.key or value.path != key.path:
            continue
        if keyed.names_balance(key.text):
            category, rule = "balance", "amount+balance-key"
        elif keyed.names_transaction_amount(key.text):
            if objects_with_fields is None:
                objects_with_fields = {
                    keyed.parent(s.path)
                    for s in segments
                    if s.key and keyed.names_transaction_field(s.text)
                }
            if keyed.parent(value.path) not in objects_with_fields:
                continue
            category, rule = "transaction", "amount+transaction-keys"
        else:
            continue
        number = normalize(value.text).text
        if not keyed.is_amount(number):
            continue
        path = redact(value.path)
        if any(
            f.category == category and (f.path == path or path.startswith(f"{f.path}:"))
            for f in out.findings
        ):
            continue  # found in this field's text, or in the string holding its JSON
        out.add(
            category,
            category,
            value.path,
            _DIGITS.sub("", number),
            rule,
            (0, len(value.text)),
            value.encoding,
        )


def _keyed_headers(segments: Sequence[Segment], out: _Findings) -> None:
    """A header named like a balance key (``x-customer-balance: 3412.75``,
    ``X-Available-Balance: SAR 3,412.75``): its name read as :func:`_keyed_amounts` reads a
    JSON key (``keyed.names_balance``), its value a number as a field holds one
    (``keyed.is_amount``), its currency before or after it. Not where the header's text was
    found a balance already."""
    for segment in segments:
        path = segment.path
        if not path.startswith("header."):
            if path.startswith(("url.", "query.")):
                continue
            break  # (the URL's and headers' fields come first: the body's follow)
        if segment.key or ":" in path or not keyed.names_balance(path[7:]):
            continue
        number = keyed.header_amount(normalize(segment.text).text)
        if number is None or any(
            f.category == "balance" and f.path == redact(path) for f in out.findings
        ):
            continue
        out.add(
            "balance",
            "balance",
            path,
            _DIGITS.sub("", number),
            "amount+balance-header",
            (0, len(segment.text)),
            segment.encoding,
        )


class _Findings:
    """Collects one record's findings: policy checks (forbidden, exempt, allowlisted), masking, dedup."""

    def __init__(self, guard: Guard, record: EgressRecord):
        self.guard = guard
        self.record = record
        self.findings: list[Finding] = []
        self._seen: set[tuple[Any, ...]] = set()
        #: Numbers the request names as Messenger ids (``Policy.names_id``, ``_named_ids``):
        #: wherever they appear they are that id, never a card, account or national id number.
        self.ids: set[str] = set()
        #: When the scan is remembered: every finding made, and every thread step, in order.
        self.journal: list[_Event] | None = None

    def thread_step(self, name: str, *args: Any) -> None:
        """Run a step that reads or updates thread state (``Guard.<name>(out, *args)``).

        Journaled by name and inputs, not by its findings: a replay runs it again against the
        replaying record's thread (and the replaying guard, never the one that recorded it).
        """
        journal = self.journal
        if journal is not None:
            journal.append(("step", name, args))
        self.journal = None
        try:
            getattr(self.guard, name)(self, *args)
        finally:
            self.journal = journal

    def add_hit(self, hit: Hit, segment: Segment, span: tuple[int, int]) -> None:
        self.add(
            hit.category,
            hit.detector,
            segment.path,
            hit.value,
            hit.rule,
            span,
            segment.encoding,
            confidence=hit.confidence,
        )

    def add(
        self,
        category: str,
        detector: str,
        path: str,
        value: str,
        rule: str,
        span: tuple[int, int] | None,
        encoding: str,
        *,
        confidence: str = "high",
        masked: str | None = None,
        value_category: str | None = None,
        customer: str | None = None,
    ) -> None:
        policy = self.guard.policy
        record = self.record
        if not policy.forbids(category):
            return
        exempt = self.guard._exempt_cache
        where = (path, record.host, category)
        skip = exempt.get(where)
        if skip is None:
            skip = exempt[where] = policy.is_exempt(path, record.host, category)
        if skip:
            return
        if value and policy.is_allowlisted(value, value_category or category):
            return
        # (the digits a Messenger id could share with an id-like finding: also kept, hashed, in
        # the journal, for _Memo.get)
        digits = _DIGITS.sub("", value) if category in ID_CATEGORIES else None
        if digits is not None and (digits in self.ids or digits in self.guard._known_ids):
            return  # a Messenger id: named as such by the request, or known (a recipient's)
        key = (category, detector, path, span, encoding, customer, value_category)
        if key in self._seen:
            return
        self._seen.add(key)
        if masked is None:
            masked = (
                mask(value, category, policy.reveal(category))
                if category != "destination"
                else redact(value)
            )
        finding = Finding(
            category=category,
            detector=detector,
            record=record.index,
            path=redact(path),
            masked=masked,
            rule=f"{policy.name}: {rule}",
            span=span,
            encoding=encoding,
            destination=redact(record.host),
            thread=record.thread,
            value_category=value_category,
            customer=customer,
            step=(record.meta or {}).get("step"),
            confidence=confidence,
        )
        self.findings.append(finding)
        if self.journal is not None:
            self.journal.append(("add", key, finding, None if digits is None else hash(digits)))
