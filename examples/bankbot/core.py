"""A fake core-banking system: the back end a bank's chatbot calls.

It holds synthetic :class:`~mockmessenger.boundary.customers.Customer` records (its own
deep copies, so freezing a card or moving money never changes the caller's canaries),
maps Messenger PSIDs to customers, and implements the harness ``BankBackend`` protocol
(``register`` and ``reset``).
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from mockmessenger.boundary.customers import Account, Card, Customer

AUTH_CODE_PREFIX = "auth-"
FIRST_REFERENCE = 100001


class BankingError(Exception):
    """A request the core banking system refuses."""


class InsufficientFunds(BankingError):
    """The source account cannot cover the transfer."""


class CurrencyMismatch(BankingError):
    """Own-account transfers are only between accounts in the same currency."""


@dataclass(frozen=True)
class TransferReceipt:
    reference: str
    source: Account
    target: Account
    amount: Decimal
    currency: str


class CoreBanking:
    """Customers, PSID links, card states, transfers and dispute tickets."""

    def __init__(self, customers: list[Customer] | tuple[Customer, ...] = ()) -> None:
        self._lock = threading.RLock()
        self._customers: dict[str, Customer] = {}
        self._links: dict[str, str] = {}
        self._next_dispute = FIRST_REFERENCE
        self._next_transfer = FIRST_REFERENCE
        self.disputes: dict[str, tuple[str, str]] = {}  # ticket -> (customer id, card last4)
        self._reset_listeners: list[Callable[[], None]] = []
        for customer in customers:
            self.add_customer(customer)

    # -- BankBackend protocol -------------------------------------------------------------
    def register(self, customer: Customer, psid: str) -> None:
        """Hold ``customer`` and link ``psid`` to it, as if the user had logged in before."""
        with self._lock:
            held = self.add_customer(customer)
            self._links[psid] = held.id

    def reset(self) -> None:
        """Forget every customer, link, ticket and transfer (and tell the listeners)."""
        with self._lock:
            self._customers.clear()
            self._links.clear()
            self.disputes.clear()
            self._next_dispute = FIRST_REFERENCE
            self._next_transfer = FIRST_REFERENCE
            listeners = list(self._reset_listeners)
        for listener in listeners:
            listener()

    def on_reset(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every :meth:`reset` (the bot forgets its conversations)."""
        self._reset_listeners.append(listener)

    # -- customers and account linking ----------------------------------------------------
    def add_customer(self, customer: Customer) -> Customer:
        """Hold a copy of ``customer`` (replacing one with the same id) and return it."""
        with self._lock:
            held = copy.deepcopy(customer)
            self._customers[held.id] = held
            return held

    def customer(self, customer_id: str) -> Customer | None:
        with self._lock:
            return self._customers.get(customer_id)

    @property
    def customers(self) -> list[Customer]:
        with self._lock:
            return list(self._customers.values())

    @staticmethod
    def authorization_code(customer: Customer | str) -> str:
        """The code the bank's login page hands Messenger for this customer."""
        customer_id = customer if isinstance(customer, str) else customer.id
        return AUTH_CODE_PREFIX + customer_id

    def link(self, psid: str, authorization_code: str) -> Customer | None:
        """Map ``psid`` to the customer whose authorization code matches; None if none does."""
        if not authorization_code.startswith(AUTH_CODE_PREFIX):
            return None
        with self._lock:
            customer = self._customers.get(authorization_code[len(AUTH_CODE_PREFIX) :])
            if customer is not None:
                self._links[psid] = customer.id
            return customer

    def unlink(self, psid: str) -> bool:
        with self._lock:
            return self._links.pop(psid, None) is not None

    def customer_for(self, psid: str) -> Customer | None:
        with self._lock:
            customer_id = self._links.get(psid)
            return self._customers.get(customer_id) if customer_id else None

    # -- cards ----------------------------------------------------------------------------
    @staticmethod
    def find_card(customer: Customer, last4: str) -> Card | None:
        return next((card for card in customer.cards if card.last4 == last4), None)

    def set_frozen(self, customer: Customer, card: Card, frozen: bool) -> bool:
        """Freeze or unfreeze; False when the card already was in that state."""
        with self._lock:
            if card not in customer.cards:
                raise BankingError("the card is not this customer's")
            if card.frozen == frozen:
                return False
            card.frozen = frozen
            return True

    def open_dispute(self, customer: Customer, card: Card) -> str:
        """Open a dispute ticket for a payment on ``card``; returns its id."""
        with self._lock:
            ticket = f"DSP-{self._next_dispute}"
            self._next_dispute += 1
            self.disputes[ticket] = (customer.id, card.last4)
            return ticket

    # -- transfers ------------------------------------------------------------------------
    def transfer(
        self, customer: Customer, source: Account, target: Account, amount: Decimal
    ) -> TransferReceipt:
        """Move ``amount`` between two of the customer's own accounts."""
        with self._lock:
            if source not in customer.accounts or target not in customer.accounts:
                raise BankingError("both accounts must be the customer's own")
            if source is target:
                raise BankingError("source and target are the same account")
            if amount <= 0:
                raise BankingError("the amount must be positive")
            if source.currency != target.currency:
                raise CurrencyMismatch(source.currency, target.currency)
            if source.balance < amount:
                raise InsufficientFunds()
            source.balance -= amount
            target.balance += amount
            reference = f"TRF-{self._next_transfer}"
            self._next_transfer += 1
            return TransferReceipt(reference, source, target, amount, source.currency)


__all__ = [
    "BankingError",
    "CoreBanking",
    "CurrencyMismatch",
    "InsufficientFunds",
    "TransferReceipt",
]
