"""YAML scenarios collected as pytest items (pytester sessions)."""

from __future__ import annotations

import pytest

SCENARIO = """\
name: card question
tags: [en, cards]
persona: {locale: en_US, seed: 0}
steps:
  - say: hello
    expect: {contains: Hello}
  - say: what is my card?
    expect: {contains: "ends in"}
"""

TABLE = """\
name: greeting
tags: [greeting]
persona: {locale: en_US, seed: 1}
examples:
  - {name: english, text: hello}
  - {name: arabic, text: مرحبا}
steps:
  - say: "{{ text }}"
    expect: {contains: Hello}
"""

FAILING = """\
name: wrong expectation
persona: {locale: en_US, seed: 0}
steps:
  - say: hello
    expect: {contains: Hello}
  - say: what is my card?
    expect:
      text: Your card is frozen.
"""


def _scenarios(pytester, **files: str) -> None:
    folder = pytester.path / "scenarios"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_scenarios_are_collected_one_item_per_scenario_and_row(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    _scenarios(bot_project, card=SCENARIO, table=TABLE)
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-v", "--strict-markers")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines_random(
        [
            "*scenarios/card.yaml::card question PASSED*",
            "*scenarios/table.yaml::greeting ?english? PASSED*",
            "*scenarios/table.yaml::greeting ?arabic? PASSED*",
        ]
    )
    result.stdout.fnmatch_lines(["conversations: 3 (4 user turns)"])


def test_scenario_tags_are_real_marks(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    _scenarios(bot_project, card=SCENARIO, table=TABLE)
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-m", "cards", "--strict-markers")
    result.assert_outcomes(passed=1, deselected=2)


def test_scenario_paths_from_the_ini_file(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    _scenarios(bot_project, card=SCENARIO)
    bot_project.makeini(
        """
        [pytest]
        mockmessenger_app = tinybot:app
        mockmessenger_scenarios = scenarios
        """
    )
    result = bot_project.runpytest()
    result.assert_outcomes(passed=1)


def test_a_failing_scenario_points_at_its_line_with_the_conversation(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    _scenarios(bot_project, failing=FAILING)
    result = bot_project.runpytest("--mm-scenarios=scenarios")
    result.assert_outcomes(failed=1)
    text = result.stdout.str()
    # the expectation is on line 8 of the file; the conversation so far is shown beside it
    result.stdout.fnmatch_lines(
        [
            "*scenarios/failing.yaml:8*expected*Your card is frozen.*got*",
            "*conversation so far:*",
            "*user > what is my card?*",
            "*bot  < Your card ends in*",
        ]
    )
    assert "Traceback" not in text


def test_a_leaking_scenario_fails_at_the_step_that_leaked(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    _scenarios(bot_project, card=SCENARIO)
    result = bot_project.runpytest("--mm-scenarios=scenarios")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*scenarios/card.yaml:7*no financial data leaving the boundary*"])


def test_an_invalid_scenario_file_is_a_clear_collection_error(bot_project):
    _scenarios(bot_project, broken="name: broken\nsteps:\n  - dance: now\n")
    result = bot_project.runpytest("--mm-scenarios=scenarios")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*invalid scenario file:*", "*broken.yaml:3*"])
    assert "Traceback" not in result.stdout.str()


EXPECTS_A_LEAK = """\
name: a leak that does not happen
persona: {locale: en_US, seed: 0}
policy:
  expect_leak:
    - {category: card_number}
steps:
  - say: hello
    expect: {contains: Hello}
"""

WRONG_GREETING = """\
name: wrong greeting
persona: {locale: en_US, seed: 0}
steps:
  - say: hello
    expect: {contains: Goodbye}
"""


def _count_scenarios_failed_by_the_guard(bot_project, *args: str) -> None:
    """A leak and a missing expected leak are the guard's failures; a wrong reply is not."""
    import json

    _scenarios(bot_project, card=SCENARIO, expects=EXPECTS_A_LEAK, wrong=WRONG_GREETING)
    result = bot_project.runpytest_subprocess(
        "--mm-scenarios=scenarios", "--boundary-report=r.json", *args
    )
    result.assert_outcomes(failed=3)
    summary = json.loads((bot_project.path / "r.json").read_text(encoding="utf-8"))["summary"]
    assert summary["tests_guarded"] == 3
    assert summary["tests_failed_by_guard"] == 2
    result.stdout.fnmatch_lines(["tests guarded: 3, failed by the guard: 2"])


def test_scenarios_failed_by_the_guard_are_counted(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    _count_scenarios_failed_by_the_guard(bot_project)


@pytest.mark.slow
def test_scenarios_failed_by_the_guard_are_counted_across_xdist_workers(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    _count_scenarios_failed_by_the_guard(bot_project, "-n", "2")
