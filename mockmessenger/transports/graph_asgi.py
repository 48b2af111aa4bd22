"""The Graph side of the server door: every non-control request goes to ``Platform.handle``.

Written as a bare ASGI callable rather than a Starlette route: Graph accepts any
method on any path (the Platform decides what it means), and the Send API is the
hot path a bot hammers, so nothing sits between the socket and the Platform but
body reading. Whatever goes wrong, the bot gets a Graph-shaped JSON error, never
a traceback.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.concurrency import run_in_threadpool

from mockmessenger.platform import GraphRequest, GraphResponse, Platform

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

logger = logging.getLogger("mockmessenger.server")

#: Graph refuses bodies far past the 25 MB attachment limit; so do we, before buffering them.
MAX_BODY_BYTES = 32 * 1024 * 1024


def graph_error_body(message: str, code: int, error_type: str = "OAuthException") -> bytes:
    """A Graph error envelope for failures that happen before the Platform is reached."""
    return json.dumps(
        {
            "error": {
                "message": message,
                "type": error_type,
                "code": code,
                "fbtrace_id": secrets.token_urlsafe(8),
            }
        }
    ).encode()


def graph_url(scope: Scope, graph_host: str) -> str:
    """The Graph URL this request stands for: the bot's path and query on Meta's host.

    The egress log and the guard see what the request would be in production (a call
    to graph.facebook.com, a host outside the bank), not the loopback address of the
    fake; the ``host`` header still says where it was actually sent.
    """
    raw_path = scope.get("raw_path") or scope["path"].encode()
    url = f"https://{graph_host}{raw_path.decode('latin-1')}"
    query = scope.get("query_string") or b""
    return f"{url}?{query.decode('latin-1')}" if query else url


def request_headers(scope: Scope) -> tuple[tuple[str, str], ...]:
    """Header (lower-case name, value) pairs in the order received, repeats kept."""
    return tuple(
        (name.decode("latin-1").lower(), value.decode("latin-1"))
        for name, value in scope.get("headers") or ()
    )


async def read_body(receive: Receive, limit: int = MAX_BODY_BYTES) -> bytes | None:
    """The whole request body, or ``None`` when it is larger than ``limit``."""
    chunks: list[bytes] = []
    size = 0
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return b"".join(chunks)
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        if chunk:
            chunks.append(chunk)
        more = message.get("more_body", False)
    return b"".join(chunks)


async def send_response(
    send: Send,
    status: int,
    headers: MutableMapping[str, str] | dict[str, str],
    body: bytes,
    head: bool,
) -> None:
    raw_headers = [
        (name.lower().encode("latin-1"), str(value).encode("latin-1"))
        for name, value in headers.items()
        if name.lower() != "content-length"
    ]
    if not any(name == b"content-type" for name, _ in raw_headers):
        raw_headers.append((b"content-type", b"application/json; charset=UTF-8"))
    raw_headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": b"" if head else body})


class GraphApp:
    """ASGI app answering Graph requests with ``platform.handle``.

    ``handle`` runs on the event loop: it is plain, fast, thread-safe Python.
    Latency faults are slept by the Platform itself, so when any latency fault is
    armed the call moves to a worker thread to keep other requests flowing.
    """

    def __init__(self, platform: Platform) -> None:
        self.platform = platform
        self.graph_host = platform.config.graph_hosts[0]
        self.max_body = MAX_BODY_BYTES

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"].upper()
        head = method == "HEAD"
        body = await read_body(receive, self.max_body)
        if body is None:
            await send_response(
                send, 413, {}, graph_error_body("(#100) The request body is too large.", 100), head
            )
            return
        request = GraphRequest(
            method=method,
            url=graph_url(scope, self.graph_host),
            headers=request_headers(scope),
            body=body,
        )
        try:
            response = await self._handle(request)
        except Exception:
            logger.exception("the fake Graph API failed on %s %s", method, scope["path"])
            await send_response(
                send,
                500,
                {},
                graph_error_body(
                    "An unexpected error has occurred. Please retry your request later.", 2
                ),
                head,
            )
            return
        await send_response(send, response.status, dict(response.headers), response.body, head)

    async def _handle(self, request: GraphRequest) -> GraphResponse:
        if any(fault.kind == "latency" for fault in self.platform.faults.armed):
            return await run_in_threadpool(self.platform.handle, request)
        return self.platform.handle(request)
