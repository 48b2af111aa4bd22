"""The harness (Messenger, SimUser) driving a bot process through the server door."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.platform.config import DEFAULT_SUBSCRIBED_FIELDS
from mockmessenger.transports.process import wait_until
from mockmessenger.transports.server import ServerDoor

pytestmark = pytest.mark.slow
ECHO_BOT = [sys.executable, str(Path(__file__).with_name("server_echo_bot.py"))]


def test_a_conversation_with_a_bot_process() -> None:
    with Messenger(
        Platform(PlatformConfig()), ServerDoor(bot_command=ECHO_BOT, ready_timeout=30)
    ) as m:
        user = m.user(locale="ar_SA")
        assert user.say("رصيدي؟").text == "echo: رصيدي؟"
        menu = user.say("menu")
        assert [q.title for q in menu.quick_replies] == ["Balance", "Cards"]
        assert user.tap_quick_reply("Cards").text == "You chose CARDS"
        assert user.postback("RESTART").text == "postback RESTART"
        assert m.verify_webhook().ok
        assert all(report.ok for report in m.deliveries)
        assert [e.kind for e in m.platform.exchanges].count("sender_action") == 1


def test_echoes_are_delivered_right_after_the_send() -> None:
    config = PlatformConfig(subscribed_fields=(*DEFAULT_SUBSCRIBED_FIELDS, "message_echoes"))
    door = ServerDoor(bot_command=ECHO_BOT, ready_timeout=30)
    with Messenger(Platform(config), door) as m:
        m.user().say("hello")
        wait_until(lambda: len(door.outbox_reports) + _harness_echoes(m) >= 1, 10, what="the echo")
        reports = [*door.outbox_reports, *(r for r in m.deliveries if "echo" in r.event)]
        assert reports and all(r.ok for r in reports)
        assert any("echo" in r.event for r in reports)


def _harness_echoes(m: Messenger) -> int:
    return sum(1 for r in m.deliveries if "echo" in r.event)
