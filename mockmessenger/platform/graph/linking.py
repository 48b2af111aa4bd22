"""Account linking: PSID lookup by ``account_linking_token`` and the unlink call."""

from __future__ import annotations

from typing import Any

from mockmessenger.platform import errors
from mockmessenger.platform.errors import param_error
from mockmessenger.platform.graph.call import Call


def handle_psid_lookup(call: Call) -> dict[str, Any]:
    """``GET|POST /me?fields=recipient&account_linking_token=...`` -> ``{id, recipient}``."""
    platform = call.platform
    token = str(call.params.get("account_linking_token", ""))
    found = platform.state.linking_tokens.get(token)
    if found is None:
        raise errors.linking_token_invalid()
    if platform.clock.now() > found.expires:
        raise errors.linking_token_expired()
    call.psid = found.psid
    answer: dict[str, Any] = {"id": platform.config.page_id}
    fields = call.fields() or ["recipient"]
    if "recipient" in fields:
        answer["recipient"] = found.psid
    return answer


def handle_unlink(call: Call) -> dict[str, Any]:
    """``POST /me/unlink_accounts {"psid"}``; Meta then sends the ``unlinked`` event."""
    platform = call.platform
    psid = call.param("psid")
    if psid in (None, ""):
        raise param_error("The parameter psid is required")
    user = platform.state.users.get(str(psid))
    if user is None:
        raise errors.no_matching_user()
    call.psid = user.psid
    user.linked = False
    user.authorization_code = None
    platform.state.outbox.append(platform.events.account_linking(user.psid, "unlinked"))
    return {"result": "unlink account success"}
