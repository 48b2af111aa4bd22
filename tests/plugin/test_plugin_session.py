"""The plugin over a whole session: xdist merge, report files, inertness, configuration."""

from __future__ import annotations

import json
import socket

import pytest

from mockmessenger.boundary.canaries import CanaryMatcher, CustomerFactory

TESTS = """
import pytest

@pytest.mark.parametrize("n", range(4))
def test_card(messenger_user, n):
    user = messenger_user(locale="ar_SA" if n % 2 else "en_US", customer=True)
    user.say("رصيدي؟" if n % 2 else "hello")
    user.say("what is my card?")
"""


@pytest.mark.slow
def test_xdist_workers_each_run_a_fake_and_the_controller_merges_their_findings(
    bot_project, monkeypatch
):
    monkeypatch.setenv("MODE", "leak")
    bot_project.makepyfile(test_bank=TESTS)
    result = bot_project.runpytest_subprocess(
        "-n", "2", "--boundary-report=out/boundary.json", "--boundary-html=out/report.html"
    )
    result.assert_outcomes(failed=4)
    data = json.loads((bot_project.path / "out" / "boundary.json").read_text(encoding="utf-8"))
    assert data["summary"]["conversations"] == 4
    assert data["summary"]["tests_guarded"] == 4
    assert data["summary"]["tests_failed_by_guard"] == 4
    assert data["summary"]["requests_scanned"] == 8
    assert {c["worker"] for c in data["conversations"]} == {"gw0", "gw1"}
    # every worker's findings arrive: one leaked card per test, none lost
    assert {f["category"] for f in data["findings"]} <= {"card_number", "canary"}
    assert {f["thread"] for f in data["findings"]} == {c["thread"] for c in data["conversations"]}
    result.stdout.fnmatch_lines(
        ["*mockmessenger boundary guard*", "conversations: 4 (8 user turns)"]
    )
    page = (bot_project.path / "out" / "report.html").read_text(encoding="utf-8")
    assert page.count('<section class="conversation') == 4


def test_report_files_hold_no_full_value(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    bot_project.makepyfile(test_bank=TESTS)
    result = bot_project.runpytest(
        "--boundary-report=r.json",
        "--boundary-html=r.html",
        "--boundary-sarif=r.sarif",
        "--junitxml=j.xml",
    )
    result.assert_outcomes(failed=4)
    factory = CustomerFactory(0)
    customers = [factory.customer(loc) for loc in ("en_US", "ar_SA", "en_US", "ar_SA")]
    matcher = CanaryMatcher(customers)
    for name in ("r.json", "r.html", "r.sarif", "j.xml"):
        text = (bot_project.path / name).read_text(encoding="utf-8")
        assert text, name
        assert matcher.search(text) == [], name
    assert matcher.search(result.stdout.str()) == []
    sarif = json.loads((bot_project.path / "r.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"]
    page = (bot_project.path / "r.html").read_text(encoding="utf-8")
    assert '<div class="bubble" dir="rtl" lang="ar">رصيدي؟</div>' in page
    assert 'data-category="card_number' in page
    result.stdout.fnmatch_lines(["boundary report (HTML): *r.html"])


def test_the_plugin_is_inert_for_tests_that_do_not_use_it(pytester):
    pytester.makepyfile(
        test_plain=f"""
        import socket

        def test_sockets_untouched():
            assert socket.socket.connect is {socket.socket.__module__}.socket.connect
            assert socket.getaddrinfo.__module__ == "socket"

        def test_marks_are_registered(request):
            pass
        """
    )
    result = pytester.runpytest("--strict-markers", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    assert "mockmessenger boundary guard" not in result.stdout.str()
    assert not list(pytester.path.glob("*.json"))


def test_help_lists_options_and_ini_keys_and_fixtures_are_documented(pytester):
    help_text = pytester.runpytest("--help").stdout.str()
    for name in (
        "--mm-app",
        "--mm-url",
        "--mm-command",
        "--mm-door",
        "--mm-policy",
        "--mm-scenarios",
        "--mm-timeout",
        "--boundary-report",
        "--boundary-sarif",
        "--boundary-html",
        "mockmessenger_app (string)",
        "mockmessenger_scenarios (paths)",
        "mockmessenger_block_sockets (bool)",
    ):
        assert name in help_text, name
    fixtures = pytester.runpytest("--fixtures").stdout.str()
    for name in (
        "messenger",
        "messenger_user",
        "bank_customer",
        "boundary",
        "mockmessenger_app",
        "mockmessenger_backend",
        "mockmessenger_policy",
        "mockmessenger_platform_config",
        "mockmessenger_settings",
    ):
        block = fixtures.split(f"\n{name} ", 1)
        assert len(block) == 2, name
        assert "no docstring" not in block[1].split("\n\n")[0], name


def test_a_bad_option_is_a_usage_error_naming_it(pytester):
    result = pytester.runpytest("--mm-timeout=soon")
    assert result.ret == 4
    result.stderr.fnmatch_lines(
        [
            "*mockmessenger configuration:*",
            "*--mm-timeout / mockmessenger_timeout*expected a number*",
        ]
    )


def test_no_bot_configured_fails_the_test_with_a_clear_message(pytester):
    pytester.makepyfile(test_x="def test_x(messenger):\n    pass\n")
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*mockmessenger configuration: no bot configured*"])
    assert "Traceback" not in result.stdout.str()


def test_a_bad_app_path_names_the_option(pytester):
    pytester.makepyfile(test_x="def test_x(messenger):\n    pass\n")
    result = pytester.runpytest("--mm-app=nosuchmodule:app")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*--mm-app / mockmessenger_app*cannot import 'nosuchmodule'*"])


def test_bank_customer_and_the_backend_fixture(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "clean")
    bot_project.makepyfile(
        test_x="""
        def test_x(messenger_user, bank_customer, mockmessenger_backend, messenger):
            customer = bank_customer("ar_SA")
            user = messenger_user(customer=customer)
            assert mockmessenger_backend.customers[user.psid] is customer
            assert "ends in " + customer.cards[0].last4 in user.say("card?").text
            assert messenger.egress
        """
    )
    bot_project.runpytest().assert_outcomes(passed=1)


@pytest.mark.slow
def test_a_bot_started_as_a_process_through_the_server_door(bot_project, monkeypatch):
    """``--mm-command``: the bot runs as its own process on 127.0.0.1 and finds the fake
    through its environment; the socket block lets loopback through for that door."""
    import sys

    monkeypatch.setenv("MODE", "static-leak")
    bot_project.makepyfile(
        test_x="""
        import pytest

        def test_hello(messenger_user):
            assert "Hello" in messenger_user().say("hello").text

        @pytest.mark.expect_leak("card_number")
        def test_card(messenger_user):
            messenger_user().say("card?")

        def test_card_unexpected(messenger_user):
            messenger_user().say("card?")
        """
    )
    result = bot_project.runpytest(f"--mm-command={sys.executable} tinybot.py", "--mm-door=server")
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*card_number: *1111*", "*request: POST *me/messages*"])
    assert "4111 1111 1111 1111" not in result.stdout.str()


@pytest.mark.slow
def test_a_bot_process_through_the_proxy_door(bot_project, monkeypatch):
    """``--mm-door=proxy``: the bot keeps Meta's URL and only gets HTTPS_PROXY and a CA."""
    import sys

    monkeypatch.setenv("MODE", "static-leak")
    monkeypatch.delenv("MESSENGER_GRAPH_URL", raising=False)
    bot_project.makepyfile(
        test_x="""
        def test_hello(messenger_user):
            assert "Hello" in messenger_user().say("hello").text

        def test_card(messenger_user):
            messenger_user().say("card?")
        """
    )
    result = bot_project.runpytest(f"--mm-command={sys.executable} tinybot.py", "--mm-door=proxy")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*card_number: *1111*", "*request: POST https://graph.facebook.com/*"]
    )
