"""The demo bot through mockmessenger's own harness and in-process door, guard on."""

from __future__ import annotations

import pytest
from bankbot import Settings, create_app
from bankbot.texts import TEXTS

from mockmessenger.boundary import Guard
from mockmessenger.harness import Messenger
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.inprocess import InProcessDoor


@pytest.fixture
def messenger_for():
    opened: list[Messenger] = []

    def make(settings: Settings | None = None) -> Messenger:
        app = create_app(settings or Settings())
        platform = Platform(PlatformConfig())
        messenger = Messenger(platform, InProcessDoor(app), guard=Guard(), backend=app.state.core)
        opened.append(messenger.start())
        return messenger

    yield make
    for messenger in opened:
        messenger.close()


def test_startup_sets_the_messenger_profile(messenger_for):
    messenger = messenger_for()
    profile = messenger.platform.state.messenger_profile
    assert profile["get_started"] == {"payload": "GET_STARTED"}
    assert {menu["locale"] for menu in profile["persistent_menu"]} == {"default", "ar_AR"}


def test_handshake_through_the_door(messenger_for):
    report = messenger_for().verify_webhook()
    assert report.ok, report


def test_linked_arabic_customer_freezes_a_card_and_nothing_leaks(messenger_for, customer_ar):
    messenger = messenger_for()
    user = messenger.user(customer=customer_ar)
    replies = user.get_started()
    assert replies.text == TEXTS["WELCOME"]["ar"]
    replies = user.say("جمد بطاقتي")
    assert replies.text == TEXTS["FREEZE_ASK"]["ar"]
    last4 = customer_ar.cards[0].last4
    replies = user.tap_quick_reply(f"FREEZE_CARD:{last4}")
    assert f"•••• {last4}" in replies.text
    assert replies.messages[0].attachment_url.endswith("state=frozen")
    user.say("حوّل ٢٥٠")
    replies = user.tap_quick_reply("نعم")
    assert replies.messages[0].template_type == "receipt"
    assert messenger.findings == []


def test_account_linking_through_the_platform(messenger_for, customer_en):
    messenger = messenger_for()
    core = messenger.backend
    core.add_customer(customer_en)
    user = messenger.user(locale="en_US")
    replies = user.say("balance")
    assert replies.buttons[0].type == "account_link"
    replies = user.link_account(core.authorization_code(customer_en), expect_reply=True)
    assert replies.text == TEXTS["LINKED"]["en"]
    replies = user.tap_quick_reply("Balance")
    assert replies.messages[0].template_type == "button"
    user.unlink_account(expect_reply=True)
    assert core.customer_for(user.psid) is None
    assert messenger.findings == []


def test_agent_hand_over_passes_the_thread_to_page_inbox(messenger_for):
    messenger = messenger_for()
    user = messenger.user(locale="en_US")
    user.say("talk to an agent")
    kinds = [e.kind for e in messenger.platform.exchanges]
    assert any("pass_thread_control" in kind or "handover" in kind for kind in kinds), kinds


@pytest.mark.parametrize(
    ("switch", "act", "category"),
    [
        ("balance_in_postback", lambda u, c: u.say("balance"), "balance"),
        (
            "card_in_image_url",
            lambda u, c: u.postback(f"FREEZE_CARD:{c.cards[0].last4}"),
            "card_number",
        ),
        ("analytics_leak", lambda u, c: u.say("balance"), "destination"),
    ],
)
def test_leak_switches_are_found_by_the_guard(messenger_for, customer_en, switch, act, category):
    messenger = messenger_for(Settings(**{switch: True}))
    user = messenger.user(customer=customer_en)
    act(user, customer_en)
    assert category in {f.category for f in messenger.findings}


def test_a_luhn_valid_psid_is_not_a_card_number(messenger_for, customer_en):
    """The bot puts PSIDs where Meta wants them (User Profile URL, custom_user_settings
    body); about one PSID in ten is Luhn-valid, and none of that is bank data."""
    messenger = messenger_for()
    messenger.backend.add_customer(customer_en)
    user = messenger.user(locale="en_US", psid="4469980719646662")  # Luhn-valid, 16 digits
    user.say("hi")
    user.link_account(messenger.backend.authorization_code(customer_en), expect_reply=True)
    assert messenger.findings == []
