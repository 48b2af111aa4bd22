"""Things that are costly to build and identical from test to test, built once per session.

- A :class:`~mockmessenger.boundary.Guard` compiles its prefilter and quick checks
  for a policy (a third of a second); each test gets a *fresh* guard cut from a
  per-policy template: the compiled parts are shared (they are read-only), the
  per-test state (canaries, per-thread memory, locks) is new.
- A seeded :class:`~mockmessenger.boundary.canaries.CustomerFactory` makes the
  same customers for the same requests; each test asks a fresh factory (so a test's
  customers do not depend on which tests ran before it, in any xdist worker), and
  the generated customers are memoised by (seed, locales asked so far) and handed
  out as deep copies, since a bot may change a customer (freeze a card).
"""

from __future__ import annotations

import copy
import threading
from typing import Any

import pytest

_GUARDS = pytest.StashKey[dict[int, Any]]()
_CUSTOMERS = pytest.StashKey[dict[tuple[Any, ...], Any]]()

#: a Guard's per-instance state, rebuilt for each copy (everything else is compiled, shared)
_FRESH_STATE = ("_lock", "_reveals", "_fragments", "_matcher", "_customers")


def fresh_guard(config: pytest.Config, policy: Any) -> Any:
    """A Guard for ``policy`` with no canaries and no memory, cheap after the first."""
    from mockmessenger.boundary import Guard

    templates = config.stash.setdefault(_GUARDS, {})
    template = templates.get(id(policy))
    if template is None or template[0] is not policy:
        template = templates[id(policy)] = (policy, Guard(policy=policy))
    base = template[1]
    if not all(hasattr(base, name) for name in _FRESH_STATE):
        return Guard(policy=policy)  # a Guard whose insides changed: build it whole
    guard = copy.copy(base)
    guard._lock = threading.RLock()
    guard._reveals = type(base._reveals)()
    guard._fragments = {}
    guard._matcher = None
    guard._customers = []
    return guard


class CustomerSource:
    """One test's customers: the same for the same requests, whatever ran before."""

    def __init__(self, config: pytest.Config, seed: int):
        self.cache = config.stash.setdefault(_CUSTOMERS, {})
        self.seed = seed
        self.asked: tuple[str, ...] = ()
        self._factory: Any = None

    def customer(self, locale: str) -> Any:
        key = (self.seed, self.asked, locale)
        self.asked = (*self.asked, locale)
        made = self.cache.get(key)
        if made is None:
            if self._factory is None or self._factory_asked != key[1]:
                self._replay(key[1])
            made = self.cache[key] = self._factory.customer(locale)
            self._factory_asked = self.asked
        return copy.deepcopy(made)

    def _replay(self, asked: tuple[str, ...]) -> None:
        """A factory in the state it would be in after ``asked`` (only on a cache miss)."""
        from mockmessenger.boundary.canaries import CustomerFactory

        self._factory = CustomerFactory(self.seed)
        for locale in asked:
            self._factory.customer(locale)
        self._factory_asked = asked


_MATCHERS = pytest.StashKey[dict[tuple[str, ...], Any]]()


class CaseScanner:
    """The guard of one test, as the harness sees it: ``scan`` and ``add_customers``.

    Building the canary matcher of a customer (every value in every encoding,
    hashes included) costs tens of milliseconds; most tests use the same seeded
    customers, so matchers are memoised by the customers' exact values. When the
    guard does not have the expected insides, every call goes to the guard as is.
    """

    def __init__(self, config: pytest.Config, guard: Any):
        self.guard = guard
        self.customers: list[Any] = []
        self._keys: list[str] = []
        self._cache = config.stash.setdefault(_MATCHERS, {})

    def scan(self, record: Any) -> Any:
        return self.guard.scan(record)

    def reset(self) -> None:
        self.guard.reset()

    def add_customers(self, customers: Any) -> None:
        import json

        new = []
        for customer in customers:
            key = json.dumps(customer.to_dict(), sort_keys=True, default=str)
            if key not in self._keys:
                self._keys.append(key)
                new.append(customer)
        if not new:
            return
        self.customers.extend(new)
        if not (hasattr(self.guard, "_matcher") and hasattr(self.guard, "_customers")):
            self.guard.add_customers(new)
            return
        cache_key = tuple(self._keys)
        matcher = self._cache.get(cache_key)
        if matcher is None:
            self.guard.add_customers(new)
            self._cache[cache_key] = self.guard._matcher
        else:
            with self.guard._lock:
                self.guard._customers = list(self.customers)
                self.guard._matcher = matcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self.guard, name)
