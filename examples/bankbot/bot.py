"""The demo bank bot's front desk: webhook events in, the right feature answers.

Each event is read (text, quick reply, postback, attachment, account linking), given
a language and an intent (:mod:`bankbot.intents`), and handed to a feature module
(:mod:`~bankbot.accounts`, :mod:`~bankbot.cards`, :mod:`~bankbot.transfers`,
:mod:`~bankbot.info`, :mod:`~bankbot.linking`, :mod:`~bankbot.general`). Features that
need a logged-in customer get a log-in button instead when there is none.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from . import accounts, cards, general, info, linking, transfers
from .analytics import Analytics
from .context import Context
from .conversation import Conversation, Turn
from .core import CoreBanking
from .graph import GraphClient
from .intents import classify, is_no, is_yes
from .profile import messenger_profile
from .settings import Settings
from .textnorm import first_amount, has_long_digit_run, language_of, language_of_locale, normalise

log = logging.getLogger("bankbot")

Handler = Callable[[Context, Turn], Awaitable[None]]

#: Intent or payload name -> feature.
HANDLERS: dict[str, Handler] = {
    "GET_STARTED": general.welcome,
    "WELCOME": general.welcome,
    "MENU": general.menu,
    "FALLBACK": general.fallback,
    "THANKS": general.thanks,
    "REFUSE_SECRET": general.refuse,
    "REFUSE_OTHER": general.refuse,
    "REFUSE_MANIPULATION": general.refuse,
    "DONT_TYPE_NUMBERS": general.refuse,
    "LOGIN": linking.login,
    "LOGOUT": linking.logout,
    "BALANCE": accounts.balance,
    "TRANSACTIONS": accounts.transactions,
    "CARDS": cards.cards,
    "FREEZE_CARD": cards.freeze,
    "UNFREEZE_CARD": cards.unfreeze,
    "DISPUTE_CARD": cards.dispute,
    "TRANSFER": transfers.start,
    "TRANSFER_CONFIRM": transfers.confirm,
    "TRANSFER_CANCEL": transfers.cancel,
    "BRANCHES": info.branches,
    "RATES": info.rates,
    "AGENT": info.agent,
}
#: Features that need a linked customer.
LOGIN_FEATURES = frozenset(
    {
        "BALANCE",
        "TRANSACTIONS",
        "CARDS",
        "FREEZE_CARD",
        "UNFREEZE_CARD",
        "DISPUTE_CARD",
        "TRANSFER",
        "TRANSFER_CONFIRM",
    }
)
#: Payloads that belong to a transfer in progress (every other input drops it).
TRANSFER_STEPS = frozenset({"TRANSFER_CONFIRM", "TRANSFER_CANCEL"})
#: How many message ids are remembered to drop redelivered webhooks.
SEEN_MIDS_KEPT = 10_000


class BankBot:
    """Answers Messenger webhook events for Demo Bank."""

    def __init__(
        self,
        settings: Settings,
        core: CoreBanking,
        graph: GraphClient | None = None,
        analytics: Analytics | None = None,
    ) -> None:
        self.settings = settings
        self.core = core
        self.graph = graph or GraphClient(settings)
        self.analytics = analytics or Analytics(settings)
        self.context = Context(settings, core, self.graph, self.analytics)
        self.conversations: dict[str, Conversation] = {}
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}
        self._seen_mids: collections.OrderedDict[str, None] = collections.OrderedDict()
        core.on_reset(self.reset)

    async def aclose(self) -> None:
        await self.graph.aclose()
        await self.analytics.aclose()

    def reset(self) -> None:
        """Forget every conversation (languages, transfers in progress)."""
        self.conversations.clear()
        self._seen_mids.clear()

    async def setup_profile(self) -> None:
        """Get Started, greeting and persistent menu (Messenger Profile API)."""
        await self.graph.set_messenger_profile(messenger_profile(self.settings))

    # -- intake -------------------------------------------------------------------------------
    async def handle_webhook(self, payload: dict[str, Any]) -> None:
        """Handle every event of a webhook body, in order (standby entries are not ours)."""
        entries = payload.get("entry")
        for entry in entries if isinstance(entries, list) else []:
            events = entry.get("messaging") if isinstance(entry, dict) else None
            for event in events if isinstance(events, list) else []:
                if isinstance(event, dict):
                    await self.handle_event(event)

    async def handle_event(self, event: dict[str, Any]) -> None:
        sender = event.get("sender")
        psid = str(sender.get("id") or "") if isinstance(sender, dict) else ""
        if not psid or not _answers(event) or self._duplicate(event):
            return
        lock = self._locks.setdefault((id(asyncio.get_running_loop()), psid), asyncio.Lock())
        async with lock:
            try:
                await self._handle(psid, event)
            except Exception:
                log.exception("could not answer an event of kind %s", _kind(event))

    def _duplicate(self, event: dict[str, Any]) -> bool:
        """Meta redelivers a webhook it thinks failed: answer each ``mid`` once."""
        parts = (event.get("message"), event.get("postback"))
        mid = next((p["mid"] for p in parts if isinstance(p, dict) and p.get("mid")), None)
        if mid is None:
            return False
        if mid in self._seen_mids:
            return True
        self._seen_mids[str(mid)] = None
        while len(self._seen_mids) > SEEN_MIDS_KEPT:
            self._seen_mids.popitem(last=False)
        return False

    async def _handle(self, psid: str, event: dict[str, Any]) -> None:
        conversation = self.conversations.setdefault(psid, Conversation())
        if conversation.lang is None:
            profile = await self.graph.profile(psid)
            conversation.lang = language_of_locale((profile or {}).get("locale"))
        await self.graph.sender_action(psid, "typing_on")

        message = event.get("message") if isinstance(event.get("message"), dict) else {}
        raw_text = str(message.get("text") or "")
        conversation.lang = language_of(raw_text) or conversation.lang
        turn = Turn(
            psid=psid,
            lang=conversation.lang or "en",
            conversation=conversation,
            customer=self.core.customer_for(psid),
            text=normalise(raw_text),
        )
        if isinstance(event.get("account_linking"), dict):
            conversation.pending = None
            await linking.account_linking(self.context, turn, event["account_linking"])
        elif isinstance(event.get("postback"), dict):
            await self._payload(turn, str(event["postback"].get("payload") or ""))
        elif isinstance(message.get("quick_reply"), dict):
            await self._payload(turn, str(message["quick_reply"].get("payload") or ""))
        elif raw_text:
            await self._text(turn)
        else:
            conversation.pending = None
            await general.attachment(self.context, turn)

    async def _payload(self, turn: Turn, payload: str) -> None:
        name, turn.argument = split_payload(payload)
        turn.text = ""
        if name not in TRANSFER_STEPS:
            turn.conversation.pending = None
        await self._dispatch(turn, name if name in HANDLERS else "FALLBACK")

    async def _text(self, turn: Turn) -> None:
        """The reading order of CONVERSATIONS.md: numbers, a transfer in progress, intents."""
        pending = turn.conversation.pending
        if has_long_digit_run(turn.text):
            turn.conversation.pending = None
            await self._dispatch(turn, "DONT_TYPE_NUMBERS")
            return
        amount = first_amount(turn.text)
        if pending is not None and pending.stage == "amount" and amount is not None:
            await transfers.amount_given(self.context, turn, pending, amount)
            return
        if pending is not None and pending.stage == "confirm":
            if is_yes(turn.text):
                await self._dispatch(turn, "TRANSFER_CONFIRM")
                return
            if is_no(turn.text):
                await self._dispatch(turn, "TRANSFER_CANCEL")
                return
        turn.conversation.pending = None
        await self._dispatch(turn, classify(turn.text))

    async def _dispatch(self, turn: Turn, intent: str) -> None:
        if intent in LOGIN_FEATURES and turn.customer is None:
            await self.context.login_required(turn)
            return
        turn.intent = intent
        await HANDLERS[intent](self.context, turn)


def split_payload(payload: str) -> tuple[str, str | None]:
    """ "FREEZE_CARD:1234" -> ("FREEZE_CARD", "1234"); "TRANSFER|balance=1" -> ("TRANSFER", None)."""
    if "|" in payload:
        return payload.split("|", 1)[0], None
    if ":" in payload:
        name, argument = payload.split(":", 1)
        return name, argument
    return payload, None


def _answers(event: dict[str, Any]) -> bool:
    """Messages (not echoes), postbacks and account linking get answers; the rest not."""
    message = event.get("message")
    if isinstance(message, dict):
        return not message.get("is_echo") and bool(
            message.get("text") or message.get("attachments") or message.get("quick_reply")
        )
    return isinstance(event.get("postback"), dict) or isinstance(event.get("account_linking"), dict)


def _kind(event: dict[str, Any]) -> str:
    return next((k for k in event if k not in ("sender", "recipient", "timestamp")), "unknown")


__all__ = ["HANDLERS", "LOGIN_FEATURES", "BankBot", "split_payload"]
