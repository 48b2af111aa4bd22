"""``mockmessenger serve``: prints where it serves, serves until interrupted, refuses bad options."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from mockmessenger.cli import main

ECHO_BOT = Path(__file__).with_name("server_echo_bot.py")


def start_serve(*options: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    """Start ``mockmessenger serve`` and return once it printed its banner."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mockmessenger", "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))
            if line.startswith("Press Ctrl-C"):
                ready.set()
        ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(60) or not any(line.startswith("Press Ctrl-C") for line in lines):
        process.kill()
        raise AssertionError(
            f"serve did not start: {lines} {process.stderr.read() if process.stderr else ''}"
        )
    url = re.search(r"on (http://127\.0\.0\.1:\d+)", lines[0])
    assert url is not None, lines
    return process, url.group(1), lines


@pytest.mark.slow
def test_serve_prints_where_and_stops_on_ctrl_c() -> None:
    process, url, lines = start_serve("--no-guard", "--access-token", "tok-123")
    try:
        text = "\n".join(lines)
        assert "tok-123" in text and f"{url}/_mockmessenger/" in text and "openapi.json" in text
        info = httpx.get(url + "/_mockmessenger/").json()
        assert info["access_token"] == "tok-123" and info["guard"] is False
        assert (
            httpx.post(
                url + "/v25.0/me/messages", params={"access_token": "tok-123"}, json={}
            ).json()["error"]["code"]
            == 100
        )
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(30) == 0


@pytest.mark.slow
def test_serve_starts_the_bot_and_scans_with_the_guard() -> None:
    process, url, lines = start_serve(
        "--bot-command", f"{sys.executable} {ECHO_BOT}", "--fake-clock"
    )
    try:
        assert any("bot process" in line for line in lines)
        control = httpx.Client(base_url=url + "/_mockmessenger", timeout=30)
        psid = control.post("/users", json={}).json()["psid"]
        answer = control.post(
            f"/users/{psid}/say",
            json={"text": "my card 4111 1111 1111 1111", "wait": {"timeout": 10, "count": 2}},
        ).json()
        assert answer["delivery"]["ok"]
        findings = control.get("/findings").json()
        assert findings["guard"] is True
        assert any(f["category"] == "card_number" for f in findings["data"])
        assert all("4111 1111 1111 1111" not in str(f) for f in findings["data"])
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(30) == 0


@pytest.mark.parametrize(
    ("options", "field"),
    [
        (["--port", "70000"], "--port"),
        (["--bot-url", "ftp://bot"], "--bot-url"),
        (["--page-id", "my-page"], "--page-id"),
        (["--send-rate", "0"], "--send-rate"),
    ],
)
def test_bad_options_are_named(
    options: list[str], field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", *options]) == 2
    assert f"[{field}]" in capsys.readouterr().err


def test_a_bad_policy_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("categories: [nope\n", encoding="utf-8")
    assert main(["serve", "--policy", str(policy)]) == 2
    assert f"{policy}:" in capsys.readouterr().err
