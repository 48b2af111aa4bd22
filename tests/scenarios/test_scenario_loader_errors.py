"""Every mistake in a scenario file is reported with file, line and field, never a traceback."""

from __future__ import annotations

import pytest

from mockmessenger.errors import InputError
from mockmessenger.scenarios import load_scenarios


def problems_of(path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_scenarios([path])
    return [str(p) for p in info.value.problems]


def test_missing_field(write):
    path = write(
        "a.yaml",
        """
        description: no name here
        steps:
          - say: hi
    """,
    )
    assert problems_of(path) == [f"{path}:1: [(document)] missing field 'name'"]


def test_wrong_type(write):
    path = write(
        "a.yaml",
        """
        name: wrong type
        persona: {locale: en_US, seed: seven}
        steps:
          - say: hi
            expect:
              quick_replies: 5
    """,
    )
    assert problems_of(path) == [
        f'{path}:2: [persona.seed] must be a whole number, not text ("seven")',
        f"{path}:6: [steps[0].expect.quick_replies] must be a list, not a whole number (5)",
    ]


def test_unknown_step_kind(write):
    path = write(
        "a.yaml",
        """
        name: typo
        steps:
          - say: hi
          - sya: hello
    """,
    )
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:4: [steps[1]] unknown step kind 'sya' (known: say, tap,")


def test_step_without_action(write):
    path = write(
        "a.yaml",
        """
        name: no action
        steps:
          - expect: {nothing: true}
    """,
    )
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:3: [steps[0]] a step needs one action")


def test_unknown_expectation(write):
    path = write(
        "a.yaml",
        """
        name: bad expectation
        steps:
          - say: hi
            expect:
              txt: hello
    """,
    )
    (problem,) = problems_of(path)
    assert problem.startswith(
        f"{path}:4: [steps[0].expect] unknown expectation 'txt' (known: kind, text,"
    )


def test_bad_template_variable_names_it(write):
    path = write(
        "a.yaml",
        """
        name: bad variable
        persona: {locale: en_US, seed: 1}
        steps:
          - say: hi
          - say: "my card {{ customer.cards[9].last4 }}"
    """,
    )
    assert problems_of(path) == [
        f"{path}:5: [steps[1].say] unknown variable 'customer.cards[9].last4': "
        "customer.cards has 2 item(s), no index 9"
    ]


def test_invalid_yaml_points_at_the_line(write):
    path = write(
        "a.yaml",
        """
        name: broken
        steps:
          - say: [unclosed
          - say: hi
    """,
    )
    (problem,) = problems_of(path)
    assert problem.startswith(f"{path}:4:")
    assert "invalid YAML" in problem


def test_not_utf8(write):
    path = write("a.yaml", b"name: latin-1\nsteps:\n  - say: caf\xe9\n")
    assert problems_of(path) == [
        f"{path}:3:13: file is not UTF-8 text (byte 0xe9 cannot be decoded)"
    ]


def test_duplicate_key(write):
    path = write(
        "a.yaml",
        """
        name: one
        name: two
        steps:
          - say: hi
    """,
    )
    assert problems_of(path) == [f"{path}:2: [name] duplicate key 'name'"]


def test_every_problem_of_every_file_is_reported(write):
    first = write("one.yaml", "name: x\nsteps: []\n")
    second = write("two.yaml", "steps:\n  - say: hi\n")
    with pytest.raises(InputError) as info:
        load_scenarios([first.parent])
    assert [(p.file, p.line) for p in info.value.problems] == [(str(first), 2), (str(second), 1)]


def test_missing_include_and_policy(write):
    path = write(
        "a.yaml",
        """
        name: references
        policy: policies/none.yaml
        steps:
          - include: _parts/none.yaml
    """,
    )
    problems = problems_of(path)
    assert any(
        p.startswith(f"{path}:4: [steps[0].include] included file not found") for p in problems
    )
    assert any(p.startswith(f"{path}:2: [policy] policy file not found") for p in problems)


def test_include_parameters_are_checked(write):
    write(
        "_parts/login.yaml",
        """
        part: login
        params:
          code: null
        steps:
          - link_account: "{{ params.code }}"
    """,
    )
    path = write(
        "a.yaml",
        """
        name: parameters
        steps:
          - include: _parts/login.yaml
            with: {cod: x}
    """,
    )
    problems = problems_of(path)
    assert (
        f"{path}:4: [steps[0].with.cod] login.yaml has no parameter 'cod' (parameters: code)"
        in problems
    )


def test_include_loop(write):
    write("_parts/a.yaml", "part: a\nsteps:\n  - include: b.yaml\n")
    write("_parts/b.yaml", "part: b\nsteps:\n  - include: a.yaml\n")
    path = write("s.yaml", "name: loop\nsteps:\n  - include: _parts/a.yaml\n")
    (problem,) = problems_of(path)
    assert "include loop" in problem


def test_template_error_inside_a_part_points_into_the_part(write):
    part = write("_parts/p.yaml", "part: p\nsteps:\n  - say: hi\n  - say: '{{ params.missing }}'\n")
    path = write("s.yaml", "name: s\nsteps:\n  - include: _parts/p.yaml\n")
    (problem,) = problems_of(path)
    assert problem.startswith(f"{part}:4: [steps[1].say] unknown variable 'params.missing'")


def test_duplicate_scenario_names(write):
    first = write("a.yaml", "name: same\nsteps:\n  - say: hi\n")
    second = write("b.yaml", "name: same\nsteps:\n  - say: hi\n")
    with pytest.raises(InputError) as info:
        load_scenarios([first, second])
    assert (
        str(info.value) == f"{second}:1: [name] scenario name 'same' is already used at {first}:1"
    )


def test_unknown_customer_field(write):
    path = write(
        "a.yaml",
        """
        name: overrides
        customer:
          cards:
            - {colour: red}
        steps:
          - say: hi
    """,
    )
    (problem,) = problems_of(path)
    assert problem.startswith(
        f"{path}:4: [customer.cards[0].colour] unknown customer field 'colour'"
    )


def test_values_quoted_in_errors_are_masked(write):
    path = write(
        "a.yaml",
        """
        name: masked
        steps:
          - say: hi
            expect:
              sender_action: "4111111111111111"
    """,
    )
    (problem,) = problems_of(path)
    assert "4111111111111111" not in problem and "1111" in problem
