"""Captured traffic -> scrubbed scenario: valid, faithful, and holding nothing real."""

from __future__ import annotations

import re

import pytest
import yaml

from mockmessenger.boundary.normalize import compact
from mockmessenger.recording.scrub import Scrubber
from mockmessenger.recording.to_scenario import (
    EmptyRecordingError,
    UnsafeRecordingError,
    build_recording,
    check_clean,
    write_recording,
)
from mockmessenger.scenarios.loader import load_scenarios


def test_recording_holds_no_real_value(conversation, samples):
    text = build_recording(conversation).text
    for name, real in samples.real_values.items():
        assert real not in text, name
        if len(compact(real)) >= 6:
            assert compact(real) not in compact(text), name


def test_recording_is_a_valid_scenario_file(conversation, tmp_path):
    recording = build_recording(conversation, name="checkout")
    path = write_recording(recording, tmp_path / "recorded.yaml")
    [scenario] = load_scenarios([path])
    assert scenario.name == "checkout"
    assert [step.kind for step in scenario.steps] == ["say", "tap", "say", "postback", "read"]


def test_steps_and_expectations_follow_the_conversation(conversation):
    [doc] = build_recording(conversation, seed=3).documents
    persona = doc["persona"]
    assert persona["locale"] == "en_US" and persona["seed"] == 3
    assert persona["first_name"] != "Ahmed" and persona["last_name"] != "Alharbi"
    hi, tap, card, transfer, read = doc["steps"]
    assert hi["say"] == "hi"
    # The greeting names the persona's stand-in name, so it replays against the same bot.
    assert hi["expect"] == [
        {"text": f"Hello {persona['first_name']}! What can I do?", "quick_replies": ["Balance"]}
    ]
    assert tap["tap"] == "Balance"
    [balance] = tap["expect"]
    regex = balance["text"]["regex"]
    assert re.search(regex, "Your balance is SAR 7,001.20")
    assert not re.search(regex, "Your balance is SAR hidden")
    assert card["say"].startswith("my card is ") and "4539" not in card["say"]
    assert transfer["postback"] == {"payload": "TRANSFER", "title": "Transfer"}
    [template] = transfer["expect"]
    assert template["template"]["type"] == "button"
    assert "regex" in template["template"]["text"]
    assert template["buttons"] == {"count": 2, "includes": ["Yes"]}
    assert read == {"read": True, "expect": {"nothing": True}}


def test_same_value_same_stand_in_across_the_file(conversation):
    doc = build_recording(conversation).documents[0]
    first = doc["persona"]["first_name"]
    card_reply = doc["steps"][2]["expect"][0]["text"]
    assert card_reply == f"Never type your card number here, {first}."


def test_nothing_external_or_identifying_in_the_document(conversation):
    recording = build_recording(conversation)
    assert recording.egress_other == 1
    assert "analytics" not in recording.text
    assert "access_token" not in recording.text
    assert "sha256" not in recording.text


def test_several_users_become_several_documents(conversation):
    other = []
    for item in conversation[:3]:
        clone = type(item)(**vars(item))
        clone.request_body = item.request_body.replace(b"2876543210987654", b"3987654321098765")
        clone.url = item.url.replace("2876543210987654", "3987654321098765")
        clone.timestamp += 10
        other.append(clone)
    recording = build_recording(conversation + other, name="two")
    assert [d["name"] for d in recording.documents] == ["two 1", "two 2"]
    assert len(list(yaml.safe_load_all(recording.text))) == 2


def test_traffic_without_webhooks_is_refused(conversation):
    graph_only = [c for c in conversation if "graph.facebook.com" in c.url]
    with pytest.raises(EmptyRecordingError, match="no conversation"):
        build_recording(graph_only)


def test_a_real_value_left_fails_loudly_without_showing_it():
    scrubber = Scrubber()
    scrubber.register("2876543210987654", "psid")
    scrubber.register("Ahmed", "first_name")
    text = "steps:\n- say: my id is 2876 5432 1098 7654\n- say: hi ahmed\n"
    with pytest.raises(UnsafeRecordingError) as error:
        check_clean(text, scrubber)
    message = str(error.value)
    assert "NOT written" in message and "line 2" in message and "line 3" in message
    assert "2876" not in message and "Ahmed" not in message.replace("ahmed", "")


def test_write_is_atomic_and_leaves_no_temporary_file(conversation, tmp_path):
    path = write_recording(build_recording(conversation), tmp_path / "sub" / "rec.yaml")
    assert path.exists()
    assert [p.name for p in path.parent.iterdir()] == ["rec.yaml"]


def test_guard_finds_nothing_in_the_scrubbed_file(conversation):
    from mockmessenger.boundary import Guard
    from mockmessenger.records import EgressRecord

    guard = Guard()
    text = build_recording(conversation, guard=guard).text
    record = EgressRecord.make("PUT", "https://graph.facebook.com/file", {}, text)
    assert [f for f in Guard().scan(record) if f.category != "destination"] == []


def test_guard_recognised_values_are_scrubbed_even_without_digits_rules():
    from mockmessenger.boundary import Guard

    # A SWIFT/BIC code has no digits: only the guard knows it is a financial value.
    said = "my bank's swift code is NBEGEGCX"
    assert Scrubber(seed=9).text(said) == said
    scrubbed = Scrubber(seed=9, guard=Guard()).text(said)
    assert scrubbed.startswith("my bank's swift code is ") and "NBEGEGCX" not in scrubbed


def test_guard_finding_in_the_file_fails_loudly():
    from mockmessenger.boundary import Guard

    text = "steps:\n- say: 'my card is 4539 1488 0343 6467'\n"
    with pytest.raises(UnsafeRecordingError) as error:
        check_clean(text, Scrubber(), Guard())
    assert "card_number" in str(error.value)
    assert "4539 1488" not in str(error.value)


def test_a_stand_in_the_guard_still_recognises_is_accepted_but_a_real_value_is_not():
    from mockmessenger.boundary import Guard

    scrubber = Scrubber(seed=10)
    said = scrubber.text("رقم حسابي ١٢٣٤٥٦٧٨٩٠١٢")  # "my account number ..."
    assert "١٢٣٤٥٦٧٨٩٠١٢" not in said
    check_clean(f"steps:\n- say: {said}\n", scrubber, Guard())  # synthetic: fine
    with pytest.raises(UnsafeRecordingError, match="account_number"):
        check_clean("steps:\n- say: رقم حسابي ٩٨٧٦٥٤٣٢١٠٩٨\n", scrubber, Guard())
