"""A label ending one message of a thread and the amount opening the next.

Bots split a balance over two messages: "Here is your available balance 👇", then "3,412.75
SAR". Neither says anything alone; together they are the customer's balance. The guard keeps
the label a thread's message ends with (:func:`label_of`) and reads the next message's opening
amount under it (:func:`amount_after`) with the balance and transaction detectors, so that the
same words and the same public figures (``Our fees:`` / ``SAR 25.00 per transfer``) decide.
The thread's bookkeeping stays in :class:`~mockmessenger.boundary.guard.Guard`.
"""

from __future__ import annotations

import re

from .detectors import Hit, Scan, amounts, balance, transaction
from .detectors.context import BALANCE, LABEL_BREAK, TRANSACTION
from .normalize import normalize
from .scanner import Tokenizer

#: A message's text ending with a heading's sign (``Votre solde :``, ``Your balance 👇``,
#: ``⬇️``); the quick check's ``confirm.any_label_end`` reads it in raw JSON, or more.
_LABEL_END = re.compile(
    f"[{transaction.HEADING_MARKS}][{transaction.HEADING_MARKS}{transaction.HEADING_TAIL}]*$"
)
#: An account's last digits after a mask (``••4821``, ``xx4821``): no amount in a label.
_SHOWN_DIGITS = re.compile(r"(?:[*•●#·]+|[xX]{2,}) ?\d{2,4}\b")


def label_of(text: str) -> str | None:
    """The label a message's text ends with, normalised: its last clause or line
    (``context.LABEL_BREAK``) ends with a heading's sign, names the customer's balance or a
    transaction (a ``BALANCE`` or ``TRANSACTION`` word: ``Here is your available balance
    👇``, ``رصيدك الحالي:``, ``Your last purchase:``) and holds no amount (no digit but an
    account's last digits after a mask); else None."""
    end = _LABEL_END.search(text)
    if end is None:
        return None
    start = 0
    for stop in LABEL_BREAK.finditer(text, 0, end.start()):
        start = stop.end()
    clause = normalize(text[start : end.start() + 1]).text.strip()
    if any(c.isdigit() for c in _SHOWN_DIGITS.sub("", clause)):
        return None
    scan = Scan(clause)
    if not scan.any_within((BALANCE, TRANSACTION), 0, len(clause), 0, 0):
        return None
    return clause


def amount_after(label: str, text: str) -> tuple[Hit, tuple[int, int]] | None:
    """The balance or transaction finding an amount with its currency or cents opening ``text``
    is when ``label`` stands on the line right above it, and its span in ``text``; None when
    the message opens with anything else, or the detectors read no such finding (the label's
    words and the amount's own decide: ``amounts.public`` still reads the bank's terms)."""
    normalized = normalize(text)
    body = normalized.text
    offset = len(label) + 1
    joined = f"{label}\n{body}"
    first = offset + len(body) - len(body.lstrip())
    token = Tokenizer(joined).next(first, plain=True)
    if token is None or token.kind != "num":
        return None
    scan = Scan(joined)
    amount = amounts.read(token, scan)
    if amount is None or not amount.surely_money:
        return None
    opens = (amounts.currency_span(joined, amount.start, amount.end) or (amount.start,))[0]
    if joined[first:opens].replace(" ", "") not in ("", "+", "-", "\u2212"):
        return None  # words before the amount: it does not open the message
    hit = balance.detect(token, scan) or transaction.detect(token, scan)
    if hit is None or hit.start < offset:
        return None
    return hit, normalized.to_original(hit.start - offset, hit.end - offset)
