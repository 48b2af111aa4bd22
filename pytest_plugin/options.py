"""Command-line options and ini keys of the plugin, and the settings they resolve to.

Every setting can be given on the command line (``--mm-...``) or as an ini key
(``mockmessenger_...`` in ``pyproject.toml``'s ``[tool.pytest.ini_options]``,
``pytest.ini`` or ``tox.ini``); the command line wins. ``pytest --help`` lists
them all under "mockmessenger".
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from mockmessenger.errors import InputError, InputProblem

DOORS = ("auto", "inprocess", "server", "proxy")
APP_KINDS = ("auto", "asgi", "wsgi")


@dataclass(frozen=True)
class Option:
    """One setting: its command-line flag, its ini key, its help and default."""

    dest: str
    flag: str | None
    ini: str | None
    help: str
    default: Any = None
    ini_type: str | None = None  # "string" | "paths" | "bool" | "linelist" | "args"
    choices: tuple[str, ...] | None = None


OPTIONS: tuple[Option, ...] = (
    Option(
        "mm_app",
        "--mm-app",
        "mockmessenger_app",
        "the bot under test as an ASGI or WSGI app, 'package.module:attribute' "
        "(append '()' to call a factory); driven in-process, without sockets",
    ),
    Option(
        "mm_app_kind",
        "--mm-app-kind",
        "mockmessenger_app_kind",
        "whether --mm-app is an ASGI or a WSGI app (default: auto-detect)",
        "auto",
        choices=APP_KINDS,
    ),
    Option(
        "mm_url",
        "--mm-url",
        "mockmessenger_url",
        "webhook URL of a bot that is already running (server door)",
    ),
    Option(
        "mm_command",
        "--mm-command",
        "mockmessenger_command",
        "command that starts the bot as a process, in any language; it gets the "
        "fake's Graph URL, token and secrets in its environment",
    ),
    Option(
        "mm_door",
        "--mm-door",
        "mockmessenger_door",
        "how the bot reaches the fake: inprocess, server or proxy "
        "(default auto: inprocess for --mm-app, server for --mm-url/--mm-command)",
        "auto",
        choices=DOORS,
    ),
    Option(
        "mm_webhook_path",
        "--mm-webhook-path",
        "mockmessenger_webhook_path",
        "path of the bot's webhook on its app or URL (default /webhook)",
        "/webhook",
    ),
    Option(
        "mm_policy",
        "--mm-policy",
        "mockmessenger_policy",
        "boundary policy file (YAML); default: the built-in policy",
    ),
    Option(
        "mm_backend",
        "--mm-backend",
        "mockmessenger_backend",
        "'module:attribute' of the bot's fake core-banking back end (a BankBackend) "
        "that the canary customers are handed to",
    ),
    Option(
        "mm_scenarios",
        "--mm-scenarios",
        "mockmessenger_scenarios",
        "files or folders of YAML scenarios to collect as tests "
        "(ini: one per line; option: may be repeated)",
        ini_type="paths",
    ),
    Option(
        "mm_timeout",
        "--mm-timeout",
        "mockmessenger_timeout",
        "seconds to wait for the bot's reply to one user action",
        "5",
    ),
    Option(
        "mm_quiet",
        "--mm-quiet",
        "mockmessenger_quiet",
        "seconds without a new Graph request after which the bot counts as done replying "
        "(default: 0 in-process, where a webhook returns once the bot is done; 0.3 otherwise)",
    ),
    Option(
        "mm_startup_timeout",
        "--mm-startup-timeout",
        "mockmessenger_startup_timeout",
        "seconds to wait for a bot command to start answering",
        "30",
    ),
    Option(
        "mm_seed",
        "--mm-seed",
        "mockmessenger_seed",
        "seed of the fake's ids and of the synthetic customers",
        "0",
    ),
    Option(
        "mm_block_sockets",
        "--mm-no-socket-block",
        "mockmessenger_block_sockets",
        "during guarded tests, refuse network connections to hosts that are neither the "
        "fake nor trusted by the policy (ini: true/false, default true; the option turns it off)",
        "true",
        ini_type="bool",
    ),
    Option("mm_page_id", None, "mockmessenger_page_id", "page id the fake platform serves"),
    Option(
        "mm_access_token",
        None,
        "mockmessenger_access_token",
        "page access token the bot uses (the fake accepts it)",
    ),
    Option(
        "mm_app_secret",
        None,
        "mockmessenger_app_secret",
        "app secret the fake signs webhooks with (the bot checks the signature with it)",
    ),
    Option(
        "mm_verify_token",
        None,
        "mockmessenger_verify_token",
        "webhook verify token the bot expects",
    ),
    Option(
        "boundary_report",
        "--boundary-report",
        "boundary_report",
        "write the boundary guard's findings as JSON to this path",
    ),
    Option(
        "boundary_sarif",
        "--boundary-sarif",
        "boundary_sarif",
        "write the boundary guard's findings as SARIF 2.1.0 to this path",
    ),
    Option(
        "boundary_html",
        "--boundary-html",
        "boundary_html",
        "write every conversation as a Messenger-like thread, findings highlighted, "
        "to this HTML file",
    ),
)


def add_options(parser: pytest.Parser) -> None:
    """Register every flag and ini key (called from ``pytest_addoption``)."""
    group = parser.getgroup("mockmessenger", "mockmessenger (fake Messenger + boundary guard)")
    for option in OPTIONS:
        if option.flag == "--mm-no-socket-block":
            group.addoption(
                option.flag,
                dest=option.dest,
                action="store_const",
                const="false",
                default=None,
                help=option.help,
            )
        elif option.flag == "--mm-scenarios":
            group.addoption(
                option.flag,
                dest=option.dest,
                action="append",
                default=None,
                metavar="PATH",
                help=option.help,
            )
        elif option.flag:
            group.addoption(
                option.flag,
                dest=option.dest,
                default=None,
                choices=option.choices,
                metavar=None if option.choices else option.dest.split("_", 1)[1].upper(),
                help=option.help,
            )
        if option.ini:
            parser.addini(
                option.ini,
                option.help,
                type=option.ini_type or "string",
                default=None if option.ini_type != "paths" else [],
            )


@dataclass(frozen=True)
class Settings:
    """What the options and ini keys resolve to, checked once per session."""

    app: str | None = None
    app_kind: str = "auto"
    url: str | None = None
    command: tuple[str, ...] | None = None
    door: str = "auto"
    webhook_path: str = "/webhook"
    policy: Path | None = None
    backend: str | None = None
    scenarios: tuple[Path, ...] = ()
    timeout: float = 5.0
    quiet: float | None = None
    startup_timeout: float = 30.0
    seed: int = 0
    block_sockets: bool = True
    platform: dict[str, str] = field(default_factory=dict)
    report_json: Path | None = None
    report_sarif: Path | None = None
    report_html: Path | None = None

    @property
    def resolved_door(self) -> str:
        """The door ``auto`` stands for with this configuration."""
        if self.door != "auto":
            return self.door
        if self.app:
            return "inprocess"
        return "server"

    @property
    def has_bot(self) -> bool:
        return bool(self.app or self.url or self.command)


def _raw(config: pytest.Config, option: Option) -> Any:
    value = config.getoption(option.dest, default=None) if option.flag else None
    if value is None and option.ini:
        value = config.getini(option.ini)
        if value in ("", [], None):
            value = None
    return option.default if value is None else value


def _number(value: Any, option: Option, kind: type) -> Any:
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise InputError(
            InputProblem(f"expected a number, got {value!r}", field=_where(option))
        ) from None
    if number < 0:
        raise InputError(InputProblem(f"must not be negative, got {value!r}", field=_where(option)))
    return number


def _where(option: Option) -> str:
    names = [n for n in (option.flag, option.ini) if n]
    return " / ".join(names)


def option_names(dest: str) -> str:
    """How messages name a setting: ``--boundary-report / boundary_report``."""
    return _where(next(o for o in OPTIONS if o.dest == dest))


def _bool(value: Any, option: Option) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise InputError(InputProblem(f"expected true or false, got {value!r}", field=_where(option)))


def _path(value: Any, root: Path) -> Path | None:
    if value in (None, ""):
        return None
    path = Path(str(value)).expanduser()
    return path if path.is_absolute() else root / path


def resolve(config: pytest.Config) -> Settings:
    """Read and check every setting; raises :class:`InputError` naming the option."""
    by_dest = {o.dest: o for o in OPTIONS}
    raw = {o.dest: _raw(config, o) for o in OPTIONS}
    problems: list[InputProblem] = []
    for dest, choices in (("mm_door", DOORS), ("mm_app_kind", APP_KINDS)):
        if str(raw[dest]) not in choices:
            problems.append(
                InputProblem(
                    f"must be one of {', '.join(choices)}, got {raw[dest]!r}",
                    field=_where(by_dest[dest]),
                )
            )
    for dest in ("mm_app", "mm_backend"):
        value = raw[dest]
        if value and ":" not in str(value):
            problems.append(
                InputProblem(
                    f"expected 'package.module:attribute', got {value!r}",
                    field=_where(by_dest[dest]),
                )
            )
    if problems:
        raise InputError(problems)
    invocation = Path(config.invocation_params.dir)
    ini_root = Path(config.rootpath)
    scenarios_cli = config.getoption("mm_scenarios", default=None)
    if scenarios_cli:
        scenarios = tuple(p for p in (_path(s, invocation) for s in scenarios_cli) if p)
    else:
        scenarios = tuple(Path(p) for p in (config.getini("mockmessenger_scenarios") or []))
    command = raw["mm_command"]
    door = str(raw["mm_door"])
    if door == "proxy" and not command:
        raise InputError(
            InputProblem(
                "the proxy door starts the bot itself: set --mm-command / mockmessenger_command",
                field=_where(by_dest["mm_door"]),
            )
        )
    policy = raw["mm_policy"]
    return Settings(
        app=raw["mm_app"],
        app_kind=str(raw["mm_app_kind"]),
        url=raw["mm_url"],
        command=tuple(shlex.split(command)) if command else None,
        door=door,
        webhook_path=str(raw["mm_webhook_path"]),
        policy=_path(policy, invocation if config.getoption("mm_policy") else ini_root),
        backend=raw["mm_backend"],
        scenarios=scenarios,
        timeout=_number(raw["mm_timeout"], by_dest["mm_timeout"], float),
        quiet=None
        if raw["mm_quiet"] is None
        else _number(raw["mm_quiet"], by_dest["mm_quiet"], float),
        startup_timeout=_number(raw["mm_startup_timeout"], by_dest["mm_startup_timeout"], float),
        seed=_number(raw["mm_seed"], by_dest["mm_seed"], int),
        block_sockets=_bool(raw["mm_block_sockets"], by_dest["mm_block_sockets"]),
        platform={
            key: str(raw[f"mm_{key}"])
            for key in ("page_id", "access_token", "app_secret", "verify_token")
            if raw[f"mm_{key}"]
        },
        report_json=_path(raw["boundary_report"], invocation),
        report_sarif=_path(raw["boundary_sarif"], invocation),
        report_html=_path(raw["boundary_html"], invocation),
    )
