"""Reading what users type: digits of any script, Arabic spelling variants, amounts.

People type Arabic-Indic digits (٢٥٠), Persian ones (۲۵۰), the Arabic decimal
separator (٫) and diacritics; the bot must read them all the same way.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS |= {ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")}
_SEPARATORS = {ord("٫"): ".", ord("٬"): ","}
_ALEF = {ord(c): "ا" for c in "أإآٱ"} | {ord("ى"): "ي"}
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06fa-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_LONG_DIGIT_RUN = re.compile(r"\d(?:[ \-.\u00a0]?\d){7,}")
_NUMBER = re.compile(r"(?<![\d.])-?\d[\d,]*(?:\.\d+)?")
_FOUR_DIGITS = re.compile(r"(?<!\d)\d{4}(?!\d)")

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits and Arabic separators as ASCII."""
    return text.translate(_DIGITS).translate(_SEPARATORS)


def normalise(text: str) -> str:
    """The form keywords are matched against: NFKC, ASCII digits, folded Arabic, lower case."""
    text = unicodedata.normalize("NFKC", text)
    text = ascii_digits(text).replace("\u2019", "'")
    text = _ARABIC_MARKS.sub("", text).translate(_ALEF)
    text = re.sub(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


def language_of(text: str) -> str | None:
    """ "ar" for text with Arabic letters, "en" for Latin letters only, None for neither."""
    if _ARABIC_LETTER.search(text):
        return "ar"
    if _LATIN_LETTER.search(text):
        return "en"
    return None


def language_of_locale(locale: str | None) -> str:
    return "ar" if (locale or "").lower().startswith("ar") else "en"


def has_long_digit_run(normalised: str) -> bool:
    """Eight or more digits in a row (spaces, dashes, dots allowed): a card or account number."""
    return _LONG_DIGIT_RUN.search(normalised) is not None


def first_amount(normalised: str) -> Decimal | None:
    """The first number in the text, or None. Thousands commas are dropped."""
    match = _NUMBER.search(normalised)
    if match is None:
        return None
    try:
        return Decimal(match.group().replace(",", ""))
    except InvalidOperation:
        return None


def four_digit_groups(normalised: str) -> list[str]:
    return _FOUR_DIGITS.findall(normalised)


def to_arabic_indic(digits: str) -> str:
    return "".join(ARABIC_INDIC[int(c)] if c.isascii() and c.isdigit() else c for c in digits)


__all__ = [
    "ascii_digits",
    "first_amount",
    "four_digit_groups",
    "has_long_digit_run",
    "language_of",
    "language_of_locale",
    "normalise",
    "to_arabic_indic",
]
