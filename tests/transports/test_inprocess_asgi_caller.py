"""The in-process door calls ASGI apps exactly as httpx.ASGITransport would."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from mockmessenger.transports.inprocess import AsgiCaller

BASE = "https://bot.test"
HEADERS = {
    "content-type": "application/json",
    "user-agent": "facebookexternalua",
    "x-hub-signature-256": "sha256=00",
}


class Recorder:
    """An ASGI app that keeps what it was given and answers with a header pair."""

    def __init__(self, status: int = 200, fail: bool = False) -> None:
        self.scopes: list[dict[str, Any]] = []
        self.messages: list[dict[str, Any]] = []
        self.status, self.fail = status, fail

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.scopes.append(dict(scope))
        self.messages.append(await receive())
        if self.fail:
            raise RuntimeError("the bot crashed")
        headers = [(b"x-a", b"1"), (b"x-a", b"2"), (b"content-type", b"text/plain")]
        await send({"type": "http.response.start", "status": self.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"EVENT_", "more_body": True})
        await send({"type": "http.response.body", "body": b"RECEIVED"})
        self.messages.append(await receive())


async def through_httpx(app: Any, method: str, target: str, body: bytes) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as client:
        return await client.request(method, target, content=body, headers=HEADERS)


@pytest.mark.parametrize(
    ("method", "target", "body"),
    [
        ("POST", "/webhook", b'{"object":"page","entry":[]}'),
        ("GET", "/webhook?hub.mode=subscribe&hub.challenge=12%2034", b""),
        ("POST", "/hooks/m%C3%A9ta", b"{}"),
        ("POST", "/hooks/méta?q=رصيد 1", b"{}"),
    ],
)
def test_scope_and_answer_match_httpx(method: str, target: str, body: bytes) -> None:
    ours, theirs = Recorder(), Recorder()
    answered: list[float] = []
    status, headers, content = asyncio.run(
        AsgiCaller(ours, BASE)(method, target, body, HEADERS, answered)
    )
    response = asyncio.run(through_httpx(theirs, method, target, body))
    assert ours.scopes == theirs.scopes
    assert ours.messages == theirs.messages  # the body, then a disconnect
    assert (status, headers, content) == (
        response.status_code,
        dict(response.headers),
        response.content,
    )
    assert len(answered) == 1


def test_an_app_that_raises_answers_500_like_httpx() -> None:
    answered: list[float] = []
    status, _, content = asyncio.run(
        AsgiCaller(Recorder(fail=True), BASE)("POST", "/webhook", b"{}", HEADERS, answered)
    )
    response = asyncio.run(through_httpx(Recorder(fail=True), "POST", "/webhook", b"{}"))
    assert (status, content) == (response.status_code, response.content) == (500, b"")
    assert answered == []


def test_a_compressed_answer_is_decoded_like_httpx() -> None:
    import gzip

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        body = gzip.compress(b"bad signature")
        headers = [(b"content-encoding", b"gzip"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 403, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    status, headers, content = asyncio.run(AsgiCaller(app, BASE)("POST", "/w", b"{}", HEADERS, []))
    assert (status, content, headers["content-encoding"]) == (403, b"bad signature", "gzip")
