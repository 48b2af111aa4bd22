"""An unmodified Node bot (messaging-api-messenger over axios) through mitmproxy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.scenarios.loader import load_scenarios
from mockmessenger.scenarios.runner import ScenarioRunner
from mockmessenger.transports.proxy.door import ProxyDoor

pytestmark = pytest.mark.slow

NODE_MODULES = Path(__file__).parents[1] / "node" / "node_modules"
ANALYTICS = "https://analytics.example-saas.com/v1/track"


@pytest.fixture(scope="module")
def messenger(proxy_tools):
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "messaging-api-messenger").is_dir():
        pytest.skip("needs node and `npm ci` in tests/node")
    door = ProxyDoor(
        [node, str(proxy_tools.bots / "node_bot.js")],
        env={
            "NODE_PATH": str(NODE_MODULES),
            "BOT_LEAK_CARD": "1",
            "BOT_ANALYTICS_URL": ANALYTICS,
        },
    )
    with Messenger(Platform(PlatformConfig()), door, guard=Guard(), timeout=10) as messenger:
        yield messenger


def test_node_bot_talks_to_the_fake_through_the_proxy(messenger):
    user = messenger.user()
    replies = user.say("hi")
    assert replies.text == "Hello from Node! How can I help?"
    assert [q.payload for q in replies.quick_replies] == ["BALANCE", "CARDS"]
    sent = [r for r in messenger.egress if r.thread == user.psid]
    assert sent and all(r.url.startswith("https://graph.facebook.com/v") for r in sent)
    # messaging-api-messenger signs calls with the app secret; the fake accepted them.
    assert "appsecret_proof=" in sent[-1].url


def test_node_scenario_passes_and_planted_leaks_are_found(messenger, proxy_tools, tmp_path):
    source = (proxy_tools.scenarios / "requests_bot_leaks.yaml").read_text()
    node_version = source.replace("Hello! How can I help?", "Hello from Node! How can I help?")
    node_version = node_version.replace("requests bot", "node bot")
    path = tmp_path / "node_bot_leaks.yaml"
    path.write_text(node_version)
    [scenario] = load_scenarios([path])
    result = ScenarioRunner(messenger, timeout=10).run(scenario)
    assert result.passed, "\n".join(map(str, result.failures))
    destinations = {f.destination for f in result.findings}
    assert {"graph.facebook.com", "analytics.example-saas.com"} <= destinations
