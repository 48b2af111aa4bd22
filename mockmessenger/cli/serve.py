"""``mockmessenger serve``: the fake Messenger Platform over HTTP until Ctrl-C.

Point the bot's Graph base URL at the printed address (instead of
https://graph.facebook.com) and its webhook at ``--bot-url``; drive and inspect
everything through the control API printed below it.
"""

from __future__ import annotations

import argparse
import errno
import ipaddress
import re
import signal
import socket
import sys
import threading
from types import FrameType
from typing import Any
from urllib.parse import urlsplit

from mockmessenger.errors import InputError, InputProblem
from mockmessenger.platform import FakeClock, Platform, PlatformConfig
from mockmessenger.transports.control import CONTROL_PREFIX
from mockmessenger.transports.process import BotProcessError
from mockmessenger.transports.server import ServerDoor, WebhookVerificationError
from mockmessenger.transports.uvicorn_thread import ServerStartError

DEFAULTS = PlatformConfig()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to bind (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=8765,
        help="port to bind; 0 picks a free one (default: %(default)s)",
    )
    parser.add_argument(
        "--bot-url", help="the bot's webhook URL, e.g. http://127.0.0.1:3000/webhook"
    )
    parser.add_argument(
        "--bot-command",
        help="start the bot with this command (it gets MESSENGER_GRAPH_URL, GRAPH_API_URL, "
        "PAGE_ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN and PORT)",
    )
    parser.add_argument(
        "--bot-port", type=int, help="PORT given to --bot-command (default: a free port)"
    )
    parser.add_argument(
        "--bot-path",
        default="/webhook",
        help="webhook path of --bot-command (default: %(default)s)",
    )
    parser.add_argument(
        "--app-secret", default=DEFAULTS.app_secret, help="signs webhooks (default: %(default)s)"
    )
    parser.add_argument(
        "--verify-token",
        default=DEFAULTS.verify_token,
        help="webhook verify token (default: %(default)s)",
    )
    parser.add_argument(
        "--page-id", default=DEFAULTS.page_id, help="the Page's id (default: %(default)s)"
    )
    parser.add_argument(
        "--access-token",
        default=DEFAULTS.access_token,
        help="the page access token (default: %(default)s)",
    )
    parser.add_argument(
        "--seed", type=int, default=0, help="seed of generated users and ids (default: %(default)s)"
    )
    parser.add_argument(
        "--policy", help="boundary guard policy file (default: the built-in policy)"
    )
    parser.add_argument("--no-guard", action="store_true", help="do not scan what the bot sends")
    parser.add_argument(
        "--send-rate",
        type=int,
        default=DEFAULTS.send_rate_per_second,
        help="Send API calls per second per Page before error 613 (Meta: %(default)s)",
    )
    parser.add_argument(
        "--fake-clock",
        action="store_true",
        help="run on a clock that only moves via the control API",
    )
    parser.add_argument(
        "--no-handshake", action="store_true", help="skip the webhook verification handshake"
    )


def _check(args: argparse.Namespace) -> None:
    problems: list[InputProblem] = []
    if not 0 <= args.port <= 65535:
        problems.append(
            InputProblem(f"port {args.port} is not between 0 and 65535", field="--port")
        )
    if args.bot_port is not None and not 1 <= args.bot_port <= 65535:
        problems.append(
            InputProblem(f"port {args.bot_port} is not between 1 and 65535", field="--bot-port")
        )
    if args.bot_url is not None:
        parts = urlsplit(args.bot_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(
                InputProblem(f"{args.bot_url!r} is not an http(s) URL", field="--bot-url")
            )
    if not args.page_id.isdigit():
        problems.append(
            InputProblem(f"{args.page_id!r} is not a numeric Page id", field="--page-id")
        )
    for name in ("app_secret", "verify_token", "access_token"):
        if not getattr(args, name):
            problems.append(InputProblem("must not be empty", field="--" + name.replace("_", "-")))
    if args.send_rate < 1:
        problems.append(InputProblem("must be at least 1", field="--send-rate"))
    if problems:
        raise InputError(problems)


def _blamed_option(exc: ServerStartError) -> str:
    """``--host`` when the address is the problem (no such host, not this machine's),
    ``--port`` otherwise (in use, privileged)."""
    cause = exc.__cause__
    if isinstance(cause, socket.gaierror) or getattr(cause, "errno", None) in (
        errno.EADDRNOTAVAIL,
        errno.EAFNOSUPPORT,
    ):
        return "--host"
    return "--port"


#: one label of a host name; an all-digit label longer than 3 is no address's (a PAN?)
_HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")


def shown_address(host: str, port: int) -> tuple[str, ...]:
    """``("host:port",)`` when ``host`` has an address's shape, to show it unmasked.

    Error messages mask runs of digits in case they are a card or an account;
    ``127.0.0.1:8931`` is neither, and a person must see which address failed.
    """
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        if len(host) > 253 or not all(
            _HOST_LABEL.fullmatch(label) and not (label.isdigit() and len(label) > 3)
            for label in labels
        ):
            return ()
    return (f"{host}:{port}",)


def _guard(args: argparse.Namespace) -> Any:
    if args.no_guard:
        return None
    from mockmessenger.boundary import Guard, Policy

    policy = Policy.load(args.policy) if args.policy else Policy.default()
    return Guard(policy)


def build_door(args: argparse.Namespace) -> tuple[Platform, ServerDoor]:
    """The platform and the door ``serve`` runs (also used by the benchmark)."""
    _check(args)
    config = PlatformConfig(
        page_id=args.page_id,
        app_secret=args.app_secret,
        access_token=args.access_token,
        verify_token=args.verify_token,
        seed=args.seed,
        send_rate_per_second=args.send_rate,
    )
    platform = Platform(config, clock=FakeClock() if args.fake_clock else None)
    door = ServerDoor(
        bot_url=args.bot_url,
        bot_command=args.bot_command,
        host=args.host,
        port=args.port,
        bot_port=args.bot_port,
        bot_path=args.bot_path,
        handshake=not args.no_handshake,
        guard=_guard(args),
    )
    return platform, door


def banner(door: ServerDoor, platform: Platform) -> str:
    config = platform.config
    lines = [
        f"mockmessenger: fake Messenger Platform on {door.graph_base_url}",
        f"  Graph base URL  {door.graph_base_url}  (in place of https://graph.facebook.com)",
        f"  page id         {config.page_id}",
        f"  access token    {config.access_token}",
        f"  app secret      {config.app_secret}",
        f"  verify token    {config.verify_token}",
        f"  control API     {door.control_url}/",
        f"  OpenAPI         {door.graph_base_url}{CONTROL_PREFIX}/openapi.json",
        f"  webhooks to     {door.bot_url or '(none: start with --bot-url or --bot-command)'}",
    ]
    if door.bot is not None and door.bot.process is not None:
        lines.append(f"  bot process     pid {door.bot.process.pid}: {door.bot.command_text}")
    lines.append("Press Ctrl-C to stop.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    platform, door = build_door(args)
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        try:
            door.start(platform)
        except ServerStartError as exc:
            problem = InputProblem(
                str(exc), field=_blamed_option(exc), verbatim=shown_address(args.host, args.port)
            )
            raise InputError(problem) from None
        except (BotProcessError, WebhookVerificationError) as exc:
            print(f"mockmessenger serve: {exc}", file=sys.stderr)
            return 1
        print(banner(door, platform), flush=True)
        while not stop.wait(0.5):
            if door.bot is not None and not door.bot.running:
                print(
                    f"mockmessenger serve: the bot process exited; its output:\n{door.bot.output_tail()}",
                    file=sys.stderr,
                )
                return 1
        print("mockmessenger serve: stopped", flush=True)
        return 0
    finally:
        door.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
