"""The HTTP control API: drive and inspect the fake from a test written in any language.

Everything lives under the reserved prefix ``/_mockmessenger``. Each operation is
declared once in :data:`OPERATIONS` (method, path, JSON Schema of its body and
query) and that one declaration both validates requests (a 400 naming the field)
and produces the OpenAPI document, so the two cannot drift apart.

User actions (say, tap a quick reply, post back...) build the webhook event Meta
would send, record it in the thread, and deliver it to the bot through the door
with Meta's deadline and retries; ``wait`` in the body makes the call return the
bot's replies once it went quiet, so a test never sleeps a fixed time.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mockmessenger.jsontext import JSONTextError, loads_numbers_checked
from mockmessenger.platform import Platform
from mockmessenger.platform.clock import FakeClock, ms
from mockmessenger.platform.errors import NAMED_ERRORS
from mockmessenger.platform.http import BodyError
from mockmessenger.platform.models import Exchange, TranscriptEntry
from mockmessenger.platform.webhooks.delivery import DeliveryReport, WebhookResult

if TYPE_CHECKING:
    from mockmessenger.transports.server import ServerDoor

CONTROL_PREFIX = "/_mockmessenger"

#: A long-poll never holds a connection longer than this (seconds).
MAX_WAIT = 60.0
#: A long-poll re-checks for shutdown this often (seconds).
POLL_SLICE = 0.25
#: Kinds of exchange that are the bot talking to the user (what "replies" lists).
REPLY_KINDS = frozenset({"send", "sender_action"})


class ControlError(Exception):
    """A request the control API refuses: HTTP status, message, and the field at fault."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field

    def payload(self) -> dict[str, Any]:
        error: dict[str, Any] = {"status": self.status, "message": self.message}
        if self.field is not None:
            error["field"] = self.field
        return {"error": error}


@dataclass
class Call:
    """One validated control request."""

    path: dict[str, str]
    query: dict[str, Any]
    body: dict[str, Any]


@dataclass
class ControlState:
    """What the control API works on: the platform, the door that delivers, a guard."""

    platform: Platform
    door: ServerDoor | None = None
    guard: Any = None
    findings: list[Any] = field(default_factory=list)
    closing: threading.Event = field(default_factory=threading.Event)
    active_polls: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.guard is not None:
            self.platform.subscribe(self._scan)

    def _scan(self, exchange: Exchange) -> None:
        found = self.guard.scan(exchange.record)
        if found:
            with self._lock:
                self.findings.extend(found)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    name: str
    summary: str
    handler: Callable[[ControlState, Call], Any]
    body: dict[str, Any] | None = None
    query: dict[str, dict[str, Any]] = field(default_factory=dict)
    status: int = 200
    tag: str = "control"
    response: dict[str, Any] | None = None

    @property
    def path_params(self) -> list[str]:
        return [part[1:-1] for part in self.path.split("/") if part.startswith("{")]


OPERATIONS: list[Operation] = []


def operation(
    method: str,
    path: str,
    summary: str,
    *,
    body: dict[str, Any] | None = None,
    query: dict[str, dict[str, Any]] | None = None,
    status: int = 200,
    tag: str = "control",
    response: dict[str, Any] | None = None,
) -> Callable[[Callable[[ControlState, Call], Any]], Callable[[ControlState, Call], Any]]:
    """Declare a control operation (route, validation and OpenAPI entry in one place)."""

    def register(fn: Callable[[ControlState, Call], Any]) -> Callable[[ControlState, Call], Any]:
        OPERATIONS.append(
            Operation(
                method, path, fn.__name__, summary, fn, body, query or {}, status, tag, response
            )
        )
        return fn

    return register


# -- JSON Schemas shared by operations --------------------------------------------------
def obj(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema


TEXT = {"type": "string", "minLength": 1, "maxLength": 20000}
# Fields several user actions take: one schema each, so that a bound changes in one place.
PAYLOAD = {"type": "string", "minLength": 1, "maxLength": 1000}
TITLE = {"type": "string", "minLength": 1, "maxLength": 100}
REF = {"type": "string", "minLength": 1, "maxLength": 250}
MID = {"type": "string", "minLength": 1, "maxLength": 200}
WATERMARK = {"type": "integer", "minimum": 0}
WAIT = {
    "description": "Return the bot's replies once it went quiet (long-poll); omit to return at once.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "timeout": {"type": "number", "minimum": 0, "maximum": MAX_WAIT, "default": 5},
        "quiet": {"type": "number", "minimum": 0, "maximum": 10, "default": 0.3},
        "count": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1},
    },
}
AFTER_QUERY = {"after": {"type": "integer", "minimum": 0, "default": 0}}
WAIT_QUERY = {
    **AFTER_QUERY,
    "timeout": WAIT["properties"]["timeout"],
    "quiet": WAIT["properties"]["quiet"],
    "count": WAIT["properties"]["count"],
}
PSID = {"type": "string", "pattern": "^[0-9]{1,32}$"}
FAULT_BODY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["kind"],
    "properties": {
        "kind": {"enum": ["latency", "status", "graph_error", "drop_webhook"]},
        "times": {
            "description": "How many times the fault fires; null: until cleared.",
            "type": ["integer", "null"],
            "minimum": 1,
            "default": 1,
        },
        "method": {"type": "string", "minLength": 1, "maxLength": 10},
        "path": {
            "type": "string",
            "minLength": 1,
            "maxLength": 500,
            "description": "path substring",
        },
        "psid": PSID,
        "call": {
            "type": "string",
            "minLength": 1,
            "maxLength": 50,
            "description": "kind of call: send, profile...",
        },
        "seconds": {"type": "number", "minimum": 0, "maximum": MAX_WAIT, "description": "latency"},
        "status": {"type": "integer", "minimum": 400, "maximum": 599, "description": "HTTP status"},
        "error": {"enum": sorted(NAMED_ERRORS), "description": "a named Graph error"},
        "code": {"type": "integer", "minimum": 1, "maximum": 99999999},
        "subcode": {"type": "integer", "minimum": 1, "maximum": 99999999},
        "message": {"type": "string", "minLength": 1, "maxLength": 2000},
        "event": {
            "type": "string",
            "minLength": 1,
            "maxLength": 50,
            "description": "webhook event kind to drop",
        },
    },
}


# -- response schemas (published in the OpenAPI document, checked by the tests) ---------
NULLABLE_STRING = {"type": ["string", "null"]}
USER_VIEW = {
    "type": "object",
    "required": ["psid", "id", "first_name", "last_name", "locale", "linked", "available"],
    "properties": {
        "psid": {"type": "string"},
        "id": {"type": "string"},
        "name": {"type": "string"},
        "first_name": {"type": "string"},
        "last_name": {"type": "string"},
        "profile_pic": {"type": "string"},
        "locale": {"type": "string"},
        "timezone": {"type": "number"},
        "gender": {"type": "string"},
        "available": {"type": "boolean"},
        "linked": {"type": "boolean"},
    },
}
EXCHANGE_VIEW = {
    "type": "object",
    "required": ["index", "kind", "psid", "method", "url", "params", "status", "response"],
    "properties": {
        "index": {"type": "integer"},
        "kind": {"type": "string"},
        "psid": NULLABLE_STRING,
        "method": {"type": "string"},
        "url": {"type": "string"},
        "params": {
            "description": "the request's parameters, parsed; null when the body did not parse"
        },
        "status": {"type": "integer"},
        "response": {"description": "the JSON the platform answered"},
    },
}
DELIVERY_VIEW = {
    "type": "object",
    "required": ["ok", "status", "event", "elapsed", "error", "attempts"],
    "properties": {
        "ok": {"type": "boolean"},
        "status": {"enum": ["delivered", "late", "error_status", "no_answer", "dropped"]},
        "event": {"type": "string"},
        "elapsed": {"type": "number"},
        "error": NULLABLE_STRING,
        "attempts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "status": {"type": ["integer", "null"]},
                    "elapsed": {"type": "number"},
                    "error": NULLABLE_STRING,
                    "body": {"type": "string"},
                },
            },
        },
    },
}
POLL_VIEW = {
    "type": "object",
    "required": ["replies", "exchanges", "next", "timed_out"],
    "properties": {
        "replies": {"type": "array", "items": EXCHANGE_VIEW},
        "exchanges": {"type": "array", "items": EXCHANGE_VIEW},
        "next": {"type": "integer", "description": "the index to long-poll from next"},
        "timed_out": {"type": "boolean"},
    },
}
ACTION_VIEW = {
    "type": "object",
    "required": ["psid", "after", "events", "delivery"],
    "properties": {
        "psid": NULLABLE_STRING,
        "after": {"type": "integer", "description": "exchange index before the delivery"},
        "events": {},
        "delivery": DELIVERY_VIEW,
        **POLL_VIEW["properties"],
    },
}
LIST_OF = lambda items: {  # noqa: E731
    "type": "object",
    "required": ["data"],
    "properties": {"data": {"type": "array", "items": items}, "next": {"type": "integer"}},
}


# -- serialisation ----------------------------------------------------------------------
def exchange_view(exchange: Exchange) -> dict[str, Any]:
    """An exchange as JSON: what the bot asked (parsed when it parses) and what it got."""
    try:
        params: Any = exchange.request.params
    except BodyError:
        params = None
    try:
        answer: Any = exchange.response.json()
    except ValueError:
        answer = exchange.response.body.decode("utf-8", "replace")
    return {
        "index": exchange.index,
        "kind": exchange.kind,
        "psid": exchange.psid,
        "method": exchange.request.method,
        "url": exchange.request.url,
        "params": _jsonable(params),
        "status": exchange.response.status,
        "response": answer,
    }


def transcript_view(entry: TranscriptEntry) -> dict[str, Any]:
    return {
        "direction": entry.direction,
        "kind": entry.kind,
        "mid": entry.mid,
        "timestamp": entry.timestamp,
        "exchange_index": entry.exchange_index,
        "body": _jsonable(entry.body),
    }


def report_view(report: DeliveryReport) -> dict[str, Any]:
    return {
        "ok": report.ok,
        "status": report.status,
        "event": report.event,
        "elapsed": report.elapsed,
        "error": report.error,
        "attempts": [attempt_view(a) for a in report.attempts],
    }


def attempt_view(result: WebhookResult) -> dict[str, Any]:
    return {
        "status": result.status,
        "elapsed": result.elapsed,
        "error": result.error,
        "body": result.body[:500].decode("utf-8", "replace"),
    }


def user_view(state: ControlState, psid: str) -> dict[str, Any]:
    user = state.platform.user(psid)
    view = user.profile()
    view.update({"available": user.available, "linked": user.linked, "psid": user.psid})
    return view


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=repr))


# -- helpers ----------------------------------------------------------------------------
def _known_user(state: ControlState, psid: str) -> None:
    try:
        state.platform.user(psid)
    except KeyError:
        raise ControlError(
            404, f"no user with PSID {psid}; create one with POST /users", "psid"
        ) from None


def _deliver(
    state: ControlState, call: Call, psid: str | None, events: list[dict[str, Any]]
) -> dict[str, Any]:
    """Record and deliver events; optionally wait for the bot's replies."""
    door = state.door
    if door is None or door.bot_url is None:
        raise ControlError(
            409,
            "no bot webhook URL is configured: start the server with --bot-url or --bot-command",
        )
    platform = state.platform
    after = len(platform.exchanges)
    webhook = platform.webhook(events)
    report = door.dispatch(webhook)
    answer: dict[str, Any] = {
        "psid": psid,
        "after": after,
        "events": events,
        "delivery": report_view(report),
    }
    wait = call.body.get("wait")
    if wait is not None:
        answer.update(_wait(state, psid, after, wait))
    return answer


def _wait(
    state: ControlState, psid: str | None, after: int, options: dict[str, Any]
) -> dict[str, Any]:
    timeout = float(options.get("timeout", 5))
    quiet = float(options.get("quiet", 0.3))
    count = int(options.get("count", 1))

    def enough(found: list[Exchange]) -> bool:
        return sum(1 for e in found if e.kind in REPLY_KINDS) >= count

    found = long_poll(state, psid, after, timeout, quiet, enough)
    replies = [exchange_view(e) for e in found if e.kind in REPLY_KINDS]
    return {
        "replies": replies,
        "exchanges": [exchange_view(e) for e in found],
        "next": (found[-1].index + 1) if found else after,
        "timed_out": not enough(found),
    }


def long_poll(
    state: ControlState,
    psid: str | None,
    after: int,
    timeout: float,
    quiet: float,
    until: Callable[[list[Exchange]], bool],
) -> list[Exchange]:
    """Exchanges since ``after`` once ``until`` holds and the bot went quiet, or at ``timeout``.

    Waits in short slices so that a server shutting down never hangs on a long-poll.
    """
    platform = state.platform
    deadline = time.monotonic() + timeout
    with state._lock:
        state.active_polls += 1
    try:
        while True:
            remaining = deadline - time.monotonic()
            found = platform.wait_for_activity(
                psid, after, max(0.0, min(POLL_SLICE, remaining)), until=until
            )
            if until(found):
                break
            if remaining <= POLL_SLICE or state.closing.is_set():
                return found
        if quiet > 0 and not state.closing.is_set():
            remaining = max(0.0, deadline - time.monotonic())
            found = platform.wait_for_activity(psid, after, remaining, quiet, until)
        return found
    finally:
        with state._lock:
            state.active_polls -= 1


def _last_out(
    state: ControlState, psid: str, has: Callable[[dict[str, Any]], bool]
) -> TranscriptEntry | None:
    for entry in reversed(state.platform.transcript(psid)):
        if entry.direction == "out" and has(entry.body):
            return entry
    return None


def _quick_replies(body: dict[str, Any]) -> list[dict[str, Any]]:
    message = body.get("message") if isinstance(body.get("message"), dict) else body
    replies = message.get("quick_replies") if isinstance(message, dict) else None
    return [r for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []


# -- operations: service ----------------------------------------------------------------
@operation("GET", "", "Where things are: Graph base URL, page, tokens, bot URL", tag="service")
def info(state: ControlState, call: Call) -> dict[str, Any]:
    config = state.platform.config
    door = state.door
    base = door.graph_base_url if door is not None else None
    return {
        "graph_url": base,
        "control_url": (base + CONTROL_PREFIX) if base else CONTROL_PREFIX,
        "openapi_url": (base or "") + CONTROL_PREFIX + "/openapi.json",
        "page_id": config.page_id,
        "page_name": config.page_name,
        "app_id": config.app_id,
        "access_token": config.access_token,
        "verify_token": config.verify_token,
        "bot_url": door.bot_url if door is not None else None,
        "guard": state.guard is not None,
    }


@operation("POST", "/reset", "Forget users, threads, logs, faults and findings", tag="service")
def reset(state: ControlState, call: Call) -> dict[str, Any]:
    state.platform.reset()
    with state._lock:
        state.findings.clear()
    if state.guard is not None and hasattr(state.guard, "reset"):
        state.guard.reset()
    return {"reset": True}


@operation(
    "POST", "/handshake", "Run Meta's webhook verification handshake against the bot", tag="service"
)
def handshake(state: ControlState, call: Call) -> dict[str, Any]:
    if state.door is None or state.door.bot_url is None:
        raise ControlError(409, "no bot webhook URL is configured: start the server with --bot-url")
    report = state.door.verify_webhook()
    return {"ok": report.ok, "problems": report.problems}


@operation(
    "POST",
    "/clock/advance",
    "Move the platform's clock forward (only with a fake clock), e.g. past the 24-hour window",
    body=obj(
        {"seconds": {"type": "number", "minimum": 0, "maximum": 10 * 365 * 86400}}, ["seconds"]
    ),
    tag="service",
)
def advance_clock(state: ControlState, call: Call) -> dict[str, Any]:
    clock = state.platform.clock
    if not isinstance(clock, FakeClock):
        raise ControlError(
            409, "the platform runs on the system clock; start it with a fake clock", "seconds"
        )
    clock.advance(float(call.body["seconds"]))
    return {"now": clock.now()}


@operation(
    "POST",
    "/token",
    "Make the page access token expired (Graph answers 190/463) or valid again",
    body=obj({"expired": {"type": "boolean"}}, ["expired"]),
    tag="service",
)
def token_state(state: ControlState, call: Call) -> dict[str, Any]:
    state.platform.expire_token(bool(call.body["expired"]))
    return {"expired": bool(call.body["expired"])}


# -- operations: users --------------------------------------------------------------------
@operation(
    "POST",
    "/users",
    "Create a user (a person who talks to the Page); names from Faker, seeded",
    body=obj(
        {
            "locale": {"type": "string", "pattern": "^[a-z]{2}_[A-Z]{2}$", "default": "en_US"},
            "first_name": {"type": "string", "minLength": 1, "maxLength": 100},
            "last_name": {"type": "string", "minLength": 1, "maxLength": 100},
            "psid": PSID,
            "gender": {"enum": ["male", "female"]},
        }
    ),
    status=201,
    tag="users",
    response=USER_VIEW,
)
def create_user(state: ControlState, call: Call) -> dict[str, Any]:
    body = call.body
    psid = body.get("psid")
    if psid is not None and any(u.psid == psid for u in state.platform.users):
        raise ControlError(409, f"a user with PSID {psid} already exists", "psid")
    user = state.platform.create_user(
        body.get("locale", "en_US"),
        body.get("first_name"),
        body.get("last_name"),
        psid,
        gender=body.get("gender"),
    )
    return user_view(state, user.psid)


@operation("GET", "/users", "List users", tag="users", response=LIST_OF(USER_VIEW))
def list_users(state: ControlState, call: Call) -> dict[str, Any]:
    return {"data": [user_view(state, u.psid) for u in state.platform.users]}


@operation("GET", "/users/{psid}", "One user's profile and state", tag="users", response=USER_VIEW)
def get_user(state: ControlState, call: Call) -> dict[str, Any]:
    _known_user(state, call.path["psid"])
    return user_view(state, call.path["psid"])


def _user_action(
    path: str, summary: str, properties: dict[str, Any], required: list[str] | None = None
) -> Callable[[Callable[[ControlState, Call, str], list[dict[str, Any]]]], Any]:
    """Declare a user action: the handler only builds the events; delivery is shared."""

    def register(build: Callable[[ControlState, Call, str], list[dict[str, Any]]]) -> Any:
        def handler(state: ControlState, call: Call) -> dict[str, Any]:
            psid = call.path["psid"]
            _known_user(state, psid)
            return _deliver(state, call, psid, build(state, call, psid))

        handler.__name__ = build.__name__
        return operation(
            "POST",
            "/users/{psid}/" + path,
            summary,
            body=obj({**properties, "wait": WAIT}, required),
            tag="users",
            response=ACTION_VIEW,
        )(handler)

    return register


@_user_action(
    "say",
    "The user sends a text message",
    {"text": TEXT, "reply_to": MID},
    ["text"],
)
def say(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    return [
        state.platform.events.message(psid, call.body["text"], reply_to=call.body.get("reply_to"))
    ]


@_user_action(
    "quick_reply",
    "The user taps one of the bot's last quick replies, by title or payload",
    {
        "title": TITLE,
        "payload": PAYLOAD,
    },
)
def tap_quick_reply(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    title, payload = call.body.get("title"), call.body.get("payload")
    if title is None and payload is None:
        raise ControlError(400, "give the quick reply's title or payload", "title")
    entry = _last_out(state, psid, lambda body: bool(_quick_replies(body)))
    offered = _quick_replies(entry.body) if entry else []
    for reply in offered:
        if (title is not None and reply.get("title") == title) or (
            payload is not None and str(reply.get("payload")) == payload
        ):
            return [
                state.platform.events.quick_reply(
                    psid, str(reply.get("title", "")), str(reply.get("payload", ""))
                )
            ]
    choices = ", ".join(repr(r.get("title") or r.get("content_type")) for r in offered) or "none"
    wanted = "title" if title is not None else "payload"
    raise ControlError(
        409,
        f"the bot's last quick replies do not include {title or payload!r} (offered: {choices})",
        wanted,
    )


@_user_action(
    "postback",
    "The user taps a postback button (or a persistent menu item)",
    {
        "payload": PAYLOAD,
        "title": TITLE,
    },
    ["payload"],
)
def postback(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    return [state.platform.events.postback(psid, call.body["payload"], call.body.get("title"))]


@_user_action(
    "get_started",
    "The user taps Get Started (payload defaults to the one set in the Messenger Profile)",
    {
        "payload": PAYLOAD,
        "ref": REF,
    },
)
def get_started(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    payload = call.body.get("payload") or _profile_get_started(state) or "GET_STARTED"
    return [state.platform.events.get_started(psid, payload, call.body.get("ref"))]


def _profile_get_started(state: ControlState) -> str | None:
    profile = getattr(state.platform.state, "messenger_profile", None) or {}
    started = profile.get("get_started") if isinstance(profile, dict) else None
    return started.get("payload") if isinstance(started, dict) else None


@_user_action(
    "attachment",
    "The user sends an attachment (image, audio, video, file)",
    {
        "type": {"enum": ["image", "audio", "video", "file"]},
        "url": {"type": "string", "pattern": "^https?://", "maxLength": 2000},
    },
    ["type", "url"],
)
def send_attachment(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    return [state.platform.events.attachment(psid, call.body["type"], call.body["url"])]


@_user_action(
    "read",
    "The user reads the thread (watermark defaults to now)",
    {"watermark": WATERMARK},
)
def read(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    watermark = call.body.get("watermark", ms(state.platform.clock.now()))
    return [state.platform.events.read(psid, watermark)]


@_user_action(
    "delivery",
    "The user's device acknowledges delivery (watermark defaults to now)",
    {
        "watermark": WATERMARK,
        "mids": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 100},
    },
)
def delivery(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    watermark = call.body.get("watermark", ms(state.platform.clock.now()))
    return [state.platform.events.delivery(psid, watermark, call.body.get("mids"))]


@_user_action(
    "react",
    "The user reacts to a message (mid defaults to the bot's last message)",
    {
        "mid": MID,
        "emoji": {"type": "string", "minLength": 1, "maxLength": 16, "default": "❤️"},
        "action": {"enum": ["react", "unreact"], "default": "react"},
    },
)
def react(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    mid = call.body.get("mid")
    if mid is None:
        mid = next(
            (
                e.mid
                for e in reversed(state.platform.transcript(psid))
                if e.direction == "out" and e.mid
            ),
            None,
        )
    if mid is None:
        raise ControlError(409, "the bot sent no message to react to; give its mid", "mid")
    return [
        state.platform.events.reaction(
            psid, mid, call.body.get("emoji", "❤️"), call.body.get("action", "react")
        )
    ]


@_user_action(
    "link",
    "The user completes account linking (messaging_account_linking, status linked)",
    {"authorization_code": {"type": "string", "minLength": 1, "maxLength": 500}},
    ["authorization_code"],
)
def link_account(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    return [state.platform.events.account_linking(psid, "linked", call.body["authorization_code"])]


@_user_action("unlink", "The user unlinks their account (status unlinked)", {})
def unlink_account(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    return [state.platform.events.account_linking(psid, "unlinked")]


@_user_action(
    "referral",
    "The user arrives through an m.me link, ad or plugin (messaging_referrals)",
    {
        "ref": REF,
        "source": {
            "enum": ["SHORTLINK", "ADS", "CUSTOMER_CHAT_PLUGIN", "MESSENGER_CODE", "DISCOVER_TAB"]
        },
    },
    ["ref"],
)
def referral(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    return [
        state.platform.events.referral(psid, call.body["ref"], call.body.get("source", "SHORTLINK"))
    ]


@_user_action(
    "optin",
    "The user opts in through a plugin (messaging_optins)",
    {"ref": REF},
    ["ref"],
)
def optin(state: ControlState, call: Call, psid: str) -> list[dict[str, Any]]:
    return [state.platform.events.optin(psid, call.body["ref"])]


@operation(
    "POST",
    "/webhooks",
    "Deliver raw webhook events (messaging items or a whole {object: page} envelope), signed",
    body={
        "type": "object",
        "properties": {
            "object": {"const": "page"},
            "entry": {"type": "array", "items": {"type": "object"}},
            "events": {
                "type": "array",
                "minItems": 1,
                "maxItems": 1000,
                "items": {"type": "object"},
            },
            "wait": WAIT,
        },
        "oneOf": [{"required": ["object", "entry"]}, {"required": ["events"]}],
    },
    tag="users",
    response=ACTION_VIEW,
)
def raw_webhook(state: ControlState, call: Call) -> dict[str, Any]:
    body = call.body
    events: Any = body["events"] if "events" in body else {"object": "page", "entry": body["entry"]}
    psids = {
        str((e.get("sender") or {}).get("id"))
        for e in (events if isinstance(events, list) else [])
        if isinstance(e.get("sender"), dict)
    }
    psid = psids.pop() if len(psids) == 1 else None
    return _deliver(state, call, psid, events)


# -- operations: observing ------------------------------------------------------------------
@operation(
    "GET",
    "/users/{psid}/replies",
    "Long-poll the bot's replies to a user since exchange index `after`, once the bot went quiet",
    query=WAIT_QUERY,
    tag="observe",
    response=POLL_VIEW,
)
def replies(state: ControlState, call: Call) -> dict[str, Any]:
    psid = call.path["psid"]
    _known_user(state, psid)
    return _wait(state, psid, call.query.get("after", 0), call.query)


@operation(
    "GET",
    "/threads/{psid}",
    "A thread's transcript, in order (user events and bot messages)",
    tag="observe",
)
def thread(state: ControlState, call: Call) -> dict[str, Any]:
    psid = call.path["psid"]
    _known_user(state, psid)
    return {
        "psid": psid,
        "transcript": [transcript_view(e) for e in state.platform.transcript(psid)],
    }


@operation(
    "GET",
    "/exchanges",
    "Every Graph request with the platform's answer, from index `after`; with `timeout`, "
    "long-poll until `count` exchanges came and the bot went quiet",
    query={**WAIT_QUERY, "timeout": {**WAIT["properties"]["timeout"], "default": 0}, "psid": PSID},
    tag="observe",
    response=LIST_OF(EXCHANGE_VIEW),
)
def exchanges(state: ControlState, call: Call) -> dict[str, Any]:
    after, psid = call.query.get("after", 0), call.query.get("psid")
    timeout = call.query.get("timeout", 0)
    if timeout > 0:
        count = call.query.get("count", 1)
        quiet = call.query.get("quiet", 0.3)
        found = long_poll(state, psid, after, timeout, quiet, lambda f: len(f) >= count)
    else:
        found = [e for e in state.platform.exchanges[after:] if psid is None or e.psid == psid]
    return {"data": [exchange_view(e) for e in found], "next": len(state.platform.exchanges)}


@operation(
    "GET",
    "/egress",
    "The egress log: every request the bot sent, kept whole (headers, raw body)",
    query=AFTER_QUERY,
    tag="observe",
    response=LIST_OF(
        {
            "type": "object",
            "required": ["index", "method", "url", "headers", "body", "body_encoding"],
            "properties": {
                "index": {"type": "integer"},
                "method": {"type": "string"},
                "url": {"type": "string"},
                "headers": {
                    "type": "array",
                    "items": {"type": "array", "items": {"type": "string"}},
                },
                "body": {"type": "string"},
                "body_encoding": {"enum": ["utf-8", "base64"]},
                "timestamp": {"type": "number"},
                "thread": NULLABLE_STRING,
                "source": {"type": "string"},
                "meta": {"type": "object"},
            },
        }
    ),
)
def egress(state: ControlState, call: Call) -> dict[str, Any]:
    records = state.platform.egress[call.query.get("after", 0) :]
    data = []
    for record in records:
        view = record.to_dict()
        view["meta"] = _jsonable(dict(record.meta))
        data.append(view)
    return {"data": data, "next": len(state.platform.egress)}


@operation(
    "GET", "/findings", "What the boundary guard found (when one is attached)", tag="observe"
)
def findings(state: ControlState, call: Call) -> dict[str, Any]:
    with state._lock:
        found = list(state.findings)
    return {"guard": state.guard is not None, "data": [f.to_dict() for f in found]}


# -- operations: faults -------------------------------------------------------------------
@operation("GET", "/faults", "Faults still armed", tag="faults")
def list_faults(state: ControlState, call: Call) -> dict[str, Any]:
    return {"data": [f.to_dict() for f in state.platform.faults.armed]}


@operation(
    "POST",
    "/faults",
    "Arm a fault: latency, an HTTP status, a Graph error (e.g. rate_limited, expired_token), a dropped webhook",
    body=FAULT_BODY,
    status=201,
    tag="faults",
)
def add_fault(state: ControlState, call: Call) -> dict[str, Any]:
    body = dict(call.body)
    kind = body.pop("kind")
    times = body.pop("times", 1)
    faults = state.platform.faults
    match = {k: body[k] for k in ("method", "path", "psid", "call") if k in body}
    if kind == "latency":
        if "seconds" not in body:
            raise ControlError(400, "a latency fault needs seconds", "seconds")
        fault = faults.latency(float(body["seconds"]), times=times, **match)
    elif kind == "status":
        fault = faults.http_status(int(body.get("status", 500)), times=times, **match)
    elif kind == "graph_error":
        if "error" not in body and "code" not in body:
            raise ControlError(400, "a graph_error fault needs error (a name) or code", "error")
        fault = faults.graph_error(
            body.get("error"),
            code=body.get("code"),
            subcode=body.get("subcode"),
            message=body.get("message"),
            status=int(body.get("status", 400)),
            times=times,
            **match,
        )
    else:
        fault = faults.drop_webhook(times=times, event=body.get("event"), psid=body.get("psid"))
    return fault.to_dict()


@operation("DELETE", "/faults", "Clear every fault", tag="faults")
def clear_faults(state: ControlState, call: Call) -> dict[str, Any]:
    state.platform.faults.clear()
    return {"cleared": True}


@operation("DELETE", "/faults/{fault_id}", "Clear one fault", tag="faults")
def remove_fault(state: ControlState, call: Call) -> dict[str, Any]:
    raw = call.path["fault_id"]
    if not raw.isdigit() or not state.platform.faults.remove(int(raw)):
        raise ControlError(404, f"no fault with id {raw}", "fault_id")
    return {"cleared": True}


# -- HTTP plumbing ------------------------------------------------------------------------
def _validator(schema: dict[str, Any] | None) -> Draft202012Validator | None:
    return Draft202012Validator(schema) if schema is not None else None


def _field_of(error: ValidationError) -> str:
    path = [str(p) for p in error.absolute_path]
    if error.validator == "required":
        missing = next((p for p in error.validator_value if p not in (error.instance or {})), None)
        if missing is not None:
            path.append(str(missing))
    elif error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        extra = next((k for k in error.instance if k not in allowed), None)
        if extra is not None:
            path.append(str(extra))
    return ".".join(path) or "body"


def _coerce_query(name: str, raw: str, schema: dict[str, Any]) -> Any:
    kind = schema.get("type")
    try:
        if kind == "integer":
            value: Any = int(raw)
        elif kind == "number":
            value = float(raw)
            if not math.isfinite(value):
                raise ValueError
        elif kind == "boolean":
            if raw.lower() not in ("true", "false", "1", "0"):
                raise ValueError
            value = raw.lower() in ("true", "1")
        else:
            value = raw
    except ValueError:
        raise ControlError(
            400, f"query parameter {name} must be a {kind}, not {raw!r}", name
        ) from None
    errors = list(Draft202012Validator(schema).iter_errors(value))
    if errors:
        raise ControlError(400, f"query parameter {name}: {errors[0].message}", name)
    return value


def _endpoint(state: ControlState, op: Operation) -> Callable[[Request], Any]:
    validator = _validator(op.body)

    async def endpoint(request: Request) -> Response:
        try:
            call = Call(
                path={k: str(v) for k, v in request.path_params.items()},
                query={
                    name: _coerce_query(name, request.query_params[name], schema)
                    for name, schema in op.query.items()
                    if name in request.query_params
                },
                body=await _read_body(request, validator),
            )
            for name in op.path_params:
                if name == "psid" and not call.path[name].isdigit():
                    raise ControlError(404, f"no user with PSID {call.path[name]}", "psid")
            result = await run_in_threadpool(op.handler, state, call)
        except ControlError as exc:
            return JSONResponse(exc.payload(), status_code=exc.status)
        return JSONResponse(result, status_code=op.status)

    return endpoint


async def _read_body(request: Request, validator: Draft202012Validator | None) -> dict[str, Any]:
    raw = await request.body()
    if validator is None:
        return {}
    if not raw.strip():
        value: Any = {}
    else:
        try:
            value = loads_numbers_checked(raw)
        except JSONTextError as exc:
            if exc.path is not None:  # NaN, Infinity, too long: it would pass "maximum"
                where = ".".join(map(str, exc.path)) or "body"
                raise ControlError(400, f"{where}: {exc.reason}", where) from None
            message = f"the body is not valid JSON: {exc.describe()}"
            raise ControlError(400, message, "body") from None
    if not isinstance(value, dict):
        raise ControlError(400, "the body must be a JSON object", "body")
    error = next(iter(sorted(validator.iter_errors(value), key=lambda e: len(e.path))), None)
    if error is not None:
        where = _field_of(error)
        raise ControlError(400, f"{where}: {error.message}", where)
    return value


async def _http_error(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 404:
        message = f"no control operation at {request.url.path}; see {CONTROL_PREFIX}/openapi.json"
    elif status == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    else:
        message = str(getattr(exc, "detail", "")) or "the control API failed"
    return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)


def control_app(state: ControlState) -> Starlette:
    """A Starlette app serving :data:`OPERATIONS` and the OpenAPI document."""
    from mockmessenger.transports.openapi import openapi_document

    document: dict[str, Any] = {}

    async def openapi(request: Request) -> Response:
        if not document:
            document.update(openapi_document(state.platform.config))
        return JSONResponse(document)

    routes = [Route(CONTROL_PREFIX + "/openapi.json", openapi, methods=["GET"])]
    for op in OPERATIONS:
        routes.append(
            Route(CONTROL_PREFIX + op.path, _endpoint(state, op), methods=[op.method], name=op.name)
        )
    root = next(op for op in OPERATIONS if op.path == "")
    routes.append(Route(CONTROL_PREFIX + "/", _endpoint(state, root), methods=["GET"]))
    return Starlette(
        routes=routes, exception_handlers={HTTPException: _http_error, Exception: _http_error}
    )
