"""Reports over a run: conversations (transcripts) and the guard's findings.

Every writer in this package (terminal, JSON, JUnit properties, HTML, SARIF)
takes the same two plain inputs, :class:`Conversation` objects and
:class:`~mockmessenger.boundary.findings.Finding` objects, usually bundled in a
:class:`SessionReport`. Both are plain data that survive a trip through JSON, so
that pytest-xdist workers can hand theirs to the controller, which merges them.
No writer ever prints a full sensitive value: findings hold masked excerpts only,
and drawn message text goes through :func:`mockmessenger.reports.redact.scrub`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the boundary package is heavy; reports load it only when needed
    from mockmessenger.boundary.findings import Finding

__all__ = ["Conversation", "SessionReport", "entry_dict"]

_ENTRY_FIELDS = ("direction", "kind", "body", "mid", "timestamp", "exchange_index")


def entry_dict(entry: Any) -> dict[str, Any]:
    """One transcript entry (a ``TranscriptEntry`` or a mapping) as a plain dict."""
    if isinstance(entry, Mapping):
        data = {name: entry.get(name) for name in _ENTRY_FIELDS}
        data.update({k: v for k, v in entry.items() if k not in data})
        return data
    return {name: getattr(entry, name, None) for name in _ENTRY_FIELDS}


@dataclass
class Conversation:
    """One conversation between a simulated user and the bot, in order.

    ``entries`` are dicts with ``direction`` ("in": user to bot, "out": bot to
    user), ``kind``, ``body`` (the webhook event or the Send API body),
    ``mid``, ``timestamp`` and ``exchange_index`` (the position of the Graph
    request in the platform's egress log; findings point at it through
    ``Finding.record``).
    """

    name: str
    entries: list[dict[str, Any]] = field(default_factory=list)
    thread: str | None = None
    locale: str | None = None
    outcome: str | None = None
    source: str | None = None
    worker: str | None = None

    @classmethod
    def from_transcript(
        cls,
        name: str,
        transcript: Iterable[Any],
        *,
        thread: str | None = None,
        locale: str | None = None,
        outcome: str | None = None,
        source: str | None = None,
        worker: str | None = None,
    ) -> Conversation:
        return cls(
            name=name,
            entries=[entry_dict(e) for e in transcript],
            thread=thread,
            locale=locale,
            outcome=outcome,
            source=source,
            worker=worker,
        )

    @property
    def turns(self) -> int:
        """How many things the user did (incoming events)."""
        return sum(1 for e in self.entries if e.get("direction") == "in")

    def findings_in(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings that belong to this conversation's thread."""
        if self.thread is None:
            return []
        return [f for f in findings if f.thread == self.thread]

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "entries": self.entries,
            "thread": self.thread,
            "locale": self.locale,
            "outcome": self.outcome,
            "source": self.source,
            "worker": self.worker,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Conversation:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__ if k in data})

    def summary_dict(self) -> dict[str, Any]:
        """What a machine-readable report keeps of a conversation: no message bodies."""
        return {
            "name": self.name,
            "thread": self.thread,
            "locale": self.locale,
            "outcome": self.outcome,
            "source": self.source,
            "worker": self.worker,
            "messages": len(self.entries),
            "turns": self.turns,
        }


@dataclass
class SessionReport:
    """Everything the reports of one run show; mergeable across xdist workers."""

    conversations: list[Conversation] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    requests_scanned: int = 0
    tests_guarded: int = 0
    tests_failed_by_guard: int = 0

    def by_category(self) -> dict[str, int]:
        """Finding counts per category, most frequent first."""
        counts = Counter(f.category for f in self.findings)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def merge(self, other: SessionReport) -> None:
        self.conversations.extend(other.conversations)
        self.findings.extend(other.findings)
        self.requests_scanned += other.requests_scanned
        self.tests_guarded += other.tests_guarded
        self.tests_failed_by_guard += other.tests_failed_by_guard

    def to_dict(self, *, with_transcripts: bool = True) -> dict[str, Any]:
        """Plain data. ``with_transcripts=False`` drops message bodies (for files)."""
        return {
            "conversations": [
                c.to_dict() if with_transcripts else c.summary_dict() for c in self.conversations
            ],
            "findings": [f.to_dict() for f in self.findings],
            "requests_scanned": self.requests_scanned,
            "tests_guarded": self.tests_guarded,
            "tests_failed_by_guard": self.tests_failed_by_guard,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SessionReport:
        from mockmessenger.boundary.findings import Finding

        return cls(
            conversations=[Conversation.from_dict(c) for c in data.get("conversations", [])],
            findings=[Finding.from_dict(f) for f in data.get("findings", [])],
            requests_scanned=int(data.get("requests_scanned", 0)),
            tests_guarded=int(data.get("tests_guarded", 0)),
            tests_failed_by_guard=int(data.get("tests_failed_by_guard", 0)),
        )


def finding_key(finding: Finding) -> tuple[Any, ...]:
    """Identity of a finding for de-duplication across reports."""
    return (finding.thread, finding.record, finding.path, finding.category, finding.span)


def unique(findings: Sequence[Finding]) -> list[Finding]:
    seen: set[tuple[Any, ...]] = set()
    result = []
    for f in findings:
        key = finding_key(f)
        if key not in seen:
            seen.add(key)
            result.append(f)
    return result
