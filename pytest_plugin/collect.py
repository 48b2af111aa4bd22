"""YAML scenarios collected as pytest items, one per scenario (and per row and persona).

Files under the configured scenario paths (``--mm-scenarios``,
``mockmessenger_scenarios``) become :class:`ScenarioFile` collectors; each
scenario a :class:`ScenarioItem` with the scenario's tags and marks as real
pytest marks (``-m arabic`` selects them), driven and guarded exactly like a test
using the ``messenger`` fixture. A scenario expanded over personas or a data table
gives one item per expansion, its id showing the row (``balance [ar_SA]``), and
``-k ar_SA`` selects the items of a locale. A failure points at the file and line of
the step and shows the conversation so far beside what was expected.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from _pytest.fixtures import TopRequest

from mockmessenger.errors import InputError
from pytest_plugin.settings import settings_of

SUFFIXES = (".yaml", ".yml")


def scenario_roots(config: pytest.Config) -> tuple[Path, ...]:
    return tuple(p.resolve() for p in settings_of(config).scenarios)


def _under(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path == root or root in path.parents for root in roots)


def add_scenario_args(config: pytest.Config) -> None:
    """Make pytest visit the scenario paths.

    ``--mm-scenarios`` always adds its paths to what pytest collects; the ini key
    does so when pytest was run without explicit paths (like ``testpaths``).
    """
    settings = settings_of(config)
    if not settings.scenarios:
        return
    explicit = bool(config.getoption("mm_scenarios", default=None))
    if not explicit and config.args_source == pytest.Config.ArgsSource.ARGS:
        return
    args = [str(a) for a in config.args]
    for path in settings.scenarios:
        if not path.exists():
            raise pytest.UsageError(f"mockmessenger: scenario path not found: {path}")
        already = any(_under(path.resolve(), (Path(a.split("::")[0]).resolve(),)) for a in args)
        if not already:
            config.args.append(str(path))


def collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in SUFFIXES:
        return None
    roots = scenario_roots(parent.config)
    path = file_path.resolve()
    if not roots or not _under(path, roots) or _hidden(path, roots):
        return None
    return ScenarioFile.from_parent(parent, path=file_path)


def _hidden(path: Path, roots: tuple[Path, ...]) -> bool:
    """Under a scenario folder, ``_parts/`` and ``_leaks.yaml`` are not scenarios (as for
    ``mockmessenger run``); a file named on its own is always collected."""
    for root in roots:
        if root in path.parents:
            parts = path.relative_to(root).parts
            return any(part.startswith(("_", ".")) for part in parts)
    return False


class ScenarioFile(pytest.File):
    """One YAML file of scenarios."""

    def collect(self) -> Any:
        from mockmessenger.scenarios import load_file

        scenarios = load_file(self.path)
        seen: dict[str, int] = {}
        for scenario in scenarios:
            name = scenario.name
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                name = f"{name} #{seen[name]}"
            item = ScenarioItem.from_parent(self, name=name, scenario=scenario)
            for mark in _marks(self.config, [*scenario.tags, *scenario.marks]):
                item.add_marker(mark)
            item.extra_keyword_matches.update(persona_keywords(scenario))
            item.user_properties.append(("persona", persona_id(scenario)))
            yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, InputError):
            return f"invalid scenario file:\n{excinfo.value}"
        return super().repr_failure(excinfo)


def persona_id(scenario: Any) -> str:
    """``ar_SA seed 4``: who the scenario runs as (also in JUnit XML properties)."""
    return f"{scenario.persona.locale} seed {scenario.persona.seed}"


def persona_keywords(scenario: Any) -> set[str]:
    """Words ``-k`` matches besides the name: the persona's locale and language.

    An expanded scenario's name shows its row (``balance [ar_SA]``), but a row named in
    a data table (``rates [dollar]``) may run as any persona: ``-k ar_SA`` finds it too.
    """
    locale = scenario.persona.locale
    return {locale, locale.split("_")[0]}


def _marks(config: pytest.Config, names: list[str]) -> list[pytest.MarkDecorator]:
    """Scenario tags as pytest marks, registered so that ``--strict-markers`` accepts them."""
    marks = []
    known = {line.split(":")[0].split("(")[0].strip() for line in config.getini("markers")}
    for name in dict.fromkeys(str(n) for n in names):
        if not name.isidentifier():
            continue
        if name not in known:
            config.addinivalue_line("markers", f"{name}: scenario tag")
            known.add(name)
        marks.append(getattr(pytest.mark, name))
    return marks


class ScenarioFailed(AssertionError):
    """A scenario whose expectations did not hold; carries the whole result."""

    def __init__(self, result: Any):
        super().__init__(f"scenario {result.name!r} failed")
        self.result = result


def _fixtures(
    mockmessenger_settings: Any,
    mockmessenger_app: Any,
    mockmessenger_backend: Any,
    mockmessenger_platform_config: Any,
) -> None:
    """The fixtures a scenario item asks for (its signature is what matters)."""


class ScenarioItem(pytest.Item):
    """One scenario, run through the configured door with the boundary guard on."""

    def __init__(self, *, scenario: Any, **kwargs: Any):
        super().__init__(**kwargs)
        self.scenario = scenario
        self.result: Any = None
        manager = self.session._fixturemanager
        self._fixtureinfo = manager.getfixtureinfo(node=self, func=_fixtures, cls=None)
        self.fixturenames = self._fixtureinfo.names_closure
        self.funcargs: dict[str, Any] = {}
        # the same fixture machinery as a test function (pytest's own Function does this)
        self._request = TopRequest(self, _ispytest=True)

    def setup(self) -> None:
        self._request._fillfixtures()

    def runtest(self) -> None:
        from mockmessenger.reports import finding_key
        from mockmessenger.scenarios.runner import ScenarioRunner
        from pytest_plugin.guarding import count_guard_failure, guard_for
        from pytest_plugin.wiring import load_policy, start_wiring

        scenario = self.scenario
        settings = self.funcargs["mockmessenger_settings"]
        guard = guard_for(self)
        guard.allowed.update(str(a) for a in scenario.policy_allow if isinstance(a, str))
        policy_path = Path(scenario.policy_file) if scenario.policy_file else settings.policy
        wiring = start_wiring(
            self,
            settings=settings,
            app=self.funcargs["mockmessenger_app"],
            backend=self.funcargs["mockmessenger_backend"],
            platform_config=self.funcargs["mockmessenger_platform_config"],
            policy=load_policy(self.config, policy_path),
            guard=guard,
        )
        outcome = "failed"
        try:
            wiring.add_customers([scenario.customer])
            runner = ScenarioRunner(wiring.messenger, timeout=settings.timeout)
            self.result = result = runner.run(scenario)
            # the runner turned each finding into a step failure (or met an expected leak)
            guard.expected_keys.update(finding_key(f) for f in result.findings)
            if any(map(_by_the_guard, result.failures)):
                count_guard_failure(self, guard)
            if result.thread:
                wiring.users.append((_Psid(result.thread), scenario.persona.locale))
            outcome = result.outcome
        finally:
            wiring.close(outcome)
        if not result.passed:
            raise ScenarioFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, ScenarioFailed):
            return render_scenario_failure(excinfo.value.result)
        if isinstance(excinfo.value, InputError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, max(self.scenario.line - 1, 0), f"scenario: {self.scenario.name}"


def _by_the_guard(failure: Any) -> bool:
    """A step failure the runner made of the guard's verdict: a finding the scenario did not
    expect (``field: policy``), or an ``expect_leak`` no finding met."""
    return failure.field == "policy" or failure.step == "expected leak"


class _Psid:
    def __init__(self, psid: str):
        self.psid = psid


def render_scenario_failure(result: Any) -> str:
    """Each failing expectation at ``file:line``, then the conversation so far."""
    from mockmessenger.scenarios.runner import render_failures

    return render_failures(result, context_entries=8)
