"""Traffic readers: JSON, JSON Lines, HAR, mitmproxy flows and stdin into EgressRecords."""

from __future__ import annotations

import base64
import gzip
import io
import json

import pytest
from mitmproxy import http
from mitmproxy.io import FlowWriter
from mitmproxy.test import tflow

from mockmessenger.errors import InputError
from mockmessenger.records import EgressRecord
from mockmessenger.traffic import DEFAULT_URL, parse_traffic, read_traffic

BODY = {"recipient": {"id": "psid-1"}, "message": {"text": "Your balance is ready"}}


def write(tmp_path, name: str, content: str | bytes):
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def test_a_json_file_is_one_send_api_body(tmp_path):
    [record] = read_traffic(write(tmp_path, "body.json", json.dumps(BODY)))
    assert (record.method, record.url, record.index) == ("POST", DEFAULT_URL, 0)
    assert json.loads(record.body) == BODY
    assert record.content_type == "application/json"
    assert record.thread == "psid-1"


def test_a_json_file_may_hold_one_whole_request(tmp_path):
    request = {"method": "GET", "url": "https://x.test/p?a=1", "headers": {"x-a": "1"}, "body": ""}
    [record] = read_traffic(write(tmp_path, "one.json", json.dumps(request)))
    assert (record.method, record.query, record.header("x-a"), record.body) == (
        "GET",
        "a=1",
        "1",
        b"",
    )


def test_json_lines_mix_bare_bodies_and_full_records(tmp_path):
    full = {
        "method": "post",
        "url": "https://analytics.example.com/collect?q=1",
        "headers": {"Content-Type": "text/plain"},
        "body": "hello",
    }
    raw = EgressRecord.make("PUT", "https://x.test/a", {"a": "b"}, b"\xff\x00").to_dict()
    lines = [
        json.dumps(BODY),
        "",
        json.dumps(full),
        json.dumps(raw),
        json.dumps({"method": "GET", "url": "https://x.test/", "body": {"k": 1}}),
    ]
    records = read_traffic(write(tmp_path, "t.jsonl", "\n".join(lines) + "\n"))
    assert [r.index for r in records] == [0, 1, 2, 3]
    assert records[0].url == DEFAULT_URL
    assert (records[1].method, records[1].host, records[1].body) == (
        "POST",
        "analytics.example.com",
        b"hello",
    )
    assert records[1].header("content-type") == "text/plain"
    assert records[2].body == b"\xff\x00"
    assert json.loads(records[3].body) == {"k": 1} and records[3].content_type == "application/json"


def test_json_lines_are_recognised_without_the_extension(tmp_path):
    records = read_traffic(write(tmp_path, "t.txt", json.dumps(BODY) + "\n" + json.dumps(BODY)))
    assert len(records) == 2


def test_a_bad_json_line_is_named_by_its_number(tmp_path):
    path = write(tmp_path, "t.jsonl", json.dumps(BODY) + "\n" + json.dumps(BODY) + "\n{oops\n")
    with pytest.raises(InputError) as error:
        read_traffic(path)
    problem = error.value.problems[0]
    assert (problem.file, problem.line) == (str(path), 3)
    assert "t.jsonl:3" in str(error.value)


def test_a_bad_field_of_a_json_line_is_named(tmp_path):
    line = json.dumps({"method": "POST", "url": "https://x.test", "headers": 5})
    with pytest.raises(InputError) as error:
        read_traffic(write(tmp_path, "t.jsonl", line))
    assert error.value.problems[0].field == "headers"
    assert error.value.problems[0].line == 1


def test_not_json_is_an_error_with_line_and_column(tmp_path):
    with pytest.raises(InputError) as error:
        read_traffic(write(tmp_path, "x.json", '{\n  "a": 1,\n  oops\n}'))
    problem = error.value.problems[0]
    assert problem.line == 3 and "not JSON" in problem.message


def har(entries):
    return {"log": {"version": "1.2", "creator": {"name": "t", "version": "1"}, "entries": entries}}


def har_entry(url, body=None, mime="application/json", encoding=None, params=None):
    request = {
        "method": "POST",
        "url": url,
        "headers": [{"name": "X-Test", "value": "1"}],
        "httpVersion": "HTTP/1.1",
    }
    if body is not None or params is not None:
        post = {"mimeType": mime}
        if body is not None:
            post["text"] = body
        if encoding:
            post["encoding"] = encoding
        if params is not None:
            post["params"] = params
        request["postData"] = post
    return {"startedDateTime": "2026-01-02T03:04:05.000Z", "request": request, "response": {}}


def test_har_entries_become_records_in_order(tmp_path):
    doc = har(
        [
            har_entry("https://graph.facebook.com/v25.0/me/messages", json.dumps(BODY)),
            har_entry(
                "https://x.test/form",
                mime="application/x-www-form-urlencoded",
                params=[{"name": "a", "value": "1 2"}],
            ),
            har_entry(
                "https://x.test/b64",
                base64.b64encode(b"binary\x00").decode(),
                "application/octet-stream",
                "base64",
            ),
            {"request": {"method": "GET", "url": "https://x.test/q?a=1", "headers": []}},
        ]
    )
    records = read_traffic(write(tmp_path, "t.har", json.dumps(doc)))
    assert [r.index for r in records] == [0, 1, 2, 3]
    assert json.loads(records[0].body) == BODY and records[0].thread == "psid-1"
    assert records[0].header("x-test") == "1" and records[0].timestamp > 0
    assert records[1].body == b"a=1+2"
    assert records[2].body == b"binary\x00"
    assert (records[3].method, records[3].query, records[3].body) == ("GET", "a=1", b"")


def test_a_har_without_entries_is_an_error(tmp_path):
    with pytest.raises(InputError) as error:
        read_traffic(write(tmp_path, "t.har", json.dumps({"log": {"version": "1.2"}})))
    assert error.value.problems[0].field == "log.entries"


def test_a_bad_har_entry_is_named(tmp_path):
    doc = har([har_entry("https://x.test/"), {"request": {"method": "GET"}}])
    with pytest.raises(InputError) as error:
        read_traffic(write(tmp_path, "t.har", json.dumps(doc)))
    assert "entry 1" in str(error.value)
    assert error.value.problems[0].field.startswith("log.entries[1]")


def flow_file(*requests) -> bytes:
    out = io.BytesIO()
    writer = FlowWriter(out)
    for request in requests:
        writer.add(tflow.tflow(req=request, resp=True))
    return out.getvalue()


def test_mitmproxy_flows_become_records_with_raw_bodies(tmp_path):
    zipped = http.Request.make(
        "POST", "https://graph.facebook.com/v25.0/me/messages", b"", {"content-encoding": "gzip"}
    )
    zipped.raw_content = gzip.compress(json.dumps(BODY).encode())
    plain = http.Request.make("GET", "https://analytics.example.com/p?x=1")
    records = read_traffic(write(tmp_path, "t.mitm", flow_file(zipped, plain)))
    assert [r.index for r in records] == [0, 1]
    assert records[0].header("content-encoding") == "gzip"
    assert json.loads(gzip.decompress(records[0].body)) == BODY
    assert (records[1].method, records[1].url) == ("GET", "https://analytics.example.com/p?x=1")


def test_a_flow_file_is_recognised_by_content(tmp_path):
    data = flow_file(http.Request.make("GET", "https://x.test/"))
    assert len(read_traffic(write(tmp_path, "capture.bin", data))) == 1


def test_a_corrupt_flow_file_is_an_error(tmp_path):
    data = flow_file(http.Request.make("GET", "https://x.test/"))
    with pytest.raises(InputError) as error:
        read_traffic(write(tmp_path, "t.mitm", data[: len(data) // 2]))
    assert "corrupt mitmproxy flow file" in str(error.value)
    assert str(tmp_path / "t.mitm") in str(error.value)


@pytest.mark.parametrize("content", ["", "  \n\n"])
def test_an_empty_file_is_an_error(tmp_path, content):
    with pytest.raises(InputError, match="empty file"):
        read_traffic(write(tmp_path, "e.json", content))


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(InputError, match="no such file") as error:
        read_traffic(tmp_path / "nope.har")
    assert error.value.problems[0].file.endswith("nope.har")


def test_dash_reads_standard_input():
    records = read_traffic("-", stdin=io.BytesIO(json.dumps(BODY).encode()))
    assert records[0].source == "<stdin>" and json.loads(records[0].body) == BODY


def test_binary_that_is_neither_text_nor_flows_is_an_error():
    with pytest.raises(InputError, match="not UTF-8"):
        parse_traffic(b"\x89PNG\r\n\x1a\n\xff\xfe", "img.png")
