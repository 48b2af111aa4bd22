"""Report paths: checked at start-up (a usage error naming the option), each report
written on its own at the end (one that fails is named; the others are still written)."""

from __future__ import annotations

import json

import pytest

CLEAN_TEST = """
def test_hello(messenger_user):
    assert "Hello" in messenger_user().say("hello").text
"""

REPORT_OPTIONS = (
    ("--boundary-report", "boundary_report"),
    ("--boundary-sarif", "boundary_sarif"),
    ("--boundary-html", "boundary_html"),
)


@pytest.mark.parametrize(("flag", "ini"), REPORT_OPTIONS)
def test_a_directory_as_report_path_is_a_usage_error_naming_the_option(
    bot_project, monkeypatch, flag, ini
):
    monkeypatch.setenv("MODE", "clean")
    bot_project.makepyfile(test_x=CLEAN_TEST)
    (bot_project.path / "_parts").mkdir()
    result = bot_project.runpytest(f"{flag}=_parts")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*mockmessenger configuration:*", f"*_parts: {flag} / {ini} is a directory*"]
    )
    assert "Traceback" not in result.stderr.str() + result.stdout.str()


def test_a_report_path_under_a_file_or_in_an_unwritable_folder_is_a_usage_error(bot_project):
    bot_project.makepyfile(test_x=CLEAN_TEST)
    (bot_project.path / "afile").write_text("x", encoding="utf-8")
    result = bot_project.runpytest(
        "--boundary-sarif=afile/r.sarif", "--boundary-report=/proc/mockmessenger/x.json"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines_random(
        [
            "*--boundary-sarif / boundary_sarif: *afile is a file, it cannot hold r.sarif*",
            "*--boundary-report / boundary_report: cannot write in /proc*",
        ]
    )


def test_a_report_path_from_the_ini_file_is_checked_too(bot_project):
    bot_project.makepyfile(test_x=CLEAN_TEST)
    (bot_project.path / "out").mkdir()
    bot_project.makeini(
        """
        [pytest]
        mockmessenger_app = tinybot:app
        boundary_html = out
        """
    )
    result = bot_project.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--boundary-html / boundary_html is a directory*"])


def test_two_reports_on_one_path_is_a_usage_error(bot_project):
    bot_project.makepyfile(test_x=CLEAN_TEST)
    result = bot_project.runpytest("--boundary-report=r.out", "--boundary-html=r.out")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(
        ["*--boundary-html / boundary_html: also written by --boundary-report*"]
    )


def test_a_report_that_fails_at_the_end_is_named_and_the_others_are_written(
    bot_project, monkeypatch
):
    """The JSON path passes the start-up check, then becomes a directory during the run
    (as a disk fills up): the SARIF and HTML reports are still written, the summary names
    the JSON one and why, and the run does not report success."""
    monkeypatch.setenv("MODE", "clean")
    bot_project.makepyfile(
        test_x=CLEAN_TEST
        + """

def test_takes_the_path():
    import os
    os.mkdir("r.json")
"""
    )
    result = bot_project.runpytest(
        "--boundary-report=r.json", "--boundary-sarif=r.sarif", "--boundary-html=r.html"
    )
    result.assert_outcomes(passed=2)
    assert result.ret == pytest.ExitCode.INTERNAL_ERROR
    result.stdout.fnmatch_lines(
        [
            "*mockmessenger boundary guard*",
            "tests guarded: 1*",
            "boundary report (SARIF): *r.sarif",
            "boundary report (HTML): *r.html",
            "boundary report (JSON) NOT written to *r.json: Is a directory",
        ]
    )
    assert "Traceback" not in result.stdout.str() + result.stderr.str()
    assert json.loads((bot_project.path / "r.sarif").read_text(encoding="utf-8"))["runs"]
    assert "<html" in (bot_project.path / "r.html").read_text(encoding="utf-8")


def test_a_failing_test_keeps_its_exit_code_when_a_report_fails(bot_project, monkeypatch):
    monkeypatch.setenv("MODE", "leak")
    bot_project.makepyfile(
        test_x="""
def test_card(messenger_user):
    import os
    os.mkdir("r.json")
    messenger_user(customer=True).say("what is my card?")
"""
    )
    result = bot_project.runpytest("--boundary-report=r.json", "--boundary-html=r.html")
    result.assert_outcomes(failed=1)
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines(["boundary report (JSON) NOT written to *r.json: Is a directory"])
    assert (bot_project.path / "r.html").is_file()
