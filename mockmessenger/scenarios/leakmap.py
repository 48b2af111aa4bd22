"""Which scenarios each leak switch of a bot must break, and with which finding categories.

The map (``scenarios/_leaks.yaml`` for the demo bank bot) is what makes "the guard
works" checkable: with a switch on, exactly the listed scenarios fail, each with
exactly the listed categories; everything else stays green.

```yaml
iban_in_receipt:
  "transfer between own accounts with confirmation (en)": [canary]
```
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from mockmessenger.errors import InputError, InputProblem
from mockmessenger.scenarios.model import ScenarioResult
from mockmessenger.scenarios.source import load_documents

#: switch -> scenario name -> finding categories
LeakMap = dict[str, dict[str, frozenset[str]]]


def load_leak_map(path: str | Path) -> LeakMap:
    """Read a leak map; every malformed entry is an :class:`InputError` with its line."""
    documents = load_documents(path)
    if len(documents) != 1 or not isinstance(documents[0].data, dict):
        raise InputError(
            InputProblem("a leak map is one mapping: switch -> scenarios", str(path), 1)
        )
    doc = documents[0]
    problems: list[InputProblem] = []
    result: LeakMap = {}
    for switch, scenarios in doc.data.items():
        if not isinstance(scenarios, dict) or not scenarios:
            problems.append(doc.problem((switch,), "must map scenario names to categories"))
            continue
        result[switch] = {}
        for name, categories in scenarios.items():
            valid = isinstance(categories, list) and categories
            if not valid or not all(isinstance(c, str) for c in categories):
                problems.append(
                    doc.problem((switch, name), "must be a non-empty list of categories")
                )
                continue
            result[switch][name] = frozenset(categories)
    if problems:
        raise InputError(problems)
    return result


def expected_for(leak_map: LeakMap, switches: Iterable[str]) -> dict[str, frozenset[str]]:
    """Scenario -> categories expected with all of ``switches`` on (the union of their entries)."""
    expected: dict[str, frozenset[str]] = {}
    for switch in switches:
        for name, categories in leak_map.get(switch, {}).items():
            expected[name] = expected.get(name, frozenset()) | categories
    return expected


def observed(results: Iterable[ScenarioResult]) -> dict[str, frozenset[str]]:
    """Scenario -> finding categories, for every scenario that failed."""
    return {r.name: frozenset(f.category for f in r.findings) for r in results if not r.passed}


@dataclass
class LeakComparison:
    """How a run's failures compare with the map: empty lists mean "exactly as expected"."""

    missing: list[str]  # expected to fail, passed
    unexpected: list[str]  # failed, not expected to
    wrong_categories: list[tuple[str, frozenset[str], frozenset[str]]]  # name, expected, got

    @property
    def ok(self) -> bool:
        return not (self.missing or self.unexpected or self.wrong_categories)

    def lines(self) -> list[str]:
        out = [f"expected to fail but passed: {name}" for name in self.missing]
        out += [f"failed but no leak switch explains it: {name}" for name in self.unexpected]
        out += [
            f"{name}: expected categories {sorted(want)}, found {sorted(got)}"
            for name, want, got in self.wrong_categories
        ]
        return out


def compare(
    expected: Mapping[str, frozenset[str]], got: Mapping[str, frozenset[str]]
) -> LeakComparison:
    return LeakComparison(
        missing=sorted(set(expected) - set(got)),
        unexpected=sorted(set(got) - set(expected)),
        wrong_categories=[
            (name, expected[name], got[name])
            for name in sorted(set(expected) & set(got))
            if expected[name] != got[name]
        ],
    )
