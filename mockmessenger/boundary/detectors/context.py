"""Context words in English, Arabic and French.

Weak formats (a 9-digit routing number, a 3-digit CVV, an amount) are only a
finding near words that say what they are. Arabic words take attached prefixes
(ال، ب، و، ل) and suffixes (ك، ي), so Arabic words match as substrings.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

#: Every word that makes a number near it sensitive (not the benign ones): the quick check
#: looks for any of them near a digit before it lets a request through unwalked.
TRIGGER_WORDS: list[str] = []


def _latin(word: str) -> str:
    return re.escape(word).replace(r"\ ", r"[\s_\-]*")


class WordSet:
    """One category's context words: a regex for scanning a text, and a place in the shared index."""

    def __init__(self, index: int, latin: tuple[str, ...], arabic: tuple[str, ...]):
        self.index = index
        self.latin = latin
        self.arabic = arabic
        latin_part = "|".join(sorted((_latin(w) for w in latin), key=len, reverse=True))
        arabic_part = "|".join(sorted((re.escape(w) for w in arabic), key=len, reverse=True))
        parts = []
        if latin_part:
            parts.append(rf"(?<![A-Za-z])(?:{latin_part})(?![a-z])")
        if arabic_part:
            parts.append(rf"(?:{arabic_part})")
        self.pattern = re.compile("|".join(parts), re.IGNORECASE)

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, start, len(text) if end is None else end)

    def search(self, text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
        return self.pattern.search(text, start, len(text) if end is None else end)


WORD_SETS: list[WordSet] = []


def _words(latin: tuple[str, ...], arabic: tuple[str, ...], *, trigger: bool = True) -> WordSet:
    if trigger:
        TRIGGER_WORDS.extend(_latin(w) for w in latin)
        TRIGGER_WORDS.extend(re.escape(w) for w in arabic)
    words = WordSet(len(WORD_SETS), latin, arabic)
    WORD_SETS.append(words)
    return words


#: Phrases that say an amount is the customer's own, whatever bound, limit or fee word is said
#: with it: what they owe or have used (``outstanding``, ``amount due``, ``you have used``),
#: their instalment. A fee or limit word before one names something else (``Your credit limit
#: is SAR 30,000 and you have used SAR 12,345.67``; ``Minimum payment due SAR 617.28``).
OWN_AMOUNT_LATIN = (
    "outstanding",
    "amount due",
    "amount owed",
    "payment due",
    "minimum payment due",
    "minimum amount due",
    "minimum due",
    "min due",
    "total due",
    "you have used",
    "you've used",
    "you owe",
    "remaining credit",
    "remaining credit limit",
    "remaining limit",
    "your available credit",
    "your available credit limit",
    "your available limit",
    "your instalment",
    "your installment",
    "your monthly instalment",
    "your monthly installment",
    "your loan instalment",
    "your loan installment",
    "your emi",
    "your zakat",
    "zakat due",
    "next instalment",
    "next installment",
    "upcoming instalment",
    "upcoming installment",
    "montant dû",
    "vous avez utilisé",
    "vous devez",
    "votre mensualité",
    "prochaine mensualité",
    "ta mensualité",
    "votre crédit disponible",
    "votre limite disponible",
    "overdrawn by",
    "portfolio is worth",
    "votre épargne s'élève",
    "your minimum payment",
    "your min payment",
    "card's available limit",
    "card’s available limit",
    "available limit is now",
    "available limit now",
    "early settlement amount",
    "settlement amount",
    "payoff amount",
    "pay-off amount",
    "your arrears",
    "arrears of",
    "rental due",
    "rent due",
    "remaining profit",
    "remaining murabaha profit",
    "pay at least",
    "unpaid bill",
    "unpaid bills",
    "owe",
    "montant du remboursement anticipé",
    "votre remboursement anticipé",
)
OWN_AMOUNT_ARABIC = (
    "قسطك",
    "المبلغ المستحق",
    "المستحق عليك",
    "استخدمت",
    "حدك المتاح",
    "الحد المتبقي",
    "القسط القادم",
    "زكاتك",
    "مديونيتك",
    "الزكاة المستحقة",
    "مستحقاتك",
    "الحد الأدنى للسداد",
    "الحد الادنى للسداد",
    "الحد المتاح في بطاقت",
    "الحد المتاح لبطاقت",
    "السداد المبكر",
    "قسط المرابحة القادم",
    "قسط المرابحة المستحق",
    "قسط التمويل القادم",
    "قسط التمويل المستحق",
    "أجرة الإجارة",
    "مستحقات البطاقة",
    "التسوية المبكرة",
    "المتبقي من تمويل",
    "الحد المتاح للشراء",
    "عندك مديونية",
    "عليك مديونية",
    "المستحقة لك",
)
#: What the customer has earned (``Cashback earned: SAR 45.20``): loose balance words (right at
#: their amount) that also say a cashback or reward word before them names no offer.
EARNED_LATIN = (
    "cashback earned",
    "earned cashback",
    "your cashback",
    "votre cashback",
    "you have earned",
    "you've earned",
    "you earned",
    "account earned",
    "deposit earned",
    "savings earned",
    "investment earned",
    "investments earned",
    "portfolio earned",
    "you've saved",
    "you have saved",
    "portfolio gained",
    "investment gained",
    "investments gained",
)
EARNED_ARABIC = ("كسبت", "ربحت")
#: The balance words that say nothing else (an amount near one is a balance).
_STRONG_LATIN = (
    "balance",
    "balances",
    "bal",
    "solde",
    "net worth",
    "your assets",
    "rasidak",
    "raseedak",
    "rasidek",
    "rasidik",
    "in the red",
    "went negative",
    "gone negative",
    "holdings",
    "overdrawn",
    "baqaya",
    "bakaya",
    *OWN_AMOUNT_LATIN,
)
#: (Urdu words as the normaliser folds their letters, ``بیلنس`` -> ``بيلنس``; Devanagari ones as
#: it leaves them, vowel signs dropped: ``बैलेंस`` reads ``बलस``.)
_STRONG_ARABIC = ("رصيد", "بيلنس", "बलस", "बकाया", "مكشوف", *OWN_AMOUNT_ARABIC)
#: The balance words that also say other things ("available from SAR 250", "you have until
#: June"), "you have" said in other words among them (``Your current account has 4,210.55
#: KWD``): an amount is a balance by one of them alone only when it stands right at it.
_LOOSE_LATIN = (
    "avail",
    "available",
    "funds",
    "you have",
    "disponible",
    "disponibles",
    "avoir",
    "vous avez",
    "tu as",
    "you currently have",
    "you now have",
    "you still have",
    "account has",
    "account holds",
    "account shows",
    "remaining",
    "restant",
    "as of today",
    "à ce jour",
    "remaining amount",
    "remaining loan amount",
    "amount remaining",
    "il vous reste",
    "leaves you with",
    "left you with",
    "stand at",
    "stands at",
    "savings are at",
    "account is at",
    "account total",
    "across your accounts",
    "net position",
    "portfolio value",
    "account is worth",
    "investments are worth",
    "valeur de votre portefeuille",
    "totalling",
    "totaling",
    "valued at",
    "account mein",
    "account me",
    "khate mein",
    "khaate mein",
    "khatay mein",
    "3andek",
    "3andak",
    "3indak",
    "3andik",
    "flous",
    "flouss",
    "lflouss",
    "baqi",
    "units are worth",
    "now holds",
    "bache",
    "bachay",
    "khate me",
    "wallet mein",
    *EARNED_LATIN,
)
_LOOSE_ARABIC = (
    "متاح",
    "المتاح",
    "متوفر",
    "لديك",
    "عندك",
    "المتبقي",
    "متبقي",
    "قيمة محفظتك",
    "معاك",
    "معك",
    "فلوسك",
    "المديونية",
    "باقي",
    "الباقي",
    "اكاؤنٹ ميں",
    "खाते में",
    "शष",  # शेष (what is left), its vowel sign dropped
    "عليك",
    *EARNED_ARABIC,
)
#: Every balance word: the strong ones and the loose ones.
BALANCE = _words(_STRONG_LATIN + _LOOSE_LATIN, _STRONG_ARABIC + _LOOSE_ARABIC)
BALANCE_STRONG = _words(_STRONG_LATIN, _STRONG_ARABIC, trigger=False)
OWN_AMOUNT = _words(OWN_AMOUNT_LATIN, OWN_AMOUNT_ARABIC, trigger=False)
BALANCE_LOOSE = _words(_LOOSE_LATIN, _LOOSE_ARABIC, trigger=False)
EARNED = _words(EARNED_LATIN, EARNED_ARABIC, trigger=False)
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
        "salary",
        "total spend",
        "total spending",
        "your spend",
        "your spending",
        "landed",
        "expense",
        "expenses",
        "went out",
        "renewed",
        "cheque",
        "disbursed",
        "was approved",
        "has been approved",
        "your bill",
        "your bills",
        "arrived in your account",
        "added to your account",
        "standing order",
        "direct debit",
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
        "salaire",
        "prélèvement",
        "ordre permanent",
        "pending authorization",
        "pending authorisation",
        "authorization for",
        "authorisation for",
        "a hold of",
        "hold of",
        "was placed",
        "declined",
        "dispute",
        "disputed",
        "chargeback",
        "remittance",
        "remitted",
        "will receive",
        "receives",
        "picked up",
        "converted",
        "requested",
        "request from",
        "round-up",
        "round-ups",
        "roundup",
        "roundups",
        "recent activity",
        "account activity",
        "latest activity",
        "your activity",
        "opérations",
        "dernières opérations",
        "bheje",
        "bheja",
        "bhej diya",
        "mil gaye",
        "mil gaya",
        "mil gayi",
        "nikale gaye",
        "nikala gaya",
        "kata gaya",
        "kat gaye",
        "jama hue",
        "jama ho gaye",
        "tankhwah",
        "tankhwa",
        "kisht",
        "khasm",
        "ratbak",
        "nezel",
        "t7awel",
        "ta7weel",
        "sahbti",
        "s7abti",
        "khlesti",
        "qest",
        "qist",
        "qis6",
        "vos dépenses",
        "dépensé",
        "votre facture",
        "vos factures",
        "used at",
        "blocked a",
        "reversed",
        "charge from",
        "charge at",
        "bill",
        "topped up",
        "money in",
        "money out",
        "kat gaya",
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
        "أنفقت",
        "انفقت",
        "صرفت",
        "راتبك",
        "الراتب",
        "مصروفاتك",
        "مصاريفك",
        "نفقاتك",
        "أمر مستديم",
        "وصلك",
        "وصلتك",
        "فاتورتك",
        "تم إضافة",
        "تمت إضافة",
        "تم سداد",
        "سددت",
        "فواتيرك",
        "استلمت",
        "تم حجز",
        "حجز مبلغ",
        "حوالتك",
        "المرابحة",
        "تنخواه",
        "بهيج",
        "जमा",
        "सलरी",
        "محجوز",
        "تم تحصيل",
        "خصمنا",
        "المرتب",
        "اتحولك",
        "اتضاف",
        "खरच",  # खर्च (spent), its virama dropped
    ),
)
#: A transaction said done: an amount near one is the customer's, whatever bound comes with it.
TRANSACTION_DONE = _words(
    (
        "credited",
        "debited",
        "paid",
        "received",
        "sent",
        "transferred",
        "charged",
        "withdrew",
        "withdrawn",
        "deposited",
        "refunded",
        "was made",
        "disbursed",
        "renewed",
        "was placed",
        "converted",
        "picked up",
        "effectué",
        "crédité",
        "débité",
        "payé",
        "reçu",
    ),
    (
        "تم تحويل",
        "تم خصم",
        "تم إيداع",
        "تم سحب",
        "تم دفع",
        "تم استلام",
        "تم إضافة",
        "تمت إضافة",
        "تم سداد",
        "سددت",
        "تم حجز",
        "تم تحصيل",
        "خصمنا",
        "تم شراء",
        "استلمت",
        "حولت",
        "دفعت",
        "سحبت",
        "أودعت",
        "إيداع راتبك",
        "أنفقت",
        "انفقت",
        "صرفت",
    ),
    trigger=False,
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
        "maintain",
        "requirement",
        "requirements",
        "required",
        "qualify",
        "qualifying",
        "exigence",
        "exigences",
        "priced at",
        "for every",
        "bonus",
        "zyada se zyada",
        "to open",
        "whichever is higher",
        "whichever is greater",
        "whichever is lower",
    ),
    (
        "رسوم",
        "رسم",
        "سعر",
        "الحد",
        "حد أدنى",
        "حد أقصى",
        "عمولة",
        "عرض",
        "عروض",
        "متطلبات",
        "متطلب",
        "فيس",  # Urdu's fee (فیس, its yeh folded)
        "حد التحويل",
        "أيهما أعلى",
        "ايهما اعلى",
        "أيهما أكبر",
    ),
    trigger=False,
)
#: Words that offer amounts to choose from (a picker's heading): amounts listed right after one
#: are options, not the customer's money (``amounts.offered``).
CHOICE = _words(
    (
        "quick transfer",
        "quick pay",
        "quick top up",
        "quick top-up",
        "choose an amount",
        "choose amount",
        "select an amount",
        "select amount",
        "pick an amount",
        "virement rapide",
        "paiement rapide",
        "choisissez un montant",
        "choisir un montant",
        "sélectionnez un montant",
    ),
    ("تحويل سريع", "دفع سريع", "اختر المبلغ", "اختر مبلغ", "حدد المبلغ", "اختر قيمة"),
    trigger=False,
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
#: The customer's accounts named by their kind: a label of one before an amount makes the
#: amount its balance (``Savings: SAR 52,000.00``, ``balance.detect_labelled``).
ACCOUNT_KINDS = _words(
    (
        "savings",
        "account",
        "acct",
        "a/c",
        "current",
        "checking",
        "chequing",
        "compte",
        "épargne",
        "courant",
        "livret",
        "livret a",
        "ldds",
        "lep",
        "pel",
    ),
    ("حساب", "الحساب", "حسابك", "حسابي", "التوفير", "توفير", "الجاري", "جاري", "الادخار", "ادخار"),
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
        "aadhaar",
        "aadhar",
        "cnic",
        "nicop",
        "shanakhti card",
        "hawiya",
        "hawiyya",
        "hawiyah",
        "raqam qawmi",
    ),
    (
        "هوية",
        "الهوية",
        "هويتك",
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
        "رمز التحقق",
        "الرقم السري للبطاقة",
        "cvv",
        "الرمز السري الخلفي",
        "الرقم الخلفي",
        "الرمز الخلفي",
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
#: Things other than a card that expire (an offer, a session, a link): a date near one of them,
#: nearer than any card word, is not a card's expiry.
EXPIRY_OTHER = _words(
    (
        "offer",
        "offers",
        "promotion",
        "promo",
        "deal",
        "campaign",
        "coupon",
        "voucher",
        "session",
        "link",
        "subscription",
        "programme",
        "program",
        "loyalty",
        "points",
        "quote",
        "id",
        "iqama",
        "passport",
        "licence",
        "license",
        "offre",
        "lien",
        "abonnement",
    ),
    (
        "العرض",
        "عرض",
        "الحملة",
        "حملة",
        "الرابط",
        "رابط",
        "الجلسة",
        "جلسة",
        "النقاط",
        "الاشتراك",
        "هوية",
        "الهوية",
        "إقامة",
        "الإقامة",
        "جواز",
        "ساعات",
    ),
    trigger=False,
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
        "usage unique",
        "code confidentiel",
        "code de validation",
        "passwort",
        "pw",
        "pwd",
        "login",
        "username",
        "mpin",
        "tpin",
        "ipin",
        "secret code",
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
        "رقمك السري",
        "رمزك السري",
        "السري",
        "ओटीपी",
        "او ٹي پي",
        "اوٹي پي",
    ),
)
#: What a code is used for, said right after it (``Use 558102 to log in``): a one-time code,
#: whatever it is called (``credential._used_to_sign_in``).
SIGN_IN = _words(
    (
        "log in",
        "login",
        "log on",
        "sign in",
        "sign on",
        "verify",
        "confirm",
        "authorize",
        "authorise",
        "approve",
        "activate",
        "vous connecter",
        "valider",
        "confirmer",
        "activer",
    ),
    ("لتسجيل", "للتسجيل", "للدخول", "لتأكيد", "للتحقق", "لإتمام", "لاتمام", "لتفعيل"),
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
        "direct line",
        "ligne directe",
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
        "support",
        "queries",
        "enquiries",
        "inquiries",
        "helpline",
        "contact",
        "reach",
        "composez",
        "application",
        "request",
        "biller",
        "biller code",
        "qr",
        "qr code",
        "branch",
        "product code",
        "model",
        "demande",
        "agence",
    ),
    (
        "هاتف",
        "جوال",
        "الخط المباشر",
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
        "استفسار",
        "لاستفسار",
        "للاستفسار",
        "استفسارات",
        "الدعم",
        "تواصل",
        "المفوتر",
        "رمز الاستجابة",
        "الفرع رقم",
        "فرع رقم",
    ),
    trigger=False,
)


#: More words that label a number as something other than a piece of a card or an id (a
#: complaint, an application, a number to dial), beside :data:`NOT_SENSITIVE`'s: read only by
#: the joining of split values (``Guard._fragment``).
NUMBER_LABELS = _words(
    (
        "complaint",
        "claim",
        "application",
        "request",
        "dial",
        "contact",
        "composez",
        "réclamation",
        "demande",
        "numéro de dossier",
    ),
    ("شكوى", "بلاغ"),
    trigger=False,
)
#: Words that present a number as the last digits of a value ("ending 4070"): such a number
#: can only end a value joined from pieces, never begin it.
LAST_DIGITS = _words(
    (
        "ending",
        "ends",
        "last 4",
        "last four",
        "last digits",
        "terminant",
        "termine",
        "finissant",
    ),
    ("المنتهية", "المنتهي", "تنتهي", "ينتهي", "آخر"),
    trigger=False,
)


CARD_WORDS = _words(
    ("card", "carte", "karte", "visa", "mastercard", "mada", "amex"), ("بطاقة", "بطاقت", "مدى")
)


def nearest(words: WordSet, text: str, start: int, end: int, before: int, after: int) -> int | None:
    """Distance in characters from a span to the nearest of ``words`` around it, or None.

    A windowed regex search, for one-off questions; :class:`ContextIndex` answers many
    questions about one text from a single pass.
    """
    best: int | None = None
    for match in words.finditer(text, max(0, start - before), start):
        distance = start - match.end()
        if best is None or distance < best:
            best = distance
    if after:
        match = words.search(text, end, min(len(text), end + after))
        if match is not None:
            distance = match.start() - end
            if best is None or distance < best:
                best = distance
    return best


#: What ends a sentence or a line: a label after it names what follows, not what went before.
LABEL_BREAK = re.compile(r"[!?\u061f\n]|\.(?:\s|$)")
#: How far after a label a number it names may stand (``hotline for help: 800 123 4567``).
LABEL_REACH = 20
_DIGIT = re.compile(r"[0-9]")


def names_the_number_before(text: str, end: int, word_start: int, word_end: int) -> bool:
    """Does the word at ``word_start:word_end`` name the number ending at ``end`` before it?
    Only in its sentence and line, and only when no other number follows the word there
    (``Account 0112345678. Hotline: 800 123 4567``: the hotline is the other number)."""
    if LABEL_BREAK.search(text, end, word_start):
        return False
    stop = LABEL_BREAK.search(text, word_end, word_end + LABEL_REACH)
    return _DIGIT.search(text, word_end, stop.start() if stop else word_end + LABEL_REACH) is None


_AUTOMATON: object | None = None


def _automaton() -> object:
    """Every context word of every set in one Aho-Corasick automaton (lower-cased keys)."""
    global _AUTOMATON
    if _AUTOMATON is None:
        import ahocorasick

        automaton = ahocorasick.Automaton()
        entries: dict[str, list[tuple[int, bool]]] = {}
        for words in WORD_SETS:
            for word in words.latin:
                parts = word.lower().split(" ")
                for joiner in (" ", "-", "_", ""):
                    entries.setdefault(joiner.join(parts), []).append((words.index, True))
            for word in words.arabic:
                entries.setdefault(word.lower(), []).append((words.index, False))
        for key, value in entries.items():
            automaton.add_word(key, (len(key), tuple(value)))
        automaton.make_automaton()
        _AUTOMATON = automaton
    return _AUTOMATON


#: A letter as ``re`` reads ``[^\W\d_]``: ``\w`` is ``str.isalnum()`` or ``_``, ``\d`` is
#: ``str.isdecimal()``.
def _letter(char: str) -> bool:
    return char.isalnum() and not char.isdecimal()


def spaced_hint(text: str) -> bool:
    r"""Single letters, each after one space: a word written letter by letter (``B A L A N C E``,
    ``ر ص ي د``) once three of them are in a row, the first and last not inside a word.

    As ``(?<![^\W\d_])[^\W\d_] [^\W\d_] [^\W\d_](?![^\W\d_])`` searched, from the words
    between single spaces: the middle letter is a word of its own. That search tried its
    Unicode classes at every character of the text (most of building a context index).
    """
    words = text.split(" ")
    for index in range(1, len(words) - 1):
        middle = words[index]
        if len(middle) != 1 or not _letter(middle):
            continue
        before, after = words[index - 1], words[index + 1]
        if (
            before
            and after
            and _letter(before[-1])
            and _letter(after[0])
            and (len(before) == 1 or not _letter(before[-2]))
            and (len(after) == 1 or not _letter(after[1]))
        ):
            return True
    return False


_SPACED_WORD = re.compile(r"(?<![^\W\d_])[^\W\d_](?: [^\W\d_]){2,}(?![^\W\d_])")


def _add_spaced_words(text: str, spans: list[list[tuple[int, int]]]) -> None:
    """Context words written letter by letter: a whole run that is a word (Latin words, their
    phrases' letters joined: ``Y O U H A V E``), or holds an Arabic one (Arabic words match
    anywhere, as elsewhere), spans the run."""
    for run in _SPACED_WORD.finditer(text):
        letters = run.group(0).replace(" ", "").lower()
        found: set[int] = set()
        for _, (length, entries) in _automaton().iter(letters):  # type: ignore[attr-defined]
            for index, latin in entries:
                if not latin or length == len(letters):
                    found.add(index)
        for index in found:
            spans[index].append(run.span())


class ContextIndex:
    """Where every context word of every set occurs in one text, found in one pass."""

    def __init__(self, text: str):
        self.text = text
        spans: list[list[tuple[int, int]]] = [[] for _ in WORD_SETS]
        lowered = text.lower()
        if len(lowered) != len(text):  # a rare character changes length when lower-cased
            for words in WORD_SETS:
                spans[words.index] = [m.span() for m in words.finditer(text)]
        else:
            size = len(text)
            for last, (length, entries) in _automaton().iter(lowered):  # type: ignore[attr-defined]
                start, stop = last - length + 1, last + 1
                bounded: bool | None = None
                for index, latin in entries:
                    if latin:
                        if bounded is None:
                            before = text[start - 1] if start else ""
                            after = text[stop] if stop < size else ""
                            bounded = not (before.isascii() and before.isalpha()) and not (
                                after.isascii() and after.isalpha()
                            )
                        if not bounded:
                            continue
                    spans[index].append((start, stop))
        if spaced_hint(text):
            _add_spaced_words(text, spans)
        for found in spans:
            found.sort()
        self._spans = spans
        self._starts: dict[tuple[int, ...], list[int]] = {}

    def any_within(self, sets: tuple[WordSet, ...], low: int, high: int) -> bool:
        """True when a word of any of ``sets`` starts within ``[low, high]`` (a cheap superset of
        every :meth:`near` question with a window inside that range)."""
        key = tuple(words.index for words in sets)
        starts = self._starts.get(key)
        if starts is None:
            starts = self._starts[key] = sorted(
                start for index in key for start, _ in self._spans[index]
            )
        position = bisect.bisect_left(starts, low)
        return position < len(starts) and starts[position] <= high

    def near(
        self,
        words: WordSet,
        start: int,
        end: int,
        before: int,
        after: int,
        *,
        labels_only_this: bool = False,
    ) -> int | None:
        """As :func:`nearest`, from the index.

        ``labels_only_this``: a word after the span counts only when it names the span
        (:func:`names_the_number_before`), not the number after it or what another sentence says.
        """
        best: int | None = None
        low, high = start - before, end + after
        for word_start, word_end in self.starting_in(words, low, high):
            if word_end <= start:
                distance = start - word_end
            elif after and word_start >= end and word_end <= high:
                if labels_only_this and not names_the_number_before(
                    self.text, end, word_start, word_end
                ):
                    continue
                distance = word_start - end
            else:
                continue
            if best is None or distance < best:
                best = distance
        return best

    def all(self, words: WordSet) -> list[tuple[int, int]]:
        return self._spans[words.index]

    def starting_in(self, words: WordSet, low: int, high: int) -> Iterator[tuple[int, int]]:
        """Spans of ``words`` starting between ``low`` and ``high``, from the first in reach:
        walking from the first word of the text for every number of a long message made the
        questions about it quadratic."""
        spans = self._spans[words.index]
        for index in range(bisect.bisect_left(spans, (low,)), len(spans)):
            if spans[index][0] > high:
                return
            yield spans[index]
