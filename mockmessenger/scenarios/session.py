"""Wiring one scenario to a fresh platform, guard and door (for the CLI and the demo).

Each scenario gets its own :class:`~mockmessenger.platform.Platform` and
:class:`~mockmessenger.boundary.Guard` (its policy, its customer as canaries), so one
scenario's state or findings never bleed into the next. The pytest plugin wires its own
Messenger and hands it to :class:`ScenarioRunner` directly.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from mockmessenger.scenarios.model import Scenario

#: ``door_factory(platform_config) -> (door, backend or None)``
DoorFactory = Callable[[Any], tuple[Any, Any]]


def scenario_policy(scenario: Scenario, base: Any = None) -> Any:
    """The policy a scenario holds: its own file, else ``base``, else the default; plus its allow list."""
    from mockmessenger.boundary.policy import AllowedValue, Exemption, Policy

    policy = Policy.load(scenario.policy_file) if scenario.policy_file else base or Policy.default()
    if not scenario.policy_allow:
        return policy
    values, exempt = [], []
    for item in scenario.policy_allow:
        if isinstance(item, dict) and "path" in item:
            categories = tuple(item.get("categories") or ())
            exempt.append(Exemption(str(item["path"]), item.get("host"), categories))
        elif isinstance(item, dict):
            values.append(
                AllowedValue(str(item.get("value")), item.get("category"), item.get("reason", ""))
            )
        else:
            values.append(AllowedValue(str(item)))
    return dataclasses.replace(
        policy,
        allowlist=(*policy.allowlist, *values),
        exempt=(*policy.exempt, *exempt),
    )


class MessengerFactory:
    """``factory(scenario)`` -> a started Messenger for that scenario, closed afterwards.

    ``door_factory(platform_config)`` returns the door and the bot's back end (or
    ``None`` for a bot whose data the harness cannot seed). ``policy`` is the policy of
    scenarios that do not name one.
    """

    def __init__(
        self,
        door_factory: DoorFactory,
        *,
        policy: Any = None,
        platform_config: Any = None,
    ):
        self.door_factory = door_factory
        self.policy = policy
        self.platform_config = platform_config
        self.requests_scanned = 0

    @contextmanager
    def __call__(self, scenario: Scenario) -> Iterator[Any]:
        from mockmessenger.boundary import Guard
        from mockmessenger.harness import Messenger
        from mockmessenger.platform import Platform, PlatformConfig
        from mockmessenger.platform.clock import FakeClock

        config = self.platform_config or PlatformConfig()
        platform = Platform(config, clock=FakeClock())  # "wait" steps move it
        guard = Guard(policy=scenario_policy(scenario, self.policy), canaries=[scenario.customer])
        door, backend = self.door_factory(config)
        messenger = Messenger(platform, door, guard=guard, backend=backend)
        with messenger:
            try:
                yield messenger
            finally:
                self.requests_scanned += len(messenger.egress)


class _KnownCustomers:
    """A guard whose canaries were all registered up front: re-adding one is a no-op.

    The harness hands every scenario's customer to the guard; rebuilding the canary
    matcher for each of a library's customers would cost more than running them.
    """

    def __init__(self, guard: Any, customers: list[Any]):
        self._guard = guard
        self._known = {id(c) for c in customers} | {getattr(c, "id", None) for c in customers}
        guard.add_customers(customers)

    def add_customers(self, customers: Any) -> None:
        new = [c for c in customers if id(c) not in self._known and c.id not in self._known]
        if new:
            self._known.update(c.id for c in new)
            self._guard.add_customers(new)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._guard, name)


class SharedSession:
    """One door, one platform and one guard for many scenarios: the fast way to run a library.

    Each scenario still gets its own user (its own thread and findings). A scenario with
    its own policy file or allow list runs on a Messenger of its own (via
    :class:`MessengerFactory`). Use as a context manager; ``close()`` stops the door.
    """

    def __init__(
        self,
        door_factory: DoorFactory,
        scenarios: list[Scenario],
        *,
        policy: Any = None,
        platform_config: Any = None,
    ):
        self.door_factory = door_factory
        self.policy = policy
        self.platform_config = platform_config
        self.customers = [s.customer for s in scenarios if _uses_base_policy(s)]
        self.own = MessengerFactory(door_factory, policy=policy, platform_config=platform_config)
        self.messenger: Any = None

    @property
    def requests_scanned(self) -> int:
        shared = len(self.messenger.egress) if self.messenger is not None else 0
        return shared + self.own.requests_scanned

    def _shared(self) -> Any:
        if self.messenger is None:
            from mockmessenger.boundary import Guard, Policy
            from mockmessenger.harness import Messenger
            from mockmessenger.platform import Platform, PlatformConfig
            from mockmessenger.platform.clock import FakeClock

            config = self.platform_config or PlatformConfig()
            guard = _KnownCustomers(Guard(policy=self.policy or Policy.default()), self.customers)
            door, backend = self.door_factory(config)
            platform = Platform(config, clock=FakeClock())
            self.messenger = Messenger(platform, door, guard=guard, backend=backend).start()
        return self.messenger

    @contextmanager
    def __call__(self, scenario: Scenario) -> Iterator[Any]:
        if not _uses_base_policy(scenario):
            with self.own(scenario) as messenger:
                yield messenger
            return
        yield self._shared()

    def close(self) -> None:
        if self.messenger is not None:
            self.messenger.close()

    def __enter__(self) -> SharedSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _uses_base_policy(scenario: Scenario) -> bool:
    return not scenario.policy_file and not scenario.policy_allow
