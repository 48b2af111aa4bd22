"""What every door between the platform and a bot provides.

A door connects one :class:`~mockmessenger.platform.Platform` to one bot: it
routes the bot's Graph calls to ``platform.handle`` and delivers webhooks to the
bot. The harness only talks to this protocol.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from mockmessenger.platform.core import Platform
from mockmessenger.platform.webhooks.delivery import WebhookResult
from mockmessenger.platform.webhooks.signing import WebhookRequest

__all__ = ["Door", "WebhookRequest", "WebhookResult"]


@runtime_checkable
class Door(Protocol):
    """``start`` before use, ``stop`` always; ``deliver`` may be called from any thread.

    ``synchronous`` is True when ``deliver`` returns only once the bot has finished
    handling the webhook (in-process ASGI/WSGI): the harness then needs no quiet
    period. Doors over a network set it False and the harness waits on the platform.
    """

    synchronous: bool

    @property
    def graph_base_url(self) -> str: ...

    def start(self, platform: Platform) -> None: ...

    def deliver(self, webhook: WebhookRequest) -> WebhookResult: ...

    def env(self) -> dict[str, str]: ...

    def stop(self) -> None: ...
