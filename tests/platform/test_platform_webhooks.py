"""Webhook events, envelopes and signatures, checked against Meta's wire format."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from mockmessenger.platform.webhooks import verify


def _event(webhook):
    payload = json.loads(webhook.body)
    assert payload["object"] == "page"
    (entry,) = payload["entry"]
    (event,) = entry["messaging"]
    return entry, event


def test_signatures_are_hmacs_of_the_exact_body(fake):
    user = fake.create_user("ar_SA")
    webhook = fake.webhook(fake.events.message(user.psid, "كم رصيدي؟ https://bank.test/x"))
    key = fake.config.app_secret.encode()
    assert (
        webhook.headers["x-hub-signature-256"]
        == "sha256=" + hmac.new(key, webhook.body, hashlib.sha256).hexdigest()
    )
    assert (
        webhook.headers["x-hub-signature"]
        == "sha1=" + hmac.new(key, webhook.body, hashlib.sha1).hexdigest()
    )
    assert verify(webhook.body, webhook.headers, fake.config.app_secret)
    assert not verify(webhook.body + b" ", webhook.headers, fake.config.app_secret)


def test_body_is_escaped_like_meta(fake):
    user = fake.create_user("ar_SA")
    webhook = fake.webhook(fake.events.message(user.psid, "رصيد https://a.test/b"))
    assert b"\\u0631" in webhook.body  # non-ASCII as \uXXXX
    assert b"https:\\/\\/a.test\\/b" in webhook.body  # slashes escaped
    assert b'":' in webhook.body and b'": ' not in webhook.body  # compact separators
    # a bot re-serialising the parsed body would not get the same bytes
    reserialised = json.dumps(json.loads(webhook.body)).encode()
    assert reserialised != webhook.body


def test_message_event_shape_and_ms_timestamps(fake, clock):
    user = fake.create_user()
    entry, event = _event(fake.webhook(fake.events.message(user.psid, "hi", reply_to="m_prev")))
    now_ms = int(clock.now() * 1000)
    assert entry["id"] == fake.config.page_id and entry["time"] == now_ms
    assert event["sender"] == {"id": user.psid}
    assert event["recipient"] == {"id": fake.config.page_id}
    assert event["timestamp"] == now_ms
    assert event["message"]["mid"].startswith("m_")
    assert event["message"]["text"] == "hi"
    assert event["message"]["reply_to"] == {"mid": "m_prev", "is_self_reply": False}


def test_quick_reply_is_a_message_with_payload(fake):
    user = fake.create_user()
    _, event = _event(fake.webhook(fake.events.quick_reply(user.psid, "Balance", "BAL")))
    assert event["message"]["text"] == "Balance"
    assert event["message"]["quick_reply"] == {"payload": "BAL"}


def test_attachment_event(fake):
    user = fake.create_user()
    _, event = _event(
        fake.webhook(fake.events.attachment(user.psid, "image", "https://cdn.test/a.jpg"))
    )
    assert event["message"]["attachments"] == [
        {"type": "image", "payload": {"url": "https://cdn.test/a.jpg"}}
    ]


def test_echo_is_from_the_page(fake):
    user = fake.create_user()
    event = fake.events.echo(user.psid, {"text": "ok"}, "m_1", metadata="trace")
    assert event["sender"] == {"id": fake.config.page_id}
    assert event["recipient"] == {"id": user.psid}
    assert event["message"] == {
        "is_echo": True,
        "app_id": int(fake.config.app_id),
        "mid": "m_1",
        "metadata": "trace",
        "text": "ok",
    }


def test_postback_with_mid_and_referral(fake):
    user = fake.create_user()
    event = fake.events.get_started(user.psid, "GET_STARTED", ref="ad42")
    assert event["postback"]["title"] == "Get Started"
    assert event["postback"]["payload"] == "GET_STARTED"
    assert event["postback"]["mid"].startswith("m_")
    assert event["postback"]["referral"] == {
        "ref": "ad42",
        "source": "SHORTLINK",
        "type": "OPEN_THREAD",
    }


def test_delivery_has_no_timestamp_and_read_has_watermark(fake):
    user = fake.create_user()
    delivery = fake.events.delivery(user.psid, 1700000000000, ["m_1"])
    assert "timestamp" not in delivery
    assert delivery["delivery"] == {"watermark": 1700000000000, "mids": ["m_1"]}
    assert "mids" not in fake.events.delivery(user.psid, 1)["delivery"]
    assert fake.events.read(user.psid, 5)["read"] == {"watermark": 5}


def test_referral_optin_linking_reaction_handover(fake):
    user = fake.create_user()
    ev = fake.events
    assert ev.referral(user.psid, "promo", "ADS", ad_id="9")["referral"] == {
        "ref": "promo",
        "source": "ADS",
        "type": "OPEN_THREAD",
        "ad_id": "9",
    }
    assert ev.optin(user.psid, "plugin")["optin"] == {"ref": "plugin"}
    checkbox = ev.optin(None, "plugin", user_ref="ur_1")
    assert checkbox["sender"] == {"user_ref": "ur_1"}
    assert ev.account_linking(user.psid, "linked", "code")["account_linking"] == {
        "status": "linked",
        "authorization_code": "code",
    }
    assert ev.account_linking(user.psid, "unlinked", "code")["account_linking"] == {
        "status": "unlinked"
    }
    react = ev.reaction(user.psid, "m_1", "❤️")["reaction"]
    assert react == {"mid": "m_1", "action": "react", "reaction": "love", "emoji": "❤️"}
    assert ev.reaction(user.psid, "m_1", action="unreact")["reaction"] == {
        "mid": "m_1",
        "action": "unreact",
    }
    passed = ev.pass_thread_control(user.psid, "263902037430900", None, "human")[
        "pass_thread_control"
    ]
    assert passed == {
        "new_owner_app_id": 263902037430900,
        "previous_owner_app_id": None,
        "metadata": "human",
    }
    assert (
        ev.take_thread_control(user.psid, "1", "back")["take_thread_control"][
            "previous_owner_app_id"
        ]
        == 1
    )
    assert (
        ev.request_thread_control(user.psid, "2")["request_thread_control"][
            "requested_owner_app_id"
        ]
        == 2
    )
    assert ev.app_roles(user.psid, {"1": ["automation"]})["app_roles"] == {"1": ["automation"]}


def test_several_events_are_batched_one_per_entry(fake):
    a, b = fake.create_user(), fake.create_user()
    payload = json.loads(
        fake.webhook([fake.events.message(a.psid, "1"), fake.events.message(b.psid, "2")]).body
    )
    assert [len(e["messaging"]) for e in payload["entry"]] == [1, 1]
    assert [e["messaging"][0]["sender"]["id"] for e in payload["entry"]] == [a.psid, b.psid]


def test_events_of_a_thread_owned_by_another_app_go_to_standby(fake):
    user = fake.create_user()
    fake.thread(user.psid).owner_app_id = "263902037430900"
    payload = json.loads(fake.webhook(fake.events.message(user.psid, "hello human")).body)
    (entry,) = payload["entry"]
    assert "messaging" not in entry
    assert entry["standby"][0]["message"]["text"] == "hello human"


def test_webhook_records_inbound_and_opens_the_window(fake, clock):
    user = fake.create_user()
    fake.webhook(fake.events.message(user.psid, "hi"))
    thread = fake.thread(user.psid)
    assert thread.transcript[-1].direction == "in"
    assert thread.last_user_interaction == clock.now()
    clock.advance(10)
    fake.webhook(fake.events.read(user.psid, 1))
    assert thread.last_user_interaction == clock.now() - 10  # reads do not re-open the window


@pytest.mark.parametrize("escape", [True, False])
def test_escape_slashes_is_configurable(configured, escape):
    fake, _, psid = configured(escape_slashes=escape)
    body = fake.webhook(fake.events.message(psid, "a/b")).body
    assert (b"a\\/b" in body) is escape


def test_verify_refuses_garbage_signatures_without_crashing(fake):
    webhook = fake.webhook(fake.events.message(fake.create_user().psid, "x"))
    assert not verify(
        webhook.body,
        {"x-hub-signature-256": "sha256=ü", "x-hub-signature": ""},
        fake.config.app_secret,
    )
    assert not verify(webhook.body, {}, fake.config.app_secret)
