"""What a text message asks for: keyword tables in English and Arabic.

The tables are the ones CONVERSATIONS.md lists, in the same order; the first rule that
matches wins, refusals before features, so that "read me my full card number" is a
refusal and not a request for the card list. Text passed in is already
:func:`bankbot.textnorm.normalise`-d.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .textnorm import first_amount, has_long_digit_run, normalise

_EN_INTENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("LOGOUT", ("log out", "logout", "sign out", "unlink", "disconnect")),
    (
        "LOGIN",
        ("log in", "login", "sign in", "link my account", "link account", "connect my account"),
    ),
    ("UNFREEZE_CARD", ("unfreeze", "unblock", "unlock", "reactivate")),
    ("FREEZE_CARD", ("freeze", "block", "lock", "lost", "stolen")),
    (
        "DISPUTE_CARD",
        (
            "dispute",
            "chargeback",
            "didn't make",
            "did not make",
            "don't recognise",
            "don't recognize",
            "unrecognised",
            "unrecognized",
            "wrong charge",
        ),
    ),
    ("TRANSFER", ("transfer", "move money", "move")),
    (
        "TRANSACTIONS",
        (
            "transaction",
            "transactions",
            "statement",
            "history",
            "spent",
            "spending",
            "recent",
            "purchases",
            "payments",
        ),
    ),
    ("BALANCE", ("balance", "how much money", "how much do i have", "funds")),
    ("CARDS", ("card", "cards")),
    (
        "BRANCHES",
        ("branch", "branches", "atm", "atms", "cash machine", "nearest", "opening hours"),
    ),
    (
        "RATES",
        (
            "exchange",
            "rate",
            "rates",
            "currency",
            "currencies",
            "usd",
            "eur",
            "gbp",
            "aed",
            "egp",
            "dollar",
            "euro",
            "pound",
            "dirham",
            "fx",
        ),
    ),
    (
        "AGENT",
        (
            "agent",
            "human",
            "person",
            "representative",
            "real person",
            "customer service",
            "support",
            "call me",
        ),
    ),
    ("THANKS", ("thank", "thanks", "thx", "cheers")),
    (
        "WELCOME",
        ("hi", "hello", "hey", "salam", "good morning", "good evening", "get started", "start"),
    ),
    ("MENU", ("menu", "help", "options", "what can you do")),
)

_AR_INTENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("LOGOUT", ("تسجيل الخروج", "خروج", "الغاء الربط", "فصل الحساب")),
    ("LOGIN", ("تسجيل الدخول", "دخول", "ربط")),
    (
        "UNFREEZE_CARD",
        ("الغاء التجميد", "الغاء تجميد", "فك التجميد", "فك تجميد", "تفعيل البطاقة", "تفعيل بطاقتي"),
    ),
    ("FREEZE_CARD", ("جمد", "تجميد", "ايقاف البطاقة", "اوقف", "ضاعت", "مفقودة", "سرقت", "مسروقة")),
    ("DISPUTE_CARD", ("اعتراض", "نزاع", "لم اقم", "غير معروفة")),
    ("TRANSFER", ("حول", "تحويل", "انقل", "نقل")),
    ("TRANSACTIONS", ("عمليات", "حركات", "كشف", "مشتريات", "مصاريف")),
    ("BALANCE", ("رصيد", "كم عندي", "كم في حسابي")),
    ("CARDS", ("بطاق",)),
    ("BRANCHES", ("فرع", "فروع", "صراف", "اقرب")),
    ("RATES", ("سعر الصرف", "اسعار", "صرف", "عملات", "دولار", "يورو", "درهم", "جنيه")),
    ("AGENT", ("موظف", "ممثل", "انسان", "خدمة العملاء", "شخص حقيقي")),
    ("THANKS", ("شكرا", "مشكور", "يعطيك العافية")),
    ("WELCOME", ("مرحبا", "السلام عليكم", "اهلا", "هلا", "صباح الخير", "مساء الخير")),
    ("MENU", ("القائمة", "قائمة", "مساعدة", "ساعدني")),
)

_EN_MANIPULATION = (
    "ignore previous",
    "ignore all",
    "ignore your",
    "disregard",
    "system prompt",
    "developer mode",
    "debug mode",
    "jailbreak",
    "pretend",
    "act as",
    "you are now",
    "from the bank",
    "work at the bank",
    "work for the bank",
    "bank employee",
    "bank staff",
    "fraud team",
    "fraud department",
    "security team",
    "this is the manager",
    "admin override",
    "override",
)
_AR_MANIPULATION = (
    "تجاهل",
    "انس التعليمات",
    "انسى التعليمات",
    "تعليمات النظام",
    "وضع المطور",
    "من البنك",
    "موظف في البنك",
    "موظف بالبنك",
    "فريق الاحتيال",
    "قسم الاحتيال",
    "ادارة البنك",
    "تظاهر",
)
_EN_OTHER_PERSON = (
    "someone else",
    "somebody else",
    "another customer",
    "other customer",
    "another person",
    "another account",
    "my wife's",
    "my husband's",
    "my friend's",
    "my mother's",
    "my mom's",
    "my father's",
    "my dad's",
    "my brother's",
    "my sister's",
    "my son's",
    "my daughter's",
    "my boss's",
    "his account",
    "her account",
    "their account",
    "his card",
    "her card",
    "their card",
    "account of",
)
_AR_OTHER_PERSON_WORDS = (
    "زوجتي",
    "زوجي",
    "صديقي",
    "صديقتي",
    "اخي",
    "اختي",
    "امي",
    "ابي",
    "ابني",
    "بنتي",
    "غيري",
    "مديري",
)
_AR_OTHER_PERSON_PHRASES = ("شخص اخر", "عميل اخر", "حساب اخر")
_EN_SECRETS = (
    "card number",
    "full card",
    "whole card",
    "entire card",
    "card no",
    "cvv",
    "cvc",
    "security code",
    "pin",
    "password",
    "passcode",
    "iban",
    "account number",
    "account no",
    "routing number",
    "sort code",
    "swift",
    "bic",
    "expiry",
    "expiration",
    "otp",
)
_AR_SECRETS = (
    "رقم البطاقة",
    "رقم بطاقتي",
    "رقم بطاقة",
    "الرقم الكامل",
    "ايبان",
    "الايبان",
    "رقم الحساب",
    "رقم حسابي",
    "الرقم السري",
    "الرمز السري",
    "كلمة المرور",
    "كلمة السر",
    "رمز التحقق",
    "رمز الامان",
    "تاريخ الانتهاء",
    "سويفت",
)
YES_WORDS = frozenset(
    (
        "yes",
        "y",
        "yeah",
        "confirm",
        "ok",
        "okay",
        "sure",
        "نعم",
        "اي",
        "ايوه",
        "اكيد",
        "موافق",
        "اكد",
    )
)
NO_WORDS = frozenset(("no", "n", "nope", "cancel", "stop", "لا", "الغاء", "الغ", "توقف"))

_KIND_WORDS = {
    "current": (("current", "checking"), "جاري"),
    "savings": (("savings", "saving"), "توفير"),
}


def _en_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def _contains_any(text: str, phrases: tuple[str, ...]) -> bool:
    return any(phrase in text for phrase in phrases)


def _folded(phrases: tuple[str, ...]) -> tuple[str, ...]:
    """Keywords in the form :func:`normalise` gives the text (إلى -> الي, أ -> ا)."""
    return tuple(normalise(phrase) for phrase in phrases)


_AR_INTENTS = tuple((intent, _folded(words)) for intent, words in _AR_INTENTS)
_AR_MANIPULATION = _folded(_AR_MANIPULATION)
_AR_OTHER_PERSON_WORDS = _folded(_AR_OTHER_PERSON_WORDS)
_AR_OTHER_PERSON_PHRASES = _folded(_AR_OTHER_PERSON_PHRASES)
_AR_SECRETS = _folded(_AR_SECRETS)
YES_WORDS = frozenset(_folded(tuple(YES_WORDS)))
NO_WORDS = frozenset(_folded(tuple(NO_WORDS)))


_EN_TABLE = tuple((intent, _en_pattern(words)) for intent, words in _EN_INTENTS)
_EN_MANIPULATION_RE = _en_pattern(_EN_MANIPULATION)
_EN_OTHER_RE = _en_pattern(_EN_OTHER_PERSON)
_EN_SECRETS_RE = _en_pattern(_EN_SECRETS)
_AR_OTHER_WORDS_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(_AR_OTHER_PERSON_WORDS) + r")(?!\w)", re.UNICODE
)


@dataclass(frozen=True)
class Reading:
    """What the bot made of one text message."""

    intent: str  # an intent name, a refusal name, "FALLBACK"
    text: str  # the normalised text


def refusal(text: str) -> str | None:
    """The refusal a message calls for, or None. ``text`` is normalised."""
    if has_long_digit_run(text):
        return "DONT_TYPE_NUMBERS"
    if _EN_MANIPULATION_RE.search(text) or _contains_any(text, _AR_MANIPULATION):
        return "REFUSE_MANIPULATION"
    if (
        _EN_OTHER_RE.search(text)
        or _AR_OTHER_WORDS_RE.search(text)
        or _contains_any(text, _AR_OTHER_PERSON_PHRASES)
    ):
        return "REFUSE_OTHER"
    if _EN_SECRETS_RE.search(text) or _contains_any(text, _AR_SECRETS):
        return "REFUSE_SECRET"
    return None


def classify(text: str) -> str:
    """The intent of a normalised message: a refusal, a feature or FALLBACK."""
    refused = refusal(text)
    if refused:
        return refused
    for (intent, pattern), (_, arabic) in zip(_EN_TABLE, _AR_INTENTS, strict=True):
        if pattern.search(text) or _contains_any(text, arabic):
            return intent
    return "FALLBACK"


def _bare(text: str) -> str:
    return text.strip().rstrip(".!?؟ ").strip()


def is_yes(text: str) -> bool:
    return _bare(text) in YES_WORDS


def is_no(text: str) -> bool:
    return _bare(text) in NO_WORDS


def has_amount(text: str) -> bool:
    return first_amount(text) is not None


def transfer_kinds(text: str) -> tuple[str | None, str | None]:
    """(source kind, target kind) named in a transfer request, each None if not named."""
    source = target = None
    for kind, (english, stem) in _KIND_WORDS.items():
        words = "|".join(english)
        arabic = rf"(?:حساب |الحساب )?(?:ال)?{stem}"
        if re.search(rf"\bfrom (?:my |the )?(?:{words})\b", text) or re.search(
            rf"(?<!\w)من {arabic}", text
        ):
            source = kind
        if re.search(rf"\bto (?:my |the )?(?:{words})\b", text) or re.search(
            rf"(?:(?<!\w)ال[يى] |(?<!\w)لل?){arabic}", text
        ):
            target = kind
    return source, target


__all__ = ["classify", "has_amount", "is_no", "is_yes", "refusal", "transfer_kinds"]
