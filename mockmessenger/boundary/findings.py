"""Findings: what the guard reports, as plain serialisable data.

A finding never holds the sensitive value itself, only a masked excerpt, so that
findings can be printed, logged and written to reports safely.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: The public category names (part of the policy file format).
CATEGORIES: tuple[str, ...] = (
    "card_number",
    "card_cvv",
    "card_expiry",
    "iban",
    "account_number",
    "routing_number",
    "swift_bic",
    "national_id",
    "balance",
    "transaction",
    "credential",
    "canary",
    "unscannable",
    "destination",
)


@dataclass(frozen=True)
class Finding:
    """One forbidden value seen leaving the boundary.

    ``record`` is the index of the :class:`~mockmessenger.records.EgressRecord` in
    its source; ``path`` is where in the record (``$.message.text``,
    ``query.access_token``, ``form.message``, ``url.path``, ``header.x-foo``),
    ``span`` the character span inside that string after decoding/normalising.
    ``value_category`` is, for canaries, the category of the leaked value
    (a canary card number has category ``canary`` and value_category ``card_number``).
    """

    category: str
    detector: str
    record: int
    path: str
    masked: str
    rule: str = ""
    span: tuple[int, int] | None = None
    encoding: str = "plain"
    destination: str = ""
    thread: str | None = None
    value_category: str | None = None
    customer: str | None = None
    step: str | None = None
    confidence: str = "high"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        if self.span is not None:
            data["span"] = list(self.span)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        data = dict(data)
        if data.get("span") is not None:
            data["span"] = tuple(data["span"])
        return cls(**data)

    def summary(self) -> str:
        """One line for terminals: never the value, only the masked excerpt."""
        what = (
            self.category if not self.value_category else f"{self.category}/{self.value_category}"
        )
        return f"{what} at record {self.record} {self.path} ({self.detector}): {self.masked}"
