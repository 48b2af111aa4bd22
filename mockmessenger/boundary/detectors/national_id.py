"""National identity numbers: US SSN and ITIN, Gulf and Egyptian ids, UK NINO, French NIR, German IdNr,
and the ids of the Gulf's many Indian and Pakistani customers (Aadhaar, CNIC).

Formats with a strong structure (a dashed SSN, a 784 Emirates ID, a NINO, a NIR
with its key, an Egyptian id with its birth date and check digit) are findings on
their own; bare digit runs whose checksum is weak need context words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from stdnum import luhn
from stdnum.de import idnr
from stdnum.fr import nir
from stdnum.in_ import aadhaar
from stdnum.pk import cnic
from stdnum.us import itin, ssn

from .base import Hit, Scan, Token
from .context import NATIONAL_ID
from .phones import is_service_number

#: Where an id word must be for the weak formats (characters before the number, after it).
BEFORE, AFTER = 50, 20
#: How far before a number split by line breaks (``SSN:\n536\n22\n1234``) its id word may end:
#: right before it, nothing but :data:`_RIGHT_AFTER_WORD` between.
WIDE_BEFORE = 16
#: What may split the groups of such a number: whitespace, dots and dashes.
_WIDE_GROUPS = re.compile(r"[0-9]+(?:[ \t\r\n.\-]+[0-9]+)+")
_RIGHT_AFTER_WORD = re.compile(
    r"[\s:=#\-]*(?:(?:is|est|no\.?|n°|number|numéro|هو|هي|رقم)[\s:=#\-]*)?", re.IGNORECASE
)
_SSN_DASHED = re.compile(r"^\d{3}-\d{2}-\d{4}$")
_NINO_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NINO_BAD = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}


def is_nino(value: str) -> bool:
    return (
        len(value) == 9
        and value[0] in _NINO_FIRST
        and value[1] in _NINO_SECOND
        and value[:2] not in _NINO_BAD
        and value[2:8].isdigit()
        and value[8] in "ABCD"
    )


def is_us_ssn(digits: str) -> bool:
    return ssn.is_valid(digits)


def is_us_itin(digits: str) -> bool:
    return itin.is_valid(digits)


def is_sa_id(digits: str) -> bool:
    """Saudi national id (1...) or iqama (2...): 10 digits, Luhn."""
    return len(digits) == 10 and digits[0] in "12" and luhn.is_valid(digits)


def is_ae_eid(digits: str) -> bool:
    """Emirates ID: 784, year of birth, serial, Luhn."""
    return len(digits) == 15 and digits.startswith("784") and luhn.is_valid(digits)


def _eg_check(first13: str) -> str:
    weights = (2, 7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    total = sum(int(d) * w for d, w in zip(first13, weights, strict=True))
    return str((11 - total % 11) % 10)


def is_eg_nid(digits: str) -> bool:
    """Egyptian national id: century (2/3), YYMMDD, governorate, serial, check digit."""
    if len(digits) != 14 or digits[0] not in "23":
        return False
    month, day = int(digits[3:5]), int(digits[5:7])
    return 1 <= month <= 12 and 1 <= day <= 31 and _eg_check(digits[:13]) == digits[13]


def is_kw_civil_id(digits: str) -> bool:
    """Kuwaiti civil id: century, YYMMDD, serial, mod-11 check digit."""
    if len(digits) != 12 or digits[0] not in "123":
        return False
    weights = (2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(d) * w for d, w in zip(digits[:11], weights, strict=True)) % 11
    month, day = int(digits[3:5]), int(digits[5:7])
    return check == int(digits[11]) and 1 <= month <= 12 and 1 <= day <= 31


def is_bh_cpr(digits: str) -> bool:
    """Bahraini CPR: YYMM, serial, check digit (structure only: context required)."""
    return len(digits) == 9 and 1 <= int(digits[2:4]) <= 12


def is_qa_qid(digits: str) -> bool:
    """Qatari ID: 11 digits starting with the century digit 2 or 3 (context required)."""
    return len(digits) == 11 and digits[0] in "23"


def is_om_civil(digits: str) -> bool:
    """Omani civil number: 7-9 digits (context required)."""
    return 7 <= len(digits) <= 9


#: (kind, validator, needs context, formatted pattern that makes context unnecessary)
CHECKS: tuple[tuple[str, Callable[[str], bool], bool], ...] = (
    ("ae_eid", is_ae_eid, False),
    ("eg_nid", is_eg_nid, False),
    ("fr_nir", nir.is_valid, False),
    ("us_itin", is_us_itin, True),
    ("us_ssn", is_us_ssn, True),
    ("sa_nid", is_sa_id, True),
    ("kw_civil_id", is_kw_civil_id, True),
    ("de_idnr", idnr.is_valid, True),
    ("qa_qid", is_qa_qid, True),
    ("bh_cpr", is_bh_cpr, True),
    ("om_civil", is_om_civil, True),
    ("in_aadhaar", aadhaar.is_valid, True),
    ("pk_cnic", cnic.is_valid, True),
)


#: The kinds whose checksum makes joining pieces safe: the guard joins a number split across
#: fields or messages into these only (:meth:`mockmessenger.boundary.Guard._join_fragments`).
JOINABLE = frozenset({"ae_eid", "eg_nid", "fr_nir", "sa_nid", "kw_civil_id", "de_idnr"})


#: The checks that can apply to a number of each length, strong ones first (the hot path
#: only runs the validators a length allows, and asks for context only when a weak one could pass).
_KIND_LENGTHS: dict[str, tuple[int, ...]] = {
    "ae_eid": (15,),
    "eg_nid": (14,),
    "fr_nir": (15,),
    "us_itin": (9,),
    "us_ssn": (9,),
    "sa_nid": (10,),
    "kw_civil_id": (12,),
    "de_idnr": (11,),
    "qa_qid": (11,),
    "bh_cpr": (9,),
    "om_civil": (7, 8, 9),
    "in_aadhaar": (12,),
    "pk_cnic": (13,),
}
BY_LENGTH: dict[int, tuple[tuple[str, Callable[[str], bool], bool], ...]] = {
    length: tuple(check for check in CHECKS if length in _KIND_LENGTHS[check[0]])
    for length in range(7, 16)
}
#: How many digits an id that needs a context word has, at least and at most (the quick
#: check's window reads these).
CONTEXT_DIGITS = (
    min(n for kind, valid, needs in CHECKS if needs for n in _KIND_LENGTHS[kind]),
    max(n for kind, valid, needs in CHECKS if needs for n in _KIND_LENGTHS[kind]),
)


def detect(token: Token, scan: Scan) -> Hit | None:
    digits = token.digits
    checks = BY_LENGTH.get(len(digits))
    if not checks:
        return None
    text = token.text.strip()
    if _SSN_DASHED.match(text) and (is_us_ssn(digits) or is_us_itin(digits)):
        kind = "us_itin" if is_us_itin(digits) else "us_ssn"
        return Hit("national_id", "national_id", token.start, token.end, digits, kind)
    context: bool | None = None
    for kind, valid, needs_context in checks:
        if needs_context:
            if context is None:
                context = scan.context(NATIONAL_ID, token.start, token.end, BEFORE, AFTER)
            if not context:
                continue
        if not valid(digits):
            continue
        if needs_context and is_service_number(digits):
            continue  # a ministry's phone line next to "iqama" (920012345)
        return Hit(
            "national_id",
            "national_id",
            token.start,
            token.end,
            digits,
            kind,
            "high" if not needs_context else "medium",
        )
    return None


def detect_nino(token: Token, scan: Scan) -> Hit | None:
    del scan
    value = "".join(c for c in token.text.upper() if c.isalnum())
    if is_nino(value):
        return Hit("national_id", "national_id", token.start, token.end, value, "gb_nino")
    return None


def detect_wide(token: Token, scan: Scan) -> Hit | None:
    """A national id whose digit groups are split by line breaks, tabs or wide spaces (a
    ``wide`` token), right after its id word (``SSN:\\n536\\n22\\n1234``); numbers on lines of
    their own anywhere else are a list."""
    if not 7 <= len(token.digits) <= 15 or not _WIDE_GROUPS.fullmatch(token.text):
        return None  # ``10:00\n16:00``: times, scores, lists joined by : ; | + ~
    for _, word_end in scan.index.starting_in(
        NATIONAL_ID, token.start - WIDE_BEFORE - 40, token.start
    ):
        if 0 <= token.start - word_end <= WIDE_BEFORE and _RIGHT_AFTER_WORD.fullmatch(
            scan.text, word_end, token.start
        ):
            break
    else:
        return None
    return detect(token, scan)
