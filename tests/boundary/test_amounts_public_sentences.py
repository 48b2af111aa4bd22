"""Amounts the bank states as its terms, and the customer's money said next to such words.

A fee or rate word makes an amount the bank's figure only in the amount's own sentence
(``Fees are low. You paid SAR 12,345.67`` is a payment; a semicolon ends no sentence: fee
schedules list their cases with it); a worked example (``For example, if
you transfer SAR 1,000 the fee is SAR 15``) makes figures up. With both quick-check engines and
with the quick check off: the quick check judges fee words on raw bytes and must never call
clean what the full scan reports.
"""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"


def record(text: str, **message: object) -> EgressRecord:
    body = {"recipient": {"id": "24012345678901234"}, "message": {"text": text, **message}}
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, json.dumps(body, ensure_ascii=False)
    )


def guards() -> list[Guard]:
    full = Guard()
    full._quick.clean = lambda *args, **kwargs: (False, None)  # the full scan alone
    return [Guard(use_hyperscan=True), Guard(use_hyperscan=False), full]


def categories(guard: Guard, item: EgressRecord) -> list[str]:
    return sorted({f.category for f in guard.scan(item)})


LEAKS = {
    "Fees are low. Your transfer of SAR 12,345.67 to Ahmed": "transaction",
    "Our fees are low! You paid SAR 12,345.67": "transaction",
    "Our fees are low? You paid SAR 12,345.67": "transaction",
    "هل رسومنا منخفضة؟ دفعت 12,345.67 ريال": "transaction",
    "رسومنا منخفضة. دفعت 12,345.67 ريال": "transaction",
    "Nos frais sont bas. Vous avez payé 12 345,67 €": "transaction",
    "For example, your balance is SAR 12,345.67": "balance",
    "e.g. you sent SAR 12,345.67 to Ahmed yesterday": "transaction",
    "Your transfer of SAR 12,345.67 to Ahmed was sent. For example, fees apply.": "transaction",
    "مثال: رصيدك الحالي 12,345.67 ريال": "balance",
}

TERMS = [
    "For example, if you transfer SAR 1,000 the fee is SAR 15.",
    "Example: transfer SAR 1,000, fee SAR 15",
    "مثال: عند تحويل 1,000 ريال تكون الرسوم 15 ريال",
    "Exemple : pour un virement de 1 000 €, les frais sont de 15 €.",
    "Transfer fee\nSAR 15.00",
    "Transfer fee: SAR 15.00 per transfer",
    "Fee for a transfer of 12.50",
    "Transfer fees: SAR 0 for SAR 1–5,000; SAR 5 for larger amounts",
    "رسوم التحويل: 0 ريال حتى 5,000 ريال؛ 5 ريال للمبالغ الأكبر",
]


@pytest.mark.parametrize("text", sorted(LEAKS))
def test_the_customers_money_after_a_sentence_about_fees_is_found(text: str) -> None:
    for guard in guards():
        assert LEAKS[text] in categories(guard, record(text)), guard.engine


def test_a_sentence_break_between_fields_counts_too() -> None:
    item = record(
        "Fees are low.",
        quick_replies=[{"content_type": "text", "title": "You paid SAR 12,345.67", "payload": "X"}],
    )
    for guard in guards():
        assert "transaction" in categories(guard, item)


@pytest.mark.parametrize("text", TERMS)
def test_the_banks_terms_and_worked_examples_are_no_leak(text: str) -> None:
    for guard in guards():
        assert categories(guard, record(text)) == [], guard.engine
