"""Amounts a limit, a card alert or a bill names: each passed the guard before.

- What is available said after the card's limit (``Credit limit: SAR 20,000 | Available: SAR
  4,310.22``, ``Your credit limit is SAR 20,000 and you have SAR 4,310.22 available``): the
  limit word named the limit, not the amount after it, once another number stands between
  them and a balance word stands right at the amount.
- What the customer owns said with a possessive, a short noun phrase and a verb or a colon,
  the amount with its currency (``Your SEC bill is SAR 412.35``, ``Your arrears are SAR
  4,290.00``, ``Your wallet has SAR 84.10``, ``وديعتك 50,000 ريال``): no context word names
  a bill, a deposit or a savings pot (``detectors.owned``).
- Card alerts and the words of cards, loans, Islamic finance, remittances and savings
  (``Pending authorization``, ``A hold of``, ``Declined:``, ``Your dispute``, ``Remittance of``,
  ``will receive``, ``picked up``, ``Your minimum payment of``, ``Your card's available
  limit``, ``early settlement amount``, ``قسط المرابحة القادم``, ``in the red``, ``You've saved``,
  ``Your Hassad account earned``, ``تم حجز مبلغ``); two amounts said equal are a rate of
  exchange (``SAR 1 = 74.28 PKR``) unless a balance word names them.
- Statement lines with the month by name (``12 Mar · Noon.com · SAR 1,299.00``, ``١ أبريل``),
  a signed entry with its merchant after it (``-SAR 1,299.00 Noon.com``), and a list's
  entries under a heading naming transactions (``Recent activity:`` / ``• Noon.com — SAR
  499.00``); not under a price or fee heading.

Offers, bounds and the bank's own figures said with the same words stay clean. Each is checked
with the quick check on and off (the ``guards`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard

Categories = Callable[[Guard, str], list[str]]

LEAKS = [
    ("Your credit limit is SAR 20,000 and you have SAR 4,310.22 available", "balance"),
    ("Your credit limit is SAR 20,000, of which SAR 4,310.22 is available", "balance"),
    ("Credit limit: SAR 20,000 | Available: SAR 4,310.22", "balance"),
    ("Limit SAR 20,000.00, available SAR 4,310.22", "balance"),
    ("Your card limit is SAR 20,000 and SAR 4,310.22 is still available", "balance"),
    ("Plafond : 3 000,00 € | Disponible : 1 245,80 €", "balance"),
    ("Your SEC bill is SAR 412.35", "transaction"),
    ("Your water bill: SAR 96.20", "transaction"),
    ("Your WE bill this month is 650 EGP", "transaction"),
    ("Your arrears are SAR 4,290.00", "balance"),
    ("Your early settlement amount is SAR 84,902.55", "balance"),
    ("Your wallet has SAR 84.10", "balance"),
    ("Your share of the dinner: SAR 85.50", "balance"),
    ("Your traffic violations total SAR 1,500", "balance"),
    ("Your Tabby installment of SAR 358.25 is due tomorrow", "balance"),
    ("Your car loan EMI of ₹18,450 is due on 5th", "balance"),
    ("Your claim of 2,999 SAR at Extra on 12 March is being investigated", "balance"),
    ("Votre épargne logement : 8 400,00 €", "balance"),
    ("وديعتك 50,000 ريال تستحق في 30 يونيو", "balance"),
    ("أرباح وديعتك 1,275 ريال", "balance"),
    ("محفظتك: ٨٤٫١٠ ريال", "balance"),
    ("Your minimum payment of AED 310.92 is due on 12 April.", "balance"),
    ("Your card's available limit is now SAR 15,790.00", "balance"),
    ("الحد المتاح في بطاقتك 15,790 ريال", "balance"),
    ("Pending authorization: AED 350.00 Careem", "transaction"),
    ("A hold of SAR 500.00 was placed by Hilton Riyadh", "transaction"),
    ("تم حجز مبلغ 500 ريال من فندق هيلتون", "transaction"),
    ("Declined: SAR 5,400.00 at Apple.com (insufficient funds)", "transaction"),
    ("Your dispute for SAR 499.00 at Noon.com is under review", "transaction"),
    ("Remittance of AED 2,000 to India completed.", "transaction"),
    ("Your money is on its way! Ahmed will receive PKR 111,420.", "transaction"),
    ("Rafiq picked up PKR 111,420 at HBL Lahore.", "transaction"),
    ("Ahmed requested SAR 150 from you via STC Pay", "transaction"),
    ("You converted SAR 4,299 at Jarir into installments.", "transaction"),
    ("Round-ups this month added SAR 37.20 to savings", "transaction"),
    ("You have 46 installments left, totalling SAR 98,670.", "balance"),
    ("المبلغ المتبقي على التمويل العقاري 843,200 ريال", "balance"),
    ("قسط المرابحة القادم 3,120 ريال بتاريخ 1 أبريل", "balance"),
    ("Ijara rental due: AED 4,500 on 15 May", "balance"),
    ("Remaining murabaha profit: SAR 6,240.00", "balance"),
    ("مبلغ السداد المبكر لتمويلك 84,902.55 ريال", "balance"),
    ("You've saved SAR 8,400 so far", "balance"),
    ('Your savings pot "Hajj" has SAR 8,400', "balance"),
    ("Your Hassad account earned SAR 812.33 this quarter", "balance"),
    ("Your mutual fund units are valued at SAR 22,310.40", "balance"),
    ("You're SAR 230.50 in the red", "balance"),
    ("Your account went negative: -SAR 230.50", "balance"),
    ("Your balance: SAR 500.00 = USD 133.33", "balance"),
    ("12 Mar · Noon.com · SAR 1,299.00", "transaction"),
    ("Apple.com/bill — SAR 14.99 — 01 Mar", "transaction"),
    ("Jarir SAR 1,250.00 Mar 10", "transaction"),
    ("بنده ٣٢٠٫٠٠ ريال ١ أبريل", "transaction"),
    ("-SAR 1,299.00 Noon.com", "transaction"),
    ("+SAR 14,500.00 ABC Company", "transaction"),
    ("Recent activity:\n• Noon.com — SAR 499.00\n• Jarir — SAR 1,250.00", "transaction"),
    ("آخر العمليات:\n• بنده — 320.00 ريال\n• جرير — 1,250.00 ريال", "transaction"),
]

BENIGN = [
    "Credit limit: SAR 20,000 | Available from SAR 5,000 salary",
    "Daily limit SAR 5,000; available 24/7 in the app",
    "Transfer limit SAR 20,000 per day, available to all customers",
    "Fees: SAR 20 per transfer, free if your balance is above SAR 5,000",
    "Gold card: limit SAR 30,000, available to salaries above SAR 15,000",
    "Limit SAR 10,000. If you have SAR 5,000.00 available, you qualify",
    "Annual fee SAR 250; also available: a second card for SAR 100",
    "Your annual fee is SAR 250",
    "Your welcome bonus of SAR 200 is waiting for you",
    "Your card costs SAR 300 a year",
    "Your transfer limit is SAR 5,000 per day",
    "Your first transfer of up to SAR 5,000 is free",
    "Your rating is 4.50",
    "Your chance to win SAR 10,000!",
    "Your minimum deposit is SAR 1,000",
    "Your referral reward: SAR 50",
    "Your estimated instalment is SAR 1,180",
    "Your package is SAR 99 only",
    "Your subscription is SAR 30 per month",
    "Invite your friends: SAR 50 for each friend who joins",
    "Your order number is 12345678",
    "Votre frais de tenue de compte est de 5,00 €",
    "رسوم بطاقتك 300 ريال سنويا",
    "هديتك 100 ريال بانتظارك",
    "مكافأتك 50 ريال عند التسجيل",
    "بطاقتك الجديدة ستصل خلال 5 أيام",
    "Authorization fee: SAR 5.00",
    "Holds of up to SAR 500 may apply at hotels",
    "Dispute fee: SAR 50 per case",
    "Remittance fees start from SAR 10",
    "Remittance to Pakistan: SAR 1 = 74.28 PKR, fee SAR 15, arrives in 10 minutes.",
    "Fees totalling SAR 50 apply to international transfers",
    "Early settlement fee: 1% of the remaining amount, max SAR 10,000",
    "Round-ups start from SAR 1 per purchase",
    "You can request up to SAR 5,000 from friends",
    "Request for a new card: SAR 30",
    "Total assets of the bank: SAR 1.2 trillion",
    "Available limit per day: SAR 20,000",
    "الحد المتاح للتحويل اليومي 20,000 ريال",
    "رسوم السداد المبكر 1% بحد أقصى 10,000 ريال",
    "قسط المرابحة يبدأ من 500 ريال شهريا",
    "Pre-authorization holds of SAR 200 are released within 7 days",
    "Offer: SAR 50.00 off until 31 March",
    "Annual fee SAR 250.00 waived until 31 Dec",
    "Webinar on 12 May: save SAR 100.00",
    "-SAR 50.00 Off",
    "Our fees:\n• Card replacement — SAR 30.00\n• Cheque book — SAR 20.00",
    "Popular gift cards:\n• Noon.com — SAR 100.00\n• Jarir — SAR 250.00",
]


@pytest.mark.parametrize(("text", "category"), LEAKS)
def test_limits_alerts_and_bills_are_found(
    guards: list[Guard], categories: Categories, text: str, category: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == [category]


@pytest.mark.parametrize("text", BENIGN)
def test_the_banks_own_limits_and_offers_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "بطاقتك المنتهية بـ 4821 جاهزة للاستلام",
        "Votre commande n° 59688190 a été expédiée le 2026-02-13.",
        "Your card ending 4821 is active",
        "Your order 12345678 ships on 05/03",
    ],
)
def test_the_possessive_shape_lets_everyday_replies_skip_the_full_scan(text: str) -> None:
    """The quick check's possessive shape asks for an amount with its currency: a card's last
    digits after ``بطاقتك``, a date after ``le``, an order number after ``Your`` pass quickly
    (each once sent every such reply to the full scan)."""
    pytest.importorskip("hyperscan")
    import json

    from mockmessenger.records import EgressRecord

    guard = Guard(use_hyperscan=True)
    body = json.dumps(
        {"recipient": {"id": "24012345678901234"}, "message": {"text": text}}, ensure_ascii=False
    )
    record = EgressRecord.make("POST", "https://graph.facebook.com/v25.0/me/messages", {}, body)
    clean, _ = guard._quick.clean(record, record.host)
    assert clean
