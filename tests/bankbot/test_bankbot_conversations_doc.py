"""CONVERSATIONS.md is what scenario writers work from: it must quote the bot exactly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bankbot.bot import HANDLERS
from bankbot.public import BRANCHES, RATES
from bankbot.settings import LEAK_SWITCHES
from bankbot.texts import TEXTS, TITLES

DOC = (Path(__file__).resolve().parents[2] / "examples" / "bankbot" / "CONVERSATIONS.md").read_text(
    encoding="utf-8"
)


def fragments(template: str) -> list[str]:
    """The literal parts of a reply template, between its {placeholders}."""
    return [part for part in re.split(r"\{[a-z]+\}", template) if part.strip(" .,:;،؛")]


@pytest.mark.parametrize(("key", "lang"), [(key, lang) for key in TEXTS for lang in ("en", "ar")])
def test_every_reply_is_quoted(key, lang):
    missing = [part for part in fragments(TEXTS[key][lang]) if part not in DOC]
    assert missing == [], f"{key}/{lang} not in CONVERSATIONS.md"


@pytest.mark.parametrize(("key", "lang"), [(key, lang) for key in TITLES for lang in ("en", "ar")])
def test_every_title_is_quoted(key, lang):
    assert f"`{TITLES[key][lang]}" in DOC or f" {TITLES[key][lang]} " in DOC


def test_every_payload_and_switch_is_documented():
    payloads = set(HANDLERS) - {
        "WELCOME",
        "FALLBACK",
        "THANKS",
        "REFUSE_SECRET",
        "REFUSE_OTHER",
        "REFUSE_MANIPULATION",
        "DONT_TYPE_NUMBERS",
    }
    for payload in payloads:
        assert f"`{payload}" in DOC, payload
    for name in LEAK_SWITCHES:
        assert f"| `{name}` |" in DOC, name


def test_branches_and_rates_match_the_table():
    for branch in BRANCHES:
        row = f"| {branch.id} | {branch.title_en} | {branch.title_ar} | {branch.address_en} | {branch.address_ar} | {branch.phone} |"
        assert row in DOC
    for code, rate in RATES:
        assert f"{code} {rate}" in DOC
