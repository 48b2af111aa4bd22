"""Reading money amounts in any common format and currency (shared by balance and transaction).

1,234.56 / 1.234,56 / 1 234,56 / 1234 with a currency symbol or code before or
after it, in Latin or Arabic script (SAR, ر.س, AED, د.إ, EGP, ج.م, $, €, £...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .base import Scan, Token
from .context import (
    BALANCE,
    BALANCE_STRONG,
    CHOICE,
    EARNED,
    OWN_AMOUNT,
    PUBLIC_AMOUNT,
    TRANSACTION,
    TRANSACTION_DONE,
    WordSet,
)

#: Currencies by name, written in any case (``riyals``, ``geneh``). (``LE``, Egyptian pounds, in
#: capitals only among the codes: ``disponible le 5`` is a date.)
CURRENCY_WORDS = "euros?|dollars?|pounds?|riyals?|dirhams?|dinars?|rupees?|rupaye|geneh|gneh"
_CODES = f"SAR|AED|EGP|USD|EUR|GBP|KWD|BHD|QAR|OMR|JOD|CHF|INR|PKR|SR|(?-i:LE)|Rs\\.?|Dhs?|Dh|US\\$|CA\\$|A\\$|EUR|{CURRENCY_WORDS}"
_ABBREVIATIONS = "ر\\.?\\s?س|د\\.?\\s?إ|ج\\.?\\s?م|د\\.?\\s?ك|ر\\.ع|ر\\.ق"
#: (Devanagari ones as the normaliser leaves them, its vowel signs dropped: ``रुपये`` reads
#: ``रपय``.)
_NAMES = "ريال|ريالات|درهم|دراهم|جنيه|جنيهات|دينار|دولار|يورو|روپے|रियाल|रपय|रपए"
#: Arabic currencies, as the quick check's hyperscan patterns read them (no lookaround there):
#: an abbreviation anywhere, even inside a word. Never narrower than :data:`_ARABIC_BOUNDED`.
_ARABIC = f"{_ABBREVIATIONS}|{_NAMES}"
#: Arabic letters: an abbreviation written without its dot (``رس``) is a currency only when no
#: letter is glued to it: ``رسائل`` (messages), ``درس`` (lesson) and ``رقم`` (number) are words.
_ARABIC_LETTERS = "\u0620-\u064a\u066e-\u06d3"
_ARABIC_BOUNDED = f"(?<![{_ARABIC_LETTERS}])(?:{_ABBREVIATIONS})(?![{_ARABIC_LETTERS}])|{_NAMES}"
_SYMBOLS = "[$€£¥₹﷼]"
#: A currency where a word may end right after it (``SAR``, ``€``, ``ريال``).
_CURRENCY = rf"(?:{_SYMBOLS}|(?:{_CODES})(?![A-Za-z])|{_ARABIC_BOUNDED})"
#: A currency where a word may start right before it (``SAR``, not ``uSAR``).
_CURRENCY_LEADING = rf"(?:{_SYMBOLS}|(?<![A-Za-z])(?:{_CODES})|{_ARABIC_BOUNDED})"
CURRENCY_BEFORE = re.compile(rf"{_CURRENCY_LEADING}\s?[-+]?$", re.IGNORECASE)
CURRENCY_AFTER = re.compile(rf"^\s?{_CURRENCY}", re.IGNORECASE)
#: The same two, for the quick check's judge (on raw bytes): Arabic abbreviations unbounded,
#: so that it never calls clean what the detectors read as money.
CURRENCY_BEFORE_LOOSE = re.compile(
    rf"(?:{_SYMBOLS}|(?<![A-Za-z])(?:{_CODES})|{_ARABIC})\s?[-+]?$", re.IGNORECASE
)
CURRENCY_AFTER_LOOSE = re.compile(
    rf"^\s?(?:{_SYMBOLS}|(?:{_CODES})(?![A-Za-z])|{_ARABIC})", re.IGNORECASE
)
#: An amount with cents (``12,345.67``): money, even without its currency.
CENTS = re.compile(r"[.,]\d{2}$")
#: (Thousands grouped, or lakhs and crores as India and Pakistan group them: ``4,12,880``.)
_AMOUNT = re.compile(
    r"^\d{1,3}(?:[,. '’]\d{3})+(?:[.,]\d{1,2})?$|^\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?$"
    r"|^\d+(?:[.,]\d{1,2})?$"
)
_DECIMAL_OR_GROUPED = re.compile(r"[.,]\d{2}$|\d[,. ]\d{3}")


#: Where balance/transaction words may be: before an amount with a currency, before one
#: without, and after either.
REACH_CURRENCY, REACH_PLAIN, AFTER = 70, 40, 25
#: How far before an amount a fee or rate word makes it a published figure, and after it.
PUBLIC_BEFORE, PUBLIC_AFTER = 50, 15


@dataclass(frozen=True)
class Amount:
    start: int
    end: int
    text: str
    currency: bool

    @property
    def surely_money(self) -> bool:
        """Said with its currency or its cents: money wherever it stands, while a bare
        ``1,250`` may count people or points."""
        return self.currency or CENTS.search(self.text) is not None


def read(token: Token, scan: Scan) -> Amount | None:
    """The amount a number token is (or starts/ends with), if it reads as money (cached per token)."""
    key = (token.start, token.end)
    cache = scan.cache
    if key not in cache:
        cache[key] = _read(token, scan)
    return cache[key]


def _read(token: Token, scan: Scan) -> Amount | None:
    pieces = [(token.start, token.text)]
    if " " in token.text:
        offset = 0
        for piece in token.text.split(" "):
            if piece:
                pieces.append((token.start + offset, piece))
            offset += len(piece) + 1
    for start, text in pieces:
        text = text.strip(" .,-/")
        if not text or not _AMOUNT.match(text):
            continue
        end = start + len(text)
        if _RATE_AFTER.match(scan.text, end):
            continue
        currency = currency_span(scan.text, start, end) is not None
        if not currency and _no_money(text, start, end, scan):
            continue
        if currency or _DECIMAL_OR_GROUPED.search(text):
            return Amount(start, end, text, currency)
    return None


#: How far before an amount its currency may start, and after it end (``SAR -``, `` ريالات``).
_CURRENCY_BEFORE_REACH, _CURRENCY_AFTER_REACH = 8, 10
_REST_OF_WORD = re.compile(r"[^\W\d_]*")


def currency_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The amount at ``start:end`` with its currency: from the currency before it (a sign
    between them read too), else to the end of the currency word after it (``ريالات``, not
    ``ريال``); None when it has none."""
    low = max(0, start - _CURRENCY_BEFORE_REACH)
    ahead = CURRENCY_BEFORE.search(text[low:start])  # (a slice: nothing before it counts)
    if ahead is not None:
        return low + ahead.start(), end
    behind = CURRENCY_AFTER.match(text[end : end + _CURRENCY_AFTER_REACH])
    if behind is None:
        return None
    return start, _REST_OF_WORD.match(text, end + behind.end()).end()


#: A percentage or a rate right after a number (``3.5%``, ``2,75 %``, ``4.25 ٪``).
_RATE_AFTER = re.compile(r"\s?[%٪‰]")
#: Units, times of day and what a number counts, after a number without a currency: a distance,
#: a duration, a size, ``4.30 pm``, ``1,250 applications``, places (``1.25 km`` near "ATM" is no
#: transaction, nor is ``We received 1,250 applications`` or ``used at 10,000 shops``).
_UNIT_AFTER = re.compile(
    r"\s?(?:km|m|cm|mm|kg|g|mb|gb|kb|mins?|minutes?|hours?|hrs?|h|sec|seconds?|days?|months?"
    r"|years?|[ap]\.?m\.?|points?|pts|x|كم|كلم|متر|دقيقة|دقائق|ساعة|ساعات|ثانية|يوم|أيام|شهر"
    r"|سنة|نقطة|نقاط|مساء|صباح|ظهر|عصر"
    r"|applications?|applicants?|customers?|clients?|users?|members?|people|persons?|employees?"
    r"|branches|requests?|downloads?|participants?|visitors?|subscribers?|followers?|demandes?"
    r"|membres?|personnes?|agences?|utilisateurs?|abonnés?|عميل|عملاء|طلبات|مستخدم|مستخدمين"
    r"|فروع|موظف|موظفين|شخص|أشخاص|مشترك|مشتركين"
    r"|shops?|stores?|merchants?|outlets?|locations?|countries|atms|points of sale|partners?"
    r"|commerçants|magasins|pays|متجر|متاجر|محل|محلات|تاجر|تجار|دولة|دول)(?![A-Za-zÀ-ÿ])",
    re.IGNORECASE,
)
#: A version before a number without a currency (``version 5.20``, ``v10.12``, ``الإصدار 4.25``).
_VERSION_BEFORE = re.compile(
    r"(?:\bversion|\bv|\brelease|\bios|\bandroid|الإصدار|إصدار|الاصدار|اصدار)\s?:?\s?$",
    re.IGNORECASE,
)
#: Words that put a time of day after them (``at 14.30``, ``الساعة 8.30``, ``après 14.30``).
_TIME_WORD_BEFORE = re.compile(
    r"(?:\bat|\bafter|\bbefore|\buntil|\btill|\bfrom|\bby|\bà|\baprès|\bavant|\bdès"
    r"|\bto|\bau|الساعة|بعد|قبل|من|حتى|إلى|الى)\s?$",
    re.IGNORECASE,
)
_TIME = re.compile(r"^(?:[01]?\d|2[0-3])[.:][0-5]\d$")
#: A time range after a time (``8.00 to 16.00``, ``9.00-17.00``, ``8.30 حتى 16.30``).
_TIME_RANGE_AFTER = re.compile(
    r"\s?(?:-|–|to|à|au|حتى|الى|إلى)\s?(?:[01]?\d|2[0-3])[.:][0-5]\d", re.IGNORECASE
)


def _no_money(text: str, start: int, end: int, scan: Scan) -> bool:
    """A number without a currency that is a measure, a version or a time of day."""
    if _UNIT_AFTER.match(scan.text, end):
        return True
    before = scan.text[max(0, start - 12) : start]
    if _VERSION_BEFORE.search(before):
        return True
    if not _TIME.match(text):
        return False
    return bool(
        _TIME_WORD_BEFORE.search(before)
        or _TIME_RANGE_AFTER.match(scan.text, end)
        or before.rstrip().endswith(("-", "–"))
    )


def public(amount: Amount, scan: Scan, distance: int) -> bool:
    """True for published figures: fee, rate, minimum, limit... shortly before the amount, or nearer after it.

    ``Minimum balance required: SAR 3,000`` and ``Fee schedule: SAR 25 per transfer``
    name the bank's terms, not a customer's money.
    """
    if (
        _public_word_before(amount, scan)
        or (_conversion(amount, scan) and not _own(amount, scan))
        or _kept_balance(amount, scan)
        or _under_fee_heading(amount, scan)
        or (_bound(amount, scan) and not _own(amount, scan, theirs_only=True))
        or _fee_example(amount, scan)
        or _floor_of_a_rule(amount, scan)
        or (
            (_example(amount, scan) or _offered(amount, scan) or _for_reward(amount, scan))
            and not _own(amount, scan)
        )
    ):
        return True
    # (a fee word after the amount counts only when it names it: not in 'SAR 12,345.67, fee SAR 15')
    after = scan.near(
        PUBLIC_AMOUNT, amount.start, amount.end, 0, PUBLIC_AFTER, labels_only_this=True
    )
    return after is not None and after < distance and not _own(amount, scan)


#: A rule's floor or ceiling said after the amount, in its sentence (``5% of the outstanding
#: balance or SAR 100, whichever is higher``, ``أو ١٠٠ ريال أيهما أعلى``): the bank's terms,
#: whatever balance word the rule names.
_WHICHEVER_AFTER = re.compile(
    r"^[^.!?\n؟]{0,30}?(?:\bwhichever\s+is\s+(?:higher|greater|lower|less|more)"
    r"|\bselon\s+le\s+(?:plus|moins)|أيهما\s+(?:أعلى|اعلى|أكبر|اكبر|أقل|اقل))",
    re.IGNORECASE,
)


def _floor_of_a_rule(amount: Amount, scan: Scan) -> bool:
    """Is the amount one side of a rule's "whichever is higher" (:data:`_WHICHEVER_AFTER`)?"""
    return _WHICHEVER_AFTER.match(scan.text[amount.end : amount.end + 60]) is not None


#: Two amounts equal to each other: a rate of exchange (``SAR 1 = 74.28 PKR``), no one's
#: money, unless a balance word or a transaction said done names it (``Your balance: SAR
#: 500.00 = USD 133.33``).
_CONVERSION = re.compile(
    rf"(?:{_CURRENCY_LEADING}\s?)?\d[\d,.]*(?:\s?{_CURRENCY})?\s*[=≈]\s*"
    rf"(?:{_CURRENCY_LEADING}\s?)?\d[\d,.]*(?:\s?{_CURRENCY})?",
    re.IGNORECASE,
)


def _conversion(amount: Amount, scan: Scan) -> bool:
    """Is the amount one side of a conversion (:data:`_CONVERSION`)?"""
    low, high = max(0, amount.start - 24), amount.end + 24
    near = scan.text[low:high]
    if "=" not in near and "≈" not in near:
        return False  # (the hot path: most amounts are no conversion's)
    for match in _CONVERSION.finditer(scan.text, low, high):
        if match.start() <= amount.start and amount.end <= match.end():
            return True
    return False


def _public_word_before(amount: Amount, scan: Scan) -> bool:
    """A fee, rate, minimum... word shortly before the amount and in its sentence: ``Fees are
    low. Your transfer of SAR 12,345.67 …`` names a transfer. (A line break is no end: a label
    and its figure are often two lines, or a template's title and subtitle; unless the amount's
    own line names it: :func:`_labelled_on_its_line`.)"""
    text = scan.text
    for word_start, word_end in scan.index.starting_in(
        PUBLIC_AMOUNT, amount.start - PUBLIC_BEFORE, amount.start
    ):
        # ``Min. salary``: an abbreviation's dot ends no sentence (``No fees. Your balance``'s does)
        after_word = word_end + (
            text[word_end : word_end + 1] == "."
            and text[word_start:word_end].lower() in _DOTTED_WORDS
        )
        if (
            word_end <= amount.start
            and not _SENTENCE_BREAK.search(text, after_word, amount.start)
            and not _owned_between(scan, word_start, amount.start)
            and not _named_anew(amount, scan, word_end)
            and not _labelled_on_its_line(amount, scan, after_word)
        ):
            return True
    return False


def _labelled_on_its_line(amount: Amount, scan: Scan, low: int) -> bool:
    """Does a line break stand between ``low`` (a fee word's end) and the amount, and a balance
    or transaction word on the amount's own line before it? Then the fee word names its own
    line, not this amount: ``Transfer fees apply`` / ``Your balance: SAR 8,432.10``. (A fee
    word's line over a bare figure names it: ``Fees:`` / ``SAR 25.00``.)"""
    text = scan.text
    line_start = text.rfind("\n", low, amount.start)
    return line_start >= 0 and scan.any_within(
        (BALANCE, TRANSACTION), line_start + 1, amount.start, 0, 0
    )


_DIGIT = re.compile(r"\d")
#: The public words written with a dot as abbreviations (``Min. salary``).
_DOTTED_WORDS = frozenset(("min", "max"))


def _named_anew(amount: Amount, scan: Scan, word_end: int) -> bool:
    """Does a number stand between a fee or limit word (ending at ``word_end``) and the
    amount, and a balance word right at the amount? Then the word named that number, and the
    balance word names this one: ``Credit limit: SAR 20,000 | Available: SAR 4,310.22``,
    ``Your credit limit is SAR 20,000 and you have SAR 4,310.22 available``."""
    return _DIGIT.search(scan.text, word_end, amount.start) is not None and word_at(
        amount, scan, BALANCE, before=LOOSE_BEFORE, after=LOOSE_AFTER, unless_conditional=True
    )


def _owned_between(scan: Scan, low: int, high: int) -> bool:
    """Does a phrase saying the amount is the customer's (:data:`OWN_AMOUNT`: ``outstanding``,
    ``you have used``; :data:`EARNED`: ``cashback earned``) or a transaction said done overlap
    ``low:high`` (from a fee or limit word to the amount)? Then that word names something
    else: ``Minimum payment due SAR 617.28``, ``Your credit limit is SAR 30,000 and you have
    used SAR 12,345.67``."""
    return any(
        word_end > low and word_start < high
        for words in (OWN_AMOUNT, TRANSACTION_DONE, EARNED)
        for word_start, word_end in scan.index.starting_in(words, low - 40, high)
    )


#: How far before an amount a fee heading (``Our fees:``) may end: a list of prices under it.
HEADING_BEFORE = 200


def _under_fee_heading(amount: Amount, scan: Scan) -> bool:
    """An amount of a list headed by a fee word and a colon in its sentence (``Our fees: card
    replacement SAR 30; cheque book SAR 20; …``, ``Frais : …``, ``الرسوم: …``): the bank's
    prices, unless a balance word or a transaction said done is in the amount's clause."""
    text = scan.text
    for _, word_end in scan.index.starting_in(
        PUBLIC_AMOUNT, amount.start - HEADING_BEFORE, amount.start
    ):
        if word_end > amount.start or _HEADING_COLON.match(text, word_end) is None:
            continue
        if _SENTENCE_BREAK.search(text, word_end, amount.start):
            continue
        return not (_own_in_clause(amount, scan) or _named_anew(amount, scan, word_end))
    return False


#: A colon right after a fee word: the word heads what follows.
_HEADING_COLON = re.compile(r"\s?:")


def _own_in_clause(amount: Amount, scan: Scan) -> bool:
    """A balance word or a transaction said done in the amount's clause (between the clause
    breaks around it, within the amount words' reach)."""
    reach = REACH_CURRENCY if amount.currency else REACH_PLAIN
    low, high = clause(scan.text, amount.start, amount.end, reach, AFTER)
    return any(
        word_start >= low and word_end <= high
        for words in (BALANCE_STRONG, TRANSACTION_DONE)
        for word_start, word_end in scan.index.starting_in(words, low, high)
    )


#: Where a sentence ends: ``! ? ؟`` or a dot followed by a space (not a decimal point). A
#: semicolon does not: fee schedules list their cases with it (``SAR 0 for SAR 1–5,000; SAR 5
#: for larger amounts``).
SENTENCE_ENDS = "!?؟"
_SENTENCE_BREAK = re.compile(f"[{SENTENCE_ENDS}]|\\.\\s")


#: A bound or a starting price right before an amount (its currency may stand between):
#: ``above SAR 10,000``, ``up to 50,000``, ``from SAR 10``, ``jusqu'à 15 000 €``,
#: ``تزيد عن ١٠٬٠٠٠``, ``حتى 200 ريال``: the bank's terms, no customer's money.
_BOUND_BEFORE = re.compile(
    r"(?:\b(?:above|over|under|below|exceeding|more\s+than|less\s+than|at\s+least|at\s+most"
    r"|up\s+to|as\s+low\s+as|as\s+little\s+as|as\s+much\s+as|(?:starting|starts?)\s+(?:at|from)|from\s+only|from|every|each|for\s+only"
    r"|for\s+just|only)"
    r"|\b(?:jusqu['’]à|jusqu['’]a|au-delà\s+de|plus\s+de|moins\s+de|supérieurs?\s+à"
    r"|inférieurs?\s+à|au\s+moins|dès|à\s+partir\s+de|chaque)"
    r"|(?:تزيد|يزيد|تتجاوز|يتجاوز)\s+(?:عن|على)|(?:قل|يقل|تقل|انخفض|ينخفض)(?:\s+\S+)?\s+عن|فوق|أعلى\s+من|الأعلى\s+من|أكثر\s+من|اكثر\s+من|أقل\s+من|اقل\s+من|حتى"
    r"|لغاية|يصل\s+إلى|تصل\s+إلى|بحد\s+أدنى|بحد\s+أقصى|الأدنى|الأقصى|لا\s+يقل\s+عن"
    r"|ابتداء\S*\s+من|بدء\S*\s+من|[يت]بدأ\s+من|مقابل|كل)"
    r"\s*:?\s*(?:[$€£¥₹﷼]|[A-Za-z]{2,3}\$?|ر\.?\s?س|د\.?\s?إ|ج\.?\s?م|ريال|درهم|جنيه)?\s*$",
    re.IGNORECASE,
)
#: A bound right after an amount (and its currency): ``SAR 5,000 or more``, ``٥٠٠٠ ريال فأكثر``.
_BOUND_AFTER = re.compile(
    r"\s*(?:[$€£¥₹﷼]|[A-Za-z]{2,3}|ر\.?\s?س|د\.?\s?إ|ج\.?\s?م|ريال|درهم|جنيه)?\s*"
    r"(?:or\s+(?:more|above|less|over)|and\s+(?:above|over)|\+|ou\s+plus|et\s+plus"
    r"|for\s+(?:each|every)\b|per\s+(?:withdrawal|transaction|transfer|purchase|card|person|use|message|sms|month"
    r"|year|day|week)\b|par\s+(?:retrait|opération|virement|achat|carte|mois|an|jour)\b"
    r"|/\s?(?:month|mo|year|yr|day)\b|a\s+(?:month|year)\b|(?:monthly|weekly|daily|yearly)\b"
    r"|par\s+mois|tak\b|شهري|أسبوعي|يومي"
    r"|فأكثر|أو\s+أكثر|او\s+اكثر|و?فما\s+فوق|وما\s+فوق|أو\s+أقل|لكل)",
    re.IGNORECASE,
)


def _own(amount: Amount, scan: Scan, *, theirs_only: bool = False) -> bool:
    """A balance word or a transaction said done in the amount's clause: ``Your balance is SAR
    12,345.67 or more``, ``Transfer of SAR 5,000 per your request was sent``: the customer's
    money, whatever bound or rate is said with it.

    ``theirs_only`` (for bounds): a balance word counts only when the balance is said to be
    the customer's (:func:`_theirs`): ``Balances of SAR 100,000 or more earn 4%`` and ``رصيد لا
    يقل عن 5,000 ريال`` are tiers of the bank's terms."""
    reach = REACH_CURRENCY if amount.currency else REACH_PLAIN
    text = scan.text
    if FEE.search(text, max(0, amount.start - reach), amount.end + AFTER):
        return False  # "balance below 1000 SAR fee", "average balance of SAR 5,000 ... fee"
    if _earned_at(amount, scan):
        return True
    for words in (BALANCE_STRONG, TRANSACTION_DONE):
        for word_start, word_end in scan.index.starting_in(
            words, amount.start - reach, amount.end + AFTER
        ):
            if word_end <= amount.start:
                gap = text[word_end : amount.start]
            elif amount.end <= word_start <= amount.end + AFTER:
                gap = text[amount.end : word_start]
            else:
                continue
            if not _CLAUSE_BREAK.search(gap):
                if (
                    theirs_only
                    and words is BALANCE_STRONG
                    and not _theirs(text, word_start, word_end)
                ):
                    continue
                return True
    return False


#: What may stand between a loose balance word and its amount: an Arabic suffix of the word
#: (متاحة), glue words, when (``Your cashback this month: SAR 45.20``), where (``المتاح في
#: بطاقتك الائتمانية``, ``عندك في الحساب``, ``باقي على القرض``, ``available on your credit
#: card``), a colon, the currency.
AT_WORD_BEFORE = re.compile(
    rf"^[ةكيه]{{0,2}}\s*(?:(?:is|of|are|est|de|:|هو|هي|بقيمة|to\s+spend|to\s+use"
    rf"|(?:this|last)\s+(?:week|month|year)|so\s+far|to\s+date|ce\s+mois(?:-ci)?"
    rf"|هذا\s+الشهر|الحالية?|(?:in|on)\s+your\s+(?:\w+\s+)?(?:card|account)"
    rf"|(?:في|على)\s+(?:ال)?(?:حساب|بطاق|قرض|تمويل)[\u0621-\u064a]*(?:\s+[\u0621-\u064a]+)?)\s*)*:?\s*"
    rf"{_CURRENCY}?\s*[-+]?$",
    re.IGNORECASE,
)


#: What may stand between an amount and a word right after it: its currency, ``is``, ``are``,
#: ``now``, ``still`` (``SAR 4,310.22 is still available``).
GAP_AFTER_WORD = re.compile(
    rf"^\s*{_CURRENCY}?\s*(?:(?:is|are|now)\s*)?(?:still\s*)?$", re.IGNORECASE
)
#: A condition right before a word: ``If you have SAR 5,000.00 in your savings, you qualify``
#: states the bank's terms, not what the customer has.
_CONDITION = re.compile(r"(?:\b(?:if|when|once|unless|si|quand)|إذا|اذا|لو)\s*$", re.IGNORECASE)
#: A condition opening the amount's clause, shortly before it: a word after the amount then
#: states a condition too (``If you have SAR 5,000.00 available, you qualify``).
_CONDITION_BEFORE = re.compile(
    r"(?:\b(?:if|when|once|unless|si|quand)\b|إذا|اذا|لو)[^.;!?؛؟\n]*$", re.IGNORECASE
)
#: How far before the amount :data:`_CONDITION_BEFORE` looks.
_CONDITION_REACH = 24
#: How far a loose balance word may stand before and after its amount (only glue words
#: between: ``available in your current account: SAR``).
LOOSE_BEFORE, LOOSE_AFTER = 40, 12
#: Longer than any context word is written: how far before its end a word may start.
_LONGEST_WORD = 128


def word_at(
    amount: Amount,
    scan: Scan,
    words: WordSet,
    *,
    before: int,
    after: int = 0,
    unless_conditional: bool = False,
) -> bool:
    """A word of ``words`` right at the amount: ending at most ``before`` characters before it
    with only :data:`AT_WORD_BEFORE` between (``Available: SAR``, ``you have earned SAR``), or
    starting at most ``after`` characters after it with only :data:`GAP_AFTER_WORD` between
    (``SAR 4,310.22 available``). ``unless_conditional``: not a word right after ``if``,
    ``when``, ``إذا``..."""
    text = scan.text
    low = amount.start - before - _LONGEST_WORD
    for word_start, word_end in scan.index.starting_in(words, low, amount.end + after):
        if unless_conditional and _CONDITION.search(text, max(0, word_start - 8), word_start):
            continue
        if word_end <= amount.start:
            gap = text[word_end : amount.start]
            if len(gap) <= before and AT_WORD_BEFORE.match(gap):
                return True
        elif after and word_start >= amount.end:
            gap = text[amount.end : word_start]
            if len(gap) <= after and GAP_AFTER_WORD.match(gap):
                if unless_conditional and _CONDITION_BEFORE.search(
                    text, max(0, amount.start - _CONDITION_REACH), amount.start
                ):
                    continue
                return True
    return False


def _earned_at(amount: Amount, scan: Scan) -> bool:
    """What the customer earned said right before the amount (:data:`EARNED` then
    :data:`AT_WORD_BEFORE`): ``Cashback earned: SAR 45.20``, ``You have earned SAR 45.20
    cashback``: theirs, whatever cashback or reward word is said with it."""
    return word_at(amount, scan, EARNED, before=24)


#: Words that make the balance named after them the customer's: ``your (savings) balance``,
#: ``votre solde``, ``لديك رصيد``; an Arabic balance word says it with its suffix (``رصيدك``).
_POSSESSOR = re.compile(
    r"(?:\b(?:your|my|you|votre|vos|ton|ta|tes|mon|ma|mes)\s+(?:[A-Za-zÀ-ÿ]+\s+)?"
    r"|(?:لديك|عندك|لديكم)\s*)$",
    re.IGNORECASE,
)


def _theirs(text: str, word_start: int, word_end: int) -> bool:
    """Is the balance named at ``word_start:word_end`` said to be the customer's?"""
    if text[word_end : word_end + 1] in ("ك", "ي"):
        return True
    if OWN_AMOUNT.pattern.fullmatch(text, word_start, word_end):
        return True  # "outstanding", "amount due": the customer's, by the phrase itself
    return _POSSESSOR.search(text[max(0, word_start - 24) : word_start]) is not None


def clause(text: str, start: int, end: int, before: int, after: int) -> tuple[int, int]:
    """The clause around ``start:end`` (between clause breaks), at most ``before`` characters
    before it and ``after`` after it."""
    low, high = max(0, start - before), min(len(text), end + after)
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, low, start)]
    following = _CLAUSE_BREAK.search(text, end, high)
    return (breaks[-1] if breaks else low), (following.start() if following else high)


#: A fee said with the amount: the bank's terms, whatever balance word is near.
FEE = re.compile(
    r"\b(?:fees?|charges?|frais|commission|tarif)\b|رسوم|رسم\b|عمولة|فيس", re.IGNORECASE
)
#: Where a clause ends: ``; . ! ?`` (a dot followed by a space, not a decimal point), a line.
_CLAUSE_BREAK = re.compile(r"[;!?؛؟\n]|\.\s")


#: A balance the customer is asked to keep, right before the amount (its currency may stand
#: between): ``Keep an average balance of SAR 5,000``, ``Maintenez un solde moyen de 5 000 €``,
#: ``حافظ على رصيد متوسط 5,000 ريال``: a condition of the bank's terms, not the customer's money.
#: (``Keep in mind your balance is …`` and ``your average balance was …`` are not asked.)
_KEEP_BALANCE = re.compile(
    r"(?:\bkeep(?:ing)?\s+an?\s+(?:[a-z]+\s+){0,2}balance"
    r"|\b(?:mainten|conserv|gard)[a-zé]*\s+un\s+solde(?:\s+[a-zé]+)?"
    r"|(?:حافظ|الحفاظ|المحافظة|احتفظ|الاحتفاظ)\s+(?:على\s+)?ب?رصيد(?:\s+\S+)?)"
    rf"\s*(?:of|de|d['’]|بقيمة)?\s*:?\s*{_CURRENCY}?\s*$",
    re.IGNORECASE,
)


#: The same said around the amount: ``Keep SAR 5,000 minimum balance``, ``Gardez 5 000 € de
#: solde``: "keep" right before it, and a balance right after it.
_KEEP_BEFORE = re.compile(
    rf"\b(?:keep|maintain|garde[rz]|conserve[rz]|maintene[rz]|maintenir)\s*"
    rf"(?:{_CURRENCY_LEADING}\s?)?$",
    re.IGNORECASE,
)
_BALANCE_AFTER = re.compile(
    rf"\s?(?:{_CURRENCY}\s?)?"
    r"(?:(?:minimum|average|monthly|daily|min|moyen|minimal)\s+)?(?:(?:de|en)\s+)?"
    r"(?:balance|solde)(?![A-Za-z])",
    re.IGNORECASE,
)


def _kept_balance(amount: Amount, scan: Scan) -> bool:
    """A balance the customer is asked to keep, said right before the amount (:data:`_KEEP_BALANCE`)
    or around it (:data:`_KEEP_BEFORE` and :data:`_BALANCE_AFTER`)."""
    text = scan.text
    before = text[max(0, amount.start - 48) : amount.start]
    if _KEEP_BALANCE.search(before) is not None:
        return True
    return (
        _KEEP_BEFORE.search(before) is not None
        and _BALANCE_AFTER.match(text, amount.end) is not None
    )


#: What separates the amounts of a list of options: ``|``, ``/``, a comma, a bullet, "or".
_OR = r"(?:[|/,;·•]|\bor\b|\bou\b|أو|او)"
_LISTED = rf"(?:{_CURRENCY}\s?)?[-+]?(?>\d+(?:[,. '’]\d{{3}})*(?:[.,]\d{{1,2}})?)(?:\s?{_CURRENCY})?\s*{_OR}\s*"
#: From a choice word to an amount of its list: a few words saying what the amounts are for
#: (``Choose an amount to transfer:``), the list's earlier amounts, the amount's currency.
_OFFER_GAP = re.compile(
    r"\s*(?:(?:to\s+(?:transfer|send|pay|top\s+up)|à\s+(?:virer|envoyer|payer)"
    r"|لل?تحويل|للإرسال|للدفع)\s*)?[:\-–]?\s*"
    rf"(?:{_LISTED})*(?:{_CURRENCY}\s?)?[-+]?$",
    re.IGNORECASE,
)
#: An amount that goes on to another of the list: its separator and the next number.
_LIST_GOES_ON = re.compile(rf"\s?(?:{_CURRENCY})?\s*{_OR}\s*(?:{_CURRENCY}\s?)?\d", re.IGNORECASE)
#: How far before an amount the choice word of its list may end.
OFFER_BEFORE = 160


def _offered(amount: Amount, scan: Scan) -> bool:
    """One of two or more amounts listed right after a word offering a choice (``Quick
    transfer: SAR 500 | SAR 1,000``, ``اختر المبلغ: 500 ريال أو 1,000 ريال``): options a
    picker offers, not the customer's money."""
    text = scan.text
    for _, word_end in scan.index.starting_in(CHOICE, amount.start - OFFER_BEFORE, amount.start):
        if word_end > amount.start:
            continue
        gap = text[word_end : amount.start]
        if _OFFER_GAP.match(gap) is None:
            continue
        if any(c.isdigit() for c in gap) or _LIST_GOES_ON.match(text, amount.end):
            return True
    return False


#: What joins the two ends of a range of amounts: ``SAR 10 to SAR 50,000``, ``de 10 € à 50 000 €``,
#: ``من 10 ريال إلى 50,000 ريال``, ``10–500``.
_TO = r"(?:to|à|au|إلى|الى|حتى|–)"
#: The amount is a range's lower end: ``to`` and an upper end with its currency (a phone number
#: after "to" is no end of a range: ``Transfer SAR 500 to 0512345678``).
_RANGE_AFTER = re.compile(
    rf"\s?(?:{_CURRENCY})?\s*{_TO}\s*(?:{_CURRENCY}\s?\d|\d[\d,. '’]*?\s?{_CURRENCY})",
    re.IGNORECASE,
)
#: The amount is a range's upper end: a lower end (a number, its currency) and ``to``.
_RANGE_BEFORE = re.compile(rf"\d\s?(?:{_CURRENCY})?\s*{_TO}\s*(?:{_CURRENCY})?\s?$", re.IGNORECASE)


#: The reward an amount earns, right after it and its currency (two words may stand between):
#: ``Deposit AED 10,000 and get a free gift``, ``Spend SAR 500 to earn``, ``Déposez 10 000 € et
#: recevez``, ``أودع 10,000 درهم واحصل على``: an offer's condition, no customer's money.
_REWARD_AFTER = re.compile(
    rf"\s?(?:{_CURRENCY})?(?:\s+[A-Za-zÀ-ÿ]+){{0,2}}?\s+(?:(?:and|to|et|pour)\s+)?"
    r"(?:get|earn|win|recevez|gagnez|recevoir|gagner|obtenez|profitez)(?![A-Za-z])"
    rf"|\s?(?:{_CURRENCY})?(?:\s+\S+){{0,2}}?\s+(?:و|ل)?(?:احصل|اربح|تحصل|تربح|للحصول|استمتع)",
    re.IGNORECASE,
)


#: A reward right before the amount (its currency may stand between): ``and get SAR 500``,
#: ``gagnez 50 €``, ``واحصل على 500 ريال``: an offer's prize, no customer's money.
_REWARD_BEFORE = re.compile(
    rf"(?:\b(?:get|earn|win|gagnez|recevez)|(?<!\w)و?(?:احصل|تحصل|اربح|تربح)(?:\s+على)?)"
    rf"\s+(?:up\s+to\s+|jusqu['’]à\s+|حتى\s+)?(?:{_CURRENCY_LEADING}\s?)?$",
    re.IGNORECASE,
)


def _for_reward(amount: Amount, scan: Scan) -> bool:
    """An amount followed by the reward it earns (:data:`_REWARD_AFTER`), or the reward itself
    (:data:`_REWARD_BEFORE`)."""
    text = scan.text
    return (
        _REWARD_AFTER.match(text, amount.end) is not None
        or _REWARD_BEFORE.search(text, max(0, amount.start - 32), amount.start) is not None
    )


def _bound(amount: Amount, scan: Scan) -> bool:
    """A bound or a price the bank sets, said right at the amount (``above SAR 10,000``), or an
    end of a range of amounts with a currency (``SAR 10 to SAR 50,000``)."""
    text = scan.text
    before = text[max(0, amount.start - 32) : amount.start]
    if _BOUND_BEFORE.search(before):
        return True
    if _BOUND_AFTER.match(text, amount.end) is not None:
        return True
    if amount.currency and _RANGE_BEFORE.search(before):
        return True
    return _RANGE_AFTER.match(text, amount.end) is not None


#: A worked example said before the amount in its clause: ``For example, if you transfer SAR
#: 1,000 the fee is SAR 15``, ``مثال: عند تحويل 1,000 ريال``, ``Exemple : pour un virement de
#: 1 000 €``, or a how-to question: ``How to transfer 5000 SAR abroad``, ``Comment faire un
#: virement de 5 000 €``, ``كيف أحول 5000 ريال``: figures the bank makes up to explain its terms.
_EXAMPLE = re.compile(
    r"\b(?:for\s+(?:example|instance)|e\.\s?g\.|example\s*:|illustration\s*:|say\s+you|suppose"
    r"|par\s+exemple"
    r"|exemple\s*:|exemple\s+de"
    r"|how\s+(?:to|do\s+i|can\s+i|do\s+you|would\s+i)|comment\s+(?:faire|puis-je|je\s+peux))"
    r"|على\s+سبيل\s+المثال|مثال\s*:|مثلا|مثلاً|فمثلا|كيف",
    re.IGNORECASE,
)


def _example(amount: Amount, scan: Scan) -> bool:
    """A worked example's marker earlier in the amount's clause (at most 80 characters back)."""
    before = scan.text[max(0, amount.start - 80) : amount.start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return _EXAMPLE.search(clause) is not None


#: What a worked example of a fee says the customer sends or pays in all, right before the sum
#: (its currency may stand between): ``you send SAR 1,015``, ``vous payez 1 015 €``, ``تدفع``.
_YOU_PAY = re.compile(
    r"(?:\byou(?:['’]ll|\s+will|\s+would)?\s+(?:send|pay|transfer)"
    r"|\bvous\s+(?:envoyez|payez|paierez|virez)"
    r"|(?:ست|س)?(?:تدفع|ترسل|تحول))"
    rf"\s*:?\s*(?:{_CURRENCY}\s?)?$",
    re.IGNORECASE,
)
#: A number in a sentence, read as money (``1,015``, ``1 015,00``, ``15``).
_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(?:[,. '’]\d{3})+(?:[.,]\d{1,2})?(?![\d])|(?<![\d.,])\d+(?:[.,]\d{1,2})?(?![\d])"
)
#: Possessives that make a transfer the customer's (``your transfer``, ``votre virement``).
_YOURS = re.compile(r"\b(?:your|votre|vos)\b", re.IGNORECASE)


def _value(text: str) -> float | None:
    """A money number's value, its last ``.`` or ``,`` a decimal point when two digits or one
    follow it, every other separator a thousands one."""
    decimal = re.search(r"[.,](\d{1,2})$", text)
    whole = text[: decimal.start()] if decimal else text
    whole = re.sub(r"[,. '’]", "", whole)
    if not whole.isdigit():
        return None
    return int(whole) + (int(decimal.group(1)) / 10 ** len(decimal.group(1)) if decimal else 0)


def _fee_example(amount: Amount, scan: Scan) -> bool:
    """An amount that, with a fee said in its sentence, adds up to the sum said as what you
    send or pay (``Transfer of SAR 1,000 to India: fee SAR 15, you send SAR 1,015``): a worked
    example of the fee, unless a balance word, a transaction said done, or "your" is in the
    sentence."""
    text = scan.text
    breaks = [
        m.end() for m in _SENTENCE_BREAK.finditer(text, max(0, amount.start - 120), amount.start)
    ]
    low = breaks[-1] if breaks else max(0, amount.start - 120)
    after = _SENTENCE_BREAK.search(text, amount.end, amount.end + 160)
    high = after.start() if after else min(len(text), amount.end + 160)
    sentence = text[low:high]
    if not FEE.search(sentence) or _YOURS.search(sentence):
        return False
    base = _value(amount.text)
    if base is None:
        return False
    numbers = [(m.start() + low, _value(m.group())) for m in _NUMBER.finditer(sentence)]
    fees = [
        v for start, v in numbers if v is not None and FEE.search(text, max(low, start - 16), start)
    ]
    totals = [
        v
        for start, v in numbers
        if v is not None
        and start > amount.end
        and _YOU_PAY.search(text, max(low, start - 32), start)
    ]
    if not any(abs(base + fee - total) < 0.005 for fee in fees for total in totals):
        return False
    return not any(
        True
        for words in (BALANCE_STRONG, TRANSACTION_DONE)
        for _ in scan.index.starting_in(words, low, high)
    )


#: A kind of service said with a transaction word: before it in English (``International
#: transfer``), after it in French and Arabic (``virement international``, ``تحويل دولي``).
_KIND_BEFORE = re.compile(
    r"\b(?:international|local|domestic|instant|express|overseas|cross-border|same-day|paper)\s+$",
    re.IGNORECASE,
)
_KIND_AFTER = re.compile(
    r"\s+(?:internationale?s?|internationaux|nationale?s?|nationaux|instantanée?s?|express"
    r"|(?:ال)?(?:دولي|دولية|محلي|محلية|فوري|فورية|خارجي|خارجية|سريع|سريعة))(?![\w])",
    re.IGNORECASE,
)
#: A call to action right after a transaction word (a button: ``Transfer now``, ``Payer
#: maintenant``, ``حول الآن``): an offer to do it, no transaction done.
_ACTION_AFTER = re.compile(r"\s+(?:now|maintenant|الآن|الان)(?![\w])", re.IGNORECASE)
#: A counterparty after the service's name makes it one transfer (``… transfer to Ahmed``).
#: and so does an amount said of it (``… transfer of SAR 5,000``).
_COUNTERPARTY = re.compile(
    r"\s*(?:to|from|of|vers|à|au|de|d['’]|pour|بقيمة|إلى|الى|من|ل)(?![\w])", re.IGNORECASE
)
#: A transfer said done in other words than :data:`TRANSACTION_DONE` (``… done``, ``completed``).
_DONE = re.compile(
    r"\b(?:done|completed?|successful(?:ly)?|succeeded|processed|executed|confirmed|réussie?s?"
    r"|terminée?s?|confirmée?s?)\b|تم|بنجاح|ناجحة?",
    re.IGNORECASE,
)
#: ``your``, ``votre`` before a transaction word (an adjective may stand between).
_YOUR_BEFORE = re.compile(
    r"\b(?:your|my|votre|vos|mon|ma|mes)\s+(?:[A-Za-zÀ-ÿ\-]+\s+)?$", re.IGNORECASE
)


def _service_name(text: str, start: int, end: int) -> bool:
    """Is the transaction word at ``start:end`` the name of a kind of service (``International
    transfer``), said of nobody's transaction, or only a button's words or a payload's name?"""
    if text[end : end + 1] in ("ك", "ي") or _YOUR_BEFORE.search(text, max(0, start - 40), start):
        return False
    if _ACTION_AFTER.match(text, end) or "_" in (text[start - 1 : start], text[end : end + 1]):
        return True  # a button's call to action (``Transfer now``), a payload (``TRANSFER_INTL``)
    before = _KIND_BEFORE.search(text, max(0, start - 20), start)
    after = _KIND_AFTER.match(text, end)
    if before is None and after is None:
        return False
    return _COUNTERPARTY.match(text, after.end() if after else end) is None


def named_service(amount: Amount, scan: Scan) -> bool:
    """Every transaction word in the amount's reach names a kind of service (a fee carousel's
    title ``International transfer`` over its subtitle ``SAR 35``): the amount is its price,
    unless a balance word or a transaction said done is in reach."""
    reach = REACH_CURRENCY if amount.currency else REACH_PLAIN
    low, high = amount.start - reach, amount.end + AFTER
    if any(
        True
        for words in (BALANCE, TRANSACTION_DONE)
        for _ in scan.index.starting_in(words, low, high)
    ):
        return False
    text = scan.text
    if _DONE.search(text, max(0, low), high):
        return False
    return all(
        _service_name(text, start, end)
        for start, end in scan.index.starting_in(TRANSACTION, low, high)
    )


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def nearest_context(
    token: Token, scan: Scan, words: WordSet, rival: WordSet, *, rival_wins_ties: bool
) -> Amount | None:
    """The token's amount when ``words`` are nearer to it than the ``rival`` words, and it is not public.

    Balance and transaction words often stand in one message ("balance after the debit
    of ..."): the nearer kind names the amount, so one amount is never reported twice.
    """
    amount = read(token, scan)
    if amount is None:
        return None
    reach = REACH_CURRENCY if amount.currency else REACH_PLAIN
    distance = scan.near(words, amount.start, amount.end, before=reach, after=AFTER)
    if distance is None:
        return None
    other = scan.near(rival, amount.start, amount.end, before=reach, after=AFTER)
    if other is not None and (other < distance or (rival_wins_ties and other == distance)):
        return None
    if public(amount, scan, distance):
        return None
    return amount
