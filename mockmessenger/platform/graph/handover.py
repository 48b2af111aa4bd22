"""Handover Protocol: pass, take, request and release thread control; who owns a thread.

An idle thread (no owner) belongs to whoever speaks; ``take_thread_control``
answers ``{"success":true}`` or, with ``take_thread_control_response="thread_owner"``,
the ``{"data":[{"thread_owner":...}]}`` shape of the newer conversation-control page.
"""

from __future__ import annotations

from typing import Any

from mockmessenger.platform import errors
from mockmessenger.platform.errors import GraphError, param_error
from mockmessenger.platform.graph.call import Call
from mockmessenger.platform.models import Thread
from mockmessenger.platform.validation import graph_check

#: How long a thread stays with the app that took it before going idle (conversation routing).
OWNERSHIP_SECONDS = 24 * 3600


def _thread(call: Call) -> Thread:
    body = {
        k: call.param(k) for k in ("recipient", "target_app_id", "metadata") if k in call.params
    }
    graph_check("handover").check(body)
    psid = str(body["recipient"]["id"])
    call.psid = psid
    if psid not in call.platform.state.users:
        raise errors.no_matching_user()
    return call.platform.thread(psid)


def _known_apps(call: Call) -> set[str]:
    config = call.platform.config
    return {config.app_id, *(app for app, _ in config.secondary_receivers)}


def handle_pass(call: Call) -> dict[str, Any]:
    thread = _thread(call)
    target = call.param("target_app_id")
    if target in (None, ""):
        raise param_error("The parameter target_app_id is required")
    if str(target) not in _known_apps(call):
        raise param_error("Invalid target_app_id: the app is not connected to this Page", 2018297)
    own = call.platform.config.app_id
    if thread.owner_app_id not in (None, own):
        raise GraphError(10, "(#10) Only the thread owner can pass thread control", 2018300)
    thread.owner_app_id = str(target)
    return {"success": True}


def handle_take(call: Call) -> dict[str, Any]:
    thread = _thread(call)
    own = call.platform.config.app_id
    thread.owner_app_id = own
    if call.platform.config.take_thread_control_response == "thread_owner":
        expiration = int(call.platform.clock.now() + OWNERSHIP_SECONDS)
        return {"data": [{"thread_owner": {"app_id": own, "expiration": expiration}}]}
    return {"success": True}


def handle_request(call: Call) -> dict[str, Any]:
    thread = _thread(call)
    if thread.owner_app_id in (None, call.platform.config.app_id):
        raise param_error("Cannot request thread control: the app already controls the thread")
    return {"success": True}


def handle_release(call: Call) -> dict[str, Any]:
    thread = _thread(call)
    if thread.owner_app_id not in (None, call.platform.config.app_id):
        raise GraphError(10, "(#10) Only the thread owner can release thread control", 2018300)
    thread.owner_app_id = None
    return {"success": True}


def handle_thread_owner(call: Call) -> dict[str, Any]:
    psid = call.param("recipient")
    if isinstance(psid, dict):
        psid = psid.get("id")
    if psid in (None, ""):
        raise param_error("The parameter recipient is required")
    psid = str(psid)
    call.psid = psid
    if psid not in call.platform.state.users:
        raise errors.no_matching_user()
    owner = call.platform.thread(psid).owner_app_id or call.platform.config.app_id
    return {"data": [{"thread_owner": {"app_id": owner}}]}


def handle_secondary_receivers(call: Call) -> dict[str, Any]:
    fields = call.fields() or ["id", "name"]
    data = [
        {k: v for k, v in (("id", app), ("name", name)) if k in fields}
        for app, name in call.platform.config.secondary_receivers
    ]
    return {"data": data}
