"""What every feature handler works with: settings, the core banking system, the Graph
client, analytics, and the few helpers all replies share."""

from __future__ import annotations

from typing import Any

from mockmessenger.boundary.customers import Card

from . import messages as m
from .analytics import Analytics
from .conversation import Turn
from .core import CoreBanking
from .graph import GraphClient
from .settings import Settings
from .texts import MENU_QUICK_REPLIES, card_label, text, title

QuickReplies = list[tuple[str, str]]


class Context:
    def __init__(
        self, settings: Settings, core: CoreBanking, graph: GraphClient, analytics: Analytics
    ) -> None:
        self.settings = settings
        self.core = core
        self.graph = graph
        self.analytics = analytics

    async def send(self, turn: Turn, message: dict[str, Any]) -> None:
        await self.graph.send(turn.psid, message)

    async def say(
        self, turn: Turn, key: str, quick_replies: QuickReplies | None = None, **values: object
    ) -> None:
        """Send the catalogue text ``key`` in the turn's language."""
        message = m.text_message(text(key, turn.lang, **values), quick_replies or ())
        await self.send(turn, message)

    @staticmethod
    def menu(lang: str) -> QuickReplies:
        return [(title(key, lang), payload) for key, payload in MENU_QUICK_REPLIES]

    @staticmethod
    def back(lang: str) -> QuickReplies:
        return [(title("MENU", lang), "MENU")]

    async def track(self, event: str, turn: Turn) -> None:
        """The ``analytics_leak`` mistake: a product-analytics call with customer traits."""
        if self.settings.analytics_leak and turn.customer is not None:
            await self.analytics.track(event, turn.psid, turn.customer)

    def card(self, card: Card, lang: str) -> str:
        return card_label(card, lang, full_arabic_digits=self.settings.arabic_digits_card)

    def login_button(self) -> dict[str, str]:
        return m.login_button(self.settings.login_url)

    async def login_required(self, turn: Turn) -> None:
        message = m.button_template(text("LOGIN_REQUIRED", turn.lang), [self.login_button()])
        await self.send(turn, message)


__all__ = ["Context", "QuickReplies"]
