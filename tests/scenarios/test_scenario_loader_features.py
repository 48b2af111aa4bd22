"""What the loader builds: personas, customers, includes, data tables, typed templates, lines."""

from __future__ import annotations

from decimal import Decimal

from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.scenarios import load_scenarios


def test_customer_comes_from_the_persona_seed_and_locale(write):
    path = write(
        "a.yaml",
        """
        name: persona
        persona: {locale: ar_SA, seed: 3, name: Layla Haddad}
        steps:
          - say: "{{ persona.first_name }} {{ customer.cards[0].last4 }}"
    """,
    )
    (scenario,) = load_scenarios([path])
    generated = CustomerFactory(3).customer("ar_SA")
    assert scenario.customer.cards[0].number == generated.cards[0].number
    assert (scenario.customer.first_name, scenario.customer.last_name) == ("Layla", "Haddad")
    assert scenario.steps[0].value == f"Layla {generated.cards[0].last4}"


def test_customer_overrides_merge_by_position(write):
    path = write(
        "a.yaml",
        """
        name: overrides
        persona: {locale: en_US, seed: 2}
        customer:
          first_name: Sam
          cards:
            - {}
            - {frozen: true}
          accounts:
            - {balance: 12.5}
        steps:
          - say: "{{ customer.accounts[0].balance }}"
    """,
    )
    (scenario,) = load_scenarios([path])
    assert scenario.customer.first_name == "Sam"
    assert [c.frozen for c in scenario.customer.cards] == [False, True]
    assert scenario.customer.accounts[0].balance == Decimal("12.5")
    assert scenario.steps[0].value == 12.5  # typed: a number, not "12.5"


def test_several_documents_and_expectation_forms(write):
    path = write(
        "a.yaml",
        """
        name: first
        steps:
          - say: hi
            expect: {nothing: true}
        ---
        name: second
        steps:
          - say: hi
            expect:
              any_order:
                - text: a
                - sender_action: typing_on
              more: true
          - postback: {payload: MENU, title: Menu}
            expect:
              - text: {regex: "^What"}
              - quick_replies: [A, B]
    """,
    )
    first, second = load_scenarios([path])
    assert first.steps[0].expect.nothing
    expect = second.steps[0].expect
    assert (expect.order, expect.more, len(expect.replies)) == ("any_order", True, 2)
    assert expect.replies[1].wants_sender_action()
    assert second.line == 6
    assert second.steps[1].value == {"payload": "MENU", "title": "Menu"}
    assert [r.where.line for r in second.steps[1].expect.replies] == [16, 17]


def test_include_expands_steps_with_parameters_and_keeps_their_lines(write):
    part = write(
        "_parts/login.yaml",
        """
        part: login
        params:
          code: "auth-{{ customer.id }}"
          greeting: hello
        steps:
          - link_account: "{{ params.code }}"
            expect: {text: "{{ params.greeting }}"}
    """,
    )
    path = write(
        "a.yaml",
        """
        name: include
        persona: {locale: en_US, seed: 4}
        steps:
          - say: hi
          - include: _parts/login.yaml
            with: {greeting: "welcome {{ persona.first_name }}"}
          - say: bye
    """,
    )
    (scenario,) = load_scenarios([path])
    kinds = [(s.index, s.kind) for s in scenario.steps]
    assert kinds == [(1, "say"), (2, "link_account"), (3, "say")]
    linked = scenario.steps[1]
    assert linked.value == f"auth-{scenario.customer.id}"
    assert linked.expect.replies[0].checks["text"] == f"welcome {scenario.customer.first_name}"
    assert (linked.where.file, linked.where.line) == (str(part), 6)
    assert linked.included_from[0].line == 5


def test_examples_expand_one_scenario_per_row(write):
    path = write(
        "a.yaml",
        """
        name: rates
        persona: {locale: en_US, seed: 5}
        examples:
          - {name: dollar, text: "dollar rate", code: USD}
          - {text: "card {{ customer.cards[0].last4 }}", code: EUR}
        steps:
          - say: "{{ text }}"
            expect: {contains: "{{ code }}"}
    """,
    )
    dollar, second = load_scenarios([path])
    assert dollar.name == "rates [dollar]"
    assert dollar.steps[0].value == "dollar rate"
    assert second.steps[0].value == f"card {second.customer.cards[0].last4}"
    assert second.name.startswith("rates [text=card ")


def test_matrix_expands_the_cartesian_product(write):
    path = write(
        "a.yaml",
        """
        name: "{{ word }} in {{ locale }}"
        matrix:
          locale: [en_US, ar_SA]
          word: [hi, hello]
        persona: {locale: "{{ locale }}", seed: 1}
        steps:
          - say: "{{ word }}"
    """,
    )
    scenarios = load_scenarios([path])
    assert [s.name for s in scenarios] == [
        "hi in en_US",
        "hello in en_US",
        "hi in ar_SA",
        "hello in ar_SA",
    ]
    assert [s.persona.locale for s in scenarios] == ["en_US", "en_US", "ar_SA", "ar_SA"]
    assert scenarios[2].customer.locale == "ar_SA"


def test_directories_skip_underscore_files(write):
    write("_parts/p.yaml", "part: p\nsteps:\n  - say: hi\n")
    write("_leaks.yaml", "switch: {}\n")
    path = write("s.yaml", "name: only me\nsteps:\n  - say: hi\n")
    assert [s.name for s in load_scenarios([path.parent])] == ["only me"]


def test_policy_paths_resolve_relative_to_the_file(write):
    policy = write("policies/strict.yaml", "forbidden: [card_number]\n")
    path = write(
        "s/a.yaml",
        """
        name: policy
        policy:
          file: ../policies/strict.yaml
          allow: ["1234"]
          expect_leak:
            - {category: card_number, step: 1}
        steps:
          - say: hi
    """,
    )
    (scenario,) = load_scenarios([path])
    assert scenario.policy_file == str(policy.resolve())
    assert scenario.policy_allow == ["1234"]
    assert (scenario.expect_leaks[0].category, scenario.expect_leaks[0].where.line) == (
        "card_number",
        6,
    )
