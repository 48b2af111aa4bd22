"""Each category's detector: what it confirms, what it needs (checksum, context) and what it refuses."""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v25.0/me/messages"


@pytest.fixture(scope="module")
def guard() -> Guard:
    return Guard(Policy.default(), use_hyperscan=False)


def categories(guard: Guard, text: str) -> set[str]:
    body = json.dumps(
        {"recipient": {"id": "24012345678901234"}, "message": {"text": text}}, ensure_ascii=False
    )
    record = EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)
    return {f.category for f in guard.scan(record)}


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111111",
        "5500 0000 0000 0004",
        "2221 0000 0000 0009",  # Mastercard 2-series
        "2720-9999-9999-9996",
        "3782 822463 10005",  # Amex 4-6-5
        "4000.0000.0000.0002",
        "4000/0000/0000/0002",
        "4000_0000_0000_0002",
        "4111111111111111110",  # 19-digit Visa
        "6250941006528599",  # UnionPay
        "9682 0800 0000 0008",  # mada starting with 9
        "بطاقتك ٥٥٠٠ ٠٠٠٠ ٠٠٠٠ ٠٠٠٤",
    ],
)
def test_card_numbers(guard: Guard, text: str) -> None:
    assert "card_number" in categories(guard, text)


@pytest.mark.parametrize(
    "text",
    [
        "4111111111111112",  # Luhn fails
        "1700000000007",  # Luhn-valid millisecond timestamp: no card range starts with 1
        "call 0501234567 now",
        "Order 1234567812345670 shipped",  # Luhn valid but 1... is no issuer range
        "Card ending 1111",
    ],
)
def test_not_card_numbers(guard: Guard, text: str) -> None:
    assert "card_number" not in categories(guard, text)


@pytest.mark.parametrize(
    "iban",
    [
        "OM810180000001299123456",  # Oman
        "YE15CBYE0001018861234567891234",  # Yemen
        "SD8811123456789012",  # Sudan
        "SO211000001001000100141",  # Somalia
        "DJ2110002010010409943020008",  # Djibouti
        "SA0380000000608010167519",
        "GB82WEST12345698765432",
        "AE070331234567890123456",
    ],
)
def test_ibans_of_every_country_stdnum_knows(guard: Guard, iban: str) -> None:
    from stdnum import iban as stdnum_iban

    assert stdnum_iban.is_valid(iban)
    assert "iban" in categories(guard, f"IBAN {iban}")
    spaced = " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))
    assert "iban" in categories(guard, f"transfer to {spaced.lower()} today")


def test_iban_with_bad_checksum_is_not_an_iban(guard: Guard) -> None:
    assert "iban" not in categories(guard, "IBAN SA0480000000608010167519")


def test_swift_bic_needs_context_and_refuses_words(guard: Guard) -> None:
    assert "swift_bic" in categories(guard, "SWIFT: RJHISARI")
    assert "swift_bic" in categories(guard, "رمز السويفت NCBKSAJE")
    assert "swift_bic" not in categories(guard, "Send to RJHISARI")
    assert "swift_bic" not in categories(guard, "swift: CUSTOMER BALANCES")


def test_routing_numbers_need_context(guard: Guard) -> None:
    assert "routing_number" in categories(guard, "Routing number 021000021")
    assert "routing_number" in categories(guard, "رقم التوجيه 021000021")
    assert "routing_number" in categories(guard, "Sort code 20-00-00")
    assert "routing_number" not in categories(guard, "Reference 021000021")


def test_account_numbers_need_context(guard: Guard) -> None:
    assert "account_number" in categories(guard, "Your account number is 1234567890")
    assert "account_number" in categories(guard, "رقم حسابك ١٢٣٤٥٦٧٨٩٠")
    assert "account_number" in categories(guard, "Numéro de compte : 12345678901")
    assert "account_number" not in categories(guard, "Your order 1234567890 shipped")
    assert "account_number" not in categories(guard, "Account ending 7890")


@pytest.mark.parametrize(
    "text",
    [
        "SSN 123-45-6789",
        "ITIN 912-70-1234",
        "National ID: 1010101010",  # Saudi, Luhn, with context
        "784-1990-1234567-6",  # Emirates ID
        "الرقم القومي 29001011234564",  # Egyptian national id (check digit)
        "NI number AB 12 34 56 C",
        "NIR 185057800608491",
        "Steuer-ID 86095742719",
    ],
)
def test_national_ids(guard: Guard, text: str) -> None:
    assert "national_id" in categories(guard, text)


def test_weak_national_ids_need_context(guard: Guard) -> None:
    assert "national_id" not in categories(guard, "Ref 1010101010")
    assert "national_id" not in categories(guard, "123456789")


def test_cvv_and_expiry_need_context(guard: Guard) -> None:
    assert "card_cvv" in categories(guard, "CVV: 123")
    assert "card_cvv" in categories(guard, "رمز الأمان ٤٥٦")
    assert "card_cvv" not in categories(guard, "Room 123")
    assert "card_expiry" in categories(guard, "Expiry 08/27")
    assert "card_expiry" in categories(guard, "تاريخ الانتهاء ٠٨/٢٠٢٧")
    assert "card_expiry" not in categories(guard, "Meeting on 08/27")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Your balance is SAR 12,345.67", "balance"),
        ("Votre solde est de 1 234,56 €", "balance"),
        ("رصيدك ١٢٬٣٤٥٫٦٧ ر.س", "balance"),
        ("Available: 1.234,56 EUR", "balance"),
        ("You paid AED 230.50 at Carrefour", "transaction"),
        ("عملية شراء بمبلغ 150.00 ريال", "transaction"),
        ("Achat de 89,90 € chez Monoprix", "transaction"),
    ],
)
def test_amounts_in_context(guard: Guard, text: str, category: str) -> None:
    assert category in categories(guard, text)


@pytest.mark.parametrize(
    "text",
    [
        "Annual fee is SAR 300",
        "Minimum balance required: SAR 3,000",
        "Rate 3.5%",
        "1 USD = 3.75 SAR",
        "Your balance is available in the app",
    ],
)
def test_public_amounts_are_not_balances(guard: Guard, text: str) -> None:
    assert not categories(guard, text) & {"balance", "transaction"}


def test_credentials_echoed_back(guard: Guard) -> None:
    assert "credential" in categories(guard, "Your OTP is 482913")
    assert "credential" in categories(guard, "كلمة المرور: Riyadh#2026")
    assert "credential" in categories(guard, "password: Summer2024!")
    assert "credential" not in categories(guard, "Never share your PIN with anyone")
    assert "credential" not in categories(guard, "password is required")
    assert "credential" not in categories(guard, "Postal code 12345")
