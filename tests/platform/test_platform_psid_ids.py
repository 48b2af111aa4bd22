"""PSIDs the fake issues never pass Luhn, so they can't be mistaken for card numbers."""

from stdnum import luhn

from mockmessenger.platform.ids import IdFactory


def test_psids_are_16_digits_and_never_luhn_valid() -> None:
    ids = IdFactory(seed=7)
    psids = [ids.psid() for _ in range(2000)]
    assert all(len(p) == 16 and p.isdigit() for p in psids)
    assert not any(luhn.is_valid(p) for p in psids)
    assert len(set(psids)) == len(psids)
