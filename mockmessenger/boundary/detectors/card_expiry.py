"""Card expiry dates (MM/YY, MM/YYYY, MM-YY, YYYY-MM, MM YY, a month's name and the year)
near words that name them.

"Expires" is said of many things a bank writes about: an offer, a session, opening hours.
A date is a card's expiry only when no such other thing is named nearer than a card (before
the date, or after it in its clause: ``valid thru 12/2030 for the loyalty programme``), and
it is no time of day (``expire at 11.45 pm``) or rate (``1.25%``).
"""

from __future__ import annotations

import re

from .base import Hit, Scan, Token
from .context import CARD_WORDS, EXPIRY, EXPIRY_OTHER

#: How far before the date an expiry word may end (``Expiry date of your card ending 1111:``).
BEFORE = 45
#: How far before the date the name of something else that expires is looked for, and after it
#: (in the date's clause only: ``Expiry 12/30, loyalty points 500`` names a card's date).
OTHER_BEFORE, OTHER_AFTER = 60, 30
#: Where a clause ends: what stops the look after the date for something else that expires.
_CLAUSE_END = re.compile(r"[,;:!?؛،\n]|\.\s")
#: Years a card in use can expire in (``7-10 days`` is no expiry).
_YEARS = r"(?:1[6-9]|[2-4]\d)"
_EXPIRY = re.compile(
    rf"^(?:(0?[1-9]|1[0-2]) ?[/\-.] ?(20)?{_YEARS}|20{_YEARS}[/\-](0[1-9]|1[0-2])"
    rf"|(0[1-9]|1[0-2]) (20)?{_YEARS})$"  # MM YY as embossed: two-digit month, a space
)
#: A year alone: an expiry after a month's name (``Exp Dec 2027``, ``déc. 2027``, ``ديسمبر 2027``).
_YEAR = re.compile(rf"^20{_YEARS}$")
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|janv(?:ier)?|f[ée]vr?(?:ier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[ûu]t"
    r"|sept(?:embre)?|oct(?:obre)?|nov(?:embre)?|d[ée]c(?:embre)?"
)
_ARABIC_MONTHS = (
    r"يناير|فبراير|مارس|أبريل|ابريل|إبريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر"
    r"|أكتوبر|اكتوبر|نوفمبر|ديسمبر|كانون الثاني|كانون الأول|كانون الاول|شباط|آذار|نيسان|أيار"
    r"|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الاول|تشرين الثاني"
)
#: A month's name right before the year (a day before the month makes it a date:
#: ``31 December 2027``, ``le 4 déc. 2027``).
MONTH_BEFORE = re.compile(
    rf"(?:(?<![A-Za-zÀ-ÿ])(?:{_MONTHS})(?![A-Za-zÀ-ÿ])\.?|(?:{_ARABIC_MONTHS}))[\s,/\-]*$",
    re.IGNORECASE,
)
_DAY_BEFORE = re.compile(r"[0-9]{1,2}(?:st|nd|rd|th|er|e)?[\s,.]*$", re.IGNORECASE)
#: A time of day or a percentage right after the number.
_TIME_OR_RATE_AFTER = re.compile(
    r"^\s*(?:[ap]\.?m\b|h\b|heures?\b|hrs?\b|o'clock|%|٪|مساء|صباح|ظهر|عصر)", re.IGNORECASE
)
#: A time of day right before the number (``at 11.45``, ``الساعة 4.30``).
_TIME_BEFORE = re.compile(r"(?:\bat|\bà|الساعة|\bfrom|\buntil|\btill|من|حتى)\s*$", re.IGNORECASE)


def _after_month(token: Token, scan: Scan) -> bool:
    """A month's name right before the token, and no day before the month."""
    before = scan.text[max(0, token.start - 24) : token.start]
    month = MONTH_BEFORE.search(before)
    return month is not None and not _DAY_BEFORE.search(before, 0, month.start())


def _nearest_other(token: Token, scan: Scan) -> int | None:
    """Distance to the nearest name of something else that expires: before the date, or after
    it with no clause end between (:data:`_CLAUSE_END`)."""
    before = scan.near(EXPIRY_OTHER, token.start, token.end, OTHER_BEFORE, 0)
    text = scan.text
    for word_start, _ in scan.index.starting_in(EXPIRY_OTHER, token.end, token.end + OTHER_AFTER):
        if _CLAUSE_END.search(text, token.end, word_start):
            break
        after = word_start - token.end
        return after if before is None else min(before, after)
    return before


def detect(token: Token, scan: Scan) -> Hit | None:
    text = token.text.strip()
    if not _EXPIRY.match(text) and not (_YEAR.match(text) and _after_month(token, scan)):
        return None
    if not scan.context(EXPIRY, token.start, token.end, before=BEFORE, after=0):
        return None
    if ("." in text or " " in text) and (
        _TIME_OR_RATE_AFTER.match(scan.text, token.end)
        or _TIME_BEFORE.search(scan.text[max(0, token.start - 12) : token.start])
    ):
        return None
    if scan.after(token.end, 1) in ("%", "٪"):
        return None
    other = _nearest_other(token, scan)
    if other is not None:
        card = scan.near(CARD_WORDS, token.start, token.end, OTHER_BEFORE, OTHER_AFTER)
        if card is None or other < card:
            return None
    return Hit("card_expiry", "card_expiry", token.start, token.end, text, "mm/yy+expiry-context")
