"""Plain-text reports: the end-of-session summary and a test's findings.

Text only (no colour codes) so that the same lines read well in a terminal, a CI
log and a pytest failure report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from mockmessenger.boundary.findings import Finding
from mockmessenger.records import EgressRecord
from mockmessenger.reports import SessionReport
from mockmessenger.reports.redact import scrub, scrub_url


def render_summary(report: SessionReport) -> str:
    """The session summary: conversations, requests scanned, findings by category."""
    turns = sum(c.turns for c in report.conversations)
    lines = [
        f"conversations: {len(report.conversations)} ({turns} user turns)",
        f"requests scanned: {report.requests_scanned}",
        f"tests guarded: {report.tests_guarded}"
        + (
            f", failed by the guard: {report.tests_failed_by_guard}"
            if report.tests_failed_by_guard
            else ""
        ),
    ]
    by_category = report.by_category()
    if not by_category:
        lines.append("findings: none")
    else:
        total = sum(by_category.values())
        lines.append(f"findings: {total}")
        width = max(len(c) for c in by_category)
        lines.extend(f"  {category:<{width}}  {count}" for category, count in by_category.items())
    return "\n".join(lines)


def _records_by_index(
    records: Sequence[EgressRecord] | Mapping[int, EgressRecord] | None,
) -> Mapping[int, EgressRecord]:
    if records is None:
        return {}
    if isinstance(records, Mapping):
        return records
    return {r.index: r for r in records}


def describe_finding(finding: Finding, record: EgressRecord | None = None) -> list[str]:
    """The lines that explain one finding to a person; the value is always masked."""
    what = finding.category
    if finding.value_category:
        what += f" ({finding.value_category})"
    excerpt = finding.masked if finding.category == "destination" else scrub(finding.masked)
    lines = [f"{what}: {excerpt}"]
    if record is not None:
        lines.append(f"  request: {record.method} {scrub_url(record.url)}")
    elif finding.destination:
        lines.append(f"  request to: {scrub_url(finding.destination)}")
    lines.append(f"  at: {finding.path or '(whole request)'}" + _encoding(finding))
    if finding.step:
        lines.append(f"  step: {scrub(finding.step)}")
    if finding.customer:
        lines.append(f"  canary customer: {finding.customer}")
    detail = finding.detector + (f", rule {finding.rule}" if finding.rule else "")
    lines.append(f"  detector: {detail}")
    return lines


def _encoding(finding: Finding) -> str:
    return f" (encoded: {finding.encoding})" if finding.encoding not in ("", "plain") else ""


def render_findings(
    findings: Iterable[Finding],
    records: Sequence[EgressRecord] | Mapping[int, EgressRecord] | None = None,
    *,
    heading: str = "the boundary guard found data leaving the bot",
) -> str:
    """A readable report of findings, one block per finding, for a failing test."""
    by_index = _records_by_index(records)
    findings = list(findings)
    lines = [f"{heading} ({len(findings)} finding{'s' if len(findings) != 1 else ''}):"]
    for number, finding in enumerate(findings, 1):
        block = describe_finding(finding, by_index.get(finding.record))
        lines.append(f"{number}. {block[0]}")
        lines.extend(f"  {line}" for line in block[1:])
    return "\n".join(lines)
