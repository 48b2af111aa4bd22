"""Context words in English, Arabic and French.

Weak formats (a 9-digit routing number, a 3-digit CVV, an amount) are only a
finding near words that say what they are. Arabic words take attached prefixes
(ال، ب، و، ل) and suffixes (ك، ي), so Arabic words match as substrings.
"""

from __future__ import annotations

import re


def _words(latin: tuple[str, ...], arabic: tuple[str, ...]) -> re.Pattern[str]:
    latin_part = "|".join(
        sorted((re.escape(w).replace(r"\ ", r"[\s_\-]*") for w in latin), key=len, reverse=True)
    )
    arabic_part = "|".join(sorted((re.escape(w) for w in arabic), key=len, reverse=True))
    parts = []
    if latin_part:
        parts.append(rf"(?<![A-Za-z])(?:{latin_part})(?![a-z])")
    if arabic_part:
        parts.append(rf"(?:{arabic_part})")
    return re.compile("|".join(parts), re.IGNORECASE)


BALANCE = _words(
    (
        "balance",
        "balances",
        "bal",
        "avail",
        "available",
        "funds",
        "you have",
        "solde",
        "disponible",
        "avoir",
    ),
    ("رصيد", "متاح", "المتاح", "متوفر"),
)
TRANSACTION = _words(
    (
        "transaction",
        "transactions",
        "txn",
        "debit",
        "debited",
        "credit",
        "credited",
        "merchant",
        "purchase",
        "purchased",
        "paid",
        "payment",
        "spent",
        "withdrawal",
        "withdrew",
        "withdrawn",
        "deposit",
        "deposited",
        "refund",
        "refunded",
        "charged",
        "pos",
        "atm",
        "transfer",
        "transferred",
        "sent",
        "received",
        "statement",
        "opération",
        "operation",
        "achat",
        "paiement",
        "débit",
        "crédit",
        "retrait",
        "dépôt",
        "virement",
        "commerçant",
        "marchand",
        "payé",
        "reçu",
    ),
    (
        "معاملة",
        "معاملات",
        "عملية",
        "عمليات",
        "شراء",
        "مشتريات",
        "سحب",
        "إيداع",
        "ايداع",
        "دفع",
        "خصم",
        "تاجر",
        "مدين",
        "دائن",
        "حوالة",
        "تحويل",
        "حولت",
        "استرداد",
        "كشف",
    ),
)
PUBLIC_AMOUNT = _words(
    (
        "fee",
        "fees",
        "charges",
        "rate",
        "rates",
        "price",
        "pricing",
        "cost",
        "costs",
        "minimum",
        "min",
        "maximum",
        "max",
        "limit",
        "limits",
        "up to",
        "annual",
        "per month",
        "monthly fee",
        "starting at",
        "frais",
        "tarif",
        "cotisation",
        "plafond",
        "commission",
        "prix",
        "offer",
        "reward",
        "cashback",
    ),
    ("رسوم", "رسم", "سعر", "الحد", "حد أدنى", "حد أقصى", "عمولة", "عرض"),
)
ACCOUNT = _words(
    (
        "account",
        "acct",
        "a/c",
        "acc no",
        "acc",
        "compte",
        "numéro de compte",
        "n° de compte",
        "konto",
        "kontonummer",
    ),
    ("حساب", "الحساب", "حسابك", "حسابي"),
)
ROUTING = _words(
    (
        "routing",
        "aba",
        "rtn",
        "transit number",
        "sort code",
        "sortcode",
        "bank code",
        "blz",
        "bankleitzahl",
        "code banque",
        "code guichet",
        "clearing",
    ),
    ("رقم التوجيه", "التوجيه", "رمز البنك", "رمز الفرع"),
)
SWIFT = _words(
    ("swift", "bic", "swift code", "code bic", "code swift", "swift/bic"),
    ("سويفت", "السويفت", "رمز البنك الدولي"),
)
NATIONAL_ID = _words(
    (
        "ssn",
        "social security",
        "national id",
        "national identity",
        "national number",
        "id number",
        "identity number",
        "identity",
        "iqama",
        "emirates id",
        "civil id",
        "civil number",
        "cpr",
        "qid",
        "nino",
        "national insurance",
        "insurance number",
        "tax id",
        "taxpayer",
        "steuer-id",
        "steuer id",
        "idnr",
        "steueridentifikationsnummer",
        "nir",
        "sécurité sociale",
        "securite sociale",
        "numéro de sécurité",
        "itin",
        "passport",
        "id no",
        "id card",
        "carte d'identité",
        "identifiant",
    ),
    (
        "هوية",
        "الهوية",
        "الرقم القومي",
        "رقم قومي",
        "القومي",
        "إقامة",
        "اقامة",
        "الإقامة",
        "الاقامة",
        "البطاقة المدنية",
        "الرقم المدني",
        "المدني",
        "الرقم الشخصي",
        "السجل المدني",
        "بطاقة شخصية",
        "جواز",
    ),
)
CVV = _words(
    (
        "cvv",
        "cvc",
        "cvv2",
        "cvc2",
        "cid",
        "csc",
        "security code",
        "card code",
        "card verification",
        "cryptogramme",
        "code de sécurité",
        "code de securite",
    ),
    (
        "رمز الأمان",
        "رمز الامان",
        "الرمز الأمني",
        "رمز التحقق من البطاقة",
        "الرقم السري للبطاقة",
        "cvv",
    ),
)
EXPIRY = _words(
    (
        "exp",
        "expiry",
        "expires",
        "expire",
        "expiration",
        "expiring",
        "valid thru",
        "valid through",
        "good thru",
        "valid until",
        "exp date",
        "date d'expiration",
        "valable jusqu",
        "expire le",
        "ablauf",
        "gültig bis",
    ),
    ("انتهاء", "الانتهاء", "صالحة حتى", "صالحة لغاية", "تنتهي"),
)
CREDENTIAL = _words(
    (
        "pin",
        "otp",
        "one-time",
        "one time",
        "passcode",
        "password",
        "pass code",
        "verification code",
        "auth code",
        "security pin",
        "code",
        "mot de passe",
        "code pin",
        "code secret",
        "code de vérification",
        "code à usage unique",
        "passwort",
        "pw",
        "pwd",
        "login",
        "username",
    ),
    (
        "رمز",
        "الرمز",
        "كلمة المرور",
        "كلمة السر",
        "الرقم السري",
        "رمز التحقق",
        "كود",
        "الكود",
        "رقم سري",
    ),
)
PASSWORD = _words(
    ("password", "passcode", "passwd", "pwd", "mot de passe", "passwort", "pin"),
    ("كلمة المرور", "كلمة السر", "الرقم السري"),
)
NOT_SENSITIVE = _words(
    (
        "phone",
        "call",
        "tel",
        "telephone",
        "mobile",
        "whatsapp",
        "fax",
        "hotline",
        "order",
        "ref",
        "reference",
        "tracking",
        "track",
        "invoice",
        "ticket",
        "case",
        "booking",
        "confirmation",
        "téléphone",
        "appelez",
        "appeler",
        "commande",
        "référence",
        "suivi",
        "colis",
        "dossier",
        "shipment",
        "parcel",
        "flight",
        "room",
        "zip",
        "postcode",
        "postal",
        "postal code",
        "zip code",
        "promo code",
        "coupon code",
        "discount code",
        "area code",
        "country code",
        "error code",
        "status code",
        "branch code",
        "code postal",
        "code promo",
        "coupon",
        "promo",
        "voucher",
    ),
    (
        "هاتف",
        "جوال",
        "اتصل",
        "اتصال",
        "الطلب",
        "طلب",
        "مرجع",
        "المرجع",
        "شحنة",
        "الشحنة",
        "تتبع",
        "فاتورة",
        "تذكرة",
        "حجز",
        "رقم الطلب",
        "الرمز البريدي",
        "رمز بريدي",
        "رمز الخصم",
        "كوبون",
    ),
)


def nearest(
    pattern: re.Pattern[str], text: str, start: int, end: int, before: int, after: int
) -> int | None:
    """Distance in characters from a span to the nearest match of ``pattern`` around it, or None."""
    best: int | None = None
    lo = max(0, start - before)
    for match in pattern.finditer(text, lo, start):
        distance = start - match.end()
        if best is None or distance < best:
            best = distance
    if after:
        match = pattern.search(text, end, min(len(text), end + after))
        if match is not None:
            distance = match.start() - end
            if best is None or distance < best:
                best = distance
    return best
