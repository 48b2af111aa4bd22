"""A scenario's own policy (file and allow list) is the one its guard holds."""

from __future__ import annotations

import pytest

from mockmessenger.errors import InputError
from mockmessenger.scenarios import load_scenarios
from mockmessenger.scenarios.leakmap import compare, expected_for, load_leak_map
from mockmessenger.scenarios.runner import render_failures

BALANCE = """
name: {name}
persona: {{locale: en_US, seed: 1}}
{policy}
steps:
  - say: my balance
    expect: {{template: {{type: button}}}}
"""


def test_a_policy_file_of_the_scenario_replaces_the_default(write, run):
    write("policies/iban-only.yaml", "forbidden: [iban]\n")
    own = write(
        "own.yaml", BALANCE.format(name="own policy", policy="policy: policies/iban-only.yaml")
    )
    default = write("default.yaml", BALANCE.format(name="default policy", policy=""))
    results = run(load_scenarios([own, default]), leaks=["balance_in_postback"])
    outcome = {r.name: r for r in results}
    assert outcome["own policy"].passed, render_failures(outcome["own policy"])
    assert not outcome["default policy"].passed


def test_an_allow_list_entry_exempts_a_path(write, run):
    path = write(
        "allow.yaml",
        BALANCE.format(
            name="allowed",
            policy='policy:\n  allow: [{path: "$.message.attachment.payload.buttons*.payload"}]',
        ),
    )
    (result,) = run(load_scenarios([path]), leaks=["balance_in_postback"])
    assert result.passed, render_failures(result)


def test_leak_map_errors_name_the_line(write):
    path = write("leaks.yaml", "iban_in_receipt:\n  some scenario: iban\nbalance_in_postback: []\n")
    with pytest.raises(InputError) as info:
        load_leak_map(path)
    assert [(p.line, p.field) for p in info.value.problems] == [
        (2, "iban_in_receipt.some scenario"),
        (3, "balance_in_postback"),
    ]


def test_leak_comparison():
    leak_map = {
        "a": {"s1": frozenset({"iban"})},
        "b": {"s1": frozenset({"canary"}), "s2": frozenset({"balance"})},
    }
    expected = expected_for(leak_map, ["a", "b"])
    assert expected == {"s1": frozenset({"iban", "canary"}), "s2": frozenset({"balance"})}
    result = compare(expected, {"s1": frozenset({"iban"}), "s3": frozenset({"card_number"})})
    assert not result.ok
    assert result.lines() == [
        "expected to fail but passed: s2",
        "failed but no leak switch explains it: s3",
        "s1: expected categories ['canary', 'iban'], found ['iban']",
    ]
