"""Fixtures the guard's tests share: both quick-check engines, guards to compare, and what a
guard finds in one Send API text."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"


def _text_categories(guard: Guard, text: str) -> list[str]:
    body = json.dumps(
        {"recipient": {"id": "24012345678901234"}, "message": {"text": text}}, ensure_ascii=False
    )
    guard.reset()
    record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)
    return sorted({f.category for f in guard.scan(record)})


@pytest.fixture
def categories() -> Callable[[Guard, str], list[str]]:
    """``categories(guard, text)``: the categories ``guard`` finds in a Send API message holding
    ``text`` (its thread memory forgotten first)."""
    return _text_categories


@pytest.fixture(params=[True, False], ids=["hyperscan", "pure-python"])
def engine(request: pytest.FixtureRequest) -> bool:
    """``use_hyperscan`` for each engine of the quick check (hyperscan skipped where missing)."""
    if request.param:
        pytest.importorskip("hyperscan")
    return request.param


@pytest.fixture
def guards(engine: bool) -> list[Guard]:
    """A guard with the quick check, and one whose quick check never passes a request: what
    the first finds, the second must find too (the quick check may only skip clean requests)."""
    fast = Guard(use_hyperscan=engine)
    slow = Guard(use_hyperscan=engine)
    slow._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
    return [fast, slow]


@pytest.fixture(scope="session")
def checkers() -> Callable[[bool], tuple[QuickCheck, Guard]]:
    """``checkers(use_hyperscan)``: the quick check, and the reference it must agree with: a
    guard with the quick check off and no memo (built once per engine)."""
    built: dict[bool, tuple[QuickCheck, Guard]] = {}

    def get(use_hyperscan: bool) -> tuple[QuickCheck, Guard]:
        if use_hyperscan:
            pytest.importorskip("hyperscan")
        if use_hyperscan not in built:
            full = Guard(use_hyperscan=use_hyperscan)
            full._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
            full.MEMO_SIZE = 0  # type: ignore[misc]
            built[use_hyperscan] = (QuickCheck(Policy.default(), use_hyperscan), full)
        return built[use_hyperscan]

    return get
