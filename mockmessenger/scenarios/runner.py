"""Running scenarios through the harness, collecting every failure and every finding.

The runner only speaks the harness API (:class:`~mockmessenger.harness.Messenger`,
``SimUser``, ``Replies``), so a scenario runs the same through the in-process,
server or proxy door. A step's expectations are all checked (not just the first that
fails) and a failure carries the conversation so far, so the person reading it sees
what the bot said beside what was expected.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from typing import Any

from mockmessenger.boundary.findings import Finding
from mockmessenger.scenarios.expectations import step_problems
from mockmessenger.scenarios.model import Scenario, ScenarioResult, Step, StepFailure

#: A step with no expectation and one of these kinds does not wait for a reply.
QUIET_KINDS = ("read", "react", "wait", "link_account", "unlink_account", "referral", "optin")

MessengerFactory = Callable[[Scenario], AbstractContextManager[Any]]


def _scrub(text: str) -> str:
    """Failure text is printed and stored: hide long numbers the way reports do."""
    from mockmessenger.reports.redact import scrub

    return scrub(text)


class ScenarioRunner:
    """Drives scenarios through Messengers made by ``messenger_factory(scenario)``.

    ``messenger_factory`` returns a context manager yielding a started
    :class:`~mockmessenger.harness.Messenger` (whose guard holds the scenario's policy
    and customer); :class:`~mockmessenger.scenarios.session.MessengerFactory` and
    :class:`~mockmessenger.scenarios.session.SharedSession` build them for a door. A ready
    ``Messenger`` may be passed instead: it is then shared by every scenario (one user each).
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
        self.finding_steps: dict[int, int] = {}  # id(finding) -> step index
        self.egress_before = len(messenger.egress)
        self.findings_before = len(messenger.findings)
        self.user: Any = None

    def play(self) -> None:
        scenario = self.scenario
        persona = scenario.persona
        self.user = self.messenger.user(
            locale=persona.locale,
            customer=scenario.customer if scenario.registered else None,
            first_name=persona.first_name,
            last_name=persona.last_name,
        )
        for step in scenario.steps:
            before = len(self.messenger.findings)
            failures_before = len(self.failures)
            with self.messenger.step(_scrub(step.title)):
                self.play_step(step)
            seen = len(self.user.transcript)
            for failure in self.failures[failures_before:]:
                failure.seen = seen
            for finding in self.messenger.findings[before:]:
                self.finding_steps[id(finding)] = step.index

    def play_step(self, step: Step) -> None:
        from mockmessenger.errors import MockMessengerError
        from mockmessenger.harness import NoReplyError

        expects_reply = bool(step.expect and not step.expect.nothing)
        try:
            replies = list(self.act(step, expects_reply) or [])
        except NoReplyError as exc:
            self.fail(step, step.where.line, step.where.field, self.expected(step), str(exc))
            return
        except MockMessengerError as exc:
            # a quick reply that is not offered, a clock that cannot move...
            self.fail(step, step.where.line, step.where.field, f"to {step.kind}", str(exc))
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
        file = step.expect.where.file if step.expect else step.where.file
        self.failures.append(
            StepFailure(
                step_index=step.index,
                file=file,
                line=line,
                expected=_scrub(expected),
                got=_scrub(got),
                field=field,
                step=_scrub(step.title),
            )
        )

    # actions -------------------------------------------------------------------------
    def act(self, step: Step, expects_reply: bool) -> Any:
        """Do the step's action through the SimUser; returns the bot's replies."""
        user, value, kind = self.user, step.value, step.kind
        reply = expects_reply or (step.expect is None and kind not in QUIET_KINDS)
        timed = {"expect_reply": reply, "timeout": step.timeout or self.timeout}
        untimed = {"expect_reply": reply}
        if kind == "wait":
            from mockmessenger.errors import MockMessengerError

            try:
                self.messenger.platform.clock.advance(_seconds(value))
            except TypeError as exc:  # the system clock: the Messenger was not built for waits
                raise MockMessengerError(str(exc)) from None
            return []
        if kind == "say":
            return user.say(_text(value), **timed)
        if kind == "tap":
            return user.tap_quick_reply(_text(value), **timed)
        if kind == "postback":
            if isinstance(value, dict):
                return user.postback(value["payload"], value.get("title"), **timed)
            return user.postback(_text(value), **timed)
        if kind == "attachment":
            if isinstance(value, dict):
                return user.send_attachment(value.get("type", "image"), value["url"], **timed)
            return user.send_attachment("image", _text(value), **timed)
        if kind == "read":
            return user.read(**untimed)
        if kind == "react":
            if isinstance(value, dict) and value.get("action") == "unreact":
                return user.unreact(**untimed)
            emoji = value.get("emoji", "❤️") if isinstance(value, dict) else _text(value)
            return user.react(None, emoji, **untimed)
        if kind == "link_account":
            return user.link_account(None if value is None else _text(value), **untimed)
        if kind == "unlink_account":
            return user.unlink_account(**untimed)
        if kind == "referral":
            if isinstance(value, dict):
                return user.referral(value["ref"], value.get("source", "SHORTLINK"), **untimed)
            return user.referral(_text(value), **untimed)
        if kind == "optin":
            return user.optin(_text(value), **untimed)
        if kind == "get_started":
            payload = value if isinstance(value, str) else None
            return user.get_started(payload, **untimed)
        raise ValueError(f"unknown step kind {kind!r}")  # the schema makes this unreachable

    # results -------------------------------------------------------------------------
    def transcript(self) -> list[Any]:
        return list(self.user.transcript) if self.user is not None else []

    def findings(self) -> list[Finding]:
        """The scenario's findings; a request the fake platform answered as Graph went to
        "Meta" wherever the fake listens (127.0.0.1 for the server door), so it is not an
        unknown destination (the pytest plugin applies the same rule)."""
        found = list(self.messenger.findings[self.findings_before :])
        if not any(f.category == "destination" for f in found):
            return found
        graph = {r.index for r in self.messenger.egress if r.source == "graph"}
        return [f for f in found if not (f.category == "destination" and f.record in graph)]

    def result(self) -> ScenarioResult:
        findings = self.findings()
        failures = self.failures + self.leak_failures(findings)
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
            requests=len(self.messenger.egress) - self.egress_before,
            tags=list(self.scenario.tags),
        )

    def leak_failures(self, findings: list[Finding]) -> list[StepFailure]:
        """Findings must be exactly the expected leaks: none missing, none unexpected."""
        failures = []
        covered: set[int] = set()
        steps = {i: self.finding_steps.get(id(f)) for i, f in enumerate(findings)}
        for leak in self.scenario.expect_leaks:
            hits = [i for i, f in enumerate(findings) if leak.matches(f, steps[i])]
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
            index = steps[i] or 0
            step = self.scenario.steps[index - 1] if index else None
            failures.append(
                StepFailure(
                    step_index=index,
                    file=step.where.file if step else self.scenario.file,
                    line=step.where.line if step else self.scenario.line,
                    expected="no financial data leaving the boundary",
                    got=_scrub(finding.summary()),
                    field="policy",
                    step=_scrub(step.title) if step else "",
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
    """A scenario's failures, grouped by step, each beside the conversation up to that step.

    Only the last ``context_entries`` user turns (and the bot's answers) are shown; every
    line is masked like the reports.
    """
    if result.passed:
        return f"PASSED {result.name}"
    lines = [f"FAILED {result.name} ({result.file}:{result.line})"]
    conversation = _conversation_lines(result.transcript)
    groups: dict[int | None, list[StepFailure]] = {}
    for failure in result.failures:
        groups.setdefault(failure.seen, []).append(failure)
    for seen, failures in groups.items():
        lines.extend(f"  {failure}" for failure in failures)
        upto = conversation[: seen if seen is not None else len(conversation)]
        turns = [i for i, text in enumerate(upto) if text.startswith("user >")]
        start = turns[-context_entries] if len(turns) >= context_entries else 0
        lines.append("  conversation so far:" if start == 0 else "  conversation so far (end):")
        lines.extend(f"    {text}" for text in upto[start:])
    return "\n".join(lines)


def _conversation_lines(transcript: list[Any]) -> list[str]:
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
