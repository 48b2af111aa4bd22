"""Credentials sent back out: PINs, OTPs and passwords echoed by the bot, next to words naming them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import Hit, Scan, Token
from .context import CREDENTIAL, PASSWORD

#: How far before the code a PIN/OTP word may end.
BEFORE = 30
#: A code right after one of these is no credential (a phone number, an order or ticket number).
NOT_AFTER = "+#"
_PASSWORD_VALUE = re.compile(
    r"\s*(?:is|was|:|=|هي|est|ist|->)\s*[:=]?\s*[\"'«]?(?P<value>[^\s\"'»،,]{4,64})"
)


def detect(token: Token, scan: Scan) -> Hit | None:
    """A 4-8 digit code right after a PIN/OTP/password word."""
    text = token.text.strip()
    if not (text.isdigit() and 4 <= len(text) <= 8):
        return None
    if scan.before(token.start, 1) in NOT_AFTER:
        return None
    if not scan.context(CREDENTIAL, token.start, token.end, before=BEFORE, after=0):
        return None
    return Hit("credential", "credential", token.start, token.end, text, "code+credential-context")


def detect_passwords(scan: Scan) -> Iterator[Hit]:
    """Passwords written out after a password word (``password: Summer2024!``)."""
    for _, word_end in scan.index.all(PASSWORD):
        match = _PASSWORD_VALUE.match(scan.text, word_end)
        if match is None:
            continue
        value = match.group("value")
        if value.isalpha() and not any(c.isupper() for c in value[1:]):
            continue  # an ordinary word ("password is required")
        yield Hit(
            "credential",
            "credential",
            match.start("value"),
            match.end("value"),
            value,
            "password+context",
        )
