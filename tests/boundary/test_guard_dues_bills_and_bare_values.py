"""Dues, bills, holdings, charges and values said without a verb: each passed the guard before.

- What the customer must pay (``Please pay at least SAR 170.64 by 25 March``, ``You have an
  unpaid bill of SAR 412.35``, ``مستحقات البطاقة الائتمانية: 2,140.00 ريال``) and what they
  hold (``Your gold holdings: 24.5 g (SAR 7,845)``): balance words.
- A bill (a transaction, as ``your bill``, ``فاتورتك`` and ``votre facture`` were; ``Your SEC
  bill is SAR 412.35`` is one too now, no longer a balance), a charge and a card used at a
  merchant (``STC bill: SAR 412.35 due 05/04``, ``We blocked a SAR 2,999.00 charge``,
  ``Alert: card ••4821 used at Extra, SAR 2,999.00``): transaction words. A count of shops
  after a number (``10,000 shops``) is none.
- An amount glued to its currency code, without cents, right after a balance word (``Balance
  SAR8432``, ``رصيدك SAR8432``): ``SAR2026`` alone is a promo code as often, and stays one.
- A password right after its word with no verb (``temporary password Xy7#pq21``, ``كلمة المرور
  المؤقتة Xy7#pq21``), when it holds a letter and a digit; a value after the verb form that is
  an ordinary word no longer hides one said before it (``your new password abc12345 is
  active``).
- A Saudi id after its name in Latin letters (``Hawiya: 1088234560``); a wrong check digit
  makes it none.

- A red-team round's words: what is owed (``You still owe``, ``overdrawn``, ``مكشوف``, ``عليك
  مديونية``, ``التسوية المبكرة``, ``remboursement anticipé``, ``المستحقة لك``), held (``units
  are worth``, ``now holds``, ``portfolio gained``, ``bache hain``, ``wallet mein``, ``शेष``),
  moved (``topped up``, ``Money in:``, ``مبلغ محجوز``, ``تم تحصيل``, ``المرتب نزل``, ``اتحولك``,
  ``اتضاف``, ``खर्च``), ``Rs`` as a currency, ``هويتك``, and OTP in Devanagari and Urdu script.
  Their public look-alikes: ``to open``, ``priced at``, ``bonus``, ``zyada se zyada``, ``حد
  التحويل``, ``Illustration:``, and ``le 5`` (French for "the 5th", no Egyptian pounds: ``LE``
  is a currency in capitals only).

- Words named a few words before their value (``Security code on the back: 084``, ``Votre code
  confidentiel provisoire est le 6613``): a CVV or code word is measured from where it ends,
  in the value's sentence (``Scan.named_by``); three words between a password word and its
  verb; amounts grouped in lakhs (``₹4,12,880``).
- The ids of the Gulf's Indian and Pakistani customers after their word (an Aadhaar with its
  Verhoeff check digit, a CNIC; python-stdnum's ``in_.aadhaar``, ``pk.cnic``): a wrong check
  digit, or no id word, and they are none.

- A fee word ending its sentence no longer makes the next sentence's amount a published
  figure (``No fees. Your balance is SAR 8,432.10`` passed: the dot after every public word
  was read as an abbreviation's, as in ``Min. salary``; now only ``min.`` and ``max.``). A
  rule's floor said with "whichever is higher" (``5% of the outstanding balance or SAR 100,
  whichever is higher``, ``أيهما أعلى``) is the bank's terms, and fee or minimum words reach 50
  characters back (``Minimum opening balance for Premier is AED 100,000``). A fee word's line
  names a bare figure on the next line (``Fees:`` / ``SAR 25.00``), not an amount its own line
  names (``Transfer fees apply`` / ``Your balance: SAR 8,432.10`` passed).

Each is checked with the quick check on and off (the ``guards`` fixture).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mockmessenger.boundary import Guard

Categories = Callable[[Guard, str], list[str]]

LEAKS = [
    ("Please pay at least SAR 170.64 by 25 March", "balance"),
    ("مستحقات البطاقة الائتمانية: 2,140.00 ريال", "balance"),
    ("Your gold holdings: 24.5 g (SAR 7,845)", "balance"),
    ("Holdings: SAR 22,310.40 across 3 funds", "balance"),
    ("STC bill: SAR 412.35 due 05/04", "transaction"),
    ("You have an unpaid bill of SAR 412.35 from Saudi Electricity", "balance"),
    ("Electricity bill SAR 230.10 paid", "transaction"),
    ("We reversed the 1,499 dirham charge from Amazon.ae", "transaction"),
    ("We blocked a SAR 2,999.00 charge", "transaction"),
    ("Alert: card ••4821 used at Extra, SAR 2,999.00", "transaction"),
    ("Balance SAR8432", "balance"),
    ("Balance: SAR8432", "balance"),
    ("Your balance is SAR8432", "balance"),
    ("رصيدك SAR8432", "balance"),
    ("temporary password Xy7#pq21", "credential"),
    ("Your temporary password Xy7#pq21 expires in 24 hours", "credential"),
    ("كلمة المرور المؤقتة Xy7#pq21", "credential"),
    ("your new password abc12345 is active", "credential"),
    ("Hawiya: 1088234560", "national_id"),
    ("Your hawiya number 2298155447 is linked", "national_id"),
    ("You still owe AED 23,110 on your personal loan", "balance"),
    ("You're SAR 312.40 overdrawn on your current account", "balance"),
    ("حسابك مكشوف بمبلغ ٤١٢ ريال", "balance"),
    ("عليك مديونية ٩٬٨٧٠ جنيه", "balance"),
    ("مبلغ التسوية المبكرة لتمويلك الشخصي هو ٧٣٬٨١٢٫٦٦ ريال", "balance"),
    ("Montant du remboursement anticipé : 61 980,00 MAD", "balance"),
    ("أرباح الصكوك المستحقة لك ٣٬٤٥٠ ريال", "balance"),
    ("Portfolio update: your Sukuk fund units are worth SAR 52,918.77 today", "balance"),
    ("Your savings pot 'Hajj 2026' now holds SAR 11,600", "balance"),
    ("Your investment portfolio gained SAR 1,204.56 this month", "balance"),
    ("Aapke khate mein abhi 785 riyal bache hain", "balance"),
    ("Aapke Easypaisa wallet mein Rs 12,340 hain", "balance"),
    ("आपके खाते में ₹27,350 शेष हैं", "balance"),
    ("Your wallet was topped up with AED 300.00 from card ending 1188", "transaction"),
    ("Money in: SAR 650.00 from Faisal via Sarie", "transaction"),
    ("لديك مبلغ محجوز ٩٥٠ ريال من فندق الفيصلية", "transaction"),
    ("تم تحصيل مبلغ ١٬١٢٠ ريال لصالح تمارا", "transaction"),
    ("المرتب نزل: ١٢٬٤٠٠ جنيه", "transaction"),
    ("اتحولك ١٬٥٠٠ جنيه على إنستاباي من محمود", "transaction"),
    ("عائد الوديعة اتضاف لحسابك: ٢٬٠٨٣٫٣٣ جنيه", "transaction"),
    ("आपके कार्ड से ₹4,199 Amazon पर खर्च हुए", "transaction"),
    ("رقم هويتك: 1023456781", "national_id"),
    ("आपका ओटीपी 558102 है", "credential"),
    ("آپ کا او ٹی پی 661204 ہے", "credential"),
    ("Security code on the back: 084", "card_cvv"),
    ("CVV2 for your virtual card: 316", "card_cvv"),
    ("Cryptogramme visuel de votre carte : 482", "card_cvv"),
    ("الرمز السري الخلفي للبطاقة: 562", "card_cvv"),
    ("Votre code confidentiel provisoire est le 6613", "credential"),
    ("Code de validation à usage unique : 847 205", "credential"),
    ("كلمة المرور الجديدة للخدمات المصرفية: Ahmad#5521", "credential"),
    ("Your balance is ₹4,12,880", "balance"),
    ("Aapke khate me ₹12,45,300 jama hain", "balance"),
    ("Your Aadhaar 4821 7733 9018 is linked to this account", "national_id"),
    ("Aapka CNIC 35202-9876543-1 hai", "national_id"),
    ("CNIC: 3520298765431", "national_id"),
    ("No fees. Your balance is SAR 8,432.10", "balance"),
    ("We waived the fee. You have SAR 8,432.10 available", "balance"),
    ("Fees: SAR 25. Balance SAR 8,432.10", "balance"),
    (
        "The minimum payment is 5% of your balance or SAR 100.00, whichever is higher. "
        "Your balance is SAR 8,432.10",
        "balance",
    ),
    ("Transfer fees apply\nYour balance: SAR 8,432.10", "balance"),
    ("Fees: free\nYour balance: SAR 8,432.10", "balance"),
    ("Offer ends soon\nYou spent SAR 299.00 at Noon", "transaction"),
    ("Minimum balance required\nYour balance: SAR 8,432.10", "balance"),
]

BENIGN = [
    "Pay any bill with no fee. Transfers cost SAR 5.00",
    "Bill payments start from SAR 10",
    "Pay your bills from SAR 1.00 with our app",
    "Split the bill: up to SAR 500 per friend",
    "Bill payment fee: SAR 2.00",
    "Your card can be used at 10,000 shops",
    "Mada cards are used at 120,000 merchants across the Kingdom",
    "Use promo code SAR2026 at checkout",
    "Balance transfer offer: code SAR2026",
    "Balance. SAR2026 is our promo code",
    "Enter your password twice to confirm",
    "Change your password every 90 days",
    "Your password must have 8 characters and 1 digit",
    "password reset requested on 2026-03-01",
    "Use a strong password (8+ characters)",
    "Password: ********",
    "Hawiya: 1088234561",
    "Minimum balance to open a Premier account: AED 100,000",
    "The 2025 Toyota Land Cruiser is priced at SAR 389,000 with 20% down payment",
    "Get a SAR 500 bonus on salary transfer",
    "Salary transfer karne par 500 riyal ka bonus milega",
    "ATM se rozana zyada se zyada 5,000 riyal nikal sakte hain",
    "حد التحويل اليومي على إنستاباي ٧٠٬٠٠٠ جنيه",
    "Illustration: a deposit of SAR 10,000 at 5% earns SAR 500 in a year",
    "Votre relevé est disponible le 5 de chaque mois",
    "You owe it to yourself: open a savings account today",
    "Ask the agent how much you still owe",
    "Your CVV is on the back of your card; call 8001 for help",
    "Call 1,23,456 for help",
    "أرسلنا رمز التحقق إلى رقمك المنتهي بـ 4567",
    "The security code was sent to your phone ending in 4567",
    "Your Aadhaar 4821 7733 9012 is linked",
    "Order 482177339018 shipped",
    "Ticket 3520298765431 is open",
    "Min. salary SAR 5,000 to apply",
    "Max. transfer SAR 20,000 per day",
    "The minimum payment is 5% of the outstanding balance or SAR 100, whichever is higher",
    "الحد الأدنى للسداد ٥٪ من المبلغ المستحق أو ١٠٠ ريال أيهما أعلى",
    "Minimum opening balance for Premier is AED 100,000",
    "Fees:\nSAR 25.00 per transfer",
    "Minimum balance required\nSAR 3,000",
]


@pytest.mark.parametrize(("text", "category"), LEAKS)
def test_dues_bills_and_bare_values_are_found(
    guards: list[Guard], categories: Categories, text: str, category: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == [category]


@pytest.mark.parametrize("text", BENIGN)
def test_their_public_look_alikes_stay_clean(
    guards: list[Guard], categories: Categories, text: str
) -> None:
    for guard in guards:
        assert categories(guard, text) == []
