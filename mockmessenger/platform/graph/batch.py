"""Graph batch requests: ``POST /{version}/`` with ``batch=[{method, relative_url, body}]``.

Answered with Graph's JSON array: one ``{"code", "headers", "body"}`` per request
(``body`` a JSON string), ``null`` where ``omit_response_on_success`` applies. At
most 50 requests; ``{result=name:$.field}`` references to earlier answers are
resolved. Each inner request goes through the same routing as a plain one; the
whole batch is one request in the egress log, as it was on the wire.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

from mockmessenger.platform.errors import param_error
from mockmessenger.platform.graph.call import Call
from mockmessenger.platform.http import GraphRequest
from mockmessenger.platform.validation import graph_check

REFERENCE = re.compile(r"\{result=([^:}]+):\$\.([A-Za-z0-9_.\[\]]+)\}")
MAX_BATCH = 50


def _resolve(text: str, named: dict[str, Any]) -> str:
    def lookup(match: re.Match[str]) -> str:
        value: Any = named.get(match.group(1))
        for key in re.findall(r"[A-Za-z0-9_]+", match.group(2)):
            if isinstance(value, list) and key.isdigit():
                index = int(key) if len(key) <= 9 else len(value)  # int() refuses 4300+ digits
                value = value[index] if index < len(value) else None
            elif isinstance(value, dict):
                value = value.get(key)
            else:
                value = None
        return "" if value is None else str(value)

    return REFERENCE.sub(lookup, text)


def handle_batch(call: Call) -> list[Any]:
    from mockmessenger.platform.graph.router import dispatch

    items = call.param("batch")
    if isinstance(items, list) and len(items) > MAX_BATCH:
        raise param_error(f"Too many requests in batch message. Maximum batch size is {MAX_BATCH}")
    graph_check("batch").check({"batch": items})
    platform = call.platform
    version = f"/{call.version}" if call.version else ""
    named: dict[str, Any] = {}
    answers: list[Any] = []
    include_headers = str(call.params.get("include_headers", "true")).lower() != "false"
    for item in items:
        relative = _resolve(item["relative_url"].lstrip("/"), named)
        body = item.get("body", "")
        if isinstance(body, dict):
            body = urlencode(
                {k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
            )
        body = _resolve(body, named)
        if "access_token=" not in relative and "access_token=" not in body and call.token:
            body = f"{body}&access_token={call.token}" if body else f"access_token={call.token}"
        headers = {"content-type": "application/x-www-form-urlencoded"}
        inner = GraphRequest(
            item["method"], f"https://graph.facebook.com{version}/{relative}", headers, body
        )
        inner_call, response = dispatch(platform, inner, call.exchange_index)
        if call.psid is None and inner_call.psid is not None:
            call.psid = inner_call.psid
        payload = response.json()
        if item.get("name"):
            named[item["name"]] = payload
        if item.get("omit_response_on_success", bool(item.get("name"))) and response.status == 200:
            answers.append(None)
            continue
        answer: dict[str, Any] = {"code": response.status}
        if include_headers:
            answer["headers"] = [
                {"name": "Content-Type", "value": "text/javascript; charset=UTF-8"},
                {"name": "Cache-Control", "value": "private, no-cache, no-store, must-revalidate"},
            ]
        answer["body"] = response.body.decode("utf-8")
        answers.append(answer)
    return answers
