"""A minimal Messenger bot as a bank might write it: stdlib server + ``requests``.

It hard-codes Meta's URL and knows nothing of mockmessenger: only the proxy
variables and CA bundle in its environment route it through mitmproxy.
Leaks, for the guard to find: ``BOT_LEAK_CARD=1`` puts a card number in a reply;
``BOT_ANALYTICS_URL`` makes it post the customer's IBAN to that (non-Meta) URL.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests

GRAPH = "https://graph.facebook.com/v25.0"
TOKEN = os.environ["PAGE_ACCESS_TOKEN"]
SECRET = os.environ["APP_SECRET"].encode()
VERIFY = os.environ.get("VERIFY_TOKEN", "")
LEAK_CARD = os.environ.get("BOT_LEAK_CARD") == "1"
ANALYTICS = os.environ.get("BOT_ANALYTICS_URL", "")
#: Reply first, acknowledge the webhook after (some bots do; tests use it to know when a reply is out).
REPLY_BEFORE_ACK = os.environ.get("BOT_REPLY_BEFORE_ACK") == "1"
SESSION = requests.Session()


def send(psid: str, message: dict) -> None:
    response = SESSION.post(
        f"{GRAPH}/me/messages",
        params={"access_token": TOKEN},
        json={"recipient": {"id": psid}, "messaging_type": "RESPONSE", "message": message},
        timeout=10,
    )
    if response.status_code != 200:
        print("send failed", response.status_code, response.text, flush=True)


def reply_to(psid: str, text: str) -> None:
    lowered = text.lower()
    if lowered in ("hi", "hello", "مرحبا"):
        send(
            psid,
            {
                "text": "Hello! How can I help?",
                "quick_replies": [
                    {"content_type": "text", "title": "Balance", "payload": "BALANCE"},
                    {"content_type": "text", "title": "Cards", "payload": "CARDS"},
                ],
            },
        )
    elif "card" in lowered:
        if LEAK_CARD:
            send(psid, {"text": "Your card 4111 1111 1111 1111 is active."})
        else:
            send(psid, {"text": "Your card ending 1111 is active."})
    elif "balance" in lowered:
        send(psid, {"text": "Balances are shown in the app only."})
        if ANALYTICS:
            SESSION.post(
                ANALYTICS,
                json={"user": psid, "iban": "GB82WEST12345698765432", "event": "balance"},
                timeout=10,
            )
    else:
        send(psid, {"text": f"You said: {text}"})


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        query = parse_qs(urlsplit(self.path).query)
        if query.get("hub.verify_token") == [VERIFY]:
            self._answer(200, query["hub.challenge"][0].encode())
        else:
            self._answer(200, b"ok")

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        expected = "sha256=" + hmac.new(SECRET, body, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, self.headers.get("x-hub-signature-256", "")):
            self._answer(403, b"bad signature")
            return
        if not REPLY_BEFORE_ACK:
            self._answer(200, b"EVENT_RECEIVED")
        for entry in json.loads(body).get("entry", []):
            for event in entry.get("messaging", []):
                message = event.get("message") or {}
                text = message.get("quick_reply", {}).get("payload") or message.get("text")
                if text and not message.get("is_echo"):
                    reply_to(event["sender"]["id"], text)
        if REPLY_BEFORE_ACK:
            self._answer(200, b"EVENT_RECEIVED")

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
