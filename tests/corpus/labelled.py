"""Reading the labelled corpus: one place for the corpus test, its fast-path test and bench_guard."""

from __future__ import annotations

import base64
import json
from pathlib import Path

from mockmessenger.records import EgressRecord

CORPUS = Path(__file__).parent


def load_corpus() -> list[dict]:
    """Every labelled item of ``corpus.jsonl`` (generated) and ``handwritten.jsonl``, in order."""
    items = []
    for name in ("corpus.jsonl", "handwritten.jsonl"):
        path = CORPUS / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                items.append(json.loads(line))
    return items


def to_record(item: dict, index: int) -> EgressRecord:
    """The egress record of one labelled item (bodies may be stored as base64)."""
    raw = item["record"]
    body = raw.get("body", "")
    if isinstance(body, dict):
        body = base64.b64decode(body["base64"])
    return EgressRecord.make(
        raw["method"],
        raw["url"],
        raw.get("headers") or {},
        body,
        thread=item.get("thread"),
        index=index,
    )
