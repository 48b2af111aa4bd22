"""The scrubber: consistent synthetic stand-ins, nothing real left, mapping never shown."""

from __future__ import annotations

import re

from mockmessenger.boundary.normalize import digits_only
from mockmessenger.recording.scrub import Scrubber, luhn_ok

CARD = "4539 1488 0343 6467"  # Luhn-valid


def test_same_value_same_stand_in_within_a_recording():
    scrubber = Scrubber(seed=1)
    first = scrubber.text(f"my card is {CARD}")
    second = scrubber.text(f"again: {CARD}!")
    stand_in = first.removeprefix("my card is ")
    assert stand_in != CARD
    assert second == f"again: {stand_in}!"


def test_stand_in_keeps_the_shape_and_fails_luhn():
    stand_in = Scrubber(seed=2).text(CARD)
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", stand_in)
    assert not luhn_ok(digits_only(stand_in))


def test_arabic_indic_digits_stay_arabic_indic_and_change():
    real = "٤٥٣٩ ١٤٨٨ ٠٣٤٣ ٦٤٦٧"
    stand_in = Scrubber(seed=3).text(real)
    assert all("٠" <= c <= "٩" or c == " " for c in stand_in)
    assert digits_only(stand_in) != digits_only(real)


def test_iban_keeps_its_country_code_and_gets_a_wrong_checksum():
    from stdnum import iban

    stand_in = Scrubber(seed=4).text("IBAN SA0380000000608010167519 please")
    value = stand_in.split()[1]
    assert value.startswith("SA") and value != "SA0380000000608010167519"
    assert not iban.is_valid(value)


def test_registered_ids_and_names_are_replaced_everywhere():
    scrubber = Scrubber(seed=5)
    scrubber.register("2876543210987654", "psid")
    scrubber.register("Ahmed Alharbi", "name")
    text = scrubber.text("Hi Ahmed Alharbi, your id is 2876543210987654 (Ahmed)")
    assert "2876543210987654" not in text and "Ahmed" not in text and "Alharbi" not in text
    first = scrubber.stand_in("Ahmed")
    assert text.startswith(f"Hi {first} ") and text.endswith(f"({first})")


def test_expected_reply_becomes_a_pattern_that_matches_any_amount():
    scrubber = Scrubber(seed=6)
    pattern, changed = scrubber.pattern("Your balance is SAR 12,345.67 today.")
    assert changed
    assert "12" not in pattern and "345" not in pattern
    assert re.fullmatch(pattern, "Your balance is SAR 98,001.10 today.")
    assert re.fullmatch(pattern, "Your balance is SAR ٩٨٬٠٠١٫١٠ today.")
    assert not re.fullmatch(pattern, "Your balance is hidden today.")


def test_a_reply_without_values_is_left_as_is():
    pattern, changed = Scrubber().pattern("What can I help you with?")
    assert not changed and re.fullmatch(pattern, "What can I help you with?")


def test_small_numbers_are_not_values():
    scrubber = Scrubber()
    assert scrubber.text("step 2 of 3") == "step 2 of 3"
    assert scrubber.clean("step 2 of 3")
    assert not scrubber.clean("account 12345678")


def test_repr_and_str_never_show_the_mapping():
    scrubber = Scrubber(seed=7)
    scrubber.register("2876543210987654", "psid")
    scrubber.text(CARD)
    shown = repr(scrubber) + str(scrubber)
    assert "2876543210987654" not in shown and "4539" not in shown
    assert "hidden" in shown


def test_ids_get_stand_ins_that_are_not_card_numbers():
    scrubber = Scrubber(seed=8)
    for n in range(30):
        real = f"28765432109876{n:02d}"
        scrubber.register(real, "psid")
        stand_in = scrubber.stand_in(real)
        assert len(stand_in) == len(real) and stand_in != real
        assert not luhn_ok(stand_in)


def test_values_the_guard_finds_are_replaced_where_they_stand_after_invisible_characters():
    """The guard's spans are in the original text already; mapping them through the
    normaliser again once replaced the characters after the value (zero-width spaces before
    it shift the normalised text) and left the balance in the recording."""
    from mockmessenger.boundary import Guard

    scrubber = Scrubber(seed=7, guard=Guard())
    real = "a\u200b\u200b\u200b\u200b\u200b\u200bYour balance is SAR 3,200.00 ok"
    text = scrubber.text(real)
    assert "3,200.00" not in text and "3200" not in digits_only(text)
    assert text.endswith(" ok")
