"""Read recorded traffic files into :class:`~mockmessenger.records.EgressRecord` lists.

Supported inputs (detected from the content, the file name only breaks ties):

- a JSON file holding one request body (one record, a Send API ``POST``), or one
  whole request object as in JSON Lines below;
- JSON Lines: one record a line, either a bare body or an object with ``method``,
  ``url``, ``headers`` and ``body`` (``body`` a string, a JSON value, or base64
  with ``"body_encoding": "base64"`` as written by ``EgressRecord.to_dict``);
- a HAR file (``log.entries[].request``);
- a mitmproxy flow file (HTTP flows; bodies kept as sent, compressed or not);
- ``-``: the same, from standard input.

Records get their 0-based position in the file as ``index``. Anything malformed
raises :class:`~mockmessenger.errors.InputError` naming the file and the line or
entry, never a traceback, and never a silently shortened list.
"""

from __future__ import annotations

import base64
import io
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from mockmessenger.errors import InputError, InputProblem
from mockmessenger.jsontext import JSONTextError, loads_or_none
from mockmessenger.jsontext import loads as load_json
from mockmessenger.recording.capture import Captured, bad_url, har_exchanges, read_flow_stream
from mockmessenger.records import EgressRecord

#: Where a bare Send API body from a file is taken to have gone.
DEFAULT_URL = "https://graph.facebook.com/v25.0/me/messages"

_FLOW_START = re.compile(rb"^\d+:")
#: Bad lines of a JSON Lines file named one by one; the rest are counted.
MAX_LINE_PROBLEMS = 20


def read_traffic(path: str | Path, stdin: BinaryIO | None = None) -> list[EgressRecord]:
    """All records of one traffic file (``"-"`` reads ``stdin``, default ``sys.stdin``)."""
    name = str(path)
    if name == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return parse_traffic(stream.read(), "<stdin>")
    file = Path(path)
    if not file.exists():
        raise InputError(InputProblem("no such file", file=name))
    if file.is_dir():
        raise InputError(InputProblem("is a directory, not a traffic file", file=name))
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(InputProblem(f"cannot read: {exc.strerror}", file=name)) from None
    return parse_traffic(data, name)


def parse_traffic(data: bytes, name: str) -> list[EgressRecord]:
    """Records from the bytes of a traffic file called ``name`` (used in errors).

    A file with no request in it (a HAR with no entries, a flow file of responses only)
    is bad input like an empty one: a scan of it would say "clean" having seen nothing.
    """
    records = _parse(data, name)
    if not records:
        raise InputError(InputProblem("no requests in this file: no traffic to scan", file=name))
    return records


def _parse(data: bytes, name: str) -> list[EgressRecord]:
    if not data.strip():
        raise InputError(InputProblem("empty file: no traffic to scan", file=name))
    if _FLOW_START.match(data) or name.endswith((".mitm", ".flow", ".flows")):
        return read_flows(data, name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            InputProblem("not UTF-8 text, nor a mitmproxy flow file", file=name, line=line)
        ) from None
    if name.endswith((".jsonl", ".ndjson")):
        return read_json_lines(text, name)
    try:
        document = load_json(text)
    except JSONTextError as exc:
        if exc.reason == "not JSON: Extra data" and _first_line_is_json(text):
            return read_json_lines(text, name)
        raise InputError(
            InputProblem(exc.reason, file=name, line=exc.line, column=exc.column)
        ) from None
    if isinstance(document, dict) and "log" in document:
        return read_har(document, name)
    if _is_full_record(document):
        return [_full_record(document, 0, name, 1)]
    return [_body_record(document, 0, name)]


def _is_full_record(value: Any) -> bool:
    """An object with ``method`` and ``url`` is a whole request, not a bare body."""
    return isinstance(value, dict) and "url" in value and "method" in value


def _first_line_is_json(text: str) -> bool:
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        load_json(first)
    except JSONTextError as exc:
        return not exc.syntax  # a line too deep or with a huge number is still a line
    return True


# -- JSON Lines ------------------------------------------------------------------------


def read_json_lines(text: str, name: str) -> list[EgressRecord]:
    """One record per non-blank line; every bad line is a problem naming its number (the
    first :data:`MAX_LINE_PROBLEMS`, then how many more)."""
    records: list[EgressRecord] = []
    problems: list[InputProblem] = []
    bad = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            try:
                value = load_json(line)
            except JSONTextError as exc:
                raise InputError(
                    InputProblem(exc.reason, file=name, line=number, column=exc.column)
                ) from None
            index = len(records) + bad
            if _is_full_record(value):
                records.append(_full_record(value, index, name, number))
            else:
                records.append(_body_record(value, index, name))
        except InputError as error:
            bad += 1
            if len(problems) < MAX_LINE_PROBLEMS:
                problems.extend(error.problems)
    if bad > len(problems):
        problems.append(
            InputProblem(f"and {bad - len(problems)} more bad line(s) after these", file=name)
        )
    if problems:
        raise InputError(problems)
    if not records:
        raise InputError(InputProblem("empty file: no traffic to scan", file=name))
    return records


def _body_record(body: Any, index: int, name: str) -> EgressRecord:
    """A bare Send API body, as the bot would have POSTed it to the Graph API."""
    return EgressRecord.make(
        "POST",
        DEFAULT_URL,
        {"content-type": "application/json"},
        json.dumps(body, ensure_ascii=False),
        index=index,
        source=name,
        thread=_recipient(body),
        timestamp=0.0,
    )


def _full_record(value: Mapping[str, Any], index: int, name: str, line: int) -> EgressRecord:
    def problem(message: str, field: str) -> InputError:
        return InputError(InputProblem(message, file=name, line=line, field=field))

    method, url = value["method"], value["url"]
    if not isinstance(method, str) or not method:
        raise problem("method must be a non-empty string", "method")
    if not isinstance(url, str) or not url:
        raise problem("url must be a non-empty string", "url")
    url_problem = bad_url(url)
    if url_problem:
        raise problem(f"url is not a valid URL ({url_problem})", "url")
    headers = value.get("headers") or {}
    if isinstance(headers, Mapping):
        header_pairs = [(str(k), str(v)) for k, v in headers.items()]
    elif isinstance(headers, list) and all(
        isinstance(h, list | tuple) and len(h) == 2 for h in headers
    ):
        header_pairs = [(str(k), str(v)) for k, v in headers]
    else:
        raise problem("headers must be an object or a list of [name, value] pairs", "headers")
    body = value.get("body")
    if body is None:
        body = ""  # a GET has none
    if value.get("body_encoding") == "base64":
        if not isinstance(body, str):
            raise problem("a base64 body must be a string", "body")
        try:
            body = base64.b64decode(body, validate=True)
        except ValueError:
            raise problem("body is not valid base64", "body") from None
    elif not isinstance(body, str):
        body = json.dumps(body, ensure_ascii=False)
        if not any(k.lower() == "content-type" for k, _ in header_pairs):
            header_pairs.append(("content-type", "application/json"))
    thread = value.get("thread")
    timestamp = value.get("timestamp", 0.0)
    try:
        seconds = float(timestamp) if isinstance(timestamp, int | float) else 0.0
    except OverflowError:
        raise problem("timestamp is too large a number to be a time", "timestamp") from None
    return EgressRecord.make(
        method,
        url,
        header_pairs,
        body,
        index=index,
        source=name,
        thread=str(thread) if thread is not None else _recipient_of(body),
        timestamp=seconds,
    )


def _recipient(body: Any) -> str | None:
    """The PSID a Send API body goes to: values split across its messages are one thread."""
    if isinstance(body, dict) and isinstance(body.get("recipient"), dict):
        rid = body["recipient"].get("id")
        return str(rid) if rid is not None else None
    return None


def _recipient_of(body: str | bytes) -> str | None:
    """The recipient of a JSON body; None for a body that is not JSON, or too deep or odd
    to read (the guard reports such a body as unscannable, it does not pass clean)."""
    return _recipient(loads_or_none(body))


# -- HAR and mitmproxy flows: the request side of mockmessenger.recording.capture -----


def read_har(document: dict[str, Any], name: str) -> list[EgressRecord]:
    """One record per ``log.entries[i].request``; the record index is ``i``."""
    return [_request_record(c, i, name) for i, c in enumerate(har_exchanges(document, name))]


def read_flows(data: bytes, name: str) -> list[EgressRecord]:
    """HTTP flows of a mitmproxy flow file; raw (still encoded) request bodies."""
    exchanges = read_flow_stream(io.BytesIO(data), name)
    return [_request_record(c, i, name) for i, c in enumerate(exchanges)]


def _request_record(exchange: Captured, index: int, name: str) -> EgressRecord:
    """What the bot sent in one exchange, body as it went on the wire."""
    body = exchange.sent_body
    return EgressRecord.make(
        exchange.method,
        exchange.url,
        exchange.request_headers,
        body,
        index=index,
        source=name,
        thread=_recipient_of(body),
        timestamp=exchange.timestamp,
    )
