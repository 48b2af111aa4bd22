"""Credentials sent back out: PINs, OTPs and passwords echoed by the bot, next to words naming them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import Hit, Scan, Token, right_after
from .context import CREDENTIAL, PASSWORD, SIGN_IN

#: How far before the code a PIN/OTP word may end.
BEFORE = 30
#: A code right after one of these is no credential (a phone number, an order or ticket number).
NOT_AFTER = "+#"
#: A code of 6 or 8 digits in groups of two, three or four (``482 913``, ``48 29 13``), or
#: of 4 to 8 written digit by digit (``4 8 2 1``).
SPACED_CODE = re.compile(
    r"[0-9]{3}[ \-][0-9]{3}|[0-9]{4}[ \-][0-9]{4}|[0-9]{2}(?:[ \-][0-9]{2}){2}"
    r"|[0-9](?:[ \-][0-9]){3,7}"
)
#: A password word, at most three words more (``your new password``, ``كلمة المرور الخاصة بك``,
#: ``كلمة المرور الجديدة للخدمات المصرفية``), a verb or sign, the value.
_PASSWORD_VALUE = re.compile(
    r"(?:\s+[^\s:=]{1,12}){0,3}?"
    r"\s*(?:is|was|:|=|هي|est|ist|->)\s*[:=]?\s*[\"'«]?(?P<value>[^\s\"'»،,]{4,64})"
)
#: A value right after the password word, with no verb (``temporary password Xy7#pq21``; an
#: Arabic adjective may follow the word: ``كلمة المرور المؤقتة Xy7#pq21``): only one with a letter
#: and a digit, so that ``password reset`` or ``password 2 times`` is none.
_PASSWORD_RIGHT_AFTER = re.compile(
    r"(?:[ \t]+[\u0600-\u06ff]+)?[ \t]+[\"'«]?(?P<value>(?=[^\s\"'»،,]*[^\W\d_])(?=[^\s\"'»،,]*[0-9])[^\s\"'»،,]{6,64})"
)


#: Just before a number: where a code is sent (``send OTP to 88555``), no code.
_SENT_TO_BEFORE = re.compile(r"(?:\bto|\bau|إلى|الى)[\s:ـ-]*$", re.IGNORECASE)
#: Just before a number: what a code was set to (``Your MPIN has been reset to 482913``), not
#: where one is sent.
_SET_TO_BEFORE = re.compile(r"\b(?:reset|set|changed|updated)\s+to[\s:]*$", re.IGNORECASE)
#: Just before a number: its last digits are shown (``ending 4567``, ``المنتهي بـ 4567``). Of a
#: phone, a card or an account (named just before) they are no code; of a PIN they are part
#: of one.
ENDING_BEFORE = re.compile(
    r"(?:\bending(?:\s+(?:in|with))?|\bends\s+(?:in|with)|\bterminant\s+par|\bfinissant\s+par"
    r"|المنتهي(?:ة)?\s*ب|ينتهي\s*ب|تنتهي\s*ب)[\s:ـ-]*$",
    re.IGNORECASE,
)
_NUMBER_WORD = re.compile(
    r"number|phone|mobile|card|account|numéro|téléphone|portable|carte|compte"
    r"|رقم|جوال|هاتف|بطاق|حساب|موبايل",
    re.IGNORECASE,
)
#: A month name (English, French, Arabic and Levantine, Hijri) just before a year.
_MONTH_BEFORE = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
    r"|\b(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre"
    r"|novembre|décembre|decembre)"
    r"|يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر"
    r"|ديسمبر|كانون\s*\S*|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين\s*\S*|محرم|صفر"
    r"|ربيع\s*\S*|جمادى\s*\S*|رجب|شعبان|رمضان|شوال|ذو\s*القعدة|ذو\s*الحجة"
    r"|\bin|\ben|\byear|\bannée|عام|سنة|في)[\s,]*$",
    re.IGNORECASE,
)


def _not_a_code(token: Token, scan: Scan, digits: str) -> bool:
    """A year after a month name (``4 March 2026``) or a number the words before it make the
    last digits of something or an address (``ending 4567``, ``send OTP to 88555``)."""
    before = scan.text[max(0, token.start - 24) : token.start]
    if _SENT_TO_BEFORE.search(before) and not _SET_TO_BEFORE.search(before):
        return True
    ending = ENDING_BEFORE.search(before)
    if ending is not None:
        said = token.start - len(before) + ending.start()
        if _NUMBER_WORD.search(scan.text, max(0, said - 28), said):
            return True  # the last digits of a number, a card, a phone
    return len(digits) == 4 and digits[:2] in ("19", "20") and bool(_MONTH_BEFORE.search(before))


def detect(token: Token, scan: Scan) -> Hit | None:
    """A 4-8 digit code right after a PIN/OTP/password word, or one written in groups as codes
    are shown (``482 913``, ``48-29-13``, ``4 8 2 1``)."""
    text = token.text.strip()
    if not (text.isdigit() and 4 <= len(text) <= 8):
        if not SPACED_CODE.fullmatch(text):
            return None
        if not (text[1].isdigit() or right_after(scan, CREDENTIAL, token.start)):
            return None  # digit by digit, only right after the word (steps ① ② ③ are a list)
        text = token.digits
    if scan.before(token.start, 1) in NOT_AFTER:
        return None
    if _not_a_code(token, scan, text):
        return None
    if not (
        scan.context(CREDENTIAL, token.start, token.end, before=BEFORE, after=0)
        or scan.named_by(CREDENTIAL, token.start, token.end, BEFORE)
        or _named_after(token, scan)
        or _used_to_sign_in(token, scan)
    ):
        return None
    return Hit("credential", "credential", token.start, token.end, text, "code+credential-context")


#: Right after a code: ``is your`` and at most two words before a credential word
#: (``482913 is your verification code``, ``558102 هو رمز التحقق``).
_IS_YOUR = re.compile(
    r"\s*(?:is|est|هو|هي)\s+(?:(?:your|the|a|votre|le|la|ton|ta)\s+)?(?:[^\s\d]+\s+){0,2}?$",
    re.IGNORECASE,
)
#: Credential words that name many things (``code``, ``رمز``): after a code, only with
#: nothing but ``is your`` between (``4521 is your branch's internal code`` is no secret).
_GENERIC = frozenset(("code", "كود", "الكود", "رمز", "الرمز", "login", "username"))
_IS_YOUR_ONLY = re.compile(
    r"\s*(?:is|est|هو|هي)\s+(?:(?:your|the|votre|le|la|ton|ta)\s+)?$", re.IGNORECASE
)
#: How far after a code the credential word naming it may start (within the guard's window
#: for weak context after a number: ``detectors.WEAK_AFTER``).
AFTER = 24


def _named_after(token: Token, scan: Scan) -> bool:
    """A credential word after the code, with only ``is your`` and a word or two between
    (:data:`_IS_YOUR`): the code is named after it is given."""
    text = scan.text
    for word_start, word_end in scan.index.starting_in(CREDENTIAL, token.end, token.end + AFTER):
        gap = text[token.end : word_start]
        generic = text[word_start:word_end].lower() in _GENERIC
        if (_IS_YOUR_ONLY if generic else _IS_YOUR).match(gap):
            return True
    return False


#: A call to use a code right before it, and what it is used for right after it
#: (:data:`SIGN_IN`): ``Use 558102 to log in``, ``Enter 482913 to verify``, ``استخدم 558102
#: لتسجيل الدخول``.
_USE_BEFORE = re.compile(
    r"(?:\b(?:use|enter|type|utilisez|saisissez|entrez)|استخدم|أدخل|ادخل)\s*:?\s*$", re.IGNORECASE
)
_TO_BEFORE_SIGN_IN = re.compile(r"\s*(?:(?:to|pour|for)\s+)?$", re.IGNORECASE)
#: How far after a code the word saying what it is used for may start.
SIGN_IN_AFTER = 8


def _used_to_sign_in(token: Token, scan: Scan) -> bool:
    """A code the customer is told to use to sign in or confirm (:data:`_USE_BEFORE`,
    :data:`_TO_SIGN_IN_AFTER`): a one-time code, whatever it is called."""
    text = scan.text
    if _USE_BEFORE.search(text, max(0, token.start - 16), token.start) is None:
        return False
    return any(
        _TO_BEFORE_SIGN_IN.match(text[token.end : word_start])
        for word_start, _ in scan.index.starting_in(SIGN_IN, token.end, token.end + SIGN_IN_AFTER)
    )


#: What a value hidden on screen is drawn with: a password made of these alone is none.
MASK_ONLY = frozenset("*•●∗＊×#xX_-.·")


def detect_passwords(scan: Scan) -> Iterator[Hit]:
    """Passwords written out after a password word (``password: Summer2024!``)."""
    for _, word_end in scan.index.all(PASSWORD):
        for form in (_PASSWORD_VALUE, _PASSWORD_RIGHT_AFTER):
            match = form.match(scan.text, word_end)
            if match is not None and _password_value(match.group("value")):
                yield Hit(
                    "credential",
                    "credential",
                    match.start("value"),
                    match.end("value"),
                    match.group("value"),
                    "password+context",
                )
                break


def _password_value(value: str) -> bool:
    """Whether what follows a password word could be one: not an ordinary word ("password is
    required"), not a hidden value ("Enter your PIN: ****", "Password: ********")."""
    if value.isalpha() and not any(c.isupper() for c in value[1:]):
        return False
    return not set(value) <= MASK_ONLY
