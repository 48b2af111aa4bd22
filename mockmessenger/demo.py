"""``mockmessenger demo``: the bundled library against the demo bank bot, safe then leaky.

The demo proves the guard works: every scenario passes against the safe bot with no
finding, and with all of the bot's leak switches on, exactly the scenarios listed in
``scenarios/_leaks.yaml`` fail, with exactly the listed finding categories.

The demo bot and the library live in the repository (``examples/bankbot``,
``scenarios/``), not in the installed package: the demo runs from a checkout.
"""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from mockmessenger.boundary.findings import Finding
from mockmessenger.errors import InputError, InputProblem
from mockmessenger.scenarios import Scenario, ScenarioResult, load_scenarios
from mockmessenger.scenarios.leakmap import (
    LeakComparison,
    compare,
    expected_for,
    load_leak_map,
    observed,
)
from mockmessenger.scenarios.runner import ScenarioRunner
from mockmessenger.scenarios.session import SharedSession

#: The repository checkout this package was imported from.
CHECKOUT = Path(__file__).resolve().parent.parent
DEFAULT_HTML = Path("mockmessenger-demo.html")

OnResult = Callable[[str, ScenarioResult], None]


@dataclass(frozen=True)
class DemoFiles:
    """Where the demo finds its bot, its scenarios and its leak map."""

    root: Path

    @property
    def examples(self) -> Path:
        return self.root / "examples"

    @property
    def scenarios(self) -> Path:
        return self.root / "scenarios"

    @property
    def leaks(self) -> Path:
        return self.scenarios / "_leaks.yaml"

    def check(self) -> None:
        missing = [
            p for p in (self.examples / "bankbot", self.scenarios, self.leaks) if not p.exists()
        ]
        if missing:
            shown = ", ".join(str(p) for p in missing)
            raise InputError(
                InputProblem(
                    f"mockmessenger demo runs from a checkout of the repository "
                    f"(git clone, then `pip install -e .`): not found: {shown}",
                    file=str(self.root),
                )
            )


def import_bankbot(files: DemoFiles) -> ModuleType:
    """The demo bank bot package, importable once ``examples/`` is on ``sys.path``."""
    examples = str(files.examples)
    if examples not in sys.path:
        sys.path.insert(0, examples)
    return importlib.import_module("bankbot")


@dataclass
class LibraryRun:
    """The library run once against one configuration of the bot."""

    label: str
    leaks: tuple[str, ...]
    results: list[ScenarioResult]
    requests: int

    @property
    def failed(self) -> list[ScenarioResult]:
        return [r for r in self.results if not r.passed]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.results for f in r.findings]


def run_library(
    bankbot: ModuleType,
    scenarios: list[Scenario],
    *,
    label: str,
    leaks: tuple[str, ...] = (),
    seed: int = 0,
    on_result: OnResult | None = None,
) -> LibraryRun:
    """Run every scenario against the in-process demo bot with ``leaks`` switched on."""
    from mockmessenger.platform import PlatformConfig
    from mockmessenger.transports.inprocess import InProcessDoor

    settings = bankbot.Settings().with_leaks(*leaks) if leaks else bankbot.Settings()

    def door_factory(config: Any) -> tuple[Any, Any]:
        app = bankbot.create_app(settings)
        return InProcessDoor(app), app.state.core

    def report(result: ScenarioResult) -> None:
        if on_result is not None:
            on_result(label, result)

    with SharedSession(
        door_factory, scenarios, platform_config=PlatformConfig(seed=seed)
    ) as session:
        results = ScenarioRunner(session, on_result=report).run_all(scenarios)
        requests = session.requests_scanned
    return LibraryRun(label, leaks, results, requests)


@dataclass
class DemoOutcome:
    """Both runs, how the leaky one compares with the leak map, and where the report went."""

    safe: LibraryRun
    leaky: LibraryRun
    comparison: LeakComparison
    html: Path | None = None
    html_note: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def safe_clean(self) -> bool:
        return not self.safe.failed and not self.safe.findings

    @property
    def ok(self) -> bool:
        return self.safe_clean and self.comparison.ok


def run_demo(
    *,
    root: Path | None = None,
    html_path: Path | None = DEFAULT_HTML,
    on_start: Callable[[int], None] | None = None,
    on_result: OnResult | None = None,
) -> DemoOutcome:
    """Load the library, run it safe and leaky, compare with the leak map, write the HTML report."""
    files = DemoFiles(root or CHECKOUT)
    files.check()
    bankbot = import_bankbot(files)
    leak_map = load_leak_map(files.leaks)
    scenarios = load_scenarios([files.scenarios])
    if on_start is not None:
        on_start(2 * len(scenarios))
    switches = tuple(bankbot.LEAK_SWITCHES)
    safe = run_library(bankbot, scenarios, label="safe", on_result=on_result)
    leaky = run_library(
        bankbot, scenarios, label="leaky", leaks=switches, seed=1, on_result=on_result
    )
    comparison = compare(expected_for(leak_map, switches), observed(leaky.results))
    outcome = DemoOutcome(safe, leaky, comparison)
    if html_path is not None:
        write_report(outcome, html_path)
    return outcome


def write_report(outcome: DemoOutcome, path: Path) -> None:
    """The HTML report of both runs (the reports package draws it)."""
    try:
        from mockmessenger.reports import Conversation
        from mockmessenger.reports.html import write_html
    except ImportError as exc:  # the reports part is missing from this checkout
        outcome.html_note = f"HTML report not written ({exc}); it would be at {path.resolve()}"
        return
    conversations = [
        Conversation.from_transcript(
            f"[{run.label}] {r.name}",
            r.transcript,
            thread=r.thread,
            locale=r.locale,
            outcome=r.outcome,
            source=f"{r.file}:{r.line}",
        )
        for run in (outcome.safe, outcome.leaky)
        for r in run.results
    ]
    findings = outcome.safe.findings + outcome.leaky.findings
    requests = outcome.safe.requests + outcome.leaky.requests
    outcome.html = write_html(
        path,
        conversations,
        findings,
        title="mockmessenger demo: Demo Bank bot, safe and with every leak switch on",
        requests_scanned=requests,
    )


# --- the terminal report ------------------------------------------------------------------


def render_report(outcome: DemoOutcome, *, where_limit: int = 12) -> str:
    """A short plain-text report; every value in it is masked."""
    from mockmessenger.reports.redact import scrub

    lines = [
        "mockmessenger demo: the Demo Bank bot (examples/bankbot) against the bundled scenarios",
        "",
    ]
    for run in (outcome.safe, outcome.leaky):
        what = "safe bot" if not run.leaks else f"leaky bot ({len(run.leaks)} leak switches on)"
        passed = len(run.results) - len(run.failed)
        lines.append(
            f"{what}: {len(run.results)} conversations, {run.requests} requests scanned, "
            f"{passed} passed, {len(run.failed)} failed, {len(run.findings)} findings"
        )
        counts = Counter(f.category for f in run.findings)
        if counts:
            lines.append(
                "  findings by category: " + ", ".join(f"{c} {n}" for c, n in counts.most_common())
            )
        lines.extend(f"  {line}" for line in _where(run, where_limit, scrub))
    lines.append("")
    if outcome.ok:
        lines.append(
            "verdict: the safe bot is clean, and the guard caught every planted leak "
            "in exactly the expected conversations"
        )
    else:
        lines.append("verdict: the demo did not come out as expected")
        if not outcome.safe_clean:
            lines.append(f"  the safe bot failed {len(outcome.safe.failed)} scenario(s):")
            for result in outcome.safe.failed:
                first = result.failures[0] if result.failures else None
                lines.append(f"    {result.name}: {scrub(str(first)) if first else ''}")
        lines.extend(f"  {line}" for line in outcome.comparison.lines())
    if outcome.html is not None:
        lines.append(f"HTML report: {outcome.html.resolve()}")
    elif outcome.html_note:
        lines.append(outcome.html_note)
    return "\n".join(lines)


def _where(run: LibraryRun, limit: int, scrub: Callable[[str], str]) -> list[str]:
    """Where the findings were: one line per (category, host, path), most frequent first, masked."""
    seen: dict[tuple[str, str, str], tuple[int, str, Finding]] = {}
    for result in run.results:
        for finding in result.findings:
            key = (finding.category, _host(finding), finding.path)
            count, name, first = seen.get(key, (0, result.name, finding))
            seen[key] = (count + 1, name, first)
    ranked = sorted(seen.items(), key=lambda item: -item[1][0])
    lines = []
    for (category, host, path), (count, name, finding) in ranked[:limit]:
        example = name if len(name) <= 40 else name[:39] + "…"
        lines.append(
            f"{category:<14} {host} {path}  x{count}  e.g. {scrub(finding.masked)} ({example})"
        )
    if len(seen) > limit:
        lines.append(f"... and {len(seen) - limit} more places (see the HTML report)")
    return lines


def _host(finding: Finding) -> str:
    destination = finding.destination or ""
    return destination.split("//")[-1].split("/")[0]
