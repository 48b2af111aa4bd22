"""Last-line scrubbing of text that a report is about to print.

The guard's findings carry masked excerpts, but a report also draws what the bot
said (an HTML bubble, a request URL in a failure message). Those strings may hold
the very value that leaked, possibly in a form the finding's span does not map
onto (another digit script, separators). This module hides every long run of
digits, of any script, and every IBAN-shaped token, keeping the last four
characters the way a careful bank does, so that no report ever shows a full
account or card number even when span mapping fails.
"""

from __future__ import annotations

import re
import unicodedata

MASK = "•"

#: digits of any script, possibly grouped by spaces, dashes, dots or commas
_DIGIT_RUN = re.compile(r"\d(?:[\d\u00a0\u202f \-.,/]{0,3}\d)+")
#: IBAN-like: two letters, two digits, then 10 to 30 letters/digits (spaces allowed)
_IBAN_LIKE = re.compile(r"\b[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[A-Za-z0-9]{1,4})?\b")

#: digit runs of at least this many digits are masked
MIN_DIGITS = 6


def _digit_count(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch) == "Nd")


def _keep_last4(token: str) -> str:
    digits = [ch for ch in token if ch.isalnum()]
    tail = "".join(digits[-4:])
    return f"{MASK * 4} {tail}"


def _mask_digits(match: re.Match[str]) -> str:
    token = match.group(0)
    if _digit_count(token) < MIN_DIGITS:
        return token
    return _keep_last4(token)


def scrub(text: str) -> str:
    """``text`` with long numbers and IBAN-shaped tokens masked to their last 4."""
    if not text:
        return text
    text = _IBAN_LIKE.sub(lambda m: _keep_last4(m.group(0)), text)
    return _DIGIT_RUN.sub(_mask_digits, text)


#: query parameters whose value is a secret of the bot, never printed
SECRET_PARAMS = re.compile(
    r"(?i)([?&](?:access_token|appsecret_proof|token|key|api_key|apikey|secret|password|"
    r"passwd|signature|sig|auth|authorization|code|client_secret)=)[^&#]*"
)


def scrub_url(url: str) -> str:
    """A URL safe to print: secret query values hidden, numbers and IBANs in the path and
    query masked; the scheme, host and port are kept (an IP address is not a secret)."""
    match = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)(.*)$", url)
    origin, rest = (match.group(1), match.group(2)) if match else ("", url)
    return origin + scrub(SECRET_PARAMS.sub(lambda m: m.group(1) + MASK * 3, rest))
