"""``mockmessenger record`` on malformed captures: every event that does not have Meta's
shape is named (exchange and JSON path), nothing is dropped silently, no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockmessenger.cli import main

WEBHOOK_URL = "http://127.0.0.1:8081/webhook"
SEND_URL = "https://graph.facebook.com/v25.0/me/messages?access_token=EAAtoken"
PSID = "2876543210987654"


def entry(method: str, url: str, body: object = None, answer: object = None) -> dict:
    request: dict = {"method": method, "url": url, "headers": []}
    if body is not None:
        request["postData"] = {"mimeType": "application/json", "text": json.dumps(body)}
    response = {"status": 200, "content": {"text": json.dumps(answer if answer else {})}}
    return {"startedDateTime": "2026-01-01T00:00:00Z", "request": request, "response": response}


def said(text: str) -> dict:
    event = {
        "sender": {"id": PSID},
        "recipient": {"id": "1"},
        "message": {"mid": "m1", "text": text},
    }
    return entry("POST", WEBHOOK_URL, {"object": "page", "entry": [{"messaging": [event]}]})


def reply(message: object, recipient: object = None) -> dict:
    body = {"recipient": recipient or {"id": PSID}, "message": message}
    return entry("POST", SEND_URL, body, {"recipient_id": PSID, "message_id": "m2"})


def har(tmp_path: Path, *entries: dict) -> Path:
    path = tmp_path / "capture.har"
    path.write_text(json.dumps({"log": {"entries": list(entries)}}), encoding="utf-8")
    return path


def record(capsys, path: Path, *extra: str) -> tuple[int, str]:
    code = main(["record", "--from", str(path), *extra])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def webhook(*events: object, entries: object = None) -> dict:
    envelope = {
        "object": "page",
        "entry": entries if entries is not None else [{"messaging": list(events)}],
    }
    return entry("POST", WEBHOOK_URL, envelope)


CASES = {
    "entry_not_a_list": (webhook(entries=5), ["entry must be a list, not a number"]),
    "bad_sender_and_message": (
        webhook({"sender": 5, "message": "x"}),
        [
            "entry[0].messaging[0].sender must be an object",
            "messaging[0].message must be an object",
        ],
    ),
    "bad_events": (
        webhook(
            {"sender": {"id": "1"}, "postback": "x"},
            {"sender": {"id": "1"}, "read": 5},
            {"sender": {"id": "1"}, "reaction": "z"},
            {
                "sender": {"id": "1"},
                "message": {"attachments": [5, {"type": "image", "payload": "u"}]},
            },
        ),
        [
            "messaging[0].postback must be an object",
            "messaging[1].read must be an object",
            "messaging[2].reaction must be an object",
            "messaging[3].message.attachments[0] must be an object",
            "messaging[3].message.attachments[1].payload must be an object",
        ],
    ),
    "bad_message_fields": (
        webhook({"sender": {"id": "1"}, "message": {"text": 5, "quick_reply": "x"}}),
        ["message.text must be text", "message.quick_reply must be an object"],
    ),
    "bad_send_call": (
        reply({"text": ["a"], "quick_replies": "x", "attachment": {"payload": "s"}}, recipient=5),
        [
            "[entry 2 Send API call] recipient must be an object",
            "message.text must be text, not a list",
            "message.quick_replies must be a list",
            "message.attachment.payload must be an object",
        ],
    ),
    "bad_profile": (
        entry("GET", f"https://graph.facebook.com/v25.0/{PSID}", answer={"first_name": 5}),
        ["[entry 2 profile answer] first_name must be text, not a number"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_exchange_is_named_not_dropped(tmp_path, capsys, case):
    bad, expected = CASES[case]
    path = har(tmp_path, said("hello"), bad, reply({"text": "hi"}))
    code, err = record(capsys, path)
    assert code == 2
    for words in expected:
        assert words in err
    assert f"{path}: [entry" in err


def test_a_well_formed_capture_still_records(tmp_path, capsys):
    code = main(["record", "--from", str(har(tmp_path, said("hello"), reply({"text": "hi"})))])
    out = capsys.readouterr().out
    assert code == 0 and "say:" in out


@pytest.mark.parametrize("option", [["-o"]])
def test_an_output_that_is_a_directory_is_an_error_before_any_work(tmp_path, capsys, option):
    path = har(tmp_path, said("hello"), reply({"text": "hi"}))
    code, err = record(capsys, path, *option, str(tmp_path))
    assert code == 2
    assert "is a directory" in err and str(tmp_path) in err
