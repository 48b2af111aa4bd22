"""``mockmessenger run PATH... --bot ...``: run scenario files against a bot, outside pytest.

The bot is a Python ASGI/WSGI app in this process (``--bot module:app``), a webhook URL
(``--bot-url``) or a command that starts it (``--bot-command``), in any language.
Exit codes: 0 every scenario passed, 1 a scenario failed (an expectation or a leak),
2 bad input (a scenario, a policy, an argument).
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import sys
from pathlib import Path
from typing import Any

from mockmessenger.cli import check_output
from mockmessenger.errors import InputError, InputProblem, MockMessengerError
from mockmessenger.scenarios import ScenarioResult, load_scenarios
from mockmessenger.scenarios.runner import ScenarioRunner, render_failures
from mockmessenger.scenarios.session import SharedSession

DOORS = ("inprocess", "server", "proxy")


def seconds(text: str) -> float:
    """A positive, finite number of seconds (argparse names the option when it is not)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of seconds")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="scenario files or directories")
    bot = parser.add_mutually_exclusive_group(required=True)
    bot.add_argument("--bot", metavar="MODULE:APP", help="a Python ASGI/WSGI app, run in-process")
    bot.add_argument("--bot-url", metavar="URL", help="the webhook URL of a running bot")
    bot.add_argument("--bot-command", metavar="CMD", help="a command that starts the bot")
    parser.add_argument(
        "--door",
        choices=DOORS,
        default=None,
        help="how the bot is reached (default: inprocess for --bot, else server)",
    )
    parser.add_argument("--wsgi", action="store_true", help="--bot is a WSGI app (default: ASGI)")
    parser.add_argument(
        "--policy", type=Path, metavar="PATH", help="the policy of scenarios that name none"
    )
    parser.add_argument(
        "--timeout", type=seconds, default=5.0, help="seconds to wait for a reply (default 5)"
    )
    parser.add_argument(
        "--report-html", type=Path, metavar="PATH", help="write the HTML report here"
    )
    parser.add_argument(
        "--report-json", type=Path, metavar="PATH", help="write the JSON report here"
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print failures and the summary only"
    )


def load_app(spec: str) -> Any:
    """``package.module:attribute`` (``attribute()`` calls a factory) from the current directory."""
    module_name, _, attribute = spec.partition(":")
    if not module_name or not attribute:
        raise InputError(InputProblem("expected MODULE:APP, e.g. myapp.main:app", field="--bot"))
    if str(Path.cwd()) not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise InputError(
            InputProblem(f"cannot import {module_name}: {exc}", field="--bot")
        ) from None
    call = attribute.endswith("()")
    app = getattr(module, attribute.removesuffix("()"), None)
    if app is None:
        raise InputError(InputProblem(f"{module_name} has no attribute {attribute}", field="--bot"))
    if not call:
        return app
    try:
        return app()
    except Exception as exc:  # the factory's own bug: say what and where, no traceback
        from mockmessenger.transports.apps import describe_exception

        raise InputError(
            InputProblem(f"{spec} raised {describe_exception(exc)}", field="--bot")
        ) from None


def app_backend(app: Any) -> Any:
    """The app's BankBackend, if it exposes one at ``app.state.backend`` (or ``.core``)."""
    state = getattr(app, "state", None)
    for name in ("backend", "core"):
        candidate = getattr(state, name, None)
        if candidate is not None and callable(getattr(candidate, "register", None)):
            return candidate
    return None


def door_factory(args: argparse.Namespace) -> Any:
    """``factory(platform_config) -> (door, backend)`` for the chosen bot and door."""
    door = args.door or ("inprocess" if args.bot else "server")
    if door == "inprocess":
        if not args.bot:
            raise InputError(
                InputProblem("the in-process door needs --bot MODULE:APP", field="--door")
            )
        app = load_app(args.bot)
        from mockmessenger.transports.apps import check_app

        check_app(app, "wsgi" if args.wsgi else "asgi", field="--bot", spec=args.bot)

        def inprocess(config: Any) -> tuple[Any, Any]:
            from mockmessenger.transports.inprocess import InProcessDoor

            return InProcessDoor(app, "wsgi" if args.wsgi else "asgi"), app_backend(app)

        return inprocess
    if args.bot:
        raise InputError(
            InputProblem(
                f"the {door} door talks to a bot over HTTP: use --bot-url or --bot-command",
                field="--door",
            )
        )
    if door == "server":

        def server(config: Any) -> tuple[Any, Any]:
            from mockmessenger.transports.server import ServerDoor

            return ServerDoor(bot_url=args.bot_url, bot_command=args.bot_command), None

        return server

    def proxy(config: Any) -> tuple[Any, Any]:
        from mockmessenger.transports.proxy import ProxyDoor

        return ProxyDoor(args.bot_command, bot_url=args.bot_url), None

    return proxy


def run(args: argparse.Namespace) -> int:
    from mockmessenger.boundary.policy import Policy

    check_output(args.report_html, "--report-html")
    check_output(args.report_json, "--report-json")
    scenarios = load_scenarios(args.paths)
    policy = Policy.load(args.policy) if args.policy else None
    factory = door_factory(args)

    def show(result: ScenarioResult) -> None:
        if not result.passed:
            print(render_failures(result), file=sys.stdout)
        elif not args.quiet:
            print(f"PASSED {result.name}")

    try:
        with SharedSession(factory, scenarios, policy=policy) as session:
            runner = ScenarioRunner(session, timeout=args.timeout, on_result=show)
            results = runner.run_all(scenarios)
            requests = session.requests_scanned
    except InputError:
        raise
    except MockMessengerError as exc:  # the bot or its door did not start: as `serve` says it
        print(f"mockmessenger run: {exc}", file=sys.stderr)
        return 1
    failed = [r for r in results if not r.passed]
    findings = [f for r in results for f in r.findings]
    print(
        f"\n{len(results)} scenario(s): {len(results) - len(failed)} passed, {len(failed)} failed; "
        f"{requests} request(s) scanned, {len(findings)} finding(s)"
    )
    if args.report_html or args.report_json:
        try:
            write_reports(results, requests, html=args.report_html, json_path=args.report_json)
        except OSError as exc:  # checked up front; the disk may still fill or vanish
            where = exc.filename or args.report_html or args.report_json
            raise InputError(
                InputProblem(f"cannot write the report: {exc.strerror or exc}", file=str(where))
            ) from None
    return 1 if failed else 0


def write_reports(
    results: list[ScenarioResult], requests: int, *, html: Path | None, json_path: Path | None
) -> None:
    """The same HTML and JSON reports as the pytest plugin, plus each scenario's failures."""
    from mockmessenger.reports import Conversation, SessionReport

    conversations = [
        Conversation.from_transcript(
            r.name,
            r.transcript,
            thread=r.thread,
            locale=r.locale,
            outcome=r.outcome,
            source=f"{r.file}:{r.line}",
        )
        for r in results
    ]
    findings = [f for r in results for f in r.findings]
    if html:
        from mockmessenger.reports.html import write_html

        path = write_html(
            html, conversations, findings, title="mockmessenger run", requests_scanned=requests
        )
        print(f"HTML report: {path}")
    if json_path:
        from mockmessenger.reports.json_report import report_dict

        report = SessionReport(
            conversations=conversations, findings=findings, requests_scanned=requests
        )
        data = report_dict(report)
        data["scenarios"] = [scenario_dict(r) for r in results]
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        print(f"JSON report: {json_path}")


def scenario_dict(result: ScenarioResult) -> dict[str, Any]:
    """A scenario's outcome for the JSON report (failure texts are already masked)."""
    return {
        "name": result.name,
        "file": result.file,
        "line": result.line,
        "outcome": result.outcome,
        "thread": result.thread,
        "requests": result.requests,
        "findings": len(result.findings),
        "failures": [
            {
                "step": f.step_index,
                "file": f.file,
                "line": f.line,
                "field": f.field,
                "expected": f.expected,
                "got": f.got,
            }
            for f in result.failures
        ],
    }
