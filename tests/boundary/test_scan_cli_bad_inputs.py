"""``mockmessenger scan`` and ``record`` on hostile input: a clear error or finding, exit 2 on
bad input, never a traceback, and never a sensitive value echoed back in the message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockmessenger.cli import main
from mockmessenger.errors import InputError, InputProblem

CARD = "4111 1111 1111 1111"
CARD_DIGITS = CARD.replace(" ", "")
IBAN = "GB82WEST12345698765432"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def assert_masked(text: str) -> None:
    for value in (CARD, CARD_DIGITS, IBAN, "12345698765432"):
        assert value not in text, text


def scan(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["scan", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# -- 1. nothing sensitive in error messages ------------------------------------------------


def test_every_input_problem_masks_its_message_and_field():
    problem = InputProblem(f"unknown key '{CARD}' near {IBAN}", file="a.yaml", field=CARD_DIGITS)
    assert_masked(str(problem))
    assert_masked(str(InputError(f"bad value {CARD_DIGITS}", file="x.json")))
    assert "a.yaml" in str(problem) and "unknown key" in str(problem)


@pytest.mark.parametrize(
    "content",
    [
        f"45:4:type;19:{CARD};7:version;2:21#}}".encode(),  # Unknown flow type: <card>
        f"44:4:type;4:http;7:version;16:{CARD_DIGITS}#}}".encode(),  # flow format version <card>
    ],
)
def test_a_flow_file_error_does_not_repeat_the_bad_value(tmp_path, capsys, content):
    path = write(tmp_path, "bad.flows", content)
    code, _, err = scan(capsys, str(path))
    assert code == 2
    assert "bad.flows" in err and "corrupt mitmproxy flow file" in err
    assert_masked(err)


# -- 2. no tracebacks: deep JSON, huge numbers, bad URLs and timestamps ------------------

DEEP = "[" * 5000 + "]" * 5000
HUGE = "9" * 5000
URL = "https://graph.facebook.com/v25.0/me/messages"


def record(**fields) -> str:
    return json.dumps({"method": "POST", "url": URL, "body": "x", **fields})


@pytest.mark.parametrize(
    ("name", "content", "where", "words"),
    [
        ("deep.json", DEEP, "deep.json:", "nested too deeply"),
        ("deep_obj.json", '{"a":' * 3000 + "1" + "}" * 3000, "deep_obj.json:", "nested too"),
        ("deep.jsonl", '{"a": 1}\n' + DEEP + "\n", "deep.jsonl:2:", "nested too deeply"),
        ("huge.json", '{"x": ' + HUGE + "}", "huge.json:1:7:", "more than 4300 digits"),
        ("huge.jsonl", '{"x": ' + HUGE + '}\n{"y": 1}\n', "huge.jsonl:1:7:", "4300 digits"),
        ("ts.json", record(timestamp=10**400), "ts.json:1: [timestamp]", "too large"),
        (
            "url.json",
            record(url=f"http://[::1:bad/{CARD_DIGITS}"),
            "url.json:1: [url]",
            "not a valid URL (Invalid IPv6 URL)",
        ),
    ],
)
def test_unreadable_traffic_is_a_clear_error(tmp_path, capsys, name, content, where, words):
    path = write(tmp_path, name, content)
    code, out, err = scan(capsys, str(path))
    assert code == 2, out
    assert f"{tmp_path / where}" in err or where in err
    assert words in err
    assert_masked(err)


def test_a_har_url_that_does_not_parse_is_named(tmp_path, capsys):
    har = {"log": {"entries": [{"request": {"method": "GET", "url": "http://[::1:bad/x"}}]}}
    path = write(tmp_path, "bad.har", json.dumps(har))
    code, _, err = scan(capsys, str(path))
    assert code == 2
    assert "log.entries[0].request.url" in err and "not a valid URL" in err


def test_a_har_body_too_deep_to_walk_is_an_unscannable_finding(tmp_path, capsys):
    post = {"mimeType": "application/json", "text": DEEP}
    har = {"log": {"entries": [{"request": {"method": "POST", "url": URL, "postData": post}}]}}
    path = write(tmp_path, "deep_post.har", json.dumps(har))
    code, out, _ = scan(capsys, str(path))
    assert code == 1
    assert "unscannable at record 0" in out


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [("deep.json", DEEP, "nested too deeply"), ("huge.json", '{"x": ' + HUGE + "}", "4300")],
)
def test_record_from_unreadable_json_is_a_clear_error(tmp_path, capsys, name, content, words):
    path = write(tmp_path, name, content)
    assert main(["record", "--from", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and str(path) in err and words in err


# -- 4. nothing dropped: HAR params beside an empty text, params that are not pairs ---------


def har_post(post: dict, headers: list | None = None) -> str:
    request = {"method": "POST", "url": URL, "headers": headers or [], "postData": post}
    return json.dumps({"log": {"entries": [{"request": request}]}})


@pytest.mark.parametrize(
    "headers", [[], [{"name": "content-type", "value": "application/json"}]], ids=["none", "json"]
)
def test_har_params_beside_an_empty_text_are_scanned(tmp_path, capsys, headers):
    post = {"text": "", "params": [{"name": "message", "value": f"card {CARD}"}]}
    path = write(tmp_path, "params.har", har_post(post, headers))
    code, out, _ = scan(capsys, str(path))
    assert code == 1
    assert "card_number at record 0 form.message" in out


def test_har_params_that_are_not_name_value_pairs_are_named(tmp_path, capsys):
    post = {"params": [{"name": "message", "value": "hi"}, "x", 5]}
    path = write(tmp_path, "params.har", har_post(post))
    code, _, err = scan(capsys, str(path))
    assert code == 2
    assert "log.entries[0].request.postData.params[1]" in err


# -- 5. messages that say enough ------------------------------------------------------------


def test_every_bad_json_line_is_named_then_counted(tmp_path, capsys):
    lines = ['{"a": 1}', "{bad", '{"b": 2}', "{bad"] + ["{bad"] * 25
    path = write(tmp_path, "bad.jsonl", "\n".join(lines) + "\n")
    code, _, err = scan(capsys, str(path))
    assert code == 2
    assert f"{path}:2:2: not JSON" in err and f"{path}:4:2: not JSON" in err
    assert err.count("not JSON") == 20
    assert "and 7 more bad line(s)" in err


def test_an_unscannable_finding_says_why_in_text_output(tmp_path, capsys):
    record = {"method": "POST", "url": URL, "headers": {"content-encoding": "weird"}, "body": "x"}
    path = write(tmp_path, "enc.json", json.dumps(record))
    code, out, _ = scan(capsys, str(path))
    assert code == 1
    assert "unscannable at record 0 body (walk): unsupported content coding" in out


@pytest.mark.parametrize("body", ["absent", None], ids=["no-body", "null-body"])
def test_a_record_without_a_body_is_scanned_not_a_crash(tmp_path, capsys, body):
    """A GET (a user profile) has no body: its URL is still scanned, and nothing crashes."""
    record = {"method": "GET", "url": "https://graph.facebook.com/v25.0/me?card=4111111111111111"}
    if body != "absent":
        record["body"] = body
    path = write(tmp_path, "get.jsonl", json.dumps(record) + "\n")
    code, out, err = scan(capsys, str(path), "--format", "json")
    assert code == 1, err
    assert [f["category"] for f in json.loads(out)] == ["card_number"]
