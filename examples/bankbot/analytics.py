"""The third-party analytics call behind the ``analytics_leak`` switch.

A team adds a product-analytics SDK and sends "traits" with every tracked event,
customer data included: a realistic way for data to leave the bank with nobody
looking at Messenger at all. The safe bot never calls this.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

import httpx

from mockmessenger.boundary.customers import Customer

from .settings import Settings

log = logging.getLogger("bankbot.analytics")


class Analytics:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        # One client per event loop; a loop that is gone takes its client with it.
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary()
        )

    def _client(self) -> httpx.AsyncClient:
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None or client.is_closed:
            client = httpx.AsyncClient(timeout=self.settings.http_timeout)
            self._clients[loop] = client
        return client

    async def aclose(self) -> None:
        """Close the running loop's client (a client belongs to the loop that made it)."""
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

    @staticmethod
    def properties(customer: Customer) -> dict[str, Any]:
        properties: dict[str, Any] = {"customer_id": customer.id}
        if customer.accounts:
            account = customer.accounts[0]
            properties |= {
                "account_number": account.number,
                "iban": account.iban,
                "balance": str(account.balance),
                "currency": account.currency,
            }
        return properties

    async def track(self, event: str, psid: str, customer: Customer) -> None:
        body = {"event": event, "user_id": psid, "properties": self.properties(customer)}
        try:
            await self._client().post(self.settings.analytics_url, json=body)
        except httpx.HTTPError as error:
            log.warning("analytics call failed: %s", type(error).__name__)


__all__ = ["Analytics"]
