"""The harness: a conversation with the bot, one step at a time, door-agnostic.

``Messenger`` ties a platform, a door, an optional guard and an optional bank
back end together; ``SimUser`` is a person on Messenger whose every action
returns the bot's replies once the bot has gone quiet:

- through a synchronous door (in-process), once the webhook call has returned,
  plus ``quiet`` seconds without new activity (0 by default: fast);
- through a network door, by waiting on the platform (which is notified on every
  exchange) for a reply, then for ``quiet`` seconds of silence, at most ``timeout``.

A step that expects a reply and gets none raises :class:`NoReplyError`, naming the
step and what the bot did send (numbers masked).
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from mockmessenger.errors import MockMessengerError
from mockmessenger.platform.core import Platform
from mockmessenger.platform.models import Exchange, TranscriptEntry, User
from mockmessenger.platform.webhooks.delivery import DeliveryReport
from mockmessenger.platform.webhooks.events import Event
from mockmessenger.platform.webhooks.verification import HandshakeReport, run_handshake
from mockmessenger.records import EgressRecord
from mockmessenger.transports.base import Door

#: Runs of digits (any script), spaced or dashed: masked in our own messages.
_NUMBERS = re.compile(r"\d(?:[\s.-]?\d){3,}")
#: How many rounds of platform-made webhooks (echoes...) one step delivers at most.
MAX_FOLLOW_UPS = 5


def _safe(text: str, limit: int = 120) -> str:
    text = _NUMBERS.sub(lambda m: re.sub(r"\d", "•", m.group(0)), text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@runtime_checkable
class BankBackend(Protocol):
    """A bot's core-banking back end that the harness can seed with customers."""

    def register(self, customer: Any, psid: str) -> None: ...

    def reset(self) -> None: ...


@dataclass(frozen=True)
class QuickReply:
    title: str | None
    payload: str | None
    content_type: str = "text"


@dataclass(frozen=True)
class Button:
    type: str
    title: str | None = None
    payload: str | None = None
    url: str | None = None


@dataclass(slots=True)
class Reply:
    """One thing the bot sent to the user: a message or a sender action."""

    kind: str
    body: dict[str, Any]
    exchange: Exchange | None = None
    text: str | None = None
    quick_replies: list[QuickReply] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    template_type: str | None = None
    elements: list[dict[str, Any]] = field(default_factory=list)
    sender_action: str | None = None
    attachment_url: str | None = None
    mid: str | None = None

    @classmethod
    def from_entry(cls, entry: TranscriptEntry, exchange: Exchange | None) -> Reply:
        body = entry.body
        message = body.get("message") or {}
        attachment = message.get("attachment") or {}
        payload = attachment.get("payload") or {}
        buttons = [_button(b) for b in payload.get("buttons", [])]
        elements = list(payload.get("elements", []))
        for element in elements:
            buttons.extend(_button(b) for b in element.get("buttons", []))
        text = message.get("text") or payload.get("text")
        quick = [
            QuickReply(q.get("title"), _str(q.get("payload")), q.get("content_type", "text"))
            for q in message.get("quick_replies", [])
        ]
        return cls(
            kind=entry.kind,
            body=body,
            exchange=exchange,
            text=text,
            quick_replies=quick,
            buttons=buttons,
            template_type=payload.get("template_type"),
            elements=elements,
            sender_action=body.get("sender_action"),
            attachment_url=payload.get("url") if attachment.get("type") != "template" else None,
            mid=entry.mid,
        )


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def _button(raw: dict[str, Any]) -> Button:
    return Button(raw.get("type", ""), raw.get("title"), _str(raw.get("payload")), raw.get("url"))


class Replies(list[Reply]):
    """The bot's replies to one step, in order."""

    @property
    def messages(self) -> list[Reply]:
        return [r for r in self if r.kind != "sender_action"]

    @property
    def texts(self) -> list[str]:
        return [r.text for r in self if r.text]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    @property
    def quick_replies(self) -> list[QuickReply]:
        return [q for r in self for q in r.quick_replies]

    @property
    def buttons(self) -> list[Button]:
        return [b for r in self for b in r.buttons]

    @property
    def last(self) -> Reply | None:
        return self[-1] if self else None


class NoReplyError(MockMessengerError, AssertionError):
    """The bot did not reply to a step; says what it did instead."""

    def __init__(
        self,
        step: str,
        timeout: float | None,
        sent: Sequence[str],
        delivery: DeliveryReport | None = None,
    ) -> None:
        self.step = step
        self.sent = list(sent)
        self.delivery = delivery
        when = "in reply" if timeout is None else f"within {timeout:g} s"
        lines = [f"step {step!r}: the bot sent no message {when}"]
        if delivery is not None and not delivery.ok:
            lines.append(f"webhook: {delivery.error}")
        if sent:
            lines.append("what the bot did send:")
            lines.extend(f"  - {s}" for s in sent)
        else:
            lines.append("the bot made no request at all")
        super().__init__("\n".join(lines))


def describe(exchange: Exchange) -> str:
    """One line about an exchange, numbers masked: for error messages."""
    record = exchange.record
    status = exchange.response.status
    if exchange.kind == "external":
        return _safe(f"{record.method} {record.host}{record.path} (not Graph)")
    summary = f"{record.method} {record.path} -> {status}"
    if status >= 400:
        with contextlib.suppress(ValueError, KeyError, TypeError):
            summary += ": " + exchange.response.json()["error"]["message"]
    if exchange.psid:
        summary += f" (to {exchange.psid})"
    return _safe(summary, 200)


class Messenger:
    """A conversation harness over one platform and one door."""

    def __init__(
        self,
        platform: Platform,
        door: Door,
        guard: Any = None,
        backend: BankBackend | None = None,
        *,
        timeout: float = 10.0,
        quiet: float | None = None,
    ) -> None:
        self.platform = platform
        self.door = door
        self.guard = guard
        self.backend = backend
        self.timeout = timeout
        self.synchronous = bool(getattr(door, "synchronous", False))
        self.quiet = (0.0 if self.synchronous else 0.3) if quiet is None else quiet
        self.findings: list[Any] = []
        self.deliveries: list[DeliveryReport] = []
        self.users: list[SimUser] = []
        self._step_label: str | None = None
        self._step_lock = threading.RLock()
        self._unsubscribe: Any = None
        self._started = False
        self.dispatcher = platform.dispatcher(door.deliver)

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> Messenger:
        if self._started:
            return self
        if self.guard is not None:
            if hasattr(self.guard, "add_known_ids"):
                self.guard.add_known_ids([self.platform.config.page_id])
            self._unsubscribe = self.platform.subscribe(self._scan)
        self.door.start(self.platform)
        self._started = True
        return self

    def close(self) -> None:
        if not self._started:
            return
        self._started = False
        try:
            self.door.stop()
        finally:
            if self._unsubscribe is not None:
                self._unsubscribe()
                self._unsubscribe = None

    def __enter__(self) -> Messenger:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- people -----------------------------------------------------------------------
    def user(
        self,
        locale: str = "en_US",
        customer: Any = None,
        *,
        first_name: str | None = None,
        last_name: str | None = None,
        psid: str | None = None,
    ) -> SimUser:
        if customer is not None:
            locale = getattr(customer, "locale", None) or locale
            first_name = first_name or getattr(customer, "first_name", None)
            last_name = last_name or getattr(customer, "last_name", None)
        user = self.platform.create_user(locale, first_name, last_name, psid)
        if self.guard is not None and hasattr(self.guard, "add_known_ids"):
            self.guard.add_known_ids([user.psid])  # an id wherever the bot copies it
        if customer is not None:
            if self.backend is not None:
                self.backend.register(customer, user.psid)
            if self.guard is not None and hasattr(self.guard, "add_customers"):
                self.guard.add_customers([customer])
        sim = SimUser(self, user, customer)
        self.users.append(sim)
        return sim

    # -- what happened ----------------------------------------------------------------
    @property
    def egress(self) -> list[EgressRecord]:
        return list(self.platform.egress)

    @contextlib.contextmanager
    def step(self, label: str) -> Iterator[None]:
        """Findings made inside are labelled with this conversation step."""
        previous = self._step_label
        self._step_label = label
        try:
            yield
        finally:
            self._step_label = previous

    def _scan(self, exchange: Exchange) -> None:
        found = self.guard.scan(exchange.record)
        if self._step_label is not None:
            found = [dataclasses.replace(f, step=f.step or self._step_label) for f in found]
        self.findings.extend(found)

    def verify_webhook(self, challenge: str = "1158201444") -> HandshakeReport:
        """Meta's subscription handshake against the bot (right and wrong token)."""
        verify = getattr(self.door, "verify", None)
        if verify is None:
            raise MockMessengerError("this door cannot run the verification handshake")
        return run_handshake(verify, self.platform.config.verify_token, challenge)

    # -- one step ---------------------------------------------------------------------
    def deliver(self, events: Event | list[Event], *, label: str) -> DeliveryReport:
        """Deliver events (recorded in their threads) and what the platform made meanwhile."""
        webhook = self.platform.webhook(events)
        previous, self._step_label = self._step_label, label
        try:
            report = self.dispatcher.deliver(webhook)
        finally:
            self._step_label = previous
        self.deliveries.append(report)
        return report

    def run_step(
        self,
        psid: str,
        events: Event | list[Event],
        *,
        label: str,
        expect_reply: bool,
        timeout: float | None = None,
    ) -> Replies:
        timeout = self.timeout if timeout is None else timeout
        with self._step_lock:
            previous, self._step_label = self._step_label, label
            try:
                return self._run_step(psid, events, label, expect_reply, timeout)
            finally:
                self._step_label = previous

    def _run_step(
        self, psid: str, events: Event | list[Event], label: str, expect_reply: bool, timeout: float
    ) -> Replies:
        """One step: deliver, settle, deliver what the platform made (echoes...), collect."""
        before = len(self.platform.exchanges)
        report = self.deliver(events, label=label)
        self._settle(psid, before, timeout, expect_reply)
        for _ in range(MAX_FOLLOW_UPS):
            follow_ups = self.platform.take_outbox() if self.platform.state.outbox else None
            if not follow_ups:
                break
            mark = len(self.platform.exchanges)
            self.deliver(follow_ups, label=label)
            self._settle(psid, mark, timeout, expect_reply=False)
        replies = self.replies_since(psid, before)
        if expect_reply and not replies.messages:
            sent = [describe(e) for e in self.platform.exchanges[before:]]
            waited = None if self.synchronous and self.quiet == 0 else timeout
            raise NoReplyError(label, waited, sent, report)
        return replies

    def _settle(self, psid: str, before: int, timeout: float, expect_reply: bool) -> None:
        if self.synchronous:
            if self.quiet > 0:  # the bot may go on in the background: wait for silence
                self.platform.wait_for_activity(
                    None, before, timeout, quiet=self.quiet, until=lambda found: True
                )
            return

        def replied(found: list[Exchange]) -> bool:
            if not expect_reply:
                return bool(found)
            return bool(self.replies_since(psid, before).messages)

        self.platform.wait_for_activity(None, before, timeout, quiet=self.quiet, until=replied)

    def replies_since(self, psid: str, before: int) -> Replies:
        """The bot's messages to ``psid`` made by exchanges from index ``before`` on."""
        exchanges = self.platform.exchanges
        entries = []
        for entry in reversed(self.platform.thread(psid).transcript):
            if entry.exchange_index is not None and entry.exchange_index < before:
                break
            if entry.direction == "out" and entry.exchange_index is not None:
                entries.append(entry)
        entries.reverse()
        return Replies(Reply.from_entry(e, exchanges[e.exchange_index]) for e in entries)


class SimUser:
    """A person on Messenger talking to the Page."""

    def __init__(self, messenger: Messenger, user: User, customer: Any = None) -> None:
        self.messenger = messenger
        self.user = user
        self.customer = customer
        self._steps = 0

    @property
    def psid(self) -> str:
        return self.user.psid

    @property
    def platform(self) -> Platform:
        return self.messenger.platform

    @property
    def transcript(self) -> list[TranscriptEntry]:
        return self.platform.transcript(self.psid)

    def _label(self, what: str) -> str:
        self._steps += 1
        return f"{self._steps}. {what}"

    def _run(
        self, what: str, events: Event | list[Event], expect_reply: bool, timeout: float | None
    ) -> Replies:
        return self.messenger.run_step(
            self.psid, events, label=self._label(what), expect_reply=expect_reply, timeout=timeout
        )

    # -- messages ---------------------------------------------------------------------
    def say(
        self,
        text: str,
        *,
        reply_to: str | None = None,
        expect_reply: bool = True,
        timeout: float | None = None,
    ) -> Replies:
        event = self.platform.events.message(self.psid, text, reply_to=reply_to)
        return self._run(f"say {_safe(text, 40)!r}", event, expect_reply, timeout)

    def send_attachment(
        self, type: str, url: str, *, expect_reply: bool = True, timeout: float | None = None
    ) -> Replies:
        event = self.platform.events.attachment(self.psid, type, url)
        return self._run(f"send {type}", event, expect_reply, timeout)

    def tap_quick_reply(
        self, choice: str, *, expect_reply: bool = True, timeout: float | None = None
    ) -> Replies:
        """Tap one of the bot's latest quick replies, by title or payload."""
        offered = self._latest(lambda r: r.quick_replies)
        options = offered.quick_replies if offered else []
        for option in options:
            if choice in (option.title, option.payload):
                title = option.title or choice
                event = self.platform.events.quick_reply(self.psid, title, option.payload or "")
                return self._run(f"tap quick reply {title!r}", event, expect_reply, timeout)
        names = ", ".join(repr(o.title or o.payload) for o in options) or "none"
        raise MockMessengerError(f"no quick reply {choice!r} among the bot's latest ones ({names})")

    def tap_button(
        self, title: str, *, expect_reply: bool = True, timeout: float | None = None
    ) -> Replies:
        """Tap a postback button of the bot's latest template, by title or payload."""
        offered = self._latest(lambda r: [b for b in r.buttons if b.type == "postback"])
        buttons = [b for b in (offered.buttons if offered else []) if b.type == "postback"]
        for button in buttons:
            if title in (button.title, button.payload):
                return self.postback(
                    button.payload or "", button.title, expect_reply=expect_reply, timeout=timeout
                )
        names = ", ".join(repr(b.title) for b in buttons) or "none"
        raise MockMessengerError(
            f"no postback button {title!r} in the bot's latest template ({names})"
        )

    def _latest(self, has: Any) -> Reply | None:
        for entry in reversed(self.transcript):
            if entry.direction == "out" and entry.kind != "sender_action":
                reply = Reply.from_entry(entry, None)
                if has(reply):
                    return reply
        return None

    def postback(
        self,
        payload: str,
        title: str | None = None,
        *,
        expect_reply: bool = True,
        timeout: float | None = None,
    ) -> Replies:
        event = self.platform.events.postback(self.psid, payload, title)
        return self._run(f"postback {title or payload!r}", event, expect_reply, timeout)

    def get_started(
        self, payload: str | None = None, *, ref: str | None = None, expect_reply: bool = True
    ) -> Replies:
        """Tap Get Started: the payload the bot set in its Messenger Profile, if any."""
        if payload is None:
            configured = self.platform.state.messenger_profile.get("get_started") or {}
            payload = configured.get("payload", "GET_STARTED")
        event = self.platform.events.get_started(self.psid, payload, ref)
        return self._run("get started", event, expect_reply, None)

    # -- receipts and reactions -------------------------------------------------------
    def _last_bot_mid(self) -> str | None:
        for entry in reversed(self.transcript):
            if entry.direction == "out" and entry.mid:
                return entry.mid
        return None

    def read(self, watermark: int | None = None, *, expect_reply: bool = False) -> Replies:
        from mockmessenger.platform.clock import ms

        event = self.platform.events.read(self.psid, watermark or ms(self.platform.clock.now()))
        return self._run("read", event, expect_reply, None)

    def delivered(self, *, expect_reply: bool = False) -> Replies:
        from mockmessenger.platform.clock import ms

        mid = self._last_bot_mid()
        event = self.platform.events.delivery(
            self.psid, ms(self.platform.clock.now()), [mid] if mid else None
        )
        return self._run("delivery receipt", event, expect_reply, None)

    def react(
        self, mid: str | None = None, emoji: str = "❤️", *, expect_reply: bool = False
    ) -> Replies:
        mid = mid or self._last_bot_mid()
        if mid is None:
            raise MockMessengerError("no message of the bot to react to")
        event = self.platform.events.reaction(self.psid, mid, emoji, "react")
        return self._run(f"react {emoji}", event, expect_reply, None)

    def unreact(self, mid: str | None = None, *, expect_reply: bool = False) -> Replies:
        mid = mid or self._last_bot_mid()
        if mid is None:
            raise MockMessengerError("no message of the bot to unreact to")
        event = self.platform.events.reaction(self.psid, mid, action="unreact")
        return self._run("unreact", event, expect_reply, None)

    # -- account linking, referrals, opt-ins ----------------------------------------------
    def linking_token(self) -> str:
        """What Messenger appends to the bot's account_linking_url (valid 5 minutes)."""
        return self.platform.issue_linking_token(self.psid)

    def link_account(
        self, authorization_code: str | None = None, *, expect_reply: bool = False
    ) -> Replies:
        code = authorization_code or self.platform.ids.token(24)
        event = self.platform.events.account_linking(self.psid, "linked", code)
        return self._run("link account", event, expect_reply, None)

    def unlink_account(self, *, expect_reply: bool = False) -> Replies:
        event = self.platform.events.account_linking(self.psid, "unlinked")
        return self._run("unlink account", event, expect_reply, None)

    def human_takes_over(self, *, metadata: str = "", expect_reply: bool = False) -> Replies:
        """A person in Page Inbox takes the thread: the bot is told, later messages go to standby."""
        from mockmessenger.platform.config import PAGE_INBOX_APP_ID

        event = self.platform.move_thread(self.psid, PAGE_INBOX_APP_ID, metadata)
        return self._run("human takes over", event, expect_reply, None)

    def human_hands_back(self, *, metadata: str = "", expect_reply: bool = False) -> Replies:
        """Page Inbox passes the thread back to the bot."""
        event = self.platform.move_thread(self.psid, self.platform.config.app_id, metadata)
        return self._run("human hands back", event, expect_reply, None)

    def referral(
        self, ref: str, source: str = "SHORTLINK", *, expect_reply: bool = True
    ) -> Replies:
        event = self.platform.events.referral(self.psid, ref, source)
        return self._run(f"referral {ref!r}", event, expect_reply, None)

    def optin(self, ref: str, *, expect_reply: bool = True) -> Replies:
        event = self.platform.events.optin(self.psid, ref)
        return self._run(f"opt-in {ref!r}", event, expect_reply, None)
