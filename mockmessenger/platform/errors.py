"""Graph errors, shaped and numbered as Meta sends them.

``{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`` with a
non-2xx status. Messages carry the ``(#code) `` prefix except for code 190, as
Meta writes them; ``error_subcode`` is left out when Meta has none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class GraphError(Exception):
    """Raised anywhere inside a handler; the platform turns it into the JSON answer."""

    code: int
    message: str
    subcode: int | None = None
    status: int = 400
    type: str = "OAuthException"
    is_transient: bool | None = None
    user_title: str | None = None
    user_msg: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def payload(self, fbtrace_id: str) -> dict[str, Any]:
        error: dict[str, Any] = {"message": self.message, "type": self.type, "code": self.code}
        if self.subcode is not None:
            error["error_subcode"] = self.subcode
        if self.is_transient is not None:
            error["is_transient"] = self.is_transient
        if self.user_title:
            error["error_user_title"] = self.user_title
        if self.user_msg:
            error["error_user_msg"] = self.user_msg
        error["fbtrace_id"] = fbtrace_id
        return {"error": error}

    def headers(self) -> dict[str, str]:
        if self.code == 190:
            return {
                "www-authenticate": f'OAuth "Facebook Platform" "invalid_token" "{self.message}"'
            }
        return {}


def param_error(message: str, subcode: int | None = None) -> GraphError:
    """Code 100, the generic invalid-parameter error."""
    return GraphError(100, f"(#100) {message}", subcode)


# -- authentication -----------------------------------------------------------------


def missing_token() -> GraphError:
    return GraphError(
        2500, "An active access token must be used to query information about the current user."
    )


def invalid_token() -> GraphError:
    return GraphError(190, "Invalid OAuth access token - Cannot parse access token")


def expired_token() -> GraphError:
    return GraphError(
        190,
        "Error validating access token: Session has expired. The current time is later than the expiry time.",
        subcode=463,
    )


def invalid_appsecret_proof() -> GraphError:
    return GraphError(
        100, "Invalid appsecret_proof provided in the API argument", type="GraphMethodException"
    )


# -- routing ------------------------------------------------------------------------


def unknown_path(components: str) -> GraphError:
    return GraphError(2500, f"Unknown path components: {components}")


def unsupported_request(method: str, object_id: str) -> GraphError:
    return GraphError(
        100,
        f"Unsupported {method.lower()} request. Object with ID '{object_id}' does not exist, "
        "cannot be loaded due to missing permissions, or does not support this operation. "
        "Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
        subcode=33,
        type="GraphMethodException",
    )


def malformed_body(detail: str) -> GraphError:
    return param_error(f"Invalid parameter: {detail}")


# -- Send API ---------------------------------------------------------------------


def no_matching_user() -> GraphError:
    return param_error("No matching user found", 2018001)


def outside_window() -> GraphError:
    return GraphError(
        10,
        "(#10) This message is sent outside of allowed window. Learn more about the new policy here: "
        "https://developers.facebook.com/docs/messenger-platform/policy-overview",
        subcode=2018278,
    )


def user_unavailable() -> GraphError:
    return GraphError(551, "(#551) This person isn't available right now.", subcode=1545041)


def not_a_tester() -> GraphError:
    return GraphError(
        200,
        "(#200) Cannot message users who are not admins, developers or testers of the app "
        "until pages_messaging permission is reviewed and the app is live.",
        subcode=2018028,
    )


def human_agent_not_allowed() -> GraphError:
    return GraphError(
        10, "(#10) This app does not have permission to use the HUMAN_AGENT tag.", subcode=2018293
    )


def not_thread_owner() -> GraphError:
    return GraphError(
        10,
        "(#10) Cannot send message as this app is not the thread owner of the conversation.",
        subcode=2018300,
    )


def phone_matching_not_allowed() -> GraphError:
    return GraphError(
        200,
        "(#200) This Page does not have permission to send messages to phone numbers.",
        subcode=2018027,
    )


def private_reply_already_sent() -> GraphError:
    return GraphError(10900, "(#10900) Activity already replied to")


def rate_limited() -> GraphError:
    return GraphError(
        613, "(#613) Calls to this api have exceeded the rate limit.", is_transient=True
    )


def profile_rate_limited() -> GraphError:
    return GraphError(
        613, "(#613) Calls to messenger_profile have exceeded the rate limit.", is_transient=True
    )


def page_request_limit() -> GraphError:
    return GraphError(32, "(#32) Page request limit reached", is_transient=True)


def app_request_limit() -> GraphError:
    return GraphError(4, "(#4) Application request limit reached", is_transient=True)


def no_profile() -> GraphError:
    return param_error("No profile available for this user.", 2018218)


def linking_token_expired() -> GraphError:
    return GraphError(10301, "(#10301) Account linking token expired")


def linking_token_invalid() -> GraphError:
    return GraphError(10303, "(#10303) Invalid account_linking_token")


def attachment_too_large() -> GraphError:
    return param_error("Attachment size exceeds allowable limit", 2018109)


def temporary_failure() -> GraphError:
    return GraphError(
        1200, "(#1200) Temporary send message failure. Please try again later", is_transient=True
    )


#: Named errors a fault can inject (FaultInjector, control API).
NAMED_ERRORS = {
    "invalid_token": invalid_token,
    "expired_token": expired_token,
    "rate_limited": rate_limited,
    "page_request_limit": page_request_limit,
    "app_request_limit": app_request_limit,
    "outside_window": outside_window,
    "user_unavailable": user_unavailable,
    "no_matching_user": no_matching_user,
    "temporary_failure": temporary_failure,
}
