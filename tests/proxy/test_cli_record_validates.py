"""What ``record`` writes, ``validate`` accepts: options checked up front, an unsupported
recorded locale replaced (with a warning), e-mail and street addresses scrubbed."""

from __future__ import annotations

import dataclasses
import json

import pytest
import yaml

from mockmessenger.cli import main

EMAIL_TEXT = "mail ahmed.alharbi@gmail.com or aa1985@gmail.com, I live at 12 King Fahd Rd, Riyadh"


def _variant(conversation, *, locale: str | None = None, text: str | None = None):
    """The sample conversation with another profile locale, or another last user message."""
    items = []
    for item in conversation:
        if locale and b'"locale": "en_US"' in item.response_body:
            item = dataclasses.replace(
                item, response_body=item.response_body.replace(b"en_US", locale.encode())
            )
        if text and b"my card is" in item.request_body:
            body = json.loads(item.request_body)
            body["entry"][0]["messaging"][0]["message"]["text"] = text
            item = dataclasses.replace(item, request_body=json.dumps(body).encode())
        if text and b"Never type your card number here" in item.request_body:
            body = json.loads(item.request_body)
            body["message"]["text"] = f"Noted: {text.split(' or ')[0].split()[-1]}, Ahmed."
            item = dataclasses.replace(item, request_body=json.dumps(body).encode())
        items.append(item)
    return items


def _record(tmp_path, samples, capsys, items, *args: str) -> tuple[int, str, str]:
    source = tmp_path / "traffic.har"
    source.write_text(json.dumps(samples.to_har(items)), encoding="utf-8")
    code = main(["record", "--from", str(source), *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def _validates(path, capsys) -> None:
    code = main(["validate", str(path)])
    captured = capsys.readouterr()
    assert code == 0, captured.err


@pytest.mark.parametrize(
    ("locale", "persona"), [("en_US", "en_US"), ("ja_JP", "en_US"), ("ar_MA", "ar_SA")]
)
def test_what_record_writes_passes_validate(tmp_path, samples, capsys, locale, persona):
    out = tmp_path / "recorded.yaml"
    items = _variant(samples.conversation(), locale=locale, text=EMAIL_TEXT)
    code, _, err = _record(tmp_path, samples, capsys, items, "-o", str(out))
    assert code == 0, err
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["persona"]["locale"] == persona
    if locale != persona:
        assert f"warning: the recorded profile locale '{locale}' has no synthetic customers" in err
        assert f"the persona uses {persona}" in err
    else:
        assert "warning" not in err
    _validates(out, capsys)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--locale", "zu_ZA"), "[--locale] no synthetic customers for locale 'zu_ZA'"),
        (("--locale", "xx"), "[--locale] no synthetic customers for locale 'xx'"),
        (("--name", ""), "[--name] the scenario name must not be empty"),
        (("--name", "  "), "[--name] the scenario name must not be empty"),
    ],
)
def test_bad_options_are_refused_before_anything_is_written(tmp_path, samples, capsys, args, says):
    out = tmp_path / "recorded.yaml"
    code, _, err = _record(tmp_path, samples, capsys, samples.conversation(), "-o", str(out), *args)
    assert code == 2 and says in err
    assert not out.exists()


def test_an_output_that_cannot_be_written_is_refused_up_front(tmp_path, samples, capsys):
    code, _, err = _record(tmp_path, samples, capsys, samples.conversation(), "-o", "/proc/x.yaml")
    assert code == 2
    assert "/proc/x.yaml: -o/--output: cannot write in /proc" in err


def test_a_supported_locale_option_is_used(tmp_path, samples, capsys):
    out = tmp_path / "recorded.yaml"
    items = _variant(samples.conversation(), locale="ja_JP")
    code, _, err = _record(tmp_path, samples, capsys, items, "-o", str(out), "--locale", "de_DE")
    assert code == 0 and "warning" not in err
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["persona"]["locale"] == "de_DE"
    _validates(out, capsys)


def test_email_and_street_addresses_are_replaced(tmp_path, samples, capsys):
    out = tmp_path / "recorded.yaml"
    items = _variant(samples.conversation(), text=EMAIL_TEXT)
    code, _, err = _record(tmp_path, samples, capsys, items, "-o", str(out))
    assert code == 0, err  # a name inside an e-mail no longer stops the recording
    text = out.read_text(encoding="utf-8")
    for real in ("ahmed", "Ahmed", "alharbi", "aa1985", "gmail", "King Fahd", "Riyadh"):
        assert real not in text
    said = [step for step in yaml.safe_load(text)["steps"] if "say" in step][-1]["say"]
    assert said.startswith("mail ") and said.count("@example.") == 2
    _validates(out, capsys)
