"""The runner against the in-process demo bank bot: failures, transcripts, leaks."""

from __future__ import annotations

from mockmessenger.scenarios import load_scenarios
from mockmessenger.scenarios.runner import ScenarioRunner, render_failures


def test_a_passing_scenario_has_its_transcript(write, run):
    path = write(
        "ok.yaml",
        """
        name: ok
        persona: {locale: en_US, seed: 1}
        steps:
          - say: hello
            expect: {contains: Welcome to Demo Bank!}
          - read: true
            expect: {nothing: true}
          - wait: {hours: 25}
          - say: menu
            expect: {text: "What can I help you with?"}
    """,
    )
    (result,) = run(load_scenarios([path]))
    assert result.passed, render_failures(result)
    assert result.failures == [] and result.findings == []
    texts = [
        e.body.get("message", {}).get("text") for e in result.transcript if e.direction == "out"
    ]
    assert "What can I help you with?" in texts
    assert result.requests > 0 and result.thread


def test_every_failing_expectation_is_collected_with_its_line(write, run):
    path = write(
        "bad.yaml",
        """
        name: several failures
        persona: {locale: en_US, seed: 1}
        steps:
          - say: hello
            expect:
              text: {contains: Bonjour}
              quick_replies: [Balance]
          - say: what can you do
            expect:
              text: Nope
          - say: thanks
            expect: {text: "You're welcome! Anything else?"}
    """,
    )
    (result,) = run(load_scenarios([path]))
    assert not result.passed
    where = [(f.step_index, f.line, f.field) for f in result.failures]
    assert where == [
        (1, 6, "steps[0].expect.text"),
        (1, 7, "steps[0].expect.quick_replies"),
        (2, 10, "steps[1].expect.text"),
    ]
    first = result.failures[0]
    assert (first.file, first.expected) == (str(path), 'reply 1: text containing "Bonjour"')
    assert first.got.startswith('"Welcome to Demo Bank!')
    report = render_failures(result)
    assert f"{path}:10: [steps[1].expect.text]" in report
    assert "user > what can you do" in report and "bot  < What can I help you with?" in report
    # each step's failures come with the conversation up to that step, not beyond
    first_block = report.split("conversation so far:")[1].split(str(path))[0]
    assert "user > hello" in first_block and "what can you do" not in first_block
    assert "thanks" not in report.split("conversation so far:")[2]


def test_no_reply_and_missing_quick_reply_are_failures_not_crashes(write, run):
    path = write(
        "quiet.yaml",
        """
        name: quiet
        persona: {locale: en_US, seed: 1}
        steps:
          - say: hi
            expect: {contains: Welcome}
          - react: {emoji: "👍"}
            expect: {text: thanks for the like}
          - tap: Not offered
            expect: {contains: x}
          - say: help
            expect: {text: "What can I help you with?"}
    """,
    )
    (result,) = run(load_scenarios([path]))
    assert [f.step_index for f in result.failures] == [2, 3]
    assert "the bot sent no message" in result.failures[0].got
    assert "no quick reply 'Not offered'" in result.failures[1].got


def test_unexpected_findings_fail_the_step_that_leaked(write, run):
    path = write(
        "leak.yaml",
        """
        name: balance leaks
        persona: {locale: en_US, seed: 1}
        steps:
          - say: hi
            expect: {contains: Welcome}
          - say: my balance
            expect: {template: {type: button}}
    """,
    )
    (scenario,) = load_scenarios([path])
    (result,) = run([scenario], leaks=["balance_in_postback"])
    assert not result.passed
    balance = str(scenario.customer.accounts[0].balance)
    assert all(balance not in str(f) for f in result.failures)  # masked
    assert balance not in render_failures(result)
    assert {f.category for f in result.findings} == {"balance", "canary"}
    assert {(f.step_index, f.line, f.field) for f in result.failures} == {(2, 6, "policy")}
    for failure in result.failures:
        assert failure.expected == "no financial data leaving the boundary"
        assert "balance" in failure.got or "canary" in failure.got


def test_expected_leaks_are_matched_against_findings(write, run):
    path = write(
        "expected.yaml",
        """
        name: leak test
        persona: {locale: en_US, seed: 1}
        policy:
          expect_leak:
            - {category: balance, step: 2}
            - {category: canary, value_category: balance, step: 2}
        steps:
          - say: hi
          - say: my balance
            expect: {template: {type: button}}
    """,
    )
    scenarios = load_scenarios([path])
    (leaky,) = run(scenarios, leaks=["balance_in_postback"])
    assert leaky.passed, render_failures(leaky)
    assert leaky.findings
    (safe,) = run(scenarios)
    assert [(f.step, f.line) for f in safe.failures] == [("expected leak", 5), ("expected leak", 6)]
    assert safe.failures[0].expected == "a finding: balance, at step 2"


def test_a_shared_messenger_runs_scenarios_one_user_each(write, bankbot):
    from mockmessenger.boundary import Guard
    from mockmessenger.harness import Messenger
    from mockmessenger.platform import Platform, PlatformConfig
    from mockmessenger.transports.inprocess import InProcessDoor

    path = write(
        "two.yaml",
        """
        name: one
        persona: {locale: en_US, seed: 1}
        steps:
          - say: hi
            expect: {contains: Welcome}
        ---
        name: two
        persona: {locale: ar_SA, seed: 2}
        steps:
          - say: مرحبا
            expect: {contains: أهلاً بك}
    """,
    )
    app = bankbot.create_app(bankbot.Settings())
    with Messenger(
        Platform(PlatformConfig()), InProcessDoor(app), guard=Guard(), backend=app.state.core
    ) as m:
        results = ScenarioRunner(m).run_all(load_scenarios([path]))
    assert [r.passed for r in results] == [True, True]
    assert results[0].thread != results[1].thread


def test_typed_card_numbers_never_reach_failure_texts_or_finding_labels(write, run):
    path = write(
        "typed.yaml",
        """
        name: typed number
        persona: {locale: en_US, seed: 1}
        steps:
          - say: "my card is {{ customer.cards[0].number }}"
            expect: {text: this will not match}
    """,
    )
    (scenario,) = load_scenarios([path])
    (result,) = run([scenario])
    number = scenario.customer.cards[0].number
    assert not result.passed
    assert number not in render_failures(result)
    assert all(number not in str(f) for f in result.failures)


def test_waiting_on_a_platform_with_the_system_clock_is_a_clear_failure(write, bankbot):
    from mockmessenger.harness import Messenger
    from mockmessenger.platform import Platform, PlatformConfig
    from mockmessenger.transports.inprocess import InProcessDoor

    path = write(
        "wait.yaml",
        "name: wait\nsteps:\n  - wait: 25\n  - say: hi\n    expect: {contains: Welcome}\n",
    )
    app = bankbot.create_app(bankbot.Settings())
    with Messenger(Platform(PlatformConfig()), InProcessDoor(app), backend=app.state.core) as m:
        (result,) = ScenarioRunner(m).run_all(load_scenarios([path]))
    assert [(f.step_index, f.line) for f in result.failures] == [(1, 3)]
    assert "cannot be advanced" in result.failures[0].got
