"""Glue between a pytest item and its :class:`~pytest_plugin.verdict.CaseGuard`.

Reads the item's markers (``allow_leak``, ``expect_leak``), keeps the guard in
the item's stash for the report hook, and writes the test's findings as JUnit
properties.
"""

from __future__ import annotations

import pytest

from pytest_plugin.ledger import ledger_of
from pytest_plugin.verdict import CaseGuard

TEST_GUARD = pytest.StashKey[CaseGuard]()


def _marker_categories(item: pytest.Item, name: str) -> list[tuple[str, ...]]:
    """The categories of each ``name`` marker on ``item``; a mistake fails the test with
    one line naming the marker (it is the test's, not the plugin's: no traceback)."""
    from mockmessenger.boundary.findings import CATEGORIES

    groups = []
    for marker in item.iter_markers(name):
        categories = tuple(str(c) for c in marker.args)
        if not categories:
            pytest.fail(
                f"@pytest.mark.{name} needs at least one category, e.g. "
                f"@pytest.mark.{name}('card_number')",
                pytrace=False,
            )
        unknown = [c for c in categories if c not in CATEGORIES]
        if unknown:
            pytest.fail(
                f"@pytest.mark.{name}: unknown categor{'ies' if len(unknown) > 1 else 'y'} "
                f"{', '.join(map(repr, unknown))}; known: {', '.join(CATEGORIES)}",
                pytrace=False,
            )
        groups.append(categories)
    return groups


def guard_for(item: pytest.Item) -> CaseGuard:
    """The item's guard, created from its markers on first use."""
    guard = item.stash.get(TEST_GUARD, None)
    if guard is None:
        guard = CaseGuard(nodeid=item.nodeid)
        for categories in _marker_categories(item, "allow_leak"):
            guard.allowed.update(categories)
        for categories in _marker_categories(item, "expect_leak"):
            guard.expect(categories, f"@pytest.mark.expect_leak{categories!r}")
        item.stash[TEST_GUARD] = guard
    return guard


def count_guard_failure(item: pytest.Item, guard: CaseGuard) -> None:
    """Count the test once in the session's ``tests_failed_by_guard``."""
    if not guard.failed:
        guard.failed = True
        ledger_of(item.config).report.tests_failed_by_guard += 1


def record_properties(item: pytest.Item, guard: CaseGuard) -> None:
    """Every finding of the test as a JUnit ``<property>`` (pytest writes them at teardown)."""
    from mockmessenger.reports.junit import finding_properties

    item.user_properties.extend(finding_properties(guard.findings()))
