"""One module per category; :func:`detect_token` asks them in order of strength.

The order matters: a Luhn-valid 16-digit number is a card before it could be an
account number, an Emirates ID before a card (784... is no card range anyway).
"""

from __future__ import annotations

from . import (
    account_number,
    balance,
    card_cvv,
    card_expiry,
    card_number,
    credential,
    iban,
    national_id,
    routing_number,
    swift_bic,
    transaction,
)
from .base import Hit, Scan, Token

#: Detectors for digit tokens, strongest first; the first that claims a span wins.
NUMBER_DETECTORS = (
    national_id.detect,
    card_number.detect,
    routing_number.detect,
    account_number.detect,
    card_expiry.detect,
    card_cvv.detect,
    credential.detect,
    balance.detect,
    transaction.detect,
)


#: Detectors that need no context word: the only ones asked about digits glued to letters
#: (``SAVE2026``, a hex blob), where context words cannot be trusted.
STRONG_DETECTORS = (national_id.detect, card_number.detect)


def glued(token: Token, scan: Scan) -> bool:
    """True when the token's digits are part of a longer word (letters right before or after)."""
    before, after = scan.before(token.start, 1), scan.after(token.end, 1)
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def detect_token(token: Token, scan: Scan) -> Hit | None:
    """The finding a candidate token is, if any."""
    if token.kind == "num":
        for detector in STRONG_DETECTORS if glued(token, scan) else NUMBER_DETECTORS:
            hit = detector(token, scan)
            if hit is not None:
                return hit
        return None
    if token.kind == "iban":
        return iban.detect(token, scan)
    if token.kind == "bic":
        return swift_bic.detect(token, scan)
    if token.kind == "nino":
        return national_id.detect_nino(token, scan)
    return None


__all__ = ["Hit", "Scan", "Token", "detect_token"]
