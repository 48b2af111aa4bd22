"""A customer's own transactions: an amount near transaction words (debit, merchant, معاملة, achat...)."""

from __future__ import annotations

from . import amounts
from .base import Hit, Scan, Token
from .context import BALANCE, TRANSACTION


def detect(token: Token, scan: Scan) -> Hit | None:
    amount = amounts.read(token, scan)
    if amount is None:
        return None
    reach = 70 if amount.currency else 40
    distance = scan.near(TRANSACTION, amount.start, amount.end, before=reach, after=25)
    if distance is None:
        return None
    other = scan.near(BALANCE, amount.start, amount.end, before=reach, after=25)
    if other is not None and other <= distance:
        return None
    if amounts.public(amount, scan, distance):
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
