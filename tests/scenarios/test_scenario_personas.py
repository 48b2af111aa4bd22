"""One scenario over several personas and locales: `personas:`, a `persona` column, templates."""

from __future__ import annotations

import textwrap

import pytest

from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.errors import InputError
from mockmessenger.scenarios import load_file, load_scenarios

STEPS = """
steps:
  - say: "card {{ customer.cards[0].last4 }} for {{ persona.first_name }} in {{ persona.locale }}"
    expect: {nothing: true}
"""


def with_steps(head: str) -> str:
    """A scenario document: ``head`` (dedented) and the shared steps."""
    return textwrap.dedent(head).lstrip("\n") + STEPS.lstrip("\n")


def problems_of(path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_scenarios([path])
    return [str(p) for p in info.value.problems]


def test_persona_list_gives_one_scenario_per_persona_each_with_its_own_customer(write):
    path = write(
        "a.yaml",
        with_steps(
            """
        name: balance
        tags: [balance]
        persona: {seed: 1}
        personas: [en_US, en_GB, {locale: ar_SA, seed: 4, name: Layla Haddad}]
        """
        ),
    )
    scenarios = load_file(path)
    assert [s.name for s in scenarios] == ["balance [en_US]", "balance [en_GB]", "balance [ar_SA]"]
    assert [s.variant for s in scenarios] == ["en_US", "en_GB", "ar_SA"]
    assert [(s.persona.locale, s.persona.seed) for s in scenarios] == [
        ("en_US", 1),
        ("en_GB", 1),
        ("ar_SA", 4),
    ]
    expected = [
        CustomerFactory(1).customer("en_US"),
        CustomerFactory(1).customer("en_GB"),
        CustomerFactory(4).customer("ar_SA"),
    ]
    assert [s.customer.cards[0].number for s in scenarios] == [c.cards[0].number for c in expected]
    assert scenarios[2].persona.name == "Layla Haddad"
    first = expected[0]
    assert scenarios[0].steps[0].value == (
        f"card {first.cards[0].number[-4:]} for {first.first_name} in en_US"
    )
    assert scenarios[2].steps[0].value.endswith("for Layla in ar_SA")
    # file and line stay those of the document and of each step
    assert {(s.file, s.line, s.steps[0].where.line) for s in scenarios} == {(str(path), 1, 6)}
    assert all(s.tags == ["balance"] for s in scenarios)


def test_personas_times_examples_name_row_and_persona(write):
    path = write(
        "a.yaml",
        """
        name: rates
        personas: [en_US, {locale: en_US, seed: 2}]
        examples:
          - {name: dollar, text: dollar rate}
          - {name: euro, text: euro rate}
        steps:
          - say: "{{ text }}"
            expect: {nothing: true}
        """,
    )
    names = [s.name for s in load_file(path)]
    assert names == [
        "rates [dollar, en_US seed 0]",
        "rates [dollar, en_US seed 2]",
        "rates [euro, en_US seed 0]",
        "rates [euro, en_US seed 2]",
    ]


def test_matrix_persona_column_and_other_columns(write):
    path = write(
        "a.yaml",
        """
        name: greeting
        persona: {seed: 3}
        matrix:
          persona: [en_GB, {locale: ar_EG, name: Omar Said}]
          word: [hi, hello]
        steps:
          - say: "{{ word }} from {{ persona.first_name }}"
            expect: {nothing: true}
        """,
    )
    scenarios = load_file(path)
    assert [s.name for s in scenarios] == [
        "greeting [en_GB, word=hi]",
        "greeting [en_GB, word=hello]",
        "greeting [ar_EG, word=hi]",
        "greeting [ar_EG, word=hello]",
    ]
    assert scenarios[3].steps[0].value == "hello from Omar"
    assert scenarios[3].persona.seed == 3  # the row's persona is laid over the document's
    assert scenarios[0].row == {"word": "hi"}


def test_templated_persona_fields_from_a_matrix_over_locale_and_seed(write):
    path = write(
        "a.yaml",
        with_steps(
            """
        name: statement
        persona: {locale: "{{ locale }}", seed: "{{ seed }}", name: "{{ who }} Taylor"}
        matrix:
          locale: [en_US, ar_SA]
          seed: [1, 2]
          who: [Sam]
        """
        ),
    )
    scenarios = load_file(path)
    assert [s.name for s in scenarios] == [
        "statement [en_US, seed=1, who=Sam]",
        "statement [en_US, seed=2, who=Sam]",
        "statement [ar_SA, seed=1, who=Sam]",
        "statement [ar_SA, seed=2, who=Sam]",
    ]
    assert [(s.persona.locale, s.persona.seed) for s in scenarios] == [
        ("en_US", 1),
        ("en_US", 2),
        ("ar_SA", 1),
        ("ar_SA", 2),
    ]
    assert (
        scenarios[2].customer.cards[0].number
        == CustomerFactory(1).customer("ar_SA").cards[0].number
    )
    assert all(s.persona.name == "Sam Taylor" for s in scenarios)


def test_examples_persona_column_keeps_the_row_name(write):
    path = write(
        "a.yaml",
        with_steps(
            """
        name: gulf
        examples:
          - {name: riyadh, persona: ar_SA}
          - {persona: {locale: ar_AE, seed: 5}, word: hala}
        """
        ),
    )
    scenarios = load_file(path)
    assert [s.name for s in scenarios] == ["gulf [riyadh]", "gulf [word=hala, ar_AE]"]
    assert [s.persona.locale for s in scenarios] == ["ar_SA", "ar_AE"]


def test_unknown_locale_in_a_persona_list_points_at_the_item(write):
    path = write(
        "a.yaml",
        with_steps(
            """
        name: balance
        personas:
          - en_US
          - xx_XX
          - {locale: de_AT}
        """
        ),
    )
    known = "en_US, en_GB, de_DE, fr_FR, ar_SA, ar_EG, ar_AE"
    assert problems_of(path) == [
        f"{path}:4: [personas[1]] no synthetic customers for locale 'xx_XX' (known: {known})"
        " (used as persona.locale)",
        f"{path}:5: [personas[2].locale] no synthetic customers for locale 'de_AT' (known: {known})",
    ]


def test_unknown_locale_from_a_table_points_at_the_cell(write):
    path = write(
        "a.yaml",
        with_steps(
            """
        name: balance
        persona: {locale: "{{ locale }}"}
        matrix:
          locale:
            - en_US
            - en_AU
        """
        ),
    )
    [problem] = problems_of(path)
    assert problem.startswith(
        f"{path}:6: [matrix.locale[1]] no synthetic customers for locale 'en_AU'"
    )
    assert problem.endswith("(used as persona.locale)")


def test_empty_persona_list(write):
    path = write("a.yaml", "name: balance\npersonas: []\n" + STEPS.lstrip("\n"))
    assert problems_of(path) == [
        f"{path}:2: [personas] a persona list needs at least one persona"
        " (a locale such as en_GB, or a mapping {locale, seed, name})"
    ]


def test_empty_matrix_persona_column(write):
    path = write("a.yaml", "name: balance\nmatrix:\n  persona: []\n" + STEPS.lstrip("\n"))
    assert problems_of(path) == [
        f"{path}:3: [matrix.persona] a matrix column needs at least one value"
    ]


def test_persona_template_naming_a_missing_variable(write):
    path = write(
        "a.yaml",
        with_steps(
            """
        name: balance
        persona: {locale: "{{ lang }}", seed: 1}
        matrix:
          locale: [en_US, ar_SA]
        """
        ),
    )
    assert problems_of(path) == [
        f"{path}:2: [persona.locale] unknown variable 'lang' (known: locale)",
    ]


def test_seed_from_a_table_must_be_a_whole_number(write):
    path = write(
        "a.yaml",
        with_steps(
            """
        name: balance
        persona: {seed: "{{ s }}"}
        examples:
          - {s: 1}
          - {s: seven}
        """
        ),
    )
    assert problems_of(path) == [
        f"{path}:5: [examples[1].s] 'seven' is not a whole number (used as persona.seed)"
    ]


def test_bad_persona_items(write):
    path = write(
        "a.yaml",
        with_steps(
            """
        name: balance
        personas:
          - english
          - 5
          - {locale: fr_FR, colour: red}
        """
        ),
    )
    assert problems_of(path) == [
        f'{path}:3: [personas[0]] "english" is not a locale (expected e.g. en_US, ar_SA,'
        " or a persona mapping {locale, seed, name})",
        f"{path}:4: [personas[1]] must be text or a mapping, not a whole number (5)",
        f"{path}:5: [personas[2]] unknown field 'colour' (known: locale, name, first_name,"
        " last_name, seed)",
    ]


def test_the_same_persona_twice(write):
    path = write("a.yaml", "name: balance\npersonas:\n  - ar_SA\n  - ar_SA\n" + STEPS.lstrip("\n"))
    assert problems_of(path) == [
        f"{path}:4: [personas[1]] '[ar_SA]' comes out twice (also from personas[0]):"
        " rows and personas must differ, or have a 'name' each"
    ]


def test_personas_and_a_persona_column_do_not_mix(write):
    path = write(
        "a.yaml",
        "name: balance\npersonas: [ar_SA]\nexamples:\n  - {persona: en_GB}\n" + STEPS,
    )
    assert problems_of(path) == [
        f"{path}:4: [examples[0].persona] use either 'personas' or a 'persona' table column,"
        " not both"
    ]


def test_a_mistake_of_some_rows_names_them_and_one_of_all_rows_is_said_once(write):
    path = write(
        "a.yaml",
        """
        name: balance
        personas: [en_US, ar_SA]
        customer:
          cards: [{}]
        steps:
          - say: "{{ customer.cards[0].last4 }} {{ persona.locale | nofilter }}"
            expect: {nothing: true}
          - say: "{{ customer.nickname }}"
            expect: {nothing: true}
        """,
    )
    problems = problems_of(path)
    assert len(problems) == 2
    assert problems[0].startswith(f"{path}:6: [steps[0].say] unknown filter 'nofilter'")
    assert "(in row" not in problems[0]
    assert problems[1].startswith(f"{path}:8: [steps[1].say] unknown variable 'customer.nickname'")


def test_a_mistake_of_some_rows_only_names_those_rows(write):
    path = write(
        "a.yaml",
        """
        name: cards
        personas: [en_US, ar_SA]
        examples:
          - {name: first, card: "{{ customer.cards[0].last4 }}"}
          - {name: tenth, card: "{{ customer.cards[9].last4 }}"}
        steps:
          - say: "{{ card }}"
            expect: {nothing: true}
        """,
    )
    assert problems_of(path) == [
        f"{path}:5: [examples[1].card] unknown variable 'customer.cards[9].last4':"
        " customer.cards has 2 item(s), no index 9 (in rows 'tenth, en_US', 'tenth, ar_SA')"
    ]


def test_persona_is_a_column_only_of_its_own_kind(write):
    """`customer` and `params` stay reserved: they would hide the scenario's own data."""
    path = write("a.yaml", "name: b\nexamples:\n  - {customer: 1}\n" + STEPS.lstrip("\n"))
    assert problems_of(path) == [
        f"{path}:3: [examples[0].customer] 'customer' cannot be a table column name"
    ]


def test_a_name_that_names_the_persona_itself_gets_no_brackets(write):
    path = write(
        "a.yaml", "name: balance in {{ persona.locale }}\npersonas: [en_US, ar_SA]\n" + STEPS
    )
    scenarios = load_file(path)
    assert [s.name for s in scenarios] == ["balance in en_US", "balance in ar_SA"]
    assert [s.variant for s in scenarios] == ["en_US", "ar_SA"]


def test_a_templated_name_that_does_not_tell_personas_apart(write):
    path = write(
        "a.yaml", "name: balance in {{ persona.language }}\npersonas: [ar_SA, ar_EG]\n" + STEPS
    )
    assert problems_of(path) == [
        f"{path}:2: [personas[1]] scenario 'balance in ar' comes out twice (also from"
        " personas[0]): rows and personas must differ, or have a 'name' each"
    ]


def test_a_persona_item_naming_a_missing_variable(write):
    path = write("a.yaml", 'name: balance\npersonas: ["{{ where }}"]\n' + STEPS)
    assert problems_of(path) == [f"{path}:2: [personas[0]] unknown variable 'where' (known: none)"]
