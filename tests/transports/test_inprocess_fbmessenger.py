"""Fidelity: the ``fbmessenger`` client (PyPI, uses requests), unmodified, against the fake.

The bot is a plain WSGI app built on ``fbmessenger.BaseMessenger``; it reaches the
fake through the in-process door (``responses`` intercepts requests), so every
call it makes is accepted, captured and answered as Meta would.
"""

from __future__ import annotations

import json

import pytest

fbmessenger = pytest.importorskip("fbmessenger")

from fbmessenger import BaseMessenger  # noqa: E402
from fbmessenger.attachments import Image  # noqa: E402
from fbmessenger.elements import Text  # noqa: E402
from fbmessenger.quick_replies import QuickReplies, QuickReply  # noqa: E402
from fbmessenger.templates import MediaTemplate  # noqa: E402
from fbmessenger.thread_settings import (  # noqa: E402
    GetStartedButton,
    GreetingText,
    MessengerProfile,
    PersistentMenu,
    PersistentMenuItem,
)

from mockmessenger.harness import Messenger  # noqa: E402
from mockmessenger.platform import Platform, PlatformConfig  # noqa: E402
from mockmessenger.transports.inprocess import InProcessDoor  # noqa: E402

CONFIG = PlatformConfig(seed=5)


class BankMessenger(BaseMessenger):
    """What a bank developer writes with fbmessenger; the answers are kept for the test."""

    def __init__(self) -> None:
        super().__init__(CONFIG.access_token, app_secret=CONFIG.app_secret)
        self.answers: list[dict] = []

    def message(self, message):
        text = message["message"].get("text", "")
        self.answers.append(self.send_action("typing_on"))
        if text == "card":
            template = MediaTemplate(Image(url="https://www.facebook.com/photo.php?fbid=1"))
            self.answers.append(self.send(template.to_dict()))
            return
        profile = self.get_user(fields=["first_name", "locale"])
        self.answers.append(profile)
        quick = QuickReplies(
            [
                QuickReply(title="Balance", payload="BALANCE"),
                QuickReply(title="Cards", payload="CARDS"),
            ]
        )
        self.answers.append(
            self.send(Text(f"Hello {profile['first_name']}", quick_replies=quick).to_dict())
        )

    def postback(self, message):
        self.answers.append(self.send({"text": f"postback {message['postback']['payload']}"}))

    def delivery(self, message):
        pass

    def read(self, message):
        pass

    def account_linking(self, message):
        pass

    def optin(self, message):
        pass

    def setup_profile(self):
        profile = MessengerProfile(
            greetings=[GreetingText("Welcome to Mock Bank")],
            get_started=GetStartedButton(payload="GET_STARTED"),
            persistent_menus=[
                PersistentMenu(
                    menu_items=[PersistentMenuItem("postback", "My accounts", payload="ACCOUNTS")]
                )
            ],
        )
        return self.set_messenger_profile(profile.to_dict())


def wsgi_bot(messenger: BankMessenger):
    def app(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        payload = json.loads(environ["wsgi.input"].read(length))
        messenger.handle(payload)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    return app


@pytest.fixture
def conversation():
    bot = BankMessenger()
    platform = Platform(CONFIG)
    with Messenger(platform, InProcessDoor(wsgi_bot(bot), kind="wsgi")) as m:
        yield m, bot, platform


def test_persistent_menu_and_greeting(conversation):
    _, bot, platform = conversation
    assert bot.setup_profile() == {"result": "success"}
    profile = platform.state.messenger_profile
    assert profile["persistent_menu"][0]["call_to_actions"] == [
        {"type": "postback", "title": "My accounts", "payload": "ACCOUNTS"}
    ]
    assert profile["get_started"] == {"payload": "GET_STARTED"}
    record = platform.egress[-1]
    assert record.path == "/v2.12/me/messenger_profile"
    assert "appsecret_proof=" in record.query


def test_text_quick_replies_sender_action_and_profile(conversation):
    m, bot, platform = conversation
    user = m.user("ar_SA")
    replies = user.say("hi")
    typing, profile, text = bot.answers
    assert typing == {"recipient_id": user.psid}
    assert profile == {"first_name": user.user.first_name, "locale": "ar_SA", "id": user.psid}
    assert text["recipient_id"] == user.psid and text["message_id"].startswith("m_")
    assert [r.kind for r in replies] == ["sender_action", "text"]
    assert replies.text == f"Hello {user.user.first_name}"
    assert [q.payload for q in replies.quick_replies] == ["BALANCE", "CARDS"]
    kinds = [e.kind for e in platform.exchanges]
    assert kinds == ["sender_action", "profile", "send"]
    assert all(e.response.status == 200 for e in platform.exchanges)


def test_template(conversation):
    m, bot, _ = conversation
    user = m.user()
    replies = user.say("card")
    assert replies.last.template_type == "media"
    assert bot.answers[-1]["message_id"].startswith("m_")


def test_postback_through_get_started(conversation):
    m, bot, _ = conversation
    bot.setup_profile()
    user = m.user()
    assert user.get_started().text == "postback GET_STARTED"


def test_errors_reach_fbmessenger_as_graph_json(conversation):
    m, bot, platform = conversation
    user = m.user()
    platform.faults.graph_error("rate_limited", call="send")
    user.say("card")
    assert bot.answers[-1]["error"]["code"] == 613


def test_subscribe_and_unlink_and_link_lookup(conversation):
    m, bot, _ = conversation
    user = m.user()
    assert bot.subscribe_app_to_page() == {"success": True}
    assert bot.unlink_account(user.psid) == {"result": "unlink account success"}
    token = user.linking_token()
    assert bot.link_account(token) == {"id": CONFIG.page_id, "recipient": user.psid}
    assert bot.add_whitelisted_domains(["https://bank.test"]) == {"result": "success"}
    assert bot.delete_get_started() == {"result": "success"}
