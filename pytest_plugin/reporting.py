"""The plugin's end-of-session output: terminal summary and report files.

Runs on the controller only (or the single process); xdist workers have handed
their ledgers over by then (see :mod:`pytest_plugin.ledger`). Each report is
written on its own: one that fails (a full disk) is named in the summary and
does not cost the others.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mockmessenger.reports import SessionReport, unique
from pytest_plugin.ledger import Ledger, is_xdist_worker, ledger_of
from pytest_plugin.report_files import ReportFile, requested
from pytest_plugin.settings import settings_of

WRITTEN_KEY = pytest.StashKey[list[tuple[str, Path]]]()
#: reports that could not be written: (label, path, reason)
UNWRITTEN_KEY = pytest.StashKey[list[tuple[str, Path, str]]]()


def terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Conversations, requests scanned and findings by category, when anything was guarded;
    and, always, any report that could not be written."""
    if is_xdist_worker(config):
        return
    unwritten = config.stash.get(UNWRITTEN_KEY, [])
    ledger = ledger_of(config)
    if not ledger.used and not unwritten:
        return
    from mockmessenger.reports.terminal import render_summary

    terminalreporter.write_sep("=", "mockmessenger boundary guard")
    if ledger.used:
        for line in render_summary(_deduplicated(ledger.report)).splitlines():
            terminalreporter.write_line(line)
    for label, path in config.stash.get(WRITTEN_KEY, []):
        terminalreporter.write_line(f"{label}: {path}")
    for label, path, reason in unwritten:
        terminalreporter.write_line(f"{label} NOT written to {path}: {reason}", red=True)


def _deduplicated(report: SessionReport) -> SessionReport:
    return SessionReport(
        conversations=report.conversations,
        findings=unique(report.findings),
        requests_scanned=report.requests_scanned,
        tests_guarded=report.tests_guarded,
        tests_failed_by_guard=report.tests_failed_by_guard,
    )


def write_reports(config: pytest.Config, ledger: Ledger) -> bool:
    """Write the JSON, SARIF and HTML reports the options asked for, each on its own.

    Returns whether every one of them was written.
    """
    written: list[tuple[str, Path]] = []
    unwritten: list[tuple[str, Path, str]] = []
    report = _deduplicated(ledger.report)
    for wanted in requested(settings_of(config)):
        try:
            written.append((wanted.label, WRITERS[wanted.kind](wanted, report)))
        except Exception as exc:  # one report's failure must not cost the others
            unwritten.append((wanted.label, wanted.path, _reason(exc)))
    config.stash[WRITTEN_KEY] = written
    config.stash[UNWRITTEN_KEY] = unwritten
    return not unwritten


def _reason(exc: Exception) -> str:
    """A short reason (``No space left on device``), without a traceback."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    from mockmessenger.boundary.masking import redact

    return redact(f"{type(exc).__name__}: {exc}")


def _json(wanted: ReportFile, report: SessionReport) -> Path:
    from mockmessenger.reports.json_report import write_json

    return write_json(wanted.path, report)


def _sarif(wanted: ReportFile, report: SessionReport) -> Path:
    from mockmessenger.reports.sarif import write_sarif

    return write_sarif(wanted.path, report.findings)


def _html(wanted: ReportFile, report: SessionReport) -> Path:
    from mockmessenger.reports.html import write_html

    return write_html(
        wanted.path,
        report.conversations,
        report.findings,
        title="mockmessenger boundary report",
        requests_scanned=report.requests_scanned,
    )


WRITERS: dict[str, Callable[[ReportFile, SessionReport], Path]] = {
    "report_json": _json,
    "report_sarif": _sarif,
    "report_html": _html,
}
