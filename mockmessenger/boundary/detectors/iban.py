"""IBANs: country code, check digits, BBAN of the country's length, mod-97 (python-stdnum).

stdnum's registry covers the newer IBAN countries (Oman, Yemen, Sudan, Somalia,
Djibouti...); the length of each country's IBAN is read from it so that a greedy
candidate can be cut at the right place.
"""

from __future__ import annotations

import re
from functools import cache

from stdnum import iban as stdnum_iban
from stdnum import numdb

from .base import Hit, Scan, Token

_STRUCT = re.compile(r"([1-9][0-9]*)!([nac])")


@cache
def country_lengths() -> dict[str, int]:
    """Full IBAN length per country code, from stdnum's IBAN registry."""
    lengths: dict[str, int] = {}
    database = numdb.get("iban")
    for code in _country_codes():
        info = database.info(code)
        props = info[0][1] if info else {}
        bban = props.get("bban")
        if bban:
            lengths[code] = 4 + sum(int(n) for n, _ in _STRUCT.findall(bban))
    return lengths


def _country_codes() -> list[str]:
    from pathlib import Path

    import stdnum

    data = Path(stdnum.__file__).parent.joinpath("iban.dat").read_text("utf-8")
    return [
        line[:2]
        for line in data.splitlines()
        if len(line) > 2 and line[:2].isalpha() and line[2] == " "
    ]


def detect(token: Token, scan: Scan) -> Hit | None:
    """A valid IBAN at the start of the token, cut at its country's length."""
    del scan
    chars: list[tuple[str, int]] = []
    for offset, char in enumerate(token.text):
        if char.isalnum():
            chars.append((char.upper(), token.start + offset))
    if len(chars) < 15:
        return None
    country = chars[0][0] + chars[1][0]
    length = country_lengths().get(country)
    if length is None or len(chars) < length:
        return None
    value = "".join(c for c, _ in chars[:length])
    if not stdnum_iban.is_valid(value):
        return None
    return Hit(
        "iban", "iban", token.start, chars[length - 1][1] + 1, value, f"iban-mod97:{country}"
    )
