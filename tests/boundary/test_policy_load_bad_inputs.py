"""Policy files that are hostile rather than mistaken: tags, nesting, huge numbers, alias
bombs, duplicate keys. Each is an InputError naming the file (and line), never a traceback,
never a hang, and never a sensitive value repeated in the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockmessenger.boundary import Policy, validate_policy_file
from mockmessenger.errors import InputError

CARD_DIGITS = "4111111111111111"
IBAN = "GB82WEST12345698765432"


def write(tmp_path: Path, text: str, name: str = "policy.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        Policy.load(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize(
    "text",
    [
        f"forbidden: [card_number]\nname: !{CARD_DIGITS} x\n",
        f"forbidden: !!python/object:{IBAN} {{}}\n",
    ],
)
def test_a_yaml_tag_is_not_repeated_whole(tmp_path, text):
    path = write(tmp_path, text)
    (message,) = problems(path)
    assert "tag" in message and message.startswith(f"{path}:")
    assert CARD_DIGITS not in message and IBAN not in message
    assert validate_policy_file(path)  # validate reports the same problem


DEEP = "forbidden: [card_number]\nname: " + "[" * 3000 + "]" * 3000 + "\n"
DEEP_MAP = "forbidden: [card_number]\nname: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 10) + "]\n"
    for i in range(8)
)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (DEEP, 2, "nested too deeply"),
        (DEEP_MAP, 2, "nested too deeply"),
        (
            "forbidden: [card_number]\nallowed_masks:\n  card_number:\n    - {first: 9"
            + "9" * 5000
            + "}\n",
            4,
            "more than 4300 digits",
        ),
        ("forbidden: [card_number]\nname: a\0b\n", 2, "#x0000 is not allowed"),
        ("forbidden: [card_number]\n" + LAUGHS, 1, "expand this document to more than"),
        ("forbidden: [card_number]\nname: x\nforbidden: [iban]\n", 3, "duplicate key 'forbidden'"),
    ],
    ids=["deep", "deep_map", "hugeint", "nul", "laughs", "dupkeys"],
)
def test_hostile_yaml_is_a_problem_with_its_line(tmp_path, text, line, words):
    path = write(tmp_path, text)
    (message,) = problems(path)
    assert message.startswith(f"{path}:{line}")
    assert words in message
    assert validate_policy_file(path)


def test_a_policy_is_one_document(tmp_path):
    path = write(tmp_path, "forbidden: [card_number]\n---\nforbidden: [iban]\n")
    (message,) = problems(path)
    assert message.startswith(f"{path}:3:") and "one YAML document" in message


def test_scan_with_a_hostile_policy_exits_2(tmp_path, capsys):
    from mockmessenger.cli import main

    traffic = tmp_path / "t.json"
    traffic.write_text('{"message": {"text": "hi"}}', encoding="utf-8")
    for text in (DEEP, "forbidden: [card_number]\n" + LAUGHS, "forbidden: [a]\nforbidden: [b]\n"):
        path = write(tmp_path, text)
        assert main(["scan", "--policy", str(path), str(traffic)]) == 2
        err = capsys.readouterr().err
        assert str(path) in err and "Traceback" not in err
