"""Nothing the guard prints or serialises holds a full sensitive value: checked with the guard itself."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from mockmessenger.boundary import Guard, Policy, mask, validate_policy_file
from mockmessenger.boundary.canaries import CustomerFactory
from mockmessenger.errors import InputError
from mockmessenger.records import EgressRecord

CORPUS = Path(__file__).parent.parent / "corpus"
GRAPH = "https://graph.facebook.com/v25.0/me/messages"


def corpus_records() -> list[EgressRecord]:
    records = []
    for index, line in enumerate(
        (CORPUS / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    ):
        item = json.loads(line)
        raw = item["record"]
        body = raw["body"]
        if isinstance(body, dict):
            body = base64.b64decode(body["base64"])
        records.append(
            EgressRecord.make(
                raw["method"], raw["url"], raw["headers"], body, thread=item["thread"], index=index
            )
        )
    return records


@pytest.fixture(scope="module")
def customers() -> list:
    return CustomerFactory(11).customers(4, ["en_US", "ar_SA", "ar_EG", "fr_FR"])


#: Record numbers, spans and synthetic customer ids are positions and names, not values; next to
#: a category name ("card_cvv at record 165") the auditor would read them as a CVV, so they are
#: blanked before auditing.
POSITIONS = re.compile(r'record \d+|"record": \d+|"span": \[\d+, \d+\]|"customer": "[^"]*"')


def leaks(customers: list, texts: list[str]) -> list[str]:
    """Scan our own output as if a bot had sent it to Meta."""
    auditor = Guard(Policy.default(), use_hyperscan=False)
    auditor.add_customers(customers)
    found = []
    for text in (POSITIONS.sub("#", t) for t in texts):
        record = EgressRecord.make(
            "POST", GRAPH, {"content-type": "application/json"}, json.dumps({"text": text})
        )
        found.extend(f.summary() for f in auditor.scan(record))
    return found


def test_findings_summaries_and_json_hold_no_full_value(customers: list) -> None:
    guard = Guard(Policy.load(CORPUS / "policy.yaml"))
    guard.add_customers(customers)
    records = corpus_records()
    for customer in customers:
        card, account = customer.cards[0], customer.accounts[0]
        for text in (
            f"card {card.number} cvv {card.cvv} exp {card.expiry}",
            f"IBAN {account.iban} balance {account.balance} {account.currency}",
            f"memo {account.transactions[0].memo} national id {customer.national_id}",
            base64.b64encode(f"{card.number}|{account.iban}".encode()).decode(),
        ):
            body = json.dumps(
                {"recipient": {"id": "24012345678901234"}, "message": {"text": text}},
                ensure_ascii=False,
            )
            records.append(
                EgressRecord.make("POST", GRAPH, {"content-type": "application/json"}, body)
            )
    findings = guard.scan_all(records)
    assert len(findings) > 300
    assert {f.category for f in findings} >= {
        "card_number",
        "iban",
        "balance",
        "national_id",
        "canary",
    }
    outputs = [json.dumps([f.to_dict() for f in findings], ensure_ascii=False)]
    outputs += [f.summary() for f in findings]
    assert leaks(customers, outputs) == []


def test_error_messages_hold_no_full_value(tmp_path: Path, customers: list) -> None:
    card = customers[0].cards[0].number
    iban = customers[0].accounts[0].iban
    path = tmp_path / "policy.yaml"
    path.write_text(
        f'forbidden: ["{card}"]\nallowlist: [[{card}]]\nexempt: [{{path: 1, host: "{iban}"}}]\n'
    )
    problems = validate_policy_file(path)
    assert problems
    with pytest.raises(InputError) as error:
        Policy.load(path)
    assert leaks(customers, [str(error.value), *(str(p) for p in problems)]) == []


def test_mask_shows_at_most_the_allowed_tail() -> None:
    assert mask("4111 1111 1111 1111", "card_number") == "•••• •••• •••• 1111"
    assert mask("SA0380000000608010167519", "iban") == "SA••••••••••••••••••7519"
    assert mask("123", "card_cvv") == "•••"
    assert mask("12,345.67", "balance") == "••,•••.••"
    assert mask("1234", "card_number") == "•••4"  # never more than a third of a value
    assert mask("4111111111111111", "card_number", reveal=0) == "•" * 16
