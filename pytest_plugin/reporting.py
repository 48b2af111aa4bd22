"""The plugin's end-of-session output: terminal summary and report files.

Runs on the controller only (or the single process); xdist workers have handed
their ledgers over by then (see :mod:`pytest_plugin.ledger`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockmessenger.reports import SessionReport, unique
from pytest_plugin.ledger import Ledger, is_xdist_worker, ledger_of
from pytest_plugin.settings import settings_of


def terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    """Conversations, requests scanned and findings by category, when anything was guarded."""
    if is_xdist_worker(config):
        return
    ledger = ledger_of(config)
    if not ledger.used:
        return
    from mockmessenger.reports.terminal import render_summary

    terminalreporter.write_sep("=", "mockmessenger boundary guard")
    for line in render_summary(_deduplicated(ledger.report)).splitlines():
        terminalreporter.write_line(line)
    for label, path in config.stash.get(WRITTEN_KEY, []):
        terminalreporter.write_line(f"{label}: {path}")


WRITTEN_KEY = pytest.StashKey[list[tuple[str, Path]]]()


def _deduplicated(report: SessionReport) -> SessionReport:
    return SessionReport(
        conversations=report.conversations,
        findings=unique(report.findings),
        requests_scanned=report.requests_scanned,
        tests_guarded=report.tests_guarded,
        tests_failed_by_guard=report.tests_failed_by_guard,
    )


def write_reports(config: pytest.Config, ledger: Ledger) -> None:
    """Write the JSON, SARIF and HTML reports the options asked for."""
    settings = settings_of(config)
    written: list[tuple[str, Path]] = []
    report = _deduplicated(ledger.report)
    if settings.report_json:
        from mockmessenger.reports.json_report import write_json

        written.append(("boundary report (JSON)", write_json(settings.report_json, report)))
    if settings.report_sarif:
        from mockmessenger.reports.sarif import write_sarif

        settings.report_sarif.parent.mkdir(parents=True, exist_ok=True)
        write_sarif(settings.report_sarif, report.findings)
        written.append(("boundary report (SARIF)", settings.report_sarif))
    if settings.report_html:
        from mockmessenger.reports.html import write_html

        written.append(
            (
                "boundary report (HTML)",
                write_html(
                    settings.report_html,
                    report.conversations,
                    report.findings,
                    title="mockmessenger boundary report",
                    requests_scanned=report.requests_scanned,
                ),
            )
        )
    config.stash[WRITTEN_KEY] = written
