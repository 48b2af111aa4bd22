"""Reading flows and HAR files into exchanges; malformed files get clear errors."""

from __future__ import annotations

import json

import pytest

from mockmessenger.errors import InputError
from mockmessenger.recording.capture import read_capture


def _write_flows(path, items, to_flow):
    from mitmproxy import io

    with path.open("wb") as handle:
        writer = io.FlowWriter(handle)
        for item in items:
            writer.add(to_flow(item))


def test_flow_file_round_trip(tmp_path, samples):
    items = samples.conversation()
    path = tmp_path / "conversation.flows"
    _write_flows(path, items, samples.to_flow)
    read = read_capture(path)
    assert [c.url for c in read] == [c.url for c in items]
    assert read[0].request_body == items[0].request_body
    assert read[1].response_body == items[1].response_body
    assert read[2].status == 200


def test_har_round_trip(tmp_path, samples):
    items = samples.conversation()
    path = tmp_path / "conversation.har"
    path.write_text(json.dumps(samples.to_har(items)))
    read = read_capture(path)
    assert [c.method for c in read] == [c.method for c in items]
    assert read[4].request_body == items[4].request_body
    assert read[1].response_body == items[1].response_body


def test_har_base64_bodies_are_decoded(tmp_path, samples):
    har = samples.to_har(samples.conversation()[:1])
    har["log"]["entries"][0]["response"]["content"] = {"text": "aGVsbG8=", "encoding": "base64"}
    path = tmp_path / "b64.har"
    path.write_text(json.dumps(har))
    assert read_capture(path)[0].response_body == b"hello"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"log": {"entries": [', "invalid JSON"),
        ('{"log": {}}', "log.entries"),
        ('{"log": {"entries": [{"request": {"method": "GET"}}]}}', "log.entries[0].request.url"),
        ('{"log": {"entries": [{"response": {}}]}}', "log.entries[0].request"),
        (
            '{"log": {"entries": [{"request": {"method": "GET", "url": "https://x", "headers": 3}}]}}',
            "log.entries[0].request.headers",
        ),
    ],
)
def test_malformed_har_names_file_and_field(tmp_path, content, expected):
    path = tmp_path / "bad.har"
    path.write_text(content)
    with pytest.raises(InputError) as error:
        read_capture(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


def test_invalid_json_har_names_the_line(tmp_path):
    path = tmp_path / "bad.har"
    path.write_text('{\n  "log": {\n    "entries": [,]\n  }\n}')
    with pytest.raises(InputError) as error:
        read_capture(path)
    assert error.value.problems[0].line == 3


@pytest.mark.parametrize(
    "content",
    [b"this is not a flow file at all\n", b"12:not-a-tnetstring", b"\x00\x01\x02garbage"],
)
def test_malformed_flow_file_gets_a_clear_error(tmp_path, content):
    path = tmp_path / "bad.flows"
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        read_capture(path)
    assert str(path) in str(error.value)
    assert "flow file" in str(error.value)


def test_truncated_flow_file_says_how_far_it_got(tmp_path, samples):
    path = tmp_path / "cut.flows"
    _write_flows(path, samples.conversation(), samples.to_flow)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError) as error:
        read_capture(path)
    assert "flow(s) read before the problem" in str(error.value)


def test_empty_and_missing_files(tmp_path):
    empty = tmp_path / "empty.har"
    empty.write_text("  \n")
    with pytest.raises(InputError, match="empty"):
        read_capture(empty)
    with pytest.raises(InputError, match="cannot read"):
        read_capture(tmp_path / "missing.har")
