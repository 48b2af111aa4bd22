"""A small Messenger bot for the server-door tests, usable in a thread or as a process.

It reads its configuration the way a deployed bot does (MESSENGER_GRAPH_URL,
PAGE_ACCESS_TOKEN, APP_SECRET, VERIFY_TOKEN, PORT), checks the webhook
signature, and answers over real HTTP:

- ``menu`` -> two quick replies; a quick-reply tap -> "You chose <payload>";
- ``fail`` -> HTTP 500; ``slow`` -> answers after SLOW_SECONDS;
- a postback -> "postback <payload>"; account linking -> "linked"/"unlinked";
- any other text -> typing_on, then "echo: <text>".

Run as a process: ``python server_echo_bot.py`` (listens on 127.0.0.1:$PORT).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
from typing import Any

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route


def create_bot(
    graph_url: str, access_token: str, app_secret: str, verify_token: str, slow_seconds: float = 0.5
) -> Starlette:
    client = httpx.AsyncClient(base_url=graph_url.rstrip("/") + "/v25.0", timeout=10)

    async def send(body: dict[str, Any]) -> None:
        await client.post("/me/messages", params={"access_token": access_token}, json=body)

    async def text(psid: str, words: str, **message: Any) -> None:
        await send(
            {
                "recipient": {"id": psid},
                "messaging_type": "RESPONSE",
                "message": {"text": words, **message},
            }
        )

    async def verify(request: Request) -> Response:
        query = request.query_params
        if query.get("hub.mode") == "subscribe" and query.get("hub.verify_token") == verify_token:
            return PlainTextResponse(query.get("hub.challenge", ""))
        return PlainTextResponse("forbidden", status_code=403)

    async def receive(request: Request) -> Response:
        raw = await request.body()
        expected = "sha256=" + hmac.new(app_secret.encode(), raw, hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, request.headers.get("x-hub-signature-256", "")):
            return PlainTextResponse("bad signature", status_code=403)
        payload = await request.json()
        for entry in payload.get("entry", []):
            for event in entry.get("messaging", []):
                answer = await handle(event)
                if answer is not None:
                    return answer
        return PlainTextResponse("EVENT_RECEIVED")

    async def handle(event: dict[str, Any]) -> Response | None:
        psid = event["sender"]["id"]
        message = event.get("message") or {}
        if message.get("is_echo"):
            return None  # our own message coming back (message_echoes)
        if "quick_reply" in message:
            await text(psid, f"You chose {message['quick_reply']['payload']}")
        elif message.get("text") == "fail":
            return PlainTextResponse("boom", status_code=500)
        elif message.get("text") == "slow":
            await asyncio.sleep(slow_seconds)  # the behaviour under test: a bot that answers late
        elif message.get("text") == "menu":
            await text(
                psid,
                "What would you like?",
                quick_replies=[
                    {"content_type": "text", "title": "Balance", "payload": "BALANCE"},
                    {"content_type": "text", "title": "Cards", "payload": "CARDS"},
                ],
            )
        elif "text" in message:
            await send({"recipient": {"id": psid}, "sender_action": "typing_on"})
            await text(psid, f"echo: {message['text']}")
        elif "attachments" in message:
            await text(psid, f"got a {message['attachments'][0]['type']}")
        elif "postback" in event:
            await text(psid, f"postback {event['postback']['payload']}")
        elif "account_linking" in event:
            await text(psid, event["account_linking"]["status"])
        elif "referral" in event:
            await text(psid, f"welcome via {event['referral']['ref']}")
        return None

    return Starlette(
        routes=[
            Route("/webhook", verify, methods=["GET"]),
            Route("/webhook", receive, methods=["POST"]),
        ]
    )


def bot_from_env() -> Starlette:
    return create_bot(
        os.environ["MESSENGER_GRAPH_URL"],
        os.environ["PAGE_ACCESS_TOKEN"],
        os.environ["APP_SECRET"],
        os.environ["VERIFY_TOKEN"],
        float(os.environ.get("SLOW_SECONDS", "0.5")),
    )


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(bot_from_env(), host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning")
