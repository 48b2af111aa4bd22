"""Service lines: toll-free, shared-cost and universal access numbers a bank publishes.

``For account queries: 8001244444`` and ``Iqama renewal support: 920012345`` put a number
next to an account or id word, and the number is the bank's (or a ministry's) phone line.
libphonenumber (``phonenumbers``) knows each country's numbering plan; a number it reads as a
service line in a country the bundled customers come from is no account number or id.
Mobile and landline numbers are not excluded: those a customer owns are too close to ids, except
where the way a number is written says it is one: ``Service compte : 09 69 32 00 00`` is a
French phone number (five pairs from a 0), a layout no bank prints an account number in.
"""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers
from phonenumbers import PhoneNumberType

#: Countries of the bundled locales, and the other Gulf states.
REGIONS = ("SA", "AE", "EG", "KW", "QA", "BH", "OM", "JO", "GB", "FR", "DE", "US")
_SERVICE = frozenset(
    {
        PhoneNumberType.TOLL_FREE,
        PhoneNumberType.SHARED_COST,
        PhoneNumberType.UAN,
    }
)


#: Ten digits in five pairs, the first a 0 and a digit (``09 69 32 00 00``, ``01.23.45.67.89``):
#: the French way to write a phone number.
_FRENCH_LAYOUT = re.compile(r"0[1-9](?:([ .\-])[0-9]{2})(?:\1[0-9]{2}){3}")


def in_french_phone_layout(text: str) -> bool:
    """True when ``text`` is written as a French phone number (:data:`_FRENCH_LAYOUT`) and dials
    a valid one."""
    text = text.strip()
    if _FRENCH_LAYOUT.fullmatch(text) is None:
        return False
    number = phonenumbers.parse(re.sub(r"\D", "", text), "FR")
    return phonenumbers.is_valid_number(number)


@lru_cache(maxsize=4096)
def is_service_number(digits: str) -> bool:
    """True when ``digits`` dial a toll-free, shared-cost or universal access number in one of
    :data:`REGIONS` (asked only of numbers that already have context). Premium-rate plans are
    left out: they cover too much (``33858591794`` reads as a French premium number, and it
    is an account number)."""
    for region in REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in _SERVICE:
            return True
    return False
