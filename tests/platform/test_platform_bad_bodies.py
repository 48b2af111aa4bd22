"""Bodies no bot should send, answered as Graph answers bad input: 400, code 100, never a 500."""

from __future__ import annotations

import pytest

from mockmessenger.platform import GraphRequest, Platform, PlatformConfig

DEEP = b"[" * 5000 + b"]" * 5000


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"recipient": {"id": "1"}, "message": ' + DEEP + b"}", "application/json"),
        (DEEP, "application/json"),
        (b"recipient=" + DEEP + b"&message=%7B%7D", "application/x-www-form-urlencoded"),
    ],
)
def test_a_body_nested_too_deeply_is_a_graph_error_100(body, content_type):
    platform = Platform(PlatformConfig())
    token = platform.config.access_token
    response = platform.handle(
        GraphRequest(
            method="POST",
            url=f"https://graph.facebook.com/v25.0/me/messages?access_token={token}",
            headers={"content-type": content_type},
            body=body,
        )
    )
    assert response.status == 400
    assert response.json()["error"]["code"] == 100
