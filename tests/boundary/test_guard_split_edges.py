"""Values cut where fields or messages meet, found by the recall red team.

- A card whose first half ends one field and whose second half starts the next, words around
  (``Card 41234567`` / ``89012349 is active`` in a generic template's title and subtitle).
- An IBAN whose country code is a field of its own (``SA`` / ``0380000000608010167519``).
- An IBAN in more than three pieces, a message each (``SA0380`` / ``000000`` / ...).

Such joins are only made edge to edge (each piece ends its field where the next begins the
field right after it; middle pieces are whole fields), and still need their checksum (Luhn,
mod-97 with the country's length) and, for cards, a card word and the card's printed groups.
Each case runs with both quick-check engines, the quick check on and forced off.
"""

from __future__ import annotations

import json

import pytest

from mockmessenger.boundary import Finding, Guard, Policy
from mockmessenger.boundary.detectors.card_number import is_card_number
from mockmessenger.boundary.quick import QuickCheck
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v21.0/me/messages"
PSID = "24012345678901234"
CARD = "4123456789012349"  # Luhn-valid Visa
IBAN = "SA0380000000608010167519"


def send(message: dict, *, thread: str | None = None, index: int = 0) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "message": message}, ensure_ascii=False)
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread=thread, index=index
    )


def element(title: str, subtitle: str) -> dict:
    payload = {"template_type": "generic", "elements": [{"title": title, "subtitle": subtitle}]}
    return {"attachment": {"type": "template", "payload": payload}}


def scan(guard: Guard, messages: list[dict], thread: str | None = "t") -> list[Finding]:
    found: list[Finding] = []
    for index, message in enumerate(messages):
        found += guard.scan(send(message, thread=thread, index=index))
    return found


def categories(findings: list[Finding]) -> list[str]:
    return sorted({f.category for f in findings})


def test_the_values_are_valid() -> None:
    from stdnum import iban

    assert is_card_number(CARD) and iban.is_valid(IBAN)


# -- a card cut where two fields meet ------------------------------------------------------------


@pytest.mark.parametrize("thread", [None, "t"])
def test_a_card_cut_between_title_and_subtitle_is_found(
    guards: list[Guard], thread: str | None
) -> None:
    message = element(f"Card {CARD[:8]}", f"{CARD[8:]} is active")
    for guard in guards:
        found = [f for f in scan(guard, [message], thread) if f.category == "card_number"]
        assert len(found) == 1
        assert "split across fields of one message" in found[0].rule
        assert CARD not in json.dumps([f.to_dict() for f in found])


@pytest.mark.parametrize(
    ("title", "subtitle"),
    [
        (f"Order {CARD[:8]}", f"{CARD[8:]} shipped"),  # no card word
        (f"Card {CARD[:8]} active", f"{CARD[8:]}"),  # the first piece does not end its field
        (f"Card {CARD[:8]}", f"no. {CARD[8:]}"),  # the second does not start its field
        (f"Card {CARD[:5]}", f"{CARD[5:]} is active"),  # cut where no printed group ends
        (f"Card ending {CARD[:8]}", f"{CARD[8:]} is active"),  # last digits end, never begin
    ],
)
def test_numbers_at_field_edges_need_a_card_word_groups_and_edges(
    guards: list[Guard], title: str, subtitle: str
) -> None:
    for guard in guards:
        assert scan(guard, [element(title, subtitle)], None) == []


def test_a_field_between_the_pieces_keeps_them_apart(guards: list[Guard]) -> None:
    payload = {
        "template_type": "generic",
        "elements": [
            {"title": f"Card {CARD[:8]}", "subtitle": "Tap for details"},
            {"title": f"{CARD[8:]} points", "subtitle": "Rewards"},
        ],
    }
    message = {"attachment": {"type": "template", "payload": payload}}
    for guard in guards:
        assert scan(guard, [message], None) == []


def test_a_top_up_picker_after_a_card_sentence_is_no_card(guards: list[Guard]) -> None:
    """The text ends in an amount and the replies are amounts: they meet at field edges, near
    a card word, but are cut where no card group ends."""
    replies = [
        {"content_type": "text", "title": amount, "payload": amount}
        for amount in ("1000", "2000", "5000", "10000")
    ]
    message = {"text": "Top up your card, the minimum is 500", "quick_replies": replies}
    for guard in guards:
        assert scan(guard, [message], None) == []


# -- IBANs in pieces: a country code alone, more than three pieces ------------------------------


@pytest.mark.parametrize("thread", [None, "t"])
def test_an_iban_whose_country_code_is_a_field_of_its_own_is_found(
    guards: list[Guard], thread: str | None
) -> None:
    for guard in guards:
        found = scan(guard, [{"text": IBAN[:2], "metadata": IBAN[2:]}], thread)
        assert categories(found) == ["iban"]


def test_an_iban_whose_country_code_is_a_message_of_its_own_is_found(guards: list[Guard]) -> None:
    for guard in guards:
        found = scan(guard, [{"text": "Your IBAN: SA"}, {"text": "0380 0000 0060 8010 1675 19"}])
        assert categories(found) == ["iban"]


def test_an_iban_in_four_messages_is_found(guards: list[Guard]) -> None:
    pieces = [IBAN[i : i + 6] for i in range(0, 24, 6)]
    for guard in guards:
        found = scan(guard, [{"text": piece} for piece in pieces])
        assert categories(found) == ["iban"]
        assert "split across messages of the thread" in found[0].rule


@pytest.mark.parametrize(
    "messages",
    [
        # a country code in lower case, or not ending its field, is a word
        [{"text": "sa", "metadata": IBAN[2:]}],
        [{"text": "SA is where we are", "metadata": IBAN[2:]}],
        # the rest does not start its field
        [{"text": "SA", "metadata": f"ref {IBAN[2:]}"}],
        # a code alone joins only a rest that is all of its field (weak evidence)
        [{"text": "Riyadh, SA"}, {"text": f"{IBAN[2:]} is your reference"}],
        # more than three pieces: every middle piece must be its whole message
        [{"text": "SA0380"}, {"text": "then 000000"}, {"text": "608010"}, {"text": "167519"}],
        # the right length, but not the checksum
        [{"text": "Riyadh, SA"}, {"text": "0380000000608010167518"}],
    ],
)
def test_pieces_that_do_not_meet_edge_to_edge_are_no_iban(
    guards: list[Guard], messages: list
) -> None:
    for guard in guards:
        assert scan(guard, messages) == []


def test_a_country_code_ending_a_field_keeps_a_thread_from_the_quick_path(engine: bool) -> None:
    """Its digits may come in the next message: the full scan must remember it."""
    quick = QuickCheck(Policy.default(), engine)
    lone = send({"text": "SA"}, thread="t")
    assert not quick.clean(lone, lone.host)[0]
    unthreaded = send({"text": "SA"})
    word = send({"text": "Visit us in Riyadh"}, thread="t")
    for record in (unthreaded, word):
        assert quick.clean(record, record.host)[0]


# -- the quick check's field shapes: white space around a number, escaped or not ----------------


@pytest.mark.parametrize(
    "message",
    [
        # whole fields with line breaks around their numbers (``\n`` escapes in the raw JSON)
        {
            "text": "  4123 \n",
            "quick_replies": [
                {"content_type": "text", "title": " \n456789012349 ", "payload": "P"}
            ],
        },
        {"text": " 4123 4567 ", "metadata": "8901 2349\n"},
        # the second half in JSON held in a string (its quotes and line breaks escaped twice)
        {"text": " 412345", "metadata": json.dumps({"a": " \n6789012349  "})},
    ],
)
def test_a_card_in_whole_fields_with_escaped_white_space_is_found(
    guards: list[Guard], message: dict
) -> None:
    """Found by the full scan before, but the hyperscan quick check's field shapes did not
    allow escaped white space around the number, and called these requests clean."""
    for guard in guards:
        found = scan(guard, [message], None)
        assert categories(found) == ["card_number"]
