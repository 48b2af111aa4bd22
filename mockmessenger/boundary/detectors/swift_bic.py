"""SWIFT/BIC codes: structure and a real country (python-stdnum), and context words.

``stdnum.bic`` alone accepts words such as CUSTOMER or BALANCES, so a BIC is only
a finding near words that name it (swift, bic, سويفت).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from stdnum import bic

from .base import Hit, Scan, Token
from .context import SWIFT

#: How far before the code a SWIFT/BIC word may end.
BEFORE = 18
#: How far it may end before a code in the same sentence (``SWIFT code for your transfer:
#: NWBKGB2L``), and before a code in lower case said to be the BIC (``bic: rjhisari``).
FAR = 60
#: What ends a sentence between the word and the code.
_SENTENCE_END = re.compile(r"[!?;\n]|\.(?:\s|$)|[.؟]\s")
#: A code in lower or mixed case, said to be the BIC: a colon, ``=``, ``is``, ``est``, ``هو``
#: right before it (``swift payments`` names no code).
_SAID = re.compile(
    r"(?:[:=]|->|\bis\b|\best\b|\bc'est\b|هو|هي)\s*[:=]?\s*[\"'«(]?"
    r"(?P<value>[A-Za-z]{6}[A-Za-z0-9]{2}(?:[A-Za-z0-9]{3})?)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
#: Just before a code: it is said to be the BIC.
_SAID_BEFORE = re.compile(
    r"(?:[:=]|->|\bis|\best|\bc'est|هو|هي)\s*[:=]?\s*[\"'«(]?$", re.IGNORECASE
)
#: Endings of English and French words that pass stdnum's BIC check in lower case
#: (``required``: REQU, Iran, ED; ``virement``, ``obligatoire``): such a value is a word.
_WORD_ENDINGS = (
    "ed", "nt", "re", "on", "ng", "ly", "se", "te", "ve", "le", "ce", "de", "es", "er", "ty",
    "ry", "al", "ue", "ge", "me", "ne",
)  # fmt: skip

#: Words that pass stdnum's BIC check and turn up in banking chatter.
NOT_BICS = frozenset(
    [
        "CUSTOMER",
        "BALANCES",
        "ACCOUNTS",
        "PAYMENTS",
        "TRANSFER",
        "SECURITY",
        "CURRENCY",
        "CUSTOMERS",
        "BUSINESS",
        "MERCHANT",
        "SHOPPING",
        "DISCOUNT",
        "CASHBACK",
        "TRANSFERS",
        "SAVINGS",
        "AUTOPAY",
        "DEPOSITS",
        "STANDARD",
        "PLATINUM",
        "OVERDRAFT",
        "ACTIVATE",
        "FEEDBACK",
        "QUESTION",
        "SETTINGS",
        "CONTACTS",
        "FINANCES",
        "PERSONAL",
        "CORPORATE",
        "BRANCHES",
        "SERVICES",
        "CHECKING",
        "MORTGAGE",
        "RECEIPTS",
        "ANSWERED",
        "REQUESTS",
    ]
)


#: stdnum's check, remembered: the same capitals (RESPONSE, UPDATE) come in every Send API body.
_is_valid = lru_cache(maxsize=4096)(bic.is_valid)


def detect(token: Token, scan: Scan) -> Hit | None:
    value = token.text.upper()
    if value in NOT_BICS or not _is_valid(value):
        return None
    if not scan.context(
        SWIFT, token.start, token.end, before=BEFORE, after=0
    ) and not _in_sentence_of_word(scan, token.start, token.end):
        return None
    return Hit("swift_bic", "swift_bic", token.start, token.end, value, "bic-structure+context")


def _in_sentence_of_word(scan: Scan, start: int, end: int) -> bool:
    """A code said to be the BIC (``: NWBKGB2L``, ``is NWBKGB2L``) with a SWIFT word at most
    :data:`FAR` before, in the same sentence, nearer than benign words."""
    if _SAID_BEFORE.search(scan.text, max(0, start - 12), start) is None:
        return False
    if not scan.context(SWIFT, start, end, before=FAR, after=0):
        return False
    for _, word_end in scan.index.starting_in(SWIFT, start - FAR - 20, start):
        if 0 <= start - word_end <= FAR and not _SENTENCE_END.search(scan.text, word_end, start):
            return True
    return False


def is_lower_bic(value: str) -> bool:
    """A code in lower or mixed case that is a BIC (the quick check asks the same)."""
    upper = value.upper()
    if upper in NOT_BICS or not _is_valid(upper):
        return False
    return not (value.isalpha() and value.lower().endswith(_WORD_ENDINGS))


def detect_said(scan: Scan) -> Iterator[Hit]:
    """BICs in lower or mixed case said to be one after a SWIFT word (``bic: rjhisari``,
    ``SWIFT code for your transfer: nwbkgb2l``); capitals are tokens (:func:`detect`)."""
    text = scan.text
    for _, word_end in scan.index.all(SWIFT):
        said = _SAID.search(text, word_end, min(len(text), word_end + FAR + 20))
        if said is None:
            continue
        start, end = said.span("value")
        value = said.group("value")
        if (
            value.isupper()
            or start - word_end > FAR
            or _SENTENCE_END.search(text, word_end, said.start())
        ):
            continue
        if is_lower_bic(value) and scan.context(SWIFT, start, end, before=FAR, after=0):
            yield Hit("swift_bic", "swift_bic", start, end, value.upper(), "bic-said+context")
