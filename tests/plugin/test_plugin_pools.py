"""Per-session pools: guards cut from one template and memoised canary customers."""

from __future__ import annotations

import json

import pytest

from mockmessenger.records import EgressRecord
from pytest_plugin.pools import CaseScanner, CustomerSource, customer_key, fresh_guard


def send(text: str, thread: str = "t") -> EgressRecord:
    body = {"recipient": {"id": thread}, "message": {"text": text}}
    return EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/messages",
        {"content-type": "application/json"},
        json.dumps(body),
        thread=thread,
    )


def test_guards_of_two_tests_share_no_thread_memory(pytestconfig: pytest.Config):
    from mockmessenger.boundary import Policy

    policy = Policy.default()
    first = fresh_guard(pytestconfig, policy)
    first.scan(send("Your card starts 4111 1111", thread="s"))
    assert [f.category for f in first.scan(send("and ends 1111 1111", thread="s"))] == [
        "card_number"
    ]
    second = fresh_guard(pytestconfig, policy)
    assert second.policy is policy
    assert second.scan(send("and ends 1111 1111", thread="s")) == []


def test_customers_are_private_copies_with_their_key(pytestconfig: pytest.Config):
    one, key = CustomerSource(pytestconfig, seed=5).customer_and_key("ar_SA")
    assert key == customer_key(one)
    one.first_name = "changed by the bot"
    again, again_key = CustomerSource(pytestconfig, seed=5).customer_and_key("ar_SA")
    assert again is not one and again.first_name != "changed by the bot"
    assert again_key == key
    later = CustomerSource(pytestconfig, seed=5)
    later.customer("ar_SA")
    assert customer_key(later.customer("ar_SA")) != key  # the second customer of the seed


def test_a_matcher_from_the_cache_keeps_every_customer_for_the_next_one(
    pytestconfig: pytest.Config,
):
    from mockmessenger.boundary import Policy

    policy = Policy.default()
    warm = CustomerSource(pytestconfig, seed=9)
    first = warm.customer("en_US")
    CaseScanner(pytestconfig, fresh_guard(pytestconfig, policy)).add_customers([first])

    source = CustomerSource(pytestconfig, seed=9)
    scanner = CaseScanner(pytestconfig, fresh_guard(pytestconfig, policy))
    customer, key = source.customer_and_key("en_US")
    scanner.known(customer, key)
    scanner.add_customers([customer])  # answered from the matcher cache
    extra = source.customer("fr_FR")  # a cache miss: the matcher is rebuilt
    scanner.add_customers([extra])
    for who in (customer, extra):
        found = scanner.scan(send(f"Hello {who.first_name} {who.last_name}, welcome back"))
        assert "canary" in [f.category for f in found], who.first_name
