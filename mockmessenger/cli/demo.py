"""``mockmessenger demo``: run the bundled scenarios against the demo bank bot, safe and leaky.

Runs from a checkout of the repository (the demo bot lives in ``examples/bankbot``).
Exit code 0 when the safe bot is clean and the guard caught exactly the planted leaks,
1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mockmessenger.cli import check_output
from mockmessenger.demo import DEFAULT_HTML, render_report, run_demo
from mockmessenger.scenarios import ScenarioResult


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report-html",
        type=Path,
        default=DEFAULT_HTML,
        metavar="PATH",
        help=f"where to write the HTML report (default: ./{DEFAULT_HTML})",
    )
    parser.add_argument("--no-html", action="store_true", help="do not write the HTML report")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument(
        "--root", type=Path, default=None, help="the repository checkout (default: this one)"
    )


def run(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    if not args.no_html:
        check_output(args.report_html, "--report-html")
    console = Console(stderr=True)
    show = not args.no_progress and console.is_terminal
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not show,
        transient=True,
    )
    task = progress.add_task("loading scenarios", total=None)

    def on_start(total: int) -> None:
        progress.update(task, total=total, description="safe bot")

    def on_result(label: str, result: ScenarioResult) -> None:
        description = "safe bot" if label == "safe" else "leaky bot"
        progress.update(task, advance=1, description=description)

    with progress:
        outcome = run_demo(
            root=args.root,
            html_path=None if args.no_html else args.report_html,
            on_start=on_start,
            on_result=on_result,
        )
    print(render_report(outcome))
    sys.stdout.flush()
    return 0 if outcome.ok else 1
