"""The platform's state as plain data: users, threads, transcripts, exchanges."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from mockmessenger.platform.http import GraphRequest, GraphResponse
from mockmessenger.records import EgressRecord


@dataclass
class User:
    """A person who talks to the Page, known to the bot by a page-scoped id (PSID)."""

    psid: str
    first_name: str
    last_name: str
    locale: str
    timezone: float
    gender: str
    profile_pic: str
    available: bool = True  # False: blocked the Page or unreachable (551/1545041)
    has_profile: bool = True  # False: account made with a phone number (2018218)
    app_role: bool = True  # a tester/developer, reachable while the app is in development
    user_ref: str | None = None
    linked: bool = False
    authorization_code: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def profile(self) -> dict[str, Any]:
        return {
            "id": self.psid,
            "name": self.name,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "profile_pic": self.profile_pic,
            "locale": self.locale,
            "timezone": self.timezone,
            "gender": self.gender,
        }


@dataclass(slots=True)
class TranscriptEntry:
    """One message or action in a thread, in the order the platform saw it."""

    direction: Literal["in", "out"]
    kind: str
    body: dict[str, Any]
    mid: str | None
    timestamp: float
    exchange_index: int | None = None
    psid: str | None = None


@dataclass
class Thread:
    """A conversation between the Page and one user."""

    psid: str
    owner_app_id: str | None = None
    transcript: list[TranscriptEntry] = field(default_factory=list)
    last_user_interaction: float | None = None
    last_user_message: float | None = None

    def messages(self, direction: str | None = None) -> list[TranscriptEntry]:
        return [e for e in self.transcript if direction is None or e.direction == direction]


@dataclass(slots=True)
class Exchange:
    """One request the bot made and the platform's answer."""

    record: EgressRecord
    request: GraphRequest
    response: GraphResponse
    psid: str | None
    kind: str
    index: int

    @property
    def ok(self) -> bool:
        return 200 <= self.response.status < 300
