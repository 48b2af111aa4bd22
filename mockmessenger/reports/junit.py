"""Findings as JUnit XML properties.

pytest writes ``record_property``/``item.user_properties`` pairs as
``<property name=... value=...>`` of the test case, which CI dashboards show next
to the failure. One property per finding, named ``boundary.finding.N``, plus a
count, so a dashboard can filter on the name.
"""

from __future__ import annotations

from collections.abc import Iterable

from mockmessenger.boundary.findings import Finding
from mockmessenger.reports.redact import scrub


def finding_value(finding: Finding) -> str:
    """One line: category, where, masked excerpt (never the value)."""
    what = finding.category
    if finding.value_category:
        what += f"/{finding.value_category}"
    parts = [what, finding.path or "(request)", scrub(finding.masked)]
    if finding.step:
        parts.append(f"step {scrub(finding.step)}")
    return " | ".join(parts)


def finding_properties(findings: Iterable[Finding]) -> list[tuple[str, str]]:
    """``(name, value)`` pairs for ``user_properties``: a count and one per finding."""
    findings = list(findings)
    pairs = [("boundary.findings", str(len(findings)))]
    pairs.extend((f"boundary.finding.{n}", finding_value(f)) for n, f in enumerate(findings, 1))
    return pairs
