"""Things that are costly to build and identical from test to test, built once per session.

- A :class:`~mockmessenger.boundary.Guard` compiles its prefilter and quick checks
  for a policy (a third of a second); each test gets a *fresh* guard cut from a
  per-policy template: the compiled parts are shared (they are read-only), the
  per-test state (canaries, per-thread memory, locks) is new.
- A seeded :class:`~mockmessenger.boundary.canaries.CustomerFactory` makes the
  same customers for the same requests; each test asks a fresh factory (so a test's
  customers do not depend on which tests ran before it, in any xdist worker), and
  the generated customers are memoised by (seed, locales asked so far) and handed
  out as copies (unpickled from bytes made once: several times cheaper than
  ``deepcopy``), since a bot may change a customer (freeze a card).
"""

from __future__ import annotations

import copy
import json
import pickle
import threading
from typing import Any

import pytest

_GUARDS = pytest.StashKey[dict[int, Any]]()
_CUSTOMERS = pytest.StashKey[dict[tuple[Any, ...], Any]]()

#: a Guard's per-instance state, made anew for each copy
_FRESH_STATE = ("_lock", "_reveals", "_fragments", "_fresh", "_matcher", "_customers")
#: a Guard's compiled, read-only or memo parts, shared by every copy of one policy
_SHARED_STATE = ("policy", "_prefilter", "_quick", "_exempt_cache", "_urls")


def _copyable(guard: Any) -> bool:
    """True when the guard holds exactly the state this module knows how to copy.

    A Guard that gained an attribute nobody told us about may keep per-test state
    in it: such a guard is built whole for every test (slow, never wrong).
    """
    names = set(vars(guard))
    return names == set(_FRESH_STATE) | set(_SHARED_STATE)


def fresh_guard(config: pytest.Config, policy: Any) -> Any:
    """A Guard for ``policy`` with no canaries and no memory, cheap after the first."""
    from mockmessenger.boundary import Guard

    templates = config.stash.setdefault(_GUARDS, {})
    template = templates.get(id(policy))
    if template is None or template[0] is not policy:
        template = templates[id(policy)] = (policy, Guard(policy=policy))
    base = template[1]
    if hasattr(base, "fresh"):
        return base.fresh()  # the guard knows its own per-test state best
    if not _copyable(base):
        return Guard(policy=policy)
    guard = copy.copy(base)
    guard._lock = threading.RLock()
    guard._reveals = type(base._reveals)()
    guard._fragments = {}
    guard._fresh = {}
    guard._matcher = None
    guard._customers = []
    return guard


def customer_key(customer: Any) -> str:
    """A customer's exact values as one string: equal keys, equal canaries."""
    return json.dumps(customer.to_dict(), sort_keys=True, default=str)


class CustomerSource:
    """One test's customers: the same for the same requests, whatever ran before."""

    def __init__(self, config: pytest.Config, seed: int):
        self.cache: dict[tuple[Any, ...], tuple[bytes, str]] = config.stash.setdefault(
            _CUSTOMERS, {}
        )
        self.seed = seed
        self.asked: tuple[str, ...] = ()
        self._factory: Any = None
        self._factory_asked: tuple[str, ...] = ()

    def customer(self, locale: str) -> Any:
        return self.customer_and_key(locale)[0]

    def customer_and_key(self, locale: str) -> tuple[Any, str]:
        """A private copy of the next customer, and its :func:`customer_key`."""
        key = (self.seed, self.asked, locale)
        self.asked = (*self.asked, locale)
        made = self.cache.get(key)
        if made is None:
            if self._factory is None or self._factory_asked != key[1]:
                self._replay(key[1])
            customer = self._factory.customer(locale)
            self._factory_asked = self.asked
            made = self.cache[key] = (pickle.dumps(customer), customer_key(customer))
        return pickle.loads(made[0]), made[1]

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
        self._known: dict[int, tuple[Any, str]] = {}

    def scan(self, record: Any) -> Any:
        return self.guard.scan(record)

    def reset(self) -> None:
        self.guard.reset()

    def known(self, customer: Any, key: str) -> None:
        """``key`` is ``customer``'s :func:`customer_key`, computed already: spares a second one."""
        self._known[id(customer)] = (customer, key)

    def _key(self, customer: Any) -> str:
        known = self._known.pop(id(customer), None)
        if known is not None and known[0] is customer:
            return known[1]
        return customer_key(customer)

    def add_customers(self, customers: Any) -> None:
        new = []
        for customer in customers:
            key = self._key(customer)
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
        elif hasattr(self.guard, "set_canaries"):
            # every customer so far: a later add_customers rebuilds the matcher from them
            self.guard.set_canaries(matcher, list(self.customers))
        else:
            with self.guard._lock:
                self.guard._matcher = matcher
                self.guard._customers = list(self.customers)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.guard, name)
