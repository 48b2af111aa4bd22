"""Per-user conversation state: language and a transfer in progress."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


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
    extra: dict[str, object] = field(default_factory=dict)
