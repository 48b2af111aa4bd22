"""Bodies no bot should send, answered as Graph answers bad input: 400, code 100, never a 500."""

from __future__ import annotations

import json

import pytest

from mockmessenger.platform import GraphRequest, Platform, PlatformConfig
from mockmessenger.transports.control import exchange_view

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


LONG = "9" * 5000


@pytest.mark.parametrize(
    ("body", "content_type", "param", "reason"),
    [
        (b'{"recipient": {"id": NaN}}', "application/json", "recipient[id]", "NaN"),
        (b'{"message": {"metadata": Infinity}}', "application/json", "message[metadata]", "Inf"),
        (b'{"x": [1, -Infinity]}', "application/json", "x[1]", "-Infinity"),
        (b'{"x": 1e999}', "application/json", "x", "too large"),
        (b'{"x": ' + LONG.encode() + b"}", "application/json", "x", "4300 digits"),
        (
            b"recipient=%7B%22id%22%3ANaN%7D",
            "application/x-www-form-urlencoded",
            "recipient[id]",
            "NaN",
        ),
        (
            b"message=%7B%22text%22%3A%22x%22%2C%22n%22%3A" + LONG.encode() + b"%7D",
            "application/x-www-form-urlencoded",
            "message[n]",
            "4300 digits",
        ),
    ],
)
def test_a_number_json_cannot_carry_is_a_graph_error_naming_the_field(
    body, content_type, param, reason
):
    """NaN, Infinity, 1e999 and 4300+ digits are read by Python's json, never by Graph."""
    platform = Platform(PlatformConfig())
    response = platform.handle(
        GraphRequest("POST", _url(platform), {"content-type": content_type}, body)
    )
    error = response.json()["error"]
    assert (response.status, error["code"], error["type"]) == (400, 100, "OAuthException")
    assert error["message"].startswith(f"(#100) Invalid parameter {param}: "), error["message"]
    assert reason in error["message"] and "sys.set_int_max_str_digits" not in error["message"]
    # the control API's view of the exchange is still strict JSON (a NaN stored there made it 500)
    json.dumps(exchange_view(platform.exchanges[-1]), allow_nan=False)


@pytest.mark.parametrize("value", ["NaN", "-Infinity", LONG])
def test_a_bad_number_in_a_query_param_is_named_and_leaves_the_platform_working(value):
    platform = Platform(PlatformConfig())
    user = platform.create_user()
    platform.webhook(platform.events.message(user.psid, "hi"))
    bad = platform.handle(
        GraphRequest("POST", _url(platform) + f"&recipient=%7B%22id%22%3A{value}%7D&message=%7B%7D")
    )
    assert bad.status == 400 and "Invalid parameter recipient[id]" in bad.json()["error"]["message"]
    body = json.dumps({"recipient": {"id": user.psid}, "message": {"text": "still here"}})
    good = platform.handle(
        GraphRequest("POST", _url(platform), {"content-type": "application/json"}, body)
    )
    assert good.status == 200


def test_a_version_of_thousands_of_digits_is_no_version_and_no_500():
    platform = Platform(PlatformConfig())
    url = _url(platform).replace("/v25.0/", f"/v{LONG}.0/")
    response = platform.handle(
        GraphRequest("POST", url, {"content-type": "application/json"}, b"{}")
    )
    assert response.status == 400 and response.json()["error"]["code"] == 100


def _url(platform: Platform) -> str:
    token = platform.config.access_token
    return f"https://graph.facebook.com/v25.0/me/messages?access_token={token}"
