"""pytest plugin entry point for mockmessenger (registered through ``pytest11``).

Loaded into every pytest session of an environment where mockmessenger is
installed, so it must cost nothing to suites that don't use it: no heavy import
at load time, no socket patching, no output. Everything happens through the
fixtures (:mod:`pytest_plugin.fixtures`), the scenario collector
(:mod:`pytest_plugin.collect`) and the hooks below, which only act on tests the
plugin guarded.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import pytest

from pytest_plugin import collect, options, report_files, reporting
from pytest_plugin.fixtures import (
    bank_customer,
    boundary,
    messenger,
    messenger_user,
    mockmessenger_app,
    mockmessenger_backend,
    mockmessenger_platform_config,
    mockmessenger_policy,
    mockmessenger_settings,
)
from pytest_plugin.guarding import TEST_GUARD, count_guard_failure, record_properties
from pytest_plugin.ledger import LEDGER_KEY, WORKEROUTPUT_KEY, is_xdist_worker, ledger_of
from pytest_plugin.settings import settings_of
from pytest_plugin.wiring import remember_outcome

__all__ = [
    "bank_customer",
    "boundary",
    "messenger",
    "messenger_user",
    "mockmessenger_app",
    "mockmessenger_backend",
    "mockmessenger_platform_config",
    "mockmessenger_policy",
    "mockmessenger_settings",
]

MARKERS = (
    "mockmessenger_policy(path): hold this test to the boundary policy in the YAML file at path "
    "(relative to the test file)",
    "allow_leak(*categories): the boundary guard tolerates findings of these categories in this test",
    "expect_leak(*categories): this test must make the boundary guard find a leak of one of these "
    "categories (a test of the guard itself); the finding then does not fail it",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    options.add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    ledger_of(config)
    settings = settings_of(config)
    if not is_xdist_worker(config):  # the controller writes the reports
        report_files.check_paths(settings)
    collect.add_scenario_args(config)
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(XdistHooks(), "mockmessenger-xdist")


def pytest_collect_file(file_path: Any, parent: pytest.Collector) -> pytest.Collector | None:
    return collect.collect_file(file_path, parent)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Fail a guarded test whose traffic leaked (after its call, and after its teardown)."""
    guard = item.stash.get(TEST_GUARD, None)
    if guard is None or call.when == "setup":
        return (yield)
    text = guard.failure(with_missing=call.when == "call")
    if call.when == "teardown":
        record_properties(item, guard)
    report = yield
    if call.when == "call":
        remember_outcome(item, "failed" if (report.failed or text) else report.outcome)
    if text:
        count_guard_failure(item, guard)
        if report.passed:
            report.outcome = "failed"
            report.longrepr = text
        else:
            report.sections.append(("mockmessenger boundary guard", text))
    return report


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    reporting.terminal_summary(terminalreporter, config)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    ledger = config.stash.get(LEDGER_KEY, None)
    if ledger is None:
        return
    if is_xdist_worker(config):
        config.workeroutput[WORKEROUTPUT_KEY] = ledger.to_workeroutput()  # type: ignore[attr-defined]
        return
    if not reporting.write_reports(config, ledger) and session.exitstatus == pytest.ExitCode.OK:
        # the tests passed, but a report CI relies on is missing: the run did not succeed
        session.exitstatus = pytest.ExitCode.INTERNAL_ERROR


class XdistHooks:
    """Registered only when pytest-xdist is installed (its hooks are unknown otherwise)."""

    @pytest.hookimpl
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        data = getattr(node, "workeroutput", {}).get(WORKEROUTPUT_KEY)
        if data:
            ledger_of(node.config).merge_workeroutput(data)
