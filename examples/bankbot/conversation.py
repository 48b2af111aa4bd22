"""Per-user conversation state, and the event being answered (a :class:`Turn`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from mockmessenger.boundary.customers import Customer


@dataclass
class PendingTransfer:
    source: int  # index into the customer's accounts
    target: int
    amount: Decimal | None = None

    @property
    def stage(self) -> str:
        """ "amount" while the bot waits for an amount, then "confirm"."""
        return "amount" if self.amount is None else "confirm"


@dataclass
class Conversation:
    lang: str | None = None  # "en" or "ar"; None until the profile or a message says
    pending: PendingTransfer | None = None


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

    @property
    def linked(self) -> Customer:
        """The customer of a feature that needs one (the dispatcher made sure there is)."""
        if self.customer is None:
            raise RuntimeError("a login feature was reached without a linked customer")
        return self.customer


__all__ = ["Conversation", "PendingTransfer", "Turn"]
