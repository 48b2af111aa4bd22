"""What the context-word detectors need, as data the quick check can scan for.

Each rule is one detector that only reports a number near words naming it: its words, its
window (read from the detector's module, so the two never disagree), the numbers it reads and
the rival words that make it stand down.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..detectors import (
    STRONG_DETECTORS,
    account_number,
    amounts,
    card_cvv,
    card_expiry,
    card_number,
    credential,
    national_id,
    routing_number,
    swift_bic,
)
from ..detectors.context import (
    ACCOUNT,
    BALANCE,
    CARD_WORDS,
    CREDENTIAL,
    CVV,
    EXPIRY,
    NATIONAL_ID,
    NOT_SENSITIVE,
    PUBLIC_AMOUNT,
    ROUTING,
    SIGN_IN,
    SWIFT,
    TRANSACTION,
    WordSet,
)


@dataclass(frozen=True)
class ContextRule:
    """A detector that needs a context word: its words, its window and the numbers it reads.

    ``shape``: ``digits`` (``low`` to ``high`` digits), ``code`` (as many digits, nothing
    else), ``account`` (digits, not a phone number or an amount), ``expiry``, ``amount``,
    ``bic``, ``bic_lower`` (one in lower or mixed case: ``swift_bic.detect_said``),
    ``card12`` (a 12-digit card number), ``wide`` (digit groups split by line
    breaks, tabs or ``: ; | + ~``: ``scanner.WIDE``) or ``spaced`` (a code in groups: ``482 913``,
    or digit by digit: ``1 2 3``). ``rival``: the words that, when nearer,
    make the detector stand down: ``benign`` (order, phone, ref: ``Scan.context``) or
    ``public`` (fee, rate: ``amounts.public``). ``glued``: the detector also reads numbers
    glued to letters (``SSN536221234``: ``detectors.STRONG_DETECTORS``; the others only read
    such a number without its first group, ``CVC2 284``, or a number glued to a code word alone:
    ``detectors.CODE_WORDS``). ``not_after``: characters right
    before a number that make the detector stand down (``+`` of a phone number).
    """

    words: WordSet
    before: int
    after: int
    shape: str
    low: int = 0
    high: int = 60
    rival: str | None = None
    glued: bool = False
    not_after: str = ""


def _reads_glued(detect: object) -> bool:
    """Does the guard ask this detector about numbers glued to letters?"""
    return any(strong is detect for strong, _, _ in STRONG_DETECTORS)


#: Every context-word detector, with the windows the detector modules define.
RULES: tuple[ContextRule, ...] = (
    ContextRule(ROUTING, routing_number.BEFORE, routing_number.AFTER, "digits", 5, 9, "benign"),
    ContextRule(
        ACCOUNT,
        account_number.BEFORE,
        account_number.AFTER,
        "account",
        account_number.MIN_DIGITS,
        account_number.MAX_DIGITS,
        "benign",
        not_after=account_number.NOT_AFTER,
    ),
    ContextRule(
        NATIONAL_ID,
        national_id.BEFORE,
        national_id.AFTER,
        "digits",
        *national_id.CONTEXT_DIGITS,
        "benign",
        glued=_reads_glued(national_id.detect),
    ),
    # a national id split by line breaks right after its word (national_id.detect_wide)
    ContextRule(NATIONAL_ID, national_id.WIDE_BEFORE, 0, "wide", 7, 15, "benign"),
    ContextRule(EXPIRY, card_expiry.BEFORE, 0, "expiry", 3, 6, rival="benign"),
    ContextRule(CVV, card_cvv.BEFORE, 0, "code", 3, 4, "benign"),
    ContextRule(CVV, card_cvv.BEFORE, 0, "spaced", 3, 4, "benign"),
    ContextRule(
        CREDENTIAL, credential.BEFORE, 0, "code", 4, 8, "benign", not_after=credential.NOT_AFTER
    ),
    # a code named after it (credential._named_after) or told to be used to sign in
    # (credential._used_to_sign_in): no benign word makes these stand down
    ContextRule(CREDENTIAL, 0, credential.AFTER, "code", 4, 8, not_after=credential.NOT_AFTER),
    ContextRule(SIGN_IN, 0, credential.SIGN_IN_AFTER, "code", 4, 8, not_after=credential.NOT_AFTER),
    ContextRule(
        CREDENTIAL, credential.BEFORE, 0, "spaced", 4, 8, "benign", not_after=credential.NOT_AFTER
    ),
    ContextRule(BALANCE, amounts.REACH_CURRENCY, amounts.AFTER, "amount", rival="public"),
    ContextRule(TRANSACTION, amounts.REACH_CURRENCY, amounts.AFTER, "amount", rival="public"),
    # a card payment said without a transaction word (transaction.detect_card_payment)
    ContextRule(CARD_WORDS, amounts.REACH_CURRENCY, amounts.AFTER, "amount", rival="public"),
    ContextRule(SWIFT, swift_bic.FAR, 0, "bic", rival="benign"),
    ContextRule(SWIFT, swift_bic.FAR, 0, "bic_lower", rival="benign"),
    # a 12-digit card number is only one with a card word near it (a session id otherwise),
    # nearer than a label (a tracking number)
    ContextRule(
        CARD_WORDS,
        card_number.CARD12_BEFORE,
        card_number.CARD12_AFTER,
        "card12",
        12,
        12,
        "benign",
        glued=_reads_glued(card_number.detect),
    ),
)

#: The distinct word sets of :data:`RULES` (two rules may read one set), and their rules.
WORD_GROUPS: tuple[WordSet, ...] = tuple({rule.words.index: rule.words for rule in RULES}.values())
GROUP_RULES: tuple[tuple[int, ...], ...] = tuple(
    tuple(i for i, rule in enumerate(RULES) if rule.words is words) for words in WORD_GROUPS
)
#: Word sets that make a detector stand down, by the rival name rules use.
RIVALS: dict[str, WordSet] = {"benign": NOT_SENSITIVE, "public": PUBLIC_AMOUNT}
