"""SARIF 2.1.0 from guard findings, for code-scanning UIs (GitHub, GitLab, Azure DevOps).

One rule per finding category (``mockmessenger/card_number``...), one result per
finding. A result points at the artifact the record came from (a scanned traffic
file, or the test that drove the bot) and names the record and JSON path in its
logical location; the message holds the masked excerpt only, never the value.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mockmessenger.boundary.findings import CATEGORIES, Finding

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
TOOL_NAME = "mockmessenger"
TOOL_URI = "https://github.com/mockmessenger/mockmessenger"

_DESCRIPTIONS = {
    "card_number": "A payment card number left the bank.",
    "card_cvv": "A card security code left the bank.",
    "card_expiry": "A card expiry date left the bank.",
    "iban": "An IBAN left the bank.",
    "account_number": "A bank account number left the bank.",
    "routing_number": "A bank routing number or national bank code left the bank.",
    "swift_bic": "A customer's BIC left the bank.",
    "national_id": "A national identity number left the bank.",
    "balance": "A customer's balance left the bank.",
    "transaction": "A customer's transaction left the bank.",
    "credential": "A PIN, OTP or password was sent back out.",
    "canary": "A value of a synthetic customer left the bank: a certain leak.",
    "unscannable": "Part of a request could not be decoded and was not scanned.",
    "destination": "A request went to a host that is neither Meta nor trusted.",
}

#: Findings of these categories are warnings; every other one is an error.
_WARNINGS = {"unscannable", "destination"}

Artifact = str | Callable[[Finding], str | None] | None


def _rule(category: str) -> dict[str, Any]:
    text = _DESCRIPTIONS.get(category, f"Forbidden value of category {category}.")
    return {
        "id": f"{TOOL_NAME}/{category}",
        "name": category,
        "shortDescription": {"text": text},
        "defaultConfiguration": {"level": "warning" if category in _WARNINGS else "error"},
        "properties": {"category": category},
    }


def _result(finding: Finding, rule_index: int, artifact: str | None) -> dict[str, Any]:
    what = finding.category
    if finding.value_category:
        what += f"/{finding.value_category}"
    message = f"{what} at record {finding.record} {finding.path}: {finding.masked}"
    if finding.customer:
        message += f" (synthetic customer {finding.customer})"
    logical = f"record[{finding.record}]{_path_suffix(finding.path)}"
    location: dict[str, Any] = {
        "logicalLocations": [{"fullyQualifiedName": logical, "kind": "member"}]
    }
    if artifact:
        location["physicalLocation"] = {"artifactLocation": {"uri": artifact}}
    properties = {
        "record": finding.record,
        "path": finding.path,
        "detector": finding.detector,
        "encoding": finding.encoding,
        "masked": finding.masked,
        "confidence": finding.confidence,
    }
    for name in ("rule", "destination", "thread", "value_category", "customer", "step"):
        value = getattr(finding, name)
        if value:
            properties[name] = value
    if finding.span is not None:
        properties["span"] = list(finding.span)
    return {
        "ruleId": f"{TOOL_NAME}/{finding.category}",
        "ruleIndex": rule_index,
        "level": "warning" if finding.category in _WARNINGS else "error",
        "message": {"text": message},
        "locations": [location],
        "properties": properties,
    }


def _path_suffix(path: str) -> str:
    return path[1:] if path.startswith("$") else f".{path}" if path else ""


def to_sarif(findings: Iterable[Finding], artifact: Artifact = None) -> dict[str, Any]:
    """A SARIF log (as plain data) with one run holding every finding.

    ``artifact`` is the URI of the file the findings came from, or a function giving
    it per finding (the CLI scans several files at once), or None.
    """
    findings = list(findings)
    used = sorted(
        {f.category for f in findings},
        key=lambda c: CATEGORIES.index(c) if c in CATEGORIES else len(CATEGORIES),
    )
    index = {category: i for i, category in enumerate(used)}
    results = []
    for finding in findings:
        uri = artifact(finding) if callable(artifact) else artifact
        results.append(_result(finding, index[finding.category], uri))
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "informationUri": TOOL_URI,
                        "rules": [_rule(c) for c in used],
                    }
                },
                "results": results,
            }
        ],
    }


def render_sarif(findings: Iterable[Finding], artifact: Artifact = None) -> str:
    """The SARIF log as JSON text."""
    return json.dumps(to_sarif(findings, artifact), ensure_ascii=False, indent=2) + "\n"


def write_sarif(path: str | Path, findings: Iterable[Finding], artifact: Artifact = None) -> Path:
    """Write the SARIF log to ``path`` (parents created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_sarif(findings, artifact), encoding="utf-8")
    return path
