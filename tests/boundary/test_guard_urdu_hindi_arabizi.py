"""How Gulf customers from South Asia and the Maghreb, and Arabizi writers, are told their money:
each passed the guard before.

- Urdu and Persian letters for Arabic ones are read as those letters (``ریال`` is ``ريال``,
  ``بیلنس`` ``بيلنس``: ``normalize.PERSIAN_URDU_LETTERS``), so Urdu replies are read as Arabic.
- Roman Urdu and Hindi (``Aapke account mein``, ``khate mein``, ``bheje``, ``mil gaye``,
  ``tankhwah``, ``kisht``), Devanagari (``बैलेंस``, ``सैलरी``, ``जमा``), Arabizi (``rasidak``,
  ``3andak``, ``khasm``, ``ratbak nezel``, ``qest``) and Darija (``flous``, ``khlesti``); the
  currencies they are said in (``rupaye``, ``PKR``, ``geneh``, ``dinar``, ``रियाल``).
- ``tak`` after an amount is a bound (``1,000 riyal tak``: up to).

Fees said in the same languages stay clean. Each is checked with the quick check on and off
(the ``guards`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.boundary.normalize import normalize

Categories = Callable[[Guard, str], list[str]]

LEAKS = [
    ("آپ کا بیلنس 3,200 ریال ہے", "balance"),
    ("آپ کے اکاؤنٹ میں 1,450 درہم ہیں", "balance"),
    ("آپ کی تنخواہ 2,800 ریال آ گئی ہے", "transaction"),
    ("آپ نے پاکستان 1,500 ریال بھیجے", "transaction"),
    ("Your balance is ۳۲۰۰ ریال", "balance"),
    ("Aapke account mein 1,450 riyal hain", "balance"),
    ("Aap ke khate mein 1,450 dirham baqi hain", "balance"),
    ("Aapka loan baqi: 8,400 riyal", "balance"),
    ("Rafiq ko PKR 111,420 mil gaye", "transaction"),
    ("Aapne 1,500 riyal Pakistan bheje", "transaction"),
    ("Aapke account se 2000 rupaye nikale gaye", "transaction"),
    ("Aapki tankhwah 2,800 riyal aa gayi", "transaction"),
    ("Aapki agli kisht 700 riyal 1 tareekh ko", "transaction"),
    ("आपका बैलेंस ₹45,230 है", "balance"),
    ("आपकी सैलरी 2,800 रियाल आ गई है", "transaction"),
    ("आपके खाते में ₹12,450.50 जमा हुए", "transaction"),
    ("rasidak 3,200 riyal", "balance"),
    ("3indak 3,412 riyal fil 7esab", "balance"),
    ("tam khasm 650 geneh mn 7esabak", "transaction"),
    ("ratbak nezel 14,500 riyal", "transaction"),
    ("el qest el gay 1,800 geneh", "transaction"),
    ("Lflouss li 3andek: 4350 dh", "balance"),
    ("Khlesti 650 dh dyal facture Lydec", "transaction"),
]

BENIGN = [
    "Pakistan bhejne ki fee sirf 15 riyal hai",
    "Aap 1,000 riyal tak bina fee bhej sakte hain",
    "frais dyal transfert 15 dh",
    "پاکستان بھیجنے کی فیس صرف 15 ریال ہے",
    "Paisa bhejne ka rate aaj 1 riyal = 74.28 rupaye",
    "Kisht plans start from 500 riyal a month",
]


@pytest.mark.parametrize(("text", "category"), LEAKS)
def test_urdu_hindi_arabizi_and_darija_are_found(
    guards: list[Guard], categories: Categories, text: str, category: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == [category]


@pytest.mark.parametrize("text", BENIGN)
def test_fees_in_the_same_languages_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []


def test_persian_and_urdu_letters_read_as_arabic_ones() -> None:
    assert normalize("ریال بیلنس کا").text == "ريال بيلنس كا"
    assert normalize("تنخواہ").text == "تنخواه"
