"""Policy files: loading, schema errors with file/line/field, and the questions the guard asks."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockmessenger.boundary import Guard, Policy, validate_policy_file
from mockmessenger.boundary.findings import CATEGORIES
from mockmessenger.errors import InputError
from mockmessenger.records import EgressRecord

GOOD = """\
version: 1
name: test-bank
forbidden: [card_number, iban, balance, destination]
allowed_masks:
  card_number:
    - {name: last4, last: 4}
allowlist:
  - value: "021000021"
    category: routing_number
  - "800 124 4444"
exempt:
  - path: "$.recipient.id"
  - path: "query.debug"
    host: "*.example.com"
    categories: [iban]
destinations:
  trusted: [core.bank.internal, "*.bank.example"]
  outside: [graph.facebook.com]
  unknown_hosts: scan
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_default_policy_forbids_every_category_and_allows_last_four() -> None:
    policy = Policy.default()
    assert policy.forbidden == frozenset(CATEGORIES)
    assert policy.permits_mask("card_number", 0, 4, 0) is not None
    assert policy.permits_mask("card_number", 6, 4, 0) is not None  # PCI first 6 + last 4
    assert policy.permits_mask("card_number", 8, 4, 0) is None
    assert policy.permits_mask("card_number", 0, 4, 2) is None
    assert policy.is_exempt("$.recipient.id", "graph.facebook.com")
    assert not policy.is_exempt("$.message.text", "graph.facebook.com")


def test_default_policy_puts_meta_outside_and_trusts_nobody() -> None:
    policy = Policy.default()
    assert policy.is_known_outside("graph.facebook.com")
    assert policy.is_known_outside("scontent.xx.fbcdn.net")
    assert not policy.is_trusted("graph.facebook.com")
    assert not policy.is_trusted("analytics.example.com")


def test_a_host_listed_outside_is_never_trusted_by_a_wildcard(tmp_path: Path) -> None:
    """``trusted: ["*"]`` beside ``outside: [graph.facebook.com]`` once let a card number to
    Meta pass as clean: the explicit outside listing wins."""
    policy_file = tmp_path / "wild.yaml"
    policy_file.write_text(
        "name: wild\nforbidden: [card_number, destination]\n"
        "destinations:\n  trusted: ['*']\n  outside: [graph.facebook.com]\n",
        encoding="utf-8",
    )
    policy = Policy.load(policy_file)
    assert policy.is_trusted("core.bank.internal")
    assert not policy.is_trusted("graph.facebook.com")
    guard = Guard(policy)
    record = EgressRecord.make(
        "POST",
        "https://graph.facebook.com/v25.0/me/messages",
        {"content-type": "application/json"},
        '{"recipient": {"id": "24012345678901234"}, "message": {"text": "4111 1111 1111 1111"}}',
    )
    assert "card_number" in {f.category for f in guard.scan(record)}


def test_load_reads_every_section(tmp_path: Path) -> None:
    policy = Policy.load(write(tmp_path, GOOD))
    assert policy.name == "test-bank"
    assert policy.forbids("iban") and not policy.forbids("card_cvv")
    assert policy.is_trusted("core.bank.internal")
    assert policy.is_trusted("api.bank.example") and policy.is_trusted("bank.example")
    assert not policy.is_trusted("evilbank.example")
    assert policy.is_allowlisted("021-000-021", "routing_number")
    assert not policy.is_allowlisted("021000021", "account_number")
    assert policy.is_allowlisted("8001244444", "account_number")
    assert policy.is_exempt("query.debug", "api.example.com", "iban")
    assert not policy.is_exempt("query.debug", "api.example.com", "card_number")
    assert not policy.is_exempt("query.debug", "graph.facebook.com", "iban")
    assert policy.unknown_hosts == "scan"
    assert validate_policy_file(tmp_path / "policy.yaml") == []


def test_unknown_category_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(
        tmp_path, GOOD.replace("forbidden: [card_number, iban", "forbidden: [card_number, ibans")
    )
    with pytest.raises(InputError) as error:
        Policy.load(path)
    (problem,) = error.value.problems
    assert problem.file == str(path)
    assert problem.line == 3
    assert problem.field == "forbidden[1]"
    assert "unknown category 'ibans'" in problem.message
    assert str(path) + ":3" in str(error.value)


def test_misspelt_key_points_at_its_own_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("{name: last4, last: 4}", "{name: last4, lsat: 4}"))
    (problem,) = validate_policy_file(path)
    assert problem.line == 6
    assert problem.field == "allowed_masks.card_number[0]"
    assert "lsat" in problem.message
    assert "did you mean 'last'?" in problem.message


def test_misspelt_top_level_key_suggests_the_right_one(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("forbidden:", "forbiden:"))
    messages = [problem.message for problem in validate_policy_file(path)]
    assert any("unknown field 'forbiden' (did you mean 'forbidden'?)" in m for m in messages)


def test_wrong_type_and_missing_required_field(tmp_path: Path) -> None:
    path = write(tmp_path, "version: 1\nallowed_masks: {card_number: [{last: many}]}\n")
    problems = validate_policy_file(path)
    messages = " | ".join(p.message for p in problems)
    assert "'forbidden' is a required property" in messages
    assert any(p.field == "allowed_masks.card_number[0].last" and p.line == 2 for p in problems)


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, "forbidden: [card_number\nallowlist: []\n")
    (problem,) = validate_policy_file(path)
    assert problem.file == str(path)
    assert problem.line is not None and problem.column is not None
    assert "not valid YAML" in problem.message


def test_not_a_mapping_and_missing_file(tmp_path: Path) -> None:
    (problem,) = validate_policy_file(write(tmp_path, "- card_number\n"))
    assert "mapping" in problem.message and problem.line == 1
    (missing,) = validate_policy_file(tmp_path / "nope.yaml")
    assert "cannot read policy" in missing.message and missing.file.endswith("nope.yaml")


def test_from_dict_checks_the_schema_too() -> None:
    with pytest.raises(InputError, match="unknown category"):
        Policy.from_dict({"forbidden": ["cards"]})
    policy = Policy.from_dict({"forbidden": ["iban"], "allowed_masks": {"iban": [{"last": 4}]}})
    assert policy.mask_forms("iban")[0].name == "last4"
    assert policy.reveal("iban") == 4
    assert policy.reveal("card_cvv") == 0
