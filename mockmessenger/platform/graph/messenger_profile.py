"""Messenger Profile API (``/me/messenger_profile``) and user-level menus (``/me/custom_user_settings``).

Writes answer ``{"result":"success"}``, reads ``{"data":[{...}]}``, deletes take a
JSON body ``{"fields":[...]}``. A persistent menu needs a Get Started button, a
greeting needs a ``default`` locale, and the Page may make ``profile_rate_limit``
calls per ``profile_rate_window`` (10 per 10 minutes) before 613.
"""

from __future__ import annotations

from typing import Any

from mockmessenger.platform import errors
from mockmessenger.platform.errors import param_error
from mockmessenger.platform.graph.call import Call
from mockmessenger.platform.validation import messenger_profile_check

PROFILE_FIELDS = (
    "get_started",
    "greeting",
    "ice_breakers",
    "persistent_menu",
    "whitelisted_domains",
    "account_linking_url",
    "commands",
    "title",
)
DEPRECATED_FIELDS = ("home_url", "target_audience", "payment_settings")
NOT_WRITABLE = ("access_token", "appsecret_proof", "method", "platform", "fields")


def _count_call(call: Call) -> None:
    platform = call.platform
    limit = platform.config.profile_rate_limit
    if limit is None:
        return
    now = platform.clock.now()
    if platform.rates.profile_calls.count(now) >= limit:
        raise errors.profile_rate_limited()
    platform.rates.profile_calls.add(now)


def _requested_fields(call: Call) -> list[str]:
    fields = call.param("fields")
    if isinstance(fields, str):
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    if not fields:
        raise param_error("The parameter fields is required")
    if not isinstance(fields, list):
        raise param_error("Param fields must be an array")
    for field in fields:
        if field in DEPRECATED_FIELDS:
            raise param_error(f"Param fields[{field}] is deprecated")
        if field not in PROFILE_FIELDS:
            raise param_error(f"Param fields must be one of {{{', '.join(PROFILE_FIELDS)}}}")
    return fields


def handle_post(call: Call) -> dict[str, Any]:
    platform = call.platform
    profile = platform.state.messenger_profile
    body = {k: call.param(k) for k in call.request.form if k not in NOT_WRITABLE}
    if not body:
        body = {
            k: call.param(k) for k in call.params if k in PROFILE_FIELDS or k in DEPRECATED_FIELDS
        }
    for name in body:
        if name in DEPRECATED_FIELDS:
            raise param_error(f"Param {name} is deprecated in this version of the API")
        if name not in PROFILE_FIELDS:
            raise param_error(f"Unknown parameter {name}")
    if not body:
        raise param_error(
            "You must specify at least one of the following fields: " + ", ".join(PROFILE_FIELDS)
        )
    _count_call(call)
    messenger_profile_check(platform.config.persistent_menu_item_limit).check(body)
    if "greeting" in body and not any(g.get("locale") == "default" for g in body["greeting"]):
        raise param_error("param greeting must have a default locale")
    if "persistent_menu" in body:
        if "get_started" not in body and "get_started" not in profile:
            raise param_error(
                "You must set a Get Started button if you also wish to use persistent menu."
            )
        if not any(m.get("locale") == "default" for m in body["persistent_menu"]):
            raise param_error("param persistent_menu must have a default locale")
        for menu in body["persistent_menu"]:
            for item in menu.get("call_to_actions", []):
                if item.get("type") == "nested":
                    raise param_error(
                        "Nested persistent menu items are not supported since v8.0; use up to "
                        f"{platform.config.persistent_menu_item_limit} flat items"
                    )
    profile.update(body)
    return {"result": "success"}


def handle_get(call: Call) -> dict[str, Any]:
    _count_call(call)
    fields = _requested_fields(call)
    profile = call.platform.state.messenger_profile
    found = {f: profile[f] for f in fields if f in profile}
    return {"data": [found] if found else []}


def handle_delete(call: Call) -> dict[str, Any]:
    _count_call(call)
    fields = _requested_fields(call)
    profile = call.platform.state.messenger_profile
    if "get_started" in fields and "persistent_menu" in profile and "persistent_menu" not in fields:
        raise param_error("You cannot delete get_started while a persistent_menu is set.")
    for field in fields:
        profile.pop(field, None)
    return {"result": "success"}


def _psid(call: Call) -> str:
    psid = call.param("psid")
    if psid in (None, ""):
        raise param_error("The parameter psid is required")
    if str(psid) not in call.platform.state.users:
        raise errors.no_matching_user()
    call.psid = str(psid)
    return str(psid)


def handle_user_settings_post(call: Call) -> dict[str, Any]:
    psid = _psid(call)
    menu = call.param("persistent_menu")
    if menu in (None, ""):
        raise param_error("The parameter persistent_menu is required")
    messenger_profile_check(call.platform.config.persistent_menu_item_limit).check(
        {"persistent_menu": menu}
    )
    call.platform.state.user_settings[psid] = {"persistent_menu": menu}
    return {"result": "success"}


def handle_user_settings_get(call: Call) -> dict[str, Any]:
    psid = _psid(call)
    user_menu = call.platform.state.user_settings.get(psid, {}).get("persistent_menu", [])
    page_menu = call.platform.state.messenger_profile.get("persistent_menu", [])
    return {
        "data": [{"user_level_persistent_menu": user_menu, "page_level_persistent_menu": page_menu}]
    }


def handle_user_settings_delete(call: Call) -> dict[str, Any]:
    psid = _psid(call)
    params = call.param("params") or ["persistent_menu"]
    if "persistent_menu" in params:
        call.platform.state.user_settings.pop(psid, None)
    return {"result": "success"}
