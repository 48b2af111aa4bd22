"""Customers from JSON (the ``Customer.to_dict()`` shape), for a bot running as a process."""

from __future__ import annotations

import json
from dataclasses import fields
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from mockmessenger.boundary.customers import Account, Card, Customer, Transaction
from mockmessenger.errors import InputError, InputProblem

_DERIVED = {"name", "last4"}


def _build(cls: type, data: Any, where: str, file: str | None) -> Any:
    if not isinstance(data, dict):
        raise InputError(
            InputProblem(f"expected an object, got {type(data).__name__}", file=file, field=where)
        )
    known = {f.name for f in fields(cls)}
    unknown = set(data) - known - _DERIVED
    if unknown:
        raise InputError(
            InputProblem(f"unknown field(s) {', '.join(sorted(unknown))}", file=file, field=where)
        )
    values = {k: v for k, v in data.items() if k in known}
    for name in ("balance", "amount"):
        if name in values:
            try:
                values[name] = Decimal(str(values[name]))
            except InvalidOperation:
                raise InputError(
                    InputProblem("not a decimal amount", file=file, field=f"{where}.{name}")
                ) from None
    try:
        return cls(**values)
    except TypeError as error:
        raise InputError(InputProblem(str(error), file=file, field=where)) from None


def customer_from_dict(data: Any, *, where: str = "customer", file: str | None = None) -> Customer:
    """A :class:`Customer` from its ``to_dict()`` form; :class:`InputError` names the field."""
    customer = _build(Customer, data, where, file)
    customer.cards = [
        _build(Card, card, f"{where}.cards[{i}]", file) for i, card in enumerate(customer.cards)
    ]
    accounts = []
    for i, raw in enumerate(customer.accounts):
        account = _build(Account, raw, f"{where}.accounts[{i}]", file)
        account.transactions = [
            _build(Transaction, t, f"{where}.accounts[{i}].transactions[{j}]", file)
            for j, t in enumerate(account.transactions)
        ]
        accounts.append(account)
    customer.accounts = accounts
    return customer


def load_customers(path: str | Path) -> list[Customer]:
    """A JSON file holding a list of customers."""
    file = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(InputProblem(f"cannot read customers: {error}", file=file)) from None
    except json.JSONDecodeError as error:
        raise InputError(
            InputProblem(
                f"invalid JSON: {error.msg}", file=file, line=error.lineno, column=error.colno
            )
        ) from None
    if not isinstance(data, list):
        raise InputError(InputProblem("expected a JSON list of customers", file=file))
    return [customer_from_dict(item, where=f"[{i}]", file=file) for i, item in enumerate(data)]


__all__ = ["customer_from_dict", "load_customers"]
