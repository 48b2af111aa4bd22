"""Synthetic bank customers: the data a bot's back end holds, and the guard's canaries.

These are plain dataclasses so that a demo back end, a scenario and the canary
matcher share one shape. The seeded Faker factory that fills them lives in
:mod:`mockmessenger.boundary.canaries`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


@dataclass
class Card:
    number: str  # digits only, Luhn-valid
    cvv: str
    expiry: str  # "MM/YY"
    brand: str = "visa"
    holder: str = ""
    frozen: bool = False

    @property
    def last4(self) -> str:
        return self.number[-4:]

    @property
    def masked(self) -> str:
        """The form a careful bank shows: last 4 only."""
        return f"•••• {self.last4}"


@dataclass
class Transaction:
    date: str  # ISO date
    amount: Decimal  # negative = debit
    currency: str
    merchant: str
    memo: str = ""


@dataclass
class Account:
    number: str  # domestic account number, digits
    iban: str  # compact, valid mod-97
    routing: str  # ABA routing number or national bank code
    bic: str
    currency: str
    balance: Decimal
    kind: str = "current"
    transactions: list[Transaction] = field(default_factory=list)

    @property
    def last4(self) -> str:
        return self.number[-4:]


@dataclass
class Customer:
    """One synthetic customer. ``id`` is stable for a given seed and locale."""

    id: str
    locale: str
    first_name: str
    last_name: str
    email: str
    phone: str
    address: str
    birthdate: str
    national_id: str
    national_id_kind: str  # e.g. "us_ssn", "sa_nid", "eg_nid", "ae_eid"
    username: str
    password: str
    pin: str
    cards: list[Card] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def to_dict(self) -> dict[str, Any]:
        def convert(value: Any) -> Any:
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, dict):
                return {k: convert(v) for k, v in value.items()}
            if isinstance(value, list):
                return [convert(v) for v in value]
            return value

        data = convert(asdict(self))
        data["name"] = self.name
        for card in data["cards"]:
            card["last4"] = card["number"][-4:]
        for account in data["accounts"]:
            account["last4"] = account["number"][-4:]
        return data
