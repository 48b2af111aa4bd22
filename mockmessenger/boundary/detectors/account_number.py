"""Bare bank account numbers: 6 to 18 digits near words that say "account".

There is no checksum common to all banks, so context is what makes a number an
account number; a masked form (``****1234``) is judged by the policy instead.
"""

from __future__ import annotations

from .base import Hit, Scan, Token
from .context import ACCOUNT
from .phones import in_french_phone_layout, is_service_number

MIN_DIGITS = 6
MAX_DIGITS = 18
#: Where an account word must be (characters before the number, after it).
BEFORE, AFTER = 45, 20
#: A number right after this is a phone number.
NOT_AFTER = "+"


def detect(token: Token, scan: Scan) -> Hit | None:
    digits = token.digits
    if not MIN_DIGITS <= len(digits) <= MAX_DIGITS:
        return None
    if (
        scan.before(token.start, 1) == NOT_AFTER
        or token.text.count(".") == 1
        or token.text.count(",") >= 1
    ):
        return None  # a phone number or an amount
    if not scan.context(ACCOUNT, token.start, token.end, BEFORE, AFTER):
        return None
    if is_service_number(digits):
        return None  # the bank's phone line next to "account queries"
    if in_french_phone_layout(token.text):
        return None  # "Service compte : 09 69 32 00 00": a phone number, by how it is written
    return Hit(
        "account_number",
        "account_number",
        token.start,
        token.end,
        digits,
        "digits+account-context",
        "medium",
    )
