"""Configuration of the demo bank bot, from code or from the environment.

The defaults match :class:`mockmessenger.platform.PlatformConfig` so that the bot and
the fake platform agree on secrets without any wiring in a test.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from mockmessenger.errors import InputError, InputProblem

#: The realistic mistakes the bot can be told to make, one switch each (see CONVERSATIONS.md).
LEAK_SWITCHES: tuple[str, ...] = (
    "iban_in_receipt",
    "balance_in_postback",
    "card_in_image_url",
    "memo_in_metadata",
    "account_in_menu_url",
    "analytics_leak",
    "arabic_digits_card",
)

#: The Page Inbox app, which receives threads handed over to a human.
PAGE_INBOX_APP_ID = "263902037430900"


@dataclass(frozen=True)
class Settings:
    """Everything that differs between a test run, a demo and a bank's deployment."""

    graph_api_url: str = "https://graph.facebook.com/v25.0"
    page_access_token: str = "mock-page-access-token"
    app_secret: str = "mock-app-secret"
    verify_token: str = "mock-verify-token"
    app_url: str = "https://app.demobank.example"
    login_url: str = "https://auth.demobank.example/messenger/login"
    cdn_url: str = "https://cdn.demobank.example"
    maps_url: str = "https://maps.demobank.example"
    analytics_url: str = "https://analytics.example-saas.com/v1/track"
    page_inbox_app_id: str = PAGE_INBOX_APP_ID
    setup_profile_on_startup: bool = True
    http_timeout: float = 10.0
    admin_token: str = ""
    # Leak switches: all off in a bank's right mind.
    iban_in_receipt: bool = False
    balance_in_postback: bool = False
    card_in_image_url: bool = False
    memo_in_metadata: bool = False
    account_in_menu_url: bool = False
    analytics_leak: bool = False
    arabic_digits_card: bool = False
    all_leaks: bool = False

    def __post_init__(self) -> None:
        if self.all_leaks:
            for name in LEAK_SWITCHES:
                object.__setattr__(self, name, True)

    @property
    def leaks(self) -> frozenset[str]:
        """The names of the leak switches that are on."""
        return frozenset(name for name in LEAK_SWITCHES if getattr(self, name))

    def leaking(self, name: str) -> bool:
        if name not in LEAK_SWITCHES:
            raise ValueError(f"unknown leak switch {name!r}; known: {', '.join(LEAK_SWITCHES)}")
        return bool(getattr(self, name))

    def with_leaks(self, *names: str) -> Settings:
        """A copy with the named leak switches on (``"all"`` for every one)."""
        return replace(self, **_leak_flags(names, source="with_leaks"))

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings for ``python -m bankbot``; unknown leak names are an :class:`InputError`."""
        env = os.environ if environ is None else environ
        names = {
            "GRAPH_API_URL": "graph_api_url",
            "PAGE_ACCESS_TOKEN": "page_access_token",
            "APP_SECRET": "app_secret",
            "VERIFY_TOKEN": "verify_token",
            "BANKBOT_APP_URL": "app_url",
            "BANKBOT_LOGIN_URL": "login_url",
            "BANKBOT_ANALYTICS_URL": "analytics_url",
            "BANKBOT_ADMIN_TOKEN": "admin_token",
        }
        values: dict[str, object] = {
            attr: env[var] for var, attr in names.items() if env.get(var, "") != ""
        }
        leaks = [part.strip() for part in env.get("BANKBOT_LEAKS", "").split(",") if part.strip()]
        values.update(_leak_flags(leaks, source="BANKBOT_LEAKS"))
        return cls(**values)


def _leak_flags(names: tuple[str, ...] | list[str], *, source: str) -> dict[str, bool]:
    if any(name in ("all", "all_leaks") for name in names):
        return {"all_leaks": True}
    unknown = [name for name in names if name not in LEAK_SWITCHES]
    if unknown:
        raise InputError(
            InputProblem(
                f"unknown leak switch {', '.join(map(repr, unknown))}; "
                f"known: {', '.join(LEAK_SWITCHES)}, all",
                field=source,
            )
        )
    return dict.fromkeys(names, True)


__all__ = ["LEAK_SWITCHES", "PAGE_INBOX_APP_ID", "Settings"]
