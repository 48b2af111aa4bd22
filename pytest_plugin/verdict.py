"""The guard's verdict on one test: which findings it expected, which fail it.

A test is guarded when it uses the ``messenger`` fixture (or a scenario item
runs). Every finding of its conversations is *unexpected* unless the test said
otherwise: ``@pytest.mark.allow_leak(category)`` tolerates a category,
``@pytest.mark.expect_leak(category)`` and ``boundary.expect_leak(category)``
require one. The plugin asks for the verdict after the test's call and again
after its teardown, so that a leak the bot makes late still fails the test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mockmessenger.reports import finding_key

if TYPE_CHECKING:
    from mockmessenger.boundary.findings import Finding
    from mockmessenger.records import EgressRecord


def matches(finding: Finding, categories: Iterable[str]) -> bool:
    """A finding matches a category by its own category or, for canaries, its value's."""
    wanted = set(categories)
    return finding.category in wanted or (finding.value_category or "") in wanted


@dataclass
class Expectation:
    """Leaks of these categories are required (by a marker or an ``expect_leak`` block)."""

    categories: tuple[str, ...]
    origin: str
    seen: bool = False


@dataclass
class CaseGuard:
    """Findings of one test, measured against what the test allowed and expected."""

    nodeid: str
    allowed: set[str] = field(default_factory=set)
    expectations: list[Expectation] = field(default_factory=list)
    source: Callable[[], Sequence[Finding]] = lambda: ()
    records: Callable[[], Sequence[EgressRecord]] = lambda: ()
    extra: list[Finding] = field(default_factory=list)
    expected_keys: set[tuple] = field(default_factory=set)
    reported_keys: set[tuple] = field(default_factory=set)
    missing_reported: bool = False
    failed: bool = False

    def findings(self) -> list[Finding]:
        """Every finding so far: the guard's and the plugin's own (blocked hosts)."""
        seen: set[tuple] = set()
        result = []
        for finding in [*self.source(), *self.extra]:
            key = finding_key(finding)
            if key not in seen:
                seen.add(key)
                result.append(finding)
        return result

    def expect(self, categories: Sequence[str], origin: str) -> Expectation:
        expectation = Expectation(tuple(categories), origin)
        self.expectations.append(expectation)
        return expectation

    @contextlib.contextmanager
    def expecting(self, categories: Sequence[str]) -> Iterator[Expectation]:
        """Findings of ``categories`` made inside the block are expected; none is an error."""
        before = {finding_key(f) for f in self.findings()}
        expectation = Expectation(tuple(categories), "boundary.expect_leak")
        yield expectation
        new = [f for f in self.findings() if finding_key(f) not in before]
        hits = [f for f in new if matches(f, categories)]
        self.expected_keys.update(finding_key(f) for f in hits)
        expectation.seen = bool(hits)
        if not hits:
            wanted = " or ".join(categories)
            got = ", ".join(sorted({f.category for f in new})) or "nothing"
            raise AssertionError(
                f"expected the boundary guard to find a {wanted} leak in this block; it found {got}"
            )

    def unexpected(self) -> list[Finding]:
        """Findings neither allowed nor expected by the test."""
        expected_categories = {c for e in self.expectations for c in e.categories}
        result = []
        for finding in self.findings():
            if finding_key(finding) in self.expected_keys:
                continue
            if matches(finding, self.allowed | expected_categories):
                continue
            result.append(finding)
        return result

    def missing(self) -> list[Expectation]:
        """Marker expectations with no matching finding."""
        findings = self.findings()
        missing = []
        for expectation in self.expectations:
            expectation.seen = any(matches(f, expectation.categories) for f in findings)
            if not expectation.seen:
                missing.append(expectation)
        return missing

    def failure(self, *, with_missing: bool) -> str | None:
        """The text that fails the test, or ``None``; each finding is reported once.

        ``with_missing``: also report marker expectations no finding met (asked once,
        after the call, when every step of the test has run).
        """
        new = [f for f in self.unexpected() if finding_key(f) not in self.reported_keys]
        self.reported_keys.update(finding_key(f) for f in new)
        parts = []
        if new:
            from mockmessenger.reports.terminal import render_findings

            parts.append(render_findings(new, self.records()))
        if with_missing and not self.missing_reported:
            self.missing_reported = True
            for expectation in self.missing():
                wanted = " or ".join(expectation.categories)
                parts.append(
                    f"expected a {wanted} leak ({expectation.origin}), "
                    "but the boundary guard found none"
                )
        return "\n\n".join(parts) if parts else None
