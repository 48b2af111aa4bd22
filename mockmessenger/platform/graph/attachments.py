"""Attachment Upload API: ``POST /me/message_attachments`` by URL or multipart file."""

from __future__ import annotations

from typing import Any

from mockmessenger.platform import errors
from mockmessenger.platform.errors import param_error
from mockmessenger.platform.graph.call import Call
from mockmessenger.platform.graph.send import MAX_ATTACHMENT_BYTES
from mockmessenger.platform.validation import graph_check


def handle_upload(call: Call) -> dict[str, Any]:
    message = call.param("message")
    if message in (None, ""):
        raise param_error("The parameter message is required")
    graph_check("message_attachments").check({"message": message})
    attachment = message["attachment"]
    kind = attachment["type"]
    payload = attachment.get("payload") or {}
    if call.files:
        upload = call.files[0]
        if len(upload.data) > MAX_ATTACHMENT_BYTES:
            raise errors.attachment_too_large()
        if kind == "audio" and not upload.content_type.startswith("audio/"):
            raise param_error("Audio attachments must be uploaded with an audio/* Content-Type")
        saved = call.platform.save_attachment(kind, None, upload.data, upload.content_type)
    else:
        if not payload.get("url"):
            raise param_error("The parameter message[attachment][payload][url] is required")
        saved = call.platform.save_attachment(kind, payload["url"])
    return {"attachment_id": saved.id}
