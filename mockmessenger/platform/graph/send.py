"""Send API: ``POST /{version}/me/messages`` and ``/{page-id}/messages``.

Checks follow the order Meta applies them: parameters present and coherent, the
body against the shipped schema, the recipient, the person's availability, the
24-hour window and tags, thread ownership, persona and attachments, rate limits.
"""

from __future__ import annotations

from typing import Any

from mockmessenger.platform import errors
from mockmessenger.platform.errors import param_error
from mockmessenger.platform.graph.call import Call
from mockmessenger.platform.http import decode_json_param
from mockmessenger.platform.models import User
from mockmessenger.platform.validation import send_check

SEND_FIELDS = (
    "recipient",
    "messaging_type",
    "tag",
    "notification_type",
    "persona_id",
    "reply_to",
    "message",
    "sender_action",
    "payload",
)
RECIPIENT_KEYS = (
    "id",
    "user_ref",
    "post_id",
    "comment_id",
    "phone_number",
    "one_time_notif_token",
    "notification_messages_token",
)
#: Largest file Meta accepts on the Send and Attachment Upload APIs.
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024
MEDIA_KINDS = ("audio", "video")


def send_body(call: Call) -> dict[str, Any]:
    """The Send API fields of the call, JSON strings decoded (form and query bodies)."""
    body = {}
    for name in SEND_FIELDS:
        if name in call.params:
            body[name] = decode_json_param(call.params[name], name)
    return body


def reply_kind(body: dict[str, Any]) -> str:
    """``text``, ``template``, ``attachment`` or ``sender_action``: how the harness sees a send."""
    if "sender_action" in body:
        return "sender_action"
    attachment = (body.get("message") or {}).get("attachment")
    if attachment:
        return "template" if attachment.get("type") == "template" else "attachment"
    return "text"


def _check_shape(call: Call, body: dict[str, Any]) -> None:
    config = call.platform.config
    if "recipient" not in body or body["recipient"] in ("", None):
        raise param_error("The parameter recipient is required")
    if not isinstance(body["recipient"], dict):
        raise param_error("param recipient must be a JSON object")
    has_message = body.get("message") not in (None, "")
    has_action = body.get("sender_action") not in (None, "")
    if has_message and has_action:
        raise param_error("Cannot send both message and state at the same time.")
    if not has_message and not has_action:
        raise param_error("Must send either message or state")
    if has_message:
        message = body["message"]
        if not isinstance(message, dict):
            raise param_error("param message must be a JSON object")
        has_text = message.get("text") not in (None, "")
        has_attachment = message.get("attachment") not in (None, "") or bool(call.files)
        if not has_text and not has_attachment:
            raise param_error(
                "Message cannot be empty, must provide valid attachment or text", 2018034
            )
        if has_text and has_attachment:
            raise param_error("Only one of text or attachment can be specified")
        if config.require_messaging_type and "messaging_type" not in body:
            raise param_error("The parameter messaging_type is required")
    if body.get("messaging_type") == "MESSAGE_TAG" and not body.get("tag"):
        raise param_error("The parameter tag is required when messaging_type is MESSAGE_TAG")
    if "tag" in body and body.get("messaging_type", "MESSAGE_TAG") != "MESSAGE_TAG":
        raise param_error("Param tag is only valid when messaging_type is MESSAGE_TAG")
    send_check(config.text_limit, config.quick_reply_limit).check(body)
    action = str(body.get("sender_action", "")).lower()
    if action in ("react", "unreact") and "payload" not in body:
        raise param_error("The parameter payload is required for sender_action " + action)
    if action == "react" and not (body["payload"] or {}).get("reaction"):
        raise param_error("The parameter payload[reaction] is required")
    keys = [k for k in RECIPIENT_KEYS if k in body["recipient"]]
    if len(keys) != 1:
        raise param_error(
            "param recipient must contain exactly one of " + ", ".join(RECIPIENT_KEYS)
        )


def _resolve(call: Call, recipient: dict[str, Any]) -> tuple[User, str, bool]:
    """The user, the kind of recipient, and whether the answer carries ``recipient_id``."""
    platform, state = call.platform, call.platform.state
    if "id" in recipient:
        user = state.users.get(str(recipient["id"]))
        if user is None:
            raise errors.no_matching_user()
        return user, "id", True
    if "user_ref" in recipient:
        psid = state.user_refs.get(str(recipient["user_ref"]))
        if psid is None:
            raise errors.no_matching_user()
        return state.users[psid], "user_ref", False
    for key in ("post_id", "comment_id"):
        if key in recipient:
            target = str(recipient[key])
            psid = state.private_reply_targets.get(target)
            if psid is None:
                raise param_error(f"Invalid {key}: no activity {target} to reply to")
            if target in state.private_replies_sent:
                raise errors.private_reply_already_sent()
            return state.users[psid], key, True
    for key in ("one_time_notif_token", "notification_messages_token"):
        if key in recipient:
            token = str(recipient[key])
            found = state.notification_tokens.get(token)
            if found is None or found[1] != key:
                raise param_error(f"Invalid {key}", 2018001)
            if key == "one_time_notif_token" and token in state.used_tokens:
                raise param_error("The one-time notification token has already been used")
            return state.users[found[0]], key, True
    if not platform.config.phone_number_matching:
        raise errors.phone_matching_not_allowed()
    phone = str(recipient["phone_number"])
    psid = state.user_refs.get("phone:" + phone)
    if psid is None:
        name = recipient.get("name") or {}
        user = platform.create_user(
            first_name=name.get("first_name"), last_name=name.get("last_name"), lock=False
        )
        state.user_refs["phone:" + phone] = user.psid
        psid = user.psid
    return state.users[psid], "phone_number", False


def _check_window(call: Call, user: User, body: dict[str, Any], recipient_kind: str) -> None:
    platform = call.platform
    config = platform.config
    if recipient_kind in (
        "post_id",
        "comment_id",
        "one_time_notif_token",
        "notification_messages_token",
        "user_ref",
        "phone_number",
    ):
        return
    thread = platform.state.threads.get(user.psid)
    now = platform.clock.now()
    last = thread.last_user_interaction if thread else None
    if last is not None and now - last <= config.window_seconds:
        return
    if body.get("messaging_type") == "MESSAGE_TAG" and "message" in body:
        tag = body.get("tag")
        if tag != "HUMAN_AGENT":
            return
        if not config.human_agent_permission:
            raise errors.human_agent_not_allowed()
        last_message = thread.last_user_message if thread else None
        if last_message is not None and now - last_message <= config.human_agent_seconds:
            return
    raise errors.outside_window()


def _check_attachment(call: Call, body: dict[str, Any]) -> str | None:
    """Validates ids and uploads; returns the id of an asset saved by this send."""
    platform, state = call.platform, call.platform.state
    message = body.get("message") or {}
    attachment = message.get("attachment")
    if call.files:
        upload = call.files[0]
        if len(upload.data) > MAX_ATTACHMENT_BYTES:
            raise errors.attachment_too_large()
        kind = (attachment or {}).get("type") or upload.content_type.split("/")[0]
        reusable = bool(((attachment or {}).get("payload") or {}).get("is_reusable"))
        saved = platform.save_attachment(kind, None, upload.data, upload.content_type)
        return saved.id if reusable else None
    if not attachment or attachment.get("type") == "template":
        return None
    payload = attachment.get("payload") or {}
    if "attachment_id" in payload:
        saved = state.attachments.get(str(payload["attachment_id"]))
        now = platform.clock.now()
        if saved is None or now - saved.created > platform.config.attachment_ttl_seconds:
            raise param_error("Invalid attachment_id: the attachment does not exist or has expired")
        return None
    if not payload.get("url"):
        raise param_error("The parameter message[attachment][payload][url] is required")
    if payload.get("is_reusable"):
        return platform.save_attachment(attachment["type"], payload["url"]).id
    return None


def _check_rate(call: Call, body: dict[str, Any]) -> None:
    platform = call.platform
    now = platform.clock.now()
    limits = platform.rates
    attachment = (body.get("message") or {}).get("attachment") or {}
    if attachment.get("type") in MEDIA_KINDS:
        if limits.media_sends.count(now) >= platform.config.media_send_rate_per_second:
            raise errors.rate_limited()
        limits.media_sends.add(now)
    if limits.sends.count(now) >= platform.config.send_rate_per_second:
        raise errors.rate_limited()
    limits.sends.add(now)


def _check_reaction_target(call: Call, user: User, body: dict[str, Any]) -> None:
    action = str(body.get("sender_action", "")).lower()
    if action not in ("react", "unreact"):
        return
    mid = str((body.get("payload") or {}).get("message_id", ""))
    thread = call.platform.state.threads.get(user.psid)
    if thread is None or not any(e.mid == mid for e in thread.transcript):
        raise param_error("Invalid message_id: no such message in this conversation")


def handle_send(call: Call) -> dict[str, Any]:
    platform = call.platform
    body = send_body(call)
    call.kind = "sender_action" if body.get("sender_action") else "send"
    recipient = body.get("recipient")
    if isinstance(recipient, dict) and "id" in recipient:
        call.psid = str(recipient["id"])
    _check_shape(call, body)
    user, recipient_kind, with_recipient_id = _resolve(call, body["recipient"])
    call.psid = user.psid
    if not user.available:
        raise errors.user_unavailable()
    if platform.config.development_mode and not user.app_role:
        raise errors.not_a_tester()
    _check_window(call, user, body, recipient_kind)
    thread = platform.thread(user.psid)
    if platform.config.enforce_thread_owner and thread.owner_app_id not in (
        None,
        platform.config.app_id,
    ):
        raise errors.not_thread_owner()
    if "persona_id" in body and str(body["persona_id"]) not in platform.state.personas:
        raise param_error("Invalid persona_id: no such persona for this Page")
    _check_reaction_target(call, user, body)
    saved_id = _check_attachment(call, body)
    _check_rate(call, body)
    # accepted: remember single-use recipients, record the message
    target = body["recipient"]
    if recipient_kind in ("post_id", "comment_id"):
        platform.state.private_replies_sent.add(str(target[recipient_kind]))
    if recipient_kind == "one_time_notif_token":
        platform.state.used_tokens.add(str(target["one_time_notif_token"]))
    is_action = "sender_action" in body
    mid = None if is_action else platform.ids.mid()
    platform.record_out(user.psid, reply_kind(body), body, mid, call.exchange_index)
    answer: dict[str, Any] = {}
    if with_recipient_id:
        answer["recipient_id"] = user.psid
    if mid is not None:
        answer["message_id"] = mid
        if "message_echoes" in platform.state.subscribed_fields:
            metadata = (body.get("message") or {}).get("metadata")
            platform.state.outbox.append(
                platform.events.echo(user.psid, body["message"], mid, metadata=metadata)
            )
    elif platform.config.sender_action_message_id:
        answer["message_id"] = platform.ids.mid()
    if saved_id is not None:
        answer["attachment_id"] = saved_id
    return answer
