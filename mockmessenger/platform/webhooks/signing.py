"""Webhook bodies as Meta writes them, and their signatures over the exact bytes.

Meta serialises compactly, escapes non-ASCII as ``\\uXXXX`` and, like PHP's
``json_encode``, ``/`` as ``\\/``. Both ``X-Hub-Signature-256`` (sha256) and the
legacy ``X-Hub-Signature`` (sha1) are sent, HMACs keyed by the app secret.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

#: The User-Agent Meta's webhook deliveries carry.
WEBHOOK_USER_AGENT = "facebookexternalua"


_ENCODER = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"))


def serialise(payload: Any, *, escape_slashes: bool = True) -> bytes:
    text = _ENCODER.encode(payload)
    if escape_slashes:
        text = text.replace("/", "\\/")
    return text.encode("ascii")


def sign(body: bytes, app_secret: str) -> dict[str, str]:
    key = app_secret.encode("utf-8")
    return {
        "x-hub-signature-256": "sha256=" + hmac.digest(key, body, "sha256").hex(),
        "x-hub-signature": "sha1=" + hmac.digest(key, body, "sha1").hex(),
    }


def verify(body: bytes, headers: dict[str, str], app_secret: str) -> bool:
    """True when both signatures match: what a careful bot checks."""
    expected = sign(body, app_secret)
    lowered = {k.lower(): v for k, v in headers.items()}
    return all(
        hmac.compare_digest(lowered.get(k, "").encode("utf-8", errors="replace"), v.encode("ascii"))
        for k, v in expected.items()
    )


@dataclass(frozen=True)
class WebhookRequest:
    """A signed webhook POST, ready for a door to deliver."""

    body: bytes
    headers: dict[str, str]
    payload: dict[str, Any] = field(default_factory=dict, compare=False)

    @cached_property
    def summary(self) -> str:
        """Names the events inside, for delivery reports: ``message from 123…``."""
        from mockmessenger.platform.webhooks.events import event_kind

        parts = []
        for entry in self.payload.get("entry", []):
            for field_name in ("messaging", "standby"):
                for event in entry.get(field_name, []):
                    who = (event.get("sender") or {}).get("id") or (event.get("sender") or {}).get(
                        "user_ref", "?"
                    )
                    prefix = "standby " if field_name == "standby" else ""
                    parts.append(f"{prefix}{event_kind(event)} event from {who}")
        return ", ".join(parts) or "empty webhook"


def build_webhook(
    payload: dict[str, Any], app_secret: str, *, escape_slashes: bool = True
) -> WebhookRequest:
    body = serialise(payload, escape_slashes=escape_slashes)
    headers = {"content-type": "application/json", "user-agent": WEBHOOK_USER_AGENT}
    headers.update(sign(body, app_secret))
    return WebhookRequest(body=body, headers=headers, payload=payload)
