"""Calls that old clients still make: ``/me/thread_settings`` and ``/me/subscribed_apps``.

``thread_settings`` (replaced by the Messenger Profile API in 2017) writes into the
same profile so that a bot that mixes both sees one state.
"""

from __future__ import annotations

from typing import Any

from mockmessenger.platform.errors import param_error
from mockmessenger.platform.graph.call import Call

SETTING_TYPES = ("greeting", "call_to_actions", "domain_whitelisting", "account_linking")
#: Webhook fields a Page subscription may name.
WEBHOOK_FIELDS = (
    "messages",
    "message_echoes",
    "message_deliveries",
    "message_reads",
    "message_reactions",
    "message_edits",
    "messaging_postbacks",
    "messaging_optins",
    "messaging_referrals",
    "messaging_account_linking",
    "messaging_handovers",
    "messaging_policy_enforcement",
    "messaging_game_plays",
    "messaging_feedback",
    "messaging_customer_information",
    "standby",
    "feed",
)
#: From Graph v3.2 on, subscribing needs an explicit field list.
FIELDS_REQUIRED_FROM = (3, 2)


def _setting_type(call: Call) -> str:
    setting = call.param("setting_type")
    if setting in (None, ""):
        raise param_error("The parameter setting_type is required")
    if setting not in SETTING_TYPES:
        raise param_error(f"Param setting_type must be one of {{{', '.join(SETTING_TYPES)}}}")
    return str(setting)


def handle_thread_settings_post(call: Call) -> dict[str, Any]:
    profile = call.platform.state.messenger_profile
    setting = _setting_type(call)
    if setting == "greeting":
        text = (call.param("greeting") or {}).get("text")
        if not text or len(text) > 160:
            raise param_error("param greeting[text] must be 1 to 160 characters")
        profile["greeting"] = [{"locale": "default", "text": text}]
        return {"result": "Successfully updated greeting"}
    if setting == "call_to_actions":
        state = call.param("thread_state")
        actions = call.param("call_to_actions") or []
        if state == "new_thread":
            if actions:
                profile["get_started"] = {"payload": actions[0].get("payload", "")}
            return {"result": "Successfully added new_thread's CTAs"}
        if state == "existing_thread":
            profile["persistent_menu"] = [{"locale": "default", "call_to_actions": actions}]
            return {"result": "Successfully added structured menu CTAs"}
        raise param_error("Param thread_state must be one of {new_thread, existing_thread}")
    if setting == "domain_whitelisting":
        domains = call.param("whitelisted_domains") or []
        action = call.param("domain_action_type", "add")
        current = list(profile.get("whitelisted_domains", []))
        if action == "remove":
            current = [d for d in current if d not in domains]
        else:
            current.extend(d for d in domains if d not in current)
        profile["whitelisted_domains"] = current
        return {"result": "Successfully updated whitelisted domains"}
    url = call.param("account_linking_url")
    if not url or not str(url).startswith("https://"):
        raise param_error("param account_linking_url must be an https URL")
    profile["account_linking_url"] = url
    return {"result": "Successfully linked account linking url"}


def handle_thread_settings_delete(call: Call) -> dict[str, Any]:
    profile = call.platform.state.messenger_profile
    setting = _setting_type(call)
    if setting == "greeting":
        profile.pop("greeting", None)
        return {"result": "Successfully deleted greeting"}
    if setting == "call_to_actions":
        state = call.param("thread_state")
        profile.pop("get_started" if state == "new_thread" else "persistent_menu", None)
        return {"result": f"Successfully deleted all {state}'s CTAs"}
    if setting == "domain_whitelisting":
        profile.pop("whitelisted_domains", None)
        return {"result": "Successfully deleted whitelisted domains"}
    profile.pop("account_linking_url", None)
    return {"result": "Successfully unlinked account linking url"}


def handle_thread_settings_get(call: Call) -> dict[str, Any]:
    profile = call.platform.state.messenger_profile
    return {"data": [{k: v for k, v in profile.items()}] if profile else []}


def _version(call: Call) -> tuple[int, int]:
    if not call.version:
        return (99, 0)
    major, _, minor = call.version[1:].partition(".")
    return (int(major), int(minor or 0))


def handle_subscribed_apps_post(call: Call) -> dict[str, Any]:
    fields = call.param("subscribed_fields")
    if isinstance(fields, str):
        fields = [f.strip() for f in fields.split(",") if f.strip()]
    if not fields:
        if _version(call) >= FIELDS_REQUIRED_FROM:
            raise param_error("The parameter subscribed_fields is required")
        fields = list(call.platform.config.subscribed_fields)
    for field in fields:
        if field not in WEBHOOK_FIELDS:
            raise param_error(f"Param subscribed_fields[{field}] is not a valid webhook field")
    call.platform.state.subscribed_fields = list(dict.fromkeys(fields))
    return {"success": True}


def handle_subscribed_apps_get(call: Call) -> dict[str, Any]:
    state = call.platform.state
    if not state.subscribed_fields:
        return {"data": []}
    app = {
        "category": "Business",
        "link": f"https://www.facebook.com/games/?app_id={call.platform.config.app_id}",
        "name": "Mock Bank Bot",
        "id": call.platform.config.app_id,
        "subscribed_fields": list(state.subscribed_fields),
    }
    return {"data": [app]}


def handle_subscribed_apps_delete(call: Call) -> dict[str, Any]:
    call.platform.state.subscribed_fields = []
    return {"success": True}
