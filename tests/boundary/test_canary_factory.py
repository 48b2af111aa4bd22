"""The seeded canary factory: valid, varied, deterministic synthetic customers."""

from __future__ import annotations

import unicodedata

import pytest
from stdnum import bic, iban, luhn
from stdnum.de import idnr
from stdnum.fr import nir
from stdnum.us import rtn, ssn

from mockmessenger.boundary.canaries import (
    LOCALES,
    CustomerFactory,
    is_valid_ae_emirates_id,
    is_valid_eg_national_id,
    is_valid_nino,
    is_valid_sa_national_id,
)

VALIDATORS = {
    "us_ssn": ssn.is_valid,
    "gb_nino": is_valid_nino,
    "de_idnr": idnr.is_valid,
    "fr_nir": nir.is_valid,
    "sa_nid": is_valid_sa_national_id,
    "eg_nid": is_valid_eg_national_id,
    "ae_eid": is_valid_ae_emirates_id,
}
COUNTRY = {
    "en_US": "US",
    "en_GB": "GB",
    "de_DE": "DE",
    "fr_FR": "FR",
    "ar_SA": "SA",
    "ar_EG": "EG",
    "ar_AE": "AE",
}


@pytest.fixture(scope="module")
def customers():
    return CustomerFactory(seed=7).customers(140)


def test_same_seed_gives_the_same_customers():
    first = [c.to_dict() for c in CustomerFactory(seed=3).customers(8)]
    second = [c.to_dict() for c in CustomerFactory(seed=3).customers(8)]
    assert first == second


def test_another_seed_gives_other_customers():
    a = CustomerFactory(seed=1).customer("en_US")
    b = CustomerFactory(seed=2).customer("en_US")
    assert a.cards[0].number != b.cards[0].number
    assert a.national_id != b.national_id


def test_unknown_locale_is_refused():
    with pytest.raises(ValueError, match="xx_XX"):
        CustomerFactory().customer("xx_XX")


def test_every_locale_is_served(customers):
    assert {c.locale for c in customers} == set(LOCALES)


def test_card_numbers_are_luhn_valid_and_of_every_brand_and_length(customers):
    cards = [card for c in customers for card in c.cards]
    assert all(card.number.isdigit() and luhn.is_valid(card.number) for card in cards)
    lengths = {len(card.number) for card in cards}
    assert {15, 16, 19} <= lengths
    brands = {card.brand for card in cards}
    assert {"visa", "mastercard", "amex"} <= brands
    assert any(2221 <= int(card.number[:4]) <= 2720 for card in cards), "Mastercard 2-series"
    assert all(len(card.number) == 15 for card in cards if card.brand == "amex")
    assert all(card.number[:2] in ("34", "37") for card in cards if card.brand == "amex")


def test_cvv_and_expiry_have_card_shapes(customers):
    for card in (card for c in customers for card in c.cards):
        assert card.cvv.isdigit() and len(card.cvv) == (4 if card.brand == "amex" else 3)
        month, year = card.expiry.split("/")
        assert 1 <= int(month) <= 12 and len(year) == 2


def test_ibans_are_valid_for_the_locale_country(customers):
    for customer in customers:
        country = COUNTRY[customer.locale]
        for account in customer.accounts:
            if country == "US":
                assert account.iban == ""
                assert rtn.is_valid(account.routing)
            else:
                assert iban.is_valid(account.iban), account.iban
                assert account.iban.startswith(country)
                assert account.number in account.iban
            assert bic.is_valid(account.bic)
            assert account.bic[4:6] == country


def test_national_ids_pass_their_national_checks(customers):
    kinds = set()
    for customer in customers:
        kinds.add(customer.national_id_kind)
        assert VALIDATORS[customer.national_id_kind](customer.national_id), (
            customer.national_id_kind
        )
    assert kinds == set(VALIDATORS)


def test_own_national_id_checks_reject_a_changed_digit():
    for check, good in [
        (is_valid_sa_national_id, "100000000" + luhn.calc_check_digit("100000000")),
        (is_valid_ae_emirates_id, "78419801234567" + luhn.calc_check_digit("78419801234567")),
    ]:
        assert check(good)
        bad = good[:-1] + str((int(good[-1]) + 1) % 10)
        assert not check(bad)
    assert is_valid_nino("AB123456C") and not is_valid_nino("GB123456C")


def test_arabic_locales_have_names_in_arabic_script(customers):
    for customer in customers:
        scripts = {unicodedata.name(ch).split()[0] for ch in customer.name if ch.isalpha()}
        if customer.locale.startswith("ar_"):
            assert scripts == {"ARABIC"}, customer.name
        else:
            assert "ARABIC" not in scripts


def test_transactions_have_dates_merchants_memos_and_amounts(customers):
    for account in customers[0].accounts:
        assert len(account.transactions) == 5
        for tx in account.transactions:
            assert tx.date.startswith("2026-") and tx.merchant and tx.memo
            assert tx.amount.as_tuple().exponent == -2
    assert customers[0].pin.isdigit() and len(customers[0].pin) == 4
    assert len(customers[0].password) >= 10 and customers[0].username


def test_no_distinctive_value_repeats_across_customers(customers):
    seen: dict[str, str] = {}
    for customer in customers:
        values = [customer.name, customer.national_id, customer.email, customer.username]
        values += [card.number for card in customer.cards]
        for account in customer.accounts:
            values += [account.number, account.iban, str(account.balance)]
            values += [tx.memo for tx in account.transactions]
            values += [tx.merchant for tx in account.transactions]
        for value in filter(None, values):
            assert seen.setdefault(value, customer.id) == customer.id, f"{value!r} repeats"
