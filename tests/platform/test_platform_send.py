"""Send API: every shape Meta accepts, every limit, every documented error."""

from __future__ import annotations

import json

import pytest


def test_text_message_is_accepted_and_recorded(fake, graph, psid):
    response = graph.send(psid, {"text": "Your card is on its way"}, messaging_type="RESPONSE")
    assert response.status == 200
    body = response.json()
    assert body["recipient_id"] == psid
    assert body["message_id"].startswith("m_")
    entry = fake.thread(psid).transcript[-1]
    assert (entry.direction, entry.kind, entry.mid) == ("out", "text", body["message_id"])
    assert entry.body["message"]["text"] == "Your card is on its way"


def test_page_id_path_and_no_version_and_old_versions_work(fake, graph, psid):
    graph.version = None
    assert (
        graph.post(
            f"{fake.config.page_id}/messages", {"recipient": {"id": psid}, "message": {"text": "a"}}
        ).status
        == 200
    )
    graph.version = "v2.6"
    assert graph.send(psid, {"text": "b"}).status == 200
    graph.version = "v2.12"
    assert graph.send(psid, {"text": "c"}).status == 200


def test_version_before_messenger_platform_is_unknown(graph, psid):
    graph.version = "v2.5"
    error = graph.error(graph.send(psid, {"text": "x"}))
    assert error["code"] == 2500


def test_form_body_with_json_strings(fake, graph, psid):
    response = graph.post(
        "me/messages", {"recipient": {"id": psid}, "message": {"text": "form"}}, form=True
    )
    assert response.status == 200
    assert fake.thread(psid).transcript[-1].body["message"] == {"text": "form"}


def test_query_only_parameters(fake, graph, psid):
    response = graph.post(
        "me/messages",
        query={"recipient": json.dumps({"id": psid}), "message": json.dumps({"text": "q"})},
    )
    assert response.status == 200


def test_form_and_query_params_single_quoted_as_in_meta_sample(fake, graph, psid):
    """``recipient={'id':'PSID'}&message={'text':'hi'}``: the Send API reference's own sample."""
    form = {"recipient": f"{{'id':'{psid}'}}", "message": "{'text':'it\\'s \"hi\"'}"}
    assert graph.post("me/messages", form, form=True).status == 200
    assert fake.thread(psid).transcript[-1].body["message"] == {"text": 'it\'s "hi"'}
    assert graph.post("me/messages", query=form).status == 200
    mixed = {"recipient": f"{{\"id\": '{psid}'}}", "message": "{'text': \"x\"}"}
    assert graph.post("me/messages", mixed, form=True).status == 200


@pytest.mark.parametrize(
    "recipient",
    ["{'id':}", "{'id':'1}", "{id:'1'}", "{'id':'1',}", "['1'", "{'id':'1'}}", "{'id':None}"],
)
def test_single_quoted_params_that_are_still_not_json_are_refused(graph, psid, recipient):
    response = graph.post(
        "me/messages", {"recipient": recipient, "message": "{'text':'x'}"}, form=True
    )
    assert graph.error(response)["message"] == "(#100) param recipient must be a JSON object"


def test_bearer_token(graph, psid):
    response = graph.request(
        "POST",
        "me/messages",
        {"recipient": {"id": psid}, "message": {"text": "b"}},
        token=None,
        headers={"authorization": f"Bearer {graph.platform.config.access_token}"},
    )
    assert response.status == 200


def test_token_in_body(graph, psid):
    body = {
        "recipient": {"id": psid},
        "message": {"text": "b"},
        "access_token": graph.platform.config.access_token,
    }
    assert graph.post("me/messages", body, token=None).status == 200


def test_missing_token_on_me(graph, psid):
    error = graph.error(graph.post("me/messages", {"recipient": {"id": psid}}, token=None))
    assert error["code"] == 2500
    assert "active access token" in error["message"]


def test_bad_token_is_190_unprefixed_with_www_authenticate(graph, psid):
    response = graph.post(
        "me/messages", {"recipient": {"id": psid}, "message": {"text": "x"}}, token="nope"
    )
    error = graph.error(response)
    assert error["code"] == 190
    assert not error["message"].startswith("(#")
    assert "invalid_token" in response.headers["www-authenticate"]


def test_expired_token_is_190_463(fake, graph, psid):
    fake.expire_token()
    error = graph.error(graph.send(psid, {"text": "x"}))
    assert (error["code"], error["error_subcode"]) == (190, 463)
    fake.expire_token(False)
    assert graph.send(psid, {"text": "x"}).status == 200


def test_appsecret_proof_checked_when_sent(fake, graph, psid):
    import hashlib
    import hmac

    good = hmac.new(
        fake.config.app_secret.encode(), fake.config.access_token.encode(), hashlib.sha256
    ).hexdigest()
    body = {"recipient": {"id": psid}, "message": {"text": "x"}}
    assert graph.post("me/messages", body, query={"appsecret_proof": good}).status == 200
    error = graph.error(graph.post("me/messages", body, query={"appsecret_proof": "0" * 64}))
    assert error["code"] == 100
    assert "appsecret_proof" in error["message"]


def test_unknown_psid_is_100_2018001(graph):
    error = graph.error(graph.send("1234567890", {"text": "x"}))
    assert (error["code"], error["error_subcode"]) == (100, 2018001)
    assert error["message"] == "(#100) No matching user found"
    assert error["type"] == "OAuthException"


def test_missing_recipient(graph):
    error = graph.error(graph.post("me/messages", {"message": {"text": "x"}}))
    assert error["code"] == 100
    assert "recipient" in error["message"]


def test_message_and_sender_action_together(graph, psid):
    error = graph.error(graph.send(psid, {"text": "x"}, sender_action="typing_on"))
    assert error["code"] == 100
    assert "both message and state" in error["message"]


def test_neither_message_nor_action(graph, psid):
    assert graph.error(graph.send(psid))["code"] == 100


def test_empty_message_is_2018034(graph, psid):
    error = graph.error(graph.send(psid, {}))
    assert (error["code"], error["error_subcode"]) == (100, 2018034)


def test_text_and_attachment_together(graph, psid):
    message = {
        "text": "x",
        "attachment": {"type": "image", "payload": {"url": "https://x.test/a.png"}},
    }
    assert graph.error(graph.send(psid, message))["code"] == 100


@pytest.mark.parametrize("length, ok", [(1999, True), (2000, False), (2001, False)])
def test_text_limit(graph, psid, length, ok):
    """The reference says fewer than 2000 characters; the error names 2000 as Graph's does."""
    response = graph.send(psid, {"text": "x" * length})
    if ok:
        assert response.status == 200
    else:
        error = graph.error(response)
        assert (
            error["message"]
            == "(#100) Length of param message[text] must be less than or equal to 2000"
        )


def test_text_limit_is_configurable_to_the_old_640(configured):
    _, g, psid = configured(text_limit=640)
    assert g.send(psid, {"text": "x" * 639}).status == 200
    assert "640" in g.error(g.send(psid, {"text": "x" * 640}))["message"]


def _qr(n: int, title: str = "T", payload: str = "P") -> list[dict]:
    return [
        {"content_type": "text", "title": f"{title}{i}"[:20] if title else "", "payload": payload}
        for i in range(n)
    ]


def test_quick_replies_accepted(graph, psid):
    assert graph.send(psid, {"text": "pick", "quick_replies": _qr(13)}).status == 200


def test_too_many_quick_replies(graph, psid):
    error = graph.error(graph.send(psid, {"text": "pick", "quick_replies": _qr(14)}))
    assert "message[quick_replies]" in error["message"] and "13" in error["message"]


def test_quick_reply_title_and_payload_limits(graph, psid):
    error = graph.error(
        graph.send(
            psid,
            {
                "text": "t",
                "quick_replies": [{"content_type": "text", "title": "x" * 21, "payload": "p"}],
            },
        )
    )
    assert "message[quick_replies][0][title]" in error["message"]
    error = graph.error(
        graph.send(
            psid,
            {
                "text": "t",
                "quick_replies": [{"content_type": "text", "title": "ok", "payload": "p" * 1001}],
            },
        )
    )
    assert "message[quick_replies][0][payload]" in error["message"]


def test_quick_reply_text_needs_title(graph, psid):
    error = graph.error(
        graph.send(psid, {"text": "t", "quick_replies": [{"content_type": "text", "payload": "p"}]})
    )
    assert "message[quick_replies][0][title]" in error["message"]


def test_phone_and_email_quick_replies_need_no_title(graph, psid):
    qrs = [{"content_type": "user_phone_number"}, {"content_type": "user_email"}]
    assert graph.send(psid, {"text": "t", "quick_replies": qrs}).status == 200


def test_old_location_quick_reply_is_refused(graph, psid):
    error = graph.error(
        graph.send(psid, {"text": "t", "quick_replies": [{"content_type": "location"}]})
    )
    assert "content_type" in error["message"]


def _button_template(buttons, text="Choose"):
    return {
        "attachment": {
            "type": "template",
            "payload": {"template_type": "button", "text": text, "buttons": buttons},
        }
    }


POSTBACK = {"type": "postback", "title": "Balance", "payload": "BALANCE"}


def test_button_template(fake, graph, psid):
    buttons = [
        POSTBACK,
        {"type": "web_url", "title": "Site", "url": "https://bank.test"},
        {"type": "phone_number", "title": "Call", "payload": "+15105551234"},
    ]
    assert graph.send(psid, _button_template(buttons)).status == 200
    assert fake.thread(psid).transcript[-1].kind == "template"


@pytest.mark.parametrize(
    "message, fragment",
    [
        (_button_template([POSTBACK] * 4), "buttons] has too many elements"),
        (_button_template([]), "buttons]"),
        (_button_template([POSTBACK], text="x" * 641), "[text] must be less than or equal to 640"),
        (_button_template([{**POSTBACK, "title": "x" * 21}]), "[buttons][0][title]"),
        (_button_template([{**POSTBACK, "payload": "p" * 1001}]), "[buttons][0][payload]"),
        (_button_template([{"type": "web_url", "title": "Site"}]), "[buttons][0][url] is required"),
        (
            _button_template([{"type": "phone_number", "title": "Call", "payload": "5105551234"}]),
            "[buttons][0][payload]",
        ),
        (
            _button_template([{"type": "account_link", "url": "http://insecure.test"}]),
            "[buttons][0][url]",
        ),
        (_button_template([{"type": "telepathy", "title": "x"}]), "[buttons][0][type]"),
    ],
)
def test_button_template_limits(graph, psid, message, fragment):
    error = graph.error(graph.send(psid, message))
    assert error["code"] == 100
    assert fragment in error["message"]


def _generic(elements, **extra):
    return {
        "attachment": {
            "type": "template",
            "payload": {"template_type": "generic", "elements": elements, **extra},
        }
    }


ELEMENT = {
    "title": "Gold card",
    "subtitle": "No fee",
    "image_url": "https://bank.test/c.png",
    "buttons": [POSTBACK],
}


def test_generic_template(graph, psid):
    default_action = {"type": "web_url", "url": "https://bank.test", "webview_height_ratio": "tall"}
    element = {**ELEMENT, "default_action": default_action}
    assert graph.send(psid, _generic([element] * 10, image_aspect_ratio="square")).status == 200


@pytest.mark.parametrize(
    "message, fragment",
    [
        (_generic([ELEMENT] * 11), "[elements] has too many elements"),
        (
            _generic([{**ELEMENT, "title": "x" * 81}]),
            "[elements][0][title] must be less than or equal to 80",
        ),
        (
            _generic([{**ELEMENT, "subtitle": "x" * 81}]),
            "[elements][0][subtitle] must be less than or equal to 80",
        ),
        (
            _generic([{**ELEMENT, "buttons": [POSTBACK] * 4}]),
            "[elements][0][buttons] has too many elements",
        ),
        (_generic([{"title": "only a title"}]), "[elements][0]"),
        (
            _generic(
                [
                    {
                        **ELEMENT,
                        "default_action": {
                            "type": "web_url",
                            "url": "https://x.test",
                            "title": "no",
                        },
                    }
                ]
            ),
            "[default_action]",
        ),
        (_generic([ELEMENT], image_aspect_ratio="round"), "image_aspect_ratio"),
    ],
)
def test_generic_template_limits(graph, psid, message, fragment):
    error = graph.error(graph.send(psid, message))
    assert fragment in error["message"]


def test_media_receipt_and_other_templates(graph, psid):
    media = {
        "template_type": "media",
        "elements": [{"media_type": "image", "url": "https://www.facebook.com/photo.php?fbid=1"}],
    }
    receipt = {
        "template_type": "receipt",
        "recipient_name": "Sam",
        "order_number": "A1",
        "currency": "USD",
        "payment_method": "Visa",
        "summary": {"total_cost": 56.14},
        "elements": [{"title": "Fee", "price": 5}],
    }
    otn = {
        "template_type": "one_time_notif_req",
        "title": "Tell me when my card ships",
        "payload": "CARD",
    }
    for payload in (media, receipt, otn):
        assert (
            graph.send(psid, {"attachment": {"type": "template", "payload": payload}}).status == 200
        ), payload


def test_receipt_needs_summary_and_media_one_element(graph, psid):
    receipt = {
        "template_type": "receipt",
        "recipient_name": "Sam",
        "order_number": "A1",
        "currency": "USD",
        "payment_method": "Visa",
    }
    assert (
        "summary"
        in graph.error(graph.send(psid, {"attachment": {"type": "template", "payload": receipt}}))[
            "message"
        ]
    )
    media = {
        "template_type": "media",
        "elements": [{"media_type": "image", "url": "https://x"}] * 2,
    }
    assert (
        "elements"
        in graph.error(graph.send(psid, {"attachment": {"type": "template", "payload": media}}))[
            "message"
        ]
    )
    otn = {"template_type": "one_time_notif_req", "title": "x" * 66, "payload": "p"}
    assert (
        "65"
        in graph.error(graph.send(psid, {"attachment": {"type": "template", "payload": otn}}))[
            "message"
        ]
    )


def test_unknown_template_type(graph, psid):
    error = graph.error(
        graph.send(psid, {"attachment": {"type": "template", "payload": {"template_type": "list"}}})
    )
    assert "template_type" in error["message"]


@pytest.mark.parametrize("action", ["typing_on", "typing_off", "mark_seen"])
def test_sender_actions_answer_recipient_only(fake, graph, psid, action):
    response = graph.send(psid, sender_action=action)
    assert response.json() == {"recipient_id": psid}
    assert fake.thread(psid).transcript[-1].kind == "sender_action"


def test_sender_action_message_id_option(configured):
    _, g, psid = configured(sender_action_message_id=True)
    assert "message_id" in g.send(psid, sender_action="typing_on").json()


def test_react_to_a_user_message(fake, graph, psid):
    mid = fake.thread(psid).transcript[0].mid
    assert (
        graph.send(
            psid, sender_action="react", payload={"message_id": mid, "reaction": "😊"}
        ).status
        == 200
    )
    assert graph.send(psid, sender_action="unreact", payload={"message_id": mid}).status == 200
    assert (
        graph.error(
            graph.send(
                psid, sender_action="react", payload={"message_id": "m_nope", "reaction": "😊"}
            )
        )["code"]
        == 100
    )
    assert graph.error(graph.send(psid, sender_action="react"))["code"] == 100


@pytest.mark.parametrize("length, ok", [(999, True), (1000, False)])
def test_metadata_limit(graph, psid, length, ok):
    """``metadata`` must be shorter than 1000 characters (Send API reference)."""
    response = graph.send(psid, {"text": "hi", "metadata": "m" * length})
    if ok:
        assert response.status == 200
    else:
        error = graph.error(response)
        assert (error["code"], error["message"]) == (
            100,
            "(#100) Length of param message[metadata] must be less than or equal to 1000",
        )


def test_invalid_sender_action(graph, psid):
    assert "sender_action" in graph.error(graph.send(psid, sender_action="dancing"))["message"]


def test_notification_type_persona_metadata(fake, graph, psid):
    persona = graph.post(
        "me/personas", {"name": "Lina", "profile_picture_url": "https://bank.test/l.png"}
    ).json()["id"]
    response = graph.send(
        psid,
        {"text": "hi", "metadata": "m" * 999},
        notification_type="SILENT_PUSH",
        persona_id=persona,
    )
    assert response.status == 200
    assert graph.error(graph.send(psid, {"text": "hi"}, notification_type="LOUD"))["code"] == 100
    assert graph.error(graph.send(psid, {"text": "hi", "metadata": "m" * 1001}))["code"] == 100
    assert (
        "persona_id" in graph.error(graph.send(psid, {"text": "hi"}, persona_id="999"))["message"]
    )


def test_messaging_type_and_tag_rules(graph, psid):
    assert (
        "messaging_type"
        in graph.error(graph.send(psid, {"text": "x"}, messaging_type="PROMO"))["message"]
    )
    assert (
        "tag"
        in graph.error(graph.send(psid, {"text": "x"}, messaging_type="MESSAGE_TAG"))["message"]
    )
    error = graph.error(
        graph.send(psid, {"text": "x"}, messaging_type="MESSAGE_TAG", tag="PAYMENT_UPDATE")
    )
    assert "tag" in error["message"]  # retired in 2020


def test_messaging_type_required_option(configured):
    _, g, psid = configured(require_messaging_type=True)
    assert "messaging_type" in g.error(g.send(psid, {"text": "x"}))["message"]
    assert g.send(psid, {"text": "x"}, messaging_type="RESPONSE").status == 200
    assert g.send(psid, sender_action="typing_on").status == 200


def test_user_unavailable_is_551(fake, graph, psid):
    fake.user(psid).available = False
    error = graph.error(graph.send(psid, {"text": "x"}))
    assert (error["code"], error["error_subcode"]) == (551, 1545041)
    assert error["message"] == "(#551) This person isn't available right now."


def test_development_mode_refuses_non_testers(configured):
    fake, g, psid = configured(development_mode=True)
    assert g.send(psid, {"text": "x"}).status == 200
    fake.user(psid).app_role = False
    error = g.error(g.send(psid, {"text": "x"}))
    assert (error["code"], error["error_subcode"]) == (200, 2018028)


def test_media_template_allows_one_button_and_airline_update_needs_update_type(graph, psid):
    element = {
        "media_type": "video",
        "url": "https://www.facebook.com/bank/videos/1",
        "buttons": [POSTBACK],
    }
    media = {"template_type": "media", "elements": [element]}
    assert graph.send(psid, {"attachment": {"type": "template", "payload": media}}).status == 200
    media["elements"][0]["buttons"] = [POSTBACK, POSTBACK]
    assert (
        "[buttons]"
        in graph.error(graph.send(psid, {"attachment": {"type": "template", "payload": media}}))[
            "message"
        ]
    )
    update = {"template_type": "airline_update", "locale": "en_US", "intro_message": "Your flight"}
    assert (
        "update_type"
        in graph.error(graph.send(psid, {"attachment": {"type": "template", "payload": update}}))[
            "message"
        ]
    )
    update["update_type"] = "delay"
    assert graph.send(psid, {"attachment": {"type": "template", "payload": update}}).status == 200
