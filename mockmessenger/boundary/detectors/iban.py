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


@cache
def _positions(country: str) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """(positions that must be digits, positions that may be letters, positions that must be
    letters) in the country's IBAN: the check digits and the BBAN's ``n`` fields, its ``c``
    (alphanumeric) fields, its ``a`` fields."""
    info = numdb.get("iban").info(country)
    structure = (info[0][1] if info else {}).get("bban", "")
    digits, either, letters = [2, 3], [], []
    position = 4
    for count, kind in _STRUCT.findall(structure):
        span = range(position, position + int(count))
        {"n": digits, "c": either, "a": letters}[kind].extend(span)
        position += int(count)
    return tuple(digits), tuple(either), tuple(letters)


_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "|": "1"})


def _folded(value: str, country: str) -> str | None:
    """``value`` with look-alike letters read as digits where the country's IBAN has digits
    (then, if that is not enough, in its alphanumeric fields too), when that makes it valid."""
    digits, either, _ = _positions(country)
    chars = list(value)
    for positions in (digits, either):
        for i in positions:
            if i < len(chars):
                chars[i] = chars[i].translate(_LOOKALIKES)
        candidate = "".join(chars)
        if candidate != value and stdnum_iban.is_valid(candidate):
            return candidate
    return None


def _unfolded(value: str, country: str) -> str | None:
    """``value`` with digits read back as the letters they look like where the country's IBAN
    must have a letter (the normaliser read ``IT42 O000 ...``, an Italian CIN ``O``, as a zero
    among digits), when that makes it valid."""
    letters = [i for i in _positions(country)[2] if i < len(value) and value[i] in "01"]
    if not letters:
        return None
    for one in "IL":
        chars = list(value)
        for i in letters:
            chars[i] = "O" if chars[i] == "0" else one
        candidate = "".join(chars)
        if stdnum_iban.is_valid(candidate):
            return candidate
    return None


def detect(token: Token, scan: Scan) -> Hit | None:
    """A valid IBAN at the start of the token, cut at its country's length (look-alike letters
    where it has digits read as those digits: ``SAO3 8OOO ...``)."""
    del scan
    chars: list[tuple[str, int]] = []
    for offset, char in enumerate(token.text):
        if char.isalnum() or char == "|":
            chars.append((char.upper(), token.start + offset))
    if len(chars) < 15:
        return None
    country = chars[0][0] + chars[1][0]
    length = country_lengths().get(country)
    if length is None or len(chars) < length:
        return None
    value = "".join(c for c, _ in chars[:length])
    rule = f"iban-mod97:{country}"
    if not stdnum_iban.is_valid(value):
        folded = _folded(value, country) if any(c in "OIL|" for c in value[2:]) else None
        if folded is None:
            folded = _unfolded(value, country)
        if folded is None:
            return None
        value, rule = folded, f"{rule} look-alikes"
    return Hit("iban", "iban", token.start, chars[length - 1][1] + 1, value, rule)
