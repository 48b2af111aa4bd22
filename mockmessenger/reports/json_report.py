"""The machine-readable report (``--boundary-report=PATH``).

Findings in full (they hold masked excerpts only) and a summary of each
conversation without its message bodies, so the file is safe to keep as a CI
artifact.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mockmessenger.reports import SessionReport

SCHEMA_VERSION = 1


def report_dict(report: SessionReport) -> dict[str, Any]:
    """The JSON document as plain data."""
    body = report.to_dict(with_transcripts=False)
    return {
        "version": SCHEMA_VERSION,
        "tool": "mockmessenger",
        "summary": {
            "conversations": len(report.conversations),
            "requests_scanned": report.requests_scanned,
            "tests_guarded": report.tests_guarded,
            "tests_failed_by_guard": report.tests_failed_by_guard,
            "findings": len(report.findings),
            "findings_by_category": report.by_category(),
        },
        "conversations": body["conversations"],
        "findings": body["findings"],
    }


def write_json(path: str | Path, report: SessionReport) -> Path:
    """Write the report to ``path`` (parents created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return path
