"""The webhook endpoint: subscription handshake, signatures, events the bot ignores."""

from __future__ import annotations

import json

import pytest


def test_handshake_echoes_the_challenge(driver):
    response = driver.get(
        "/webhook",
        **{
            "hub.mode": "subscribe",
            "hub.verify_token": "mock-verify-token",
            "hub.challenge": "1158201444",
        },
    )
    assert response.status_code == 200
    assert response.text == "1158201444"


@pytest.mark.parametrize(
    "params",
    [
        {"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"},
        {"hub.mode": "unsubscribe", "hub.verify_token": "mock-verify-token", "hub.challenge": "1"},
        {"hub.mode": "subscribe", "hub.verify_token": "mock-verify-token"},
        {},
    ],
)
def test_handshake_refused(driver, params):
    response = driver.get("/webhook", **params)
    assert response.status_code == 403
    assert response.text != "1"


def _body(driver, text="hi") -> bytes:
    event = driver.event("p", message={"mid": "m1", "text": text})
    return json.dumps(
        {"object": "page", "entry": [{"id": "1", "time": 1, "messaging": [event]}]}
    ).encode()


@pytest.mark.parametrize(
    "signature",
    [None, "", "sha256=", "sha256=" + "0" * 64, "sha1=abc", "deadbeef"],
)
def test_bad_or_missing_signature_is_403_and_nothing_is_sent(driver, signature):
    body = _body(driver)
    headers = {} if signature is None else {"X-Hub-Signature-256": signature}
    response = driver.post_raw(body, headers)
    assert response.status_code == 403
    assert driver.calls == []


def test_signature_of_other_bytes_is_refused(driver):
    """Signed, then changed: the HMAC is over the exact bytes received."""
    body = _body(driver)
    signature = driver.sign(body)
    tampered = body.replace(b'"hi"', b'"ho"')
    assert driver.post_raw(tampered, {"X-Hub-Signature-256": signature}).status_code == 403
    assert driver.calls == []


def test_signature_with_another_secret_is_refused(driver):
    import hashlib
    import hmac

    body = _body(driver)
    other = "sha256=" + hmac.new(b"another-secret", body, hashlib.sha256).hexdigest()
    assert driver.post_raw(body, {"X-Hub-Signature-256": other}).status_code == 403


def test_escaped_body_is_verified_as_received(driver, helpers):
    """Meta escapes "/" and non-ASCII; the bot must not re-serialise before checking."""
    calls = driver.say("p", "رصيد https://x/y")
    assert helpers.messages(calls)  # accepted and answered


def test_non_json_body_is_400(driver):
    body = b"not json"
    response = driver.post_raw(body, {"X-Hub-Signature-256": driver.sign(body)})
    assert response.status_code == 400


def test_non_page_object_is_404(driver):
    body = json.dumps({"object": "instagram", "entry": []}).encode()
    response = driver.post_raw(body, {"X-Hub-Signature-256": driver.sign(body)})
    assert response.status_code == 404


@pytest.mark.parametrize(
    "kind",
    [
        {"delivery": {"mids": ["m_1"], "watermark": 1458668856253}},
        {"read": {"watermark": 1458668856253}},
        {"message": {"mid": "m_2", "is_echo": True, "app_id": 1517776481860111, "text": "hi"}},
        {"reaction": {"reaction": "love", "emoji": "❤️", "action": "react", "mid": "m_1"}},
        {"referral": {"ref": "x", "source": "SHORTLINK", "type": "OPEN_THREAD"}},
        {"optin": {"ref": "x"}},
        {"pass_thread_control": {"new_owner_app_id": "123", "metadata": ""}},
        {"message_edit": {"mid": "m_1", "text": "x", "num_edit": 1}},
        {"something_new": {}},
    ],
)
def test_events_that_need_no_answer_are_ignored_politely(driver, kind):
    assert driver.deliver(driver.event("p", **kind)) == []


def test_standby_entries_are_not_answered(driver):
    event = driver.event("p", message={"mid": "m1", "text": "balance"})
    body = json.dumps(
        {"object": "page", "entry": [{"id": "1", "time": 1, "standby": [event]}]}
    ).encode()
    response = driver.post_raw(body, {"X-Hub-Signature-256": driver.sign(body)})
    assert response.status_code == 200
    assert driver.calls == []


def test_batched_entries_are_answered_in_order(driver, helpers):
    events = [
        driver.event("a", message={"mid": "m1", "text": "hi"}),
        driver.event("b", message={"mid": "m2", "text": "مرحبا"}),
    ]
    calls = driver.deliver(*events)
    recipients = [c.json["recipient"]["id"] for c in calls if c.message]
    assert recipients == ["a", "b"]
    assert helpers.texts(calls)[1].startswith("أهلاً")


def test_a_failing_graph_call_does_not_break_the_webhook(driver, helpers):
    driver.profile_status = 500
    calls = driver.say("p", "hi")
    assert helpers.texts(calls)


def test_healthz(driver):
    response = driver.get("/healthz")
    assert (response.status_code, response.text) == (200, "ok")


@pytest.mark.parametrize(
    "envelope",
    [
        {"object": "page"},
        {"object": "page", "entry": "nope"},
        {"object": "page", "entry": [{"messaging": {"not": "a list"}}]},
        {"object": "page", "entry": [{"messaging": ["text", 3, None]}]},
        {"object": "page", "entry": [{"messaging": [{"message": {"text": "hi"}}]}]},  # no sender
        {"object": "page", "entry": [{"messaging": [{"sender": {"id": "p"}, "postback": "x"}]}]},
        {"object": "page", "entry": [{"messaging": [{"sender": {"id": "p"}, "message": "x"}]}]},
    ],
)
def test_malformed_events_are_answered_200_and_ignored(driver, envelope):
    body = json.dumps(envelope).encode()
    response = driver.post_raw(body, {"X-Hub-Signature-256": driver.sign(body)})
    assert response.status_code == 200
    assert driver.calls == []


def test_postback_without_payload_falls_back(driver, helpers):
    calls = driver.deliver(driver.event("p", postback={"title": "?"}))
    assert helpers.texts(calls) == ["Sorry, I didn't understand that. Here's what I can help with:"]


def test_a_redelivered_message_is_answered_once(driver, helpers):
    event = driver.event("p", message={"mid": "m_same", "text": "hi"})
    assert helpers.texts(driver.deliver(event))
    assert driver.deliver(event) == []
    postback = driver.event("p", postback={"payload": "MENU", "title": "Menu", "mid": "m_pb1"})
    assert helpers.texts(driver.deliver(postback))
    assert driver.deliver(postback) == []
