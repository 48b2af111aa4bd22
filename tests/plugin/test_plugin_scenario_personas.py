"""Scenarios expanded over personas and locales are one pytest item each (pytester sessions)."""

from __future__ import annotations

from xml.etree import ElementTree

OVER_PERSONAS = """\
name: card over personas
tags: [cards]
persona: {seed: 2}
personas: [en_US, en_GB, {locale: ar_SA, seed: 5}]
steps:
  - say: hello
    expect: {contains: Hello}
  - say: what is my card?
    expect: {text: "Your card ends in {{ customer.cards[0].last4 }}"}
"""

TABLE_WITH_PERSONA_COLUMN = """\
name: greeting
examples:
  - {name: gulf, persona: ar_AE, text: hello}
  - {name: cairo, persona: {locale: ar_EG, seed: 3}, text: hi}
steps:
  - say: "{{ text }}"
    expect: {contains: Hello}
"""

FAILING_FOR_EVERY_PERSONA = """\
name: frozen card
persona: {locale: "{{ locale }}", seed: 1}
matrix:
  locale: [en_US, ar_SA]
steps:
  - say: hello
    expect: {contains: Hello}
  - say: what is my card?
    expect:
      text: Your card is frozen.
"""

UNKNOWN_LOCALE = """\
name: balance
personas:
  - en_US
  - en_ZZ
steps:
  - say: hello
"""


def _scenarios(pytester, **files: str) -> None:
    folder = pytester.path / "scenarios"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")


def test_one_item_per_persona_with_ids_that_show_the_locale(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    _scenarios(bot_project, card=OVER_PERSONAS)
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-v", "--strict-markers")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines_random(
        [
            "*scenarios/card.yaml::card over personas ?en_US? PASSED*",
            "*scenarios/card.yaml::card over personas ?en_GB? PASSED*",
            "*scenarios/card.yaml::card over personas ?ar_SA? PASSED*",
        ]
    )
    # three conversations, each with its own customer (its own card in the expectation)
    result.stdout.fnmatch_lines(["conversations: 3 (6 user turns)"])


def test_minus_k_selects_the_items_of_a_locale(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    _scenarios(bot_project, card=OVER_PERSONAS, table=TABLE_WITH_PERSONA_COLUMN)
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-v", "-k", "ar_SA")
    result.assert_outcomes(passed=1, deselected=4)
    result.stdout.fnmatch_lines(["*card over personas ?ar_SA? PASSED*"])
    # a row named in the table is found by the locale of its persona too
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-v", "-k", "ar_EG or ar_AE")
    result.assert_outcomes(passed=2, deselected=3)
    result.stdout.fnmatch_lines_random(["*greeting ?gulf? PASSED*", "*greeting ?cairo? PASSED*"])
    # marks still select every expansion
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-m", "cards", "--strict-markers")
    result.assert_outcomes(passed=3, deselected=2)


def test_the_persona_is_a_junit_property(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    _scenarios(bot_project, card=OVER_PERSONAS)
    result = bot_project.runpytest("--mm-scenarios=scenarios", "--junitxml=junit.xml")
    result.assert_outcomes(passed=3)
    tree = ElementTree.parse(bot_project.path / "junit.xml")
    personas = {
        prop.get("value")
        for case in tree.iter("testcase")
        for prop in case.iter("property")
        if prop.get("name") == "persona"
    }
    assert personas == {"en_US seed 2", "en_GB seed 2", "ar_SA seed 5"}


def test_each_expansion_fails_on_its_own_at_the_line_of_the_step(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    _scenarios(bot_project, frozen=FAILING_FOR_EVERY_PERSONA)
    result = bot_project.runpytest("--mm-scenarios=scenarios", "-v")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines_random(
        [
            "*frozen.yaml::frozen card ?en_US? FAILED*",
            "*frozen.yaml::frozen card ?ar_SA? FAILED*",
        ]
    )
    text = result.stdout.str()
    # the failing expectation is on line 10 of the file, for each persona
    assert text.count("scenarios/frozen.yaml:10") >= 2
    assert "Traceback" not in text


def test_an_unknown_locale_is_a_collection_error_at_its_line(bot_project):
    _scenarios(bot_project, balance=UNKNOWN_LOCALE)
    result = bot_project.runpytest("--mm-scenarios=scenarios")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*invalid scenario file:*",
            "*balance.yaml:4: ?personas?1?? no synthetic customers for locale 'en_ZZ'*",
        ]
    )
    assert "Traceback" not in result.stdout.str()
