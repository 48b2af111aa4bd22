"""Doors between the fake platform and a bot: in-process, server, proxy."""

from mockmessenger.transports.base import Door, WebhookRequest, WebhookResult

__all__ = ["Door", "WebhookRequest", "WebhookResult"]
