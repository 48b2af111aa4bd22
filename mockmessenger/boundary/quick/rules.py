"""What the context-word detectors need, as data the quick check can scan for.

Each rule is one detector that only reports a number near words naming it: its words, its
window (read from the detector's module, so the two never disagree), the numbers it reads and
the rival words that make it stand down.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..detectors import (
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
    SWIFT,
    TRANSACTION,
    WordSet,
)


@dataclass(frozen=True)
class ContextRule:
    """A detector that needs a context word: its words, its window and the numbers it reads.

    ``shape``: ``digits`` (``low`` to ``high`` digits), ``code`` (as many digits, nothing
    else), ``account`` (digits, not a phone number or an amount), ``expiry``, ``amount``,
    ``bic`` or ``card12`` (a 12-digit card number). ``rival``: the words that, when nearer,
    make the detector stand down: ``benign`` (order, phone, ref: ``Scan.context``) or
    ``public`` (fee, rate: ``amounts.public``).
    """

    words: WordSet
    before: int
    after: int
    shape: str
    low: int = 0
    high: int = 60
    rival: str | None = None


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
    ),
    ContextRule(NATIONAL_ID, national_id.BEFORE, national_id.AFTER, "digits", 7, 12, "benign"),
    ContextRule(EXPIRY, card_expiry.BEFORE, 0, "expiry", 3, 6, rival="benign"),
    ContextRule(CVV, card_cvv.BEFORE, 0, "code", 3, 4, "benign"),
    ContextRule(CREDENTIAL, credential.BEFORE, 0, "code", 4, 8, "benign"),
    ContextRule(BALANCE, amounts.REACH_CURRENCY, amounts.AFTER, "amount", rival="public"),
    ContextRule(TRANSACTION, amounts.REACH_CURRENCY, amounts.AFTER, "amount", rival="public"),
    ContextRule(SWIFT, swift_bic.BEFORE, 0, "bic", rival="benign"),
    # a 12-digit card number is only one with a card word near it (a session id otherwise)
    ContextRule(CARD_WORDS, card_number.CARD12_BEFORE, card_number.CARD12_AFTER, "card12", 12, 12),
)

#: The distinct word sets of :data:`RULES` (two rules may read one set), and their rules.
WORD_GROUPS: tuple[WordSet, ...] = tuple({rule.words.index: rule.words for rule in RULES}.values())
GROUP_RULES: tuple[tuple[int, ...], ...] = tuple(
    tuple(i for i, rule in enumerate(RULES) if rule.words is words) for words in WORD_GROUPS
)
#: Word sets that make a detector stand down, by the rival name rules use.
RIVALS: dict[str, WordSet] = {"benign": NOT_SENSITIVE, "public": PUBLIC_AMOUNT}
