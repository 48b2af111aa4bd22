"""Card security codes: 3 or 4 digits right after words that name them."""

from __future__ import annotations

import re

from .base import Hit, Scan, Token, right_after
from .context import CVV
from .credential import ENDING_BEFORE

#: How far before the code a CVV word may end.
BEFORE = 25
#: A code written digit by digit (``1 2 3``, ``1-2-3-4``).
SPACED = re.compile(r"[0-9](?:[ \-][0-9]){2,3}")


def detect(token: Token, scan: Scan) -> Hit | None:
    text = token.text.strip()
    if not (text.isdigit() and len(text) in (3, 4)):
        if not (SPACED.fullmatch(text) and right_after(scan, CVV, token.start)):
            return None  # digit by digit, only right after the word (steps ① ② ③ are a list)
        text = token.digits
    if not (
        scan.context(CVV, token.start, token.end, before=BEFORE, after=0)
        or (scan.named_by(CVV, token.start, token.end, BEFORE) and not _last_digits(token, scan))
    ):
        return None
    return Hit("card_cvv", "card_cvv", token.start, token.end, text, "digits+cvv-context")


def _last_digits(token: Token, scan: Scan) -> bool:
    """The value's last digits are shown (``رمز التحقق إلى رقمك المنتهي بـ 4567``: a code was sent
    to the number ending 4567): a CVV word a few words back names something else."""
    return ENDING_BEFORE.search(scan.text, max(0, token.start - 24), token.start) is not None
