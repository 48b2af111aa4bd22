"""False positives of joined values and of Messenger's own ids, found by a precision red team.

- Numbers of several fields joined into a card: an amount picker (quick replies whose title and
  payload are both "500", "1000", ...) read as a Maestro. A card split over fields is cut where
  its printed groups end; a quick reply's title and payload say one number once.
- Numbers of a thread joined into a card: "card ending 4070" then "complaint reference is
  300980329511" read as a Visa. A number the text labels as something else joins into no card;
  one presented as the last digits only ends a card.

Each false positive is checked with the quick check on and off, and each rule beside a real
split leak it must still find.
"""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from mockmessenger.boundary import Finding, Guard
from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.boundary.detectors import card_number
from mockmessenger.boundary.detectors.card_number import is_card_number
from mockmessenger.records import EgressRecord

GRAPH = "https://graph.facebook.com/v21.0/me/messages"
PSID = "24012345678901234"


def send(message: dict, *, thread: str | None = None, index: int = 0) -> EgressRecord:
    body = json.dumps({"recipient": {"id": PSID}, "messaging_type": "RESPONSE", "message": message})
    return EgressRecord.make(
        "POST", GRAPH, {"content-type": "application/json"}, body, thread=thread, index=index
    )


def picker(*amounts: str, payload: str = "same") -> dict:
    return {
        "text": "How much would you like to transfer?",
        "quick_replies": [
            {
                "content_type": "text",
                "title": amount,
                "payload": amount if payload == "same" else f"AMOUNT_{i}",
            }
            for i, amount in enumerate(amounts)
        ],
    }


def cards(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.category == "card_number"]


def scan_thread(guard: Guard, messages: list[dict], thread: str = "t") -> list[Finding]:
    found: list[Finding] = []
    for index, message in enumerate(messages):
        found += guard.scan(send(message, thread=thread, index=index))
    return found


# -- amount pickers -----------------------------------------------------------------------------

PICKERS = [
    ("100", "200", "500", "1000"),
    ("100", "500", "1000", "5000"),
    ("1000", "2500", "5000", "10000"),
    ("5000", "10000", "20000", "50000"),
]


@pytest.mark.parametrize("amounts", PICKERS, ids="/".join)
def test_an_amount_picker_whose_titles_are_its_payloads_is_no_card(
    guards: list[Guard], amounts: tuple[str, ...]
) -> None:
    for guard in guards:
        assert guard.scan(send(picker(*amounts))) == []


def test_the_pickers_did_join_into_cards_before() -> None:
    """What the old join read: the title and payload of one reply as two pieces."""
    assert is_card_number("50050010001000")  # 100/200/500/1000: a Maestro
    assert is_card_number("2500250050005000")  # 1000/2500/5000/10000: a Mastercard


def test_postback_buttons_of_amounts_are_no_card(guards: list[Guard]) -> None:
    buttons = [{"type": "postback", "title": t, "payload": t} for t in ("500", "1000", "2000")]
    template = {"template_type": "button", "text": "Top up amount", "buttons": buttons}
    message = {"attachment": {"type": "template", "payload": template}}
    for guard in guards:
        assert guard.scan(send(message)) == []


def test_an_amount_picker_over_two_messages_is_no_card(guards: list[Guard]) -> None:
    for guard in guards:
        assert scan_thread(guard, [picker("500"), picker("1000", "1000")]) == []


@pytest.mark.parametrize(
    "groups",
    [
        ("4111", "1111", "1111", "1111"),  # 4-4-4-4
        ("3782", "822463", "10005"),  # Amex 4-6-5
        ("4111 1111", "1111 1111"),  # two groups a field
        ("411111", "1111111111"),  # after the issuer's six digits
    ],
)
def test_a_card_split_over_replies_whose_titles_are_their_payloads_is_still_found(
    guards: list[Guard], groups: tuple[str, ...]
) -> None:
    """The title and payload of one reply count once: the card's groups still join."""
    for guard in guards:
        (finding,) = cards(guard.scan(send(picker(*groups))))
        assert "split across fields of one message" in finding.rule


def test_a_card_split_over_messages_in_its_groups_is_still_found(guards: list[Guard]) -> None:
    for guard in guards:
        found = cards(scan_thread(guard, [{"text": "4111 1111"}, {"text": "1111 1111"}]))
        assert ["split across messages" in f.rule for f in found] == [True]


def test_pieces_cut_where_no_card_group_ends_join_only_near_a_card_word(
    guards: list[Guard],
) -> None:
    for guard in guards:
        assert scan_thread(guard, [{"text": "41111"}, {"text": "11111111111"}]) == []
        guard.reset()
        found = scan_thread(guard, [{"text": "card: 41111"}, {"text": "11111111111"}], "u")
        assert len(cards(found)) == 1


def test_display_groups() -> None:
    follows_display_groups = card_number.follows_display_groups
    assert follows_display_groups([4, 4, 4, 4])
    assert follows_display_groups([8, 8])
    assert follows_display_groups([4, 6, 5])  # Amex
    assert follows_display_groups([4, 6, 4])  # Diners
    assert follows_display_groups([4, 4, 4, 4, 3])  # 19 digits
    assert follows_display_groups([6, 10])  # the issuer's number, then the rest
    assert not follows_display_groups([3, 3, 3, 4])  # 100 / 200 / 500 / 1000
    assert not follows_display_groups([4, 5, 5])  # 5000 / 10000 / 20000
    assert not follows_display_groups([4, 4, 5])  # 4000 / 5000 / 10000: a 13-digit Visa is 4-3-3-3
    assert not follows_display_groups([5, 11])


# -- numbers the text says are something else ---------------------------------------------------

THREADS = [
    ("Your card ending 4070 has been frozen.", "Your complaint reference is 300980329511."),
    ("Your card ending 5736 has been frozen.", "For help call 800 124 4444."),
    ("Ticket 449721851845 opened.", "It is about your card ending 1844."),
    ("بطاقتك المنتهية بـ 4070 مجمدة.", "رقم الشكوى 300980329511."),
    ("Votre carte se terminant par 5736 est bloquée.", "Composez le 8001244444."),
]


@pytest.mark.parametrize(("first", "second"), THREADS)
def test_a_reference_or_a_phone_number_in_the_thread_joins_no_card(
    guards: list[Guard], first: str, second: str
) -> None:
    joined = "".join(c for c in first + second if c.isdigit())
    assert is_card_number(joined)  # what the old join reported
    for guard in guards:
        assert scan_thread(guard, [{"text": first}, {"text": second}]) == []


def test_last_digits_end_a_card_and_never_begin_one(guards: list[Guard]) -> None:
    for guard in guards:
        # "ending 4070" and then a number the text does not label: still no card
        assert scan_thread(guard, [{"text": "card ending 4070"}, {"text": "3009 8032 9511"}]) == []
        guard.reset()
        # the card's start, then its last digits: a card
        start, end = {"text": "Your card starts 4070 3009 8032"}, {"text": "and ends 9511"}
        assert len(cards(scan_thread(guard, [start, end], "u"))) == 1


def test_a_reference_then_a_card_word_is_no_card_with_the_quick_check_on_or_off(
    guards: list[Guard],
) -> None:
    """The guard's old comment kept numbers near "ref" as card pieces; the red team's threads
    show a reference is a reference (``tests/boundary/test_guard_quick_differential.py`` still
    checks that an unlabelled first half is remembered)."""
    for guard in guards:
        assert scan_thread(guard, [{"text": "ref 5500-0000"}, {"text": "card 0000 0004"}]) == []


def test_a_canary_split_next_to_labels_is_still_found(engine: bool) -> None:
    """Labels and last digits restrict card and id joins only: a canary's pieces are a leak
    whatever the text says about them."""
    customer = CustomerFactory(seed=3).customer("en_US")
    digits = "".join(c for c in customer.accounts[0].number if c.isdigit())
    first, second = digits[: len(digits) // 2], digits[len(digits) // 2 :]
    for quick in (True, False):
        guard = Guard(canaries=[customer], use_hyperscan=engine)
        if not quick:
            guard._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
        messages = [{"text": f"ending {first}"}, {"text": f"reference {second}"}]
        found = [f for f in scan_thread(guard, messages) if f.category == "canary"]
        assert [f.value_category for f in found] == ["account_number"]


# -- Messenger's own ids ------------------------------------------------------------------------

#: A 16-digit PSID that passes Luhn in the Visa range (about 4% of random PSIDs do).
LUHN_PSID = "4375377612540063"
#: A 15-digit page id that is a valid French NIR by chance.
NIR_PAGE_ID = "102345678901234"
V21 = "https://graph.facebook.com/v21.0/"


def post(url: str, body: dict | str, content_type: str = "application/json") -> EgressRecord:
    data = body if isinstance(body, str) else json.dumps(body)
    return EgressRecord.make("POST", url, {"content-type": content_type}, data)


def to_psid(message: dict, psid: str = LUHN_PSID) -> EgressRecord:
    return post(V21 + "me/messages", {"recipient": {"id": psid}, "message": message})


def button(url: str) -> dict:
    buttons = [{"type": "account_link", "url": url}]
    template = {"template_type": "button", "text": "Log in", "buttons": buttons}
    return {"attachment": {"type": "template", "payload": template}}


ID_REQUESTS = {
    "account_link url": to_psid(button(f"https://bank.example/link?psid={LUHN_PSID}")),
    "metadata": to_psid({"text": "Connecting you to an agent", "metadata": f"psid={LUHN_PSID}"}),
    "quick reply payload": to_psid(
        {
            "text": "Choose",
            "quick_replies": [
                {"content_type": "text", "title": "Agent", "payload": f"AGENT|{LUHN_PSID}"}
            ],
        }
    ),
    "handover metadata": post(
        V21 + "me/pass_thread_control",
        {
            "recipient": {"id": LUHN_PSID},
            "target_app_id": 263902037430900,
            "metadata": json.dumps({"psid": LUHN_PSID, "reason": "agent"}),
        },
    ),
    "custom label": post(V21 + "1712345678901234/label", {"user": LUHN_PSID}),
    "batch": post(
        V21,
        "batch="
        + quote(
            json.dumps(
                [
                    {
                        "method": "POST",
                        "relative_url": "me/messages",
                        "body": "recipient="
                        + quote(json.dumps({"id": LUHN_PSID}))
                        + "&message="
                        + quote(json.dumps({"text": "Hello"})),
                    }
                ]
            )
        ),
        "application/x-www-form-urlencoded",
    ),
    "m.me link": to_psid({"text": f"Chat with us anytime on https://m.me/{NIR_PAGE_ID}"}, "1"),
    "facebook page button": to_psid(button(f"https://www.facebook.com/{NIR_PAGE_ID}"), "1"),
}


@pytest.mark.parametrize("name", sorted(ID_REQUESTS))
def test_a_number_the_request_names_as_a_messenger_id_is_that_id_wherever_it_appears(
    guards: list[Guard], name: str
) -> None:
    for guard in guards:
        assert guard.scan(ID_REQUESTS[name]) == []


def test_the_psid_would_be_a_card_and_the_page_id_a_national_id_elsewhere(
    guards: list[Guard],
) -> None:
    for guard in guards:
        assert [f.category for f in guard.scan(to_psid({"text": f"card {LUHN_PSID}"}, "1"))] == [
            "card_number"
        ]
        found = guard.scan(to_psid({"text": f"Your NIR: {NIR_PAGE_ID}"}, "1"))
        assert [f.category for f in found] == ["national_id"]


def test_a_card_is_found_when_the_request_names_another_id(guards: list[Guard]) -> None:
    """The same reply to another recipient: its card number is no id of that request, and a
    guard that remembered one of the two replies must not answer the other from memory.

    (The other order differs: once a guard has scanned a reply to that PSID it knows the number
    as a recipient's id in every later request: ``test_guard_known_ids.py``.)
    """
    message = {"text": "Your card", "metadata": f"psid={LUHN_PSID}"}
    for guard in guards:
        found = guard.scan(to_psid(message, "24012345678901234"))
        assert [f.category for f in found] == ["card_number"]
        assert guard.scan(to_psid(message)) == []
        assert guard.scan(to_psid(message)) == []


def test_only_links_to_messenger_hosts_name_a_page_id(guards: list[Guard]) -> None:
    for link in (f"https://m.me.bank.example/{NIR_PAGE_ID}", f"https://notm.me/{NIR_PAGE_ID}"):
        for guard in guards:
            found = guard.scan(to_psid({"text": f"Our page: {link}"}, "1"))
            assert [f.category for f in found] == ["national_id"], link


def test_a_canary_card_used_as_an_id_is_still_a_canary(engine: bool) -> None:
    customer = CustomerFactory(seed=4).customer("en_US")
    number = customer.cards[0].number.replace(" ", "")
    for quick in (True, False):
        guard = Guard(canaries=[customer], use_hyperscan=engine)
        if not quick:
            guard._quick.clean = lambda *args, **kwargs: (False, None)  # type: ignore[method-assign]
        found = guard.scan(to_psid({"text": "Hi", "metadata": number}, number))
        assert [(f.category, f.value_category) for f in found] == [("canary", "card_number")]


def test_ids_are_named_by_the_policy() -> None:
    """``id: true`` on an exemption says its value is an id; without it the same digits
    elsewhere are read as what they look like."""
    from mockmessenger.boundary import Policy

    policy = Policy.default()
    assert policy.names_id("$.recipient.id", "graph.facebook.com")
    assert policy.names_id("$.user", "graph.facebook.com")
    assert policy.names_id("url.path[1]", "graph.facebook.com")
    assert not policy.names_id("$.user", "api.bank.example")
    assert not policy.names_id("query.access_token", "graph.facebook.com")
    plain = Policy.from_dict(
        {"version": 1, "forbidden": ["card_number"], "exempt": [{"path": "$.recipient.id"}]}
    )
    assert not plain.names_id("$.recipient.id", "graph.facebook.com")
    message = {"text": "Choose", "metadata": f"AGENT|{LUHN_PSID}"}
    assert [f.category for f in Guard(plain).scan(to_psid(message))] == ["card_number"]
    with pytest.raises(Exception, match="is not of type 'boolean'"):
        Policy.from_dict(
            {"version": 1, "forbidden": ["card_number"], "exempt": [{"path": "$.x", "id": "yes"}]}
        )
