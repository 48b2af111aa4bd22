"""E-mail and street addresses: found, replaced by synthetic ones, the same each time."""

from __future__ import annotations

import re

import pytest

from mockmessenger.recording import contacts
from mockmessenger.recording.scrub import Scrubber


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("write to layla.haddad@gmail.com.", [("layla.haddad@gmail.com", "email")]),
        ("lh1985@gmail.com or @handle", [("lh1985@gmail.com", "email")]),
        ("I live at 12 King Fahd Rd, Riyadh.", [("12 King Fahd Rd, Riyadh", "address")]),
        ("221B Baker Street, London", [("221B Baker Street, London", "address")]),
        ("45 Elm St. please", [("45 Elm St.", "address")]),
        ("عنواني ١٢ شارع الملك فهد", [("١٢ شارع الملك فهد", "address")]),
        ("I sent 3 payments for 2 cards yesterday", []),
        ("Your balance is SAR 1,200.50", []),
    ],
)
def test_contacts_found(text, found):
    assert [(text[a:b], kind) for a, b, kind in contacts.find(text)] == found


def test_an_email_with_the_customers_name_is_replaced_whole_and_consistently():
    scrubber = Scrubber(seed=5)
    scrubber.register("Layla Haddad", "name")
    first = scrubber.text("my email is layla.haddad@gmail.com")
    again = scrubber.text("again: layla.haddad@gmail.com!")
    stand_in = first.removeprefix("my email is ")
    assert re.fullmatch(r"[\w.+-]+@example\.(com|org|net)", stand_in)
    assert again == f"again: {stand_in}!"
    assert "layla" not in first.casefold() and "haddad" not in first.casefold()


def test_an_address_is_replaced_by_a_synthetic_one_with_a_city():
    scrubber = Scrubber(seed=6)
    said = scrubber.text("I live at 12 King Fahd Rd, Riyadh")
    assert "King Fahd" not in said and "Riyadh" not in said and "," in said
    assert (
        scrubber.text("ship to 12 King Fahd Rd, Riyadh") == "ship to " + said[len("I live at ") :]
    )


def test_an_expected_reply_with_an_email_becomes_a_pattern():
    scrubber = Scrubber(seed=7)
    expected, is_regex = scrubber.expected("We emailed lh1985@gmail.com today")
    assert is_regex and "gmail" not in expected and "lh" not in expected
    assert re.fullmatch(expected, "We emailed someone@example.org today")
