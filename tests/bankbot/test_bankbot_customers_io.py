"""Customers from JSON for a bot process: round trip and clear errors."""

from __future__ import annotations

import json

import pytest
from bankbot.customers_io import customer_from_dict, load_customers

from mockmessenger.errors import InputError


def test_round_trip(customer_en, customer_ar):
    for customer in (customer_en, customer_ar):
        assert customer_from_dict(customer.to_dict()) == customer


def test_load_customers_file(tmp_path, customer_en):
    path = tmp_path / "customers.json"
    path.write_text(json.dumps([customer_en.to_dict()]), encoding="utf-8")
    assert load_customers(path) == [customer_en]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d.pop("first_name"), "[0]"),
        (lambda d: d.update(nickname="x"), "[0]"),
        (lambda d: d["accounts"][0].update(balance="lots"), "[0].accounts[0].balance"),
        (lambda d: d["cards"].__setitem__(0, "4111"), "[0].cards[0]"),
        (
            lambda d: d["accounts"][1]["transactions"][0].update(amount="?"),
            "[0].accounts[1].transactions[0].amount",
        ),
    ],
)
def test_bad_customer_names_the_field(tmp_path, customer_en, mutate, field):
    data = customer_en.to_dict()
    mutate(data)
    path = tmp_path / "customers.json"
    path.write_text(json.dumps([data]), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_customers(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path) and problem.field == field
    assert customer_en.cards[0].number not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[{]", "invalid JSON"),
        (b"{}", "list of customers"),
        (b"\xff\xfe[", "cannot read"),
    ],
)
def test_bad_file(tmp_path, content, expected):
    path = tmp_path / "customers.json"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_customers(path)
    assert expected in str(caught.value) and str(path) in str(caught.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as caught:
        load_customers(tmp_path / "nope.json")
    assert "nope.json" in str(caught.value)
