"""In-process door with an async httpx Starlette bot: no socket, real bot code."""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json

import httpx
import pytest
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from mockmessenger.harness import Messenger, NoReplyError
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.inprocess import InProcessDoor

CONFIG = PlatformConfig(seed=11)
GRAPH = "https://graph.facebook.com/v25.0"


def bank_bot(config: PlatformConfig = CONFIG, *, status: int = 200) -> Starlette:
    """A small bank bot: checks the signature, replies from a background task."""
    state: dict = {}

    @contextlib.asynccontextmanager
    async def lifespan(app):
        async with httpx.AsyncClient(
            base_url=GRAPH, params={"access_token": config.access_token}
        ) as client:
            state["graph"] = client
            yield

    async def send(psid: str, message: dict) -> None:
        graph = state["graph"]
        await graph.post(
            "/me/messages", json={"recipient": {"id": psid}, "sender_action": "typing_on"}
        )
        await graph.post(
            "/me/messages",
            json={"recipient": {"id": psid}, "messaging_type": "RESPONSE", "message": message},
        )
        await graph.post("https://analytics.example.com/collect", json={"event": "reply"})

    async def answer(event: dict) -> None:
        psid = event["sender"]["id"]
        if "postback" in event:
            await send(psid, {"text": f"postback {event['postback']['payload']}"})
            return
        message = event.get("message", {})
        if message.get("quick_reply"):
            await send(psid, {"text": f"chose {message['quick_reply']['payload']}"})
        elif message.get("text") == "menu":
            await send(
                psid,
                {
                    "attachment": {
                        "type": "template",
                        "payload": {
                            "template_type": "button",
                            "text": "What do you need?",
                            "buttons": [{"type": "postback", "title": "Cards", "payload": "CARDS"}],
                        },
                    }
                },
            )
        elif message.get("text") == "silence":
            return
        elif message.get("text"):
            await send(
                psid,
                {
                    "text": f"you said {message['text']}",
                    "quick_replies": [
                        {"content_type": "text", "title": "Balance", "payload": "BAL"}
                    ],
                },
            )

    async def webhook(request: Request):
        if request.method == "GET":
            query = request.query_params
            if (
                query.get("hub.mode") == "subscribe"
                and query.get("hub.verify_token") == config.verify_token
            ):
                return PlainTextResponse(query["hub.challenge"])
            return PlainTextResponse("forbidden", status_code=403)
        body = await request.body()
        expected = (
            "sha256=" + hmac.new(config.app_secret.encode(), body, hashlib.sha256).hexdigest()
        )
        if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
            return PlainTextResponse("bad signature", status_code=403)
        if status != 200:
            return PlainTextResponse("boom", status_code=status)
        events = [e for entry in json.loads(body)["entry"] for e in entry.get("messaging", [])]
        tasks = [BackgroundTask(answer, e) for e in events]
        return PlainTextResponse("EVENT_RECEIVED", background=tasks[0] if tasks else None)

    return Starlette(
        routes=[Route("/webhook", webhook, methods=["GET", "POST"])], lifespan=lifespan
    )


@pytest.fixture
def messenger():
    platform = Platform(CONFIG)
    with Messenger(platform, InProcessDoor(bank_bot())) as m:
        yield m


def test_say_returns_the_replies_after_background_tasks(messenger):
    user = messenger.user("ar_SA")
    replies = user.say("رصيدي؟")
    assert [r.kind for r in replies] == ["sender_action", "text"]
    assert replies.text == "you said رصيدي؟"
    assert replies.quick_replies[0].payload == "BAL"
    assert replies.last.exchange.response.status == 200


def test_tap_quick_reply_and_button(messenger):
    user = messenger.user()
    user.say("hello")
    assert user.tap_quick_reply("Balance").text == "chose BAL"
    assert user.say("menu").last.template_type == "button"
    assert user.tap_button("Cards").text == "postback CARDS"


def test_every_request_is_captured_graph_and_external(messenger):
    user = messenger.user()
    user.say("hello")
    sources = [(r.source, r.host) for r in messenger.egress]
    assert sources == [
        ("graph", "graph.facebook.com"),
        ("graph", "graph.facebook.com"),
        ("external", "analytics.example.com"),
    ]
    assert messenger.egress[2].thread == user.psid


def test_no_reply_names_the_step_and_what_was_sent(messenger):
    user = messenger.user()
    with pytest.raises(NoReplyError) as caught:
        user.say("silence")
    assert "say 'silence'" in str(caught.value)
    assert "made no request" in str(caught.value)


def test_read_expects_no_reply(messenger):
    user = messenger.user()
    user.say("hello")
    assert list(user.read()) == []


def test_verification_handshake(messenger):
    report = messenger.verify_webhook()
    assert report.ok, report.problems
    assert report.accepted.body == b"1158201444"
    assert report.refused.status == 403


def test_bot_answering_500_is_reported_with_retries():
    platform = Platform(CONFIG)
    with Messenger(platform, InProcessDoor(bank_bot(status=500))) as m:
        user = m.user()
        with pytest.raises(NoReplyError) as caught:
            user.say("hello")
    report = m.deliveries[-1]
    assert report.status == "error_status"
    assert len(report.attempts) == 1 + CONFIG.webhook_retries
    assert "HTTP 500" in str(caught.value)
    assert "message event from" in report.error


def test_wrong_app_secret_is_refused_by_a_careful_bot():
    platform = Platform(PlatformConfig(app_secret="another-secret"))
    with Messenger(platform, InProcessDoor(bank_bot())) as m:
        with pytest.raises(NoReplyError):
            m.user().say("hello")
        assert m.deliveries[-1].attempts[-1].status == 403


def test_door_stops_intercepting_after_close(messenger):
    messenger.close()
    with pytest.raises(httpx.ConnectError):
        httpx.get("http://127.0.0.1:9/", timeout=1)
