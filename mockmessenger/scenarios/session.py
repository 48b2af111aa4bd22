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

    if scenario.policy_file:
        policy = Policy.load(scenario.policy_file)
    else:
        policy = base or Policy.default()
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
