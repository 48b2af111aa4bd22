"""Block mode: a leaking request is answered by the guard and never leaves the proxy."""

from __future__ import annotations

import sys

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.proxy.door import ProxyDoor

pytestmark = pytest.mark.slow

PARTNER = "analytics.bank-partner.test"


@pytest.fixture(scope="module")
def upstream(proxy_tools):
    with proxy_tools.Upstream() as server:
        yield server


@pytest.fixture(scope="module")
def messenger(proxy_tools, upstream):
    door = ProxyDoor(
        [sys.executable, str(proxy_tools.bots / "requests_bot.py")],
        env={"BOT_LEAK_CARD": "1", "BOT_ANALYTICS_URL": f"http://{PARTNER}/track"},
        guard_mode="block",
        external="forward",
        # Resolves the made-up partner host to the local upstream, after the guard ran.
        extra_addons=[proxy_tools.RedirectHost(PARTNER, upstream.port)],
    )
    with Messenger(Platform(PlatformConfig()), door, guard=Guard(), timeout=10) as messenger:
        yield messenger


def _partner_calls(messenger) -> list:
    return [r for r in messenger.egress if r.host == PARTNER]


def test_report_mode_lets_it_through_block_mode_keeps_it_in(messenger, upstream, proxy_tools):
    door = messenger.door
    user = messenger.user()
    # Control: in report mode the same call does reach the upstream.
    door.guard_addon.mode = "report"
    try:
        user.say("balance")
        proxy_tools.wait_for(lambda: len(upstream.hits) == 1, what="the upstream to get the call")
    finally:
        door.guard_addon.mode = "block"
    assert b"GB82WEST12345698765432" in upstream.hits[0][2]

    before = len(_partner_calls(messenger))
    replies = user.say("balance")
    assert replies.text == "Balances are shown in the app only."
    proxy_tools.wait_for(
        lambda: len(_partner_calls(messenger)) == before + 1, what="the blocked call in egress"
    )
    blocked = _partner_calls(messenger)[-1]
    assert blocked.meta.get("blocked") is True
    assert len(upstream.hits) == 1, "the blocked request reached the upstream"
    assert [r.host for r in door.blocked] == [PARTNER]


def test_block_mode_refuses_a_leaking_send_to_meta(messenger, proxy_tools):
    door = messenger.door
    user = messenger.user()
    blocked_before = len(door.blocked)
    replies = user.say("card", expect_reply=False)
    proxy_tools.wait_for(lambda: len(door.blocked) == blocked_before + 1, what="the block")
    assert replies.texts == []
    assert door.blocked[-1].host == "graph.facebook.com"
    # The fake platform never received it: no message in the user's thread holds the card.
    assert not any("4111" in str(e.body) for e in user.transcript)
    # The harness's own guard still sees the attempt (logged in egress, marked blocked).
    assert any(f.category == "card_number" for f in messenger.findings)


def test_blocked_bot_gets_a_graph_style_error(messenger, proxy_tools):
    bot = messenger.door.bot
    user = messenger.user()
    user.say("card", expect_reply=False)
    proxy_tools.wait_for(
        lambda: "Blocked by the mockmessenger guard" in bot.output(), what="the bot's log"
    )
    assert "send failed 403" in bot.output()
    assert "4111" not in bot.output().split("send failed 403", 1)[1].splitlines()[0]
