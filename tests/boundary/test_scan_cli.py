"""``mockmessenger scan``: exit codes, text/JSON/SARIF output, bad input, stdin."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from mockmessenger.boundary import Guard
from mockmessenger.cli import main
from mockmessenger.records import EgressRecord

CARD = "4111 1111 1111 1111"
IBAN = "SA03 8000 0000 6080 1016 7519"


def body(text: str, psid: str = "psid-1") -> dict:
    return {"recipient": {"id": psid}, "message": {"text": text}}


@pytest.fixture
def leaky(tmp_path):
    path = tmp_path / "leaky.jsonl"
    lines = [
        body("Hello! How can I help?"),
        body(f"Your card {CARD} is active"),
        body(f"IBAN: {IBAN}"),
    ]
    path.write_text("\n".join(json.dumps(b) for b in lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path):
    path = tmp_path / "clean.json"
    path.write_text(json.dumps(body("Your card ending in 1111 is active")), encoding="utf-8")
    return path


def assert_nothing_sensitive(output: str) -> None:
    record = EgressRecord.make("POST", "https://graph.facebook.com/v25.0/me/messages", {}, output)
    leaks = [f for f in Guard().scan(record) if f.category in ("card_number", "iban")]
    assert leaks == [], leaks


def test_a_clean_file_exits_0(clean, capsys):
    assert main(["scan", str(clean)]) == 0
    assert "clean" in capsys.readouterr().out


def test_findings_exit_1_and_the_text_report_masks_them(leaky, capsys):
    assert main(["scan", str(leaky)]) == 1
    out = capsys.readouterr().out
    assert "card_number" in out and "iban" in out
    assert CARD not in out and CARD.replace(" ", "") not in out
    assert_nothing_sensitive(out)


def test_json_format_lists_findings_with_record_file_and_path(leaky, clean, capsys):
    assert main(["scan", "--format", "json", str(clean), str(leaky)]) == 1
    out = capsys.readouterr().out
    findings = json.loads(out)
    by_category = {f["category"]: f for f in findings}
    card, iban = by_category["card_number"], by_category["iban"]
    assert (card["record"], card["path"], card["file"]) == (1, "$.message.text", str(leaky))
    assert (iban["record"], iban["file"]) == (2, str(leaky))
    assert all(
        {"category", "detector", "path", "masked", "record", "file"} <= set(f) for f in findings
    )
    assert all(f["file"] != str(clean) for f in findings)
    assert_nothing_sensitive(out)


def test_sarif_format_is_a_sarif_log(leaky, capsys):
    assert main(["scan", "--format", "sarif", str(leaky)]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    results = run["results"]
    assert {r["ruleId"] for r in results} == set(rule_ids)
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    uri = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == str(leaky)


def test_stdin_is_read_with_a_dash(monkeypatch, capsys):
    data = json.dumps(body(f"card {CARD}")).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["scan", "--format", "json", "-"]) == 1
    assert json.loads(capsys.readouterr().out)[0]["file"] == "<stdin>"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.json", "{not json", "bad.json:1"),
        ("bad.jsonl", '{"a": 1}\n{"a": \n', "bad.jsonl:2"),
        ("bad.har", '{"log": {}}', "log.entries"),
        ("empty.json", "", "empty file"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(tmp_path, capsys, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["scan", str(path)]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err and "Traceback" not in captured.err
    assert captured.out == ""


def test_a_missing_file_exits_2_before_anything_is_scanned(leaky, tmp_path, capsys):
    assert main(["scan", str(leaky), str(tmp_path / "missing.har")]) == 2
    captured = capsys.readouterr()
    assert "missing.har: no such file" in captured.err and captured.out == ""


def test_a_policy_file_changes_the_verdict(tmp_path, leaky, capsys):
    import mockmessenger.records

    data = Path(mockmessenger.records.__file__).parent / "data" / "default-policy.yaml"
    default = data.read_text(encoding="utf-8")
    relaxed = default.replace("  - card_number\n", "", 1).replace("  - iban\n", "", 1)
    assert relaxed != default
    policy = tmp_path / "relaxed.yaml"
    policy.write_text(relaxed, encoding="utf-8")
    assert main(["scan", "--format", "json", "--policy", str(policy), str(leaky)]) in (0, 1)
    categories = {f["category"] for f in json.loads(capsys.readouterr().out)}
    assert "card_number" not in categories and "iban" not in categories


def test_a_bad_policy_file_exits_2(tmp_path, leaky, capsys):
    policy = tmp_path / "bad.yaml"
    policy.write_text("version: 1\nforbidden: [not_a_category]\n", encoding="utf-8")
    assert main(["scan", "--policy", str(policy), str(leaky)]) == 2
    assert "bad.yaml" in capsys.readouterr().err


def test_a_har_file_reports_its_entry_index_and_outside_hosts(tmp_path, capsys):
    entries = [
        {"request": {"method": "GET", "url": "https://graph.facebook.com/v25.0/me", "headers": []}},
        {
            "request": {
                "method": "GET",
                "url": "https://analytics.example.com/collect?card=" + CARD.replace(" ", ""),
                "headers": [],
            }
        },
    ]
    path = tmp_path / "capture.har"
    path.write_text(json.dumps({"log": {"entries": entries}}), encoding="utf-8")
    assert main(["scan", "--format", "json", str(path)]) == 1
    findings = json.loads(capsys.readouterr().out)
    card = next(f for f in findings if f["category"] == "card_number")
    assert card["record"] == 1 and card["path"].startswith("query")
    assert {f["record"] for f in findings} == {1}
