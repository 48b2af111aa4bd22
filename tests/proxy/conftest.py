"""Shared traffic samples for the proxy and recording tests."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from mockmessenger.recording.capture import Captured

PSID = "2876543210987654"
PAGE_ID = "1122334455667788"
TOKEN = "EAAGm0PX4ZCpsBAKZCZAsecretpagetoken123"
SECRET = b"real-app-secret"
MID = "m_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
REAL_VALUES = {
    "psid": PSID,
    "page": PAGE_ID,
    "token": TOKEN,
    "mid": MID,
    "first": "Ahmed",
    "last": "Alharbi",
    "card": "4539 1488 0343 6467",
    "iban": "SA0380000000608010167519",
    "balance": "12,345.67",
    "account": "12345678",
}


def _webhook(event: dict, ts: float) -> Captured:
    envelope = {
        "object": "page",
        "entry": [
            {
                "id": PAGE_ID,
                "time": int(ts * 1000),
                "messaging": [
                    {
                        "sender": {"id": PSID},
                        "recipient": {"id": PAGE_ID},
                        "timestamp": int(ts * 1000),
                        **event,
                    }
                ],
            }
        ],
    }
    body = json.dumps(envelope).encode()
    signature = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
    return Captured(
        "POST",
        "http://127.0.0.1:8081/webhook",
        [("content-type", "application/json"), ("x-hub-signature-256", signature)],
        body,
        200,
        [],
        b"EVENT_RECEIVED",
        ts,
    )


def _send(message: dict, ts: float, n: int) -> Captured:
    body = json.dumps({"recipient": {"id": PSID}, "messaging_type": "RESPONSE", "message": message})
    answer = json.dumps({"recipient_id": PSID, "message_id": f"{MID}{n}"})
    return Captured(
        "POST",
        f"https://graph.facebook.com/v25.0/me/messages?access_token={TOKEN}",
        [("content-type", "application/json")],
        body.encode(),
        200,
        [("content-type", "application/json")],
        answer.encode(),
        ts,
    )


def sample_conversation() -> list[Captured]:
    """A conversation with a real-looking customer: every REAL_VALUES entry appears in it."""
    profile = json.dumps(
        {"first_name": "Ahmed", "last_name": "Alharbi", "locale": "en_US", "id": PSID}
    )
    return [
        _webhook({"message": {"mid": MID, "text": "hi"}}, 1.0),
        Captured(
            "GET",
            f"https://graph.facebook.com/v25.0/{PSID}?fields=first_name,last_name,locale&access_token={TOKEN}",
            [],
            b"",
            200,
            [],
            profile.encode(),
            1.1,
        ),
        _send(
            {
                "text": "Hello Ahmed! What can I do?",
                "quick_replies": [
                    {"content_type": "text", "title": "Balance", "payload": "BALANCE"}
                ],
            },
            1.2,
            1,
        ),
        _webhook(
            {
                "message": {
                    "mid": MID + "2",
                    "text": "Balance",
                    "quick_reply": {"payload": "BALANCE"},
                }
            },
            2.0,
        ),
        _send({"text": "Your balance is SAR 12,345.67"}, 2.1, 2),
        _webhook({"message": {"mid": MID + "3", "text": "my card is 4539 1488 0343 6467"}}, 3.0),
        _send({"text": "Never type your card number here, Ahmed."}, 3.1, 3),
        _webhook({"postback": {"title": "Transfer", "payload": "TRANSFER"}}, 4.0),
        _send(
            {
                "attachment": {
                    "type": "template",
                    "payload": {
                        "template_type": "button",
                        "text": "Send to SA0380000000608010167519 from account 12345678?",
                        "buttons": [
                            {"type": "postback", "title": "Yes", "payload": "YES"},
                            {"type": "postback", "title": "Use 12345678", "payload": "ACC"},
                        ],
                    },
                }
            },
            4.1,
            4,
        ),
        _webhook({"read": {"watermark": 4100}}, 5.0),
        Captured(
            "POST",
            "https://analytics.example-saas.com/v1/track",
            [("content-type", "application/json")],
            json.dumps({"user": PSID}).encode(),
            200,
            [],
            b"{}",
            5.1,
        ),
    ]


def to_flow(item: Captured):
    """A mitmproxy HTTPFlow holding one captured exchange (for flow-file tests)."""
    from mitmproxy import http
    from mitmproxy.test import tflow

    flow = tflow.tflow(resp=True)
    flow.request = http.Request.make(
        item.method, item.url, item.request_body, dict(item.request_headers)
    )
    flow.request.timestamp_start = item.timestamp
    flow.response = http.Response.make(
        item.status or 200, item.response_body, dict(item.response_headers)
    )
    return flow


def to_har(items: list[Captured]) -> dict:
    def headers(pairs):
        return [{"name": k, "value": v} for k, v in pairs]

    entries = []
    for item in items:
        entries.append(
            {
                "startedDateTime": f"2026-11-30T10:00:{item.timestamp:06.3f}Z",
                "request": {
                    "method": item.method,
                    "url": item.url,
                    "headers": headers(item.request_headers),
                    "postData": {
                        "mimeType": "application/json",
                        "text": item.request_body.decode(),
                    },
                },
                "response": {
                    "status": item.status,
                    "headers": headers(item.response_headers),
                    "content": {
                        "mimeType": "application/json",
                        "text": item.response_body.decode(),
                    },
                },
            }
        )
    return {"log": {"version": "1.2", "creator": {"name": "test"}, "entries": entries}}


@pytest.fixture
def samples() -> SimpleNamespace:
    """Helpers for the tests (test modules cannot import conftest under importlib mode)."""
    return SimpleNamespace(
        conversation=sample_conversation,
        to_flow=to_flow,
        to_har=to_har,
        real_values=dict(REAL_VALUES),
    )


@pytest.fixture
def conversation() -> list[Captured]:
    return sample_conversation()


# -- real processes --------------------------------------------------------------------------
BOTS = Path(__file__).parent / "bots"
SCENARIOS = Path(__file__).parent / "scenarios"


class Upstream:
    """A tiny HTTP server on 127.0.0.1 that remembers every request it got."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        hits = self.hits = []

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                hits.append((self.command, self.path, body))
                self.send_response(204)
                self.end_headers()

            do_GET = do_POST

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Upstream:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class RedirectHost:
    """Test addon: send requests for one made-up host to 127.0.0.1:port (after the guard ran)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def request(self, flow) -> None:
        if flow.response is None and flow.request.host == self.host:
            flow.request.scheme = "http"
            flow.request.host = "127.0.0.1"
            flow.request.port = self.port


def wait_for(condition, timeout: float = 10.0, what: str = "condition") -> None:
    """Poll ``condition`` until true (no fixed sleeps in tests)."""
    from mockmessenger.transports.process import wait_until

    wait_until(condition, timeout, interval=0.02, what=what)


@pytest.fixture(scope="session")
def proxy_tools() -> SimpleNamespace:
    return SimpleNamespace(
        bots=BOTS,
        scenarios=SCENARIOS,
        Upstream=Upstream,
        RedirectHost=RedirectHost,
        wait_for=wait_for,
    )
