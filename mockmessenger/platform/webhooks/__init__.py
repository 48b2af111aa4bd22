"""Webhooks: event builders, signing, delivery with retries, the verification handshake."""

from mockmessenger.platform.webhooks.delivery import (
    DeliveryReport,
    WebhookDispatcher,
    WebhookResult,
)
from mockmessenger.platform.webhooks.events import USER_INITIATED, EventBuilder, event_kind
from mockmessenger.platform.webhooks.signing import WebhookRequest, build_webhook, sign, verify
from mockmessenger.platform.webhooks.verification import HandshakeReport, run_handshake

__all__ = [
    "USER_INITIATED",
    "DeliveryReport",
    "EventBuilder",
    "HandshakeReport",
    "WebhookDispatcher",
    "WebhookRequest",
    "WebhookResult",
    "build_webhook",
    "event_kind",
    "run_handshake",
    "sign",
    "verify",
]
