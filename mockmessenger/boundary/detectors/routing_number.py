"""Bank routing codes: ABA routing numbers, UK sort codes, other national bank codes; context required.

The ABA checksum alone passes about one random 9-digit number in ten, so a routing
number is only a finding near words that name it.
"""

from __future__ import annotations

import re

from stdnum.us import rtn

from .base import Hit, Scan, Token
from .context import ACCOUNT, ROUTING

#: Where a routing word must be (characters before the number, after it).
BEFORE, AFTER = 40, 15
_SORT_CODE = re.compile(r"^\d{2}[- ]\d{2}[- ]\d{2}$")


def detect(token: Token, scan: Scan) -> Hit | None:
    digits = token.digits
    text = token.text.strip()
    if len(digits) == 9 and rtn.is_valid(digits):
        kind = "aba"
    elif len(digits) == 6 and (_SORT_CODE.match(text) or text.isdigit()):
        kind = "uk_sort_code"
    elif 5 <= len(digits) <= 8 and text.isdigit():
        kind = "bank_code"
    else:
        return None
    if not scan.context(ROUTING, token.start, token.end, BEFORE, AFTER):
        return None
    routing = scan.near(ROUTING, token.start, token.end, BEFORE, AFTER)
    account = scan.near(ACCOUNT, token.start, token.end, BEFORE, AFTER)
    if account is not None and routing is not None and account < routing:
        return None  # "sort code 20-00-00, account 55779911": the account word is the nearer one
    return Hit("routing_number", "routing_number", token.start, token.end, digits, kind, "medium")
