"""Expected and allowed leaks, other hosts, policies, JUnit properties (pytester sessions)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import mockmessenger
from mockmessenger.boundary.canaries import CustomerFactory

SAY_CARD = """
    user = messenger_user(locale="en_US", customer=True)
    user.say("what is my card?")
"""


def _test(
    header: str, body: str = SAY_CARD, name: str = "test_it", args: str = "messenger_user"
) -> str:
    return f"import pytest\n\n{header}\ndef {name}({args}):{body}"


def test_an_expected_leak_passes(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    bot_project.makepyfile(test_guard=_test('@pytest.mark.expect_leak("card_number")'))
    result = bot_project.runpytest("--strict-markers")
    result.assert_outcomes(passed=1)


def test_an_expected_leak_that_does_not_happen_fails(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    bot_project.makepyfile(test_guard=_test('@pytest.mark.expect_leak("card_number")'))
    result = bot_project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*expected a card_number leak*but the boundary guard found none*"])


def test_allow_leak_tolerates_a_category_and_nothing_else(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    bot_project.makepyfile(
        test_guard=_test('@pytest.mark.allow_leak("card_number", "canary")')
        + "\n\n"
        + _test('@pytest.mark.allow_leak("iban")', name="test_other")
    )
    result = bot_project.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*FAILED test_guard.py::test_other*"])


def test_boundary_expect_leak_block_and_assert_clean(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    body = """
    user = messenger_user(locale="en_US", customer=True)
    user.say("hello")
    boundary.assert_clean()
    with boundary.expect_leak("card_number"):
        user.say("what is my card?")
    assert boundary.by_category("card_number")
    assert boundary.unexpected == []
"""
    missing = """
    user = messenger_user(locale="en_US", customer=True)
    with boundary.expect_leak("iban"):
        user.say("hello")
"""
    bot_project.makepyfile(
        test_guard=_test("", body, args="messenger_user, boundary")
        + "\n\n"
        + _test("", missing, name="test_missing", args="messenger_user, boundary")
    )
    result = bot_project.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*expected the boundary guard to find a iban leak in this block; it found nothing*"]
    )


def test_data_sent_to_another_host_fails_the_test(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "analytics")
    bot_project.makepyfile(test_guard=_test(""))
    result = bot_project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*destination*analytics.example.net*"])
    account = CustomerFactory(0).customer("en_US").accounts[0].number
    assert account and account not in result.stdout.str()
    result.stdout.fnmatch_lines(["*account_number*"])


def test_a_real_socket_to_another_host_is_blocked_and_fails_the_test(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "socket")
    bot_project.makepyfile(test_guard=_test(""))
    result = bot_project.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*destination: tracker.example.org*", "*blocked DNS lookup*"])


def test_a_policy_marker_can_trust_a_host(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "analytics")
    policy = bot_project.path / "policies" / "trusting.yaml"
    policy.parent.mkdir()
    default = (Path(mockmessenger.__path__[0]) / "data" / "default-policy.yaml").read_text(
        encoding="utf-8"
    )
    policy.write_text(
        default.replace("  trusted: []", "  trusted: [analytics.example.net]"), encoding="utf-8"
    )
    bot_project.makepyfile(
        test_guard=_test('@pytest.mark.mockmessenger_policy("policies/trusting.yaml")')
    )
    result = bot_project.runpytest()
    result.assert_outcomes(passed=1)


def test_findings_are_junit_properties(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    bot_project.makepyfile(test_guard=_test(""))
    result = bot_project.runpytest("--junitxml=junit.xml")
    result.assert_outcomes(failed=1)
    tree = ET.parse(bot_project.path / "junit.xml")
    props = {p.get("name"): p.get("value") for p in tree.iter("property")}
    assert int(props["boundary.findings"]) >= 1
    assert any(v.startswith("card_number | $.message.text | ") for v in props.values())
    card = CustomerFactory(0).customer("en_US").cards[0].number
    assert card not in (bot_project.path / "junit.xml").read_text(encoding="utf-8")


def test_the_backend_can_be_named_in_configuration(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    bot_project.makepyfile(
        test_x="""
        import tinybot

        def test_x(messenger_user, mockmessenger_backend):
            assert mockmessenger_backend is tinybot.backend
            user = messenger_user(customer=True)
            assert user.psid in tinybot.backend.customers
        """
    )
    bot_project.runpytest("--mm-backend=tinybot:backend").assert_outcomes(passed=1)
    result = bot_project.runpytest("--mm-backend=tinybot:app")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        ["*--mm-backend*has no register(customer, psid) and reset() methods*"]
    )


def test_assert_clean_reports_each_finding_once(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    body = """
    user = messenger_user(locale="en_US", customer=True)
    user.say("what is my card?")
    boundary.assert_clean()
"""
    bot_project.makepyfile(test_guard=_test("", body, args="messenger_user, boundary"))
    result = bot_project.runpytest("-rN")  # no short summary: with CI set it repeats messages whole
    result.assert_outcomes(failed=1)
    assert result.stdout.str().count("canary customer:") == 1  # not repeated by the verdict


def test_a_leak_during_teardown_fails_the_teardown(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    bot_project.makepyfile(
        test_late="""
        import httpx
        import pytest

        USERS = []

        @pytest.fixture
        def late(messenger):
            yield
            # the bot's last word, after the test body: a background job, a retry...
            httpx.post(
                "https://graph.facebook.com/v25.0/me/messages",
                params={"access_token": "mock-page-access-token"},
                json={"recipient": {"id": USERS[0].psid},
                      "message": {"text": "your card 4111 1111 1111 1111"}},
            )

        def test_x(late, messenger_user):
            USERS.append(messenger_user())
            USERS[0].say("hello")
        """
    )
    result = bot_project.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_x*", "*card_number: *1111*"])


def test_an_unknown_category_in_a_marker_is_one_line_naming_it(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    bot_project.makepyfile(
        test_guard=_test('@pytest.mark.expect_leak("ibn")')
        + "\n\n"
        + _test("@pytest.mark.allow_leak()", name="test_empty")
    )
    result = bot_project.runpytest()
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines_random(
        [
            "*@pytest.mark.expect_leak: unknown category 'ibn'; known: card_number, *iban*",
            "*@pytest.mark.allow_leak needs at least one category*",
        ]
    )
    text = result.stdout.str()
    assert "Traceback" not in text
    assert "def messenger(" not in text  # no fixture source
    assert "InputError" not in text
