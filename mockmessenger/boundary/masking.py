"""Masking: the only form in which a sensitive value is ever shown.

Every report, log line, error message and recorder output goes through
:func:`mask`. It shows at most the last ``reveal`` characters (4 by default for
card, account and IBAN values, as the default policy allows), keeps an IBAN's
country code, and replaces everything else with ``•`` while keeping the value's
shape (length and grouping) so a reader can still tell what kind of value it was.
"""

from __future__ import annotations

import re

MASK = "•"

#: How many trailing characters may be shown per category when the caller does not say.
DEFAULT_REVEAL: dict[str, int] = {
    "card_number": 4,
    "account_number": 4,
    "iban": 4,
}


def mask(value: str, category: str, reveal: int | None = None) -> str:
    """``value`` with all but an allowed tail masked (``•••• •••• •••• 1111``)."""
    if reveal is None:
        reveal = DEFAULT_REVEAL.get(category, 0)
    significant = [i for i, c in enumerate(value) if c.isalnum()]
    if not significant:
        return MASK * len(value)
    # Never show more than a third of a value, whatever was asked: short values show nothing.
    reveal = min(reveal, len(significant) // 3)
    keep = set(significant[len(significant) - reveal :]) if reveal > 0 else set()
    if category == "iban" and len(significant) > 8:
        keep.update(significant[:2])
    if category == "swift_bic" and len(significant) >= 8:
        keep.update(significant[4:6])  # the country, public and useful
    return "".join(c if (i in keep or not c.isalnum()) else MASK for i, c in enumerate(value))


def mask_text(
    text: str, spans: list[tuple[int, int, str]], reveal: dict[str, int] | None = None
) -> str:
    """``text`` with each (start, end, category) span masked: for excerpts around findings."""
    out = []
    position = 0
    for start, end, category in sorted(spans):
        if start < position:
            continue
        out.append(text[position:start])
        out.append(mask(text[start:end], category, (reveal or {}).get(category)))
        position = end
    out.append(text[position:])
    return "".join(out)


_LONG_DIGITS = re.compile(r"\d(?:[\d \-.]*\d){5,}")


def redact(text: str) -> str:
    """``text`` with every run of 6 or more digits masked: for paths, hosts and error messages.

    A JSON key, a query parameter name or a host can carry a value as well as a field
    can; none of them is ever shown whole.
    """
    return _LONG_DIGITS.sub(lambda m: mask(m.group(0), "card_number", 0), text) if text else text
