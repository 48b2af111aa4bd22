"""An unmodified Python bot (requests, hard-coded graph.facebook.com) through mitmproxy."""

from __future__ import annotations

import sys

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.scenarios.loader import load_scenarios
from mockmessenger.scenarios.runner import ScenarioRunner
from mockmessenger.transports.proxy.door import ProxyDoor

pytestmark = pytest.mark.slow

ANALYTICS = "https://analytics.example-saas.com/v1/track"


@pytest.fixture(scope="module")
def messenger(proxy_tools):
    door = ProxyDoor(
        [sys.executable, str(proxy_tools.bots / "requests_bot.py")],
        env={"BOT_LEAK_CARD": "1", "BOT_ANALYTICS_URL": ANALYTICS},
        guard_mode="report",
    )
    with Messenger(Platform(PlatformConfig()), door, guard=Guard(), timeout=10) as messenger:
        yield messenger


def test_bot_talks_to_the_fake_through_the_proxy(messenger):
    user = messenger.user()
    replies = user.say("hi")
    assert replies.text == "Hello! How can I help?"
    assert [q.title for q in replies.quick_replies] == ["Balance", "Cards"]
    sent = [r for r in messenger.egress if r.thread == user.psid]
    assert sent and all(r.host == "graph.facebook.com" for r in sent)
    assert "access_token=" in sent[-1].url


def test_bot_env_routes_egress_through_the_proxy_and_trusts_its_ca(messenger):
    env = messenger.door.env()
    assert env["HTTPS_PROXY"] == messenger.door.proxy.url
    assert env["HTTPS_PROXY"].startswith("http://127.0.0.1:")
    for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"):
        assert env[name].endswith("mitmproxy-ca-cert.pem")
    assert "127.0.0.1" in env["NO_PROXY"]


def test_scenario_passes_and_planted_leaks_are_found(messenger, proxy_tools):
    [scenario] = load_scenarios([proxy_tools.scenarios / "requests_bot_leaks.yaml"])
    result = ScenarioRunner(messenger, timeout=10).run(scenario)
    assert result.passed, "\n".join(map(str, result.failures))
    categories = {f.category for f in result.findings}
    assert {"card_number", "iban", "destination"} <= categories


def test_in_proxy_guard_reports_leaks_to_meta_and_elsewhere(messenger, proxy_tools):
    user = messenger.user()
    user.say("card")
    user.say("balance")
    proxy_tools.wait_for(
        lambda: any(r.host == "analytics.example-saas.com" for r in messenger.egress[-3:]),
        what="the analytics call",
    )
    proxy_tools.wait_for(
        lambda: {"card_number", "iban"} <= {f.category for f in messenger.door.findings},
        what="the proxy guard's findings",
    )
    hosts = {
        f.destination for f in messenger.door.findings if f.category in ("card_number", "iban")
    }
    assert {"graph.facebook.com", "analytics.example-saas.com"} <= hosts
    assert messenger.door.blocked == []  # report mode lets everything through
    for finding in messenger.door.findings:
        assert "4111 1111 1111 1111" not in finding.masked
