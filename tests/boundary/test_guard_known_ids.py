"""Messenger ids known from earlier requests (and registered ones) are ids in later requests.

A bot copies the user's PSID into a third party's query (analytics, a CRM): about one real PSID
in ten passes the Luhn check, and such a copy must not read as a card number.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockmessenger.boundary import Guard, Policy
from mockmessenger.cli.scan import scan_files
from mockmessenger.records import EgressRecord

LUHN_VALID_PSID = "4159584213838703"
OTHER_CARD = "4539578763621486"
SEND_API = "https://graph.facebook.com/v25.0/me/messages"


def reply_to(psid: str, text: str = "Hello!") -> EgressRecord:
    body = json.dumps({"recipient": {"id": psid}, "message": {"text": text}})
    return EgressRecord.make("POST", SEND_API, {"content-type": "application/json"}, body)


def analytics(query: str) -> EgressRecord:
    return EgressRecord.make("GET", f"https://analytics.example.com/e?{query}")


def cards(findings: list) -> list[str]:
    return [f.category for f in findings if f.category == "card_number"]


@pytest.fixture(params=[True, False], ids=["hyperscan", "re"])
def guard(request: pytest.FixtureRequest) -> Guard:
    return Guard(use_hyperscan=request.param)


def test_a_psid_seen_as_a_recipient_is_an_id_in_a_third_partys_query(guard: Guard) -> None:
    assert cards(guard.scan(analytics(f"uid={LUHN_VALID_PSID}"))) == ["card_number"]
    guard.scan(reply_to(LUHN_VALID_PSID))
    assert cards(guard.scan(analytics(f"uid={LUHN_VALID_PSID}&n=2"))) == []


def test_a_card_beside_a_known_psid_is_still_found(guard: Guard) -> None:
    guard.scan(reply_to(LUHN_VALID_PSID))
    found = guard.scan(analytics(f"uid={LUHN_VALID_PSID}&card={OTHER_CARD}"))
    assert cards(found) == ["card_number"]
    assert all(f.path == "query.card" for f in found if f.category == "card_number")


def test_a_remembered_scan_is_not_replayed_once_the_id_is_known(guard: Guard) -> None:
    leak = analytics(f"uid={LUHN_VALID_PSID}")
    assert cards(guard.scan(leak)) == ["card_number"]
    assert cards(guard.scan(leak)) == ["card_number"]  # (from the memo)
    guard.add_known_ids([LUHN_VALID_PSID])
    assert cards(guard.scan(leak)) == []


def test_registered_ids_are_ids_and_survive_reset(guard: Guard) -> None:
    guard.add_known_ids([LUHN_VALID_PSID, "not an id", "12"])
    guard.reset()
    assert cards(guard.scan(analytics(f"page={LUHN_VALID_PSID}"))) == []


def test_a_canary_equal_to_a_known_id_is_still_reported() -> None:
    from mockmessenger.boundary.canaries import CustomerFactory

    customer = CustomerFactory(seed=3).customers(1)[0]
    guard = Guard(canaries=[customer])
    guard.add_known_ids([customer.cards[0].number])
    found = guard.scan(analytics(f"x={customer.cards[0].number}"))
    assert "canary" in {f.category for f in found}


def test_only_a_recipient_the_policy_names_as_an_id_is_learned() -> None:
    policy = Policy.from_dict({"version": 1, "forbidden": ["card_number"]})  # no id: true
    guard = Guard(policy)
    guard.scan(reply_to(LUHN_VALID_PSID))
    assert cards(guard.scan(analytics(f"uid={LUHN_VALID_PSID}"))) == ["card_number"]


def test_fresh_copies_share_the_known_ids() -> None:
    session = Guard()
    session.scan(reply_to(LUHN_VALID_PSID))
    test_guard = session.fresh()
    assert cards(test_guard.scan(analytics(f"uid={LUHN_VALID_PSID}"))) == []


def test_the_scan_command_learns_a_recordings_psids_before_scanning(tmp_path: Path) -> None:
    lines = [
        {"method": "GET", "url": f"https://analytics.example.com/e?uid={LUHN_VALID_PSID}"},
        {
            "method": "POST",
            "url": SEND_API,
            "headers": {"content-type": "application/json"},
            "body": {"recipient": {"id": LUHN_VALID_PSID}, "message": {"text": "Hi"}},
        },
    ]
    recording = tmp_path / "traffic.jsonl"
    recording.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    found = [finding for _, finding in scan_files([str(recording)])]
    assert cards(found) == []
    assert {f.category for f in found} == {"destination"}  # the unknown host, still reported


def test_the_harness_registers_its_users_and_page(tmp_path: Path) -> None:
    from mockmessenger.harness import Messenger
    from mockmessenger.platform import Platform
    from mockmessenger.transports.inprocess import InProcessDoor

    platform = Platform()
    guard = Guard()
    door = InProcessDoor(lambda scope, receive, send: None, lifespan=False)
    messenger = Messenger(platform, door, guard)
    messenger.start()
    try:
        messenger.user(psid=LUHN_VALID_PSID)
        page = platform.config.page_id
        found = guard.scan(analytics(f"uid={LUHN_VALID_PSID}&page={page}"))
    finally:
        messenger.close()
    assert cards(found) == []
    assert LUHN_VALID_PSID in guard._known_ids and page in guard._known_ids
