"""A customer's own transactions: an amount near transaction words (debit, merchant, معاملة, achat...),
or a card payment said without one: an amount at a card word with where or when it was spent
(``Your Mada card: SAR 320 at Panda on 05/03``, ``Carte : 42,90 € chez Monoprix le 05/03``,
``بطاقة مدى: 320 ريال لدى بنده``)."""

from __future__ import annotations

import re

from . import amounts
from .base import Hit, Scan, Token
from .context import BALANCE, CARD_WORDS, TRANSACTION


def detect(token: Token, scan: Scan) -> Hit | None:
    amount = amounts.nearest_context(token, scan, TRANSACTION, BALANCE, rival_wins_ties=True)
    if amount is not None and not amounts.named_service(amount, scan):
        return _hit(amount)
    return detect_card_payment(token, scan)


def _hit(amount: amounts.Amount) -> Hit:
    return Hit(
        "transaction",
        "transaction",
        amount.start,
        amount.end,
        amounts.digits(amount.text),
        "amount+transaction-context",
        "high" if amount.currency else "medium",
    )


#: Where a card payment was made, right after its amount: ``at Panda``, ``chez Monoprix``,
#: ``لدى بنده``, ``à Carrefour`` (a name: a capital letter, or an Arabic word).
_MERCHANT_AFTER = re.compile(
    r"\s*(?:at|@|chez|à|au|لدى|من\s+متجر|في\s+متجر)\s+(?:the\s+)?(?:[A-Z]|[\u0621-\u064a])"
)
#: When: a day and month (``05/03``, ``05/03/2026``, ``5 March``), or a day said by name.
_WHEN = re.compile(
    r"(?<![\d/])(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])(?:[/.-]\d{2,4})?(?![\d/])"
    r"|\b(?:yesterday|today|hier|aujourd['’]hui)\b|أمس|اليوم|بتاريخ",
    re.IGNORECASE,
)
#: An offer said with the amount: a price off, a discount, not a payment made.
_OFFER = re.compile(
    r"\b(?:off|discount|save|saving|deal|promo|remise|réduction|offerte?s?)\b|تخفيض|وفر|عرض",
    re.IGNORECASE,
)
#: A call to spend opening the clause (``Spend SAR 500 with your card at Jarir by 30/06``): an
#: offer's terms, no payment made.
_CALL_TO_SPEND = re.compile(
    r"\s*(?:spend|pay|use|earn|get|win|shop|dépensez|payez|utilisez|gagnez|ادفع|أنفق|انفق|استخدم|تسوق)\b",
    re.IGNORECASE,
)
#: How far after the amount its day may be said (``SAR 320 at Panda Hypermarket on 05/03``).
WHEN_AFTER = 48


def detect_card_payment(token: Token, scan: Scan) -> Hit | None:
    """An amount with its currency or cents, a card word within the amount words' reach, and
    in the amount's clause where it was spent (right after it) or when; no offer, fee, call to
    spend or bound said with it (``amounts.public``): ``Use your card: SAR 50 off at Jarir`` is
    no payment."""
    amount = amounts.read(token, scan)
    if amount is None or not (amount.currency or amounts.CENTS.search(amount.text)):
        return None
    distance = scan.near(
        CARD_WORDS, amount.start, amount.end, amounts.REACH_CURRENCY, amounts.AFTER
    )
    if distance is None:
        return None
    text = scan.text
    low, high = amounts.clause(text, amount.start, amount.end, amounts.REACH_CURRENCY, WHEN_AFTER)
    if not (_MERCHANT_AFTER.match(text, amount.end) or _WHEN.search(text, low, high)):
        return None
    if (
        _OFFER.search(text, low, high)
        or amounts.FEE.search(text, low, high)
        or _CALL_TO_SPEND.match(text, low)
    ):
        return None
    if amounts.public(amount, scan, distance):
        return None
    return _hit(amount)
