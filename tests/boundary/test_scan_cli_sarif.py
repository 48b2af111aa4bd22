"""The SARIF 2.1.0 writer shared by the scan CLI and the pytest plugin."""

from __future__ import annotations

import json

from mockmessenger.boundary.findings import Finding
from mockmessenger.reports.sarif import render_sarif, to_sarif, write_sarif

CARD = Finding(
    "card_number", "card_number", 3, "$.message.text", "••••1111", rule="r", span=(4, 20)
)
CANARY = Finding(
    "canary", "canary", 5, "query.ref", "••••7519", value_category="iban", customer="cus_0_000001"
)
UNSCANNABLE = Finding("unscannable", "walk", 6, "$.message.metadata", "<gzip>")


def test_one_rule_per_category_and_one_result_per_finding():
    log = to_sarif([CARD, CANARY, CARD, UNSCANNABLE], artifact="traffic.har")
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == [
        "mockmessenger/card_number",
        "mockmessenger/canary",
        "mockmessenger/unscannable",
    ]
    assert [r["ruleId"] for r in run["results"]] == [
        "mockmessenger/card_number",
        "mockmessenger/canary",
        "mockmessenger/card_number",
        "mockmessenger/unscannable",
    ]
    assert [rules[r["ruleIndex"]] for r in run["results"]] == [r["ruleId"] for r in run["results"]]


def test_results_carry_location_level_and_masked_message_only():
    results = to_sarif([CARD, CANARY, UNSCANNABLE], artifact=lambda f: f"file{f.record}.jsonl")
    card, canary, unscannable = results["runs"][0]["results"]
    assert card["level"] == "error" and unscannable["level"] == "warning"
    assert card["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "file3.jsonl"
    assert (
        card["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        == "record[3].message.text"
    )
    assert card["properties"]["span"] == [4, 20] and card["properties"]["masked"] == "••••1111"
    assert (
        "cus_0_000001" in canary["message"]["text"] and "canary/iban" in canary["message"]["text"]
    )
    assert canary["properties"]["value_category"] == "iban"
    assert (
        canary["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "record[5].query.ref"
    )


def test_no_artifact_means_no_physical_location():
    result = to_sarif([CARD])["runs"][0]["results"][0]
    assert "physicalLocation" not in result["locations"][0]


def test_no_findings_is_an_empty_run():
    run = to_sarif([])["runs"][0]
    assert run["results"] == [] and run["tool"]["driver"]["rules"] == []


def test_write_sarif_creates_parents_and_round_trips(tmp_path):
    path = write_sarif(tmp_path / "out" / "report.sarif", [CARD])
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(render_sarif([CARD]))
