"""The plain data a scenario file becomes, and the results of running one.

Everything carries the file and line it came from so that a failure can point a
person at the exact expectation that did not hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockmessenger.boundary.customers import Customer
from mockmessenger.boundary.findings import Finding

#: What a user can do in a step, in the order the docs list them.
STEP_KINDS: tuple[str, ...] = (
    "say",
    "tap",
    "postback",
    "attachment",
    "read",
    "react",
    "link_account",
    "unlink_account",
    "referral",
    "optin",
    "get_started",
    "wait",
)

#: Keys a reply expectation may hold.
REPLY_CHECKS: tuple[str, ...] = (
    "kind",
    "text",
    "contains",
    "not_contains",
    "regex",
    "one_of",
    "quick_replies",
    "buttons",
    "template",
    "attachment",
    "sender_action",
)


@dataclass(frozen=True)
class Where:
    """A place in a scenario file."""

    file: str
    line: int
    field: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" + (f" [{self.field}]" if self.field else "")


@dataclass
class Persona:
    """Who the simulated user is; ``seed`` and ``locale`` fix the generated customer."""

    locale: str = "en_US"
    seed: int = 0
    first_name: str | None = None
    last_name: str | None = None

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)

    def to_context(self) -> dict[str, Any]:
        return {
            "locale": self.locale,
            "language": self.locale.split("_")[0],
            "seed": self.seed,
            "first_name": self.first_name or "",
            "last_name": self.last_name or "",
            "name": self.name,
        }


@dataclass
class ReplyExpectation:
    """What one reply of the bot must look like (every key is checked, all failures kept)."""

    checks: dict[str, Any]
    where: Where
    lines: dict[str, int] = field(default_factory=dict)  # check key -> line

    def wants_sender_action(self) -> bool:
        return "sender_action" in self.checks or self.checks.get("kind") == "sender_action"

    def describe(self) -> str:
        return ", ".join(f"{key}={value!r}" for key, value in self.checks.items())


@dataclass
class StepExpectation:
    """The bot's expected answer to one step."""

    replies: list[ReplyExpectation]
    where: Where
    order: str = "in_order"  # "in_order" | "any_order"
    nothing: bool = False
    more: bool = False  # allow replies beyond the expected ones


@dataclass
class Step:
    """One user action, already rendered (templates resolved), with what must follow."""

    index: int  # 1-based position in the expanded scenario
    kind: str
    value: Any
    where: Where
    expect: StepExpectation | None = None
    label: str = ""
    timeout: float | None = None
    included_from: tuple[Where, ...] = ()

    @property
    def title(self) -> str:
        text = self.label or f"{self.kind} {_short(self.value)}".strip()
        return f"#{self.index} {text}"


@dataclass
class LeakExpectation:
    """A finding the guard is expected to report (leak tests, adversarial bots)."""

    category: str
    where: Where
    value_category: str | None = None
    step: int | None = None
    path: str | None = None
    destination: str | None = None
    min: int = 1

    def matches(self, finding: Finding, step: int | None) -> bool:
        """Does ``finding`` (made during step ``step``) fulfil this expectation?"""
        import re

        if finding.category != self.category and finding.value_category != self.category:
            return False
        if self.value_category and finding.value_category != self.value_category:
            return False
        if self.step is not None and step != self.step:
            return False
        if self.path and not re.search(self.path, finding.path):
            return False
        return not (self.destination and self.destination not in (finding.destination or ""))

    def describe(self) -> str:
        parts = [self.category]
        if self.value_category:
            parts.append(f"value {self.value_category}")
        if self.step is not None:
            parts.append(f"at step {self.step}")
        if self.path:
            parts.append(f"path ~ {self.path}")
        if self.destination:
            parts.append(f"to {self.destination}")
        return "a finding: " + ", ".join(parts)


@dataclass
class Scenario:
    """One runnable conversation (a table row of ``examples``/``matrix`` is its own scenario)."""

    name: str
    file: str
    line: int
    steps: list[Step]
    persona: Persona
    customer: Customer
    description: str = ""
    tags: list[str] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)
    policy_file: str | None = None  # absolute path, None = the default policy
    policy_allow: list[Any] = field(default_factory=list)
    expect_leaks: list[LeakExpectation] = field(default_factory=list)
    timeout: float | None = None
    row: dict[str, Any] = field(default_factory=dict)
    #: what sets this expansion apart from its siblings ("ar_SA", "dollar, en_GB"); "" if alone
    variant: str = ""
    registered: bool = True  # hand the customer to the bot's back end

    @property
    def where(self) -> Where:
        return Where(self.file, self.line)

    def __repr__(self) -> str:
        return f"<Scenario {self.name!r} {self.file}:{self.line} steps={len(self.steps)}>"


@dataclass
class StepFailure:
    """One expectation that did not hold, with what the bot did instead."""

    step_index: int  # 1-based; 0 for the scenario as a whole (leaks not seen…)
    file: str
    line: int
    expected: str
    got: str
    field: str = ""
    step: str = ""  # the step's title, e.g. "#3 say balance"
    seen: int | None = (
        None  # transcript entries up to the end of this step (the conversation so far)
    )

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        what = f" [{self.field}]" if self.field else ""
        return f"{where}:{what} {self.step + ': ' if self.step else ''}expected {self.expected}; got {self.got}"


@dataclass
class ScenarioResult:
    """The outcome of one scenario: every failure, every finding, the whole conversation."""

    name: str
    file: str
    passed: bool
    failures: list[StepFailure] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    transcript: list[Any] = field(default_factory=list)
    thread: str | None = None
    locale: str = "en_US"
    line: int = 1
    requests: int = 0
    duration: float = 0.0
    tags: list[str] = field(default_factory=list)

    @property
    def outcome(self) -> str:
        return "passed" if self.passed else "failed"

    @property
    def finding_categories(self) -> set[str]:
        return {f.category for f in self.findings}


def _short(value: Any, limit: int = 40) -> str:
    if value is None or value is True:
        return ""
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"
