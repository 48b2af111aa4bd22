"""Messenger Profile settings: the Page-wide one, and the menu of a logged-in user."""

from __future__ import annotations

from typing import Any

from mockmessenger.boundary.customers import Customer

from . import messages as m
from .settings import Settings
from .texts import text, title


def messenger_profile(settings: Settings) -> dict[str, Any]:
    """Get Started, greeting and persistent menu, in English and Arabic."""

    def menu(locale: str, lang: str) -> dict[str, Any]:
        return {
            "locale": locale,
            "composer_input_disabled": False,
            "call_to_actions": [
                m.postback_button(title("BALANCE", lang), "BALANCE"),
                m.postback_button(title("CARDS", lang), "CARDS"),
                m.postback_button(title("BRANCHES", lang), "BRANCHES"),
                m.postback_button(title("AGENT", lang), "AGENT"),
                m.url_button(title("APP", lang), settings.app_url),
            ],
        }

    return {
        "get_started": {"payload": "GET_STARTED"},
        "greeting": [
            {"locale": "default", "text": text("GREETING", "en")},
            {"locale": "ar_AR", "text": text("GREETING", "ar")},
        ],
        "persistent_menu": [menu("default", "en"), menu("ar_AR", "ar")],
    }


def user_menu(settings: Settings, customer: Customer, lang: str) -> list[dict[str, Any]]:
    """The persistent menu of a user who just logged in.

    ``account_in_menu_url`` is the mistake of a deep link that carries the account number.
    """
    url = f"{settings.app_url}/accounts"
    if settings.account_in_menu_url and customer.accounts:
        url += f"?account={customer.accounts[0].number}"
    return [
        {
            "locale": "default",
            "composer_input_disabled": False,
            "call_to_actions": [
                m.postback_button(title("BALANCE", lang), "BALANCE"),
                m.postback_button(title("TRANSACTIONS", lang), "TRANSACTIONS"),
                m.postback_button(title("CARDS", lang), "CARDS"),
                m.url_button(title("MY_ACCOUNTS", lang), url),
            ],
        }
    ]


__all__ = ["messenger_profile", "user_menu"]
