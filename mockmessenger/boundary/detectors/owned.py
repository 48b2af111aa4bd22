"""An amount said to be the customer's by a possessive: ``Your SEC bill is SAR 412.35``, ``Your
arrears are SAR 4,290.00``, ``Your murabaha installment of SAR 3,120.00``, ``Your wallet has
SAR 84.10``, ``وديعتك 50,000 ريال``.

No context word names these amounts (a bill, a deposit, a savings pot, a share of a dinner:
the things a customer owns are too many to list); ``your`` and a short noun phrase, then
``is``, ``of``, ``has``, a colon, then the amount with its currency say it. Only with the
currency: ``Your rating is 4.50`` is no money. What the bank sets is left to
``amounts.public`` (``Your annual fee is SAR 250``, ``Your limit is SAR 5,000``), and offers
said with a possessive are no customer's money (``Your welcome bonus of SAR 200``).
"""

from __future__ import annotations

import re

from . import amounts
from .base import Hit, Scan, Token

#: ``your`` (or its French forms), one to four words, a verb or a colon, right before the
#: amount and its currency: ``Your SEC bill is``, ``Your card's available limit is now``,
#: ``Your share of the dinner:``, ``Your traffic violations total``, ``Votre épargne :``.
_YOUR_THING = re.compile(
    r"(?<![A-Za-z])(?:your|votre|vos|ton|ta|tes)\s+"
    r"(?P<what>[^\s.,;:!?()]+(?:\s+[^\s.,;:!?()]+){0,3}?)\s*"
    r"(?:(?:is|are|was|were|of|has|have|holds?|totals?|total\s+is|comes\s+to|stands\s+at"
    r"|amounts\s+to|(?:is|are)\s+valued\s+at|est|sont|était|de|s['’]élève\s+à|a|ont)"
    r"(?:\s+(?:now|currently|still|only|just|actuellement|maintenant))?\s+|:\s*|=\s*|-\s+)$",
    re.IGNORECASE,
)
#: An Arabic noun with the second person's possessive (``وديعتك``, ``فاتورتك``, ``حوالتك``,
#: ``محفظتك``), at most two words more (``حوالتك لباكستان``), perhaps ``بمبلغ``, a colon,
#: ``هو``/``هي``, right before the amount.
_YOUR_THING_ARABIC = re.compile(
    r"(?P<what>[\u0621-\u064a]{2,}تك)(?:\s+[\u0621-\u064a]+){0,2}\s*:?\s*"
    r"(?:(?:هو|هي|بمبلغ|بقيمة|مبلغ)\s*:?\s*)?$"
)
#: Words in the noun phrase that make the amount an offer's or a quote's, not the customer's
#: money (``Your welcome bonus of``, ``Your chance to win``, ``Your estimated instalment``).
_NOT_OWNED = re.compile(
    r"\b(?:bonus|gift|prize|voucher|coupon|promo|discount|offer|deal|chance|reward|referral"
    r"|estimated|indicative|potential|possible|quote|example|first|next\s+purchase|password"
    r"|code|pin|otp|cadeau|prime|remise|offre)\b"
    r"|هدي[ةت]|مكافأ|خصم|عرض|جائز[ةت]|كوبون|قسيم[ةت]|فرص[ةت]|متوقع|تقريبي",
    re.IGNORECASE,
)
#: An offer's words right after the amount: ``Your package is SAR 99 only``.
_OFFER_AFTER = re.compile(
    r"\s*(?:[A-Za-z]+\s+)?(?:only|off|free|back|bonus|reward|gift|seulement|offerts?)\b"
    r"|\s*(?:فقط|خصم|هدية|مكافأة)",
    re.IGNORECASE,
)
#: A call to act on something of the customer's right before ``your`` (``Open your account
#: today: SAR 100 bonus``, ``Upgrade your card: SAR 300``): the bank's offer, not what they own.
_CALL_BEFORE = re.compile(
    r"\b(?:open|upgrade|use|get|protect|invite|keep|apply\s+for|activate|renew|link|add"
    r"|register|join|choose|switch|grow|boost|ouvrez|utilisez|protégez)\s+$",
    re.IGNORECASE,
)
#: How far before the amount the possessive may start.
REACH = 64


def detect(token: Token, scan: Scan) -> Hit | None:
    """An amount with its currency right after ``your`` and a short noun phrase and a verb or
    a colon (:data:`_YOUR_THING`, :data:`_YOUR_THING_ARABIC`); not an offer's (:data:`_NOT_OWNED`)
    nor a figure the bank sets (``amounts.public``)."""
    text = scan.text
    low = max(0, token.start - REACH)
    if not _possessive_near(scan, low, token.start):
        return None  # (the hot path: most numbers have no possessive near)
    amount = amounts.read(token, scan)
    if amount is None or not amount.currency:
        return None
    start, end = amounts.currency_span(text, amount.start, amount.end) or (
        amount.start,
        amount.end,
    )
    before = text[max(0, start - REACH) : start]
    said = _YOUR_THING.search(before) or _YOUR_THING_ARABIC.search(before)
    if said is None or _NOT_OWNED.search(said.group("what")):
        return None
    if _CALL_BEFORE.search(before, max(0, said.start() - 16), said.start()):
        return None
    if _OFFER_AFTER.match(text, end):
        return None
    if amounts.public(amount, scan, amounts.PUBLIC_AFTER + 1):
        return None
    return Hit(
        "balance",
        "balance",
        amount.start,
        amount.end,
        amounts.digits(amount.text),
        "amount+possessive",
        "high",
    )


_POSSESSIVE = re.compile(r"(?<![A-Za-z])(?:your|votre|vos|ton|ta|tes)\s|تك", re.IGNORECASE)


def _possessive_near(scan: Scan, low: int, high: int) -> bool:
    """Does a possessive start in ``low:high``? (Whether the text holds one at all is asked
    once a scan: most texts hold none, and every amount asks.)"""
    anywhere = scan.cache.get(_POSSESSIVE)
    if anywhere is None:
        anywhere = scan.cache[_POSSESSIVE] = _POSSESSIVE.search(scan.text) is not None
    return bool(anywhere) and _POSSESSIVE.search(scan.text, low, high) is not None
