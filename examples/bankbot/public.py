"""Public information the bot may share with anyone: branches and indicative rates."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Branch:
    id: str
    title_en: str
    title_ar: str
    address_en: str
    address_ar: str
    phone: str
    city_words: tuple[str, ...]

    def title(self, lang: str) -> str:
        return self.title_ar if lang == "ar" else self.title_en

    def address(self, lang: str) -> str:
        return self.address_ar if lang == "ar" else self.address_en


BRANCHES: tuple[Branch, ...] = (
    Branch(
        "riyadh-olaya",
        "Olaya Branch, Riyadh",
        "فرع العليا، الرياض",
        "King Fahd Road, Al Olaya, Riyadh",
        "طريق الملك فهد، العليا، الرياض",
        "+966115550100",
        ("riyadh", "الرياض"),
    ),
    Branch(
        "jeddah-tahlia",
        "Tahlia Branch, Jeddah",
        "فرع التحلية، جدة",
        "Prince Mohammed bin Abdulaziz Road, Jeddah",
        "طريق الأمير محمد بن عبدالعزيز، جدة",
        "+966126550120",
        ("jeddah", "جدة", "جده"),
    ),
    Branch(
        "dubai-marina",
        "Dubai Marina Branch",
        "فرع دبي مارينا",
        "Marina Walk, Dubai Marina, Dubai",
        "ممشى المارينا، دبي مارينا، دبي",
        "+97145550130",
        ("dubai", "دبي"),
    ),
    Branch(
        "cairo-zamalek",
        "Zamalek Branch, Cairo",
        "فرع الزمالك، القاهرة",
        "26th of July Street, Zamalek, Cairo",
        "شارع 26 يوليو، الزمالك، القاهرة",
        "+20227350140",
        ("cairo", "القاهرة"),
    ),
    Branch(
        "london-city",
        "City Branch, London",
        "فرع سيتي، لندن",
        "1 Poultry, London EC2R 8EJ",
        "1 بولتري، لندن EC2R 8EJ",
        "+442079460018",
        ("london", "لندن"),
    ),
)

#: Indicative rates: SAR for one unit of each currency, as the bank publishes them.
RATES: tuple[tuple[str, str], ...] = (
    ("USD", "3.7500"),
    ("EUR", "4.0800"),
    ("GBP", "4.7600"),
    ("AED", "1.0210"),
    ("EGP", "0.0760"),
)

_CURRENCY_WORDS: dict[str, tuple[str, ...]] = {
    "USD": ("usd", "dollar", "دولار"),
    "EUR": ("eur", "euro", "يورو"),
    "GBP": ("gbp", "pound", "sterling", "استرليني"),
    "AED": ("aed", "dirham", "درهم"),
    "EGP": ("egp", "egyptian", "جنيه مصري"),
}


def branches_for(normalised_text: str) -> tuple[Branch, ...]:
    """The branches of the cities the text names; all of them when it names none."""
    named = tuple(b for b in BRANCHES if any(w in normalised_text for w in b.city_words))
    return named or BRANCHES


def currencies_named(normalised_text: str) -> list[str]:
    """Currency codes the text names (``جنيه`` alone means the Egyptian pound)."""
    named = [
        code
        for code, words in _CURRENCY_WORDS.items()
        if any(_word_in(word, normalised_text) for word in words)
    ]
    if "جنيه" in normalised_text and "GBP" not in named and "EGP" not in named:
        named.append("EGP")
    return named


def _word_in(word: str, text: str) -> bool:
    if word.isascii():
        return re.search(rf"(?<![a-z]){re.escape(word)}", text) is not None
    return word in text


__all__ = ["BRANCHES", "RATES", "Branch", "branches_for", "currencies_named"]
