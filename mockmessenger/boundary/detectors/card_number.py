"""Payment card numbers: 12-19 digits, Luhn-valid, in a known issuer range, any separator.

No context is needed: Luhn plus a real issuer prefix is strong. Numbers starting
with 0, 1, 7, 8 or 9 (airlines, telecoms, timestamps, phone numbers) are not card
ranges, except the mada prefixes that do start with 9.
"""

from __future__ import annotations

import re
from itertools import pairwise

from stdnum import luhn

from .base import Hit, Scan, Token, groups
from .context import CARD_WORDS

MIN_DIGITS = 12
MAX_DIGITS = 19
_NINE_PREFIXES = ("9682",)  # mada (Saudi) BINs
#: Card words this near a number fragment (before, after) let it join fragments of other
#: messages into a split card number.
SPLIT_BEFORE, SPLIT_AFTER = 60, 10
#: A number right after one of these is no fragment of a card: a phone number, an amount,
#: an identifier (TRANSFERS_485685), a URL parameter.
NOT_A_FRAGMENT_AFTER = "+$€£#_=/"
#: A word labelling a number this near before it says what the number is: a reference or a phone
#: number (``NOT_SENSITIVE``, ``NUMBER_LABELS``) is no piece of a card; a number presented as the
#: last digits (``LAST_DIGITS``: "ending 4070") can only end a card joined from pieces.
LABEL_BEFORE = 25
#: Card words this near a 12-digit number make it a card (a session id otherwise), when no label
#: (``NOT_SENSITIVE``: tracking, reference, order...) is nearer.
CARD12_BEFORE, CARD12_AFTER = 40, 10


def issuer(digits: str) -> str | None:
    """The card scheme an IIN belongs to, or None when no scheme issues such a prefix."""
    first = digits[0]
    two = int(digits[:2])
    four = int(digits[:4])
    six = int(digits[:6])
    if first == "4":
        return "visa"
    if 51 <= two <= 55 or 2221 <= four <= 2720:
        return "mastercard"
    if two in (34, 37):
        return "amex"
    if first == "6":
        if (
            digits.startswith(("6011", "65"))
            or 644 <= int(digits[:3]) <= 649
            or 622126 <= six <= 622925
        ):
            return "discover"
        if two == 62:
            return "unionpay"
        return "maestro"
    if two in (50, 56, 57, 58):
        return "maestro"
    if 3528 <= four <= 3589:
        return "jcb"
    if two in (30, 36, 38, 39):
        return "diners"
    if first == "2" and digits.startswith(("2200", "2201", "2202", "2203", "2204")):
        return "mir"
    if digits.startswith(_NINE_PREFIXES):
        return "mada"
    return None


#: The lengths each scheme issues: a 12-digit "Visa" is a session id, not a card.
LENGTHS: dict[str, range | tuple[int, ...]] = {
    "visa": (13, 16, 19),
    "mastercard": (16,),
    "amex": (15,),
    "discover": range(16, 20),
    "unionpay": range(16, 20),
    "maestro": range(12, 20),
    "jcb": range(16, 20),
    "diners": range(14, 20),
    "mir": range(16, 20),
    "mada": (16,),
}


#: Where a card number's printed groups end, by its length: 4-4-4-4, 4-4-4-4-3 for 19 digits,
#: 4-6-5 (Amex), 4-6-4 (Diners), 4-3-3-3 (a 13-digit Visa), 4-4-4 (a 12-digit Maestro).
GROUP_ENDS: dict[int, frozenset[int]] = {
    12: frozenset({4, 8}),
    13: frozenset({4, 7, 10}),
    14: frozenset({4, 10}),
    15: frozenset({4, 10}),
    16: frozenset({4, 8, 12}),
    17: frozenset({4, 8, 12, 16}),
    18: frozenset({4, 8, 12, 16}),
    19: frozenset({4, 8, 12, 16}),
}
#: The issuer's number (what a first6_last4 mask shows) ends here.
IIN_END = 6
#: The card lengths (nearly every card's: 16, and Amex's 15) whose pieces may be cut after the
#: issuer's number. Six-digit codes one a message (order numbers, OTPs) join into 12 and 18
#: digits, and three of them are a Luhn-valid card about 2% of the time.
IIN_CUT_LENGTHS = frozenset({15, 16})


def follows_display_groups(pieces: list[int]) -> bool:
    """Whether pieces of these lengths, in order, cut a card number where its own parts end.

    A card split over fields or messages is cut where its printed groups end
    (:data:`GROUP_ENDS`) or, in a 15- or 16-digit card, after the issuer's six digits (a
    first6 mask's cut: :data:`IIN_CUT_LENGTHS`): a run of amounts (500, 1000, 2000, or 4000,
    5000, 10000 read as a 4-4-5 Visa) or of 6-digit codes (6-6-6) cuts it anywhere else.
    """
    total = sum(pieces)
    ends = GROUP_ENDS.get(total, frozenset())
    if total in IIN_CUT_LENGTHS:
        ends = ends | {IIN_END}
    position = 0
    for length in pieces[:-1]:
        position += length
        if position not in ends:
            return False
    return True


def is_card_number(digits: str) -> bool:
    if not (MIN_DIGITS <= len(digits) <= MAX_DIGITS and digits.isdigit()):
        return False
    scheme = issuer(digits)
    return scheme is not None and len(digits) in LENGTHS[scheme] and luhn.is_valid(digits)


#: A plural label and a colon right before a number (``Branch codes:``, ``Codes agences :``,
#: ``رموز الفروع:``): what follows is a list of several values.
_PLURAL_LABEL = re.compile(
    r"(?:\b[A-Za-zÀ-ÿ]{2,}[sx]|(?:رموز|أكواد|اكواد|أرقام|ارقام)(?:\s+\S+)?)\s?:\s*$"
)
#: What a list separates its items with, and a card's printed groups never are: ``,`` or ``/``.
_LIST_SEPARATOR = re.compile(r"\s?[,/]\s?")
#: Card words this near make a listed number a card still (``Card numbers: 4111, 1111, …``).
LIST_CARD_BEFORE, LIST_CARD_AFTER = 60, 25


def listed(token: Token, scan: Scan) -> bool:
    """Groups each separated by a comma or a slash after a plural label and a colon (``Branch
    codes: 4512, 4105, 0123, 0456``) are a list of codes, not one card's groups, unless a card
    word is near."""
    spans = groups(token)
    if len(spans) < 2:
        return False
    text = scan.text
    if not all(
        _LIST_SEPARATOR.fullmatch(text, end, start) for (_, end), (start, _) in pairwise(spans)
    ):
        return False
    if _PLURAL_LABEL.search(text, max(0, token.start - 40), token.start) is None:
        return False
    return not scan.any_within(
        (CARD_WORDS,), token.start, token.end, LIST_CARD_BEFORE, LIST_CARD_AFTER
    )


def detect(token: Token, scan: Scan) -> Hit | None:
    """The whole token, or a run of its digit groups, that is a card number."""
    digits = token.digits
    if listed(token, scan):
        return None
    if is_card_number(digits) and (
        len(digits) > MIN_DIGITS
        or scan.context(CARD_WORDS, token.start, token.end, CARD12_BEFORE, CARD12_AFTER)
    ):
        # 12 digits are a rare Maestro card and a common session id or tracking number: only
        # with a card word near, and nearer than a label saying what else it is (``Tracking``)
        return Hit(
            "card_number", "card_number", token.start, token.end, digits, f"luhn+{issuer(digits)}"
        )
    if len(digits) <= MAX_DIGITS + 2 and len(digits) >= MIN_DIGITS and len(groups(token)) == 1:
        return None
    spans = [s for s in groups(token)]
    if len(spans) < 2 or any(end - start < 3 for start, end in spans):
        return None  # sub-runs only of real digit groups: single spaced digits make too many combinations
    text = scan.text
    for i in range(len(spans)):
        run = ""
        for j in range(i, len(spans)):
            run += text[spans[j][0] : spans[j][1]]
            if len(run) > MAX_DIGITS:
                break
            if (i, j) != (0, len(spans) - 1) and is_card_number(run):
                return Hit(
                    "card_number",
                    "card_number",
                    spans[i][0],
                    spans[j][1],
                    run,
                    f"luhn+{issuer(run)}",
                )
    return None
