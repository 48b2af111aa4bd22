"""A scenario's `wait` step (crossing the 24-hour window) works under the plugin (pytester)."""

from __future__ import annotations

WAITING = """\
name: hello after a day away
persona: {locale: en_US, seed: 1}
steps:
  - say: hello
    expect: {contains: Hello}
  - wait: {hours: 25}
  - say: hello
    expect: {contains: Hello}
"""


def test_wait_steps_move_the_platform_clock(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    folder = bot_project.path / "scenarios"
    folder.mkdir()
    (folder / "waiting.yaml").write_text(WAITING, encoding="utf-8")
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-v")
    result.assert_outcomes(passed=1)
    assert "cannot be advanced" not in result.stdout.str()
