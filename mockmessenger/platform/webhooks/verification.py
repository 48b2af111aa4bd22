"""The subscription handshake Meta runs against a webhook URL.

``GET <callback>?hub.mode=subscribe&hub.verify_token=<token>&hub.challenge=<n>``:
the bot must answer 200 with exactly the challenge for the right token, and must
refuse (403 by convention, anything but the challenge) a wrong one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from mockmessenger.platform.webhooks.delivery import WebhookResult


@dataclass
class HandshakeReport:
    ok: bool
    problems: list[str] = field(default_factory=list)
    accepted: WebhookResult | None = None
    refused: WebhookResult | None = None

    def __str__(self) -> str:
        return "webhook verification passed" if self.ok else "; ".join(self.problems)


def handshake_query(verify_token: str, challenge: str) -> dict[str, str]:
    return {"hub.mode": "subscribe", "hub.verify_token": verify_token, "hub.challenge": challenge}


def run_handshake(
    get: Callable[[dict[str, str]], WebhookResult],
    verify_token: str,
    challenge: str = "1158201444",
    wrong_token: str = "not-the-verify-token",
) -> HandshakeReport:
    """Runs the right-token and the wrong-token GET; reports every problem found."""
    problems: list[str] = []
    accepted = get(handshake_query(verify_token, challenge))
    if accepted.error is not None:
        problems.append(f"verification GET got no answer: {accepted.error}")
    elif accepted.status != 200:
        problems.append(
            f"verification GET with the right token answered HTTP {accepted.status}, not 200"
        )
    elif accepted.body.decode("utf-8", errors="replace").strip() != challenge:
        problems.append(
            f"verification GET answered {accepted.body[:80]!r} instead of echoing hub.challenge {challenge!r}"
        )
    refused = get(handshake_query(wrong_token, challenge))
    if refused.error is None and refused.status == 200 and challenge.encode() in refused.body:
        problems.append("verification GET with a wrong verify token was accepted (expected 403)")
    return HandshakeReport(not problems, problems, accepted, refused)
