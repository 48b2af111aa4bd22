"""Balances and transactions in a machine's fields: a key naming one, a number as its value.

``{"balance": 8432.1}`` in a postback payload, metadata or an analytics event is a balance, and
the amount readers pass it: a JSON number keeps no currency and drops its trailing zero
(``8432.10`` is written ``8432.1``). The key says what the number is, as a label does in text.
``{"amount": 320.0, "merchant": "Panda", "date": "2026-03-05"}`` is a transaction: an amount
beside where or when it was spent.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import amounts
from .context import BALANCE_STRONG, OWN_AMOUNT, PUBLIC_AMOUNT, TRANSACTION

#: Where a key's words part: ``available_balance``, ``available-balance``, ``availableBalance``.
_KEY_PARTS = re.compile(r"[_\-.\s]+|(?<=[a-z])(?=[A-Z])")
#: Key words that say the value is about a balance, not the balance: a switch, a count, an id.
_ABOUT = re.compile(
    r"\b(?:show|has|is|enabled?|visible|hidden|hide|count|id|ids|version|type|flag|index|page"
    r"|currency|code|date|time|format|precision|decimals?|updated|at|on)\b",
    re.IGNORECASE,
)
#: A number as a field holds it: ``8432.1``, ``-12``, ``8,432.10``, ``8 432,10``.
_NUMBER = re.compile(r"\s*[-+]?(?:\d{1,3}(?:[,' ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)\s*")


def key_words(key: str) -> str:
    """A key's words apart: ``availableBalance`` -> ``available Balance``."""
    return _KEY_PARTS.sub(" ", key).strip()


@lru_cache(maxsize=4096)  # (the same few keys in every request)
def names_balance(key: str) -> bool:
    """True when a field's key names the customer's balance (a strong balance word, such as
    ``balance``, ``solde``, ``رصيد``, ``amount_due``; what they owe or may spend, whatever
    limit word is in it: ``min_due``, ``available_limit``; what they earn: ``salary``), not a
    bank's figure (``min_balance``) or something about it (``show_balance``,
    ``balance_currency``)."""
    words = key_words(key)
    if _ABOUT.search(words) is not None:
        return False
    if _OWN_KEY.search(words) is not None or OWN_AMOUNT.search(words) is not None:
        # the customer's, whatever limit word is inside the phrase (``min_due``,
        # ``available_limit``), not with one beside it (``min_salary``, ``salary_required``)
        rest = OWN_AMOUNT.pattern.sub(" ", _OWN_KEY.sub(" ", words))
        return PUBLIC_AMOUNT.search(rest) is None
    return BALANCE_STRONG.search(words) is not None and PUBLIC_AMOUNT.search(words) is None


#: Key words naming the customer's money that no balance word says: what they may still
#: spend, what they earn (``available_limit``, ``salary``, ``monthly_income``).
OWN_KEYS = ("available limit", "available credit", "salary", "income", "earnings", "net pay")
_OWN_KEY = re.compile(
    r"\b(?:{})\b".format("|".join(w.replace(" ", r"\s+") for w in OWN_KEYS)), re.IGNORECASE
)


def is_amount(value: str) -> bool:
    """True when a field's value is a number that can be an amount: two digits or more, or a
    fraction (a one-digit whole number is a switch or a count as often)."""
    if _NUMBER.fullmatch(value) is None:
        return False
    return sum(c.isdigit() for c in value) >= 2 or "." in value or "," in value


#: Key words naming an amount of money (beside the transaction words: ``debit``, ``spent``);
#: the Arabic one also inside a longer word (``المبلغ``).
_AMOUNT_LATIN, _AMOUNT_ARABIC = ("amount", "amt", "montant", "value"), ("مبلغ",)
AMOUNT_KEYS = _AMOUNT_LATIN + _AMOUNT_ARABIC
_AMOUNT_KEY = re.compile(
    rf"\b(?:{'|'.join(_AMOUNT_LATIN)})\b|{'|'.join(_AMOUNT_ARABIC)}", re.IGNORECASE
)
#: Keys of a transaction's other fields: where, with whom, when, what for.
_TRANSACTION_FIELD = re.compile(
    r"\b(?:merchant|payee|payer|counterparty|beneficiary|description|memo|narrative|reference"
    r"|date|posted|booked|booking|timestamp|created|commerçant|bénéficiaire|libellé)\b"
    r"|تاجر|التاجر|المستفيد|التاريخ|الوصف",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)  # (the same few keys in every request)
def names_transaction_amount(key: str) -> bool:
    """True when a key names an amount (``amount``, ``montant``, ``المبلغ``) or a transaction
    (``debit``, ``spent``), not a bank's figure (``fee_amount``, ``min_amount``)."""
    words = key_words(key)
    return (
        (_AMOUNT_KEY.search(words) is not None or TRANSACTION.search(words) is not None)
        and PUBLIC_AMOUNT.search(words) is None
        and _ABOUT.search(words) is None
    )


@lru_cache(maxsize=4096)  # (the same few keys in every request)
def names_transaction_field(key: str) -> bool:
    """True when a key names a transaction's merchant, counterparty, memo or date."""
    return _TRANSACTION_FIELD.search(key_words(key)) is not None


def parent(path: str) -> str:
    """The path of the object holding a field: ``$.a.b:$.amount`` -> ``$.a.b:$``."""
    return _LAST_STEP.sub("", path)


_LAST_STEP = re.compile(r"(?:\.[^.\[\]:]*|\[\d+\])$")


#: A currency written before or after a header's number (``SAR 3,412.75``, ``3412.75 SAR``).
_HEADER_NUMBER = re.compile(r"\s*([^\d\s][^\d]*?)?\s?([-+]?\d[\d,.' ]*\d|\d)\s?(\D.*?)?\s*")


def header_amount(value: str) -> str | None:
    """The number a header's value is, alone or with its currency before or after it (a header
    named like a balance key is read as such a key's field: ``x-customer-balance: SAR 3,412.75``)."""
    if is_amount(value):
        return value
    match = _HEADER_NUMBER.fullmatch(value)
    if match is None:
        return None
    before, number, after = match.groups()
    if before is not None and amounts.CURRENCY_BEFORE.fullmatch(before.strip()) is None:
        return None
    if after is not None and amounts.CURRENCY_AFTER.fullmatch(after.strip()) is None:
        return None
    return number if (before or after) and is_amount(number) else None
