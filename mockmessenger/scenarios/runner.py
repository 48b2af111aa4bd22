"""Running scenarios through the harness, collecting every failure and every finding.

The runner only speaks the harness API (:class:`~mockmessenger.harness.Messenger`,
``SimUser``, ``Replies``), so a scenario runs the same through the in-process,
server or proxy door. A step's expectations are all checked (not just the first that
fails) and a failure carries the conversation so far, so the person reading it sees
what the bot said beside what was expected.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from mockmessenger.boundary.findings import Finding
from mockmessenger.scenarios.expectations import step_problems
from mockmessenger.scenarios.model import Scenario, ScenarioResult, Step, StepFailure

#: A step with no expectation and one of these kinds does not wait for a reply.
QUIET_KINDS = ("read", "react", "wait", "unlink_account")

MessengerFactory = Callable[[Scenario], AbstractContextManager[Any]]


def _scrub(text: str) -> str:
    """Failure text is printed and stored: hide long numbers the way reports do."""
    from mockmessenger.reports.redact import scrub

    return scrub(text)


class ScenarioRunner:
    """Drives scenarios through Messengers made by ``messenger_factory(scenario)``.

    ``messenger_factory`` returns a context manager yielding a started
    :class:`~mockmessenger.harness.Messenger` (whose guard holds the scenario's policy
    and customer); :func:`mockmessenger.scenarios.setup.messenger_factory` builds one
    for a door. A ready ``Messenger`` may be passed instead: it is then shared by every
    scenario (one user each).
    """

    def __init__(
        self,
        messenger_factory: MessengerFactory | Any,
        *,
        timeout: float = 5.0,
        on_result: Callable[[ScenarioResult], None] | None = None,
    ):
        self._factory = messenger_factory
        self.timeout = timeout
        self.on_result = on_result

    def run_all(self, scenarios: Iterable[Scenario]) -> list[ScenarioResult]:
        results = []
        for scenario in scenarios:
            result = self.run(scenario)
            results.append(result)
            if self.on_result:
                self.on_result(result)
        return results

    def run(self, scenario: Scenario) -> ScenarioResult:
        started = time.monotonic()
        with self._messenger(scenario) as messenger:
            run = _Run(scenario, messenger, self.timeout)
            run.play()
            result = run.result()
        result.duration = time.monotonic() - started
        return result

    def _messenger(self, scenario: Scenario) -> AbstractContextManager[Any]:
        if hasattr(self._factory, "user"):
            return _Shared(self._factory)
        return self._factory(scenario)


class _Shared(AbstractContextManager[Any]):
    """A Messenger given by the caller: used as it is, neither started nor closed here."""

    def __init__(self, messenger: Any):
        self.messenger = messenger

    def __enter__(self) -> Any:
        return self.messenger

    def __exit__(self, *exc: object) -> None:
        return None


class _Run:
    """One scenario on one Messenger."""

    def __init__(self, scenario: Scenario, messenger: Any, timeout: float):
        self.scenario = scenario
        self.messenger = messenger
        self.timeout = scenario.timeout or timeout
        self.failures: list[StepFailure] = []
        self.step_of: dict[str, int] = {}
        self.egress_before = len(getattr(messenger, "egress", []) or [])
        self.findings_before = len(getattr(messenger, "findings", []) or [])
        self.user: Any = None

    def play(self) -> None:
        scenario = self.scenario
        self.user = self.messenger.user(locale=scenario.persona.locale, customer=scenario.customer)
        for step in scenario.steps:
            label = f"{step.title} ({step.where.file}:{step.where.line})"
            self.step_of[label] = step.index
            with self.messenger.step(label):
                self.play_step(step)

    def play_step(self, step: Step) -> None:
        from mockmessenger.harness import NoReplyError

        expects_reply = bool(step.expect and not step.expect.nothing)
        try:
            replies = list(self.act(step, expects_reply) or [])
        except NoReplyError as exc:
            if expects_reply:
                self.fail(step, step.where.line, step.where.field, self.expected(step), str(exc))
            return
        if step.expect is None:
            return
        for mismatch in step_problems(step.expect, replies):
            self.fail(step, mismatch.line, mismatch.field, mismatch.expected, mismatch.got)

    def expected(self, step: Step) -> str:
        if step.expect is None:
            return "a reply"
        return "; ".join(r.describe() for r in step.expect.replies) or "a reply"

    def fail(self, step: Step, line: int, field: str, expected: str, got: str) -> None:
        self.failures.append(
            StepFailure(
                step_index=step.index,
                file=step.where.file if line == step.where.line else self._file_of(step, line),
                line=line,
                expected=_scrub(expected),
                got=_scrub(got),
                field=field,
                step=step.title,
            )
        )

    @staticmethod
    def _file_of(step: Step, line: int) -> str:
        return step.expect.where.file if step.expect else step.where.file

    # actions -------------------------------------------------------------------------
    def act(self, step: Step, expects_reply: bool) -> Any:
        user, value = self.user, step.value
        wait = expects_reply or step.kind not in QUIET_KINDS
        timeout = step.timeout or self.timeout
        kind = step.kind
        if kind == "wait":
            seconds = _seconds(value)
            self.messenger.platform.clock.advance(seconds)
            return []
        if kind == "say":
            return user.say(_text(value), timeout=timeout, expect_reply=wait)
        if kind == "tap":
            return user.tap_quick_reply(_text(value), timeout=timeout, expect_reply=wait)
        if kind == "postback":
            payload, title = (
                (value["payload"], value.get("title")) if isinstance(value, dict) else (value, None)
            )
            return user.postback(payload, title=title, timeout=timeout, expect_reply=wait)
        if kind == "attachment":
            kind_, url = (
                (value.get("type", "image"), value["url"])
                if isinstance(value, dict)
                else ("image", value)
            )
            return user.send_attachment(kind_, url, timeout=timeout, expect_reply=wait)
        if kind == "read":
            return user.read(timeout=timeout, expect_reply=wait)
        if kind == "react":
            emoji, action = (
                (value.get("emoji", "❤️"), value.get("action", "react"))
                if isinstance(value, dict)
                else (value, "react")
            )
            return user.react(
                self.last_bot_mid(), emoji, action=action, timeout=timeout, expect_reply=wait
            )
        if kind == "link_account":
            return user.link_account(
                value or "mockmessenger-auth-code", timeout=timeout, expect_reply=wait
            )
        if kind == "unlink_account":
            return user.unlink_account(timeout=timeout, expect_reply=wait)
        if kind == "referral":
            ref = value["ref"] if isinstance(value, dict) else value
            return user.referral(ref, timeout=timeout, expect_reply=wait)
        if kind == "optin":
            return user.optin(value, timeout=timeout, expect_reply=wait)
        if kind == "get_started":
            return user.get_started(timeout=timeout, expect_reply=wait)
        raise ValueError(f"unknown step kind {kind!r}")  # the schema makes this unreachable

    def last_bot_mid(self) -> str | None:
        for entry in reversed(self.transcript()):
            direction = getattr(entry, "direction", None)
            mid = getattr(entry, "mid", None)
            if direction == "out" and mid:
                return mid
        return None

    # results -------------------------------------------------------------------------
    def transcript(self) -> list[Any]:
        if self.user is None:
            return []
        return list(self.messenger.platform.thread(self.user.psid).transcript)

    def findings(self) -> list[Finding]:
        found = list(getattr(self.messenger, "findings", []) or [])[self.findings_before :]
        thread = getattr(self.user, "psid", None)
        return [f for f in found if f.thread in (None, thread) or f.step in self.step_of]

    def result(self) -> ScenarioResult:
        findings = self.findings()
        failures = self.failures + self.leak_failures(findings)
        egress = list(getattr(self.messenger, "egress", []) or [])[self.egress_before :]
        return ScenarioResult(
            name=self.scenario.name,
            file=self.scenario.file,
            line=self.scenario.line,
            passed=not failures,
            failures=failures,
            findings=findings,
            transcript=self.transcript(),
            thread=getattr(self.user, "psid", None),
            locale=self.scenario.persona.locale,
            requests=len(egress),
            tags=list(self.scenario.tags),
        )

    def leak_failures(self, findings: list[Finding]) -> list[StepFailure]:
        """Findings must be exactly the expected leaks: none missing, none unexpected."""
        failures = []
        covered: set[int] = set()
        for leak in self.scenario.expect_leaks:
            hits = [i for i, f in enumerate(findings) if leak.matches(f, self.step_of)]
            covered.update(hits)
            if len(hits) < leak.min:
                failures.append(
                    StepFailure(
                        step_index=leak.step or 0,
                        file=leak.where.file,
                        line=leak.where.line,
                        expected=leak.describe(),
                        got=f"{len(hits)} such finding(s) of {len(findings)}",
                        field=leak.where.field,
                        step="expected leak",
                    )
                )
        for i, finding in enumerate(findings):
            if i in covered:
                continue
            index = self.step_of.get(finding.step or "", 0)
            step = self.scenario.steps[index - 1] if index else None
            failures.append(
                StepFailure(
                    step_index=index,
                    file=step.where.file if step else self.scenario.file,
                    line=step.where.line if step else self.scenario.line,
                    expected="no financial data leaving the boundary",
                    got=_scrub(finding.summary()),
                    field="policy",
                    step=step.title if step else "",
                )
            )
        return failures


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _seconds(value: Any) -> float:
    if isinstance(value, dict):
        return (
            float(value.get("hours", 0)) * 3600
            + float(value.get("minutes", 0)) * 60
            + float(value.get("seconds", 0))
        )
    return float(value) * 3600


def render_failures(result: ScenarioResult, context_entries: int = 6) -> str:
    """A scenario's failures, each beside the end of the conversation so far (masked)."""
    if result.passed:
        return f"PASSED {result.name}"
    lines = [f"FAILED {result.name} ({result.file}:{result.line})"]
    for failure in result.failures:
        lines.append(f"  {failure}")
    lines.append("  conversation so far:")
    for text in _conversation_lines(result.transcript)[-context_entries * 2 :]:
        lines.append(f"    {text}")
    return "\n".join(lines)


def _conversation_lines(transcript: list[Any]) -> Iterator[str] | list[str]:
    from mockmessenger.reports import entry_dict

    out = []
    for entry in transcript:
        data = entry_dict(entry)
        arrow = "user >" if data.get("direction") == "in" else "bot  <"
        out.append(f"{arrow} {_scrub(_entry_text(data))}")
    return out


def _entry_text(data: dict[str, Any]) -> str:
    body = data.get("body") or {}
    message = body.get("message") if isinstance(body, dict) else None
    if isinstance(message, dict):
        if "text" in message:
            return str(message["text"])
        attachment = message.get("attachment") or {}
        payload = attachment.get("payload") or {}
        return f"[{payload.get('template_type') or attachment.get('type')}] {payload.get('text', '')}".strip()
    if isinstance(body, dict) and "sender_action" in body:
        return f"[{body['sender_action']}]"
    if isinstance(body, dict) and "postback" in body:
        return f"[postback] {body['postback'].get('title') or body['postback'].get('payload')}"
    return f"[{data.get('kind')}]"


__all__ = ["ScenarioRunner", "render_failures"]
