"""Reading money amounts in any common format and currency (shared by balance and transaction).

1,234.56 / 1.234,56 / 1 234,56 / 1234 with a currency symbol or code before or
after it, in Latin or Arabic script (SAR, ر.س, AED, د.إ, EGP, ج.م, $, €, £...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import Scan, Token
from .context import PUBLIC_AMOUNT, WordSet

_CODES = "SAR|AED|EGP|USD|EUR|GBP|KWD|BHD|QAR|OMR|JOD|CHF|INR|SR|LE|Dhs?|Dh|US\\$|CA\\$|A\\$|EUR|euros?|dollars?|pounds?|riyals?|dirhams?"
_ARABIC = "ر\\.?\\s?س|د\\.?\\s?إ|ج\\.?\\s?م|د\\.?\\s?ك|ريال|ريالات|درهم|دراهم|جنيه|جنيهات|دينار|دولار|يورو|ر\\.ع|ر\\.ق"
_SYMBOLS = "[$€£¥₹﷼]"
CURRENCY_BEFORE = re.compile(
    rf"(?:{_SYMBOLS}|(?<![A-Za-z])(?:{_CODES})|{_ARABIC})\s?[-+]?$", re.IGNORECASE
)
CURRENCY_AFTER = re.compile(
    rf"^\s?(?:{_SYMBOLS}|(?:{_CODES})(?![A-Za-z])|{_ARABIC})", re.IGNORECASE
)
_AMOUNT = re.compile(r"^\d{1,3}(?:[,. '’]\d{3})+(?:[.,]\d{1,2})?$|^\d+(?:[.,]\d{1,2})?$")
_DECIMAL_OR_GROUPED = re.compile(r"[.,]\d{2}$|\d[,. ]\d{3}")


#: Where balance/transaction words may be: before an amount with a currency, before one
#: without, and after either.
REACH_CURRENCY, REACH_PLAIN, AFTER = 70, 40, 25
#: How far before an amount a fee or rate word makes it a published figure, and after it.
PUBLIC_BEFORE, PUBLIC_AFTER = 40, 15


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    text: str
    currency: bool


def read(token: Token, scan: Scan) -> Amount | None:
    """The amount a number token is (or starts/ends with), if it reads as money (cached per token)."""
    key = (token.start, token.end)
    cache = scan.cache
    if key not in cache:
        cache[key] = _read(token, scan)
    return cache[key]


def _read(token: Token, scan: Scan) -> Amount | None:
    pieces = [(token.start, token.text)]
    if " " in token.text:
        offset = 0
        for piece in token.text.split(" "):
            if piece:
                pieces.append((token.start + offset, piece))
            offset += len(piece) + 1
    for start, text in pieces:
        text = text.strip(" .,-/")
        if not text or not _AMOUNT.match(text):
            continue
        end = start + len(text)
        if scan.after(end, 1) == "%":
            continue
        currency = bool(
            CURRENCY_BEFORE.search(scan.text[max(0, start - 8) : start])
            or CURRENCY_AFTER.search(scan.text[end : end + 10])
        )
        if currency or _DECIMAL_OR_GROUPED.search(text):
            return Amount(start, end, text, currency)
    return None


def public(amount: Amount, scan: Scan, distance: int) -> bool:
    """True for published figures: fee, rate, minimum, limit... shortly before the amount, or nearer after it.

    ``Minimum balance required: SAR 3,000`` and ``Fee schedule: SAR 25 per transfer``
    name the bank's terms, not a customer's money.
    """
    before = scan.near(PUBLIC_AMOUNT, amount.start, amount.end, PUBLIC_BEFORE, 0)
    if before is not None:
        return True
    after = scan.near(PUBLIC_AMOUNT, amount.start, amount.end, 0, PUBLIC_AFTER)
    return after is not None and after < distance


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def nearest_context(
    token: Token, scan: Scan, words: WordSet, rival: WordSet, *, rival_wins_ties: bool
) -> Amount | None:
    """The token's amount when ``words`` are nearer to it than the ``rival`` words, and it is not public.

    Balance and transaction words often stand in one message ("balance after the debit
    of ..."): the nearer kind names the amount, so one amount is never reported twice.
    """
    amount = read(token, scan)
    if amount is None:
        return None
    reach = REACH_CURRENCY if amount.currency else REACH_PLAIN
    distance = scan.near(words, amount.start, amount.end, before=reach, after=AFTER)
    if distance is None:
        return None
    other = scan.near(rival, amount.start, amount.end, before=reach, after=AFTER)
    if other is not None and (other < distance or (rival_wins_ties and other == distance)):
        return None
    if public(amount, scan, distance):
        return None
    return amount
