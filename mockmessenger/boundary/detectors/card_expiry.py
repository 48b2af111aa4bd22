"""Card expiry dates (MM/YY, MM/YYYY, MM-YY) near words that name them."""

from __future__ import annotations

import re

from .base import Hit, Scan, Token
from .context import EXPIRY

#: How far before the date an expiry word may end.
BEFORE = 30
_EXPIRY = re.compile(r"^(0?[1-9]|1[0-2]) ?[/\-.] ?(\d{2}|20\d{2})$")


def detect(token: Token, scan: Scan) -> Hit | None:
    text = token.text.strip()
    if not _EXPIRY.match(text):
        return None
    if not scan.context(EXPIRY, token.start, token.end, before=BEFORE, after=0):
        return None
    return Hit("card_expiry", "card_expiry", token.start, token.end, text, "mm/yy+expiry-context")
