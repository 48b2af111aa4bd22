"""One guarded test's wiring: platform, door, guard, bot, socket block, ledger.

Shared by the ``messenger`` fixture and the scenario items, so that a YAML
scenario and a Python test are driven and guarded the same way.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import pytest

from mockmessenger.errors import InputError, MockMessengerError
from mockmessenger.reports import Conversation
from pytest_plugin.ledger import ledger_of
from pytest_plugin.options import Settings
from pytest_plugin.sockets import SocketBlock, host_allower
from pytest_plugin.verdict import CaseGuard

if TYPE_CHECKING:
    from mockmessenger.boundary.findings import Finding
    from mockmessenger.records import EgressRecord

_POLICIES = pytest.StashKey[dict[Path | None, Any]]()


def load_policy(config: pytest.Config, path: Path | None) -> Any:
    """The policy at ``path`` (the default one for ``None``), loaded once per session."""
    from mockmessenger.boundary import Policy

    cache = config.stash.setdefault(_POLICIES, {})
    if path not in cache:
        try:
            cache[path] = Policy.load(path) if path is not None else Policy.default()
        except InputError as exc:
            raise config_error(f"policy:\n{exc}") from None
    return cache[path]


def config_error(message: str) -> pytest.Failed:
    """A configuration mistake met while setting a test up: the message, no traceback."""
    try:
        pytest.fail(f"mockmessenger configuration: {message}", pytrace=False)
    except pytest.fail.Exception as exc:
        return exc


def door_kind(settings: Settings, app: Any) -> str:
    """``inprocess``, ``server`` or ``proxy``: ``auto`` picks in-process when there is an app
    (from ``--mm-app`` or an overridden ``mockmessenger_app`` fixture)."""
    if settings.door != "auto":
        return settings.door
    return "inprocess" if app is not None else "server"


def make_door(settings: Settings, app: Any) -> Any:
    """The door the configuration asks for (see ``--mm-door``)."""
    door = door_kind(settings, app)
    if door == "inprocess":
        if app is None:
            raise config_error(
                "the in-process door needs the bot's app: set --mm-app / "
                "mockmessenger_app, or override the mockmessenger_app fixture"
            )
        from mockmessenger.transports.inprocess import InProcessDoor
        from pytest_plugin.loading import app_kind

        kind = app_kind(app, settings.app_kind)
        return InProcessDoor(app, kind=kind, webhook_path=settings.webhook_path)
    if door == "proxy":
        from mockmessenger.transports.proxy import ProxyDoor

        return ProxyDoor(
            bot_command=list(settings.command or ()), webhook_path=settings.webhook_path
        )
    if not (settings.url or settings.command):
        raise config_error(
            "no bot configured: set --mm-app (in-process), --mm-url (a running bot) or "
            "--mm-command (a command that starts the bot), or the matching ini keys, or "
            "override the mockmessenger_app fixture"
        )
    from mockmessenger.transports.server import ServerDoor

    return ServerDoor(
        bot_url=settings.url,
        bot_command=list(settings.command) if settings.command else None,
        bot_path=settings.webhook_path,
        ready_timeout=settings.startup_timeout,
    )


class Boundary:
    """What a test sees of the guard: findings, ``assert_clean()``, ``expect_leak()``."""

    def __init__(self, guard: CaseGuard):
        self._guard = guard

    @property
    def findings(self) -> list[Finding]:
        """Every finding so far in this test (masked excerpts only)."""
        return self._guard.findings()

    @property
    def unexpected(self) -> list[Finding]:
        """The findings that will fail the test unless it expects them."""
        return self._guard.unexpected()

    def by_category(self, *categories: str) -> list[Finding]:
        from pytest_plugin.verdict import matches

        return [f for f in self.findings if matches(f, categories)]

    def assert_clean(self) -> None:
        """Fail now, with the readable report, if the guard found anything unexpected."""
        from mockmessenger.reports import finding_key
        from mockmessenger.reports.terminal import render_findings

        unexpected = self._guard.unexpected()
        if unexpected:
            # reported here; the end-of-test verdict does not repeat them
            self._guard.reported_keys.update(finding_key(f) for f in unexpected)
            raise AssertionError(render_findings(unexpected, self._guard.records()))

    def expect_leak(self, *categories: str) -> contextlib.AbstractContextManager[Any]:
        """``with boundary.expect_leak("iban"):`` the block must leak an IBAN; that finding
        then does not fail the test (others still do)."""
        from mockmessenger.boundary.findings import CATEGORIES

        unknown = [c for c in categories if c not in CATEGORIES]
        if not categories or unknown:
            raise ValueError(
                f"expect_leak needs categories among {', '.join(CATEGORIES)}; got {categories!r}"
            )
        return self._guard.expecting(categories)

    def allow(self, *categories: str) -> None:
        """Tolerate findings of these categories for the rest of the test."""
        self._guard.allowed.update(categories)


@dataclass
class Wiring:
    """Everything one guarded test set up; :meth:`close` tears it down and files the ledger."""

    KEY: ClassVar[pytest.StashKey[Wiring]] = pytest.StashKey()

    item: pytest.Item
    settings: Settings
    messenger: Any
    guard: CaseGuard
    graph_hosts: tuple[str, ...]
    policy: Any
    scanner: Any = None
    customer_factory: Any = None
    customers: list[Any] = field(default_factory=list)
    users: list[tuple[Any, str | None]] = field(default_factory=list)
    exits: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)
    closed: bool = False

    @property
    def boundary(self) -> Boundary:
        return Boundary(self.guard)

    def new_customer(self, locale: str = "en_US", *, watch: bool = True) -> Any:
        """A fresh canary customer; with ``watch`` the guard looks for it from now on."""
        customer, key = self._make_customer(locale)
        if watch:
            self.scanner.known(customer, key)
            self.add_customers([customer])
        return customer

    def _make_customer(self, locale: str) -> tuple[Any, str]:
        if self.customer_factory is None:
            from pytest_plugin.pools import CustomerSource

            self.customer_factory = CustomerSource(self.item.config, self.settings.seed)
        return self.customer_factory.customer_and_key(locale)

    def add_customers(self, customers: Sequence[Any]) -> None:
        self.customers.extend(customers)
        self.scanner.add_customers(list(customers))

    def new_user(self, locale: str = "en_US", *, customer: Any = None, **kwargs: Any) -> Any:
        """A simulated user; ``customer=True`` makes a canary customer for them.

        The harness registers the customer with the bot's back end and the guard.
        """
        if customer is True:
            customer, key = self._make_customer(locale)
            self.scanner.known(customer, key)  # the harness hands it to the guard right away
        if customer is not None and customer not in self.customers:
            self.customers.append(customer)
        user = self.messenger.user(locale=locale, customer=customer or None, **kwargs)
        self.users.append((user, locale))
        return user

    def findings(self) -> list[Finding]:
        """The guard's findings plus a ``destination`` finding per request to a host that is
        neither the fake's nor trusted, when the guard did not report it itself."""
        records = {r.index: r for r in self.messenger.egress}
        # a request the fake platform answered as Graph went to "Meta", wherever the fake
        # listens (127.0.0.1 for the server door): not an unknown destination
        findings = [
            f
            for f in self.messenger.findings
            if not (f.category == "destination" and _is_graph(records.get(f.record)))
        ]
        if not self.policy.forbids("destination"):
            return findings
        reported = {(f.record, f.thread) for f in findings if f.category == "destination"}
        for record in self.messenger.egress:
            host = record.host
            if not host or host in self.graph_hosts or self.policy.is_trusted(host):
                continue
            if record.source == "graph":  # answered by the fake platform
                continue
            if (record.index, record.thread) in reported:
                continue
            findings.append(_destination(record))
        return findings

    def records(self) -> Sequence[EgressRecord]:
        return self.messenger.egress

    def blocked(self, host: str, port: int | None, how: str) -> None:
        """A socket the block refused: fail the test even if the bot swallowed the error."""
        if not self.policy.forbids("destination"):
            return
        from mockmessenger.boundary.findings import Finding

        where = f"{host}:{port}" if port is not None else host
        self.guard.extra.append(
            Finding(
                category="destination",
                detector="pytest_plugin.sockets",
                record=-1 - len(self.guard.extra),
                path="socket",
                masked=where,
                rule=f"blocked {how}",
                destination=host,
            )
        )

    def conversations(self, outcome: str | None) -> list[Conversation]:
        """Each user's thread (and any thread the bot wrote to unasked) as a conversation."""
        platform = self.messenger.platform
        psids: dict[str, str | None] = {}
        for user in getattr(self.messenger, "users", []):
            psids.setdefault(user.psid, getattr(getattr(user, "user", None), "locale", None))
        for user, locale in self.users:
            psids[user.psid] = locale or psids.get(user.psid)
        for exchange in platform.exchanges:
            if exchange.psid and exchange.psid not in psids:
                psids[exchange.psid] = None
        result = []
        for psid, locale in psids.items():
            name = self.item.nodeid if len(psids) == 1 else f"{self.item.nodeid} [{psid}]"
            result.append(
                Conversation.from_transcript(
                    name,
                    platform.thread(psid).transcript,
                    thread=psid,
                    locale=locale,
                    outcome=outcome,
                    source=_location(self.item),
                    worker=_worker(self.item.config),
                )
            )
        return result

    def close(self, outcome: str | None = None) -> None:
        """Stop everything and file this test's conversations and findings in the ledger."""
        if self.closed:
            return
        self.closed = True
        try:
            self.exits.close()
        finally:
            ledger = ledger_of(self.item.config).report
            ledger.tests_guarded += 1
            ledger.requests_scanned += len(self.messenger.egress)
            ledger.findings.extend(self.guard.findings())
            ledger.conversations.extend(self.conversations(outcome or _outcome(self.item)))


def _is_graph(record: EgressRecord | None) -> bool:
    return record is not None and record.source == "graph"


def _destination(record: EgressRecord) -> Finding:
    from mockmessenger.boundary.findings import Finding

    return Finding(
        category="destination",
        detector="pytest_plugin.hosts",
        record=record.index,
        path="url.host",
        masked=record.host,
        rule="host neither the fake platform nor trusted by the policy",
        destination=record.host,
        thread=record.thread,
    )


def _location(item: pytest.Item) -> str:
    path, line, _ = item.reportinfo()
    return f"{path}:{(line or 0) + 1}" if line is not None else str(path)


def _worker(config: pytest.Config) -> str | None:
    return getattr(config, "workerinput", {}).get("workerid")


_CALL_OUTCOME = pytest.StashKey[str]()


def _outcome(item: pytest.Item) -> str | None:
    return item.stash.get(_CALL_OUTCOME, None)


def remember_outcome(item: pytest.Item, outcome: str) -> None:
    item.stash[_CALL_OUTCOME] = outcome


def start_wiring(
    item: pytest.Item,
    *,
    settings: Settings,
    app: Any,
    backend: Any,
    platform_config: Any,
    policy: Any,
    guard: CaseGuard,
) -> Wiring:
    """Build and start the platform, door and guard for ``item``; stash the wiring on it."""
    from mockmessenger.harness import Messenger
    from mockmessenger.platform import Platform
    from mockmessenger.platform.clock import OffsetClock
    from pytest_plugin.pools import CaseScanner, fresh_guard

    platform = Platform(platform_config, clock=OffsetClock())  # `wait` steps move it
    door = make_door(settings, app)
    scanner = CaseScanner(item.config, fresh_guard(item.config, policy))
    if backend is not None:
        backend.reset()  # the app outlives the test: forget the last test's customers
    messenger = Messenger(
        platform,
        door,
        guard=scanner,
        backend=backend,
        timeout=settings.timeout,
        quiet=settings.quiet,
    )
    wiring = Wiring(
        item=item,
        settings=settings,
        messenger=messenger,
        guard=guard,
        graph_hosts=tuple(getattr(platform_config, "graph_hosts", ("graph.facebook.com",))),
        policy=policy,
        scanner=scanner,
    )
    guard.source = wiring.findings
    guard.records = wiring.records
    item.stash[Wiring.KEY] = wiring
    try:
        if settings.block_sockets:
            # network doors talk over 127.0.0.1; on Windows asyncio's socketpair does too
            loopback = door_kind(settings, app) != "inprocess" or sys.platform == "win32"
            allow = host_allower(policy.is_trusted, loopback=loopback)
            wiring.exits.enter_context(SocketBlock(allow, wiring.blocked))
        wiring.exits.enter_context(messenger)
    except MockMessengerError as exc:
        wiring.closed = True
        wiring.exits.close()
        pytest.fail(f"mockmessenger could not start the bot or its door: {exc}", pytrace=False)
    except BaseException:
        wiring.closed = True
        wiring.exits.close()
        raise
    return wiring


@contextlib.contextmanager
def wired(item: pytest.Item, **kwargs: Any) -> Iterator[Wiring]:
    wiring = start_wiring(item, **kwargs)
    try:
        yield wiring
    finally:
        wiring.close()
