"""Fixtures for the platform core tests: a fresh platform and a tiny Graph client."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest

from mockmessenger.platform import FakeClock, GraphRequest, GraphResponse, Platform, PlatformConfig

TOKEN = PlatformConfig().access_token


class Graph:
    """Builds Graph requests the way clients do and hands them to the platform."""

    def __init__(self, platform: Platform, version: str | None = "v25.0") -> None:
        self.platform = platform
        self.version = version

    def url(self, path: str, query: dict[str, Any] | None = None, token: str | None = TOKEN) -> str:
        query = dict(query or {})
        if token is not None:
            query.setdefault("access_token", token)
        prefix = f"/{self.version}" if self.version else ""
        qs = f"?{urlencode(query)}" if query else ""
        return f"https://graph.facebook.com{prefix}/{path.lstrip('/')}{qs}"

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        query: dict[str, Any] | None = None,
        token: str | None = TOKEN,
        headers: dict[str, str] | None = None,
        form: bool = False,
    ) -> GraphResponse:
        headers = dict(headers or {})
        raw = b""
        if isinstance(body, bytes):
            raw = body
        elif body is not None and form:
            raw = urlencode(
                {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
            ).encode()
            headers.setdefault("content-type", "application/x-www-form-urlencoded")
        elif body is not None:
            raw = json.dumps(body).encode()
            headers.setdefault("content-type", "application/json")
        return self.platform.handle(
            GraphRequest(method, self.url(path, query, token), headers, raw)
        )

    def get(self, path: str, **kw: Any) -> GraphResponse:
        return self.request("GET", path, **kw)

    def post(self, path: str, body: Any = None, **kw: Any) -> GraphResponse:
        return self.request("POST", path, body, **kw)

    def delete(self, path: str, body: Any = None, **kw: Any) -> GraphResponse:
        return self.request("DELETE", path, body, **kw)

    def send(
        self, psid: str, message: dict[str, Any] | None = None, **fields: Any
    ) -> GraphResponse:
        body: dict[str, Any] = {"recipient": {"id": psid}}
        if message is not None:
            body["message"] = message
        body.update(fields)
        return self.post("me/messages", body)


def error_of(response: GraphResponse) -> dict[str, Any]:
    """The Graph error, checked for the envelope every error must have."""
    payload = response.json()
    assert set(payload) == {"error"}, payload
    error = payload["error"]
    assert {"message", "type", "code", "fbtrace_id"} <= set(error), error
    assert response.status >= 400
    return error


Graph.error = staticmethod(error_of)  # type: ignore[attr-defined]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(start=1_780_000_000.0)


@pytest.fixture
def fake(clock: FakeClock) -> Platform:
    return Platform(PlatformConfig(seed=7), clock=clock)


@pytest.fixture
def graph(fake: Platform) -> Graph:
    return Graph(fake)


@pytest.fixture
def psid(fake: Platform) -> str:
    """A user who has just written to the Page: the 24-hour window is open."""
    user = fake.create_user("en_US")
    fake.webhook(fake.events.message(user.psid, "hello"))
    return user.psid


@pytest.fixture
def configured(clock: FakeClock):
    """``configured(**config)`` -> (platform, graph, psid of a user inside the window)."""

    def make(**config: Any) -> tuple[Platform, Graph, str]:
        config.setdefault("seed", 7)
        platform = Platform(PlatformConfig(**config), clock=clock)
        user = platform.create_user()
        platform.webhook(platform.events.message(user.psid, "hi"))
        return platform, Graph(platform), user.psid

    return make
