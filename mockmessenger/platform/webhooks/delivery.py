"""Webhook delivery as Meta does it: a deadline, redelivery on failure, and a report.

Meta expects ``200 OK``; anything else, or no answer before the deadline, makes it
deliver the same body again (so a bot sees the same ``mid`` twice). The
:class:`DeliveryReport` names the event and says what went wrong in words a bank
developer can act on. Transports provide ``send``; this module opens no socket.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from mockmessenger.platform.webhooks.signing import WebhookRequest


@dataclass(frozen=True)
class WebhookResult:
    """What the bot did with one webhook POST.

    ``elapsed`` runs until the bot finished its answer (for an ASGI app: the last
    body chunk, before any background task); ``error`` is set when there was no
    HTTP answer at all (connection refused, crash, timeout); ``raised`` describes the
    exception an in-process bot raised (its type, message and line).
    """

    status: int | None
    body: bytes = b""
    elapsed: float = 0.0
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    raised: str | None = None


Outcome = Literal["delivered", "late", "error_status", "no_answer", "dropped"]


@dataclass
class DeliveryReport:
    """The fate of one webhook, with every attempt."""

    status: Outcome
    webhook: WebhookRequest | None = field(default=None, repr=False)
    attempts: list[WebhookResult] = field(default_factory=list)
    elapsed: float = 0.0
    error: str | None = None

    @property
    def event(self) -> str:
        """Names the events inside the webhook (``message event from 123...``)."""
        return self.webhook.summary if self.webhook is not None else "webhook"

    @property
    def ok(self) -> bool:
        return self.status == "delivered"

    def __str__(self) -> str:
        return self.error or f"{self.event}: delivered in {self.elapsed:.3f} s"


class WebhookDispatcher:
    """Delivers one webhook with Meta's deadline and retries."""

    def __init__(
        self,
        send: Callable[[WebhookRequest], WebhookResult],
        timeout: float = 20.0,
        retries: int = 2,
        should_drop: Callable[[WebhookRequest], bool] | None = None,
    ) -> None:
        self.send = send
        self.timeout = timeout
        self.retries = retries
        self.should_drop = should_drop

    def deliver(self, webhook: WebhookRequest) -> DeliveryReport:
        if self.should_drop is not None and self.should_drop(webhook):
            return DeliveryReport(
                "dropped",
                webhook,
                error=f"{webhook.summary}: dropped by an injected fault, never sent",
            )
        started = time.perf_counter()
        attempts: list[WebhookResult] = []
        outcome: Outcome = "no_answer"
        for _ in range(1 + self.retries):
            result = self.send(webhook)
            attempts.append(result)
            outcome = self._judge(result)
            if outcome == "delivered":
                break
        report = DeliveryReport(outcome, webhook, attempts, time.perf_counter() - started)
        if outcome != "delivered":
            report.error = self._explain(report)
        return report

    def _judge(self, result: WebhookResult) -> Outcome:
        if result.error is not None or result.status is None:
            return "no_answer"
        if result.elapsed > self.timeout:
            return "late"
        if result.status != 200:
            return "error_status"
        return "delivered"

    def _explain(self, report: DeliveryReport) -> str:
        n = len(report.attempts)
        tries = f"{n} attempt{'s' if n != 1 else ''}"
        last = report.attempts[-1]
        if report.status == "late":
            return (
                f"{report.event}: the bot answered after {last.elapsed:.2f} s, past Meta's "
                f"{self.timeout:g} s deadline ({tries}; Meta redelivers the same event)"
            )
        if report.status == "error_status" and last.raised:
            return (
                f"{report.event}: the bot raised {last.raised} and answered HTTP {last.status} "
                f"({tries}; Meta redelivers the same event)"
            )
        if report.status == "error_status":
            snippet = last.body[:200].decode("utf-8", errors="replace")
            return (
                f"{report.event}: the bot answered HTTP {last.status} instead of 200 "
                f"({tries}; Meta redelivers the same event): {snippet!r}"
            )
        return f"{report.event}: the bot did not answer ({tries}): {last.error}"
