"""Balances said in words the guard used to misread.

- "up to" named a bank's term wherever it stood before an amount in its sentence: ``Your
  balance is up to date: SAR 12,345.67`` and ``Balance (up to 04/03): SAR 12,345.67`` passed.
  It is a bound only right before its amount (``up to SAR 50,000``: ``amounts._BOUND_BEFORE``),
  never a fee word of its own.
- "you have" in French and Arabic (``vous avez``, ``لديك``, ``عندك``) and ``disponibles`` are
  loose balance words as "you have" and ``disponible`` were: an amount with its currency or
  cents right at one is a balance (``Vous avez 12 345,67 € sur votre compte``).

- what the customer owes, has used or pays back (``outstanding``, ``amount due``, ``you have
  used``, ``your instalment``, ``votre mensualité``, ``قسطك``: ``context.OWN_AMOUNT``) makes an
  amount theirs whatever bound is said with it (``per month``), and a fee or limit word before
  such a phrase names something else: ``Minimum payment due SAR 617.28``, ``Your credit limit
  is SAR 30,000 and you have used SAR 12,345.67``.
- ``رس`` at the start of a word (``رسائل``, messages) was read as ``ر.س`` (riyals).

Each is checked with the quick check on and off (the ``guards`` fixture), and each has near
misses that must stay clean: a bound right before its amount, "you have" before days or an
amount without currency or cents.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard

Categories = Callable[[Guard, str], list[str]]


LEAKS = [
    ("Your balance is up to date: SAR 12,345.67", "balance"),
    ("Your balance up to today is SAR 12,345.67", "balance"),
    ("Balance (up to 04/03): SAR 12,345.67", "balance"),
    ("Your transfer of SAR 5,000 up to now", "transaction"),
    ("Vous avez 12 345,67 € sur votre compte", "balance"),
    ("Vous avez 12 345,67 disponibles", "balance"),
    ("Tu as 1 250,00 € sur ton compte", "balance"),
    ("لديك 12,345.67 ريال في حسابك", "balance"),
    ("عندك 8,200 ريال في الحساب", "balance"),
    ("Your credit limit is SAR 30,000 and you have used SAR 12,345.67", "balance"),
    ("Your card limit is up to SAR 30,000; outstanding SAR 12,345.67", "balance"),
    ("Minimum payment due SAR 617.28 per month", "balance"),
    ("Remaining credit limit: SAR 3,210.50 up to your statement date", "balance"),
    ("Your loan instalment is SAR 2,150.00 per month", "balance"),
    ("Votre mensualité est de 650 € par mois", "balance"),
    ("Montant dû : 1 234,56 €", "balance"),
    ("قسطك الشهري 2,150 ريال شهرياً", "balance"),
    ("المبلغ المستحق 617.28 ريال", "balance"),
    ("Your current account has 4,210.55 KWD", "balance"),
    ("Your savings account holds SAR 250,000", "balance"),
    ("You currently have SAR 3,402.18 in savings", "balance"),
    ("Your account is overdrawn by SAR 512.40", "balance"),
    ("Your net worth across accounts is SAR 1,234,567", "balance"),
    ("Your portfolio is worth $84,210.77", "balance"),
    ("Votre épargne s'élève à 25 300 €", "balance"),
    ("Your available limit is SAR 4,560.12", "balance"),
    ("لقد أنفقت 1,245 درهم هذا الشهر", "transaction"),
]

BENIGN = [
    "You can transfer up to AED 50,000 a day",
    "Transfers of up to SAR 50,000 are free",
    "Cashback up to 10% on dining",
    "Vous avez 30 jours pour contester une opération",
    "Vous avez 2 nouvelles offres",
    "لديك 3 أيام لتفعيل البطاقة",
    "عندك 2 رسائل جديدة",
    "Minimum balance required: SAR 3,000",
    "Daily transfer limit: SAR 50,000",
    "Instalment plans from SAR 100 per month",
    "Pay before the due date to avoid a late fee of SAR 100",
    "Late payment fee: SAR 100 when the minimum payment is missed",
    "Your account has 3 new messages",
    "Your account has been upgraded to Gold for SAR 99 per year",
    "You still have 2 free transfers this month",
    "Overdraft fee: SAR 25 if your account is overdrawn",
    "Net worth calculator: enter your assets from SAR 1,000",
    "Available limit increases start at SAR 5,000",
    "لقد أنفقت الكثير؟ جرب خطة الادخار من 100 ريال شهريا",
    "Votre épargne est rémunérée à 3 % jusqu'à 10 000 €",
    "Vous avez jusqu'au 30/06 pour profiter de 50 € offerts",
]


@pytest.mark.parametrize(("text", "category"), LEAKS)
def test_a_balance_said_so_is_found(
    guards: list[Guard], categories: Categories, text: str, category: str
) -> None:
    for guard in guards:
        assert category in categories(guard, text)


@pytest.mark.parametrize("text", BENIGN)
def test_bounds_and_other_things_you_have_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []


@pytest.mark.parametrize("after", [" رسائل", " رقم", " جميلة", " دكان"])
def test_an_arabic_word_starting_like_an_abbreviation_is_no_currency(after: str) -> None:
    """``عندك 2 رسائل`` (you have 2 messages) read ``رس`` as ``ر.س``: 2 riyals at a balance word."""
    from mockmessenger.boundary.detectors import amounts

    assert amounts.CURRENCY_AFTER.match(after) is None
    assert amounts.CURRENCY_BEFORE.search("درس ") is None
    # the quick check's judge reads them loosely: never narrower than the detectors
    assert amounts.CURRENCY_AFTER_LOOSE.match(" رسائل") is not None


@pytest.mark.parametrize("after", [" رس", " ر.س", " ر. س", "ر.س.", " ريال", " د.إ", " ج.م"])
def test_arabic_currency_abbreviations_still_read(after: str) -> None:
    from mockmessenger.boundary.detectors import amounts

    assert amounts.CURRENCY_AFTER.match(after) is not None
    assert amounts.CURRENCY_AFTER_LOOSE.match(after) is not None


def test_the_judge_sees_the_last_word_of_every_owning_phrase() -> None:
    """The quick check's judge stops trusting a fee word when a phrase saying the amount is the
    customer's may stand between: it looks for the phrases' last words, so each must be there."""
    from mockmessenger.boundary.detectors.context import OWN_AMOUNT, TRANSACTION_DONE
    from mockmessenger.boundary.quick.judge import _owning_last_word

    for words in (OWN_AMOUNT, TRANSACTION_DONE):
        for phrase in (*words.latin, *words.arabic):
            assert _owning_last_word().search(phrase.upper()) is not None, phrase
