"""Real pytest sessions (pytester) against a clean bot and a leaky one."""

from __future__ import annotations

from mockmessenger.boundary.canaries import CustomerFactory

TEST_CARD = """
def test_card(messenger_user):
    user = messenger_user(locale="en_US", customer=True)
    replies = user.say("what is my card?")
    assert "card" in replies.text.lower()
"""


def first_card() -> str:
    """The card of the first canary customer of a session (seed 0, en_US)."""
    return CustomerFactory(0).customer("en_US").cards[0].number


def test_a_clean_bot_passes(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    bot_project.makepyfile(test_bank=TEST_CARD)
    result = bot_project.runpytest()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(
        [
            "*mockmessenger boundary guard*",
            "conversations: 1 (1 user turns)",
            "requests scanned: 1",
            "findings: none",
        ]
    )


def test_a_leaky_bot_fails_with_a_readable_report(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    bot_project.makepyfile(test_bank=TEST_CARD)
    result = bot_project.runpytest()
    result.assert_outcomes(failed=1)
    card = first_card()
    result.stdout.fnmatch_lines(
        [
            "*the boundary guard found data leaving the bot*",
            f"*card_number*{card[-4:]}*",
            "*request: POST https://graph.facebook.com/v25.0/me/messages?access_token=•••*",
            "*at: $.message.text*",
            "*step: *what is my card?*",
        ]
    )
    assert card not in result.stdout.str()
    result.stdout.fnmatch_lines(["*findings: *", "*card_number*"])
