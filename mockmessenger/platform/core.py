"""The fake Messenger Platform: state, the Graph entry point, webhooks, the egress log.

``Platform.handle`` takes any request a bot makes to graph.facebook.com and
answers it as Meta would; it never raises and never crashes on bad input. It is
thread-safe: a server door calls it from many threads, and a test thread waits
on ``wait_for_activity`` meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from mockmessenger.platform import errors
from mockmessenger.platform.clock import FakeClock, SystemClock
from mockmessenger.platform.config import PlatformConfig
from mockmessenger.platform.faults import FaultInjector
from mockmessenger.platform.http import GraphRequest, GraphResponse
from mockmessenger.platform.ids import IdFactory
from mockmessenger.platform.models import Exchange, Thread, TranscriptEntry, User
from mockmessenger.platform.ratelimit import RateLimits
from mockmessenger.platform.state import Attachment, PageState
from mockmessenger.platform.users import UserFactory
from mockmessenger.platform.webhooks.events import USER_INITIATED, Event, EventBuilder, event_kind
from mockmessenger.platform.webhooks.signing import WebhookRequest, build_webhook
from mockmessenger.records import EgressRecord

Subscriber = Callable[[Exchange], None]
#: Handover events are addressed to our app whoever owns the thread: never standby.
HANDOVER_KINDS = frozenset(
    {"pass_thread_control", "take_thread_control", "request_thread_control", "app_roles"}
)


class Platform:
    """One Page of the fake Messenger Platform, with its app, users and threads."""

    def __init__(
        self, config: PlatformConfig | None = None, clock: SystemClock | FakeClock | None = None
    ) -> None:
        self.config = config or PlatformConfig()
        self.clock = clock or SystemClock()
        self.faults = FaultInjector()
        self._lock = threading.RLock()
        self._activity = threading.Condition(self._lock)
        self._subscribers: list[Subscriber] = []
        self._setup()

    def _setup(self) -> None:
        self.ids = IdFactory(self.config.seed)
        self._users = UserFactory(self.config.seed, self.ids)
        self.events = EventBuilder(self.config.page_id, self.config.app_id, self.clock, self.ids)
        self.state = PageState(subscribed_fields=list(self.config.subscribed_fields))
        self.rates = RateLimits(self.config.profile_rate_window)
        self.egress: list[EgressRecord] = []
        self.exchanges: list[Exchange] = []

    def reset(self) -> None:
        """Forget everything: users, threads, logs, faults (subscribers stay)."""
        with self._lock:
            self._setup()
            self.faults.clear()
            self._activity.notify_all()

    # -- people and threads ---------------------------------------------------------
    def create_user(
        self,
        locale: str = "en_US",
        first_name: str | None = None,
        last_name: str | None = None,
        psid: str | None = None,
        *,
        gender: str | None = None,
        lock: bool = True,
    ) -> User:
        """A new person who can talk to the Page (Faker names, seeded)."""
        user = self._users.create(locale, first_name, last_name, psid, gender)
        if lock:
            with self._lock:
                self._add_user(user)
        else:
            self._add_user(user)
        return user

    def _add_user(self, user: User) -> None:
        self.state.users[user.psid] = user
        self.state.threads.setdefault(user.psid, Thread(user.psid))

    def user(self, psid: str) -> User:
        with self._lock:
            try:
                return self.state.users[psid]
            except KeyError:
                raise KeyError(f"no user with PSID {psid}") from None

    @property
    def users(self) -> list[User]:
        with self._lock:
            return list(self.state.users.values())

    def thread(self, psid: str) -> Thread:
        with self._lock:
            thread = self.state.threads.get(psid)
            if thread is None:
                thread = self.state.threads[psid] = Thread(psid)
            return thread

    def register_private_reply_target(self, psid: str, target_id: str | None = None) -> str:
        """A visitor post or comment by this user that the Page may answer privately once."""
        with self._lock:
            target_id = target_id or f"{self.config.page_id}_{self.ids.digits(15)}"
            self.state.private_reply_targets[target_id] = psid
            return target_id

    def issue_linking_token(self, psid: str) -> str:
        """What Messenger appends to the account_linking_url; valid 5 minutes."""
        from mockmessenger.platform.state import LinkingToken

        with self._lock:
            token = self.ids.token(48)
            expires = self.clock.now() + self.config.account_linking_token_seconds
            self.state.linking_tokens[token] = LinkingToken(psid, expires)
            return token

    def issue_user_ref(self, psid: str) -> str:
        """A checkbox-plugin ``user_ref`` for this user (the bot may message it once)."""
        with self._lock:
            user_ref = "ur_" + self.ids.token(24)
            self.state.user_refs[user_ref] = psid
            self.state.users[psid].user_ref = user_ref
            return user_ref

    def issue_notification_token(self, psid: str, kind: str = "one_time_notif_token") -> str:
        with self._lock:
            token = self.ids.digits(19)
            self.state.notification_tokens[token] = (psid, kind)
            return token

    def move_thread(self, psid: str, to_app_id: str | None, metadata: str = "") -> Event:
        """Another app (Page Inbox: a human) takes the thread, or gives it back to ours.

        Returns the ``messaging_handovers`` event our app receives for it:
        ``take_thread_control`` when the thread leaves us, ``pass_thread_control``
        when it comes back.
        """
        with self._lock:
            thread = self.thread(psid)
            previous = thread.owner_app_id or self.config.app_id
            thread.owner_app_id = to_app_id
            if to_app_id in (None, self.config.app_id):
                return self.events.pass_thread_control(psid, self.config.app_id, previous, metadata)
            return self.events.take_thread_control(psid, previous, metadata)

    def expire_token(self, expired: bool = True) -> None:
        """Make the page token expired (190/463) until called with False."""
        with self._lock:
            self.state.token_expired = expired

    def save_attachment(
        self, type: str, url: str | None, data: bytes | None = None, content_type: str | None = None
    ) -> Attachment:
        with self._lock:
            saved = Attachment(
                self.ids.digits(16),
                type,
                url,
                self.clock.now(),
                len(data or b""),
                content_type,
                data,
            )
            self.state.attachments[saved.id] = saved
            return saved

    # -- the Graph entry point -------------------------------------------------------
    def handle(self, request: GraphRequest) -> GraphResponse:
        """Answer one Graph request; logs it whole, whatever happens."""
        from mockmessenger.platform.graph.router import dispatch

        received = time.time()
        delay = 0.0
        with self._lock:
            index = len(self.exchanges)
            call, response = dispatch(self, request, index)
            for fault in self.faults.take(request.method, request.path, call.psid, call.kind):
                if fault.kind == "latency":
                    delay += fault.seconds
                elif fault.kind == "status":
                    response = self._error_response(
                        errors.GraphError(
                            1 if fault.status >= 500 else 100,
                            "An unexpected error has occurred. Please retry your request later."
                            if fault.status >= 500
                            else "(#100) Injected error",
                            status=fault.status,
                            is_transient=fault.status >= 500,
                        )
                    )
                elif fault.kind == "graph_error" and fault.error is not None:
                    response = self._error_response(fault.error)
            if response.status < 400:
                response.headers.update(self._usage_headers(call.kind))
            record = EgressRecord(
                request.method,
                request.url,
                request.headers,  # type: ignore[arg-type]  # normalised by GraphRequest
                request.body,
                timestamp=received,
                thread=call.psid,
                index=len(self.egress),
                source="graph",
                meta={"kind": call.kind, "status": response.status},
            )
            exchange = Exchange(record, request, response, call.psid, call.kind, index)
            self.egress.append(record)
            self.exchanges.append(exchange)
            self._publish(exchange)
        if delay:
            time.sleep(delay)  # the injected latency itself, not a wait for a condition
        return response

    def _usage_headers(self, kind: str) -> dict[str, str]:
        now = self.clock.now()
        self.rates.daily_calls.add(now)
        limit = self.config.calls_per_engaged_user * max(1, len(self.state.users))
        percent = self.rates.usage_percent(now, limit)
        if percent < self.config.usage_headers_from_percent:
            return {}
        return self.rates.usage_headers(percent, self.config.page_id, kind)

    def _error_response(self, error: errors.GraphError) -> GraphResponse:
        headers = error.headers()
        return GraphResponse.of(error.status, error.payload(self.ids.fbtrace_id()), headers)

    def record_external(self, record: EgressRecord) -> None:
        """A request a door caught going somewhere other than Graph (analytics, logging...)."""
        with self._lock:
            index = len(self.exchanges)
            record = EgressRecord(
                record.method,
                record.url,
                record.headers,
                record.body,
                record.timestamp,
                record.thread,
                len(self.egress),
                "external",
                dict(record.meta),
            )
            request = GraphRequest(record.method, record.url, record.headers, record.body)
            response = GraphResponse.of(200, {})
            exchange = Exchange(record, request, response, record.thread, "external", index)
            self.egress.append(record)
            self.exchanges.append(exchange)
            self._publish(exchange)

    # -- activity -------------------------------------------------------------------
    def subscribe(self, fn: Subscriber) -> Callable[[], None]:
        """Call ``fn(exchange)`` on every exchange, in order; returns an unsubscribe function."""
        with self._lock:
            self._subscribers.append(fn)

        def unsubscribe() -> None:
            with self._lock:
                if fn in self._subscribers:
                    self._subscribers.remove(fn)

        return unsubscribe

    def _publish(self, exchange: Exchange) -> None:
        if self._subscribers:
            for fn in list(self._subscribers):
                fn(exchange)
        self._activity.notify_all()

    def record_out(
        self, psid: str, kind: str, body: dict[str, Any], mid: str | None, exchange_index: int
    ) -> TranscriptEntry:
        entry = TranscriptEntry("out", kind, body, mid, self.clock.now(), exchange_index, psid)
        self.thread(psid).transcript.append(entry)
        return entry

    def wait_for_activity(
        self,
        psid: str | None,
        after: int,
        timeout: float,
        quiet: float = 0.0,
        until: Callable[[list[Exchange]], bool] | None = None,
    ) -> list[Exchange]:
        """Exchanges since index ``after`` (for ``psid`` or any), once the bot went quiet.

        Waits until ``until(exchanges)`` holds (default: at least one exchange), then
        until no new exchange came for ``quiet`` seconds; gives up at ``timeout``.
        """
        condition = until or bool
        deadline = time.monotonic() + timeout
        with self._activity:
            while True:
                found = self._since(psid, after)
                now = time.monotonic()
                if condition(found):
                    break
                if now >= deadline:
                    return found
                self._activity.wait(deadline - now)
            while quiet > 0:
                count = len(self.exchanges)
                quiet_end = min(time.monotonic() + quiet, deadline)
                while len(self.exchanges) == count:
                    remaining = quiet_end - time.monotonic()
                    if remaining <= 0:
                        break
                    self._activity.wait(remaining)
                if len(self.exchanges) == count or time.monotonic() >= deadline:
                    break
            return self._since(psid, after)

    def _since(self, psid: str | None, after: int) -> list[Exchange]:
        return [e for e in self.exchanges[after:] if psid is None or e.psid == psid]

    # -- webhooks ---------------------------------------------------------------------
    def webhook(
        self, events: Event | Iterable[Event] | dict[str, Any], *, record: bool = True
    ) -> WebhookRequest:
        """A signed webhook for events (or a ready envelope); records them in their threads.

        Events of a thread the app does not own go under ``standby``.
        """
        with self._lock:
            if isinstance(events, dict) and events.get("object") == "page":
                envelope = events
                items = [
                    ev for entry in envelope.get("entry", []) for ev in entry.get("messaging", [])
                ]
            else:
                items = [events] if isinstance(events, dict) else list(events)
                owned, standby = [], []
                for event in items:
                    psid = (event.get("sender") or {}).get("id")
                    thread = self.state.threads.get(psid) if psid else None
                    foreign = thread is not None and thread.owner_app_id not in (
                        None,
                        self.config.app_id,
                    )
                    foreign = foreign and event_kind(event) not in HANDOVER_KINDS
                    (standby if foreign else owned).append(event)
                envelope = self.events.envelope(owned) if owned else {"object": "page", "entry": []}
                if standby:
                    envelope["entry"].extend(self.events.envelope(standby, standby=True)["entry"])
            if record:
                for event in items:
                    self._record_in(event)
            return build_webhook(
                envelope, self.config.app_secret, escape_slashes=self.config.escape_slashes
            )

    def _record_in(self, event: Event) -> None:
        kind = event_kind(event)
        if kind == "echo":
            return
        sender = event.get("sender") or {}
        psid = sender.get("id")
        if psid is None and "user_ref" in sender:
            return
        if psid is None:
            return
        thread = self.thread(psid)
        now = self.clock.now()
        message = event.get("message") or {}
        mid = message.get("mid") or (event.get("postback") or {}).get("mid")
        thread.transcript.append(TranscriptEntry("in", kind, event, mid, now, None, psid))
        if kind in USER_INITIATED:
            thread.last_user_interaction = now
        if kind in ("message", "quick_reply"):
            thread.last_user_message = now
        if kind == "account_linking":
            user = self.state.users.get(psid)
            if user is not None:
                status = event["account_linking"].get("status")
                user.linked = status == "linked"
                user.authorization_code = event["account_linking"].get("authorization_code")
        self._activity.notify_all()

    def should_drop_webhook(self, webhook: WebhookRequest) -> bool:
        """True when an armed ``drop_webhook`` fault swallows this webhook."""
        kinds, psids = [], []
        for entry in webhook.payload.get("entry", []):
            for field_name in ("messaging", "standby"):
                for event in entry.get(field_name, []):
                    kinds.append(event_kind(event))
                    psids.append((event.get("sender") or {}).get("id"))
        return self.faults.take_drop(kinds, psids)

    def dispatcher(self, send: Callable[[WebhookRequest], Any]) -> Any:
        """A :class:`WebhookDispatcher` with this platform's deadline, retries and drop faults."""
        from mockmessenger.platform.webhooks.delivery import WebhookDispatcher

        return WebhookDispatcher(
            send,
            timeout=self.config.webhook_timeout,
            retries=self.config.webhook_retries,
            should_drop=self.should_drop_webhook,
        )

    def take_outbox(self) -> list[Event]:
        """Events the platform produced by itself (echoes) and that a door should deliver."""
        with self._lock:
            events, self.state.outbox = self.state.outbox, []
            return events

    # -- views ------------------------------------------------------------------------
    def transcript(self, psid: str) -> list[TranscriptEntry]:
        with self._lock:
            return list(self.thread(psid).transcript)
