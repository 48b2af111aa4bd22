"""The conversation logic of the demo bank bot: webhook events in, Send API calls out.

Each webhook event is read (text, quick reply, postback, attachment, account linking),
turned into an intent (see :mod:`bankbot.intents`) and answered through
:class:`bankbot.graph.GraphClient`. Everything a reply says comes from
:mod:`bankbot.texts`; the leak switches of :class:`bankbot.settings.Settings` are read
in exactly the places CONVERSATIONS.md names.
"""

from __future__ import annotations

import asyncio
import collections
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mockmessenger.boundary.customers import Card, Customer

from . import messages as m
from .analytics import Analytics
from .conversation import Conversation, PendingTransfer
from .core import CoreBanking, CurrencyMismatch, InsufficientFunds
from .graph import GraphClient
from .intents import classify, is_no, is_yes, transfer_kinds
from .public import RATES, branches_for, currencies_named
from .settings import Settings
from .textnorm import (
    first_amount,
    four_digit_groups,
    has_long_digit_run,
    language_of,
    language_of_locale,
    normalise,
)
from .texts import (
    MENU_QUICK_REPLIES,
    account_label,
    card_label,
    masked_last4,
    text,
    title,
)

log = logging.getLogger("bankbot")

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
#: How many message ids are remembered to drop redelivered webhooks.
SEEN_MIDS_KEPT = 10_000
#: Payloads that belong to a transfer in progress (every other input drops it).
TRANSFER_STEPS = frozenset({"TRANSFER_CONFIRM", "TRANSFER_CANCEL"})


@dataclass
class Turn:
    """One event being answered: who, in which language, with what."""

    psid: str
    lang: str
    conversation: Conversation
    customer: Customer | None
    text: str = ""  # normalised text of the message, "" for postbacks
    argument: str | None = None  # "1234" of "FREEZE_CARD:1234"
    intent: str = ""


Handler = Callable[[Turn], Awaitable[None]]


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
        self.conversations: dict[str, Conversation] = {}
        self._locks: dict[tuple[int, str], asyncio.Lock] = {}
        self._seen_mids: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._handlers: dict[str, Handler] = {
            "GET_STARTED": self._welcome,
            "WELCOME": self._welcome,
            "MENU": self._menu,
            "FALLBACK": self._fallback,
            "THANKS": self._thanks,
            "LOGIN": self._login,
            "LOGOUT": self._logout,
            "BALANCE": self._balance,
            "TRANSACTIONS": self._transactions,
            "CARDS": self._cards,
            "FREEZE_CARD": self._freeze,
            "UNFREEZE_CARD": self._unfreeze,
            "DISPUTE_CARD": self._dispute,
            "TRANSFER": self._transfer,
            "TRANSFER_CONFIRM": self._transfer_confirm,
            "TRANSFER_CANCEL": self._transfer_cancel,
            "BRANCHES": self._branches,
            "RATES": self._rates,
            "AGENT": self._agent,
            "REFUSE_SECRET": self._refuse,
            "REFUSE_OTHER": self._refuse,
            "REFUSE_MANIPULATION": self._refuse,
            "DONT_TYPE_NUMBERS": self._refuse,
        }

    async def aclose(self) -> None:
        await self.graph.aclose()
        await self.analytics.aclose()

    def reset(self) -> None:
        """Forget every conversation (languages, transfers in progress)."""
        self.conversations.clear()

    # -- Messenger Profile ------------------------------------------------------------------
    def messenger_profile(self) -> dict[str, Any]:
        """Get Started, greeting and persistent menu, in English and Arabic."""

        def menu(locale: str, lang: str) -> dict[str, Any]:
            return {
                "locale": locale,
                "composer_input_disabled": False,
                "call_to_actions": [
                    m.postback_button(title("BALANCE", lang), "BALANCE"),
                    m.postback_button(title("CARDS", lang), "CARDS"),
                    m.postback_button(title("BRANCHES", lang), "BRANCHES"),
                    m.postback_button(title("AGENT", lang), "AGENT"),
                    m.url_button(title("APP", lang), self.settings.app_url),
                ],
            }

        return {
            "get_started": {"payload": "GET_STARTED"},
            "greeting": [
                {"locale": "default", "text": text("GREETING", "en")},
                {"locale": "ar_AR", "text": text("GREETING", "ar")},
            ],
            "persistent_menu": [menu("default", "en"), menu("ar_AR", "ar")],
        }

    async def setup_profile(self) -> None:
        await self.graph.set_messenger_profile(self.messenger_profile())

    # -- webhook events ---------------------------------------------------------------------
    async def handle_webhook(self, payload: dict[str, Any]) -> None:
        """Handle every event of a webhook body, in order (standby entries are not ours)."""
        for entry in payload.get("entry") or []:
            if not isinstance(entry, dict):
                continue
            for event in entry.get("messaging") or []:
                if isinstance(event, dict):
                    await self.handle_event(event)

    async def handle_event(self, event: dict[str, Any]) -> None:
        psid = str((event.get("sender") or {}).get("id") or "")
        if not psid or not self._answers(event) or self._duplicate(event):
            return
        key = (id(asyncio.get_running_loop()), psid)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            try:
                await self._handle(psid, event)
            except Exception:
                log.exception("could not answer an event of kind %s", _kind(event))

    def _duplicate(self, event: dict[str, Any]) -> bool:
        """Meta redelivers a webhook it thinks failed: answer each ``mid`` once."""
        mid = next(
            (
                part.get("mid")
                for part in (event.get("message"), event.get("postback"))
                if isinstance(part, dict) and part.get("mid")
            ),
            None,
        )
        if mid is None:
            return False
        if mid in self._seen_mids:
            return True
        self._seen_mids[str(mid)] = None
        while len(self._seen_mids) > SEEN_MIDS_KEPT:
            self._seen_mids.popitem(last=False)
        return False

    @staticmethod
    def _answers(event: dict[str, Any]) -> bool:
        """Messages (not echoes), postbacks and account linking get answers; the rest not."""
        message = event.get("message")
        if isinstance(message, dict):
            return not message.get("is_echo") and bool(
                message.get("text") or message.get("attachments") or message.get("quick_reply")
            )
        return isinstance(event.get("postback"), dict) or isinstance(
            event.get("account_linking"), dict
        )

    async def _handle(self, psid: str, event: dict[str, Any]) -> None:
        conversation = self.conversations.setdefault(psid, Conversation())
        if conversation.lang is None:
            profile = await self.graph.profile(psid)
            conversation.lang = language_of_locale((profile or {}).get("locale"))
        await self.graph.sender_action(psid, "typing_on")

        if "account_linking" in event:
            await self._account_linking(psid, conversation, event["account_linking"])
            return

        message = event.get("message") or {}
        raw_text = message.get("text") or ""
        conversation.lang = language_of(raw_text) or conversation.lang
        turn = Turn(
            psid=psid,
            lang=conversation.lang or "en",
            conversation=conversation,
            customer=self.core.customer_for(psid),
            text=normalise(raw_text),
        )
        if "postback" in event:
            await self._payload(turn, str(event["postback"].get("payload") or ""))
        elif isinstance(message.get("quick_reply"), dict):
            await self._payload(turn, str(message["quick_reply"].get("payload") or ""))
        elif raw_text:
            await self._text(turn)
        else:
            conversation.pending = None
            await self._send_text(turn, "ATTACHMENT", self._back())

    async def _payload(self, turn: Turn, payload: str) -> None:
        name, argument = _split_payload(payload)
        turn.argument = argument
        turn.text = ""
        if name not in TRANSFER_STEPS:
            turn.conversation.pending = None
        await self._dispatch(turn, name if name in self._handlers else "FALLBACK")

    async def _text(self, turn: Turn) -> None:
        pending = turn.conversation.pending
        if has_long_digit_run(turn.text):
            turn.conversation.pending = None
            await self._dispatch(turn, "DONT_TYPE_NUMBERS")
            return
        amount = first_amount(turn.text)
        if pending is not None and pending.stage == "amount" and amount is not None:
            await self._transfer_amount(turn, pending, amount)
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
            await self._login_required(turn)
            return
        turn.intent = intent
        await self._handlers[intent](turn)

    # -- sending ----------------------------------------------------------------------------
    async def _send(self, turn: Turn, message: dict[str, Any]) -> None:
        await self.graph.send(turn.psid, message)

    async def _send_text(
        self,
        turn: Turn,
        key: str,
        quick_replies: list[tuple[str, str]] | tuple[()] = (),
        **values: object,
    ) -> None:
        await self._send(turn, m.text_message(text(key, turn.lang, **values), quick_replies))

    def _menu_replies(self, lang: str) -> list[tuple[str, str]]:
        return [(title(key, lang), payload) for key, payload in MENU_QUICK_REPLIES]

    def _back(self, lang: str | None = None) -> list[tuple[str, str]]:
        return [(title("MENU", lang or "en"), "MENU")]

    async def _track(self, event: str, turn: Turn) -> None:
        if self.settings.analytics_leak and turn.customer is not None:
            await self.analytics.track(event, turn.psid, turn.customer)

    def _card(self, card: Card, lang: str) -> str:
        return card_label(card, lang, full_arabic_digits=self.settings.arabic_digits_card)

    # -- general ----------------------------------------------------------------------------
    async def _welcome(self, turn: Turn) -> None:
        await self._send_text(turn, "WELCOME", self._menu_replies(turn.lang))

    async def _menu(self, turn: Turn) -> None:
        await self._send_text(turn, "MENU", self._menu_replies(turn.lang))

    async def _fallback(self, turn: Turn) -> None:
        await self._send_text(turn, "FALLBACK", self._menu_replies(turn.lang))

    async def _thanks(self, turn: Turn) -> None:
        await self._send_text(turn, "THANKS", self._back(turn.lang))

    async def _refuse(self, turn: Turn) -> None:
        await self._send_text(turn, turn.intent, self._back(turn.lang))

    # -- login ------------------------------------------------------------------------------
    async def _login_required(self, turn: Turn) -> None:
        message = m.button_template(
            text("LOGIN_REQUIRED", turn.lang), [m.login_button(self.settings.login_url)]
        )
        await self._send(turn, message)

    async def _login(self, turn: Turn) -> None:
        if turn.customer is not None:
            await self._send_text(turn, "ALREADY_LINKED", self._menu_replies(turn.lang))
            return
        message = m.button_template(
            text("LOGIN_PROMPT", turn.lang), [m.login_button(self.settings.login_url)]
        )
        await self._send(turn, message)

    async def _logout(self, turn: Turn) -> None:
        if turn.customer is None:
            await self._send_text(turn, "NOT_LINKED", self._back(turn.lang))
            return
        message = m.button_template(text("LOGOUT_PROMPT", turn.lang), [m.logout_button()])
        await self._send(turn, message)

    async def _account_linking(
        self, psid: str, conversation: Conversation, linking: dict[str, Any]
    ) -> None:
        lang = conversation.lang or "en"
        conversation.pending = None
        turn = Turn(psid, lang, conversation, None)
        if linking.get("status") == "unlinked":
            self.core.unlink(psid)
            await self._send_text(turn, "UNLINKED", self._back(lang))
            return
        customer = self.core.link(psid, str(linking.get("authorization_code") or ""))
        if customer is None:
            message = m.button_template(
                text("LINK_FAILED", lang), [m.login_button(self.settings.login_url)]
            )
            await self._send(turn, message)
            return
        await self.graph.set_user_menu(psid, self._user_menu(customer, lang))
        await self._send_text(turn, "LINKED", self._menu_replies(lang))

    def _user_menu(self, customer: Customer, lang: str) -> list[dict[str, Any]]:
        url = f"{self.settings.app_url}/accounts"
        if self.settings.account_in_menu_url and customer.accounts:
            url += f"?account={customer.accounts[0].number}"
        return [
            {
                "locale": "default",
                "composer_input_disabled": False,
                "call_to_actions": [
                    m.postback_button(title("BALANCE", lang), "BALANCE"),
                    m.postback_button(title("TRANSACTIONS", lang), "TRANSACTIONS"),
                    m.postback_button(title("CARDS", lang), "CARDS"),
                    m.url_button(title("MY_ACCOUNTS", lang), url),
                ],
            }
        ]

    # -- accounts ---------------------------------------------------------------------------
    async def _balance(self, turn: Turn) -> None:
        customer = _linked(turn)
        if not customer.accounts:
            await self._send_text(turn, "NO_ACCOUNTS", self._back(turn.lang))
            return
        separator = "، " if turn.lang == "ar" else ", "
        accounts = separator.join(account_label(a, turn.lang) for a in customer.accounts)
        transfer_payload = "TRANSFER"
        if self.settings.balance_in_postback:
            transfer_payload = f"TRANSFER|balance={customer.accounts[0].balance}"
        message = m.button_template(
            text("BALANCE", turn.lang, accounts=accounts),
            [
                m.url_button(title("VIEW_BALANCE", turn.lang), f"{self.settings.app_url}/accounts"),
                m.postback_button(title("TRANSFER", turn.lang), transfer_payload),
            ],
        )
        await self._send(turn, message)
        await self._track("balance_viewed", turn)

    async def _transactions(self, turn: Turn) -> None:
        customer = _linked(turn)
        if not customer.accounts:
            await self._send_text(turn, "NO_ACCOUNTS", self._back(turn.lang))
            return
        separator = "؛ " if turn.lang == "ar" else "; "
        counts = separator.join(
            text(
                "TRANSACTIONS_COUNT",
                turn.lang,
                n=len(account.transactions),
                account=account_label(account, turn.lang),
            )
            for account in customer.accounts
        )
        metadata = "bankbot:transactions"
        if self.settings.memo_in_metadata:
            memos = [
                t.memo
                for a in customer.accounts
                for t in sorted(a.transactions, key=lambda t: t.date, reverse=True)
                if t.memo
            ]
            metadata = json.dumps(
                {"view": "transactions", "last_memo": memos[0] if memos else ""},
                ensure_ascii=False,
            )
        message = m.text_message(
            text("TRANSACTIONS", turn.lang, counts=counts, app=self.settings.app_url),
            [(title("DISPUTE", turn.lang), "DISPUTE_CARD"), *self._back(turn.lang)],
            metadata=metadata,
        )
        await self._send(turn, message)
        await self._track("transactions_viewed", turn)

    # -- cards ------------------------------------------------------------------------------
    async def _cards(self, turn: Turn) -> None:
        customer = _linked(turn)
        if not customer.cards:
            await self._send_text(turn, "NO_CARDS", self._back(turn.lang))
            return
        elements = []
        for card in customer.cards[:10]:
            if card.frozen:
                state = text("CARD_FROZEN", turn.lang)
                toggle = m.postback_button(
                    title("UNFREEZE", turn.lang), f"UNFREEZE_CARD:{card.last4}"
                )
            else:
                state = text("CARD_ACTIVE", turn.lang)
                toggle = m.postback_button(title("FREEZE", turn.lang), f"FREEZE_CARD:{card.last4}")
            elements.append(
                {
                    "title": self._card(card, turn.lang),
                    "subtitle": state,
                    "buttons": [
                        toggle,
                        m.postback_button(
                            title("DISPUTE", turn.lang), f"DISPUTE_CARD:{card.last4}"
                        ),
                    ],
                }
            )
        await self._send(turn, m.generic_template(elements))
        await self._track("cards_viewed", turn)

    def _choose_card(self, turn: Turn, eligible: list[Card]) -> tuple[str, Card | None]:
        """("card", c) to act on, ("named", c) for a named but ineligible card, ("ask", None)
        to ask which, ("none", None) when no card is eligible."""
        customer = _linked(turn)
        if turn.argument is not None:
            card = self.core.find_card(customer, turn.argument)
            if card is None:
                return ("ask", None) if eligible else ("none", None)
            return ("card", card) if card in eligible else ("named", card)
        for group in four_digit_groups(turn.text):
            card = self.core.find_card(customer, group)
            if card is not None:
                return ("card", card) if card in eligible else ("named", card)
        if not eligible:
            return "none", None
        if len(eligible) == 1:
            return "card", eligible[0]
        return "ask", None

    async def _ask_card(self, turn: Turn, key: str, action: str, eligible: list[Card]) -> None:
        replies = [(masked_last4(card.last4), f"{action}:{card.last4}") for card in eligible]
        await self._send_text(turn, key, replies[:13])

    async def _freeze(self, turn: Turn) -> None:
        await self._toggle(turn, freeze=True)

    async def _unfreeze(self, turn: Turn) -> None:
        await self._toggle(turn, freeze=False)

    async def _toggle(self, turn: Turn, *, freeze: bool) -> None:
        customer = _linked(turn)
        prefix = "FREEZE" if freeze else "UNFREEZE"
        if not customer.cards:
            await self._send_text(turn, "NO_CARDS", self._back(turn.lang))
            return
        eligible = [card for card in customer.cards if card.frozen != freeze]
        choice, card = self._choose_card(turn, eligible)
        if choice == "ask":
            await self._ask_card(turn, f"{prefix}_ASK", f"{prefix}_CARD", eligible)
            return
        if choice == "none":
            await self._send_text(turn, f"{prefix}_NONE", self._back(turn.lang))
            return
        assert card is not None
        label = self._card(card, turn.lang)
        if choice == "named":
            await self._send_text(turn, f"{prefix}_ALREADY", self._back(turn.lang), card=label)
            return
        self.core.set_frozen(customer, card, freeze)
        await self._send(turn, m.image_message(self._card_image_url(card)))
        undo = ("UNFREEZE", "UNFREEZE_CARD") if freeze else ("FREEZE", "FREEZE_CARD")
        replies = [(title(undo[0], turn.lang), f"{undo[1]}:{card.last4}"), *self._back(turn.lang)]
        await self._send_text(turn, f"{prefix}_DONE", replies, card=label)
        await self._track("card_frozen" if freeze else "card_unfrozen", turn)

    def _card_image_url(self, card: Card) -> str:
        state = "frozen" if card.frozen else "active"
        url = f"{self.settings.cdn_url}/cards/render.png?brand={card.brand}&state={state}"
        if self.settings.card_in_image_url:
            url += f"&pan={card.number}"
        return url

    async def _dispute(self, turn: Turn) -> None:
        customer = _linked(turn)
        if not customer.cards:
            await self._send_text(turn, "NO_CARDS", self._back(turn.lang))
            return
        choice, card = self._choose_card(turn, list(customer.cards))
        if choice != "card" or card is None:
            await self._ask_card(turn, "DISPUTE_ASK", "DISPUTE_CARD", list(customer.cards))
            return
        ticket = self.core.open_dispute(customer, card)
        replies = []
        if not card.frozen:
            replies.append((title("FREEZE_CARD", turn.lang), f"FREEZE_CARD:{card.last4}"))
        replies.extend(self._back(turn.lang))
        label = self._card(card, turn.lang)
        await self._send_text(turn, "DISPUTE_DONE", replies, ticket=ticket, card=label)
        await self._track("dispute_opened", turn)

    # -- transfers --------------------------------------------------------------------------
    async def _transfer(self, turn: Turn) -> None:
        customer = _linked(turn)
        accounts = customer.accounts
        if len(accounts) < 2:
            await self._send_text(turn, "TRANSFER_NEED_TWO", self._back(turn.lang))
            return
        source_kind, target_kind = transfer_kinds(turn.text)
        source = _index_of_kind(accounts, source_kind)
        target = _index_of_kind(accounts, target_kind, exclude=source)
        if source is None:
            source = 1 if target == 0 else 0
        if target is None or target == source:
            target = next(i for i in range(len(accounts)) if i != source)
        if accounts[source].currency != accounts[target].currency:
            await self._send_text(turn, "TRANSFER_SAME_CURRENCY", self._back(turn.lang))
            return
        pending = PendingTransfer(source, target)
        turn.conversation.pending = pending
        amount = first_amount(turn.text)
        if amount is None:
            await self._send_text(
                turn,
                "TRANSFER_ASK_AMOUNT",
                [(title("CANCEL", turn.lang), "TRANSFER_CANCEL")],
                **self._transfer_labels(turn, pending),
            )
            return
        await self._transfer_amount(turn, pending, amount)

    def _transfer_labels(self, turn: Turn, pending: PendingTransfer) -> dict[str, str]:
        accounts = _linked(turn).accounts
        return {
            "source": account_label(accounts[pending.source], turn.lang),
            "target": account_label(accounts[pending.target], turn.lang),
        }

    async def _transfer_amount(
        self, turn: Turn, pending: PendingTransfer, amount: Decimal | None
    ) -> None:
        if turn.customer is None:
            await self._login_required(turn)
            return
        exponent = amount.as_tuple().exponent if amount is not None else 0
        if amount is None or amount <= 0 or not isinstance(exponent, int) or exponent < -2:
            await self._send_text(
                turn, "TRANSFER_BAD_AMOUNT", [(title("CANCEL", turn.lang), "TRANSFER_CANCEL")]
            )
            return
        pending.amount = amount.quantize(Decimal("0.01"))
        source = turn.customer.accounts[pending.source]
        await self._send_text(
            turn,
            "TRANSFER_CONFIRM",
            [
                (title("YES", turn.lang), "TRANSFER_CONFIRM"),
                (title("NO", turn.lang), "TRANSFER_CANCEL"),
            ],
            amount=f"{pending.amount:.2f}",
            currency=source.currency,
            **self._transfer_labels(turn, pending),
        )

    async def _transfer_confirm(self, turn: Turn) -> None:
        customer = _linked(turn)
        pending = turn.conversation.pending
        turn.conversation.pending = None
        if pending is None or pending.amount is None:
            await self._send_text(turn, "TRANSFER_NOTHING_PENDING", self._back(turn.lang))
            return
        labels = self._transfer_labels(turn, pending)
        source, target = customer.accounts[pending.source], customer.accounts[pending.target]
        try:
            receipt = self.core.transfer(customer, source, target, pending.amount)
        except InsufficientFunds:
            await self._send_text(turn, "TRANSFER_INSUFFICIENT", self._back(turn.lang), **labels)
            return
        except CurrencyMismatch:
            await self._send_text(turn, "TRANSFER_SAME_CURRENCY", self._back(turn.lang))
            return
        if self.settings.iban_in_receipt:
            payment_method = text("RECEIPT_FROM_IBAN", turn.lang, iban=source.iban or source.number)
        else:
            payment_method = text("RECEIPT_FROM", turn.lang, source=labels["source"])
        amount = float(receipt.amount)
        await self._send(
            turn,
            m.receipt_template(
                recipient_name=text("RECEIPT_RECIPIENT", turn.lang),
                order_number=receipt.reference,
                currency=receipt.currency,
                payment_method=payment_method,
                elements=[
                    {
                        "title": text("RECEIPT_TO", turn.lang, target=labels["target"]),
                        "price": amount,
                        "currency": receipt.currency,
                    }
                ],
                total_cost=amount,
            ),
        )
        await self._send_text(
            turn, "TRANSFER_DONE", self._back(turn.lang), reference=receipt.reference
        )
        await self._track("transfer_completed", turn)

    async def _transfer_cancel(self, turn: Turn) -> None:
        turn.conversation.pending = None
        await self._send_text(turn, "TRANSFER_CANCELLED", self._back(turn.lang))

    # -- public information -----------------------------------------------------------------
    async def _branches(self, turn: Turn) -> None:
        elements = [
            {
                "title": branch.title(turn.lang),
                "subtitle": text("BRANCH_ATM", turn.lang, address=branch.address(turn.lang)),
                "buttons": [
                    m.call_button(title("CALL", turn.lang), branch.phone),
                    m.url_button(
                        title("DIRECTIONS", turn.lang),
                        f"{self.settings.maps_url}/branches/{branch.id}",
                    ),
                ],
            }
            for branch in branches_for(turn.text)
        ]
        await self._send(turn, m.generic_template(elements))

    async def _rates(self, turn: Turn) -> None:
        named = currencies_named(turn.text)
        rates = dict(RATES)
        if len(named) == 1:
            code = named[0]
            await self._send_text(
                turn, "RATES_ONE", self._back(turn.lang), code=code, rate=rates[code]
            )
            return
        listed = " · ".join(f"{code} {rate}" for code, rate in RATES)
        await self._send_text(turn, "RATES_ALL", self._back(turn.lang), rates=listed)

    async def _agent(self, turn: Turn) -> None:
        await self._send_text(turn, "AGENT")
        await self.graph.pass_thread_control(
            turn.psid, self.settings.page_inbox_app_id, "agent_requested"
        )


def _split_payload(payload: str) -> tuple[str, str | None]:
    """ "FREEZE_CARD:1234" -> ("FREEZE_CARD", "1234"); "TRANSFER|balance=1" -> ("TRANSFER", None)."""
    if "|" in payload:
        return payload.split("|", 1)[0], None
    if ":" in payload:
        name, argument = payload.split(":", 1)
        return name, argument
    return payload, None


def _linked(turn: Turn) -> Customer:
    if turn.customer is None:  # _dispatch sends LOGIN_REQUIRED before any feature runs
        raise RuntimeError("feature reached without a linked customer")
    return turn.customer


def _index_of_kind(accounts: list[Any], kind: str | None, exclude: int | None = None) -> int | None:
    if kind is None:
        return None
    aliases = {"current": ("current", "checking"), "savings": ("savings",)}[kind]
    return next(
        (i for i, a in enumerate(accounts) if a.kind in aliases and i != exclude),
        None,
    )


def _kind(event: dict[str, Any]) -> str:
    return next((k for k in event if k not in ("sender", "recipient", "timestamp")), "unknown")


__all__ = ["BankBot", "Turn"]
