"""Drive the demo bank bot directly: signed webhooks in through httpx's ASGI transport,
every outgoing request captured by respx. No mockmessenger harness involved, so these
tests hold while the harness is being written."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import itertools
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
if str(EXAMPLES) not in sys.path:
    sys.path.insert(0, str(EXAMPLES))

from bankbot import CoreBanking, Settings, create_app  # noqa: E402

from mockmessenger.boundary.canaries import CustomerFactory  # noqa: E402

PAGE_ID = "1067280970047460"


@dataclass
class Call:
    """One request the bot sent."""

    method: str
    url: httpx.URL
    raw: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.raw) if self.raw else None

    @property
    def text(self) -> str:
        """Everything the request carried, as one searchable string (URL + body)."""
        return str(self.url) + "\n" + self.raw.decode("utf-8", "replace")

    @property
    def message(self) -> dict[str, Any] | None:
        body = self.json
        if self.url.path.endswith("/me/messages") and isinstance(body, dict):
            return body.get("message")
        return None

    @property
    def sender_action(self) -> str | None:
        body = self.json
        if self.url.path.endswith("/me/messages") and isinstance(body, dict):
            return body.get("sender_action")
        return None


class BotDriver:
    """A user-side remote control for the bot, with a fake Graph behind respx."""

    def __init__(self, settings: Settings | None = None, *, locale: str = "en_US") -> None:
        self.settings = settings or Settings()
        self.core = CoreBanking()
        self.app = create_app(self.settings, self.core)
        self.bot = self.app.state.bot
        self.locales: dict[str, str] = {}
        self.default_locale = locale
        self.calls: list[Call] = []
        self.profile_status = 200
        self._mids = itertools.count(1)
        self._runner = asyncio.Runner()
        self._router = respx.mock(assert_all_called=False)
        self._router.route(host="graph.facebook.com").mock(side_effect=self._graph)
        self._router.route().mock(side_effect=self._external)
        self._router.start()
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app), base_url="https://bank.example"
        )

    # -- fake outside world ----------------------------------------------------------------
    def _record(self, request: httpx.Request) -> None:
        self.calls.append(Call(request.method, request.url, request.content))

    def _graph(self, request: httpx.Request) -> httpx.Response:
        self._record(request)
        path = request.url.path
        if request.method == "GET":
            psid = path.rsplit("/", 1)[-1]
            if self.profile_status != 200:
                return httpx.Response(
                    self.profile_status, json={"error": {"code": 100, "message": "(#100) x"}}
                )
            locale = self.locales.get(psid, self.default_locale)
            return httpx.Response(200, json={"first_name": "Sam", "locale": locale, "id": psid})
        if path.endswith("/me/messages"):
            body = json.loads(request.content)
            answer = {"recipient_id": body["recipient"]["id"]}
            if "message" in body:
                answer["message_id"] = f"m_{next(self._mids)}"
            return httpx.Response(200, json=answer)
        if path.endswith("/me/pass_thread_control"):
            return httpx.Response(200, json={"success": True})
        return httpx.Response(200, json={"result": "success"})

    def _external(self, request: httpx.Request) -> httpx.Response:
        self._record(request)
        return httpx.Response(200, json={})

    # -- webhooks --------------------------------------------------------------------------
    def sign(self, body: bytes) -> str:
        digest = hmac.new(self.settings.app_secret.encode(), body, hashlib.sha256).hexdigest()
        return f"sha256={digest}"

    def post_raw(self, body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
        return self._runner.run(self._client.post("/webhook", content=body, headers=headers or {}))

    def get(self, url: str, **params: str) -> httpx.Response:
        return self._runner.run(self._client.get(url, params=params))

    def deliver(self, *events: dict[str, Any]) -> list[Call]:
        """Send events in one signed webhook; return the requests the bot made for them."""
        envelope = {
            "object": "page",
            "entry": [{"id": PAGE_ID, "time": 1767225600000, "messaging": list(events)}],
        }
        body = json.dumps(envelope, ensure_ascii=True).replace("/", "\\/").encode()
        before = len(self.calls)
        response = self.post_raw(
            body,
            {"X-Hub-Signature-256": self.sign(body), "Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.text
        assert response.text == "EVENT_RECEIVED"
        return self.calls[before:]

    @staticmethod
    def event(psid: str, **kind: Any) -> dict[str, Any]:
        return {
            "sender": {"id": psid},
            "recipient": {"id": PAGE_ID},
            "timestamp": 1767225600000,
            **kind,
        }

    def mid(self) -> str:
        return f"m_in_{next(self._mids)}"

    def say(self, psid: str, text: str) -> list[Call]:
        return self.deliver(self.event(psid, message={"mid": self.mid(), "text": text}))

    def tap(self, psid: str, title: str, payload: str) -> list[Call]:
        message = {"mid": self.mid(), "text": title, "quick_reply": {"payload": payload}}
        return self.deliver(self.event(psid, message=message))

    def postback(self, psid: str, payload: str, title: str = "") -> list[Call]:
        postback = {"title": title or payload, "payload": payload, "mid": self.mid()}
        return self.deliver(self.event(psid, postback=postback))

    def link(self, psid: str, code: str | None) -> list[Call]:
        linking: dict[str, Any] = {"status": "linked"}
        if code is not None:
            linking["authorization_code"] = code
        return self.deliver(self.event(psid, account_linking=linking))

    def unlink(self, psid: str) -> list[Call]:
        return self.deliver(self.event(psid, account_linking={"status": "unlinked"}))

    def setup_profile(self) -> list[Call]:
        before = len(self.calls)
        self._runner.run(self.bot.setup_profile())
        return self.calls[before:]

    def close(self) -> None:
        self._runner.run(self._client.aclose())
        self._runner.run(self.bot.aclose())
        self._runner.close()
        self._router.stop()


def messages(calls: list[Call]) -> list[dict[str, Any]]:
    return [c.message for c in calls if c.message is not None]


def texts(calls: list[Call]) -> list[str]:
    return [msg["text"] for msg in messages(calls) if "text" in msg]


def templates(calls: list[Call]) -> list[dict[str, Any]]:
    return [
        msg["attachment"]["payload"]
        for msg in messages(calls)
        if msg.get("attachment", {}).get("type") == "template"
    ]


def quick_replies(calls: list[Call]) -> list[tuple[str, str]]:
    found = [msg.get("quick_replies") for msg in messages(calls) if msg.get("quick_replies")]
    return [(qr["title"], qr["payload"]) for qr in found[-1]] if found else []


@pytest.fixture
def make_driver():
    drivers: list[BotDriver] = []

    def make(settings: Settings | None = None, **kwargs: Any) -> BotDriver:
        driver = BotDriver(settings, **kwargs)
        drivers.append(driver)
        return driver

    yield make
    for driver in drivers:
        driver.close()


@pytest.fixture
def driver(make_driver) -> BotDriver:
    return make_driver()


@pytest.fixture
def customer_en():
    return CustomerFactory(7).customer("en_GB")


@pytest.fixture
def customer_ar():
    return CustomerFactory(8).customer("ar_SA")


@pytest.fixture
def helpers():
    """The module-level helpers, for tests (conftest modules are not importable)."""

    class Helpers:
        pass

    Helpers.messages = staticmethod(messages)
    Helpers.texts = staticmethod(texts)
    Helpers.templates = staticmethod(templates)
    Helpers.quick_replies = staticmethod(quick_replies)
    return Helpers
