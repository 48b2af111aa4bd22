"""``mockmessenger scan`` says how many requests it saw; a file with none is bad input."""

from __future__ import annotations

import json

import pytest

from mockmessenger.cli import main

HAR_ENTRY = {
    "request": {
        "method": "POST",
        "url": "https://graph.facebook.com/v19.0/me/messages",
        "headers": [{"name": "content-type", "value": "application/json"}],
        "postData": {"mimeType": "application/json", "text": '{"message": {"text": "hi"}}'},
    }
}


@pytest.mark.parametrize("entries", [[]])
def test_a_har_without_requests_is_bad_input_naming_the_file(tmp_path, capsys, entries):
    path = tmp_path / "none.har"
    log = {"entries": entries}
    path.write_text(json.dumps({"log": log}), encoding="utf-8")
    assert main(["scan", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: no requests in this file" in err and "Traceback" not in err


def test_the_clean_line_counts_files_and_requests(tmp_path, capsys):
    path = tmp_path / "two.har"
    path.write_text(json.dumps({"log": {"entries": [HAR_ENTRY, HAR_ENTRY]}}), encoding="utf-8")
    body = tmp_path / "body.json"
    body.write_text('{"message": {"text": "hello"}}', encoding="utf-8")
    assert main(["scan", str(path), str(body)]) == 0
    assert capsys.readouterr().out == "clean: no findings in 2 file(s), 3 request(s) scanned\n"
