"""The fake core-banking back end and the BankBackend protocol."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bankbot.core import BankingError, CoreBanking, CurrencyMismatch, InsufficientFunds


def test_register_links_the_psid_to_a_copy(customer_en):
    core = CoreBanking()
    core.register(customer_en, "p")
    held = core.customer_for("p")
    assert held.id == customer_en.id and held is not customer_en
    core.set_frozen(held, held.cards[0], True)
    assert not customer_en.cards[0].frozen  # the caller's canaries are untouched


def test_reset_forgets_everything(customer_en):
    core = CoreBanking([customer_en])
    core.register(customer_en, "p")
    core.open_dispute(core.customer_for("p"), core.customer_for("p").cards[0])
    core.reset()
    assert core.customer_for("p") is None and core.customers == [] and core.disputes == {}
    core.register(customer_en, "p")
    held = core.customer_for("p")
    assert core.open_dispute(held, held.cards[0]) == "DSP-100001"


def test_account_linking_by_authorization_code(customer_en, customer_ar):
    core = CoreBanking([customer_en, customer_ar])
    code = core.authorization_code(customer_ar)
    assert code == f"auth-{customer_ar.id}"
    assert core.link("p", code).id == customer_ar.id
    assert core.customer_for("p").id == customer_ar.id
    assert core.link("q", "auth-unknown") is None
    assert core.link("q", customer_ar.id) is None  # the bare id is not a code
    assert core.unlink("p") and not core.unlink("p")
    assert core.customer_for("p") is None


def test_transfer_moves_money_and_numbers_references(customer_en):
    core = CoreBanking([customer_en])
    customer = core.customer(customer_en.id)
    source, target = customer.accounts
    before = source.balance + target.balance
    receipt = core.transfer(customer, source, target, Decimal("10.00"))
    assert receipt.reference == "TRF-100001"
    assert source.balance + target.balance == before
    assert core.transfer(customer, target, source, Decimal("1")).reference == "TRF-100002"


def test_transfer_refusals(customer_en, customer_ar):
    core = CoreBanking([customer_en, customer_ar])
    customer = core.customer(customer_en.id)
    other = core.customer(customer_ar.id)
    source, target = customer.accounts
    with pytest.raises(InsufficientFunds):
        core.transfer(customer, source, target, source.balance + 1)
    with pytest.raises(BankingError):
        core.transfer(customer, source, other.accounts[0], Decimal("1"))
    with pytest.raises(BankingError):
        core.transfer(customer, source, source, Decimal("1"))
    with pytest.raises(BankingError):
        core.transfer(customer, source, target, Decimal("0"))
    target.currency = "XYZ"
    with pytest.raises(CurrencyMismatch):
        core.transfer(customer, source, target, Decimal("1"))


def test_freeze_state_changes_once(customer_en):
    core = CoreBanking([customer_en])
    customer = core.customer(customer_en.id)
    card = customer.cards[0]
    assert core.set_frozen(customer, card, True)
    assert not core.set_frozen(customer, card, True)
    assert core.set_frozen(customer, card, False)
    assert core.find_card(customer, card.last4) is card
    assert core.find_card(customer, "0000x") is None


def test_reset_makes_the_bot_forget_conversations(make_driver, customer_en, helpers):
    driver = make_driver()
    driver.core.register(customer_en, "p")
    driver.say("p", "transfer")  # waiting for an amount
    driver.core.reset()
    driver.core.register(customer_en, "p")
    assert helpers.texts(driver.say("p", "100")) == [
        "Sorry, I didn't understand that. Here's what I can help with:"
    ]
    assert driver.bot.conversations["p"].pending is None
