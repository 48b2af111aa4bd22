"""In-process door with WSGI bots and sync clients (httpx.Client, requests), and harness details."""

from __future__ import annotations

import json

import httpx
import pytest
import requests
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from mockmessenger.harness import Messenger, NoReplyError
from mockmessenger.platform import Platform, PlatformConfig
from mockmessenger.transports.base import Door
from mockmessenger.transports.inprocess import InProcessDoor

CONFIG = PlatformConfig(seed=21)
SEND_URL = f"https://graph.facebook.com/v19.0/me/messages?access_token={CONFIG.access_token}"


def wsgi_httpx_bot(environ, start_response):
    """A Flask-like WSGI bot that answers with a sync httpx client, then calls a log host."""
    length = int(environ.get("CONTENT_LENGTH") or 0)
    payload = json.loads(environ["wsgi.input"].read(length) or b"{}")
    for entry in payload.get("entry", []):
        for event in entry.get("messaging", []):
            if "message" in event and not event["message"].get("is_echo"):
                psid = event["sender"]["id"]
                with httpx.Client() as client:
                    client.post(
                        SEND_URL,
                        json={"recipient": {"id": psid}, "message": {"text": "sync httpx"}},
                    )
                    client.post("https://logs.example.net/ingest", content=b"user wrote")
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def starlette_requests_bot() -> Starlette:
    """A sync Starlette endpoint (run in a thread pool) using requests."""

    def webhook(request: Request):
        import anyio.from_thread

        body = anyio.from_thread.run(request.body)
        for entry in json.loads(body)["entry"]:
            for event in entry.get("messaging", []):
                if "message" in event:
                    form = {
                        "recipient": json.dumps({"id": event["sender"]["id"]}),
                        "message": json.dumps({"text": "form via requests"}),
                    }
                    requests.post(SEND_URL, data=form, timeout=5)
        return PlainTextResponse("ok")

    return Starlette(routes=[Route("/webhook", webhook, methods=["POST"])])


def test_door_satisfies_the_protocol():
    assert isinstance(InProcessDoor(wsgi_httpx_bot, kind="wsgi"), Door)
    with pytest.raises(ValueError):
        InProcessDoor(wsgi_httpx_bot, kind="cgi")  # type: ignore[arg-type]


def test_wsgi_bot_with_sync_httpx():
    platform = Platform(CONFIG)
    with Messenger(platform, InProcessDoor(wsgi_httpx_bot, kind="wsgi")) as m:
        user = m.user()
        assert user.say("hello").text == "sync httpx"
        external = platform.egress[-1]
        assert (external.source, external.host, external.body, external.thread) == (
            "external",
            "logs.example.net",
            b"user wrote",
            user.psid,
        )


def test_asgi_sync_endpoint_with_requests_form_body():
    platform = Platform(CONFIG)
    with Messenger(platform, InProcessDoor(starlette_requests_bot())) as m:
        user = m.user()
        assert user.say("hi").text == "form via requests"
        assert platform.egress[-1].content_type == "application/x-www-form-urlencoded"


def test_env_names_the_fake():
    door = InProcessDoor(wsgi_httpx_bot, kind="wsgi")
    door.start(Platform(CONFIG))
    try:
        env = door.env()
        assert env["GRAPH_API_URL"] == "https://graph.facebook.com"
        assert env["PAGE_ACCESS_TOKEN"] == CONFIG.access_token
    finally:
        door.stop()


def test_echoes_are_delivered_after_the_step_when_subscribed():
    config = PlatformConfig(seed=3, subscribed_fields=("messages", "message_echoes"))
    seen: list[dict] = []

    def bot(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        payload = json.loads(environ["wsgi.input"].read(length))
        for entry in payload["entry"]:
            for event in entry["messaging"]:
                seen.append(event)
                if "message" in event and not event["message"].get("is_echo"):
                    url = (
                        f"https://graph.facebook.com/me/messages?access_token={config.access_token}"
                    )
                    httpx.post(
                        url,
                        json={
                            "recipient": {"id": event["sender"]["id"]},
                            "message": {"text": "pong"},
                        },
                    )
        start_response("200 OK", [])
        return [b""]

    with Messenger(Platform(config), InProcessDoor(bot, kind="wsgi")) as m:
        user = m.user()
        assert user.say("ping").text == "pong"
    echoes = [e for e in seen if e.get("message", {}).get("is_echo")]
    assert len(echoes) == 1 and echoes[0]["message"]["text"] == "pong"
    assert echoes[0]["sender"]["id"] == config.page_id


def test_dropped_webhook_gives_a_clear_no_reply():
    platform = Platform(CONFIG)
    platform.faults.drop_webhook()
    with Messenger(platform, InProcessDoor(wsgi_httpx_bot, kind="wsgi")) as m:
        user = m.user()
        with pytest.raises(NoReplyError) as caught:
            user.say("lost")
    assert "dropped by an injected fault" in str(caught.value)


def test_late_answer_is_reported():
    platform = Platform(PlatformConfig(webhook_timeout=0.0, webhook_retries=0))
    with Messenger(platform, InProcessDoor(wsgi_httpx_bot, kind="wsgi")) as m:
        m.user().say("hello")  # the reply came, but after Meta's deadline
    report = m.deliveries[-1]
    assert report.status == "late" and "deadline" in report.error


def test_crashing_bot_is_reported_as_500():
    def crash(environ, start_response):
        raise RuntimeError("bot bug")

    with Messenger(Platform(CONFIG), InProcessDoor(crash, kind="wsgi")) as m:
        user = m.user()
        with pytest.raises(NoReplyError) as caught:
            user.say("hi")
    assert "HTTP 500" in str(caught.value)


def test_no_reply_message_masks_numbers():
    def leaky(environ, start_response):
        httpx.post("https://tracker.example.org/t?card=4111111111111111", content=b"")
        start_response("200 OK", [])
        return [b""]

    with Messenger(Platform(CONFIG), InProcessDoor(leaky, kind="wsgi")) as m:
        user = m.user()
        with pytest.raises(NoReplyError) as caught:
            user.say("my card 4111111111111111")
    text = str(caught.value)
    assert "4111111111111111" not in text
    assert "tracker.example.org" in text


def test_guard_sees_every_exchange_with_step_labels():
    class CountingGuard:
        def __init__(self):
            self.records = []

        def scan(self, record):
            self.records.append(record)
            return []

    guard = CountingGuard()
    with Messenger(Platform(CONFIG), InProcessDoor(wsgi_httpx_bot, kind="wsgi"), guard=guard) as m:
        m.user().say("hello")
    assert [r.source for r in guard.records] == ["graph", "external"]


def test_backend_gets_the_customer_and_psid():
    from mockmessenger.harness import BankBackend

    class Backend:
        def __init__(self):
            self.registered = []

        def register(self, customer, psid):
            self.registered.append((customer, psid))

        def reset(self):
            self.registered.clear()

    class Customer:
        locale = "ar_EG"
        first_name = "Mona"
        last_name = "Salem"

    backend = Backend()
    assert isinstance(backend, BankBackend)
    with Messenger(
        Platform(CONFIG), InProcessDoor(wsgi_httpx_bot, kind="wsgi"), backend=backend
    ) as m:
        user = m.user(customer=Customer())
    assert backend.registered[0][1] == user.psid
    assert (user.user.first_name, user.user.locale) == ("Mona", "ar_EG")


def test_the_tests_own_respx_mocks_still_answer_and_are_recorded():
    import respx

    def bot(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        psid = json.loads(environ["wsgi.input"].read(length))["entry"][0]["messaging"][0]["sender"][
            "id"
        ]
        balance = httpx.get("https://core.bank.test/balance").json()["amount"]
        httpx.post(
            f"https://graph.facebook.com/me/messages?access_token={CONFIG.access_token}",
            json={"recipient": {"id": psid}, "message": {"text": f"balance {balance}"}},
        )
        start_response("200 OK", [])
        return [b""]

    platform = Platform(CONFIG)
    with (
        Messenger(platform, InProcessDoor(bot, kind="wsgi")) as m,
        respx.mock(assert_all_mocked=False) as own,
    ):
        own.get("https://core.bank.test/balance").respond(json={"amount": "12.50"})
        assert m.user().say("balance?").text == "balance 12.50"
    assert platform.egress[0].host == "core.bank.test"
    assert platform.egress[0].source == "external"


def test_human_takeover_sends_standby_and_blocks_bot_sends():
    seen: list[tuple[str, dict]] = []

    def bot(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        payload = json.loads(environ["wsgi.input"].read(length))
        for entry in payload["entry"]:
            for field in ("messaging", "standby"):
                for event in entry.get(field, []):
                    seen.append((field, event))
                    if field == "messaging" and "message" in event:
                        httpx.post(
                            f"https://graph.facebook.com/me/messages?access_token={CONFIG.access_token}",
                            json={
                                "recipient": {"id": event["sender"]["id"]},
                                "message": {"text": "bot here"},
                            },
                        )
        start_response("200 OK", [])
        return [b""]

    with Messenger(Platform(CONFIG), InProcessDoor(bot, kind="wsgi")) as m:
        user = m.user()
        user.human_takes_over(metadata="escalated")
        assert list(user.say("I need a person", expect_reply=False)) == []
        user.human_hands_back()
        assert user.say("thanks").text == "bot here"
    fields = [
        (f, next(k for k in ("take_thread_control", "pass_thread_control", "message") if k in e))
        for f, e in seen
    ]
    assert fields == [
        ("messaging", "take_thread_control"),
        ("standby", "message"),
        ("messaging", "pass_thread_control"),
        ("messaging", "message"),
    ]
    assert seen[0][1]["take_thread_control"]["metadata"] == "escalated"
