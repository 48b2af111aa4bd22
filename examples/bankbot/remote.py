"""``BankBackend`` over HTTP, for a bot running as its own process.

Pass a :class:`RemoteCoreBanking` as the harness ``backend`` when the bot was started
with ``BANKBOT_ADMIN_TOKEN``; it calls the bot's ``/_bankbot/`` admin endpoints.
"""

from __future__ import annotations

import httpx

from mockmessenger.boundary.customers import Customer

from .core import CoreBanking


class RemoteCoreBanking:
    def __init__(self, base_url: str, token: str, *, timeout: float = 10.0) -> None:
        self._client = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
            trust_env=False,  # the harness talks to its own bot, never through a proxy
        )

    def register(self, customer: Customer, psid: str) -> None:
        response = self._client.post(
            "/_bankbot/register", json={"customer": customer.to_dict(), "psid": psid}
        )
        response.raise_for_status()

    def reset(self) -> None:
        self._client.post("/_bankbot/reset").raise_for_status()

    authorization_code = staticmethod(CoreBanking.authorization_code)

    def close(self) -> None:
        self._client.close()


__all__ = ["RemoteCoreBanking"]
