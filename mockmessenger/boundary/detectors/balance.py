"""A customer's balance: an amount near balance words (balance, رصيد, solde, available, متاح).

"Balance", "solde" and "رصيد" name a balance wherever they stand near an amount; "available",
"you have", "funds" and "متاح" say other things too ("tickets available from SAR 250",
"you have until June to claim SAR 100"), so by one of them alone an amount is a balance only
with its currency or its cents and right at the word: "available: SAR 1,234.56", "you have
12,345.67", "SAR 1,234.56 available".
"""

from __future__ import annotations

import re

from . import amounts
from .base import Hit, Scan, Token
from .context import ACCOUNT_KINDS, BALANCE, BALANCE_LOOSE, BALANCE_STRONG, TRANSACTION


def detect(token: Token, scan: Scan) -> Hit | None:
    amount = amounts.nearest_context(token, scan, BALANCE, TRANSACTION, rival_wins_ties=False)
    if amount is None:
        return detect_by_account(token, scan)
    reach = amounts.REACH_CURRENCY if amount.currency else amounts.REACH_PLAIN
    strong = scan.near(BALANCE_STRONG, amount.start, amount.end, reach, amounts.AFTER)
    if strong is None and not (amount.surely_money and _at_loose_word(amount, scan)):
        return detect_by_account(token, scan)
    return _hit(amount)


def _hit(amount: amounts.Amount) -> Hit:
    return Hit(
        "balance",
        "balance",
        amount.start,
        amount.end,
        amounts.digits(amount.text),
        "amount+balance-context",
        "high" if amount.currency else "medium",
    )


#: An account's kind, as a label says it (``context.ACCOUNT_KINDS``).
_KIND = "(?:{})".format(
    "|".join(
        sorted(
            (re.escape(w) for w in (*ACCOUNT_KINDS.latin, *ACCOUNT_KINDS.arabic)),
            key=len,
            reverse=True,
        )
    )
)
#: An account's label right before an amount, opening its line, clause or list item: its
#: kinds (``Savings``, ``Compte courant``, ``حساب التوفير``), its last digits or a mask
#: (``ending 4821``, ``••4821``, ``(****4821)``), a colon or a dash, the currency. From its
#: first kind to the amount it stays on one line with no quote (the quick check's
#: ``patterns.account_label_pattern`` looks inside one JSON string for it).
_SPACE = r"[ \t\u00a0]"
_HEAD = rf"(?:(?:my|your|votre|ton|mon)\s+)?{_KIND}(?:{_SPACE}+{_KIND}){{0,2}}"
#: An account's last digits after its kind: a word or a mask before them (``ending 4821``,
#: ``••4821``, ``no. 4821``).
_ENDING = (
    rf"{_SPACE}*(?:ending(?:{_SPACE}+in)?|no\.?|n°|#|se{_SPACE}+terminant{_SPACE}+par"
    rf"|المنتهي{_SPACE}+بـ?)"
)
_MASKED = rf"(?:{_ENDING}{_SPACE}*[*•●xX.]*|{_SPACE}*[*•●xX.]+){_SPACE}*\d{{2,4}}"
_AMOUNT_START = rf"(?:{amounts._CURRENCY}{_SPACE}?)?[-+]?$"
_LABEL = re.compile(
    rf"(?:^|(?<=[\n.•|;,(:!?؟،؛]))\s*{_HEAD}"
    rf"(?:(?:{_ENDING})?{_SPACE}*[*•●xX.]*{_SPACE}*\d{{2,4}}|{_SPACE}*\([^()\n\"]{{0,16}}\))?"
    rf"{_SPACE}*[:=\-–—]{_SPACE}*{_AMOUNT_START}",
    re.IGNORECASE,
)
#: Labels without a colon: the customer's own account (``Your current account 3,210.55 SAR``,
#: ``حسابك الجاري 3,210.55 ريال``: the possessive says whose), or an account with its last
#: digits (``Current •4821 SAR 3,210.55``), right before the amount; or a label that is a
#: whole line (a carousel's title) over a line the amount opens (its subtitle, after the
#: field's key as the guard joins fields: ``Current account •4821`` / ``SAR 3,210.55``).
_UNSEPARATED_LABEL = re.compile(
    rf"(?:^|(?<=[\n.•|;,(:!?؟،؛]))\s*"
    rf"(?:(?:(?:my|your|votre|ton|mon){_SPACE}+{_KIND}|حسابك|حسابي)(?:{_SPACE}+{_KIND}){{0,2}}"
    rf"|{_HEAD}{_MASKED})"
    rf"{_SPACE}+{_AMOUNT_START}"
    rf"|(?:^|(?<=\n)){_SPACE}*{_HEAD}(?:{_MASKED})?{_SPACE}*:?{_SPACE}*\n"
    rf"(?:(?:subtitle|title|text)\n)?{_SPACE}*{_AMOUNT_START}",
    re.IGNORECASE,
)
#: How far before its amount an account's label may start.
LABEL_BEFORE = 48


def detect_labelled(token: Token, scan: Scan) -> Hit | None:
    """An amount with its currency or cents right after an account's label (:data:`_LABEL`,
    :data:`_UNSEPARATED_LABEL`): ``Savings: SAR 52,000.00``, ``Account ending 4821: SAR
    8,432.10``, ``الجاري: 3,210.55 ريال``, ``Your current account 3,210.55 SAR``, a carousel
    titled ``Current •4821`` over ``SAR 3,210.55``; not a figure the bank sets
    (``amounts.public``: ``Savings: SAR 500 a month``)."""
    amount = amounts.read(token, scan)
    if amount is None or not amount.surely_money:
        return None
    if not scan.any_within((ACCOUNT_KINDS,), amount.start, amount.end, LABEL_BEFORE, 0):
        return None
    low = max(0, amount.start - LABEL_BEFORE)
    if (
        _LABEL.search(scan.text, low, amount.start) is None
        and _UNSEPARATED_LABEL.search(scan.text, low, amount.start) is None
    ):
        return None
    if amounts.public(amount, scan, amounts.PUBLIC_AFTER + 1):
        return None
    return _hit(amount)


def detect_by_account(token: Token, scan: Scan) -> Hit | None:
    """An amount an account's label names (:func:`detect_labelled`) or an account is said to
    hold (:func:`detect_held`)."""
    return detect_labelled(token, scan) or detect_held(token, scan)


#: An account said to hold the amount right after it (its currency read with it): ``in your
#: current account``, ``in your savings``, ``in checking``, ``left in your account``,
#: ``في حسابك``.
_HELD_IN = re.compile(
    rf"{_SPACE}*(?:left{_SPACE}+)?(?:(?:in|on){_SPACE}+(?:your{_SPACE}+)?{_KIND}"
    rf"|في{_SPACE}+(?:حسابك|حسابي))",
    re.IGNORECASE,
)
#: A call to move money opening the amount's clause: ``Keep SAR 500 in your savings``,
#: ``Deposit SAR 1,000 in your account``: the bank's advice or terms, no balance.
_MOVE_OR_TERMS = re.compile(
    r"\b(?:keep|deposit|save|put|add|move|transfer|send|pay|top\s*up|withdraw|need|needs"
    r"|maintain|earn|get|hold|leave|requires?|must|should|if|when|once|min(?:imum)?)\b"
    r"|أبق|احتفظ|أودع|اودع|حوّل|حول|ادفع|إذا|اذا",
    re.IGNORECASE,
)


def detect_held(token: Token, scan: Scan) -> Hit | None:
    """An amount with its currency or cents that an account is said to hold right after it
    (:data:`_HELD_IN`: ``You've got SAR 8,432.10 in your current account``, ``There's SAR
    8,432.10 in your savings``); not after a call to move money or a condition in its clause
    (``Keep SAR 500.00 in your savings``), nor a figure the bank sets (``amounts.public``)."""
    amount = amounts.read(token, scan)
    if amount is None or not amount.surely_money:
        return None
    text = scan.text
    end = (amounts.currency_span(text, amount.start, amount.end) or (0, amount.end))[1]
    if _HELD_IN.match(text, end) is None:
        return None
    low, _ = amounts.clause(text, amount.start, amount.end, amounts.REACH_CURRENCY, 0)
    if _MOVE_OR_TERMS.search(text, low, amount.start):
        return None
    if amounts.public(amount, scan, amounts.PUBLIC_AFTER + 1):
        return None
    return _hit(amount)


def _at_loose_word(amount: amounts.Amount, scan: Scan) -> bool:
    """A loose balance word right at the amount, not after a condition (``If you have SAR
    5,000.00 in your savings, you qualify`` states the bank's terms)."""
    return amounts.word_at(
        amount,
        scan,
        BALANCE_LOOSE,
        before=amounts.LOOSE_BEFORE,
        after=amounts.LOOSE_AFTER,
        unless_conditional=True,
    )
