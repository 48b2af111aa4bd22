"""A customer's own transactions: an amount near transaction words (debit, merchant, معاملة, achat...)."""

from __future__ import annotations

from . import amounts
from .base import Hit, Scan, Token
from .context import BALANCE, TRANSACTION


def detect(token: Token, scan: Scan) -> Hit | None:
    amount = amounts.nearest_context(token, scan, TRANSACTION, BALANCE, rival_wins_ties=True)
    if amount is None or amounts.named_service(amount, scan):
        return None
    return Hit(
        "transaction",
        "transaction",
        amount.start,
        amount.end,
        amounts.digits(amount.text),
        "amount+transaction-context",
        "high" if amount.currency else "medium",
    )
