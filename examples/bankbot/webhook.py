"""The webhook endpoint Meta calls: subscription handshake, signature check, events.

The signature is checked over the raw bytes received (Meta signs exactly what it sends,
escaped slashes and all); the events are answered after the 200, as Meta wants a quick
answer and retries otherwise.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from .bot import BankBot

log = logging.getLogger("bankbot.webhook")


def valid_signature(app_secret: str, body: bytes, header: str | None) -> bool:
    """True when ``X-Hub-Signature-256`` is ``sha256=<hex HMAC-SHA256(app secret, body)>``."""
    if not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


async def verify_subscription(request: Request) -> Response:
    bot: BankBot = request.app.state.bot
    params = request.query_params
    if (
        params.get("hub.mode") == "subscribe"
        and params.get("hub.verify_token") == bot.settings.verify_token
        and "hub.challenge" in params
    ):
        return PlainTextResponse(params["hub.challenge"])
    return PlainTextResponse("verification failed", status_code=403)


async def receive_events(request: Request) -> Response:
    bot: BankBot = request.app.state.bot
    body = await request.body()
    if not valid_signature(
        bot.settings.app_secret, body, request.headers.get("x-hub-signature-256")
    ):
        log.warning("webhook refused: missing or wrong X-Hub-Signature-256")
        return PlainTextResponse("invalid signature", status_code=403)
    try:
        payload = json.loads(body)
    except ValueError:
        return PlainTextResponse("body is not JSON", status_code=400)
    if not isinstance(payload, dict) or payload.get("object") != "page":
        return PlainTextResponse("not a page subscription", status_code=404)
    return PlainTextResponse(
        "EVENT_RECEIVED", background=BackgroundTask(bot.handle_webhook, payload)
    )


async def health(request: Request) -> Response:
    return PlainTextResponse("ok")


__all__ = ["health", "receive_events", "valid_signature", "verify_subscription"]
