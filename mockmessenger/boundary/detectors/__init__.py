"""One module per category; :func:`detect_token` asks them in order of strength.

The order matters: a number valid as a card (Luhn, issuer range, the scheme's length) is a
card before it could be a national id whose checksum it also happens to pass, or an account
number; Emirates IDs (784...) and Egyptian ids are in no card range of their length anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from . import (
    account_number,
    balance,
    card_cvv,
    card_expiry,
    card_number,
    credential,
    iban,
    national_id,
    owned,
    routing_number,
    swift_bic,
    transaction,
)
from .base import DATE, Hit, Scan, Token
from .context import (
    ACCOUNT,
    ACCOUNT_KINDS,
    BALANCE,
    BALANCE_STRONG,
    CREDENTIAL,
    CVV,
    EXPIRY,
    NOT_SENSITIVE,
    ROUTING,
    SIGN_IN,
    TRANSACTION,
)

#: Detectors for digit tokens, strongest first, each with the digit counts it can claim:
#: a token is only shown to detectors that could want its length (the hot path).
NUMBER_DETECTORS: tuple[tuple[Callable[[Token, Scan], Hit | None], int, int], ...] = (
    (card_number.detect, 12, 60),
    (national_id.detect, 7, 15),
    (routing_number.detect, 5, 9),
    (account_number.detect, 6, 18),
    (card_expiry.detect, 3, 6),
    (card_cvv.detect, 3, 4),
    (credential.detect, 4, 8),
)
AMOUNT_DETECTORS = (balance.detect, transaction.detect, owned.detect)

#: Detectors that need no context word: the only ones asked about digits glued to letters
#: (``SAVE2026``, a hex blob), where context words cannot be trusted.
STRONG_DETECTORS = NUMBER_DETECTORS[:2]

#: The words the other detectors need, and the widest window any of them looks in (amounts: 70
#: before, 25 after). A token with none of these words starting in that window can only be one
#: of the strong detectors' (the hot path: most numbers in chatter are far from such words).
WEAK_CONTEXT = (
    ROUTING,
    ACCOUNT,
    EXPIRY,
    CVV,
    CREDENTIAL,
    SIGN_IN,
    BALANCE,
    TRANSACTION,
    ACCOUNT_KINDS,
)
WEAK_BEFORE = 70
WEAK_AFTER = 25
#: With none of those but a card word near, a number may still be a card payment's amount;
#: with no word at all, a statement line's (``transaction.detect_without_words``).
CARD_PAYMENT_CONTEXT = transaction.CARD_PAYMENT_CONTEXT


#: Short words a code is written glued to (``OTP482913``, ``PIN4821``, ``CVV123``): a number
#: right after one of them alone is read as a number after its word, not as part of a word.
CODE_WORDS = frozenset(("otp", "pin", "cvv", "cvc", "csc"))


def after_code_word(text: str, start: int) -> bool:
    """True when the letters right before ``start`` are one of :data:`CODE_WORDS`, whole."""
    if start < 3 or text[start - 3 : start].lower() not in CODE_WORDS:
        return False
    before = text[start - 4 : start - 3]
    return not (before.isascii() and before.isalpha())


#: What may stand between a balance word and the currency code it names (``Balance: SAR8432``,
#: ``Your balance is SAR8432``, ``رصيدك SAR8432``).
_LABEL_GAP = re.compile(r"(?:كم|ك|ي)?\s*(?:[:=]|is|est|هو)?\s*")
#: Currency codes an amount is written glued to (``SAR8432.10``, ``AED1,250.00``): upper case,
#: alone (not the end of a longer word: ``VISAR2026``), before an amount with its cents or
#: its thousands grouped (``SAR2026`` is a promo code as often).
_GLUED_CURRENCY = re.compile(r"(?<![A-Za-z])(?:SAR|AED|EGP|USD|EUR|GBP|KWD|BHD|QAR|OMR|JOD)$")
_WRITTEN_AMOUNT = re.compile(r"[.,]\d{2}$|\d,\d{3}")


def glued(token: Token, scan: Scan) -> bool:
    """True when the token's digits are part of a longer word (letters right before or after;
    a code word alone right before, with no benign word near, is no such word:
    :func:`after_code_word`; nor is a currency code: ``SAR8432.10``)."""
    text, start, end = scan.text, token.start, token.end
    after = text[end : end + 1]
    if after.isascii() and after.isalpha():
        return True
    before = text[start - 1 : start] if start else ""  # as scan.before(start, 1), without the call
    if not (before.isascii() and before.isalpha()):
        return False
    code = _GLUED_CURRENCY.search(text, max(0, start - 4), start)
    if code is not None and (
        _WRITTEN_AMOUNT.search(token.text) or _named_balance(text, code.start(), scan)
    ):
        return False  # SAR8432.10; Balance SAR8432
    # a code word with a benign one near (``promo code PIN4821``) is part of a name
    return (
        not after_code_word(text, start) or scan.near(NOT_SENSITIVE, start, end, 30, 0) is not None
    )


def _named_balance(text: str, code_start: int, scan: Scan) -> bool:
    """Whether a balance word names the amount whose currency code starts at ``code_start``."""
    distance = scan.near(BALANCE_STRONG, code_start, code_start, 40, 0)
    return distance is not None and (
        _LABEL_GAP.fullmatch(text, code_start - distance, code_start) is not None
    )


def detect_said(scan: Scan) -> Iterator[Hit]:
    """Values said after their word rather than found as tokens: passwords
    (``password: Summer2024!``) and BICs in lower case (``bic: rjhisari``)."""
    yield from credential.detect_passwords(scan)
    yield from swift_bic.detect_said(scan)


def detect_token(token: Token, scan: Scan) -> Hit | None:
    """The finding a candidate token is, if any."""
    if token.kind == "num":
        if DATE.fullmatch(token.text):
            return None  # 2026-09-04, 04/09/2026: a date is none of these categories
        count = len(token.digits)
        free = not glued(token, scan)
        weak = free and scan.any_within(
            WEAK_CONTEXT, token.start, token.end, WEAK_BEFORE, WEAK_AFTER
        )
        for detector, low, high in NUMBER_DETECTORS if weak else STRONG_DETECTORS:
            if low <= count <= high:
                hit = detector(token, scan)
                if hit is not None:
                    return hit
        if weak:
            for detector in AMOUNT_DETECTORS:
                hit = detector(token, scan)
                if hit is not None:
                    return hit
            return None
        if free:
            return transaction.detect_without_words(token, scan) or owned.detect(token, scan)
        return None
    if token.kind == "iban":
        return iban.detect(token, scan)
    if token.kind == "bic":
        return swift_bic.detect(token, scan)
    if token.kind == "nino":
        return national_id.detect_nino(token, scan)
    return None


__all__ = ["Hit", "Scan", "Token", "detect_said", "detect_token"]
