"""A customer's own transactions: an amount near transaction words (debit, merchant, معاملة, achat...);
a card payment said without one: an amount at a card word with where or when it was spent
(``Your Mada card: SAR 320 at Panda on 05/03``, ``Carte : 42,90 € chez Monoprix le 05/03``,
``بطاقة مدى: 320 ريال لدى بنده``); or a statement line, said with no word at all: an amount
to the cent next to its day (``05/03 Panda Hypermarket -SAR 320.00``, ``Netflix SAR 39.99 on
01/03``, a carousel of them: title ``Panda``, subtitle ``SAR 320.00 · 05/03``)."""

from __future__ import annotations

import re

from . import amounts, card_expiry
from .base import Hit, Scan, Token
from .context import BALANCE, CARD_WORDS, PUBLIC_AMOUNT, TRANSACTION


def detect(token: Token, scan: Scan) -> Hit | None:
    amount = amounts.nearest_context(token, scan, TRANSACTION, BALANCE, rival_wins_ties=True)
    if amount is not None and not amounts.named_service(amount, scan):
        return _hit(amount)
    return detect_without_words(token, scan)


#: The words that make a number with no other context word a card payment's amount.
CARD_PAYMENT_CONTEXT = (CARD_WORDS,)


def detect_without_words(token: Token, scan: Scan) -> Hit | None:
    """An amount no transaction word names: a card payment when a card word is near
    (:func:`detect_card_payment`, which asks for one in the same window), else perhaps a
    statement line (the hot path: most numbers have no cents and stop at
    :func:`detect_statement_line`'s first test)."""
    if scan.any_within(
        CARD_PAYMENT_CONTEXT, token.start, token.end, amounts.REACH_CURRENCY, amounts.AFTER
    ):
        hit = detect_card_payment(token, scan)
        if hit is not None:
            return hit
    return detect_statement_line(token, scan)


def _hit(amount: amounts.Amount) -> Hit:
    return Hit(
        "transaction",
        "transaction",
        amount.start,
        amount.end,
        amounts.digits(amount.text),
        "amount+transaction-context",
        "high" if amount.currency else "medium",
    )


#: Where a card payment was made, right after its amount: ``at Panda``, ``chez Monoprix``,
#: ``لدى بنده``, ``à Carrefour`` (a name: a capital letter, or an Arabic word).
_MERCHANT_AFTER = re.compile(
    r"\s*(?:at|@|chez|à|au|لدى|من\s+متجر|في\s+متجر)\s+(?:the\s+)?(?:[A-Z]|[\u0621-\u064a])"
)
#: When: a day and month (``05/03``, ``05/03/2026``, ``5 March``), or a day said by name.
_WHEN = re.compile(
    r"(?<![\d/])(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])(?:[/.-]\d{2,4})?(?![\d/])"
    r"|\b(?:yesterday|today|hier|aujourd['’]hui)\b|أمس|اليوم|بتاريخ",
    re.IGNORECASE,
)
#: An offer said with the amount: a price off, a discount, not a payment made.
_OFFER = re.compile(
    r"\b(?:off|discount|save|saving|deal|promo|remise|réduction|offerte?s?)\b|تخفيض|وفر|عرض|عروض",
    re.IGNORECASE,
)
#: A call to spend opening the clause (``Spend SAR 500 with your card at Jarir by 30/06``): an
#: offer's terms, no payment made.
_CALL_TO_SPEND = re.compile(
    r"\s*(?:spend|pay|use|earn|get|win|shop|dépensez|payez|utilisez|gagnez|ادفع|أنفق|انفق|استخدم|تسوق)\b",
    re.IGNORECASE,
)
#: How far after the amount its day may be said (``SAR 320 at Panda Hypermarket on 05/03``).
WHEN_AFTER = 48


def _public_word_in(scan: Scan, low: int, high: int) -> bool:
    """A price, fee, rate or limit word (``PUBLIC_AMOUNT``) starting in ``low:high``: ``Price
    list: Gold card SAR 300.00, Platinum SAR 900.00`` lists the bank's prices."""
    return any(True for _ in scan.index.starting_in(PUBLIC_AMOUNT, low, high))


def detect_card_payment(token: Token, scan: Scan) -> Hit | None:
    """An amount with its currency or cents, a card word within the amount words' reach, and
    in the amount's clause where it was spent (right after it) or when; no offer, fee, call to
    spend, price word or bound said with it (``amounts.public``): ``Use your card: SAR 50 off at
    Jarir`` is no payment."""
    amount = amounts.read(token, scan)
    if amount is None or not amount.surely_money:
        return None
    distance = scan.near(
        CARD_WORDS, amount.start, amount.end, amounts.REACH_CURRENCY, amounts.AFTER
    )
    if distance is None:
        return None
    text = scan.text
    low, high = amounts.clause(text, amount.start, amount.end, amounts.REACH_CURRENCY, WHEN_AFTER)
    if not (_MERCHANT_AFTER.match(text, amount.end) or _WHEN.search(text, low, high)):
        return None
    if (
        _OFFER.search(text, low, high)
        or amounts.FEE.search(text, low, high)
        or _CALL_TO_SPEND.match(text, low)
        or _public_word_in(scan, low, high)
    ):
        return None
    if amounts.public(amount, scan, distance):
        return None
    return _hit(amount)


#: A statement line's day: ``05/03``, ``05-03``, ``5/3/2026``, ``05.03.2026``, ``2026-03-05``,
#: not part of a longer number. Without its year, day and month take two digits each (``4/5``
#: is a rating as often as a day); with a dot, only with its year (``05.03`` is an amount too).
_D, _M = r"(?:0?[1-9]|[12]\d|3[01])", r"(?:0?[1-9]|1[0-2])"
_DD, _MM = r"(?:0[1-9]|[12]\d|3[01])", r"(?:0[1-9]|1[0-2])"
#: A day and a month's name, either way round (``12 Mar``, ``Mar 12``, ``1 أبريل``).
_MONTH = (
    rf"(?:(?<![A-Za-zÀ-ÿ])(?:{card_expiry._MONTHS})(?![A-Za-zÀ-ÿ])\.?"
    rf"|(?:{card_expiry._ARABIC_MONTHS}))"
)
_NAMED_DAY = rf"(?i:(?<!\d){_D}\s?{_MONTH}|{_MONTH}\s?{_D}(?![\d:]))"
_DAY = (
    rf"(?<![\d/.,\-])(?:{_D}([/\-]){_M}\1(?:\d{{4}}|\d{{2}})|{_D}\.{_M}\.\d{{4}}"
    rf"|{_DD}[/\-]{_MM}|\d{{4}}-{_M}-{_D})(?![\d/]|[.,\-]\d)|{_NAMED_DAY}"
)
#: What a statement prints between an amount and its day: separators (``·`` reads as a dot), at
#: most a few.
_SEP = r"[ \t\u00a0.·•|:,()\[\]–—\-]{0,6}"
#: Words that say the day is the day it was spent: ``on``, ``le``, ``في``, ``بتاريخ``.
_ON = r"(?:(?:on|dated|le|du|في|بتاريخ|يوم)(?!\w))"
#: A merchant's name: one to four words of at most 20 letters, each capitalised (``Panda``,
#: ``PANDA RIYADH``, ``Amazon.sa``) or Arabic.
_NAME_WORD = r"(?:[A-Z][\w.&'’\-]{0,19}|[\u0621-\u064a]{1,20})"
_MERCHANT = rf"(?:{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})"
#: Yesterday said by name is a day too (``Uber 23.50 SAR yesterday``).
YESTERDAY = "yesterday|hier|أمس|امس|البارحة"
_YESTERDAY = rf"(?:{YESTERDAY})(?!\w)"
#: The day right after the amount (its currency read with it): ``SAR 39.99 on 01/03``,
#: ``SAR 320.00 at Panda Hypermarket on 05/03/2026``, ``320.00 ريال بتاريخ 05/03``.
_DAY_AFTER = re.compile(
    rf"{_SEP}(?:(?i:at|@|chez|à|au|لدى) {_MERCHANT}{_SEP})?(?:(?i:{_ON}){_SEP})?"
    rf"(?:{_DAY}|(?i:{_YESTERDAY}))"
)
#: The day right before the amount, a merchant between them or not: ``05/03 Panda SAR
#: 320.00``, ``Panda 05/03: SAR 320.00``, ``٠٥/٠٣ بنده ٣٢٠٫٠٠ ريال`` (read with ASCII digits).
_DAY_BEFORE = re.compile(rf"{_DAY}{_SEP}(?:{_MERCHANT}{_SEP})?$")
#: The most characters these patterns let stand between a day and its amount's digits (a
#: merchant of four words of 20 letters, separators, ``on``, a currency and its sign): the
#: quick check's statement pattern looks that far (``quick.patterns.STATEMENT``).
STATEMENT_GAP = (4 * 20 + 3) + 3 * 6 + len("chez ") + len("بتاريخ") + 10 + 2
#: How far before the amount its day and merchant may start.
STATEMENT_BEFORE = STATEMENT_GAP
#: A merchant's name closing a signed entry's line (``-SAR 1,299.00 Noon.com``).
_MERCHANT_TAIL = re.compile(rf"{_SEP}{_MERCHANT}\s*")
#: A sign before an amount or its currency: a statement's debit or credit (``-SAR 320.00``);
#: one sign after a space, a bracket or nothing, not the end of a rule (``01/03 ---- 1,250.00``).
_SIGN = re.compile(r"(?:^|(?<=[\s(\[]))[-+−]\s?$")
#: Words that make a dated amount a market figure (a share's close, an index), a conversion or
#: a deadline's terms, not a payment: ``ARAMCO SAR 27.85 on 05/03`` is a quote.
_NOT_SPENT = re.compile(
    r"[=≈]|\b(?:stocks?|shares?|index|closed?|closing|opening|nav|quote|unit\s+price|until|valid"
    r"|expires?|deadline|before|by|due|cours|action|bourse|jusqu|avant)\b"
    r"|سهم|أسهم|الأسهم|مؤشر|إغلاق|اغلاق|حتى|قبل|صالح|ينتهي",
    re.IGNORECASE,
)
#: Cents somewhere in a token: any amount read from it to the cent has them.
_HAS_CENTS = re.compile(r"[.,]\d{2}(?!\d)")
#: A currency pair (``USD/SAR 3.75``): an exchange rate, not a payment.
_PAIR = re.compile(r"\b[A-Z]{3}\s?/\s?[A-Z]{3}\b")


#: A list's entry before its amount: a bullet perhaps, a merchant's name, a dash or a colon
#: (``• Noon.com — SAR 499.00``, ``Jarir: SAR 1,250.00``).
_LIST_ENTRY = re.compile(rf"\s*(?:[•\-*·▪◦►]\s*)?{_MERCHANT}\s*[—–\-:|·]\s*")
#: How far above a list's entry its heading may name transactions (``Recent activity:``).
HEADING_REACH = 300


def _listed_under_heading(scan: Scan, line_start: int, start: int) -> bool:
    """Is the amount a list's entry (:data:`_LIST_ENTRY`) under a heading naming transactions:
    the first line above the list's entries, ending with a colon (or the emoji pointing down),
    a transaction word in it and no price, fee or offer word (``Recent activity:`` / ``•
    Noon.com — SAR 499.00``; not ``Prices:`` nor ``Transfer to your family today!``)?"""
    text = scan.text
    if line_start == 0 or _LIST_ENTRY.fullmatch(text, line_start, start) is None:
        return False
    end = line_start - 1  # the line break before the entry
    low = max(0, line_start - HEADING_REACH)
    while end > low:
        head = text.rfind("\n", 0, end) + 1
        line = text[head:end]
        if not _ENTRY_LINE.match(line):
            return (
                _HEADING_END.search(line) is not None
                and any(True for _ in scan.index.starting_in(TRANSACTION, head, end))
                and not _public_word_in(scan, head, end)
                and _OFFER.search(line) is None
            )
        end = head - 1
    return False


#: A line of the list above (an entry: a bullet or a name, then a dash or colon and a figure).
_ENTRY_LINE = re.compile(rf"\s*(?:[•\-*·▪◦►]|{_MERCHANT}\s*[—–\-:|·]\s*\S*\d)")
#: The signs a heading ends with: a colon, or the emoji pointing at what follows (a label
#: ending one message of a thread names what the next one opens with, too:
#: ``Guard._label_then_amount``).
HEADING_MARKS = ":：👇⬇"
#: What may follow a heading's sign at the end of a message: white space, the emoji
#: presentation selector (``⬇️``), a skin tone (``👇🏽``).
HEADING_TAIL = " \t\r\n\ufe0f" + "".join(map(chr, range(0x1F3FB, 0x1F400)))
#: How a heading ends: one of :data:`HEADING_MARKS`.
_HEADING_END = re.compile(rf"[{HEADING_MARKS}]\s*$")


def detect_statement_line(token: Token, scan: Scan) -> Hit | None:
    """An amount to the cent, with its currency or a sign, and its day on its line with
    nothing between them but separators, ``on``, or a merchant's name: a line of a statement;
    or a signed amount with its currency opening its line or field, alone or with a merchant's
    name after it (``-SAR 320.00`` under a merchant's name in a carousel, ``-SAR 1,299.00
    Noon.com``): a statement's entry; or an entry of a list under a heading naming
    transactions (``Recent activity:`` / ``• Noon.com — SAR 499.00``).

    The bank's prices and offers are dated too (``Annual fee SAR 250.00 waived until
    31/12``): no offer, fee, price, call to spend, deadline, market word or currency pair in
    the line, and nothing ``amounts.public`` reads as the bank's terms.
    """
    if _HAS_CENTS.search(token.text) is None:
        return None  # (most numbers: no reading needed)
    amount = amounts.read(token, scan)
    if amount is None or not amounts.CENTS.search(amount.text):
        return None
    text = scan.text
    start, end = amounts.currency_span(text, amount.start, amount.end) or (
        amount.start,
        amount.end,
    )
    sign = _SIGN.search(text, max(0, start - 3), start)
    if sign is not None:
        start = sign.start()
    elif not amount.currency:
        return None
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    low = max(line_start, start - STATEMENT_BEFORE)
    # a signed amount with its currency alone on its line (a field: a carousel's subtitle
    # under a merchant's name, ``-SAR 320.00``, ``SAR -320.00``) is a statement's entry
    entry = (
        (sign is not None or any(c in "-+−" for c in text[start : amount.start]))
        and amount.currency
        and not text[line_start:start].strip()
        and (not text[end:line_end].strip() or _MERCHANT_TAIL.fullmatch(text, end, line_end))
    )
    if not (
        entry
        or _DAY_AFTER.match(text[end:line_end])
        or _DAY_BEFORE.search(text[low:start])
        or _listed_under_heading(scan, line_start, start)
    ):
        return None
    line = text[line_start:line_end]
    if (
        _OFFER.search(line)
        or amounts.FEE.search(line)
        or _NOT_SPENT.search(line)
        or _PAIR.search(line)
        or _CALL_TO_SPEND.match(line)
        or _public_word_in(scan, line_start, line_end)
    ):
        return None
    if amounts.public(amount, scan, amounts.PUBLIC_AFTER + 1):
        return None
    return _hit(amount)
