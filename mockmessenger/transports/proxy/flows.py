"""Translate mitmproxy flows into mockmessenger's plain data.

One place knows what a flow looks like; the addons, the door and the recorder
only see :class:`EgressRecord` and :class:`GraphRequest`.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from mockmessenger.platform.http import BodyError, decode_json_param
from mockmessenger.recording.capture import flow_headers
from mockmessenger.records import EgressRecord

#: Hosts that serve Meta's Graph API. The fake answers all of them, so that a bot
#: using a video-upload host or an Instagram messaging host never reaches Meta either.
GRAPH_HOSTS: frozenset[str] = frozenset(
    {
        "graph.facebook.com",
        "graph-video.facebook.com",
        "graph.beta.facebook.com",
        "b-graph.facebook.com",
        "graph.instagram.com",
        "graph.fb.gg",
    }
)


def is_graph_host(host: str, extra: frozenset[str] | set[str] = frozenset()) -> bool:
    host = host.lower().rstrip(".")
    return host in GRAPH_HOSTS or host in extra


def is_inbound(flow: Any) -> bool:
    """True for a flow that came in through a reverse-proxy listener (a webhook to the bot).

    Those are what Meta delivers, not what the bot sends: the fake must not answer
    them and the guard must not count them as egress.
    """
    mode = getattr(flow.client_conn, "proxy_mode", None)
    return type(mode).__name__ == "ReverseMode"


def flow_url(flow: Any) -> str:
    """The URL the bot asked for (for reverse-mode flows: the public one it was sent to)."""
    return str(flow.request.url)


def psid_of(body: bytes, query: str = "") -> str | None:
    """The recipient PSID of a Send API call (JSON body, form body or query), if any."""
    recipient: Any = None
    try:
        data = json.loads(body or b"{}")
        if isinstance(data, dict):
            recipient = data.get("recipient") or data.get("psid")
    except (ValueError, UnicodeDecodeError, RecursionError):
        form = parse_qs(body.decode("utf-8", "replace") if body else query)
        values = form.get("recipient") or form.get("psid")
        if values:  # a JSON string, maybe single-quoted as in Meta's sample
            try:
                recipient = decode_json_param(values[0], "recipient")
            except BodyError:  # JSON carrying NaN or the like: no PSID in it
                recipient = None
    if isinstance(recipient, dict):
        recipient = recipient.get("id")
    return str(recipient) if isinstance(recipient, str | int) else None


def egress_record(flow: Any, index: int = 0, source: str = "proxy") -> EgressRecord:
    """The request of a flow as an :class:`EgressRecord`, raw body (still encoded) and all."""
    request = flow.request
    body = request.raw_content or b""
    return EgressRecord.make(
        request.method,
        flow_url(flow),
        flow_headers(request),
        body,
        timestamp=request.timestamp_start or 0.0,
        thread=psid_of(request.get_content(strict=False) or b"", request.url.partition("?")[2]),
        index=index,
        source=source,
        meta={"flow_id": flow.id},
    )


def graph_request(flow: Any) -> Any:
    """The request of a flow as the platform's :class:`GraphRequest` (decoded body)."""
    from mockmessenger.platform import GraphRequest

    request = flow.request
    # The body is handed over decoded, so the headers must not claim it is still gzip'd.
    headers = [
        (k, v)
        for k, v in flow_headers(request)
        if k.lower() not in ("content-encoding", "content-length")
    ]
    return GraphRequest(
        method=request.method,
        url=flow_url(flow),
        headers=headers,
        body=request.get_content(strict=False) or b"",
    )


def graph_error_body(message: str, code: int, kind: str) -> bytes:
    """A Graph API error document, so SDKs surface our message like Meta's own."""
    payload = {
        "error": {"message": message, "type": kind, "code": code, "fbtrace_id": "mockmessenger"}
    }
    return json.dumps(payload).encode()
