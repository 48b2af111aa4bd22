"""Plain HTTP values the platform speaks: no web framework, no socket.

A door turns whatever it intercepted into a :class:`GraphRequest` and writes the
:class:`GraphResponse` back. Parsing follows Graph: parameters may come from the
query string, a JSON body, a form body or a multipart body, and an object
parameter may arrive as a JSON string (``recipient={"id":"..."}``), its strings
single-quoted as in Meta's own sample (``recipient={'id':'PSID'}``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from mockmessenger.jsontext import JSONTextError, loads_numbers_checked
from mockmessenger.records import Headers, normalise_headers

#: Graph answers compact JSON, non-ASCII as is.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


class BodyError(ValueError):
    """The body could not be parsed as its Content-Type says.

    ``param`` is the Graph name of the value at fault (``message[metadata]``) when the
    body parsed but carries a number Graph could not read: the message then names it.
    """

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.param = param


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart body (``filedata`` in the Attachment Upload API)."""

    name: str
    filename: str | None
    content_type: str
    data: bytes


@lru_cache(maxsize=256)
def _parse_query(query: str) -> tuple[tuple[str, str], ...]:
    """Parsed once per distinct query string: a bot repeats the same token query."""
    return tuple(parse_qsl(query, keep_blank_values=True))


class GraphRequest:
    """A request to graph.facebook.com, as bytes and strings.

    A plain class with slots: the platform builds one per bot request, and the URL,
    query and body are parsed once, on first use.
    """

    __slots__ = (
        "_files",
        "_form",
        "_params",
        "_query",
        "_split",
        "body",
        "headers",
        "method",
        "url",
    )

    def __init__(
        self,
        method: str,
        url: str,
        headers: Headers | Mapping[str, str] | Iterable[tuple[str, str]] = (),
        body: bytes | str = b"",
    ) -> None:
        self.method = method.upper()
        self.url = url
        self.headers: Headers = (
            headers if isinstance(headers, tuple) else normalise_headers(headers)
        )
        self.body: bytes = body.encode("utf-8") if isinstance(body, str) else body
        try:
            self._split = urlsplit(url)
        except ValueError:  # e.g. a broken IPv6 host: answered as an unknown object
            self._split = urlsplit("")
        self._query: dict[str, str] | None = None
        self._form: dict[str, Any] | None = None
        self._files: list[UploadedFile] = []
        self._params: dict[str, Any] | None = None

    def __repr__(self) -> str:
        return f"GraphRequest({self.method!r}, {self.url!r}, {len(self.body)} bytes)"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GraphRequest):
            return NotImplemented
        return (self.method, self.url, self.headers, self.body) == (
            other.method,
            other.url,
            other.headers,
            other.body,
        )

    __hash__ = None  # type: ignore[assignment]

    @property
    def host(self) -> str:
        return (self._split.hostname or "").lower()

    @property
    def path(self) -> str:
        return self._split.path or "/"

    @property
    def query(self) -> dict[str, str]:
        if self._query is None:
            self._query = dict(_parse_query(self._split.query))
        return self._query

    def header(self, name: str, default: str | None = None) -> str | None:
        name = name.lower()
        for key, value in self.headers:
            if key == name:
                return value
        return default

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def _parse(self) -> dict[str, Any]:
        if self._form is None:
            self._form, self._files = parse_body(self.body, self.header("content-type") or "")
        return self._form

    @property
    def form(self) -> dict[str, Any]:
        """Parameters from the body only (JSON object, form or multipart fields)."""
        return self._parse()

    @property
    def files(self) -> list[UploadedFile]:
        self._parse()
        return self._files

    @property
    def params(self) -> dict[str, Any]:
        """Query and body parameters merged, the body winning, as Graph reads them."""
        if self._params is None:
            merged: dict[str, Any] = dict(self.query)
            merged.update(self.form)
            self._params = merged
        return self._params


@dataclass
class GraphResponse:
    """What the platform answers: always JSON, errors included."""

    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, status: int, payload: Any, headers: Mapping[str, str] | None = None
    ) -> GraphResponse:
        body = _ENCODER.encode(payload).encode("utf-8")
        merged = {"content-type": "application/json; charset=UTF-8"}
        if headers:
            merged.update(headers)
        return cls(status=status, body=body, headers=merged)

    def json(self) -> Any:
        return json.loads(self.body)


def decode_json_param(value: Any, name: str) -> Any:
    """Graph accepts objects and arrays as JSON strings inside form or query params.

    Meta's own sample single-quotes the strings (``recipient={'id':'PSID'}``), so a value
    that is not JSON is read once more with its single-quoted strings made JSON strings.
    What still does not parse is handed back as the string it is, for the handler to
    refuse by name; a number no JSON reader should accept is refused here, by ``name``.
    """
    if not isinstance(value, str):
        return value
    stripped = value.strip()
    if stripped[:1] not in ("{", "["):
        return value
    for text in (stripped, _double_quoted(stripped)):
        if text is None:
            break
        try:
            return loads_numbers_checked(text)
        except JSONTextError as exc:
            if exc.path is not None:
                raise _bad_number(name, exc) from None
    return value


def _double_quoted(text: str) -> str | None:
    """``{'id':'1'}`` -> ``{"id":"1"}``: single-quoted strings rewritten as JSON strings.

    Double-quoted strings are copied as they are; ``\\'`` inside single quotes is a quote.
    None when there is no single quote, or a string is left open.
    """
    if "'" not in text:
        return None
    out: list[str] = []
    i, end = 0, len(text)
    while i < end:
        char = text[i]
        if char == '"':
            j = i + 1
            while j < end and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            if j >= end:
                return None
            out.append(text[i : j + 1])
        elif char == "'":
            j, part = i + 1, ['"']
            while j < end and text[j] != "'":
                if text[j] == "\\" and j + 1 < end:
                    part.append("'" if text[j + 1] == "'" else text[j : j + 2])
                    j += 2
                else:
                    part.append('\\"' if text[j] == '"' else text[j])
                    j += 1
            if j >= end:
                return None
            out.append("".join(part) + '"')
        else:
            out.append(char)
            j = i
        i = j + 1
    return "".join(out)


def _bad_number(field: str | None, exc: JSONTextError) -> BodyError:
    """The error naming the number at fault; ``field`` None: a JSON body, keyed by params."""
    path = list(exc.path or ())
    if field is None:
        field = str(path.pop(0)) if path else "body"
    param = field + "".join(f"[{p}]" for p in path)
    return BodyError(f"Invalid parameter {param}: {exc.reason}", param)


def parse_body(body: bytes, content_type_header: str) -> tuple[dict[str, Any], list[UploadedFile]]:
    """Body parameters and files; raises :class:`BodyError` on a body that does not parse."""
    if not body:
        return {}, []
    content_type = content_type_header.split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        return _parse_multipart(body, content_type_header)
    if content_type == "application/x-www-form-urlencoded":
        return _parse_form(body), []
    stripped = body.lstrip()
    if content_type.endswith("json") or stripped[:1] in (b"{", b"["):
        try:
            value = loads_numbers_checked(body.decode("utf-8"))
        except UnicodeDecodeError:
            raise BodyError("the body is not valid JSON: not UTF-8 text") from None
        except JSONTextError as exc:
            if exc.path is not None:
                raise _bad_number(None, exc) from None
            raise BodyError(f"the body is not valid JSON: {exc.describe()}") from None
        if not isinstance(value, dict):
            raise BodyError("the JSON body must be an object")
        return value, []
    return _parse_form(body), []


def _parse_form(body: bytes) -> dict[str, Any]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BodyError("the form body is not UTF-8") from None
    pairs = parse_qsl(text, keep_blank_values=True)
    return {key: decode_json_param(value, key) for key, value in pairs}


def _parse_multipart(
    body: bytes, content_type_header: str
) -> tuple[dict[str, Any], list[UploadedFile]]:
    if "boundary=" not in content_type_header:
        raise BodyError("the multipart body has no boundary")
    head = f"Content-Type: {content_type_header}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise BodyError("the multipart body does not parse")
    fields: dict[str, Any] = {}
    files: list[UploadedFile] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            continue
        filename = part.get_filename()
        data = part.get_payload(decode=True) or b""
        if filename is not None:
            files.append(UploadedFile(name, filename, part.get_content_type(), data))
            continue
        charset = part.get_content_charset() or "utf-8"
        fields[name] = decode_json_param(data.decode(charset, errors="replace"), name)
    return fields, files
