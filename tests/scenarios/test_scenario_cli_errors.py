"""run and validate on a bot that cannot start, a bot that raises, a --bot that is no
app, an empty file and a mistaken inline policy: one clear message, never a traceback."""

from __future__ import annotations

import sys

import pytest

from mockmessenger.cli import main

HELLO = """
name: hello
persona: {locale: en_US, seed: 1}
steps:
  - say: hello
"""
RAISING_BOT = """
async def app(scope, receive, send):
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            else:
                await send({"type": "lifespan.shutdown.complete"})
                return
    raise ValueError("boom in the bot")
"""


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


# -- 1. a bot that cannot be reached or started, a report that cannot be written ----------
def test_run_says_in_one_line_that_the_bot_url_does_not_answer(write, capsys):
    path = write("hi.yaml", HELLO)
    code, _, err = cli(capsys, "run", str(path), "--bot-url", "http://127.0.0.1:1/webhook")
    assert code == 1
    assert err.startswith("mockmessenger run: the bot at http://127.0.0.1:1/webhook failed")


@pytest.mark.slow
def test_run_says_that_the_bot_command_exited(write, capsys):
    path = write("hi.yaml", HELLO)
    code, _, err = cli(capsys, "run", str(path), "--bot-command", f"{sys.executable} -c pass")
    assert code == 1
    assert err.startswith("mockmessenger run: the bot `") and "exited with status 0" in err


def test_run_checks_report_paths_before_running(write, bankbot, capsys):
    path = write("hi.yaml", HELLO)
    code, out, err = cli(
        capsys, "run", str(path), "--bot", "bankbot:create_app()", "--report-html", "/proc/x.html"
    )
    assert code == 2
    assert "/proc/x.html: --report-html: cannot write in /proc" in err
    assert "scenario(s)" not in out  # nothing was run, so nothing was lost


# -- 2. an in-process bot that raises, a --bot that is not an app ------------------------
def test_run_shows_the_exception_an_in_process_bot_raised(write, tmp_path, monkeypatch, capsys):
    (tmp_path / "cli_raising_bot.py").write_text(RAISING_BOT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "cli_raising_bot", raising=False)  # undone afterwards
    path = write("hi.yaml", HELLO)
    code, out, _ = cli(capsys, "run", str(path), "--bot", "cli_raising_bot:app", "-q")
    sys.modules.pop("cli_raising_bot", None)
    assert code == 1
    assert "the bot raised ValueError: boom in the bot (at cli_raising_bot.py:11 in app)" in out


@pytest.mark.parametrize(
    ("target", "extra", "says"),
    [
        ("bankbot:create_app", (), "bankbot:create_app: it takes no arguments"),
        ("bankbot:__doc__", (), "bankbot:__doc__: it is a str, not an ASGI or WSGI app"),
        ("bankbot:create_app()", ("--wsgi",), "bankbot:create_app(): it takes 3 arguments as ASGI"),
    ],
)
def test_run_rejects_a_bot_that_is_not_an_app(write, bankbot, capsys, target, extra, says):
    path = write("hi.yaml", HELLO)
    code, _, err = cli(capsys, "run", str(path), "--bot", target, *extra)
    assert code == 2
    assert f"[--bot] {says}" in err


# -- 5. an empty scenario or policy file ---------------------------------------------------
@pytest.mark.parametrize("text", ["", "# nothing yet\n", "---\n"])
def test_an_empty_file_is_bad_input_for_validate_and_run(write, capsys, text):
    path = write("empty.yaml", text)
    code, _, err = cli(capsys, "validate", str(path))
    assert code == 2
    assert f"{path}: the file is empty" in err
    code, out, err = cli(capsys, "run", str(path), "--bot-url", "http://127.0.0.1:1/webhook")
    assert code == 2 and f"{path}: the file is empty" in err and "scenario(s)" not in out


# -- 7. an inline policy follows a policy file's rules -------------------------------------
@pytest.mark.parametrize(
    ("policy", "says"),
    [
        (
            "{expect_leak: [{category: ibn}]}",
            '2: [policy.expect_leak[0].category] unknown category "ibn"',
        ),
        (
            "{expect_leak: [{category: iban, value_category: crd}]}",
            "value_category] unknown category",
        ),
        ('{allow: [{vale: "1"}]}', "2: [policy.allow[0]] unknown field 'vale'"),
        ('{allow: [{path: "$.x", categories: [ibn]}]}', "[policy.allow[0].categories[0]] unknown"),
    ],
)
def test_validate_checks_an_inline_policy(write, capsys, policy, says):
    path = write("p.yaml", f"name: p\npolicy: {policy}\nsteps:\n  - say: hi\n")
    code, _, err = cli(capsys, "validate", str(path))
    assert code == 2
    assert says in err and str(path) in err


def test_validate_accepts_every_inline_policy_form(write, capsys):
    policy = (
        '{allow: ["1234", {value: "5", category: iban, reason: public}, '
        '{path: "$.x", host: a.test, categories: [iban]}], '
        "expect_leak: [{category: iban, value_category: card_number, step: 1}]}"
    )
    path = write("p.yaml", f"name: p\npolicy: {policy}\nsteps:\n  - say: hi\n")
    assert cli(capsys, "validate", str(path))[0] == 0
