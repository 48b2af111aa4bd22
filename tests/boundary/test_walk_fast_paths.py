"""Fast paths of the record walk give exactly the fields of the plain walk they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockmessenger.boundary.walk import walk_headers, walk_record, walk_url
from mockmessenger.records import EgressRecord

URL = "https://graph.facebook.com/v19.0/me/messages?access_token=EAAB&note=4111111111111111"
HEADERS = (("content-type", "application/json"), ("x-trace", "acct 12345678"))


def plain_envelope(record: EgressRecord) -> list[object]:
    return [*walk_url(record.url), *walk_headers(record)]


def test_a_remembered_envelope_gives_the_same_fields_as_walking_it() -> None:
    record = EgressRecord("POST", URL, HEADERS, b'{"message":{"text":"hi"}}')
    first = walk_record(record)
    again = walk_record(EgressRecord("POST", URL, HEADERS, b'{"message":{"text":"bye"}}'))
    envelope = plain_envelope(record)
    assert first[: len(envelope)] == envelope
    assert again[: len(envelope)] == envelope
    assert ("query.note", "4111111111111111", False) in envelope
    assert ("header.x-trace", "acct 12345678", False) in envelope


def test_each_url_and_header_set_keeps_its_own_fields() -> None:
    one = walk_record(EgressRecord("POST", URL, HEADERS, b""))
    other_headers = (("x-trace", "iban SA0380000000608010167519"),)
    other = walk_record(EgressRecord("POST", URL + "&x=1", other_headers, b""))
    assert other == plain_envelope(EgressRecord("POST", URL + "&x=1", other_headers))
    assert other != one


def test_headers_given_as_a_list_are_still_walked() -> None:
    headers = [("x-trace", "card 4111111111111111")]
    record = EgressRecord("POST", URL, headers, b"")  # type: ignore[arg-type]
    assert walk_record(record) == plain_envelope(record)
    assert walk_record(record) == plain_envelope(record)


@settings(max_examples=60, deadline=None)
@given(
    path=st.text("abc019/%", max_size=12),
    query=st.text("ab=&19%", max_size=12),
    header=st.text(max_size=12),
)
def test_walk_record_envelope_matches_the_plain_walk(path: str, query: str, header: str) -> None:
    record = EgressRecord("POST", f"https://h.example/{path}?{query}", (("x-a", header),), b"")
    for _ in range(2):  # the second walk is served from memory
        assert walk_record(record) == plain_envelope(record)


def test_a_repeated_json_key_hides_no_value() -> None:
    """A dict keeps a repeated key's last value; a receiver may read the first. Both are scanned."""
    from mockmessenger.boundary import Guard
    from mockmessenger.boundary.walk import _json_loads as loads
    from mockmessenger.boundary.walk import walk_json

    fields = walk_json(loads('{"text": "4111 1111 1111 1111", "text": "hello", "n": {"a": 1}}'))
    assert [(f.path, f.text) for f in fields if not f.key] == [
        ("$.text", "4111 1111 1111 1111"),
        ("$.text", "hello"),
        ("$.n.a", "1"),
    ]
    body = '{"recipient": {"id": "1"}, "message": {"text": "4111 1111 1111 1111", "text": "ok"}}'
    record = EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/messages",
        {"content-type": "application/json"},
        body,
    )
    assert [f.category for f in Guard().scan(record)] == ["card_number"]
