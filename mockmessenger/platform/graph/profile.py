"""User Profile API (``GET /{PSID}``) and the Page node (``GET /me``)."""

from __future__ import annotations

from typing import Any

from mockmessenger.platform import errors
from mockmessenger.platform.errors import param_error
from mockmessenger.platform.graph.call import Call

USER_FIELDS = (
    "id",
    "name",
    "first_name",
    "last_name",
    "profile_pic",
    "locale",
    "timezone",
    "gender",
)
#: Since July 2018 a call without ``fields`` gets the name fields and the picture.
DEFAULT_USER_FIELDS = ("first_name", "last_name", "profile_pic", "id")
PAGE_FIELDS = ("id", "name", "category", "link", "username")


def _nonexisting(field: str, node: str) -> errors.GraphError:
    return param_error(f"Tried accessing nonexisting field ({field}) on node type ({node})")


def handle_user_profile(call: Call) -> dict[str, Any]:
    user = call.platform.state.users[call.parts[0]]
    if not user.has_profile:
        raise errors.no_profile()
    fields = call.fields() or list(DEFAULT_USER_FIELDS)
    for field in fields:
        if field not in USER_FIELDS:
            raise _nonexisting(field, "User")
    profile = user.profile()
    answer = {field: profile[field] for field in fields}
    answer["id"] = user.psid
    return answer


def handle_page(call: Call) -> dict[str, Any]:
    config = call.platform.config
    page = {
        "id": config.page_id,
        "name": config.page_name,
        "category": "Bank",
        "link": f"https://www.facebook.com/{config.page_id}",
        "username": config.page_name.lower().replace(" ", ""),
    }
    fields = call.fields() or ["name", "id"]
    for field in fields:
        if field not in PAGE_FIELDS:
            raise _nonexisting(field, "Page")
    answer = {field: page[field] for field in fields}
    answer["id"] = config.page_id
    return answer
