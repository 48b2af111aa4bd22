"""From a raw request to a handler, as Graph routes: version, node, edge, method.

Anything unexpected is answered the way Graph answers it: an unknown edge is
``2500 Unknown path components``, an unknown object or a method an edge does not
take is ``100/33 Unsupported <method> request``, a body that does not parse is
``100 Invalid parameter``. A bug in a handler becomes Graph's ``code 1`` with
status 500, never a traceback for the bot.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mockmessenger.platform import errors
from mockmessenger.platform.graph import (
    attachments,
    auth,
    batch,
    handover,
    legacy,
    linking,
    messenger_profile,
    personas,
    profile,
    send,
)
from mockmessenger.platform.graph.call import Call
from mockmessenger.platform.http import BodyError, GraphRequest, GraphResponse

if TYPE_CHECKING:
    from mockmessenger.platform.core import Platform

log = logging.getLogger(__name__)
Handler = Callable[[Call], Any]
#: bounded: a "version" of thousands of digits is no version (and int() would refuse it)
VERSION = re.compile(r"^v(\d{1,9})(?:\.(\d{1,9}))?$")

#: Page edges: edge -> {method: (handler, kind)}
PAGE_EDGES: dict[str, dict[str, tuple[Handler, str]]] = {
    "messages": {"POST": (send.handle_send, "send")},
    "message_attachments": {"POST": (attachments.handle_upload, "attachment_upload")},
    "messenger_profile": {
        "GET": (messenger_profile.handle_get, "messenger_profile"),
        "POST": (messenger_profile.handle_post, "messenger_profile"),
        "DELETE": (messenger_profile.handle_delete, "messenger_profile"),
    },
    "custom_user_settings": {
        "GET": (messenger_profile.handle_user_settings_get, "custom_user_settings"),
        "POST": (messenger_profile.handle_user_settings_post, "custom_user_settings"),
        "DELETE": (messenger_profile.handle_user_settings_delete, "custom_user_settings"),
    },
    "pass_thread_control": {"POST": (handover.handle_pass, "handover")},
    "take_thread_control": {"POST": (handover.handle_take, "handover")},
    "request_thread_control": {"POST": (handover.handle_request, "handover")},
    "release_thread_control": {"POST": (handover.handle_release, "handover")},
    "thread_owner": {"GET": (handover.handle_thread_owner, "handover")},
    "secondary_receivers": {"GET": (handover.handle_secondary_receivers, "handover")},
    "personas": {
        "GET": (personas.handle_list, "persona"),
        "POST": (personas.handle_create, "persona"),
    },
    "unlink_accounts": {"POST": (linking.handle_unlink, "account_linking")},
    "thread_settings": {
        "GET": (legacy.handle_thread_settings_get, "thread_settings"),
        "POST": (legacy.handle_thread_settings_post, "thread_settings"),
        "DELETE": (legacy.handle_thread_settings_delete, "thread_settings"),
    },
    "subscribed_apps": {
        "GET": (legacy.handle_subscribed_apps_get, "subscribed_apps"),
        "POST": (legacy.handle_subscribed_apps_post, "subscribed_apps"),
        "DELETE": (legacy.handle_subscribed_apps_delete, "subscribed_apps"),
    },
}


def _split(platform: Platform, request: GraphRequest) -> tuple[str | None, list[str]]:
    parts = [p for p in request.path.split("/") if p]
    version = None
    if parts and VERSION.match(parts[0]):
        version = parts.pop(0)
        major, minor = VERSION.match(version).groups()  # type: ignore[union-attr]
        if (int(major), int(minor or 0)) < tuple(platform.config.min_version):
            raise errors.unknown_path("/" + "/".join([version, *parts]))
    return version, parts


def _method(request: GraphRequest, params: dict[str, Any]) -> str:
    """Graph honours ``method=`` (``?method=delete``) as clients without DELETE use it."""
    override = str(params.get("method", "")).upper()
    if request.method in ("GET", "POST") and override in ("GET", "POST", "DELETE"):
        return override
    return request.method


def _route(call: Call) -> Handler:
    platform = call.platform
    parts = call.parts
    method = call.method
    if not parts:
        if method == "POST" and "batch" in call.params:
            call.kind = "batch"
            return batch.handle_batch
        raise errors.unsupported_request(method, "")
    node = parts[0]
    is_page = call.is_page_node
    if len(parts) == 1:
        if is_page:
            call.kind = "page"
            if method in ("GET", "POST") and call.params.get("account_linking_token") is not None:
                call.kind = "account_linking"
                return linking.handle_psid_lookup
            if method == "GET":
                return profile.handle_page
            raise errors.unsupported_request(method, node)
        if node in platform.state.users:
            call.kind = "profile"
            call.psid = node
            if method == "GET":
                return profile.handle_user_profile
            raise errors.unsupported_request(method, node)
        if node in platform.state.personas:
            call.kind = "persona"
            if method == "GET":
                return personas.handle_get
            if method == "DELETE":
                return personas.handle_delete
        raise errors.unsupported_request(method, node)
    if len(parts) == 2 and is_page and parts[1] in PAGE_EDGES:
        handlers = PAGE_EDGES[parts[1]]
        if method not in handlers:
            raise errors.unsupported_request(method, node)
        handler, call.kind = handlers[method]
        return handler
    if len(parts) >= 2 and (
        is_page or node in platform.state.users or node in platform.state.personas
    ):
        raise errors.unknown_path("/" + "/".join(parts[1:]))
    raise errors.unsupported_request(method, node)


def _check_daily_limit(call: Call) -> None:
    platform = call.platform
    if not platform.config.enforce_daily_limit:
        return
    now = platform.clock.now()
    limit = platform.config.calls_per_engaged_user * max(1, len(platform.state.users))
    if platform.rates.usage_percent(now, limit) >= 100:
        raise (
            errors.rate_limited()
            if call.kind in ("send", "sender_action")
            else errors.page_request_limit()
        )


def _body_error(exc: BodyError) -> errors.GraphError:
    if exc.param is not None:  # e.g. "Invalid parameter message[metadata]: NaN is not..."
        return errors.param_error(str(exc))
    return errors.malformed_body(str(exc))


def dispatch(platform: Platform, request: GraphRequest, index: int) -> tuple[Call, GraphResponse]:
    """Routes and runs one request; every outcome is a JSON answer. Caller holds the lock."""
    call = Call(platform, request, request.method, None, [], {}, [], index)
    try:
        try:
            call.params = request.params
            call.files = request.files
            call.method = _method(request, call.params)
            call.version, call.parts = _split(platform, request)
            auth.check(call)
            handler = _route(call)
            _check_daily_limit(call)
            payload = handler(call)  # a query param is decoded here, when the handler asks
        except BodyError as exc:
            raise _body_error(exc) from None
        response = GraphResponse.of(200, payload, call.headers)
    except errors.GraphError as error:
        response = platform._error_response(error)
    except Exception:  # a bug of ours must still look like Graph to the bot
        log.exception("mockmessenger: unexpected error handling %s %s", request.method, request.url)
        response = platform._error_response(
            errors.GraphError(
                1,
                "An unknown error has occurred.",
                subcode=99,
                status=500,
                is_transient=True,
            )
        )
    return call, response
