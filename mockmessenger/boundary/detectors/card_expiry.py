"""Card expiry dates (MM/YY, MM/YYYY, MM-YY, YYYY-MM) near words that name them.

"Expires" is said of many things a bank writes about: an offer, a session, opening hours.
A date is a card's expiry only when no such other thing is named nearer than a card, and
it is no time of day (``expire at 11.45 pm``) or rate (``1.25%``).
"""

from __future__ import annotations

import re

from .base import Hit, Scan, Token
from .context import CARD_WORDS, EXPIRY, EXPIRY_OTHER

#: How far before the date an expiry word may end (``Expiry date of your card ending 1111:``).
BEFORE = 45
#: How far before the date the name of something else that expires is looked for.
OTHER_BEFORE = 60
#: Years a card in use can expire in (``7-10 days`` is no expiry).
_YEARS = r"(?:1[6-9]|[2-4]\d)"
_EXPIRY = re.compile(
    rf"^(?:(0?[1-9]|1[0-2]) ?[/\-.] ?(20)?{_YEARS}|20{_YEARS}[/\-](0[1-9]|1[0-2]))$"
)
#: A time of day or a percentage right after the number.
_TIME_OR_RATE_AFTER = re.compile(
    r"^\s*(?:[ap]\.?m\b|h\b|heures?\b|hrs?\b|o'clock|%|٪|مساء|صباح|ظهر|عصر)", re.IGNORECASE
)
#: A time of day right before the number (``at 11.45``, ``الساعة 4.30``).
_TIME_BEFORE = re.compile(r"(?:\bat|\bà|الساعة|\bfrom|\buntil|\btill|من|حتى)\s*$", re.IGNORECASE)


def detect(token: Token, scan: Scan) -> Hit | None:
    text = token.text.strip()
    if not _EXPIRY.match(text):
        return None
    if not scan.context(EXPIRY, token.start, token.end, before=BEFORE, after=0):
        return None
    if "." in text and (
        _TIME_OR_RATE_AFTER.match(scan.text, token.end)
        or _TIME_BEFORE.search(scan.text[max(0, token.start - 12) : token.start])
    ):
        return None
    if scan.after(token.end, 1) in ("%", "٪"):
        return None
    other = scan.near(EXPIRY_OTHER, token.start, token.end, OTHER_BEFORE, 0)
    if other is not None:
        card = scan.near(CARD_WORDS, token.start, token.end, OTHER_BEFORE, 0)
        if card is None or other < card:
            return None
    return Hit("card_expiry", "card_expiry", token.start, token.end, text, "mm/yy+expiry-context")
