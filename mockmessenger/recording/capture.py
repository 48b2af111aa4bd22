"""Captured traffic, both ways, read from mitmproxy flows, flow files or HAR files.

This is the one reader of HAR entries and mitmproxy flows. A recording needs whole
exchanges: what Meta *delivered* (the webhooks) and what Graph answered (profile
names to hide). The guard's reader (``mockmessenger.traffic``) takes the request
side of the same exchanges, so a fix to HAR or flow parsing happens here, once.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlencode, urlsplit

from mockmessenger.errors import InputError, InputProblem
from mockmessenger.jsontext import JSONTextError, loads_or_none
from mockmessenger.jsontext import loads as load_json

Headers = list[tuple[str, str]]

#: the content type of a form body rebuilt from a HAR's ``postData.params``
FORM = "application/x-www-form-urlencoded"


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
    #: The request body exactly as sent (still gzip'd, say) where the source keeps it:
    #: the guard scans what went out; ``request_body`` is the decoded content.
    request_raw_body: bytes | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.request_headers if k.lower() == name), None)

    def json(self) -> Any:
        """The request body as JSON, or None."""
        return _json_or_none(self.request_body)

    def response_json(self) -> Any:
        return _json_or_none(self.response_body)

    @property
    def sent_body(self) -> bytes:
        """The request body as it went on the wire (raw where known, else decoded)."""
        return self.request_body if self.request_raw_body is None else self.request_raw_body


def _json_or_none(body: bytes) -> Any:
    return loads_or_none(body) if body else None


def bad_url(url: str) -> str | None:
    """Why ``url`` cannot be parsed (``Invalid IPv6 URL``), or None when it can."""
    try:
        urlsplit(url).hostname  # noqa: B018 - the parse is the check
    except ValueError as exc:
        return str(exc)
    return None


# -- mitmproxy flows -----------------------------------------------------------------


def from_flow(flow: Any, origin: str = "") -> Captured:
    """A mitmproxy ``HTTPFlow`` (live or from a file), bodies decoded, raw request body kept."""
    request, response = flow.request, flow.response
    return Captured(
        method=request.method,
        url=str(request.url),
        request_headers=flow_headers(request),
        request_body=request.get_content(strict=False) or b"",
        status=response.status_code if response is not None else None,
        response_headers=flow_headers(response) if response is not None else [],
        response_body=(response.get_content(strict=False) or b"") if response is not None else b"",
        timestamp=request.timestamp_start or 0.0,
        origin=origin,
        request_raw_body=request.raw_content or b"",
    )


def flow_headers(message: Any) -> Headers:
    """Headers of a mitmproxy request or response, repeated names kept.

    UTF-8 where valid, else Latin-1: never surrogate escapes, which cannot be encoded
    again (the guard and the YAML writer both encode what they get). The live proxy
    addons use this too (``transports.proxy.flows``).
    """
    return [(_header_text(k), _header_text(v)) for k, v in message.headers.fields]


def _header_text(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def read_flow_stream(stream: BinaryIO, name: str) -> list[Captured]:
    """The HTTP exchanges of a mitmproxy flow file (other flow types skipped).

    A file mitmproxy cannot read is an :class:`InputError` naming ``name`` and how
    many flows were read before the problem, never a traceback nor a shortened list.
    """
    from mitmproxy import http, io
    from mitmproxy.exceptions import FlowReadException

    captured: list[Captured] = []
    read = 0
    try:
        for flow in io.FlowReader(stream).stream():
            read += 1
            if isinstance(flow, http.HTTPFlow):
                captured.append(from_flow(flow, origin=f"{name}: flow {read}"))
    except Exception as exc:  # FlowReadException, or anything else mitmproxy trips on in garbage
        if isinstance(exc, FlowReadException):
            exc = exc.__cause__ or exc
        raise InputError(
            InputProblem(
                f"corrupt mitmproxy flow file, or not one at all "
                f"({exc.__class__.__name__}: {exc}); {read} flow(s) read before the problem",
                file=name,
                field=f"flow {read}",
            )
        ) from None
    if not captured:
        raise InputError(InputProblem("no HTTP flows in this mitmproxy flow file", file=name))
    return captured


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
    """Exchanges from a mitmproxy flow file on disk."""
    try:
        with path.open("rb") as handle:
            return read_flow_stream(handle, str(path))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=str(path)) from None


# -- HAR -------------------------------------------------------------------------------


def read_har(path: Path, data: bytes) -> list[Captured]:
    """Exchanges from the bytes of a HAR file at ``path``."""
    try:
        document = load_json(data)
    except JSONTextError as exc:
        reason = exc.reason.replace("not JSON: ", "invalid JSON: ", 1)
        if exc.reason == "not UTF-8 text":
            reason = "a HAR file must be UTF-8 text"
        raise InputError(
            InputProblem(reason, file=str(path), line=exc.line, column=exc.column)
        ) from None
    return har_exchanges(document, str(path))


def har_exchanges(document: Any, name: str) -> list[Captured]:
    """One exchange per ``log.entries[i]`` of a parsed HAR document, in file order.

    Every bad entry is reported (not only the first), each as ``entry i`` with the
    field at fault, e.g. ``log.entries[1].request.url``.
    """
    log = document.get("log") if isinstance(document, dict) else None
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise InputError(
            InputProblem("not a HAR file: no list at log.entries", file=name, field="log.entries")
        )
    problems: list[InputProblem] = []
    captured: list[Captured] = []
    for index, entry in enumerate(entries):
        try:
            captured.append(_har_entry(entry, f"{name}: entry {index + 1}"))
        except _HarFieldError as exc:
            where = f"log.entries[{index}]" + (f".{exc.field}" if exc.field else "")
            what = f"{exc.field} {exc.message}" if exc.field else exc.message
            problems.append(InputProblem(f"entry {index}: {what}", file=name, field=where))
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
    if not url:
        raise _HarFieldError("request.url", "is empty")
    if bad_url(url):
        raise _HarFieldError("request.url", f"is not a valid URL ({bad_url(url)})")
    post = _optional_object(request, "postData", "request.postData")
    content = _optional_object(response, "content", "response.content")
    headers = _har_headers(request.get("headers"), "request.headers")
    body, from_params = _har_post_body(post)
    if from_params:  # the body is our form encoding of the params, whatever the HAR claims
        headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
        headers.append(("content-type", FORM))
    elif post.get("mimeType") and not any(k.lower() == "content-type" for k, _ in headers):
        headers.append(("content-type", str(post["mimeType"])))
    status = response.get("status")
    return Captured(
        method=method,
        url=url,
        request_headers=headers,
        request_body=body,
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


def _optional_object(mapping: dict[str, Any], key: str, field: str) -> dict[str, Any]:
    value = mapping.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _HarFieldError(field, "must be an object")
    return value


def _har_headers(headers: Any, field: str) -> Headers:
    if headers is None:
        return []
    if not isinstance(headers, list) or not all(
        isinstance(h, dict) and isinstance(h.get("name"), str) for h in headers
    ):
        raise _HarFieldError(field, "must be a list of {name, value} objects")
    return [(h["name"], str(h.get("value", ""))) for h in headers]


def _har_post_body(post: dict[str, Any]) -> tuple[bytes, bool]:
    """``postData.text`` (base64 or not), else a form body rebuilt from ``postData.params``;
    and whether it was rebuilt.

    Some tools write ``"text": ""`` beside the params of a form post: the params are the body
    then (an empty text must not hide them from the guard).
    """
    params = post.get("params")
    text = post.get("text")
    if text is not None and (text != "" or not params):
        return _har_text(text, post.get("encoding"), "request.postData.text"), False
    if params is None:
        return b"", False
    if not isinstance(params, list):
        raise _HarFieldError("request.postData.params", "must be a list of {name, value} objects")
    pairs = []
    for i, param in enumerate(params):
        if not isinstance(param, dict) or not isinstance(param.get("name"), str):
            raise _HarFieldError(
                f"request.postData.params[{i}]", "must be a {name, value} object with a text name"
            )
        value = param.get("value")
        pairs.append((param["name"], "" if value is None else str(value)))
    return urlencode(pairs).encode("utf-8"), True


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
    if not isinstance(value, str):
        return 0.0
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def sort_by_time(captured: Iterable[Captured]) -> list[Captured]:
    """Chronological, keeping file order among equal times (HAR timestamps are coarse)."""
    return [c for _, c in sorted(enumerate(captured), key=lambda p: (p[1].timestamp, p[0]))]
