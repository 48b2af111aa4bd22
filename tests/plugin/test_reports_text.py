"""Terminal summary, JSON report, JUnit properties and the last-line scrubber."""

from __future__ import annotations

import json

from mockmessenger.boundary.canaries import CanaryMatcher
from mockmessenger.boundary.findings import Finding
from mockmessenger.records import EgressRecord
from mockmessenger.reports import Conversation, SessionReport, unique
from mockmessenger.reports.json_report import report_dict, write_json
from mockmessenger.reports.junit import finding_properties
from mockmessenger.reports.redact import scrub
from mockmessenger.reports.terminal import render_findings, render_summary


def test_scrub_masks_long_numbers_in_any_script_and_ibans():
    text = "card 4111 1111 1111 1111; ٤١١١١١١١١١١١١١١٢ and SA0380000000608010167519; at 12:30 code 1234"
    out = scrub(text)
    assert "4111 1111 1111 1111" not in out
    assert "٤١١١١١١١١١١١١١١٢" not in out
    assert "SA0380000000608010167519" not in out
    assert "•••• 1111;" in out and "•••• ١١١٢" in out and "•••• 7519" in out
    assert "12:30" in out and "1234" in out  # short numbers stay readable


def test_summary_counts_conversations_requests_and_categories(leaky_report):
    text = render_summary(leaky_report)
    assert "conversations: 1 (3 user turns)" in text
    assert "requests scanned: 5" in text
    assert "failed by the guard: 1" in text
    assert "findings: 5" in text
    assert "card_number" in text and "destination" in text


def test_summary_of_a_clean_run_says_none():
    assert "findings: none" in render_summary(SessionReport(requests_scanned=3))


def test_finding_report_names_request_path_category_excerpt_and_step(report_customer):
    card = report_customer.cards[0].number
    record = EgressRecord.make(
        "POST",
        f"https://graph.facebook.com/v25.0/me/messages?access_token=t&n={card}",
        {},
        b"{}",
        index=1,
    )
    finding = Finding(
        category="card_number",
        detector="card_number",
        record=1,
        path="$.message.text",
        masked="•••• " + card[-4:],
        step="#1 say balance",
    )
    text = render_findings([finding], [record])
    assert "card_number: •••• " + card[-4:] in text
    assert "request: POST https://graph.facebook.com/v25.0/me/messages" in text
    assert "at: $.message.text" in text
    assert "step: #1 say balance" in text
    assert card not in text


def test_json_report_has_summary_findings_and_no_message_bodies(
    tmp_path, leaky_report, report_customer
):
    path = write_json(tmp_path / "out" / "boundary.json", leaky_report)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["summary"]["findings_by_category"]["card_number"] == 1
    assert data["summary"]["conversations"] == 1
    assert data["conversations"][0]["turns"] == 3
    assert "entries" not in data["conversations"][0]
    assert {f["category"] for f in data["findings"]} >= {"card_number", "iban", "canary"}
    assert CanaryMatcher([report_customer]).search(path.read_text(encoding="utf-8")) == []


def test_junit_properties_one_per_finding(leaky_report, report_customer):
    props = finding_properties(leaky_report.findings)
    assert props[0] == ("boundary.findings", "5")
    assert props[1][0] == "boundary.finding.1"
    assert props[1][1].startswith("card_number | $.message.text | •••• ")
    assert CanaryMatcher([report_customer]).search(repr(props)) == []


def test_session_report_survives_json_and_merges(leaky_report):
    again = SessionReport.from_dict(json.loads(json.dumps(leaky_report.to_dict())))
    again.merge(leaky_report)
    assert len(again.conversations) == 2
    assert again.requests_scanned == 10
    assert len(unique(again.findings)) == 5
    assert isinstance(again.conversations[0], Conversation)
    assert report_dict(again)["summary"]["findings"] == 10
