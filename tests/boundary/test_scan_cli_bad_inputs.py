"""``mockmessenger scan`` and ``record`` on hostile input: a clear error or finding, exit 2 on
bad input, never a traceback, and never a sensitive value echoed back in the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockmessenger.cli import main
from mockmessenger.errors import InputError, InputProblem

CARD = "4111 1111 1111 1111"
CARD_DIGITS = CARD.replace(" ", "")
IBAN = "GB82WEST12345698765432"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def assert_masked(text: str) -> None:
    for value in (CARD, CARD_DIGITS, IBAN, "12345698765432"):
        assert value not in text, text


def scan(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["scan", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


# -- 1. nothing sensitive in error messages ------------------------------------------------


def test_every_input_problem_masks_its_message_and_field():
    problem = InputProblem(f"unknown key '{CARD}' near {IBAN}", file="a.yaml", field=CARD_DIGITS)
    assert_masked(str(problem))
    assert_masked(str(InputError(f"bad value {CARD_DIGITS}", file="x.json")))
    assert "a.yaml" in str(problem) and "unknown key" in str(problem)


@pytest.mark.parametrize(
    "content",
    [
        f"45:4:type;19:{CARD};7:version;2:21#}}".encode(),  # Unknown flow type: <card>
        f"44:4:type;4:http;7:version;16:{CARD_DIGITS}#}}".encode(),  # flow format version <card>
    ],
)
def test_a_flow_file_error_does_not_repeat_the_bad_value(tmp_path, capsys, content):
    path = write(tmp_path, "bad.flows", content)
    code, _, err = scan(capsys, str(path))
    assert code == 2
    assert "bad.flows" in err and "corrupt mitmproxy flow file" in err
    assert_masked(err)
