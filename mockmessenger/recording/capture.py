"""Captured traffic, both ways, read from mitmproxy flows, flow files or HAR files.

The guard's readers (``mockmessenger.traffic``) keep what the bot *sent*; a recording
also needs what Meta *delivered* (the webhooks) and what Graph answered (profile
names to hide), so this module keeps whole exchanges.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mockmessenger.errors import InputError, InputProblem

Headers = list[tuple[str, str]]


@dataclass
class Captured:
    """One HTTP exchange seen by the proxy (or read from a file)."""

    method: str
    url: str
    request_headers: Headers = field(default_factory=list)
    request_body: bytes = b""
    status: int | None = None
    response_headers: Headers = field(default_factory=list)
    response_body: bytes = b""
    timestamp: float = 0.0
    origin: str = ""  # "file.har: entry 3", for error messages

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.request_headers if k.lower() == name), None)

    def json(self) -> Any:
        """The request body as JSON, or None."""
        return _json_or_none(self.request_body)

    def response_json(self) -> Any:
        return _json_or_none(self.response_body)


def _json_or_none(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def from_flow(flow: Any, origin: str = "") -> Captured:
    """A mitmproxy ``HTTPFlow`` (live or from a file), bodies decoded."""
    request, response = flow.request, flow.response
    return Captured(
        method=request.method,
        url=str(request.url),
        request_headers=list(request.headers.items(multi=True)),
        request_body=request.get_content(strict=False) or b"",
        status=response.status_code if response is not None else None,
        response_headers=list(response.headers.items(multi=True)) if response is not None else [],
        response_body=(response.get_content(strict=False) or b"") if response is not None else b"",
        timestamp=request.timestamp_start or 0.0,
        origin=origin,
    )


def read_capture(path: str | Path) -> list[Captured]:
    """Exchanges from a HAR file or a mitmproxy flow file (told apart by content)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None
    if not data.strip():
        raise InputError(
            "the file is empty: expected a HAR file or a mitmproxy flow file", file=str(path)
        )
    if data.lstrip()[:1] in (b"{", b"["):
        return read_har(path, data)
    return read_flows(path)


def read_flows(path: Path) -> list[Captured]:
    from mitmproxy import http, io
    from mitmproxy.exceptions import FlowReadException

    captured: list[Captured] = []
    try:
        with path.open("rb") as handle:
            for index, flow in enumerate(io.FlowReader(handle).stream()):
                if isinstance(flow, http.HTTPFlow):
                    captured.append(from_flow(flow, origin=f"{path}: flow {index + 1}"))
    except Exception as exc:  # FlowReadException, or anything else mitmproxy trips on in garbage
        if isinstance(exc, FlowReadException):
            exc = exc.__cause__ or exc
        raise InputError(
            InputProblem(
                f"not a mitmproxy flow file or a HAR file ({exc.__class__.__name__}: {exc}); "
                f"{len(captured)} flow(s) read before the problem",
                file=str(path),
            )
        ) from None
    if not captured:
        raise InputError("no HTTP flows in this mitmproxy flow file", file=str(path))
    return captured


def read_har(path: Path, data: bytes) -> list[Captured]:
    try:
        document = json.loads(data)
    except UnicodeDecodeError:
        raise InputError("a HAR file must be UTF-8 text", file=str(path)) from None
    except json.JSONDecodeError as exc:
        raise InputError(
            InputProblem(
                f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno, column=exc.colno
            )
        ) from None
    entries = document.get("log", {}).get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise InputError(
            InputProblem(
                "not a HAR file: no list at log.entries", file=str(path), field="log.entries"
            )
        )
    problems: list[InputProblem] = []
    captured: list[Captured] = []
    for index, entry in enumerate(entries):
        try:
            captured.append(_har_entry(entry, f"{path}: entry {index + 1}"))
        except _HarFieldError as exc:
            problems.append(
                InputProblem(exc.message, file=str(path), field=f"log.entries[{index}].{exc.field}")
            )
    if problems:
        raise InputError(problems)
    return captured


class _HarFieldError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _har_entry(entry: Any, origin: str) -> Captured:
    if not isinstance(entry, dict):
        raise _HarFieldError("", "an entry must be an object")
    request = _require(entry, "request", dict, "request")
    response = entry.get("response") if isinstance(entry.get("response"), dict) else {}
    method = _require(request, "method", str, "request.method")
    url = _require(request, "url", str, "request.url")
    post = request.get("postData") or {}
    content = response.get("content") or {}
    status = response.get("status")
    return Captured(
        method=method,
        url=url,
        request_headers=_har_headers(request.get("headers"), "request.headers"),
        request_body=_har_text(post.get("text"), post.get("encoding"), "request.postData.text"),
        status=int(status) if isinstance(status, int) and status > 0 else None,
        response_headers=_har_headers(response.get("headers"), "response.headers"),
        response_body=_har_text(
            content.get("text"), content.get("encoding"), "response.content.text"
        ),
        timestamp=_har_time(entry.get("startedDateTime")),
        origin=origin,
    )


def _require(mapping: dict[str, Any], key: str, kind: type, field: str) -> Any:
    value = mapping.get(key)
    if not isinstance(value, kind):
        wanted = "an object" if kind is dict else "text"
        raise _HarFieldError(field, f"missing or not {wanted}")
    return value


def _har_headers(headers: Any, field: str) -> Headers:
    if headers is None:
        return []
    if not isinstance(headers, list) or not all(
        isinstance(h, dict) and isinstance(h.get("name"), str) for h in headers
    ):
        raise _HarFieldError(field, "must be a list of {name, value} objects")
    return [(h["name"], str(h.get("value", ""))) for h in headers]


def _har_text(text: Any, encoding: Any, field: str) -> bytes:
    if text is None:
        return b""
    if not isinstance(text, str):
        raise _HarFieldError(field, "must be text")
    if encoding == "base64":
        try:
            return base64.b64decode(text, validate=True)
        except ValueError:
            raise _HarFieldError(field, "is marked base64 but does not decode") from None
    return text.encode("utf-8")


def _har_time(value: Any) -> float:
    from datetime import datetime

    if not isinstance(value, str):
        return 0.0
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def sort_by_time(captured: Iterable[Captured]) -> list[Captured]:
    """Chronological, keeping file order among equal times (HAR timestamps are coarse)."""
    return [c for _, c in sorted(enumerate(captured), key=lambda p: (p[1].timestamp, p[0]))]
