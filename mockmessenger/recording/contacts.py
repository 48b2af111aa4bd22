"""E-mail and street addresses in recorded text: found to be replaced, as names are.

A recording goes into git, and an e-mail address or a home address is a real person's
data as much as a name. The e-mail pattern is the HTML standard's "valid e-mail
address" (WHATWG), with at least one dot in the domain so that ``@handles`` stay; the
street words are Faker's own lists of street suffixes (the same lists that make the
stand-ins) plus their postal abbreviations. An address is a house number, up to four
words and a street word, optionally followed by ``, City``; in Arabic, ``شارع`` and
the words after it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

#: WHATWG HTML, "valid e-mail address", domain with at least one dot.
EMAIL = re.compile(
    r"[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@"
    r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+"
)
#: Postal abbreviations of common street words (USPS, Royal Mail).
ABBREVIATIONS = ("St", "Rd", "Ave", "Av", "Blvd", "Dr", "Ln", "Ct", "Pl", "Sq", "Hwy", "Pkwy")
_ARABIC_STREET = r"(?:\d+\s+)?شارع(?:\s+[\u0600-\u06ff]+){1,3}"


@cache
def _address() -> re.Pattern[str]:
    from faker.providers.address.en_GB import Provider as British
    from faker.providers.address.en_US import Provider as American

    words = {*American.street_suffixes, *British.street_suffixes, *ABBREVIATIONS}
    suffix = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    word = r"[A-Z][\w'-]*"
    english = (
        rf"\b\d{{1,5}}[A-Za-z]?\s+(?:{word}\s+){{0,3}}(?:{suffix})\b\.?"
        rf"(?:,\s*[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)?"
    )
    return re.compile(rf"{english}|{_ARABIC_STREET}")


def find(text: str) -> Iterator[tuple[int, int, str]]:
    """``(start, end, kind)`` of every e-mail (``email``) and street address (``address``)."""
    for match in EMAIL.finditer(text):
        yield match.start(), match.end(), "email"
    for match in _address().finditer(text):
        yield match.start(), match.end(), "address"
