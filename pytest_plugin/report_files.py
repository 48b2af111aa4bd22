"""The report files the options ask for, and a start-up check that each can be written.

A report path that cannot be written (a directory, a folder that refuses files) is a
usage error before any test runs, naming the option, like pytest's own bad options:
found only after the suite ran, it would cost the run and the other reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from mockmessenger.errors import InputError
from pytest_plugin.options import Settings, option_names

#: (settings attribute, option dest, label in the terminal summary)
REPORTS = (
    ("report_json", "boundary_report", "boundary report (JSON)"),
    ("report_sarif", "boundary_sarif", "boundary report (SARIF)"),
    ("report_html", "boundary_html", "boundary report (HTML)"),
)


@dataclass(frozen=True)
class ReportFile:
    """One report the run must write: what it is, which option asked, where it goes."""

    kind: str  # the settings attribute: report_json, report_sarif, report_html
    label: str
    option: str
    path: Path


def requested(settings: Settings) -> list[ReportFile]:
    """The reports this run writes, in a fixed order (JSON, SARIF, HTML)."""
    return [
        ReportFile(kind, label, option_names(dest), path)
        for kind, dest, label in REPORTS
        if (path := getattr(settings, kind)) is not None
    ]


def check_paths(settings: Settings) -> None:
    """Raise :class:`pytest.UsageError` naming every report option whose path can't be written."""
    problems = []
    owners: dict[Path, str] = {}
    for report in requested(settings):
        problem = unwritable(report.path, report.option)
        if problem is None and report.path in owners:
            problem = f"{report.path}: {report.option}: also written by {owners[report.path]}"
        owners.setdefault(report.path, report.option)
        if problem:
            problems.append(problem)
    if problems:
        raise pytest.UsageError("mockmessenger configuration:\n" + "\n".join(problems))


def unwritable(path: Path, option: str) -> str | None:
    """Why ``path`` cannot be written as a file, or ``None``: the command line's own check
    (``cli.check_output``), which beyond what permissions say creates and removes a probe
    file in the nearest existing folder (as root, ``os.access`` says yes to ``/proc``)."""
    from mockmessenger.cli import check_output

    try:
        check_output(path, option)
    except InputError as exc:
        return str(exc)
    return None
