"""A customer's balance: an amount near balance words (balance, رصيد, solde, available, متاح)."""

from __future__ import annotations

from . import amounts
from .base import Hit, Scan, Token
from .context import BALANCE, TRANSACTION


def detect(token: Token, scan: Scan) -> Hit | None:
    amount = amounts.nearest_context(token, scan, BALANCE, TRANSACTION, rival_wins_ties=False)
    if amount is None:
        return None
    return Hit(
        "balance",
        "balance",
        amount.start,
        amount.end,
        amounts.digits(amount.text),
        "amount+balance-context",
        "high" if amount.currency else "medium",
    )
