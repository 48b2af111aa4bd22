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
def customers():
    """The 'real' customers of the recording (synthetic here, treated as real)."""
    return [
        CustomerFactory(seed=77).customer("en_US"),
        CustomerFactory(seed=78).customer("ar_SA"),
    ]


@pytest.fixture(scope="module")
def recording(messenger, customers, tmp_path_factory):
    english, arabic = customers
    user = messenger.user(customer=english)
    assert "Welcome to Demo Bank" in user.say("hi").text
    assert "•••• " in user.say("what is my balance").texts[0] or user.transcript
    user.say("recent transactions")
    user.tap_quick_reply("Menu")
    # The customer types their own card number: the bot refuses; the recording must hide it.
    assert "don't type" in user.say(f"my card is {english.cards[0].number}").text
    user.say("thanks")
    other = messenger.user(customer=arabic)
    assert "البنك التجريبي" in other.say("مرحبا").text
    other.say("كم رصيدي")
    # Arabic-Indic digits: the account number typed the way an Arabic keyboard writes it.
    digits = arabic.accounts[0].number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    other.say(f"رقم حسابي {digits}")
    assert messenger.findings == []  # the safe bot leaks nothing
    path = tmp_path_factory.mktemp("recorded") / "bankbot.yaml"
    messenger.door.recorder.write(path)
    return path, [user.psid, other.psid], digits


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


def test_recording_holds_no_real_value(recording, customers, messenger):
    path, psids, arabic_digits = recording
    text = path.read_text(encoding="utf-8")
    assert "steps:" in text
    assert arabic_digits not in text
    for customer, psid in zip(customers, psids, strict=True):
        for name, value in _real_values(customer, psid, messenger.platform).items():
            assert value not in text, name
            if len(compact(value)) >= 6:
                assert compact(value) not in compact(text), name


def test_guard_with_the_customers_as_canaries_finds_nothing_in_it(recording, customers):
    path, _, _ = recording
    guard = Guard(canaries=customers)
    record = EgressRecord.make("PUT", "https://graph.facebook.com/file", {}, path.read_bytes())
    findings = guard.scan(record)
    # Not one of the customers' values, in any encoding the canary matcher knows.
    assert [f.summary() for f in findings if f.category == "canary"] == []
    # What else the guard sees is the synthetic number typed after "my account number"
    # (context alone makes it look like one): it holds none of the real digits.
    for finding in findings:
        if finding.category not in ("destination", "canary"):
            assert finding.category == "account_number", finding.summary()


def test_typed_numbers_keep_their_shape_and_script(recording):
    path, _, _ = recording
    english, arabic = load_scenarios([path])
    typed = english.steps[4].value
    assert typed.startswith("my card is ") and sum(c.isdigit() for c in typed) == 16
    said = arabic.steps[2].value
    assert said.startswith("رقم حسابي ") and any("٠" <= c <= "٩" for c in said)


def test_recorded_scenarios_replay_green_against_the_same_bot(recording, messenger):
    path, _, _ = recording
    english, arabic = load_scenarios([path])
    assert [s.kind for s in english.steps] == ["say", "say", "say", "tap", "say", "say"]
    assert arabic.persona.locale == "ar_SA"
    for scenario in (english, arabic):
        result = ScenarioRunner(messenger, timeout=10).run(scenario)
        assert result.passed, "\n".join(map(str, result.failures))
        assert result.findings == []
