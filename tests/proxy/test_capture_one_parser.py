"""`record --from` and `scan` read HAR and flow files through one parser: same fields, same errors."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from mitmproxy import http
from mitmproxy.io import FlowWriter
from mitmproxy.test import tflow

from mockmessenger.errors import InputError
from mockmessenger.recording.capture import read_capture
from mockmessenger.traffic import read_traffic


def _har(tmp_path, entries, name="t.har"):
    path = tmp_path / name
    path.write_text(json.dumps({"log": {"entries": entries}}), encoding="utf-8")
    return path


def _flows(tmp_path, *requests, name="t.flows"):
    out = io.BytesIO()
    writer = FlowWriter(out)
    for request in requests:
        writer.add(tflow.tflow(req=request, resp=True))
    path = tmp_path / name
    path.write_bytes(out.getvalue())
    return path


def test_a_har_form_post_gives_the_same_body_to_record_and_scan(tmp_path):
    entry = {
        "request": {
            "method": "POST",
            "url": "https://graph.facebook.com/v25.0/me/messages",
            "headers": [],
            "postData": {
                "mimeType": "application/x-www-form-urlencoded",
                "params": [{"name": "recipient", "value": '{"id":"7"}'}],
            },
        }
    }
    path = _har(tmp_path, [entry])
    exchange, record = read_capture(path)[0], read_traffic(path)[0]
    assert exchange.request_body == record.body == b"recipient=%7B%22id%22%3A%227%22%7D"
    assert exchange.header("content-type") == record.header("content-type")
    assert record.header("content-type") == "application/x-www-form-urlencoded"


@pytest.mark.parametrize(
    ("entry", "field", "words"),
    [
        ({"request": {"method": "GET", "url": ""}}, "log.entries[0].request.url", "is empty"),
        (
            {"request": {"method": "POST", "url": "https://x.test/", "postData": "a=1"}},
            "log.entries[0].request.postData",
            "must be an object",
        ),
        (
            {"request": {"method": "GET", "url": "https://x.test/", "headers": {"a": "1"}}},
            "log.entries[0].request.headers",
            "list of {name, value}",
        ),
        (
            {
                "request": {
                    "method": "POST",
                    "url": "https://x.test/",
                    "postData": {"text": "%%%", "encoding": "base64"},
                }
            },
            "log.entries[0].request.postData.text",
            "base64",
        ),
        (
            {"request": {"method": "GET", "url": "https://x.test/"}, "response": {"content": 3}},
            "log.entries[0].response.content",
            "must be an object",
        ),
        ("not an entry", "log.entries[0]", "an entry must be an object"),
    ],
)
def test_a_bad_har_entry_is_the_same_error_for_record_and_scan(tmp_path, entry, field, words):
    path = _har(tmp_path, [entry])
    for reader in (read_capture, read_traffic):
        with pytest.raises(InputError) as error:
            reader(path)
        problem = error.value.problems[0]
        assert (problem.file, problem.field) == (str(path), field)
        assert "entry 0" in problem.message and words in problem.message


def test_every_bad_har_entry_is_reported_not_only_the_first(tmp_path):
    good = {"request": {"method": "GET", "url": "https://x.test/"}}
    path = _har(tmp_path, [{"request": {"method": "GET"}}, good, {"response": {}}])
    with pytest.raises(InputError) as error:
        read_traffic(path)
    fields = [p.field for p in error.value.problems]
    assert fields == ["log.entries[0].request.url", "log.entries[2].request"]


def test_flow_headers_are_utf8_text_and_never_unencodable(tmp_path):
    request = http.Request.make("GET", "https://x.test/")
    request.headers.fields = (
        (b"x-name", "٤١١١ محمد".encode()),
        (b"x-bytes", b"caf\xe9"),
    )
    path = _flows(tmp_path, request)
    for exchange in (read_capture(path)[0], read_traffic(path)[0]):
        assert exchange.header("x-name") == "٤١١١ محمد"
        assert exchange.header("x-bytes") == "café"


def test_flows_keep_the_raw_body_for_scan_and_the_decoded_one_for_record(tmp_path):
    body = json.dumps({"recipient": {"id": "7"}, "message": {"text": "hi"}}).encode()
    request = http.Request.make(
        "POST", "https://graph.facebook.com/v25.0/me/messages", b"", {"content-encoding": "gzip"}
    )
    request.raw_content = gzip.compress(body)
    path = _flows(tmp_path, request)
    assert read_capture(path)[0].request_body == body
    assert gzip.decompress(read_traffic(path)[0].body) == body


def test_an_unreadable_flow_file_is_the_same_error_for_record_and_scan(tmp_path):
    path = _flows(tmp_path, http.Request.make("GET", "https://x.test/"), name="cut.flows")
    path.write_bytes(path.read_bytes()[:-9])
    messages = []
    for reader in (read_capture, read_traffic):
        with pytest.raises(InputError) as error:
            reader(path)
        messages.append(str(error.value))
    assert messages[0] == messages[1]
    assert str(path) in messages[0] and "0 flow(s) read before the problem" in messages[0]


def test_the_live_guard_blocks_a_leak_whatever_bytes_its_headers_hold():
    from mockmessenger.boundary import Guard
    from mockmessenger.transports.proxy.flows import egress_record
    from mockmessenger.transports.proxy.guard_addon import GuardAddon

    request = http.Request.make(
        "POST",
        "https://analytics.example.com/collect",
        b'{"card": "4111 1111 1111 1111"}',
        {"content-type": "application/json"},
    )
    request.headers.fields = (*request.headers.fields, (b"x-city", b"Montr\xe9al"))
    flow = tflow.tflow(req=request)
    flow.response = None
    assert egress_record(flow).header("x-city") == "Montréal"
    addon = GuardAddon(Guard(), mode="block")
    addon.request(flow)
    assert flow.response is not None and flow.response.status_code >= 400
    assert "card_number" in {f.category for f in addon.findings}
