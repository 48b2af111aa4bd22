"""validate, run and demo: output and exit codes (0 ok, 1 failures, 2 bad input)."""

from __future__ import annotations

import json
import shutil
import sys

import pytest

from mockmessenger.cli import main
from mockmessenger.demo import CHECKOUT

LIBRARY = CHECKOUT / "scenarios"
PASSING = """
name: greeting
persona: {locale: en_US, seed: 1}
steps:
  - say: hello
    expect: {contains: Welcome to Demo Bank!}
"""
FAILING = """
name: wrong greeting
persona: {locale: en_US, seed: 1}
steps:
  - say: hello
    expect: {text: Bonjour}
"""


def test_validate_accepts_the_library(capsys):
    assert main(["validate", str(LIBRARY)]) == 0
    assert capsys.readouterr().out.startswith("checked ")


def test_validate_prints_every_problem_with_file_line_and_field(write, capsys):
    scenario = write(
        "bad.yaml",
        "name: x\nsteps:\n  - sya: hi\n---\nname: y\nsteps:\n  - say: '{{ customer.cards[7].last4 }}'\n",
    )
    policy = write("policy.yaml", "forbidden: [card_number, bogus]\n")
    assert main(["validate", str(scenario), str(policy)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{scenario}:3: [steps[0]] unknown step kind 'sya'")
    assert err[1].startswith(
        f"{scenario}:7: [steps[0].say] unknown variable 'customer.cards[7].last4'"
    )
    assert err[2].startswith(f"{policy}:1: [forbidden[1]]")


def test_validate_checks_policies_and_missing_paths(write, tmp_path, capsys):
    policy = write("policy.yaml", "forbidden: [card_number]\n")
    assert main(["validate", str(policy)]) == 0
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_validate_reads_a_policy_with_a_misspelt_key_as_a_policy(write, capsys):
    """``forbid:`` is a typo for a policy key, not a scenario missing its steps."""
    policy = write("bank.yaml", "name: ours\nforbid: [card_number]\n")
    assert main(["validate", str(policy)]) == 2
    captured = capsys.readouterr()
    assert "1 policy file(s)" in captured.out
    assert "unknown field 'forbid' (did you mean 'forbidden'?)" in captured.err
    assert "steps" not in captured.err


def run_cli(*args: str) -> int:
    return main(["run", *args, "--bot", "bankbot:create_app()", "-q"])


def test_run_exit_codes(write, bankbot, capsys):
    assert run_cli(str(write("ok.yaml", PASSING))) == 0
    assert "1 scenario(s): 1 passed, 0 failed" in capsys.readouterr().out
    failing = write("fail.yaml", FAILING)
    assert run_cli(str(failing)) == 1
    out = capsys.readouterr().out
    assert f"{failing}:5: [steps[0].expect.text]" in out and "1 failed" in out
    assert run_cli(str(write("broken.yaml", "name: [\n"))) == 2
    assert main(["run", str(failing), "--bot", "no_such_module:app"]) == 2
    assert (
        main(
            ["run", str(failing), "--bot-url", "http://127.0.0.1:9/webhook", "--door", "inprocess"]
        )
        == 2
    )


def test_run_writes_reports(write, tmp_path, bankbot):
    html, report = tmp_path / "out" / "r.html", tmp_path / "out" / "r.json"
    path = write("two.yaml", PASSING + "---\n" + FAILING)
    assert run_cli(str(path), "--report-html", str(html), "--report-json", str(report)) == 1
    data = json.loads(report.read_text(encoding="utf-8"))
    assert [s["outcome"] for s in data["scenarios"]] == ["passed", "failed"]
    assert data["scenarios"][1]["failures"][0]["line"] == 12
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.fixture
def checkout(tmp_path):
    """A small checkout: the real demo bot, two scenarios and a leak map for them."""
    root = tmp_path / "repo"
    (root / "scenarios" / "en").mkdir(parents=True)
    (root / "examples").symlink_to(CHECKOUT / "examples")
    shutil.copytree(LIBRARY / "_parts", root / "scenarios" / "_parts")
    for name in ("welcome.yaml", "balance.yaml"):
        shutil.copy(LIBRARY / "en" / name, root / "scenarios" / "en" / name)
    return root


#: balance.yaml runs over two personas (en_US, en_GB): two conversations, named per persona
LEAKS = """
balance_in_postback:
  balance shows masked accounts only (en) [en_US]: [balance, canary]
  balance shows masked accounts only (en) [en_GB]: [balance, canary]
account_in_menu_url:
  balance shows masked accounts only (en) [en_US]: [account_number, canary]
  balance shows masked accounts only (en) [en_GB]: [account_number, canary]
analytics_leak:
  balance shows masked accounts only (en) [en_US]: [account_number, balance, canary, destination]
  balance shows masked accounts only (en) [en_GB]: [account_number, balance, canary, destination, iban]
"""


def test_demo_passes_when_the_guard_finds_exactly_the_planted_leaks(checkout, tmp_path, capsys):
    (checkout / "scenarios" / "_leaks.yaml").write_text(LEAKS, encoding="utf-8")
    html = tmp_path / "demo.html"
    code = main(["demo", "--root", str(checkout), "--report-html", str(html), "--no-progress"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert (
        "safe bot: 3 conversations" in out
        and "leaky bot (7 leak switches on): 3 conversations" in out
    )
    assert "findings by category:" in out and f"HTML report: {html}" in out
    assert html.exists()


def test_demo_fails_when_the_leak_map_is_not_met(checkout, capsys):
    wrong = LEAKS.replace("[en_US]: [balance, canary]", "[en_US]: [balance, canary, iban]")
    wrong += "iban_in_receipt:\n  welcome and menu (en): [iban]\n"
    (checkout / "scenarios" / "_leaks.yaml").write_text(wrong, encoding="utf-8")
    assert main(["demo", "--root", str(checkout), "--no-html", "--no-progress"]) == 1
    out = capsys.readouterr().out
    assert "expected to fail but passed: welcome and menu (en)" in out
    assert "balance shows masked accounts only (en) [en_US]: expected categories" in out


def test_demo_outside_a_checkout_is_bad_input(tmp_path, capsys):
    assert main(["demo", "--root", str(tmp_path), "--no-progress"]) == 2
    assert "runs from a checkout" in capsys.readouterr().err


@pytest.mark.slow
def test_run_through_the_server_door_with_a_bot_process(write, monkeypatch, capsys):
    monkeypatch.setenv("PYTHONPATH", str(CHECKOUT / "examples"))
    path = write("ok.yaml", PASSING)
    code = main(
        ["run", str(path), "--bot-command", f"{sys.executable} -m bankbot", "--door", "server"]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    assert "1 passed, 0 failed" in out and "0 finding(s)" in out
