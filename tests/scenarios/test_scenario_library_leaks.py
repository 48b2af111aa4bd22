"""Each leak switch of the demo bot breaks exactly the scenarios the leak map lists."""

from __future__ import annotations

import pytest

from mockmessenger.demo import CHECKOUT
from mockmessenger.scenarios.leakmap import compare, load_leak_map, observed

LIBRARY = CHECKOUT / "scenarios"

LEAK_MAP = load_leak_map(LIBRARY / "_leaks.yaml")


@pytest.mark.parametrize("switch", sorted(LEAK_MAP))
def test_a_leak_switch_fails_exactly_its_scenarios(switch, library, run):
    results = run(library, leaks=[switch])
    comparison = compare(LEAK_MAP[switch], observed(results))
    assert comparison.ok, "\n".join(comparison.lines())
