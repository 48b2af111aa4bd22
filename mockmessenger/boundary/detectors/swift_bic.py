"""SWIFT/BIC codes: structure and a real country (python-stdnum), and context words.

``stdnum.bic`` alone accepts words such as CUSTOMER or BALANCES, so a BIC is only
a finding near words that name it (swift, bic, سويفت).
"""

from __future__ import annotations

from functools import lru_cache

from stdnum import bic

from .base import Hit, Scan, Token
from .context import SWIFT

#: How far before the code a SWIFT/BIC word may end.
BEFORE = 18

#: Words that pass stdnum's BIC check and turn up in banking chatter.
NOT_BICS = frozenset(
    [
        "CUSTOMER",
        "BALANCES",
        "ACCOUNTS",
        "PAYMENTS",
        "TRANSFER",
        "SECURITY",
        "CURRENCY",
        "CUSTOMERS",
        "BUSINESS",
        "MERCHANT",
        "SHOPPING",
        "DISCOUNT",
        "CASHBACK",
        "TRANSFERS",
        "SAVINGS",
        "AUTOPAY",
        "DEPOSITS",
        "STANDARD",
        "PLATINUM",
        "OVERDRAFT",
        "ACTIVATE",
        "FEEDBACK",
        "QUESTION",
        "SETTINGS",
        "CONTACTS",
        "FINANCES",
        "PERSONAL",
        "CORPORATE",
        "BRANCHES",
        "SERVICES",
        "CHECKING",
        "MORTGAGE",
        "RECEIPTS",
        "ANSWERED",
        "REQUESTS",
    ]
)


#: stdnum's check, remembered: the same capitals (RESPONSE, UPDATE) come in every Send API body.
_is_valid = lru_cache(maxsize=4096)(bic.is_valid)


def detect(token: Token, scan: Scan) -> Hit | None:
    value = token.text.upper()
    if value in NOT_BICS or not _is_valid(value):
        return None
    if not scan.context(SWIFT, token.start, token.end, before=BEFORE, after=0):
        return None
    return Hit("swift_bic", "swift_bic", token.start, token.end, value, "bic-structure+context")
