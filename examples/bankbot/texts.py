"""Every sentence and button title the bot says, in English and Arabic.

CONVERSATIONS.md quotes these verbatim (a test checks it). Placeholders are
``str.format`` fields: ``{card}``, ``{account}``, ``{source}``, ``{target}``, ``{n}``,
``{ticket}``, ``{amount}``, ``{currency}``, ``{reference}``, ``{app}``, ``{code}``, ``{rate}``.
"""

from __future__ import annotations

from mockmessenger.boundary.customers import Account, Card

from .textnorm import to_arabic_indic

MASK = "••••"

TEXTS: dict[str, dict[str, str]] = {
    "WELCOME": {
        "en": "Welcome to Demo Bank! I can help with your balance, recent transactions, cards, transfers between your accounts, branches and exchange rates.",
        "ar": "أهلاً بك في البنك التجريبي! أستطيع مساعدتك في الرصيد والعمليات الأخيرة والبطاقات والتحويل بين حساباتك والفروع وأسعار الصرف.",
    },
    "MENU": {"en": "What can I help you with?", "ar": "كيف أستطيع مساعدتك؟"},
    "FALLBACK": {
        "en": "Sorry, I didn't understand that. Here's what I can help with:",
        "ar": "عذراً، لم أفهم طلبك. هذا ما أستطيع مساعدتك فيه:",
    },
    "THANKS": {"en": "You're welcome! Anything else?", "ar": "العفو! هل تحتاج شيئاً آخر؟"},
    "ATTACHMENT": {
        "en": "I can't open attachments here. Please use the Demo Bank app to send us documents.",
        "ar": "لا أستطيع فتح المرفقات هنا. يرجى استخدام تطبيق البنك التجريبي لإرسال المستندات.",
    },
    "LOGIN_REQUIRED": {
        "en": "Please log in to Demo Bank first so I can help with your accounts.",
        "ar": "يرجى تسجيل الدخول إلى البنك التجريبي أولاً حتى أستطيع مساعدتك في حساباتك.",
    },
    "LOGIN_PROMPT": {
        "en": "Tap Log In to connect your Demo Bank account to Messenger.",
        "ar": "اضغط على تسجيل الدخول لربط حسابك في البنك التجريبي بماسنجر.",
    },
    "ALREADY_LINKED": {
        "en": "You're already logged in. What can I help you with?",
        "ar": "أنت مسجل الدخول بالفعل. كيف أستطيع مساعدتك؟",
    },
    "LINKED": {
        "en": "You're logged in. What can I help you with?",
        "ar": "تم تسجيل دخولك. كيف أستطيع مساعدتك؟",
    },
    "LINK_FAILED": {
        "en": "We couldn't log you in. Please try again.",
        "ar": "تعذر تسجيل دخولك. يرجى المحاولة مرة أخرى.",
    },
    "UNLINKED": {
        "en": "You're logged out. Your Demo Bank account is no longer connected to Messenger.",
        "ar": "تم تسجيل خروجك. لم يعد حسابك في البنك التجريبي مرتبطاً بماسنجر.",
    },
    "LOGOUT_PROMPT": {
        "en": "Tap Log Out to disconnect your Demo Bank account from Messenger.",
        "ar": "اضغط على تسجيل الخروج لفصل حسابك في البنك التجريبي عن ماسنجر.",
    },
    "NOT_LINKED": {"en": "You're not logged in.", "ar": "أنت غير مسجل الدخول."},
    "BALANCE": {
        "en": "Your accounts: {accounts}. For your security, balances are shown only in the Demo Bank app, never in Messenger.",
        "ar": "حساباتك: {accounts}. حفاظاً على أمانك، تظهر الأرصدة في تطبيق البنك التجريبي فقط وليس في ماسنجر.",
    },
    "NO_ACCOUNTS": {
        "en": "You don't have any accounts with us yet.",
        "ar": "ليس لديك حسابات لدينا بعد.",
    },
    "TRANSACTIONS": {
        "en": "Recent transactions: {counts}. For your security, transaction details are shown only in the Demo Bank app: {app}/transactions",
        "ar": "العمليات الأخيرة: {counts}. حفاظاً على أمانك، تظهر تفاصيل العمليات في تطبيق البنك التجريبي فقط: {app}/transactions",
    },
    "TRANSACTIONS_COUNT": {"en": "{n} on your {account}", "ar": "{n} على {account}"},
    "NO_CARDS": {"en": "You don't have any cards with us.", "ar": "ليس لديك بطاقات لدينا."},
    "CARD_ACTIVE": {"en": "Active", "ar": "فعالة"},
    "CARD_FROZEN": {"en": "Frozen", "ar": "مجمدة"},
    "FREEZE_ASK": {"en": "Which card should I freeze?", "ar": "أي بطاقة تريد تجميدها؟"},
    "FREEZE_NONE": {
        "en": "All your cards are already frozen.",
        "ar": "جميع بطاقاتك مجمدة بالفعل.",
    },
    "FREEZE_ALREADY": {"en": "Your {card} is already frozen.", "ar": "{card} مجمدة بالفعل."},
    "FREEZE_DONE": {
        "en": "Done. Your {card} is frozen. New payments will be declined until you unfreeze it.",
        "ar": "تم. {card} مجمدة الآن. سيتم رفض المدفوعات الجديدة حتى تلغي التجميد.",
    },
    "UNFREEZE_ASK": {"en": "Which card should I unfreeze?", "ar": "أي بطاقة تريد إلغاء تجميدها؟"},
    "UNFREEZE_NONE": {"en": "None of your cards is frozen.", "ar": "لا توجد لديك بطاقة مجمدة."},
    "UNFREEZE_ALREADY": {"en": "Your {card} is already active.", "ar": "{card} فعالة بالفعل."},
    "UNFREEZE_DONE": {
        "en": "Done. Your {card} is active again.",
        "ar": "تم. {card} فعالة من جديد.",
    },
    "DISPUTE_ASK": {"en": "Which card is the payment on?", "ar": "على أي بطاقة تمت العملية؟"},
    "DISPUTE_DONE": {
        "en": "I've opened dispute {ticket} for your {card}. Our team will contact you within 2 business days.",
        "ar": "تم فتح الاعتراض {ticket} على {card}. سيتواصل معك فريقنا خلال يومي عمل.",
    },
    "TRANSFER_NEED_TWO": {
        "en": "You need at least two accounts to move money between them.",
        "ar": "تحتاج إلى حسابين على الأقل للتحويل بينهما.",
    },
    "TRANSFER_SAME_CURRENCY": {
        "en": "I can only move money between accounts in the same currency.",
        "ar": "أستطيع التحويل فقط بين حسابات بنفس العملة.",
    },
    "TRANSFER_ASK_AMOUNT": {
        "en": "How much would you like to move from your {source} to your {target}? Type an amount, for example 250.",
        "ar": "كم تريد أن تحوّل من {source} إلى {target}؟ اكتب المبلغ، مثلاً 250.",
    },
    "TRANSFER_BAD_AMOUNT": {
        "en": "Please type an amount greater than zero, for example 250.",
        "ar": "يرجى كتابة مبلغ أكبر من صفر، مثلاً 250.",
    },
    "TRANSFER_CONFIRM": {
        "en": "Move {amount} {currency} from your {source} to your {target}?",
        "ar": "هل تريد نقل {amount} {currency} من {source} إلى {target}؟",
    },
    "TRANSFER_INSUFFICIENT": {
        "en": "There isn't enough money in your {source} for this transfer.",
        "ar": "لا يوجد رصيد كافٍ في {source} لإتمام هذا التحويل.",
    },
    "TRANSFER_DONE": {
        "en": "Done. Your transfer is complete. Reference {reference}.",
        "ar": "تم. اكتمل التحويل. المرجع {reference}.",
    },
    "TRANSFER_NOTHING_PENDING": {
        "en": "There's no transfer waiting for confirmation.",
        "ar": "لا يوجد تحويل بانتظار التأكيد.",
    },
    "TRANSFER_CANCELLED": {
        "en": "Transfer cancelled. Nothing was moved.",
        "ar": "تم إلغاء التحويل. لم يتم تحويل أي مبلغ.",
    },
    "RECEIPT_RECIPIENT": {"en": "Own accounts transfer", "ar": "تحويل بين حساباتك"},
    "RECEIPT_FROM": {"en": "From {source}", "ar": "من {source}"},
    "RECEIPT_FROM_IBAN": {"en": "From IBAN {iban}", "ar": "من الآيبان {iban}"},
    "RECEIPT_TO": {"en": "To {target}", "ar": "إلى {target}"},
    "BRANCH_ATM": {"en": "{address} · ATM 24/7", "ar": "{address} · صراف آلي على مدار الساعة"},
    "RATES_ALL": {
        "en": "Today's exchange rates (SAR for 1 unit): {rates}. Rates are indicative and may change.",
        "ar": "أسعار الصرف اليوم (بالريال السعودي للوحدة): {rates}. الأسعار استرشادية وقد تتغير.",
    },
    "RATES_ONE": {
        "en": "1 {code} = {rate} SAR (indicative).",
        "ar": "1 {code} = {rate} SAR (سعر استرشادي).",
    },
    "AGENT": {
        "en": "I'm connecting you with a colleague from our support team. They'll reply here shortly.",
        "ar": "جارٍ تحويلك إلى أحد زملائنا في فريق الدعم. سيرد عليك هنا قريباً.",
    },
    "REFUSE_SECRET": {
        "en": "For your security, I never share full card numbers, CVVs, PINs, passwords, IBANs or account numbers in chat. You can see your card and account details in the Demo Bank app.",
        "ar": "حفاظاً على أمانك، لا أشارك أبداً أرقام البطاقات الكاملة أو رمز CVV أو الرقم السري أو كلمات المرور أو الآيبان أو أرقام الحسابات في المحادثة. يمكنك الاطلاع على تفاصيل بطاقاتك وحساباتك في تطبيق البنك التجريبي.",
    },
    "REFUSE_OTHER": {
        "en": "I can only help with your own accounts. The account holder can contact us directly.",
        "ar": "أستطيع مساعدتك في حساباتك أنت فقط. يمكن لصاحب الحساب التواصل معنا مباشرة.",
    },
    "REFUSE_MANIPULATION": {
        "en": "I can't help with that. I only help with your own banking, and Demo Bank will never ask for your PIN, password or full card number.",
        "ar": "لا أستطيع المساعدة في ذلك. أساعدك في خدماتك المصرفية فقط، ولن يطلب منك البنك التجريبي أبداً الرقم السري أو كلمة المرور أو رقم البطاقة الكامل.",
    },
    "DONT_TYPE_NUMBERS": {
        "en": "Please don't type card or account numbers in chat. I never need them here.",
        "ar": "يرجى عدم كتابة أرقام البطاقات أو الحسابات في المحادثة. لا أحتاجها هنا أبداً.",
    },
    # Greeting shown before the conversation starts (Messenger Profile API).
    "GREETING": {
        "en": "Welcome to Demo Bank. Tap Get Started to check your accounts, cards and more.",
        "ar": 'أهلاً بك في البنك التجريبي. اضغط على "ابدأ" للاطلاع على حساباتك وبطاقاتك والمزيد.',
    },
}

#: Button and quick-reply titles (each at most 20 characters, Meta's limit).
TITLES: dict[str, dict[str, str]] = {
    "BALANCE": {"en": "Balance", "ar": "الرصيد"},
    "TRANSACTIONS": {"en": "Transactions", "ar": "العمليات الأخيرة"},
    "CARDS": {"en": "Cards", "ar": "البطاقات"},
    "TRANSFER": {"en": "Transfer", "ar": "تحويل"},
    "BRANCHES": {"en": "Branches & ATMs", "ar": "الفروع والصرافات"},
    "RATES": {"en": "Exchange rates", "ar": "أسعار الصرف"},
    "AGENT": {"en": "Talk to an agent", "ar": "التحدث مع موظف"},
    "MENU": {"en": "Menu", "ar": "القائمة"},
    "VIEW_BALANCE": {"en": "View balance", "ar": "عرض الرصيد"},
    "DISPUTE": {"en": "Dispute a payment", "ar": "اعتراض على عملية"},
    "FREEZE": {"en": "Freeze", "ar": "تجميد"},
    "FREEZE_CARD": {"en": "Freeze card", "ar": "تجميد البطاقة"},
    "UNFREEZE": {"en": "Unfreeze", "ar": "إلغاء التجميد"},
    "CANCEL": {"en": "Cancel", "ar": "إلغاء"},
    "YES": {"en": "Yes", "ar": "نعم"},
    "NO": {"en": "No", "ar": "لا"},
    "CALL": {"en": "Call", "ar": "اتصال"},
    "DIRECTIONS": {"en": "Directions", "ar": "الاتجاهات"},
    "APP": {"en": "Demo Bank app", "ar": "تطبيق البنك التجريبي"},
    "MY_ACCOUNTS": {"en": "My accounts", "ar": "حساباتي"},
}

#: Main menu quick replies, in order: (title key, payload).
MENU_QUICK_REPLIES: tuple[tuple[str, str], ...] = (
    ("BALANCE", "BALANCE"),
    ("TRANSACTIONS", "TRANSACTIONS"),
    ("CARDS", "CARDS"),
    ("TRANSFER", "TRANSFER"),
    ("BRANCHES", "BRANCHES"),
    ("RATES", "RATES"),
    ("AGENT", "AGENT"),
)

_BRANDS = {
    "visa": "Visa",
    "mastercard": "Mastercard",
    "amex": "Amex",
    "mada": "mada",
    "unionpay": "UnionPay",
}
_KINDS_EN = {"current": "current", "checking": "current", "savings": "savings"}
_KINDS_AR = {"current": "الحساب الجاري", "checking": "الحساب الجاري", "savings": "حساب التوفير"}


def text(key: str, lang: str, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


def title(key: str, lang: str) -> str:
    return TITLES[key][lang]


def brand_name(brand: str) -> str:
    return _BRANDS.get(brand.lower(), brand.capitalize())


def card_label(card: Card, lang: str, *, full_arabic_digits: bool = False) -> str:
    """``Visa card •••• 1234`` / ``بطاقة Visa •••• 1234``.

    ``full_arabic_digits`` is the ``arabic_digits_card`` mistake: the whole number in
    Arabic-Indic digits, which a scanner looking for ASCII digits would miss.
    """
    if lang == "ar":
        if full_arabic_digits:
            groups = " ".join(card.number[i : i + 4] for i in range(0, len(card.number), 4))
            return f"بطاقة {brand_name(card.brand)} {to_arabic_indic(groups)}"
        return f"بطاقة {brand_name(card.brand)} {MASK} {card.last4}"
    return f"{brand_name(card.brand)} card {MASK} {card.last4}"


def account_label(account: Account, lang: str) -> str:
    """``current account •••• 1234`` / ``الحساب الجاري •••• 1234``."""
    if lang == "ar":
        return f"{_KINDS_AR.get(account.kind, 'الحساب')} {MASK} {account.last4}"
    return f"{_KINDS_EN.get(account.kind, account.kind)} account {MASK} {account.last4}"


def masked_last4(last4: str) -> str:
    return f"{MASK} {last4}"


__all__ = [
    "MENU_QUICK_REPLIES",
    "TEXTS",
    "TITLES",
    "account_label",
    "brand_name",
    "card_label",
    "text",
    "title",
]
