"""Under a scenario folder, files and folders starting with `_` are not scenarios (pytester)."""

from __future__ import annotations

GREETING = """\
name: greeting
persona: {locale: en_US, seed: 1}
steps:
  - include: _parts/hello.yaml
"""

PART = """\
part: say hello
steps:
  - say: hello
    expect: {contains: Hello}
"""

LEAK_MAP = """\
some_switch:
  greeting: [canary]
"""


def test_parts_and_the_leak_map_are_not_collected(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    folder = bot_project.path / "scenarios"
    (folder / "_parts").mkdir(parents=True)
    (folder / "greeting.yaml").write_text(GREETING, encoding="utf-8")
    (folder / "_parts" / "hello.yaml").write_text(PART, encoding="utf-8")
    (folder / "_leaks.yaml").write_text(LEAK_MAP, encoding="utf-8")
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-v")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*scenarios/greeting.yaml::greeting PASSED*"])
    assert "_leaks.yaml" not in result.stdout.str()
