"""Graph surfaces besides Send: profiles, attachments, handover, linking, personas, batch, legacy."""

from __future__ import annotations

import json

import pytest

from mockmessenger.platform import PAGE_INBOX_APP_ID

# -- User Profile -----------------------------------------------------------------------


def test_user_profile_default_and_requested_fields(fake, graph, psid):
    user = fake.user(psid)
    default = graph.get(psid).json()
    assert default == {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "profile_pic": user.profile_pic,
        "id": psid,
    }
    picked = graph.get(psid, query={"fields": "first_name,locale,timezone,gender"}).json()
    assert picked == {
        "first_name": user.first_name,
        "locale": "en_US",
        "timezone": -5,
        "gender": user.gender,
        "id": psid,
    }


def test_user_profile_errors(fake, graph, psid):
    assert (
        "nonexisting field (iban)"
        in graph.error(graph.get(psid, query={"fields": "iban"}))["message"]
    )
    fake.user(psid).has_profile = False
    error = graph.error(graph.get(psid))
    assert (error["code"], error["error_subcode"]) == (100, 2018218)


def test_unknown_object_is_unsupported_get_33(graph):
    error = graph.error(graph.get("99999999"))
    assert (error["code"], error["error_subcode"], error["type"]) == (
        100,
        33,
        "GraphMethodException",
    )
    assert error["message"].startswith(
        "Unsupported get request. Object with ID '99999999' does not exist"
    )


def test_page_node(fake, graph):
    assert graph.get("me").json() == {"name": fake.config.page_name, "id": fake.config.page_id}


# -- Messenger Profile ------------------------------------------------------------------

MENU = [
    {
        "locale": "default",
        "composer_input_disabled": False,
        "call_to_actions": [
            {"type": "postback", "title": "Balance", "payload": "BAL"},
            {"type": "web_url", "title": "Site", "url": "https://bank.test"},
        ],
    }
]


def test_messenger_profile_post_get_delete(graph):
    body = {
        "get_started": {"payload": "GET_STARTED"},
        "greeting": [{"locale": "default", "text": "Hello {{user_first_name}}"}],
        "persistent_menu": MENU,
    }
    assert graph.post("me/messenger_profile", body).json() == {"result": "success"}
    got = graph.get(
        "me/messenger_profile", query={"fields": "get_started,persistent_menu,ice_breakers"}
    ).json()
    assert got == {"data": [{"get_started": {"payload": "GET_STARTED"}, "persistent_menu": MENU}]}
    assert graph.delete("me/messenger_profile", {"fields": ["persistent_menu"]}).json() == {
        "result": "success"
    }
    assert graph.get("me/messenger_profile", query={"fields": "persistent_menu"}).json() == {
        "data": []
    }


def test_persistent_menu_needs_get_started(graph):
    error = graph.error(graph.post("me/messenger_profile", {"persistent_menu": MENU}))
    assert "Get Started" in error["message"]


@pytest.mark.parametrize(
    "body, fragment",
    [
        ({"greeting": [{"locale": "default", "text": "x" * 161}]}, "greeting[0][text]"),
        ({"greeting": [{"locale": "en_US", "text": "hi"}]}, "default locale"),
        ({"get_started": {"payload": "p" * 1001}}, "get_started[payload]"),
        ({"whitelisted_domains": ["http://bank.test"]}, "whitelisted_domains[0]"),
        ({"whitelisted_domains": ["https://localhost"]}, "whitelisted_domains[0]"),
        ({"whitelisted_domains": ["https://10.0.0.1"]}, "whitelisted_domains[0]"),
        (
            {"whitelisted_domains": [f"https://d{i}.bank.test" for i in range(51)]},
            "whitelisted_domains",
        ),
        ({"account_linking_url": "http://bank.test/link"}, "account_linking_url"),
        (
            {
                "ice_breakers": [
                    {
                        "locale": "default",
                        "call_to_actions": [{"question": "q", "payload": "p"}] * 5,
                    }
                ]
            },
            "call_to_actions",
        ),
        ({"home_url": {"url": "https://bank.test"}}, "deprecated"),
        ({"colour": "red"}, "Unknown parameter colour"),
    ],
)
def test_messenger_profile_limits(graph, body, fragment):
    error = graph.error(graph.post("me/messenger_profile", body))
    assert fragment in error["message"]


def test_persistent_menu_item_limits(graph):
    item = {"type": "postback", "title": "Item", "payload": "P"}
    ok = [{"locale": "default", "call_to_actions": [item] * 20}]
    assert (
        graph.post(
            "me/messenger_profile", {"get_started": {"payload": "GS"}, "persistent_menu": ok}
        ).status
        == 200
    )
    too_many = [{"locale": "default", "call_to_actions": [item] * 21}]
    assert graph.post("me/messenger_profile", {"persistent_menu": too_many}).status == 400
    long_title = [{"locale": "default", "call_to_actions": [{**item, "title": "x" * 31}]}]
    assert (
        "[title]"
        in graph.error(graph.post("me/messenger_profile", {"persistent_menu": long_title}))[
            "message"
        ]
    )
    nested = [
        {
            "locale": "default",
            "call_to_actions": [{"type": "nested", "title": "More", "call_to_actions": [item]}],
        }
    ]
    assert (
        "Nested"
        in graph.error(graph.post("me/messenger_profile", {"persistent_menu": nested}))["message"]
    )


def test_messenger_profile_get_and_delete_need_fields(graph):
    assert "fields" in graph.error(graph.get("me/messenger_profile"))["message"]
    assert "fields" in graph.error(graph.delete("me/messenger_profile"))["message"]
    assert (
        graph.error(graph.delete("me/messenger_profile", {"fields": ["nonsense"]}))["code"] == 100
    )


def test_delete_with_fields_in_query_or_method_override(graph):
    graph.post("me/messenger_profile", {"greeting": [{"locale": "default", "text": "hi"}]})
    assert graph.delete("me/messenger_profile", query={"fields": "greeting"}).status == 200
    graph.post("me/messenger_profile", {"greeting": [{"locale": "default", "text": "hi"}]})
    assert graph.post(
        "me/messenger_profile", {"fields": ["greeting"]}, query={"method": "delete"}
    ).json() == {"result": "success"}


def test_messenger_profile_rate_limit_ten_per_ten_minutes(graph, clock):
    for _ in range(10):
        assert graph.get("me/messenger_profile", query={"fields": "greeting"}).status == 200
    error = graph.error(
        graph.post("me/messenger_profile", {"greeting": [{"locale": "default", "text": "hi"}]})
    )
    assert error["code"] == 613
    clock.advance(601)
    assert graph.get("me/messenger_profile", query={"fields": "greeting"}).status == 200


def test_user_level_persistent_menu(fake, graph, psid):
    assert graph.post(
        "me/custom_user_settings", {"psid": psid, "persistent_menu": MENU}
    ).json() == {"result": "success"}
    data = graph.get("me/custom_user_settings", query={"psid": psid}).json()["data"][0]
    assert data["user_level_persistent_menu"] == MENU
    assert (
        graph.delete(
            "me/custom_user_settings", query={"psid": psid, "params": '["persistent_menu"]'}
        ).status
        == 200
    )
    assert (
        graph.get("me/custom_user_settings", query={"psid": psid}).json()["data"][0][
            "user_level_persistent_menu"
        ]
        == []
    )
    assert (
        graph.error(graph.get("me/custom_user_settings", query={"psid": "1"}))["error_subcode"]
        == 2018001
    )


# -- Attachment Upload ------------------------------------------------------------------


def test_upload_by_url_then_send_by_attachment_id(graph, psid):
    body = {
        "message": {
            "attachment": {
                "type": "image",
                "payload": {"url": "https://bank.test/card.png", "is_reusable": True},
            }
        }
    }
    attachment_id = graph.post("me/message_attachments", body).json()["attachment_id"]
    assert attachment_id.isdigit()
    sent = graph.send(
        psid, {"attachment": {"type": "image", "payload": {"attachment_id": attachment_id}}}
    )
    assert sent.status == 200
    assert (
        "attachment_id"
        in graph.error(
            graph.send(psid, {"attachment": {"type": "image", "payload": {"attachment_id": "404"}}})
        )["message"]
    )


def _multipart(message: dict, filename: str, content_type: str, data: bytes) -> tuple[bytes, dict]:
    boundary = "mockboundary42"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n{json.dumps(message)}\r\n'.encode(),
        f'--{boundary}\r\nContent-Disposition: form-data; name="filedata"; filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
        + data
        + b"\r\n",
        f"--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), {"content-type": f"multipart/form-data; boundary={boundary}"}


def test_multipart_upload(fake, graph):
    body, headers = _multipart(
        {"attachment": {"type": "image", "payload": {"is_reusable": True}}},
        "card.png",
        "image/png",
        b"\x89PNG\r\n\x1a\n" + b"\0" * 64,
    )
    response = graph.post("me/message_attachments", body, headers=headers)
    assert response.status == 200
    saved = fake.state.attachments[response.json()["attachment_id"]]
    assert (saved.content_type, saved.size) == ("image/png", 72)


def test_multipart_send_with_filedata(fake, graph, psid):
    boundary = "b0undary"
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="recipient"\r\n\r\n{{"id":"{psid}"}}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n{{"attachment":{{"type":"file","payload":{{"is_reusable":true}}}}}}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="filedata"; filename="statement.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n'
        f"--{boundary}--\r\n"
    ).encode()
    response = graph.post(
        "me/messages", body, headers={"content-type": f"multipart/form-data; boundary={boundary}"}
    )
    assert response.status == 200
    assert response.json()["attachment_id"] in fake.state.attachments


def test_upload_errors(graph):
    assert "message" in graph.error(graph.post("me/message_attachments", {}))["message"]
    bad_type = {
        "message": {"attachment": {"type": "sticker", "payload": {"url": "https://x.test/a"}}}
    }
    assert "type" in graph.error(graph.post("me/message_attachments", bad_type))["message"]
    body, headers = _multipart(
        {"attachment": {"type": "audio", "payload": {}}}, "a.mp3", "image/png", b"x"
    )
    assert (
        "audio"
        in graph.error(graph.post("me/message_attachments", body, headers=headers))["message"]
    )


def test_attachment_ids_expire_after_90_days(graph, psid, clock, fake):
    attachment_id = graph.post(
        "me/message_attachments",
        {
            "message": {
                "attachment": {
                    "type": "image",
                    "payload": {"url": "https://x.test/a.png", "is_reusable": True},
                }
            }
        },
    ).json()["attachment_id"]
    clock.advance(91 * 24 * 3600)
    fake.webhook(fake.events.message(psid, "still there?"))
    assert (
        graph.send(
            psid, {"attachment": {"type": "image", "payload": {"attachment_id": attachment_id}}}
        ).status
        == 400
    )


def test_send_with_is_reusable_returns_attachment_id(graph, psid):
    response = graph.send(
        psid,
        {
            "attachment": {
                "type": "image",
                "payload": {"url": "https://x.test/a.png", "is_reusable": True},
            }
        },
    )
    assert {"recipient_id", "message_id", "attachment_id"} == set(response.json())


def test_oversized_upload_is_2018109(graph, monkeypatch):
    from mockmessenger.platform.graph import attachments

    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 10)
    body, headers = _multipart(
        {"attachment": {"type": "file", "payload": {}}},
        "big.bin",
        "application/octet-stream",
        b"x" * 11,
    )
    assert (
        graph.error(graph.post("me/message_attachments", body, headers=headers))["error_subcode"]
        == 2018109
    )


# -- Handover ---------------------------------------------------------------------------


def test_handover_pass_take_owner(fake, graph, psid):
    assert graph.get("me/thread_owner", query={"recipient": psid}).json() == {
        "data": [{"thread_owner": {"app_id": fake.config.app_id}}]
    }
    assert graph.post(
        "me/pass_thread_control",
        {"recipient": {"id": psid}, "target_app_id": PAGE_INBOX_APP_ID, "metadata": "to a human"},
    ).json() == {"success": True}
    assert (
        graph.get("me/thread_owner", query={"recipient": psid}).json()["data"][0]["thread_owner"][
            "app_id"
        ]
        == PAGE_INBOX_APP_ID
    )
    assert graph.send(psid, {"text": "x"}).status == 400
    assert graph.post(
        "me/request_thread_control", {"recipient": {"id": psid}, "metadata": "please"}
    ).json() == {"success": True}
    assert graph.post("me/take_thread_control", {"recipient": {"id": psid}}).json() == {
        "success": True
    }
    assert graph.send(psid, {"text": "back"}).status == 200
    assert graph.post("me/release_thread_control", {"recipient": {"id": psid}}).json() == {
        "success": True
    }
    assert fake.thread(psid).owner_app_id is None


def test_handover_errors(graph, psid):
    assert (
        graph.error(
            graph.post(
                "me/pass_thread_control", {"recipient": {"id": psid}, "target_app_id": "123"}
            )
        )["code"]
        == 100
    )
    assert (
        graph.error(
            graph.post(
                "me/pass_thread_control",
                {"recipient": {"id": "1"}, "target_app_id": PAGE_INBOX_APP_ID},
            )
        )["error_subcode"]
        == 2018001
    )
    assert (
        graph.error(graph.post("me/request_thread_control", {"recipient": {"id": psid}}))["code"]
        == 100
    )
    assert graph.error(graph.post("me/take_thread_control", {}))["code"] == 100


def test_take_thread_control_newer_answer_shape(configured):
    _, g, psid = configured(take_thread_control_response="thread_owner")
    owner = g.post("me/take_thread_control", {"recipient": {"id": psid}}).json()["data"][0][
        "thread_owner"
    ]
    assert owner["app_id"] == g.platform.config.app_id and owner["expiration"] > 0


def test_secondary_receivers(graph):
    assert graph.get("me/secondary_receivers", query={"fields": "id,name"}).json() == {
        "data": [{"id": PAGE_INBOX_APP_ID, "name": "Page Inbox"}]
    }


# -- Account linking --------------------------------------------------------------------


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_psid_lookup_by_account_linking_token(fake, graph, psid, method):
    token = fake.issue_linking_token(psid)
    response = graph.request(
        method, "me", query={"fields": "recipient", "account_linking_token": token}
    )
    assert response.json() == {"id": fake.config.page_id, "recipient": psid}


def test_account_linking_token_expires_after_five_minutes(fake, graph, psid, clock):
    token = fake.issue_linking_token(psid)
    clock.advance(301)
    error = graph.error(
        graph.get("me", query={"fields": "recipient", "account_linking_token": token})
    )
    assert error["code"] == 10301
    assert (
        graph.error(
            graph.get("me", query={"fields": "recipient", "account_linking_token": "forged"})
        )["code"]
        == 10303
    )


def test_unlink_account_answers_and_queues_the_unlinked_event(fake, graph, psid):
    fake.user(psid).linked = True
    assert graph.post("me/unlink_accounts", {"psid": psid}).json() == {
        "result": "unlink account success"
    }
    assert fake.user(psid).linked is False
    (event,) = fake.take_outbox()
    assert event["account_linking"] == {"status": "unlinked"}
    assert graph.error(graph.post("me/unlink_accounts", {}))["code"] == 100


# -- Personas ---------------------------------------------------------------------------


def test_personas_lifecycle(graph):
    created = graph.post(
        "me/personas", {"name": "Lina", "profile_picture_url": "https://bank.test/lina.png"}
    ).json()
    persona_id = created["id"]
    assert graph.get(persona_id).json() == {
        "id": persona_id,
        "name": "Lina",
        "profile_picture_url": "https://bank.test/lina.png",
    }
    listed = graph.get("me/personas").json()
    assert listed["data"][0]["id"] == persona_id and "paging" in listed
    assert graph.delete(persona_id).json() == {"success": True}
    assert graph.error(graph.get(persona_id))["error_subcode"] == 33
    assert (
        graph.error(
            graph.post(
                "me/personas", {"name": "x" * 51, "profile_picture_url": "https://a.test/p.png"}
            )
        )["code"]
        == 100
    )
    assert graph.error(graph.post("me/personas", {"name": "No picture"}))["code"] == 100


# -- Batch ------------------------------------------------------------------------------


def test_batch_request(fake, graph, psid):
    batch = [
        {
            "method": "POST",
            "relative_url": "me/messages",
            "body": f'recipient={{"id":"{psid}"}}&message={{"text":"one"}}',
        },
        {"method": "GET", "relative_url": f"{psid}?fields=first_name"},
        {"method": "GET", "relative_url": "me/nothing"},
    ]
    response = graph.post("", {"batch": batch})
    answers = response.json()
    assert [a["code"] for a in answers] == [200, 200, 400]
    assert json.loads(answers[0]["body"])["recipient_id"] == psid
    assert json.loads(answers[1]["body"])["first_name"] == fake.user(psid).first_name
    assert json.loads(answers[2]["body"])["error"]["code"] == 2500
    assert answers[0]["headers"][0]["name"] == "Content-Type"
    assert len(fake.egress) == 1  # one request on the wire
    assert fake.transcript(psid)[-1].exchange_index == 0


def test_batch_form_encoded_with_references(fake, graph, psid):
    batch = [
        {
            "method": "POST",
            "name": "persona",
            "relative_url": "me/personas",
            "body": "name=Lina&profile_picture_url=https://bank.test/l.png",
        },
        {"method": "GET", "relative_url": "{result=persona:$.id}"},
    ]
    answers = graph.post("", {"batch": batch}, form=True).json()
    assert answers[0] is None
    assert json.loads(answers[1]["body"])["name"] == "Lina"


def test_batch_limits(graph):
    item = {"method": "GET", "relative_url": "me"}
    assert (
        "Maximum batch size is 50" in graph.error(graph.post("", {"batch": [item] * 51}))["message"]
    )
    assert graph.error(graph.post("", {"batch": [{"relative_url": "me"}]}))["code"] == 100


# -- legacy -----------------------------------------------------------------------------


def test_thread_settings_legacy_calls(fake, graph):
    graph.version = "v2.6"
    assert graph.post(
        "me/thread_settings", {"setting_type": "greeting", "greeting": {"text": "Hi"}}
    ).json() == {"result": "Successfully updated greeting"}
    cta = {
        "setting_type": "call_to_actions",
        "thread_state": "new_thread",
        "call_to_actions": [{"payload": "START"}],
    }
    assert "new_thread" in graph.post("me/thread_settings", cta).json()["result"]
    assert fake.state.messenger_profile["get_started"] == {"payload": "START"}
    domains = {
        "setting_type": "domain_whitelisting",
        "whitelisted_domains": ["https://bank.test"],
        "domain_action_type": "add",
    }
    assert graph.post("me/thread_settings", domains).status == 200
    assert graph.delete("me/thread_settings", {"setting_type": "greeting"}).status == 200
    assert "greeting" not in fake.state.messenger_profile
    assert graph.error(graph.post("me/thread_settings", {"setting_type": "weather"}))["code"] == 100


def test_subscribed_apps(fake, graph):
    graph.version = "v2.12"
    assert graph.post("me/subscribed_apps").json() == {"success": True}
    graph.version = "v25.0"
    assert "subscribed_fields" in graph.error(graph.post("me/subscribed_apps"))["message"]
    assert graph.post(
        "me/subscribed_apps", query={"subscribed_fields": "messages,message_echoes"}
    ).json() == {"success": True}
    assert graph.get("me/subscribed_apps").json()["data"][0]["subscribed_fields"] == [
        "messages",
        "message_echoes",
    ]
    assert (
        graph.error(graph.post("me/subscribed_apps", query={"subscribed_fields": "gossip"}))["code"]
        == 100
    )
    assert graph.delete("me/subscribed_apps").json() == {"success": True}
    assert graph.get("me/subscribed_apps").json() == {"data": []}


# -- routing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, path, code, subcode",
    [
        ("GET", "me/messages", 100, 33),
        ("DELETE", "me/messages", 100, 33),
        ("PUT", "me/messages", 100, 33),
        ("GET", "me/nothing/deeper", 2500, None),
        ("POST", "me/feed", 2500, None),
        ("GET", "", 100, 33),
        ("PATCH", "me", 100, 33),
    ],
)
def test_unknown_paths_and_methods_answer_like_graph(graph, method, path, code, subcode):
    error = graph.error(graph.request(method, path))
    assert error["code"] == code
    assert error.get("error_subcode") == subcode


def test_missing_token_elsewhere_is_104(graph, psid):
    assert graph.error(graph.get(psid, token=None))["code"] == 104


def test_every_answer_is_json_even_for_garbage(fake):
    from mockmessenger.platform import GraphRequest

    garbage = [
        GraphRequest(
            "POST",
            "https://graph.facebook.com/v25.0/me/messages",
            {"content-type": "multipart/form-data"},
            b"--x",
        ),
        GraphRequest(
            "POST",
            "https://graph.facebook.com/v25.0/me/messages",
            {"content-type": "application/x-www-form-urlencoded"},
            b"\xff\xfe",
        ),
        GraphRequest("GET", "https://graph.facebook.com/%%%/??", {}, b""),
        GraphRequest(
            "POST",
            f"https://graph.facebook.com/v99.0/me/messages?access_token={fake.config.access_token}",
            {"content-type": "application/json"},
            b"[1,2]",
        ),
        GraphRequest(
            "POST",
            f"https://graph.facebook.com/me/messages?access_token={fake.config.access_token}",
            {"content-type": "application/json"},
            b'{"recipient":"not json","message":5}',
        ),
    ]
    for request in garbage:
        response = fake.handle(request)
        assert 400 <= response.status < 500, (request, response)
        assert "error" in response.json()


def test_batch_without_headers(graph, psid):
    answers = graph.post(
        "", {"batch": [{"method": "GET", "relative_url": psid}], "include_headers": "false"}
    ).json()
    assert set(answers[0]) == {"code", "body"}


def test_required_appsecret_proof(configured):
    _, g, psid = configured(require_appsecret_proof=True)
    error = g.error(g.get(psid))
    assert (error["code"], error["type"]) == (100, "GraphMethodException")
    assert "appsecret_proof" in error["message"]
