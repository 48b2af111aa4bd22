"""Shared data of the plugin tests: a leaky conversation, its findings, its canary customer.

The transcript has the shapes the platform records: what the user did (webhook
events) and what the bot sent (Send API bodies), with a card number, an IBAN, a
balance and a card number in an image URL leaking out.
"""

from __future__ import annotations

import pytest

from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.boundary.customers import Customer
from mockmessenger.boundary.findings import Finding
from mockmessenger.reports import Conversation, SessionReport

PSID = "7001002003004005"


def customer() -> Customer:
    return CustomerFactory(seed=7).customer("ar_SA")


def _event(message: dict) -> dict:
    return {"sender": {"id": PSID}, "recipient": {"id": "1067280970047460"}, **message}


def leaky_conversation(c: Customer) -> tuple[Conversation, list[Finding]]:
    card = c.cards[0].number
    iban = c.accounts[0].iban
    balance = f"{c.accounts[0].balance:,}"
    text = f"رقم بطاقتك {card} وصلتك"
    entries = [
        {
            "direction": "in",
            "kind": "message",
            "body": _event({"message": {"mid": "m1", "text": "رصيدي؟"}}),
            "mid": "m1",
        },
        {
            "direction": "out",
            "kind": "sender_action",
            "body": {"recipient": {"id": PSID}, "sender_action": "typing_on"},
            "exchange_index": 0,
        },
        {
            "direction": "out",
            "kind": "text",
            "body": {
                "recipient": {"id": PSID},
                "message": {
                    "text": text,
                    "quick_replies": [
                        {"content_type": "text", "title": "الرصيد", "payload": f"BAL {balance}"},
                        {"content_type": "text", "title": "Cards", "payload": "CARDS"},
                    ],
                },
            },
            "exchange_index": 1,
            "mid": "m2",
        },
        {
            "direction": "in",
            "kind": "quick_reply",
            "body": _event(
                {"message": {"mid": "m3", "text": "Cards", "quick_reply": {"payload": "CARDS"}}}
            ),
        },
        {
            "direction": "out",
            "kind": "template",
            "body": {
                "recipient": {"id": PSID},
                "message": {
                    "attachment": {
                        "type": "template",
                        "payload": {
                            "template_type": "generic",
                            "elements": [
                                {
                                    "title": "Your account",
                                    "subtitle": f"IBAN {iban}",
                                    "image_url": f"https://cdn.example.com/card.png?n={card}",
                                    "buttons": [
                                        {
                                            "type": "postback",
                                            "title": "Freeze card",
                                            "payload": "FREEZE",
                                        }
                                    ],
                                }
                            ],
                        },
                    }
                },
            },
            "exchange_index": 2,
        },
        {
            "direction": "in",
            "kind": "postback",
            "body": _event({"postback": {"title": "Freeze card", "payload": "FREEZE"}}),
        },
        {
            "direction": "out",
            "kind": "template",
            "body": {
                "recipient": {"id": PSID},
                "message": {
                    "attachment": {
                        "type": "template",
                        "payload": {
                            "template_type": "button",
                            "text": "Your card is frozen.",
                            "buttons": [
                                {
                                    "type": "web_url",
                                    "title": "Manage",
                                    "url": "https://bank.example/cards",
                                }
                            ],
                        },
                    }
                },
            },
            "exchange_index": 3,
        },
    ]
    start = text.index(card)
    findings = [
        Finding(
            category="card_number",
            detector="card_number",
            record=1,
            path="$.message.text",
            masked="•••• " + card[-4:],
            span=(start, start + len(card)),
            thread=PSID,
            destination="graph.facebook.com",
            step="#1 say رصيدي؟",
        ),
        Finding(
            category="balance",
            detector="balance",
            record=1,
            path="$.message.quick_replies[0].payload",
            masked="••••",
            thread=PSID,
            destination="graph.facebook.com",
        ),
        Finding(
            category="iban",
            detector="iban",
            record=2,
            path="$.message.attachment.payload.elements[0].subtitle",
            masked=iban[:4] + " •••• " + iban[-4:],
            span=(5, 5 + len(iban)),
            thread=PSID,
            destination="graph.facebook.com",
            step="#2 tap Cards",
        ),
        Finding(
            category="canary",
            detector="canary",
            record=2,
            path="$.message.attachment.payload.elements[0].image_url",
            masked="•••• " + card[-4:],
            thread=PSID,
            value_category="card_number",
            customer=c.id,
            encoding="url",
        ),
        Finding(
            category="destination",
            detector="hosts",
            record=9,
            path="url.host",
            masked="analytics.example.net",
            destination="analytics.example.net",
            thread=PSID,
        ),
    ]
    conv = Conversation(
        name="tests/test_bank.py::test_balance_ar",
        entries=entries,
        thread=PSID,
        locale="ar_SA",
        outcome="failed",
        source="tests/test_bank.py:12",
    )
    return conv, findings


def session_report(c: Customer) -> SessionReport:
    conv, findings = leaky_conversation(c)
    return SessionReport(
        conversations=[conv],
        findings=findings,
        requests_scanned=5,
        tests_guarded=1,
        tests_failed_by_guard=1,
    )


@pytest.fixture
def report_customer() -> Customer:
    """The canary customer whose values leak in :func:`leaky_conversation`."""
    return customer()


@pytest.fixture
def leaky_report(report_customer: Customer) -> SessionReport:
    """A session report with one leaky Arabic conversation and its findings."""
    return session_report(report_customer)


#: A small bank bot (Starlette + httpx, the way a bank would write one) for real pytest
#: sessions run with ``pytester``. ``MODE`` picks its behaviour:
#: clean / leak (full card number in a reply) / analytics (customer data to another host
#: with httpx) / socket (a tracker reached with urllib, outside httpx).
TINY_BOT = '''
import json
import os
import urllib.request

import httpx
from starlette.applications import Starlette
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route

GRAPH = os.environ.get("MESSENGER_GRAPH_URL", "https://graph.facebook.com") + "/v25.0/me/messages"
TOKEN = os.environ.get("PAGE_ACCESS_TOKEN", "mock-page-access-token")


class Backend:
    """The bot's fake core banking: customers by PSID."""

    def __init__(self):
        self.customers = {}

    def register(self, customer, psid):
        self.customers[psid] = customer

    def reset(self):
        self.customers.clear()


def answer(text, customer, mode):
    if mode == "static-leak" and "card" in text.lower():
        return "Your card number is 4111 1111 1111 1111"
    if "card" in text.lower() and customer is not None:
        card = customer.cards[0]
        if mode == "leak":
            return f"Your card number is {card.number}"
        return f"Your card ends in {card.last4}"
    if "رصيد" in text:
        return "رصيدك متاح في تطبيق البنك فقط"
    return "Hello! Ask me about your card."


def create_app(mode=None):
    mode = mode or os.environ.get("MODE", "clean")
    backend = Backend()

    async def verify(request):
        token = os.environ.get("VERIFY_TOKEN", "mock-verify-token")
        if request.query_params.get("hub.verify_token") != token:
            return PlainTextResponse("forbidden", status_code=403)
        return PlainTextResponse(request.query_params.get("hub.challenge", ""))

    async def webhook(request):
        data = json.loads(await request.body())
        async with httpx.AsyncClient() as client:
            for entry in data.get("entry", []):
                for event in entry.get("messaging", []):
                    text = (event.get("message") or {}).get("text")
                    if text is None:
                        continue
                    psid = event["sender"]["id"]
                    customer = backend.customers.get(psid)
                    reply = answer(text, customer, mode)
                    await client.post(GRAPH, params={"access_token": TOKEN}, json={
                        "recipient": {"id": psid},
                        "message": {"text": reply, "quick_replies": [
                            {"content_type": "text", "title": "Card", "payload": "CARD"}]},
                    })
                    if mode == "analytics" and customer is not None:
                        await client.post("https://analytics.example.net/track",
                                          json={"event": "message", "account": customer.accounts[0].number})
                    if mode == "socket":
                        try:
                            urllib.request.urlopen("http://tracker.example.org/t?e=1", timeout=2)
                        except OSError:
                            pass
        return JSONResponse({"ok": True})

    app = Starlette(routes=[Route("/webhook", verify, methods=["GET"]),
                            Route("/webhook", webhook, methods=["POST"])])
    app.state.backend = backend
    return app


app = create_app()
backend = app.state.backend

if __name__ == "__main__":  # started as a process by the server door: PORT comes from it
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
'''


@pytest.fixture
def bot_project(pytester: pytest.Pytester) -> pytest.Pytester:
    """A pytester directory with the tiny bot configured as the app under test."""
    pytester.makepyfile(tinybot=TINY_BOT)
    pytester.makeini(
        """
        [pytest]
        mockmessenger_app = tinybot:app
        """
    )
    pytester.syspathinsert()
    return pytester
