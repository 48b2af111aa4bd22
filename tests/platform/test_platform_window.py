"""The 24-hour standard messaging window, message tags, and special recipients."""

from __future__ import annotations

import pytest

DAY = 24 * 3600


def test_inside_the_window_any_messaging_type(graph, psid):
    for messaging_type in ("RESPONSE", "UPDATE"):
        assert graph.send(psid, {"text": "x"}, messaging_type=messaging_type).status == 200


def test_outside_the_window_is_10_2018278(graph, psid, clock):
    clock.advance(DAY + 1)
    error = graph.error(graph.send(psid, {"text": "x"}, messaging_type="RESPONSE"))
    assert (error["code"], error["error_subcode"]) == (10, 2018278)
    assert error["message"].startswith("(#10) This message is sent outside of allowed window")


def test_never_wrote_means_no_window(fake, graph):
    user = fake.create_user()
    assert graph.error(graph.send(user.psid, {"text": "x"}))["error_subcode"] == 2018278


def test_window_edge_is_inclusive(graph, psid, clock):
    clock.advance(DAY)
    assert graph.send(psid, {"text": "x"}).status == 200


@pytest.mark.parametrize(
    "tag", ["ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE", "CUSTOMER_FEEDBACK"]
)
def test_tags_allow_sending_outside_the_window(graph, psid, clock, tag):
    clock.advance(30 * DAY)
    assert graph.send(psid, {"text": "x"}, messaging_type="MESSAGE_TAG", tag=tag).status == 200


def test_human_agent_tag_lasts_seven_days(graph, psid, clock):
    clock.advance(6 * DAY)
    assert (
        graph.send(psid, {"text": "agent"}, messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT").status
        == 200
    )
    clock.advance(DAY + 1)
    error = graph.error(
        graph.send(psid, {"text": "agent"}, messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT")
    )
    assert error["error_subcode"] == 2018278


def test_human_agent_needs_the_permission(configured, clock):
    _, g, psid = configured(human_agent_permission=False)
    clock.advance(2 * DAY)
    error = g.error(
        g.send(psid, {"text": "agent"}, messaging_type="MESSAGE_TAG", tag="HUMAN_AGENT")
    )
    assert error["code"] == 10


def test_sender_actions_need_the_window_too(graph, psid, clock):
    clock.advance(DAY + 1)
    assert graph.error(graph.send(psid, sender_action="typing_on"))["error_subcode"] == 2018278


def test_user_actions_reopen_the_window_but_page_messages_do_not(fake, graph, psid, clock):
    clock.advance(DAY - 10)
    graph.send(psid, {"text": "bot talks"})
    clock.advance(20)
    assert graph.error(graph.send(psid, {"text": "x"}))["error_subcode"] == 2018278
    fake.webhook(fake.events.postback(psid, "MENU"))
    assert graph.send(psid, {"text": "x"}).status == 200


def test_window_length_is_configurable(configured, clock):
    _, g, psid = configured(window_seconds=60)
    clock.advance(61)
    assert g.error(g.send(psid, {"text": "x"}))["error_subcode"] == 2018278


def test_user_ref_recipient_answer_has_no_recipient_id(fake, graph):
    user = fake.create_user()
    user_ref = fake.issue_user_ref(user.psid)
    response = graph.post(
        "me/messages",
        {"recipient": {"user_ref": user_ref}, "message": {"text": "Thanks for opting in"}},
    )
    assert response.status == 200
    assert set(response.json()) == {"message_id"}
    assert (
        graph.error(
            graph.post(
                "me/messages", {"recipient": {"user_ref": "ur_unknown"}, "message": {"text": "x"}}
            )
        )["error_subcode"]
        == 2018001
    )


@pytest.mark.parametrize("key", ["post_id", "comment_id"])
def test_private_reply_once(fake, graph, key):
    user = fake.create_user()
    target = fake.register_private_reply_target(user.psid)
    body = {"recipient": {key: target}, "message": {"text": "We got your comment"}}
    first = graph.post("me/messages", body)
    assert first.json()["recipient_id"] == user.psid
    assert graph.error(graph.post("me/messages", body))["code"] == 10900


def test_one_time_notification_token_is_single_use_and_ignores_the_window(fake, graph, clock):
    user = fake.create_user()
    token = fake.issue_notification_token(user.psid, "one_time_notif_token")
    clock.advance(10 * DAY)
    body = {"recipient": {"one_time_notif_token": token}, "message": {"text": "Your card shipped"}}
    assert graph.post("me/messages", body).status == 200
    assert graph.error(graph.post("me/messages", body))["code"] == 100


def test_notification_messages_token_is_reusable(fake, graph, clock):
    user = fake.create_user()
    token = fake.issue_notification_token(user.psid, "notification_messages_token")
    clock.advance(10 * DAY)
    body = {"recipient": {"notification_messages_token": token}, "message": {"text": "Weekly tip"}}
    assert graph.post("me/messages", body).status == 200
    assert graph.post("me/messages", body).status == 200


def test_phone_number_needs_matching_permission(graph, configured):
    body = {"recipient": {"phone_number": "+15105551234"}, "message": {"text": "hi"}}
    error = graph.error(graph.post("me/messages", body))
    assert (error["code"], error["error_subcode"]) == (200, 2018027)
    _, g, _ = configured(phone_number_matching=True)
    response = g.post("me/messages", body)
    assert response.status == 200 and set(response.json()) == {"message_id"}


def test_two_recipient_ids_are_refused(graph, psid):
    body = {"recipient": {"id": psid, "user_ref": "x"}, "message": {"text": "x"}}
    assert graph.error(graph.post("me/messages", body))["code"] == 100


def test_thread_owned_by_another_app_refuses_sends(fake, graph, psid):
    fake.thread(psid).owner_app_id = "263902037430900"
    error = graph.error(graph.send(psid, {"text": "x"}))
    assert (error["code"], error["error_subcode"]) == (10, 2018300)
