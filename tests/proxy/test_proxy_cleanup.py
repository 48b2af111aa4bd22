"""The proxy door stops the bot and mitmproxy when a test fails or is interrupted."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys

import pytest

from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.proxy.door import ProxyDoor

pytestmark = pytest.mark.slow

CHILD_TEST = """
import json, os, sys, threading
from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.proxy.door import ProxyDoor

def test_child():
    mode = os.environ["MM_TEST_MODE"]
    door = ProxyDoor([sys.executable, os.environ["MM_TEST_BOT"]], mitmdump=mode == "interrupt")
    with Messenger(Platform(PlatformConfig()), door) as messenger:
        assert messenger.user().say("hi").text == "Hello! How can I help?"
        pids = {"bot": door.bot.process.pid, "proxy_port": int(door.proxy.url.rsplit(":", 1)[1])}
        if mode == "interrupt":
            pids["mitmdump"] = door.proxy.process.pid
        with open(os.environ["MM_TEST_PIDS"], "w") as handle:
            json.dump(pids, handle)
        if mode == "fail":
            raise AssertionError("deliberate failure")
        threading.Event().wait(120)  # until the parent interrupts us
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie is dead, just not yet reaped
        return stat.read().split(")")[-1].split()[0] != "Z"


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _child(tmp_path, mode: str, proxy_tools) -> tuple[subprocess.Popen, object]:
    test_file = tmp_path / "test_child_door.py"
    test_file.write_text(CHILD_TEST)
    pids = tmp_path / "pids.json"
    env = {
        **os.environ,
        "MM_TEST_MODE": mode,
        "MM_TEST_BOT": str(proxy_tools.bots / "requests_bot.py"),
        "MM_TEST_PIDS": str(pids),
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)]
    command += ["-p", "no:mockmessenger", "-W", "ignore::DeprecationWarning"]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=_ctrl_c_as_in_a_terminal,
    )
    return process, pids


def _ctrl_c_as_in_a_terminal() -> None:
    """Let SIGINT interrupt the child as Ctrl-C does in a terminal.

    A CI runner started in the background leaves SIGINT ignored, and Python then
    never raises KeyboardInterrupt: the child would not be interrupted at all.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_failing_test_still_stops_bot_and_proxy(tmp_path, proxy_tools):
    process, pids_file = _child(tmp_path, "fail", proxy_tools)
    output = process.communicate(timeout=120)[0].decode()
    assert process.returncode == 1, output
    assert "deliberate failure" in output
    pids = json.loads(pids_file.read_text())
    proxy_tools.wait_for(lambda: not _alive(pids["bot"]), what="the bot to be gone")
    assert not _listening(pids["proxy_port"])


def test_interrupted_test_stops_bot_and_mitmdump(tmp_path, proxy_tools):
    process, pids_file = _child(tmp_path, "interrupt", proxy_tools)
    try:
        proxy_tools.wait_for(pids_file.exists, timeout=90, what="the child test to start")
        pids = json.loads(pids_file.read_text())
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=60)[0].decode()
    finally:
        if process.poll() is None:
            process.kill()
    assert "KeyboardInterrupt" in output or process.returncode == 2, output
    for name in ("bot", "mitmdump"):
        proxy_tools.wait_for(lambda pid=pids[name]: not _alive(pid), what=f"{name} to be gone")
    assert not _listening(pids["proxy_port"])


def test_fixed_proxy_port_and_confdir_for_a_bot_you_run_yourself(tmp_path):
    from mockmessenger.transports.process import free_port

    port = free_port()
    door = ProxyDoor(bot_url="http://127.0.0.1:9/webhook", proxy_port=port, confdir=tmp_path)
    door.start(Platform(PlatformConfig()))
    try:
        assert door.proxy.url == f"http://127.0.0.1:{port}"
        assert door.env()["SSL_CERT_FILE"] == str(tmp_path / "mitmproxy-ca-cert.pem")
        assert (tmp_path / "mitmproxy-ca-cert.pem").exists()
    finally:
        door.stop()
    assert (tmp_path / "mitmproxy-ca-cert.pem").exists(), "a given confdir is kept"
    assert not _listening(port)
