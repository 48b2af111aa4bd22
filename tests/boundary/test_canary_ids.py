"""Customer ids stay unique across locales made from the same seed (two factories, one library)."""

from mockmessenger.boundary.canaries import CustomerFactory


def test_same_seed_different_locales_give_different_ids() -> None:
    us = CustomerFactory(seed=1).customer("en_US")
    gb = CustomerFactory(seed=1).customer("en_GB")
    assert us.id != gb.id


def test_ids_are_stable_for_a_seed_and_locale() -> None:
    assert (
        CustomerFactory(seed=3).customer("ar_SA").id == CustomerFactory(seed=3).customer("ar_SA").id
    )
