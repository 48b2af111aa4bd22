"""Cashback earned, a customer's own account named before its amount, what is still to pay.

Each passed the guard before:

- what the customer earned, right at its amount (``context.EARNED``: ``Cashback earned: SAR
  45.20``, ``You have earned SAR 45.20 cashback``, ``Your cashback this month: SAR 45.20``):
  a cashback or reward word with it no longer makes it an offer's figure;
- the customer's own account right before an amount, with no colon (``Your current account
  3,210.55 SAR``, ``حسابك الجاري 3,210.55 ريال``) and French savings accounts by name
  (``Livret A : 12 400,00 €``);
- what is still to pay or was spent (``Remaining loan amount``, ``Your next instalment``,
  ``Your total spend``, ``إجمالي مستحقاتك``, ``الحد الأدنى للسداد``) and money received in
  Arabic (``وصلك مبلغ``);
- the customer's bills (``your bill``, ``فاتورتك``, ``votre facture``), what is left (``Il vous
  reste``), what is available on a card (``المبلغ المتاح في بطاقتك الائتمانية``) and what a
  portfolio is worth (``Your portfolio value:``);
- an account with its last digits right before its amount (``Current •4821 SAR 3,210.55``), and
  a carousel titled with an account over a subtitle its balance opens;
- an amount an account is said to hold (``You've got SAR 8,432.10 in your current account``,
  ``يوجد 3,210.55 ريال في حسابك``), said in conversation (``Your savings stand at``, ``That leaves
  you with``, ``Your account total is``, ``Total across your accounts``), spending and money
  moved in other words (``Your biggest expense``, ``went out``, ``renewed``, ``Your cheque for``,
  ``was disbursed``), the customer's Zakat (``Your Zakat due``, ``زكاتك``);
- Gulf and Egyptian ways of saying them (``عندك في الحساب``, ``معاك في الحساب``, ``فلوسك في حساب
  التوفير``, ``باقي على القرض``, ``المديونية الحالية``, ``عليك 2,140.00 ريال``, ``تم إضافة``, ``تم
  سداد``);
- an amount glued to its currency code (``Balance SAR8432.10``: the digits were read as part
  of a word) and French spending (``Vous avez dépensé``).

Offers, bounds and the bank's own figures said with the same words stay clean. Each is checked
with the quick check on and off (the ``guards`` fixture).
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.records import EgressRecord

Categories = Callable[[Guard, str], list[str]]
GRAPH = "https://graph.facebook.com/v25.0/me/messages"
PSID = "24012345678901234"

LEAKS = [
    ("Cashback earned: SAR 45.20 on your purchases this month.", "balance"),
    ("You have earned SAR 45.20 cashback this month.", "balance"),
    ("Your cashback this month: SAR 45.20", "balance"),
    ("Your current account 3,210.55 SAR", "balance"),
    ("حسابك الجاري 3,210.55 ريال", "balance"),
    ("حسابي الجاري ٣٬٢١٠٫٥٥ ريال", "balance"),
    ("Livret A : 12 400,00 €", "balance"),
    ("Remaining loan amount: SAR 84,200.00", "balance"),
    ("Your next instalment of SAR 1,250.00 is due on 05/04.", "balance"),
    ("Your total spend in March was SAR 6,512.40", "transaction"),
    ("وصلك مبلغ 2,300.00 ريال من أحمد علي", "transaction"),
    ("SAR 2,300.00 has landed in your account.", "transaction"),
    ("المبلغ المتاح في بطاقتك الائتمانية 4,310.22 ريال", "balance"),
    ("Available on your card: SAR 4,310.22", "balance"),
    ("Available in your current account: SAR 4,310.22", "balance"),
    ("إجمالي مستحقاتك 6,512.40 ريال", "balance"),
    ("الحد الأدنى للسداد 214.00 ريال من إجمالي 2,140.00 ريال", "balance"),
    ("قيمة فاتورتك الأخيرة 412.35 ريال", "transaction"),
    ("Your bill of SAR 412.35 from STC is due tomorrow", "transaction"),
    ("Montant de votre facture : 89,99 €", "transaction"),
    ("Il vous reste 1 204,30 € sur votre compte courant", "balance"),
    ("Your portfolio value: SAR 152,300.00", "balance"),
    ("Your investment account is worth SAR 152,300.00", "balance"),
    ("Balance SAR8432.10", "balance"),
    ("Your balance is AED1,250.00", "balance"),
    ("Vous avez dépensé 1 204,55 € en restaurants ce mois-ci", "transaction"),
    ("Sure! You've got SAR 8,432.10 in your current account.", "balance"),
    ("Right now there's SAR 8,432.10 in your savings.", "balance"),
    ("You're at SAR 3,210.55 in checking", "balance"),
    ("There is 3,210.55 SAR left in your account", "balance"),
    ("يوجد 3,210.55 ريال في حسابك", "balance"),
    ("Your savings stand at SAR 52,000.00", "balance"),
    ("Your current account is at SAR 3,210.55", "balance"),
    ("That leaves you with SAR 3,210.55", "balance"),
    ("Your account total is SAR 3,210.55", "balance"),
    ("Total across your accounts: SAR 55,210.55", "balance"),
    ("Your net position is SAR 55,210.55", "balance"),
    ("Your Zakat due this year is SAR 1,317.25", "balance"),
    ("Your biggest expense was SAR 2,999.00 at Extra", "transaction"),
    ("Your rent of SAR 4,500.00 went out on 01/03", "transaction"),
    ("Your Netflix subscription (SAR 39.99) renewed today", "transaction"),
    ("Your cheque for SAR 7,500.00 has cleared", "transaction"),
    ("Your loan of SAR 150,000.00 was disbursed to your account", "transaction"),
    ("عندك في الحساب 8,432.10 ريال", "balance"),
    ("معاك في الحساب 8,432.10 جنيه", "balance"),
    ("فلوسك في حساب التوفير 52,000 جنيه", "balance"),
    ("باقي على القرض 84,200 ريال", "balance"),
    ("المديونية الحالية 2,140.00 ريال", "balance"),
    ("عليك 2,140.00 ريال للبطاقة", "balance"),
    ("تم إضافة 2,300.00 ريال إلى حسابك", "transaction"),
    ("تم سداد فاتورة الكهرباء بمبلغ 412.35 ريال", "transaction"),
]

BENIGN = [
    "Your current account 2 free transfers a month",
    "Your savings account 3.5% a year",
    "Your current account SAR 15.00 monthly fee applies",
    "Open your current account with SAR 500 today",
    "Your savings account SAR 500.00 minimum opening deposit",
    "حسابك الجاري برسوم 15.00 ريال شهريا",
    "Earn SAR 45.20 cashback on your purchases",
    "Cashback earned on purchases over SAR 100.00",
    "Earn up to SAR 500.00 in cashback this month",
    "You earned 2x points on purchases over SAR 100.00",
    "You have earned double cashback on purchases over SAR 200.00 this weekend",
    "Your cashback is capped at SAR 500.00 per month",
    "You've earned a free month! Normally SAR 15.00",
    "Remaining amount of the offer: SAR 100 off",
    "Instalments start from SAR 100.00 a month",
    "Total spend required: SAR 5,000 to qualify",
    "Livret A : plafond 22 950 €",
    "Livret A : versement minimum 10,00 €",
    "LEP : plafond 10 000,00 €",
    "وصلك عرض جديد: خصم 50 ريال",
    "Your new card has arrived. Activation fee SAR 0.00",
    "المبلغ المتاح للتمويل يصل إلى 500,000 ريال",
    "Available on your credit card: up to SAR 50,000 limit",
    "Pay your bills from SAR 10 with no fees",
    "Bill payment fee: SAR 2.00",
    "ادفع فواتيرك بدون رسوم، والتحويل الدولي بـ 25 ريال",
    "Il vous reste 3 jours pour profiter de 50 € offerts",
    "Minimum portfolio value SAR 100,000 for private banking",
    "Portfolio value from SAR 50,000.00 qualifies for Premier",
    "الحد الأدنى للسداد 5% من الرصيد المستحق",
    "Promo code SAR2026 is valid on your balance top-up",
    "Balance code XSAR8432",
    "Dépensez 1 000,00 € et recevez 10 % de remise",
    "Montant dépensé minimum : 500,00 € pour l'offre",
    "Keep SAR 500.00 in your savings to earn 4%",
    "If you have SAR 5,000.00 in your savings, you qualify",
    "Maintain SAR 3,000.00 in your current account to avoid fees",
    "Earn 4% on SAR 10,000.00 in your savings",
    "You need SAR 500.00 in your account",
    "Monthly fee: SAR 15.00 on your current account",
    "Track your expenses for free; premium is SAR 9.99/month",
    "Loans approved up to SAR 500,000",
    "Cheque book fee: SAR 20.00",
    "Renew your subscription for SAR 39.99 a month",
    "Rates stand at 5.25% this week",
    "Our offer stands at SAR 500.00 cashback until Friday",
    "Zakat calculator: 2.5% of savings above SAR 20,000.00",
    "باقي يومين على انتهاء عرض 500 ريال كاش باك",
    "نحن معك على مدار الساعة، والتحويل مجاني حتى 5,000 ريال",
    "سداد الفواتير مجانا، والتحويل الدولي 25 ريال",
    "برنامج تسوية المديونية يبدأ من 500 ريال",
    "تمت إضافة ميزة جديدة: التحويل الفوري برسوم 0.50 ريال",
    "فلوسك بأمان معنا، والحد الأدنى للإيداع 1,000 ريال",
    "عروض الشهر ده: خصم 100 جنيه على مشترياتك فوق 1,000 جنيه",
]


@pytest.mark.parametrize(("text", "category"), LEAKS)
def test_earned_owned_accounts_and_what_is_left_are_found(
    guards: list[Guard], categories: Categories, text: str, category: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == [category]


@pytest.mark.parametrize("text", BENIGN)
def test_offers_bounds_and_bank_figures_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []


def _carousel(title: str, subtitle: str) -> EgressRecord:
    element = {"title": title, "subtitle": subtitle}
    payload = {"template_type": "generic", "elements": [element]}
    message = {"attachment": {"type": "template", "payload": payload}}
    body = json.dumps({"recipient": {"id": PSID}, "message": message}, ensure_ascii=False)
    return EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)


#: A carousel titled with an account, its balance opening the subtitle; quick replies titled
#: with an account's last digits and its balance, no colon.
LABELLED_FIELDS = [
    ("Current account", "SAR 3,210.55"),
    ("Current •4821", "SAR 3,210.55"),
    ("الحساب الجاري", "٣٬٢١٠٫٥٥ ريال"),
    ("Savings ••7730", "52,000.00 SAR"),
]
PRODUCT_FIELDS = [
    ("Current account", "SAR 0 monthly fee, free transfers"),
    ("Savings account", "SAR 500.00 minimum deposit"),
    ("Savings", "4.5% a year on balances over SAR 10,000"),
    ("Savings", "Open one today with SAR 100.00"),
]


@pytest.mark.parametrize(("title", "subtitle"), LABELLED_FIELDS)
def test_an_account_title_over_its_balance_is_a_balance(
    guards: list[Guard], title: str, subtitle: str
) -> None:
    for guard in guards:
        findings = guard.scan(_carousel(title, subtitle))
        assert [(f.category, f.path) for f in findings] == [
            ("balance", "$.message.attachment.payload.elements[0].subtitle")
        ]


@pytest.mark.parametrize(("title", "subtitle"), PRODUCT_FIELDS)
def test_an_account_product_over_its_terms_stays_clean(
    guards: list[Guard], title: str, subtitle: str
) -> None:
    for guard in guards:
        assert guard.scan(_carousel(title, subtitle)) == []


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Current •4821 SAR 3,210.55", "balance"),
        ("Savings ending 7730 52,000.00 SAR", "balance"),
        ("Current account •4821\nSAR 3,210.55", "balance"),
        ("Account •4821 is now active", None),
        ("Current •4821 SAR 15.00 monthly fee", None),
    ],
)
def test_an_account_with_its_last_digits_labels_the_amount_after_it(
    guards: list[Guard], categories: Categories, text: str, category: str | None
) -> None:
    for guard in guards:
        assert categories(guard, text) == ([category] if category else [])
