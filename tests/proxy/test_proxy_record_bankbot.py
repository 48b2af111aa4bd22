"""Record a conversation with the demo bank bot through mitmproxy, scrub it, replay it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.boundary.normalize import compact
from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.records import EgressRecord
from mockmessenger.scenarios.loader import load_scenarios
from mockmessenger.scenarios.runner import ScenarioRunner
from mockmessenger.transports.proxy.door import ProxyDoor

pytestmark = pytest.mark.slow

EXAMPLES = Path(__file__).parents[2] / "examples"
ADMIN_TOKEN = "proxy-test-admin-token"


@pytest.fixture(scope="module")
def messenger():
    sys.path.insert(0, str(EXAMPLES))
    try:
        from bankbot.remote import RemoteCoreBanking
    finally:
        sys.path.remove(str(EXAMPLES))
    door = ProxyDoor(
        [sys.executable, "-m", "bankbot"],
        env={"PYTHONPATH": str(EXAMPLES), "BANKBOT_ADMIN_TOKEN": ADMIN_TOKEN},
        record=True,
    )
    platform = Platform(PlatformConfig(access_token="EAAGrealLookingPageToken9f8e7d"))
    messenger = Messenger(platform, door, guard=Guard(), timeout=10)
    with messenger:
        backend = RemoteCoreBanking(door.bot_url.rsplit("/", 1)[0], ADMIN_TOKEN)
        messenger.backend = backend
        yield messenger
        backend.close()


@pytest.fixture(scope="module")
def customer():
    """The 'real' customer of the recording (synthetic here, treated as real)."""
    return CustomerFactory(seed=77).customer("en_US")


@pytest.fixture(scope="module")
def recording(messenger, customer, tmp_path_factory):
    user = messenger.user(customer=customer)
    assert "Welcome to Demo Bank" in user.say("hi").text
    assert "•••• " in user.say("what is my balance").texts[0] or user.transcript
    user.say("recent transactions")
    user.tap_quick_reply("Menu")
    user.say("thanks")
    assert messenger.findings == []  # the safe bot leaks nothing
    path = tmp_path_factory.mktemp("recorded") / "bankbot.yaml"
    messenger.door.recorder.write(path)
    return path, user.psid


def _real_values(customer, psid, platform) -> dict[str, str]:
    values = {"psid": psid, "page_id": platform.config.page_id}
    values["token"] = platform.config.access_token
    values["first_name"] = customer.first_name
    values["last_name"] = customer.last_name
    for i, account in enumerate(customer.accounts):
        values[f"account{i}"] = account.number
        values[f"account{i}_last4"] = account.number[-4:]
        if account.iban:
            values[f"iban{i}"] = account.iban
    for i, card in enumerate(customer.cards):
        values[f"card{i}"] = card.number
    return values


def test_recording_holds_no_real_value(recording, customer, messenger):
    path, psid = recording
    text = path.read_text(encoding="utf-8")
    assert "steps:" in text
    for name, value in _real_values(customer, psid, messenger.platform).items():
        assert value not in text, name
        if len(compact(value)) >= 6:
            assert compact(value) not in compact(text), name


def test_guard_with_the_customer_as_canaries_finds_nothing_in_it(recording, customer):
    path, _ = recording
    guard = Guard(canaries=[customer])
    record = EgressRecord.make("PUT", "https://graph.facebook.com/file", {}, path.read_bytes())
    assert [f.summary() for f in guard.scan(record) if f.category != "destination"] == []


def test_recorded_scenario_replays_green_against_the_same_bot(recording, messenger):
    path, _ = recording
    [scenario] = load_scenarios([path])
    assert [s.kind for s in scenario.steps] == ["say", "say", "say", "tap", "say"]
    result = ScenarioRunner(messenger, timeout=10).run(scenario)
    assert result.passed, "\n".join(map(str, result.failures))
    assert result.findings == []
