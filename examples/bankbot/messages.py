"""Send API ``message`` objects: text with quick replies, templates, attachments.

Plain dict builders, so that what the bot sends reads like Meta's documentation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

Message = dict[str, Any]


def quick_reply(title: str, payload: str) -> dict[str, str]:
    return {"content_type": "text", "title": title, "payload": payload}


def text_message(
    text: str,
    quick_replies: Iterable[tuple[str, str]] = (),
    *,
    metadata: str | None = None,
) -> Message:
    message: Message = {"text": text}
    replies = [quick_reply(title, payload) for title, payload in quick_replies]
    if replies:
        message["quick_replies"] = replies
    if metadata is not None:
        message["metadata"] = metadata
    return message


def postback_button(title: str, payload: str) -> dict[str, str]:
    return {"type": "postback", "title": title, "payload": payload}


def url_button(title: str, url: str) -> dict[str, str]:
    return {"type": "web_url", "title": title, "url": url}


def call_button(title: str, phone: str) -> dict[str, str]:
    return {"type": "phone_number", "title": title, "payload": phone}


def login_button(url: str) -> dict[str, str]:
    return {"type": "account_link", "url": url}


def logout_button() -> dict[str, str]:
    return {"type": "account_unlink"}


def template(payload: dict[str, Any]) -> Message:
    return {"attachment": {"type": "template", "payload": payload}}


def button_template(text: str, buttons: Sequence[dict[str, str]]) -> Message:
    return template({"template_type": "button", "text": text, "buttons": list(buttons)})


def generic_template(elements: Sequence[dict[str, Any]]) -> Message:
    return template({"template_type": "generic", "elements": list(elements)})


def receipt_template(
    *,
    recipient_name: str,
    order_number: str,
    currency: str,
    payment_method: str,
    elements: Sequence[dict[str, Any]],
    total_cost: float,
) -> Message:
    return template(
        {
            "template_type": "receipt",
            "recipient_name": recipient_name,
            "order_number": order_number,
            "currency": currency,
            "payment_method": payment_method,
            "elements": list(elements),
            "summary": {"total_cost": total_cost},
        }
    )


def image_message(url: str) -> Message:
    return {"attachment": {"type": "image", "payload": {"url": url, "is_reusable": False}}}


__all__ = [
    "Message",
    "button_template",
    "call_button",
    "generic_template",
    "image_message",
    "login_button",
    "logout_button",
    "postback_button",
    "quick_reply",
    "receipt_template",
    "template",
    "text_message",
    "url_button",
]
