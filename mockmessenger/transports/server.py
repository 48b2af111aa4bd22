"""The server door: the fake Messenger Platform over real HTTP, for bots in any language.

``create_app(platform)`` is an ASGI app: every path outside ``/_mockmessenger/`` is
Graph (any version or none, any method) and goes to ``platform.handle``; the control
API and its OpenAPI document live under the reserved prefix. ``ServerDoor`` serves
that app with uvicorn on 127.0.0.1, delivers webhooks to the bot as real signed
POSTs, runs the verification handshake and can start and stop the bot itself::

    door = ServerDoor(bot_command=["node", "bot.js"], bot_path="/webhook")
    with Messenger(Platform(PlatformConfig()), door) as m:
        m.user().say("hello")
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx

from mockmessenger.errors import MockMessengerError
from mockmessenger.platform import Exchange, Platform
from mockmessenger.platform.webhooks.delivery import DeliveryReport, WebhookResult
from mockmessenger.platform.webhooks.signing import WebhookRequest
from mockmessenger.platform.webhooks.verification import HandshakeReport, run_handshake
from mockmessenger.transports.control import CONTROL_PREFIX, ControlState, control_app
from mockmessenger.transports.graph_asgi import GraphApp, Receive, Scope, Send
from mockmessenger.transports.process import BotProcess, free_port
from mockmessenger.transports.uvicorn_thread import BackgroundServer

#: Kinds of Graph call after which the platform may queue an event of its own (unlink).
OUTBOX_KINDS = frozenset({"account_linking"})


class WebhookVerificationError(MockMessengerError):
    """The bot failed Meta's subscription handshake."""


class MockMessengerApp:
    """Routes the reserved prefix to the control API and everything else to Graph."""

    def __init__(self, platform: Platform, state: ControlState) -> None:
        self.platform = platform
        self.state = state
        self.graph = GraphApp(platform)
        self.control = control_app(state)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path: str = scope["path"]
            if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
                await self.control(scope, receive, send)
            else:
                await self.graph(scope, receive, send)
        elif scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def create_app(
    platform: Platform, door: ServerDoor | None = None, guard: Any = None
) -> MockMessengerApp:
    """The ASGI app over ``platform``; ``door`` delivers webhooks for the control API."""
    return MockMessengerApp(platform, ControlState(platform, door=door, guard=guard))


class ServerDoor:
    """Serves the fake over HTTP and talks to the bot over HTTP.

    Give the bot's webhook URL (``bot_url``), a command that starts the bot
    (``bot_command``; it gets ``PORT`` and the fake's coordinates in its
    environment, see :meth:`env`), or both. With a command and no URL, the bot is
    expected at ``http://127.0.0.1:$PORT{bot_path}``.
    """

    #: deliver() returns when the bot answered, not when it finished its Graph calls.
    synchronous = False

    def __init__(
        self,
        bot_url: str | None = None,
        bot_command: str | Sequence[str] | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_port: int | None = None,
        bot_path: str = "/webhook",
        bot_env: Mapping[str, str] | None = None,
        bot_cwd: str | None = None,
        ready_url: str | None = None,
        ready_timeout: float = 20.0,
        handshake: bool = True,
        guard: Any = None,
    ) -> None:
        if bot_command is not None and bot_url is None:
            bot_port = bot_port or free_port(host)
            bot_url = f"http://127.0.0.1:{bot_port}{bot_path}"
        elif bot_url is not None and bot_port is None:
            bot_port = urlsplit(bot_url).port
        self.bot_url = bot_url
        self.bot_command = bot_command
        self.bot_port = bot_port
        self.bot_env = dict(bot_env or {})
        self.bot_cwd = bot_cwd
        self.ready_url = ready_url
        self.ready_timeout = ready_timeout
        self.handshake_on_start = handshake
        self.guard = guard
        self.host = host
        self.platform: Platform | None = None
        self.app: MockMessengerApp | None = None
        self.bot: BotProcess | None = None
        self.last_handshake: HandshakeReport | None = None
        self._server = BackgroundServer(None, host, port)
        self._client: httpx.Client | None = None
        self.outbox_reports: list[DeliveryReport] = []
        self._echoes = False
        self._outbox_ready = threading.Event()
        self._stopping = threading.Event()
        self._pump: threading.Thread | None = None
        self._unsubscribe: Callable[[], None] | None = None

    # -- Door protocol -------------------------------------------------------------
    def start(self, platform: Platform) -> None:
        """Serve the fake, start the bot if asked, wait for it, verify its webhook."""
        self.platform = platform
        self.app = create_app(platform, door=self, guard=self.guard)
        self._server.app = self.app
        self._server.start()
        self._echoes = platform.config.subscribes_echoes
        self._stopping.clear()
        self._unsubscribe = platform.subscribe(self._watch_outbox)
        self._pump = threading.Thread(
            target=self._pump_outbox, name="mockmessenger-outbox", daemon=True
        )
        self._pump.start()
        # TCP_NODELAY: httpx writes headers and body apart, and Nagle would hold the body 40 ms.
        transport = httpx.HTTPTransport(
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
        )
        self._client = httpx.Client(
            timeout=platform.config.webhook_timeout + 5.0, transport=transport
        )
        try:
            if self.bot_command is not None:
                self.bot = BotProcess(
                    self.bot_command, env={**self.env(), **self.bot_env}, cwd=self.bot_cwd
                )
                self.bot.start()
                self.bot.wait_ready(self.ready_url or self.bot_url or "", self.ready_timeout)
            if self.bot_url is not None and self.handshake_on_start:
                report = self.verify_webhook()
                if not report.ok:
                    raise WebhookVerificationError(
                        f"the bot at {self.bot_url} failed webhook verification: {report}"
                    )
        except BaseException:
            self.stop()
            raise

    @property
    def graph_base_url(self) -> str:
        """Where the bot must send Graph calls (in place of https://graph.facebook.com)."""
        return self._server.url

    @property
    def control_url(self) -> str:
        return self._server.url + CONTROL_PREFIX

    def env(self) -> dict[str, str]:
        """Variables a bot process reads to find the fake instead of Meta."""
        if self.platform is None:
            raise MockMessengerError("the server door is not started")
        config = self.platform.config
        variables = {
            "MESSENGER_GRAPH_URL": self.graph_base_url,
            "GRAPH_API_URL": self.graph_base_url,
            "PAGE_ACCESS_TOKEN": config.access_token,
            "APP_SECRET": config.app_secret,
            "VERIFY_TOKEN": config.verify_token,
            "PAGE_ID": config.page_id,
            "MOCKMESSENGER_CONTROL_URL": self.control_url,
        }
        if self.bot_port is not None:
            variables["PORT"] = str(self.bot_port)
        return variables

    def deliver(self, request: WebhookRequest) -> WebhookResult:
        """One signed POST of the webhook body to the bot, timed."""
        if self.bot_url is None or self._client is None:
            return WebhookResult(None, error="no bot webhook URL is configured (--bot-url)")
        started = time.perf_counter()
        try:
            response = self._client.post(
                self.bot_url, content=request.body, headers=request.headers
            )
        except httpx.TimeoutException:
            return WebhookResult(
                None,
                elapsed=time.perf_counter() - started,
                error=f"no answer from {self.bot_url} (timed out)",
            )
        except httpx.TransportError as exc:
            return WebhookResult(
                None,
                elapsed=time.perf_counter() - started,
                error=f"could not reach {self.bot_url}: {exc or type(exc).__name__}",
            )
        return WebhookResult(
            response.status_code,
            response.content,
            time.perf_counter() - started,
            headers=dict(response.headers),
        )

    def dispatch(self, request: WebhookRequest) -> DeliveryReport:
        """Deliver with Meta's deadline and retries; dropped-webhook faults apply."""
        assert self.platform is not None
        return self.platform.dispatcher(self.deliver).deliver(request)

    def _watch_outbox(self, exchange: Exchange) -> None:
        """Wake the outbox pump when a call made the platform queue an event (echo, unlink)."""
        if exchange.kind in OUTBOX_KINDS or (exchange.kind == "send" and self._echoes):
            self._outbox_ready.set()

    def _pump_outbox(self) -> None:
        """Deliver what the platform produced by itself, as Meta does, right after the call."""
        while True:
            self._outbox_ready.wait()
            self._outbox_ready.clear()
            platform = self.platform
            if self._stopping.is_set() or platform is None:
                return
            events = platform.take_outbox()
            if events and self.bot_url is not None:
                self.outbox_reports.append(self.dispatch(platform.webhook(events)))

    def verify_webhook(self) -> HandshakeReport:
        """Meta's subscription handshake against the bot's URL (right token, then a wrong one)."""
        assert self.platform is not None
        report = run_handshake(self.verify, self.platform.config.verify_token)
        self.last_handshake = report
        return report

    def verify(self, query: dict[str, str]) -> WebhookResult:
        """One subscription-handshake GET to the bot (see ``run_handshake``)."""
        if self.bot_url is None or self._client is None:
            return WebhookResult(None, error="no bot webhook URL is configured")
        started = time.perf_counter()
        try:
            response = self._client.get(
                self.bot_url, params=query, headers={"user-agent": "facebookplatform/1.0"}
            )
        except httpx.TransportError as exc:
            return WebhookResult(None, elapsed=time.perf_counter() - started, error=f"{exc!r}")
        return WebhookResult(response.status_code, response.content, time.perf_counter() - started)

    def stop(self) -> None:
        """Stop the bot (terminate, then kill) and the server; safe to call twice."""
        if self.app is not None:
            self.app.state.closing.set()  # long-polls return within a slice
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self._pump is not None:
            self._stopping.set()
            self._outbox_ready.set()
            self._pump.join(timeout=30)
            self._pump = None
        if self.bot is not None:
            self.bot.close()
            self.bot = None
        if self._client is not None:
            self._client.close()
            self._client = None
        self._server.stop()

    def __enter__(self) -> ServerDoor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
