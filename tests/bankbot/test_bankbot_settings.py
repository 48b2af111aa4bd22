"""Settings in code and from the environment."""

from __future__ import annotations

import pytest
from bankbot import LEAK_SWITCHES, Settings

from mockmessenger.errors import InputError


def test_defaults_match_the_fake_platform():
    from mockmessenger.platform.config import PlatformConfig

    settings, platform = Settings(), PlatformConfig()
    assert settings.app_secret == platform.app_secret
    assert settings.page_access_token == platform.access_token
    assert settings.verify_token == platform.verify_token
    assert settings.graph_api_url == "https://graph.facebook.com/v25.0"
    assert settings.leaks == frozenset()


def test_switch_names_are_the_documented_ones():
    assert LEAK_SWITCHES == (
        "iban_in_receipt",
        "balance_in_postback",
        "card_in_image_url",
        "memo_in_metadata",
        "account_in_menu_url",
        "analytics_leak",
        "arabic_digits_card",
    )


def test_from_env():
    settings = Settings.from_env(
        {
            "GRAPH_API_URL": "http://127.0.0.1:9999/v25.0",
            "PAGE_ACCESS_TOKEN": "tok",
            "APP_SECRET": "sec",
            "VERIFY_TOKEN": "ver",
            "BANKBOT_LEAKS": " iban_in_receipt, analytics_leak ,",
        }
    )
    assert settings.graph_api_url == "http://127.0.0.1:9999/v25.0"
    assert (settings.page_access_token, settings.app_secret, settings.verify_token) == (
        "tok",
        "sec",
        "ver",
    )
    assert settings.leaks == {"iban_in_receipt", "analytics_leak"}
    assert Settings.from_env({"BANKBOT_LEAKS": "all"}).leaks == frozenset(LEAK_SWITCHES)
    assert Settings.from_env({}) == Settings()


def test_unknown_leak_is_a_clear_input_error():
    with pytest.raises(InputError) as caught:
        Settings.from_env({"BANKBOT_LEAKS": "iban_in_receipt,cvv_in_logs"})
    message = str(caught.value)
    assert "BANKBOT_LEAKS" in message and "cvv_in_logs" in message
    assert "iban_in_receipt" in message  # lists the known names


def test_with_leaks_and_leaking():
    settings = Settings().with_leaks("card_in_image_url")
    assert settings.leaking("card_in_image_url") and not settings.leaking("analytics_leak")
    assert Settings().with_leaks("all").leaks == frozenset(LEAK_SWITCHES)
    with pytest.raises(ValueError):
        settings.leaking("nope")
