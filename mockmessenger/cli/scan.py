"""``mockmessenger scan FILE... [--policy FILE] [--format text|json|sarif]``.

Scans recorded traffic (JSON body, JSON Lines, HAR, mitmproxy flows, ``-`` for
stdin) with the boundary guard. Exit 0 when clean, 1 when there are findings,
2 on bad input. Every file is read before anything is scanned, so a bad file
stops the run before a partial report is printed. Each file is scanned with a
fresh guard state: a value split across two files is two separate recordings. The
recipients' PSIDs of all the files are learned first: a PSID is an id in every file.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from typing import Any

from mockmessenger.boundary.findings import Finding
from mockmessenger.records import EgressRecord
from mockmessenger.traffic import read_traffic


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="traffic file, or - for stdin")
    parser.add_argument("--policy", metavar="FILE", help="policy YAML (default: retail bank)")
    parser.add_argument(
        "--format", choices=("text", "json", "sarif"), default="text", help="output format"
    )


def scan_files(files: list[str], policy_file: str | None = None) -> list[tuple[str, Finding]]:
    """(file, finding) for every finding in ``files``, in file then record order."""
    return scan_counted(files, policy_file)[0]


def scan_counted(
    files: list[str], policy_file: str | None = None
) -> tuple[list[tuple[str, Finding]], int]:
    """:func:`scan_files` and how many requests were scanned (a "clean" means little
    without it)."""
    inputs: list[tuple[str, list[EgressRecord]]] = [(name, read_traffic(name)) for name in files]
    from mockmessenger.boundary import Guard, Policy

    policy = Policy.load(policy_file) if policy_file else Policy.default()
    guard = Guard(policy)
    results: list[tuple[str, Finding]] = []
    for _, records in inputs:
        guard.learn_ids(records)  # a PSID may go to a third party before its first reply
    for name, records in inputs:
        guard.reset()
        label = "<stdin>" if name == "-" else name
        results.extend((label, finding) for finding in guard.scan_all(records))
    return results, sum(len(records) for _, records in inputs)


def _json_finding(file: str, finding: Finding) -> dict[str, Any]:
    data = finding.to_dict()
    data["file"] = file
    return data


def _summary(finding: Finding) -> str:
    """The finding's line; an unscannable one says why (its masked excerpt is empty)."""
    summary = finding.summary()
    _, marker, reason = (finding.rule or "").partition("unscannable:")
    if finding.category == "unscannable" and marker and not finding.masked:
        from mockmessenger.boundary.masking import redact

        summary = f"{summary.rstrip()} {redact(reason)}"
    return summary


def _text(results: list[tuple[str, Finding]], files: int, requests: int) -> str:
    scanned = f"{files} file(s), {requests} request(s) scanned"
    if not results:
        return f"clean: no findings in {scanned}\n"
    lines = [f"{file}: {_summary(finding)}" for file, finding in results]
    counts = Counter(f.category for _, f in results)
    summary = ", ".join(f"{n} {category}" for category, n in counts.most_common())
    lines.append(f"{len(results)} finding(s) in {scanned}: {summary}")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    results, requests = scan_counted(args.files, args.policy)
    if args.format == "json":
        output = json.dumps([_json_finding(f, x) for f, x in results], ensure_ascii=False, indent=2)
        sys.stdout.write(output + "\n")
    elif args.format == "sarif":
        from mockmessenger.reports.sarif import render_sarif

        files = {id(finding): file for file, finding in results}
        sys.stdout.write(render_sarif([f for _, f in results], lambda f: files[id(f)]))
    else:
        sys.stdout.write(_text(results, len(args.files), requests))
    return 1 if results else 0
