"""The bot's Graph API client: Send API, sender actions, profiles, handover.

One :class:`httpx.AsyncClient` per event loop (the in-process door and uvicorn each run
their own loop). Graph errors are logged by code, never with the request body, and do
not stop the conversation: a bank's bot keeps answering when one call fails.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

import httpx

from .settings import Settings

log = logging.getLogger("bankbot.graph")


class GraphClient:
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
            client = httpx.AsyncClient(
                base_url=self.settings.graph_api_url.rstrip("/") + "/",
                params={"access_token": self.settings.page_access_token},
                timeout=self.settings.http_timeout,
            )
            self._clients[loop] = client
        return client

    async def aclose(self) -> None:
        """Close the running loop's client (a client belongs to the loop that made it)."""
        client = self._clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.aclose()

    async def _call(self, method: str, path: str, **kwargs: Any) -> dict[str, Any] | None:
        try:
            response = await self._client().request(method, path, **kwargs)
        except httpx.HTTPError as error:
            log.warning("Graph %s %s failed: %s", method, path, type(error).__name__)
            return None
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.is_error:
            error = (body or {}).get("error", {}) if isinstance(body, dict) else {}
            log.warning(
                "Graph %s %s answered %s (code %s, subcode %s)",
                method,
                path,
                response.status_code,
                error.get("code"),
                error.get("error_subcode"),
            )
            return None
        return body if isinstance(body, dict) else None

    async def send(self, psid: str, message: dict[str, Any]) -> dict[str, Any] | None:
        body = {"recipient": {"id": psid}, "messaging_type": "RESPONSE", "message": message}
        return await self._call("POST", "me/messages", json=body)

    async def sender_action(self, psid: str, action: str) -> dict[str, Any] | None:
        body = {"recipient": {"id": psid}, "sender_action": action}
        return await self._call("POST", "me/messages", json=body)

    async def profile(self, psid: str) -> dict[str, Any] | None:
        return await self._call("GET", psid, params={"fields": "first_name,locale"})

    async def set_messenger_profile(self, profile: dict[str, Any]) -> dict[str, Any] | None:
        return await self._call("POST", "me/messenger_profile", json=profile)

    async def set_user_menu(self, psid: str, menu: list[dict[str, Any]]) -> dict[str, Any] | None:
        body = {"psid": psid, "persistent_menu": menu}
        return await self._call("POST", "me/custom_user_settings", json=body)

    async def pass_thread_control(
        self, psid: str, target_app_id: str, metadata: str
    ) -> dict[str, Any] | None:
        body = {
            "recipient": {"id": psid},
            "target_app_id": int(target_app_id),
            "metadata": metadata,
        }
        return await self._call("POST", "me/pass_thread_control", json=body)


__all__ = ["GraphClient"]
