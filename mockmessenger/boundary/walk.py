"""Walking a record: every string it carries, with where it was found.

The guard must see what a button payload, a quick reply's metadata or a query
parameter carries as much as a message's text. :func:`walk_record` turns one
:class:`~mockmessenger.records.EgressRecord` into :class:`Field` values (path and
text) plus :class:`Unscannable` notes for content that could not be opened; it
never drops content silently.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.parser import BytesParser
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, unquote, urlsplit

from ..records import EgressRecord
from .decode import Undecodable, decode_content

#: Headers that describe the transport, not data; everything else is scanned.
TRANSPORT_HEADERS = frozenset(
    {
        "host",
        "content-type",
        "content-length",
        "content-encoding",
        "transfer-encoding",
        "connection",
        "accept",
        "accept-encoding",
        "accept-language",
        "user-agent",
        "authorization",
        "x-hub-signature",
        "x-hub-signature-256",
        "keep-alive",
        "te",
        "expect",
        "cache-control",
        "pragma",
        "date",
    }
)

MEDIA_TYPES = ("image/", "audio/", "video/")


class Field(NamedTuple):
    """One string found in a record. ``key`` marks a JSON object key rather than a value.

    A tuple, not a dataclass: a request has dozens of fields and the guard is on the hot path.
    """

    path: str
    text: str
    key: bool = False


@dataclass(frozen=True)
class Unscannable:
    """Content the guard could not read: reported, never passed silently."""

    path: str
    reason: str


class _RawNumber(str):
    """A JSON number kept as written (``1234.50`` stays ``1234.50``)."""


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object with a repeated key: every (key, value) pair, in order.

    A dict keeps only the last value of a repeated key, and a receiver may read the first:
    a value hidden that way must still be scanned.
    """


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any] | _Pairs:
    found = dict(pairs)
    return found if len(found) == len(pairs) else _Pairs(pairs)


#: One decoder, built once: ``json.loads`` with hooks would build a new one on every call.
_DECODER = json.JSONDecoder(parse_int=_RawNumber, parse_float=_RawNumber, object_pairs_hook=_object)


def _json_loads(text: str) -> Any:
    return _DECODER.decode(text)


def _looks_like_json(text: str) -> bool:
    stripped = text.strip()
    return len(stripped) > 1 and (
        (stripped[0] == "{" and stripped[-1] == "}") or (stripped[0] == "[" and stripped[-1] == "]")
    )


def walk_json(value: Any, path: str = "$", out: list[Field] | None = None) -> list[Field]:
    """Every key and string/number in a parsed JSON value, with JSON paths; JSON inside strings too."""
    if out is None:
        out = []
    _walk_json(value, path, out.append)
    return out


#: ``Field(...)`` goes through a Python-level ``__new__``; ``_new(Field, (...))`` is one C call.
_new = tuple.__new__
_PATHS: dict[tuple[str, str | int], str] = {}


def _child(path: str, key: str | int) -> str:
    """``path.key``, ``path["odd key"]`` or ``path[3]``; remembered, as bodies repeat their paths."""
    known = _PATHS.get((path, key))
    if known is None:
        if len(_PATHS) > 50_000:
            _PATHS.clear()
        if isinstance(key, int):
            known = f"{path}[{key}]"
        elif key.isidentifier():
            known = f"{path}.{key}"
        else:
            known = f"{path}[{json.dumps(key, ensure_ascii=False)}]"
        _PATHS[(path, key)] = known
    return known


def _walk_json(value: Any, path: str, append: Callable[[Field], None]) -> None:
    if isinstance(value, str):  # JSON numbers too (_RawNumber)
        append(_new(Field, (path, value, False)))
        if value[:1] in ("{", "[") and _looks_like_json(value):
            _walk_embedded(value, path, append)
    elif isinstance(value, (dict, _Pairs)):
        for key, item in value.items() if isinstance(value, dict) else value:
            key = str(key)
            child = _child(path, key)
            append(_new(Field, (child, key, True)))
            if isinstance(item, str):  # the common leaf, without a call
                append(_new(Field, (child, item, False)))
                if item[:1] in ("{", "[") and _looks_like_json(item):
                    _walk_embedded(item, child, append)
            else:
                _walk_json(item, child, append)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _walk_json(item, _child(path, index), append)
    elif value is not None and not isinstance(value, bool):
        append(_new(Field, (path, str(value), False)))


def _walk_embedded(text: str, path: str, append: Callable[[Field], None]) -> None:
    try:
        inner = _json_loads(text)
    except (ValueError, RecursionError):
        return  # the string itself is scanned as text either way
    _walk_json(inner, f"{path}:$", append)


def walk_text(text: str, path: str, out: list[Field] | None = None) -> list[Field]:
    """A string field; when it holds a JSON document (Graph form fields do), walk into it as well."""
    if out is None:
        out = []
    out.append(Field(path, text, False))
    if _looks_like_json(text):
        _walk_embedded(text, path, out.append)
    return out


def walk_query(query: str, prefix: str) -> Iterator[Field]:
    for name, value in parse_qsl(query, keep_blank_values=True):
        yield Field(f"{prefix}.{name}{{key}}", name, key=True)
        yield from walk_text(value, f"{prefix}.{name}")


def walk_url(url: str) -> Iterator[Field]:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    for index, segment in enumerate(segments):
        yield Field(
            f"url.path[{index}]", unquote(segment) if "%" not in unquote(segment) else segment
        )
    if parts.query:
        yield from walk_query(parts.query, "query")
    if parts.fragment:
        yield Field("url.fragment", parts.fragment)
    if parts.username or parts.password:
        yield Field("url.userinfo", f"{parts.username or ''}:{parts.password or ''}")


def walk_headers(record: EgressRecord) -> Iterator[Field]:
    for name, value in record.headers:
        if name in TRANSPORT_HEADERS:
            continue
        yield from walk_text(value, f"header.{name}")


def _decode_text(data: bytes, path: str, charset: str | None = None) -> str | Unscannable:
    for encoding in [c for c in (charset, "utf-8") if c]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    return Unscannable(path, "body is not text in a known character set")


def walk_multipart(data: bytes, content_type: str, prefix: str) -> Iterator[Field | Unscannable]:
    message = BytesParser().parsebytes(
        b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n" + data
    )
    if not message.is_multipart():
        yield Unscannable(prefix, "multipart body without parts")
        return
    for index, part in enumerate(message.get_payload()):
        name = part.get_param("name", header="content-disposition") or str(index)
        path = f"{prefix}.{name}"
        filename = part.get_filename()
        if filename:
            yield Field(f"{path}{{filename}}", filename, key=True)
        payload = part.get_payload(decode=True) or b""
        yield from walk_content(
            payload,
            part.get_content_type(),
            part.get("content-encoding"),
            path,
            charset=part.get_content_charset(),
        )


def walk_content(
    data: bytes,
    content_type: str,
    content_encoding: str | None,
    path: str,
    charset: str | None = None,
) -> Iterator[Field | Unscannable]:
    """A body or a multipart part, by its media type."""
    if not data:
        return
    try:
        data = decode_content(data, content_encoding)
    except Undecodable as exc:
        yield Unscannable(path, str(exc))
        return
    media = content_type.split(";")[0].strip().lower()
    if media.startswith("multipart/"):
        yield from walk_multipart(data, content_type, "form" if path == "body" else path)
        return
    if media.startswith(MEDIA_TYPES) or media == "application/octet-stream":
        yield Unscannable(path, f"binary content ({media or 'unknown type'})")
        return
    text = _decode_text(data, path, charset)
    if isinstance(text, Unscannable):
        yield text
        return
    if media == "application/x-www-form-urlencoded":
        yield from walk_query(text, "form" if path == "body" else path)
        return
    if media.endswith("json") or _looks_like_json(text):
        try:
            parsed = _json_loads(text)
        except ValueError:
            yield Field(path, text)  # not JSON after all: every character is still scanned, as text
            return
        except RecursionError:
            yield Unscannable(path, "JSON nested too deeply to walk; scanned as text")
            yield Field(path, text)
            return
        try:
            fields = walk_json(parsed, "$" if path == "body" else f"{path}:$")
        except RecursionError:
            yield Unscannable(path, "JSON nested too deeply to walk; scanned as text")
            yield Field(path, text)
            return
        yield from fields
        return
    yield Field(path, text)


#: URL and header fields by (url, headers): a test or a bot sends every reply to the same URL
#: with the same headers, and both walks are pure functions of those strings.
_ENVELOPES: dict[tuple[str, tuple[tuple[str, str], ...]], tuple[Field, ...]] = {}


def _envelope_fields(record: EgressRecord) -> tuple[Field, ...]:
    """The URL's and the data-carrying headers' fields, remembered per distinct pair."""
    key = (record.url, record.headers)
    try:
        known = _ENVELOPES.get(key)
    except TypeError:  # headers built by hand as a list: walk them every time
        return (*walk_url(record.url), *walk_headers(record))
    if known is None:
        if len(_ENVELOPES) > 4_096:
            _ENVELOPES.clear()
        known = _ENVELOPES[key] = (*walk_url(record.url), *walk_headers(record))
    return known


def walk_record(record: EgressRecord) -> list[Field | Unscannable]:
    """Every string of a record: URL, data-carrying headers, then the body."""
    items: list[Field | Unscannable] = list(_envelope_fields(record))
    items.extend(
        walk_content(
            record.body,
            record.header("content-type") or "",
            record.header("content-encoding"),
            "body",
        )
    )
    return items
