"""Balances and transactions in a machine's fields: the key says what the number is.

``{"balance": 8432.1}`` in a postback payload, metadata or an analytics event passed the guard:
a JSON number has no currency and drops its trailing zero, so no amount reader took it. A
field whose key names a balance (``balance``, ``availableBalance``, ``amount_due``, ``solde``)
holding a number is a balance; an amount field (``amount``, ``debit_amount``) beside a
merchant, counterparty, memo or date field of the same object is a transaction
(``detectors.keyed``). Switches, counts, a bank's figures and a receipt's prices are not.

Each is checked with the quick check on and off (the ``guards`` fixture): the quick check
sends such a key followed by a number to the full scan (``quick.patterns.keyed_amount_patterns``).
"""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.boundary.detectors import keyed
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"


def _postback(payload: object) -> dict:
    button = {"type": "postback", "title": "Details", "payload": json.dumps(payload)}
    template = {"template_type": "button", "text": "Menu", "buttons": [button]}
    return {"attachment": {"type": "template", "payload": template}}


def _send(message: dict) -> tuple[str, str, bytes]:
    body = {"recipient": {"id": "24012345678901234"}, "message": message}
    return GRAPH, "application/json", json.dumps(body, ensure_ascii=False).encode()


def _found(guard: Guard, request: tuple[str, str, bytes]) -> list[tuple[str, str]]:
    url, media, body = request
    guard.reset()
    record = EgressRecord.make("POST", url, {"content-type": media}, body)
    return sorted({(f.category, f.path) for f in guard.scan(record)})


PAYLOAD = "$.message.attachment.payload.buttons[0].payload:$"

LEAKS = {
    "a balance as a JSON number": (
        _send(_postback({"action": "SHOW", "balance": 8432.10})),
        [("balance", f"{PAYLOAD}.balance")],
    ),
    "a balance key in camel case": (
        _send(_postback({"availableBalance": 8432})),
        [("balance", f"{PAYLOAD}.availableBalance")],
    ),
    "an amount due in metadata": (
        _send({"text": "Done", "metadata": json.dumps({"amount_due": 4118.9})}),
        [("balance", "$.message.metadata:$.amount_due")],
    ),
    "a balance in Arabic-Indic digits": (
        _send({"text": "تم", "metadata": json.dumps({"balance": "٨٤٣٢٫١"}, ensure_ascii=False)}),
        [("balance", "$.message.metadata:$.balance")],
    ),
    "an analytics event to a third party": (
        (
            "https://api.analytics.example/v1/track",
            "application/json",
            json.dumps({"event": "viewed", "properties": {"solde": 12345.5}}).encode(),
        ),
        [("balance", "$.properties.solde"), ("destination", "url.host")],
    ),
    "a minimum due in a quick reply's payload": (
        _send(
            {
                "text": "How much?",
                "quick_replies": [
                    {
                        "content_type": "text",
                        "title": "Pay minimum",
                        "payload": json.dumps({"action": "PAY", "min_due": "170.64"}),
                    }
                ],
            }
        ),
        [
            ("balance", "$.message.quick_replies[0].payload"),  # its text: "min_due": "170.64"
            ("balance", "$.message.quick_replies[0].payload:$.min_due"),
        ],
    ),
    "a salary in metadata": (
        _send({"text": "Done", "metadata": json.dumps({"salary": 14500})}),
        [("balance", "$.message.metadata:$.salary")],
    ),
    "what may still be spent, in camel case": (
        _send({"text": "Done", "metadata": json.dumps({"availableCredit": 15790.5})}),
        [("balance", "$.message.metadata:$.availableCredit")],
    ),
    "an amount beside its merchant and date": (
        _send(_postback({"amount": 320.0, "merchant": "Panda", "date": "2026-03-05"})),
        [("transaction", f"{PAYLOAD}.amount")],
    ),
    "a list of debits with memos": (
        _send(
            _postback(
                {"items": [{"debit": 39.9, "memo": "Netflix"}, {"debit": 12, "memo": "Uber"}]}
            )
        ),
        [
            ("transaction", f"{PAYLOAD}.items[0].debit"),
            ("transaction", f"{PAYLOAD}.items[1].debit"),
        ],
    ),
}

BENIGN = {
    "a switch": _send(_postback({"show_balance": 1, "action": "MENU"})),
    "a bank's minimum": _send(_postback({"min_balance": 3000})),
    "a salary the bank requires": _send(_postback({"min_salary": 4000, "salary_required": 4000})),
    "a daily limit": _send(_postback({"daily_limit": 20000})),
    "a balance's currency and date": _send(
        _postback({"balance_currency": "SAR", "balance_updated_at": 20260305})
    ),
    "an amount alone": _send(_postback({"action": "TRANSFER", "amount": 250.5})),
    "a fee beside a date": _send(_postback({"fee_amount": 5.0, "date": "2026-03-05"})),
    "a price beside a date": _send(_postback({"price": 99.0, "date": "2026-03-05"})),
    "a receipt's prices and adjustments": _send(
        {
            "attachment": {
                "type": "template",
                "payload": {
                    "template_type": "receipt",
                    "recipient_name": "Own accounts transfer",
                    "order_number": "TRF-100001",
                    "currency": "SAR",
                    "payment_method": "From savings",
                    "elements": [{"title": "To current", "price": 250.5}],
                    "adjustments": [{"name": "Promo", "amount": 20}],
                    "summary": {"total_cost": 230.5},
                },
            }
        }
    ),
}


@pytest.mark.parametrize("name", sorted(LEAKS))
def test_a_number_keyed_as_a_balance_or_transaction_is_found(
    guards: list[Guard], name: str
) -> None:
    request, expected = LEAKS[name]
    for guard in guards:
        assert _found(guard, request) == expected


@pytest.mark.parametrize("name", sorted(BENIGN))
def test_switches_figures_and_receipts_stay_clean(guards: list[Guard], name: str) -> None:
    for guard in guards:
        assert _found(guard, BENIGN[name]) == []


@pytest.mark.parametrize(
    ("key", "names"),
    [
        ("balance", True),
        ("available_balance", True),
        ("availableBalance", True),
        ("ledger-balance", True),
        ("amount_due", True),
        ("رصيد", True),
        ("show_balance", False),
        ("min_balance", False),
        ("balance_currency", False),
        ("global", False),
        ("min_due", True),
        ("minimumDue", True),
        ("available_limit", True),
        ("salary", True),
        ("monthly_income", True),
        ("min_salary", False),
        ("salary_required", False),
        ("income_id", False),
        ("credit_limit", False),
    ],
)
def test_keys_naming_a_balance(key: str, names: bool) -> None:
    assert keyed.names_balance(key) is names


def test_values_that_can_be_amounts() -> None:
    assert keyed.is_amount("8432.1") and keyed.is_amount("84") and keyed.is_amount("8,432.10")
    assert keyed.is_amount("0.5") and keyed.is_amount("-12")
    assert not keyed.is_amount("1") and not keyed.is_amount("SAR") and not keyed.is_amount("")


# -- headers: a header's name is its value's key -----------------------------------------------

ANALYTICS = "https://analytics.example.com/v1/events"


def _headers_found(guard: Guard, headers: dict[str, str]) -> list[tuple[str, str]]:
    guard.reset()
    body = json.dumps({"event": "menu_opened"})
    record = EgressRecord.make(
        "POST", ANALYTICS, {"content-type": "application/json", **headers}, body
    )
    return sorted({(f.category, f.path) for f in guard.scan(record) if f.category != "destination"})


HEADER_LEAKS = {
    "x-customer-balance": "3412.75",
    "X-Available-Balance": "3,412.75",
    "x-account-balance": "SAR 3,412.75",
    "x-ledger-balance": "3412.75 SAR",
    "x-amount-due": "٣٤١٢٫٧٥",
    "x-salary": "18,500",
}


@pytest.mark.parametrize("name", sorted(HEADER_LEAKS))
def test_a_header_named_like_a_balance_key_holding_an_amount_is_found(
    guards: list[Guard], name: str
) -> None:
    for guard in guards:
        assert _headers_found(guard, {name: HEADER_LEAKS[name]}) == [
            ("balance", f"header.{name.lower()}")
        ]


HEADER_BENIGN = {
    "x-request-id": "3412",
    "content-length": "3412",
    "x-ratelimit-remaining": "3412",
    "x-ratelimit-limit": "3412.75",
    "x-balance-currency": "SAR",
    "x-balance-updated-at": "1712345678",
    "x-show-balance": "1",
    "x-min-balance": "3000",
    "x-customer-balance": "hidden",
    "x-account-balance": "see 3412 notes",
    "x-customer-note": "3412.75",
}


@pytest.mark.parametrize("name", sorted(HEADER_BENIGN))
def test_headers_that_hold_no_balance_stay_clean(guards: list[Guard], name: str) -> None:
    for guard in guards:
        assert _headers_found(guard, {name: HEADER_BENIGN[name]}) == []


def test_a_balance_header_is_reported_once_when_its_text_says_balance(guards: list[Guard]) -> None:
    for guard in guards:
        found = [
            f
            for f in (
                guard.scan(
                    EgressRecord.make(
                        "GET", ANALYTICS, {"x-account-balance": "Balance: SAR 3,412.75"}
                    )
                )
            )
            if f.category == "balance"
        ]
        assert len(found) == 1 and found[0].path == "header.x-account-balance"


def test_a_balance_header_sends_the_request_past_the_quick_check(engine: bool) -> None:
    guard = Guard(use_hyperscan=engine)
    plain = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, b"{}")
    keyed_header = EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json", "x-customer-balance": "1"}, b"{}"
    )
    assert guard._quick.clean(plain, "graph.facebook.com")[0]
    assert not guard._quick.clean(keyed_header, "graph.facebook.com")[0]
