"""Property: whatever a bot sends, the platform answers Graph-shaped JSON, never a server error."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockmessenger.platform import GraphRequest, Platform, PlatformConfig

PLATFORM = Platform(PlatformConfig(seed=99, send_rate_per_second=10**9, profile_rate_limit=None))
USER = PLATFORM.create_user()
PLATFORM.webhook(PLATFORM.events.message(USER.psid, "hi"))
TOKEN = PLATFORM.config.access_token

segments = st.sampled_from(
    [
        "me",
        "messages",
        "messenger_profile",
        "message_attachments",
        "personas",
        "thread_owner",
        "pass_thread_control",
        "unlink_accounts",
        "subscribed_apps",
        "thread_settings",
        USER.psid,
        PLATFORM.config.page_id,
        "v25.0",
        "v2.6",
        "v1.0",
        "",
        "%00",
        "..",
        "nodes",
    ]
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries(
        {"recipient": st.one_of(st.just({"id": USER.psid}), json_values), "message": json_values},
        optional={"sender_action": json_values, "messaging_type": json_values, "tag": json_values},
    ).map(lambda v: json.dumps(v).encode()),
)
content_types = st.sampled_from(
    [
        "application/json",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "text/plain",
        "",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    method=st.sampled_from(["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD"]),
    path=st.lists(segments, max_size=4),
    query=st.dictionaries(
        st.sampled_from(
            ["fields", "access_token", "recipient", "method", "batch", "psid", "appsecret_proof"]
        ),
        st.text(max_size=20),
        max_size=3,
    ),
    with_token=st.booleans(),
    body=bodies,
    content_type=content_types,
)
def test_any_request_gets_graph_json(method, path, query, with_token, body, content_type):
    if with_token:
        query["access_token"] = TOKEN
    qs = "&".join(f"{k}={v}" for k, v in query.items())
    url = "https://graph.facebook.com/" + "/".join(path) + (f"?{qs}" if qs else "")
    response = PLATFORM.handle(GraphRequest(method, url, {"content-type": content_type}, body))
    assert response.status < 500, response.body
    payload = json.loads(response.body)
    if response.status >= 400:
        assert {"message", "type", "code", "fbtrace_id"} <= set(payload["error"])
