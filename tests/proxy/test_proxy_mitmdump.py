"""The addons as ``mitmdump -s`` scripts, in a real mitmdump process."""

from __future__ import annotations

import hashlib
import hmac
import json
import sys

import httpx
import pytest
import yaml

from mockmessenger.boundary import Guard
from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.process import BotProcess, free_port
from mockmessenger.transports.proxy.door import ADDON_DIR, ProxyDoor
from mockmessenger.transports.proxy.mitm import MitmdumpProcess

pytestmark = pytest.mark.slow


def test_proxy_door_over_mitmdump_with_the_guard_script(proxy_tools):
    door = ProxyDoor(
        [sys.executable, str(proxy_tools.bots / "requests_bot.py")],
        env={"BOT_LEAK_CARD": "1"},
        guard_mode="report",
        mitmdump=True,
    )
    with Messenger(Platform(PlatformConfig()), door, guard=Guard(), timeout=10) as messenger:
        user = messenger.user()
        assert user.say("hi").text == "Hello! How can I help?"
        assert "4111 1111 1111 1111" in user.say("card").text
        proxy_tools.wait_for(
            lambda: any(f.category == "card_number" for f in door.findings),
            what="the mitmdump guard's report",
        )
        assert all("4111 1111" not in f.masked for f in door.findings)
        assert any(f.category == "card_number" for f in messenger.findings)
        confdir = door.proxy.confdir
    assert not confdir.exists(), "the run's CA must be removed with the proxy"


def _signed_webhook(secret: str, text: str) -> tuple[bytes, dict[str, str]]:
    envelope = {
        "object": "page",
        "entry": [
            {
                "id": "1122334455667788",
                "time": 1764496800000,
                "messaging": [
                    {
                        "sender": {"id": "2876543210987654"},
                        "recipient": {"id": "1122334455667788"},
                        "timestamp": 1764496800000,
                        "message": {"mid": "m_real_message_id_0001", "text": text},
                    }
                ],
            }
        ],
    }
    body = json.dumps(envelope).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return body, {"content-type": "application/json", "x-hub-signature-256": signature}


def test_standalone_recorder_and_fake_graph_scripts_write_a_scenario(tmp_path, proxy_tools):
    secret, token = "real-app-secret-123", "EAAGrealPageToken777"
    bot_port = free_port()
    out = tmp_path / "recorded.yaml"
    proxy = MitmdumpProcess(
        [ADDON_DIR / "recorder.py", ADDON_DIR / "fake_graph.py"],
        modes=["regular", f"reverse:http://127.0.0.1:{bot_port}"],
        options={
            "record_out": str(out),
            "record_name": "standalone",
            "graph_app_secret": secret,
            "graph_access_token": token,
        },
    ).start()
    bot = BotProcess(
        [sys.executable, str(proxy_tools.bots / "requests_bot.py")],
        env={
            **proxy.env_for_bot(),
            "PORT": str(bot_port),
            "PAGE_ACCESS_TOKEN": token,
            "APP_SECRET": secret,
            "BOT_REPLY_BEFORE_ACK": "1",
        },
    )
    try:
        bot.start()
        bot.wait_ready(f"http://127.0.0.1:{bot_port}/webhook")
        body, headers = _signed_webhook(secret, "hi")
        webhook_url = proxy.listener("reverse").url + "/webhook"
        answer = httpx.post(webhook_url, content=body, headers=headers, timeout=10)
        assert answer.status_code == 200, bot.output_tail()
    finally:
        bot.close()
        code = proxy.stop()
    assert code == 0
    document = yaml.safe_load(out.read_text())
    assert document["name"] == "standalone"
    assert document["steps"] == [
        {
            "say": "hi",
            "expect": [{"text": "Hello! How can I help?", "quick_replies": ["Balance", "Cards"]}],
        }
    ]
    text = out.read_text()
    for real in ("2876543210987654", "1122334455667788", token, "m_real_message_id_0001"):
        assert real not in text
