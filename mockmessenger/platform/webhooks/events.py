"""Builders of the webhook events Meta sends to a bot, in the wire format (snake_case).

Each builder returns one ``messaging`` item (sender, recipient, timestamp in
milliseconds, and the event body). :meth:`EventBuilder.envelope` wraps items into
the ``{"object": "page", "entry": [...]}`` envelope, one item per entry's
``messaging`` (or ``standby``) array, several entries per POST as Meta batches them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from mockmessenger.platform.clock import FakeClock, SystemClock, ms
from mockmessenger.platform.ids import IdFactory

Event = dict[str, Any]

#: Reaction names Meta gives for common emoji (message_reactions webhook).
REACTION_NAMES = {
    "😆": "smile",
    "😄": "smile",
    "😠": "angry",
    "😢": "sad",
    "😮": "wow",
    "❤️": "love",
    "❤": "love",
    "😍": "love",
    "👍": "like",
    "👎": "dislike",
}

#: Event kinds that re-open the 24-hour window: the user did something.
USER_INITIATED = frozenset(
    {"message", "quick_reply", "postback", "referral", "optin", "reaction", "account_linking"}
)


def event_kind(event: Event) -> str:
    """The webhook field an event belongs to, as our transcript names it."""
    if "message" in event:
        message = event["message"]
        if message.get("is_echo"):
            return "echo"
        if "quick_reply" in message:
            return "quick_reply"
        return "message"
    for key in (
        "postback",
        "delivery",
        "read",
        "referral",
        "optin",
        "account_linking",
        "reaction",
        "pass_thread_control",
        "take_thread_control",
        "request_thread_control",
        "app_roles",
        "policy_enforcement",
        "message_edit",
    ):
        if key in event:
            return key
    return "unknown"


class EventBuilder:
    """Makes events for one Page and app, with the platform's clock and ids."""

    def __init__(
        self, page_id: str, app_id: str, clock: SystemClock | FakeClock, ids: IdFactory
    ) -> None:
        self.page_id = page_id
        self.app_id = app_id
        self.clock = clock
        self.ids = ids

    # -- plumbing -----------------------------------------------------------------
    def _base(self, psid: str | None, body: dict[str, Any], *, from_page: bool = False) -> Event:
        sender = {"id": self.page_id} if from_page else {"id": psid}
        recipient = {"id": psid} if from_page else {"id": self.page_id}
        event: Event = {"sender": sender, "recipient": recipient, "timestamp": ms(self.clock.now())}
        event.update(body)
        return event

    def envelope(
        self, events: Iterable[Event], *, standby: bool = False, page_id: str | None = None
    ) -> dict[str, Any]:
        """``{"object":"page","entry":[...]}``: one entry per event, as Meta batches them."""
        field = "standby" if standby else "messaging"
        now = ms(self.clock.now())
        entries = [{"id": page_id or self.page_id, "time": now, field: [event]} for event in events]
        return {"object": "page", "entry": entries}

    # -- messages -----------------------------------------------------------------
    def message(
        self,
        psid: str,
        text: str | None = None,
        *,
        attachments: Sequence[dict[str, Any]] | None = None,
        quick_reply_payload: str | None = None,
        reply_to: str | None = None,
        is_self_reply: bool = False,
        referral: dict[str, Any] | None = None,
        mid: str | None = None,
    ) -> Event:
        message: dict[str, Any] = {"mid": mid or self.ids.mid()}
        if text is not None:
            message["text"] = text
        if quick_reply_payload is not None:
            message["quick_reply"] = {"payload": quick_reply_payload}
        if attachments:
            message["attachments"] = list(attachments)
        if reply_to is not None:
            message["reply_to"] = {"mid": reply_to, "is_self_reply": is_self_reply}
        if referral is not None:
            message["referral"] = referral
        return self._base(psid, {"message": message})

    def quick_reply(self, psid: str, title: str, payload: str) -> Event:
        """A tap on a quick reply: a ``messages`` event with the title as text."""
        return self.message(psid, title, quick_reply_payload=payload)

    def attachment(self, psid: str, type: str, url: str | None = None, **payload: Any) -> Event:
        body: dict[str, Any] = dict(payload)
        if url is not None:
            body["url"] = url
        return self.message(psid, attachments=[{"type": type, "payload": body}])

    def sticker(self, psid: str, sticker_id: int, url: str) -> Event:
        return self.message(
            psid, attachments=[{"type": "image", "payload": {"url": url, "sticker_id": sticker_id}}]
        )

    def location(self, psid: str, lat: float, long: float) -> Event:
        """Legacy location attachment (old clients still parse it)."""
        return self.message(
            psid,
            attachments=[
                {"type": "location", "payload": {"coordinates": {"lat": lat, "long": long}}}
            ],
        )

    def echo(
        self,
        psid: str,
        message: dict[str, Any],
        mid: str,
        *,
        app_id: str | None = None,
        metadata: str | None = None,
    ) -> Event:
        """What the Page sent, echoed back (``message_echoes``): sender is the Page."""
        body: dict[str, Any] = {"is_echo": True, "app_id": int(app_id or self.app_id), "mid": mid}
        if metadata is not None:
            body["metadata"] = metadata
        for key in ("text", "quick_replies"):
            if key in message:
                body[key] = message[key]
        if "attachment" in message:
            body["attachments"] = [message["attachment"]]
        return self._base(psid, {"message": body}, from_page=True)

    # -- postbacks, referrals, opt-ins --------------------------------------------
    def postback(
        self,
        psid: str,
        payload: str,
        title: str | None = None,
        *,
        referral: dict[str, Any] | None = None,
        mid: str | None = None,
    ) -> Event:
        postback: dict[str, Any] = {"title": title or payload, "payload": payload}
        postback["mid"] = mid or self.ids.mid()
        if referral is not None:
            postback["referral"] = referral
        return self._base(psid, {"postback": postback})

    def get_started(self, psid: str, payload: str, ref: str | None = None) -> Event:
        referral = {"ref": ref, "source": "SHORTLINK", "type": "OPEN_THREAD"} if ref else None
        return self.postback(psid, payload, "Get Started", referral=referral)

    def referral(
        self,
        psid: str,
        ref: str,
        source: str = "SHORTLINK",
        *,
        ad_id: str | None = None,
        ads_context_data: dict[str, Any] | None = None,
    ) -> Event:
        referral: dict[str, Any] = {"ref": ref, "source": source, "type": "OPEN_THREAD"}
        if ad_id is not None:
            referral["ad_id"] = ad_id
        if ads_context_data is not None:
            referral["ads_context_data"] = ads_context_data
        return self._base(psid, {"referral": referral})

    def optin(self, psid: str | None, ref: str, *, user_ref: str | None = None) -> Event:
        """Plugin opt-in; with ``user_ref`` (checkbox plugin) the sender has no PSID yet."""
        optin: dict[str, Any] = {"ref": ref}
        if user_ref is not None:
            optin["user_ref"] = user_ref
            event = self._base(None, {"optin": optin})
            event["sender"] = {"user_ref": user_ref}
            return event
        return self._base(psid, {"optin": optin})

    def one_time_optin(self, psid: str, payload: str, token: str) -> Event:
        return self._base(
            psid,
            {
                "optin": {
                    "type": "one_time_notif_req",
                    "payload": payload,
                    "one_time_notif_token": token,
                }
            },
        )

    def notification_messages_optin(
        self,
        psid: str,
        payload: str,
        token: str,
        *,
        title: str = "Updates",
        status: str | None = None,
    ) -> Event:
        optin: dict[str, Any] = {
            "type": "notification_messages",
            "payload": payload,
            "title": title,
            "notification_messages_token": token,
            "notification_messages_timezone": "UTC",
            "token_expiry_timestamp": ms(self.clock.now() + 180 * 24 * 3600),
            "user_token_status": "NOT_REFRESHED",
        }
        if status is not None:
            optin["notification_messages_status"] = status
        return self._base(psid, {"optin": optin})

    # -- receipts -------------------------------------------------------------------
    def delivery(self, psid: str, watermark: int, mids: Sequence[str] | None = None) -> Event:
        delivery: dict[str, Any] = {"watermark": watermark}
        if mids:
            delivery["mids"] = list(mids)
        event = self._base(psid, {"delivery": delivery})
        del event["timestamp"]  # Meta's delivery events carry no timestamp
        return event

    def read(self, psid: str, watermark: int) -> Event:
        return self._base(psid, {"read": {"watermark": watermark}})

    def reaction(self, psid: str, mid: str, emoji: str = "❤️", action: str = "react") -> Event:
        reaction: dict[str, Any] = {"mid": mid, "action": action}
        if action == "react":
            reaction["reaction"] = REACTION_NAMES.get(emoji, "other")
            reaction["emoji"] = emoji
        return self._base(psid, {"reaction": reaction})

    def message_edit(self, psid: str, mid: str, text: str, num_edit: int = 1) -> Event:
        return self._base(psid, {"message_edit": {"mid": mid, "text": text, "num_edit": num_edit}})

    # -- account linking ------------------------------------------------------------
    def account_linking(
        self, psid: str, status: str = "linked", authorization_code: str | None = None
    ) -> Event:
        linking: dict[str, Any] = {"status": status}
        if status == "linked" and authorization_code is not None:
            linking["authorization_code"] = authorization_code
        return self._base(psid, {"account_linking": linking})

    # -- handover -------------------------------------------------------------------
    def pass_thread_control(
        self,
        psid: str,
        new_owner_app_id: str,
        previous_owner_app_id: str | None,
        metadata: str = "",
    ) -> Event:
        body = {
            "new_owner_app_id": _app_id(new_owner_app_id),
            "previous_owner_app_id": _app_id(previous_owner_app_id),
            "metadata": metadata,
        }
        return self._base(psid, {"pass_thread_control": body})

    def take_thread_control(
        self, psid: str, previous_owner_app_id: str | None, metadata: str = ""
    ) -> Event:
        body = {"previous_owner_app_id": _app_id(previous_owner_app_id), "metadata": metadata}
        return self._base(psid, {"take_thread_control": body})

    def request_thread_control(
        self, psid: str, requested_owner_app_id: str, metadata: str = ""
    ) -> Event:
        body = {"requested_owner_app_id": _app_id(requested_owner_app_id), "metadata": metadata}
        return self._base(psid, {"request_thread_control": body})

    def app_roles(self, psid: str, roles: dict[str, list[str]]) -> Event:
        return self._base(psid, {"app_roles": roles})

    def policy_enforcement(self, action: str = "block", reason: str = "") -> Event:
        return {
            "recipient": {"id": self.page_id},
            "timestamp": ms(self.clock.now()),
            "policy_enforcement": {"action": action, "reason": reason},
        }


def _app_id(value: str | None) -> int | None:
    return int(value) if value is not None else None
