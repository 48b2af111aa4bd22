"""Everything the fake Page remembers between requests; wiped by ``Platform.reset``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockmessenger.platform.models import Thread, User


@dataclass
class Attachment:
    """A saved asset (Attachment Upload API, or a send with ``is_reusable``)."""

    id: str
    type: str
    url: str | None
    created: float
    size: int = 0
    content_type: str | None = None
    data: bytes | None = None


@dataclass
class Persona:
    id: str
    name: str
    profile_picture_url: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "profile_picture_url": self.profile_picture_url}


@dataclass
class LinkingToken:
    psid: str
    expires: float


@dataclass
class PageState:
    users: dict[str, User] = field(default_factory=dict)
    threads: dict[str, Thread] = field(default_factory=dict)
    user_refs: dict[str, str] = field(default_factory=dict)
    private_reply_targets: dict[str, str] = field(default_factory=dict)
    private_replies_sent: set[str] = field(default_factory=set)
    notification_tokens: dict[str, tuple[str, str]] = field(default_factory=dict)
    used_tokens: set[str] = field(default_factory=set)
    linking_tokens: dict[str, LinkingToken] = field(default_factory=dict)
    attachments: dict[str, Attachment] = field(default_factory=dict)
    personas: dict[str, Persona] = field(default_factory=dict)
    messenger_profile: dict[str, Any] = field(default_factory=dict)
    user_settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscribed_fields: list[str] = field(default_factory=list)
    token_expired: bool = False
    outbox: list[dict[str, Any]] = field(default_factory=list)
