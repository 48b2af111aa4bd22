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
    assert "not valid YAML" in message and str(path) in message
    assert CARD_DIGITS not in message and IBAN not in message
    assert validate_policy_file(path)  # validate reports the same problem
