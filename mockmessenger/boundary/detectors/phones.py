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
from phonenumbers import PhoneMetadata, PhoneNumberType

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


@lru_cache(maxsize=1)
def _service_plans() -> re.Pattern[str] | None:
    """Every service plan of every region sharing a calling code with :data:`REGIONS`, as one
    pattern, or None when a national number may be no tail of the digits dialled.

    The national number a parse in these regions reads is a tail of the digits: it strips the
    region's own calling code and its national prefix (``0``, ``1``, ``180020``; at most twice,
    as libphonenumber does) and rewrites nothing (none of :data:`REGIONS`, whose rules a parse
    uses, has a transform rule); the number is then valid in any region of its calling code
    (the Caribbean's for ``1``).
    """
    ours = [PhoneMetadata.metadata_for_region(region) for region in REGIONS]
    if any(metadata.national_prefix_transform_rule for metadata in ours):
        return None
    patterns = []
    for code in sorted({metadata.country_code for metadata in ours}):
        for region in phonenumbers.region_codes_for_country_code(code):
            metadata = PhoneMetadata.metadata_for_region(region)
            for plan in (metadata.toll_free, metadata.shared_cost, metadata.uan):
                if plan is not None and plan.national_number_pattern:
                    patterns.append(f"(?:{plan.national_number_pattern})")
    return re.compile("|".join(patterns))


@lru_cache(maxsize=1)
def _prefixes() -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    """(calling code, national prefix pattern) of each of :data:`REGIONS`."""
    return tuple(
        (
            str(metadata.country_code),
            re.compile(metadata.national_prefix_for_parsing)
            if metadata.national_prefix_for_parsing
            else None,
        )
        for metadata in (PhoneMetadata.metadata_for_region(region) for region in REGIONS)
    )


@lru_cache(maxsize=1)
def _dialling_abroad() -> re.Pattern[str]:
    """The international prefixes of :data:`REGIONS` (``00``, ``011``): after one, any
    country's calling code and plan may follow, so such digits are always parsed."""
    prefixes = {
        PhoneMetadata.metadata_for_region(region).international_prefix for region in REGIONS
    }
    return re.compile("|".join(f"(?:{prefix})" for prefix in sorted(prefixes)))


def _national_tails(digits: str) -> set[str]:
    """The national numbers a parse in one of :data:`REGIONS` may read from ``digits``: the
    digits, without the region's calling code, without its national prefix once or twice."""
    tails = {digits}
    for code, national_prefix in _prefixes():
        heads = [digits, digits[len(code) :]] if digits.startswith(code) else [digits]
        tails.update(heads)
        if national_prefix is None:
            continue
        for head in heads:
            for _ in range(2):
                found = national_prefix.match(head)
                if found is None or not found.end():
                    break
                head = head[found.end() :]
                tails.add(head)
    return tails


def could_be_service_number(digits: str) -> bool:
    """False only when no parse in :data:`REGIONS` can read ``digits`` as a service line:
    not dialled abroad, and no national number it may read is in a service plan. Each parse
    costs about 60 µs, twelve regions about 0.7 ms a number; this, a few µs."""
    plans = _service_plans()
    if plans is None or _dialling_abroad().match(digits):
        return True
    return any(plans.fullmatch(tail) for tail in _national_tails(digits))


@lru_cache(maxsize=4096)
def is_service_number(digits: str) -> bool:
    """True when ``digits`` dial a toll-free, shared-cost or universal access number in one of
    :data:`REGIONS` (asked only of numbers that already have context). Premium-rate plans are
    left out: they cover too much (``33858591794`` reads as a French premium number, and it
    is an account number)."""
    if not could_be_service_number(digits):
        return False
    for region in REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) and phonenumbers.number_type(number) in _SERVICE:
            return True
    return False
