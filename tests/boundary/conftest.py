"""Fixtures the guard's tests share: both quick-check engines, and guards to compare."""

from __future__ import annotations

import pytest

from mockmessenger.boundary import Guard


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
