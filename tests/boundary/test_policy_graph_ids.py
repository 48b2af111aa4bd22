"""Graph node ids (PSIDs) that happen to pass Luhn are ids, not card numbers, on Meta's hosts only."""

from mockmessenger.boundary import Guard, Policy
from mockmessenger.records import EgressRecord

LUHN_VALID_PSID = "4159584213838703"


def categories(record: EgressRecord) -> list[str]:
    return sorted(f.category for f in Guard().scan(record))


def test_a_psid_in_a_graph_path_is_not_a_card_number() -> None:
    url = f"https://graph.facebook.com/v25.0/{LUHN_VALID_PSID}?fields=first_name,locale"
    assert categories(EgressRecord.make("GET", url)) == []


def test_a_psid_in_thread_owner_query_and_unlink_body_is_not_a_card_number() -> None:
    owner = f"https://graph.facebook.com/v25.0/me/thread_owner?recipient={LUHN_VALID_PSID}"
    assert categories(EgressRecord.make("GET", owner)) == []
    unlink = EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/unlink_accounts",
        {"content-type": "application/json"},
        f'{{"psid": "{LUHN_VALID_PSID}"}}',
    )
    assert categories(unlink) == []


def test_the_same_number_elsewhere_is_still_a_card_number() -> None:
    other_host = f"https://evil.example.com/v25.0/{LUHN_VALID_PSID}"
    assert "card_number" in categories(EgressRecord.make("GET", other_host))
    in_text = EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/messages",
        {"content-type": "application/json"},
        f'{{"recipient": {{"id": "1"}}, "message": {{"text": "card {LUHN_VALID_PSID}"}}}}',
    )
    assert "card_number" in categories(in_text)


def test_exempt_globs_keep_brackets_literal() -> None:
    policy = Policy.from_dict(
        {"version": 1, "forbidden": ["card_number"], "exempt": [{"path": "$.items[*].id"}]}
    )
    assert policy.is_exempt("$.items[3].id", "api.example.com")
    assert not policy.is_exempt("$.itemsX.id", "api.example.com")


def test_only_the_node_id_segment_is_exempt() -> None:
    deeper = "https://graph.facebook.com/v25.0/me/4111111111111111"
    assert "card_number" in categories(EgressRecord.make("GET", deeper))
