"""Scenario files that are hostile rather than mistaken: values that must not be echoed,
deep nesting, huge numbers, alias bombs, huge matrices, bad regexes, duplicate names.
``validate`` and ``run`` report each with file, line and field, never a traceback."""

from __future__ import annotations

import pytest

from mockmessenger.cli import main
from mockmessenger.errors import InputError
from mockmessenger.scenarios import load_scenarios

CARD = "4111 1111 1111 1111"
CARD_DIGITS = "4111111111111111"
IBAN = "GB82WEST12345698765432"
IBAN_SPACED = "GB82 WEST 1234 5698 7654 32"


def problems_of(path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_scenarios([path])
    return [str(p) for p in info.value.problems]


def validate(capsys, *paths) -> tuple[int, str]:
    code = main(["validate", "-q", *map(str, paths)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def assert_masked(text: str) -> None:
    for value in (CARD, CARD_DIGITS, IBAN, IBAN_SPACED, "12345698765432"):
        assert value not in text, text


# -- 1. values quoted in messages are masked ------------------------------------------------

HEAD = "persona: {locale: en_US, seed: 1}\n"

ECHOING = {
    "customer_bad": (
        "name: c\n" + HEAD + "customer:\n  accounts:\n    - {balance: '" + CARD + "'}\n"
        "  '" + CARD_DIGITS + "': x\nsteps:\n  - say: hi\n",
        ["customer.accounts[0].balance", "unknown customer field"],
    ),
    "customer_iban": (
        "name: c\n" + HEAD + "customer:\n  accounts:\n    - {balance: '" + IBAN_SPACED + "'}\n"
        "steps:\n  - say: hi\n",
        ["must be a number"],
    ),
    "unknown_kind": (
        "name: u\n" + HEAD + "steps:\n  - '" + CARD + "': hi\n",
        ["unknown step kind"],
    ),
    "unknown_key": ("name: k\n'" + CARD + "': z\nsteps:\n  - say: hi\n", ["unknown field"]),
    "unknown_expectation": (
        "name: k\nsteps:\n  - say: hi\n    expect: {'" + CARD_DIGITS + "': z}\n",
        ["unknown expectation"],
    ),
    "template_number": (
        "name: t\n" + HEAD + "steps:\n  - say: '{{ " + CARD_DIGITS + " }}'\n",
        ["is not a variable name"],
    ),
    "template_iban": (
        "name: t\n" + HEAD + "steps:\n  - say: '{{ " + IBAN + " }}'\n",
        ["unknown variable"],
    ),
    "template_filter": (
        "name: t\n"
        + HEAD
        + "steps:\n  - say: '{{ customer.cards[0].number | "
        + CARD_DIGITS
        + " }}'\n",
        ["unknown filter"],
    ),
    "yaml_tag": ("name: t\n" + HEAD + "steps:\n  - say: !" + CARD_DIGITS + " hi\n", ["tag"]),
}


@pytest.mark.parametrize("case", sorted(ECHOING))
def test_validate_masks_the_values_it_quotes(write, capsys, case):
    text, expected = ECHOING[case]
    path = write(f"{case}.yaml", text)
    code, err = validate(capsys, path)
    assert code == 2
    assert f"{path}:" in err
    for words in expected:
        assert words in err
    assert_masked(err)
    assert_masked("\n".join(problems_of(path)))


# -- 2./3. no tracebacks, no hangs: deep YAML, huge numbers, merge keys, alias bombs ---------

LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
    for i in range(8)
)

HOSTILE = {
    "deep": ("name: d\nsteps:\n  - say: " + "[" * 3000 + "]" * 3000 + "\n", 3, "nested too deeply"),
    "hugeint": ("name: h\nsteps:\n  - wait: " + "9" * 5000 + "\n", 3, "more than 4300 digits"),
    "merge_key": ("name: m\nsteps:\n  - <<: 5\n    say: hi\n", 3, "merge key '<<'"),
    "nul": ("name: a\0b\nsteps:\n  - say: hi\n", 1, "#x0000 is not allowed"),
    "laughs": (LAUGHS + "name: l\nsteps:\n  - say: hi\n", 1, "expand this document"),
    "alias_loop": ("name: l\nsteps: &s\n  - say: hi\n  - *s\n", 2, "refers to itself"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_is_reported_with_its_line(write, capsys, case):
    text, line, words = HOSTILE[case]
    path = write(f"{case}.yaml", text)
    code, err = validate(capsys, path)
    assert code == 2
    assert f"{path}:{line}" in err and words in err


# -- 2. a regex that does not compile is found by validate, not by run ---------------------


@pytest.mark.parametrize(
    ("text", "where"),
    [
        (
            "steps:\n  - say: hi\n    expect:\n      text: {regex: '(unclosed['}\n",
            "6: [steps[0].expect.text.regex]",
        ),
        ("steps:\n  - say: hi\n    expect: {regex: '*oops'}\n", "5: [steps[0].expect.regex]"),
        (
            "steps:\n  - say: hi\n    expect: [{quick_replies: [{regex: '(x'}]}]\n",
            "5: [steps[0].expect[0].quick_replies[0].regex]",
        ),
        (
            "policy:\n  expect_leak:\n    - {category: iban, path: '([" + CARD_DIGITS + "'}\n"
            "steps:\n  - say: hi\n",
            "5: [policy.expect_leak[0].path]",
        ),
    ],
    ids=["text", "shortcut", "nested", "leak_path"],
)
def test_a_bad_regex_is_reported_by_validate(write, capsys, text, where):
    path = write("re.yaml", "name: r\npersona: {locale: en_US, seed: 1}\n" + text)
    code, err = validate(capsys, path)
    assert code == 2
    assert f"{path}:{where}" in err
    assert "not a valid regular expression" in err
    assert_masked(err)


# -- 2. an output path that cannot be written is an error before anything runs --------------


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "{scenario}", "--bot", "examples.bankbot.app:app", "--report-html", "{dir}"],
        ["run", "{scenario}", "--bot", "examples.bankbot.app:app", "--report-json", "{dir}"],
        ["demo", "--report-html", "{dir}", "--no-progress"],
        [
            "run",
            "{scenario}",
            "--bot",
            "examples.bankbot.app:app",
            "--report-html",
            "{file}/r.html",
        ],
    ],
    ids=["run_html", "run_json", "demo_html", "under_a_file"],
)
def test_an_output_path_that_cannot_be_written_exits_2_first(write, tmp_path, capsys, argv):
    scenario = write("ok.yaml", "name: ok\nsteps:\n  - say: hi\n")
    args = [a.format(scenario=scenario, dir=tmp_path, file=scenario) for a in argv]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert "is a directory" in captured.err or "is a file" in captured.err
    assert "PASSED" not in captured.out  # nothing ran


# -- 3. a matrix or persona list that would expand past the bound is refused at once --------


def test_a_huge_matrix_is_refused_naming_the_field(write, capsys):
    columns = "".join(f"  {c}: [0,1,2,3,4,5,6,7,8,9]\n" for c in "abcdef")
    path = write("m.yaml", "matrix:\n" + columns + "name: m\nsteps:\n  - say: '{{ a }}'\n")
    code, err = validate(capsys, path)
    assert code == 2
    assert f"{path}:1: [matrix] the matrix makes 1,000,000 rows" in err


def test_rows_times_personas_past_the_bound_are_refused(write, capsys):
    columns = "".join(f"  {c}: [0,1,2,3,4,5,6,7,8,9]\n" for c in "abc")
    personas = "personas: [en_US, en_GB]\n"
    path = write("p.yaml", "matrix:\n" + columns + personas + "name: p\nsteps:\n  - say: hi\n")
    code, err = validate(capsys, path)
    assert code == 2
    assert f"{path}:5: [personas]" in err and "2,000 scenarios" in err


# -- 4. validate reports duplicate scenario names, as run does -------------------------------


def test_validate_reports_a_name_used_twice_in_one_file(write, capsys):
    path = write(
        "d.yaml", "name: same\nsteps:\n  - say: hi\n---\nname: same\nsteps:\n  - say: yo\n"
    )
    code, err = validate(capsys, path)
    assert code == 2
    assert f"{path}:5: [name] scenario name 'same' is already used at {path}:1" in err


def test_validate_reports_a_name_used_in_two_files(write, capsys):
    first = write("a.yaml", "name: same\nsteps:\n  - say: hi\n")
    second = write("b.yaml", "name: same\nsteps:\n  - say: yo\n")
    code, err = validate(capsys, first, second)
    assert code == 2
    assert f"{second}:1: [name] scenario name 'same' is already used at {first}:1" in err
    with pytest.raises(InputError):  # what run and the plugin see
        load_scenarios([first, second])


# -- 5. run --timeout must be a positive number of seconds ------------------------------------


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "0", "soon"])
def test_run_refuses_a_timeout_that_is_not_a_positive_number(write, capsys, value):
    path = write("ok.yaml", "name: ok\nsteps:\n  - say: hi\n")
    with pytest.raises(SystemExit) as info:
        main(["run", str(path), "--bot", "examples.bankbot.app:app", f"--timeout={value}"])
    assert info.value.code == 2
    assert "argument --timeout" in capsys.readouterr().err
