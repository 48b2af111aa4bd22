"""The proxy door: a bot in any language, unmodified, behind mitmproxy.

The bot keeps ``https://graph.facebook.com``; it only gets ``HTTPS_PROXY`` and a
CA to trust. mitmproxy (in this process by default, or ``mitmdump`` as a child with
``mitmdump=True``) answers Graph from the platform, scans egress with the guard
(``guard_mode="block"`` refuses leaking requests before they leave) and, with
``record=True``, also sits in front of the bot's webhook as a reverse proxy so the
:class:`Recorder` sees both directions.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from mockmessenger.transports.process import BotProcess, free_port
from mockmessenger.transports.proxy.fake_graph import FakeGraph
from mockmessenger.transports.proxy.guard_addon import GuardAddon
from mockmessenger.transports.proxy.mitm import MitmdumpProcess, MitmProxy, proxy_env
from mockmessenger.transports.proxy.recorder import Recorder

GRAPH_BASE_URL = "https://graph.facebook.com"
ADDON_DIR = Path(__file__).parent


class ProxyDoor:
    """Start mitmproxy and the bot, deliver webhooks, stop both (also on failure).

    ``bot_command`` starts the bot (it gets ``PORT`` and the proxy variables, see
    :meth:`env`); ``bot_url`` alone talks to a bot you run yourself: start it with
    ``HTTPS_PROXY=http://127.0.0.1:<proxy_port>`` and the CA in ``confdir`` (both fixed
    then, so you know them in advance).
    """

    name = "proxy"
    graph_base_url = GRAPH_BASE_URL
    #: deliver() returns when the bot answered, not when it finished its Graph calls.
    synchronous = False

    def __init__(
        self,
        bot_command: str | Sequence[str] | None = None,
        *,
        bot_url: str | None = None,
        webhook_path: str = "/webhook",
        port: int | None = None,
        env: Mapping[str, str] | None = None,
        cwd: str | Path | None = None,
        guard: Any = None,
        guard_mode: str | None = None,
        policy: Any = None,
        external: str = "answer",
        record: bool = False,
        mitmdump: bool = False,
        extra_addons: Sequence[object] = (),
        startup_timeout: float = 30.0,
        webhook_timeout: float = 20.0,
        proxy_port: int = 0,
        confdir: str | Path | None = None,
    ) -> None:
        if bot_command is None and bot_url is None:
            raise ValueError("give the bot's command (bot_command) or its webhook URL (bot_url)")
        if mitmdump and (record or extra_addons):
            raise ValueError("record and extra_addons need the in-process proxy (mitmdump=False)")
        self.bot_command = bot_command
        if port is None and bot_url is not None:
            port = urlsplit(bot_url).port  # a command started for a given URL listens there
        self.port = port
        self.proxy_port = proxy_port
        self.confdir = Path(confdir) if confdir is not None else None
        self.webhook_path = webhook_path
        self._bot_url = bot_url
        self.extra_env = dict(env or {})
        self.cwd = cwd
        self.external = external
        self.mitmdump = mitmdump
        self.extra_addons = list(extra_addons)
        self.startup_timeout = startup_timeout
        self.webhook_timeout = webhook_timeout
        self.guard_addon: GuardAddon | None = None
        if guard is not None or guard_mode is not None:
            if guard is None and policy is not None:
                from mockmessenger.boundary import Guard

                guard = Guard(policy)
            self.guard_addon = GuardAddon(guard, mode=guard_mode or "report", policy=policy)
        self.recorder: Recorder | None = Recorder() if record else None
        self.platform: Any = None
        self.proxy: MitmProxy | MitmdumpProcess | None = None
        self.bot: BotProcess | None = None
        self._graph_server: Any = None
        self._guard_report: Path | None = None
        self._client: httpx.Client | None = None

    # -- Door protocol -----------------------------------------------------
    def start(self, platform: Any) -> None:
        self.platform = platform
        if self.bot_command is not None and self.port is None:
            self.port = free_port()
        try:
            self._start_proxy()
            self._client = httpx.Client(trust_env=False, timeout=self.webhook_timeout)
            if self.bot_command is not None:
                self.bot = BotProcess(self.bot_command, env=self.env(), cwd=self.cwd)
                self.bot.start()
                self.bot.wait_ready(self.bot_url, timeout=self.startup_timeout)
        except BaseException:
            self.stop()
            raise

    def deliver(self, request: Any) -> Any:
        """POST one signed webhook to the bot (through the reverse proxy when recording)."""
        from mockmessenger.platform.webhooks.delivery import WebhookResult

        assert self._client is not None, "ProxyDoor.deliver() before start()"
        started = time.perf_counter()
        try:
            response = self._client.post(
                self.webhook_url, content=request.body, headers=dict(request.headers)
            )
        except httpx.HTTPError as exc:
            return WebhookResult(
                status=None,
                elapsed=time.perf_counter() - started,
                error=f"{type(exc).__name__}: {exc}",
            )
        return WebhookResult(
            status=response.status_code,
            body=response.content,
            elapsed=time.perf_counter() - started,
            headers=dict(response.headers),
        )

    def verify(self, query: dict[str, str]) -> Any:
        """One subscription-handshake GET to the bot (the harness's ``verify_webhook``)."""
        from mockmessenger.platform.webhooks.delivery import WebhookResult

        assert self._client is not None, "ProxyDoor.verify() before start()"
        started = time.perf_counter()
        try:
            response = self._client.get(
                self.webhook_url, params=query, headers={"user-agent": "facebookplatform/1.0"}
            )
        except httpx.HTTPError as exc:
            return WebhookResult(None, elapsed=time.perf_counter() - started, error=f"{exc!r}")
        return WebhookResult(response.status_code, response.content, time.perf_counter() - started)

    def env(self) -> dict[str, str]:
        """What the bot process needs: the page's secrets, its port, the proxy and the CA."""
        assert self.proxy is not None, "ProxyDoor.env() before start()"
        config = getattr(self.platform, "config", None)
        env = {
            "GRAPH_API_URL": GRAPH_BASE_URL,
            "MESSENGER_GRAPH_URL": GRAPH_BASE_URL,
            "HOST": "127.0.0.1",
            **({"PORT": str(self.port)} if self.port else {}),
        }
        if config is not None:
            env.update(
                PAGE_ACCESS_TOKEN=config.access_token,
                APP_SECRET=config.app_secret,
                VERIFY_TOKEN=config.verify_token,
                PAGE_ID=config.page_id,
            )
        env.update(proxy_env(self.proxy.url, self.proxy.ca_cert))
        env.update(self.extra_env)
        return env

    def stop(self) -> None:
        """Stop the bot, then mitmproxy; every step runs even if an earlier one failed."""
        if self.bot is not None:
            with contextlib.suppress(Exception):
                self.bot.close()
            self.bot = None
        if self._client is not None:
            self._client.close()
            self._client = None
        if self.proxy is not None:
            with contextlib.suppress(Exception):
                self.proxy.stop()
            self.proxy = None
        if self._graph_server is not None:
            with contextlib.suppress(Exception):
                self._graph_server.stop()
            self._graph_server = None

    def __enter__(self) -> ProxyDoor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- addresses and results ----------------------------------------------
    @property
    def bot_url(self) -> str:
        """The bot's own webhook URL (direct)."""
        if self._bot_url:
            return self._bot_url
        return f"http://127.0.0.1:{self.port}{self.webhook_path}"

    @property
    def webhook_url(self) -> str:
        """Where webhooks are POSTed: the bot, or the recorder's reverse proxy in front of it."""
        if self.recorder is not None and isinstance(self.proxy, MitmProxy):
            return self.proxy.listener("reverse").url + self._path_of_bot_url()
        return self.bot_url

    @property
    def findings(self) -> list[Any]:
        """Findings of the in-proxy guard (empty without ``guard``/``guard_mode``).

        With ``mitmdump=True`` they are read back from the guard's JSONL report.
        """
        if self.guard_addon is None:
            return []
        if self._guard_report is None:
            return list(self.guard_addon.findings)
        from mockmessenger.boundary.findings import Finding

        try:
            lines = self._guard_report.read_text(encoding="utf-8").splitlines()
        except OSError:
            return []
        return [Finding.from_dict(json.loads(line)) for line in lines if line.strip()]

    @property
    def blocked(self) -> list[Any]:
        return list(self.guard_addon.blocked) if self.guard_addon else []

    # -- internals ---------------------------------------------------------
    def _path_of_bot_url(self) -> str:
        parts = urlsplit(self.bot_url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def _bot_origin(self) -> str:
        parts = urlsplit(self.bot_url)
        return f"{parts.scheme}://{parts.netloc}"

    def _start_proxy(self) -> None:
        if self.mitmdump:
            self._start_mitmdump()
            return
        addons: list[object] = []
        if self.guard_addon is not None:
            addons.append(self.guard_addon)
        addons.append(FakeGraph(self.platform, external=self.external))
        addons.extend(self.extra_addons)
        modes = ["regular"]
        if self.recorder is not None:
            addons.append(self.recorder)
            modes.append(f"reverse:{self._bot_origin()}")
        self.proxy = MitmProxy(
            addons, modes=modes, port=self.proxy_port, confdir=self.confdir
        ).start(timeout=self.startup_timeout)

    def _start_mitmdump(self) -> None:
        """``mitmdump`` child: Graph requests go on to the platform served on 127.0.0.1."""
        from mockmessenger.transports.graph_asgi import GraphApp
        from mockmessenger.transports.uvicorn_thread import BackgroundServer

        self._graph_server = BackgroundServer(GraphApp(self.platform))
        graph_url = self._graph_server.start()
        scripts = []
        options: dict[str, Any] = {"graph_upstream": graph_url, "graph_external": self.external}
        proxy = MitmdumpProcess(scripts, confdir=self.confdir, port=self.proxy_port)
        if self.guard_addon is not None:
            scripts.append(ADDON_DIR / "guard_addon.py")
            options["guard_mode"] = self.guard_addon.mode
            self._guard_report = proxy.confdir / "findings.jsonl"
            options["guard_report"] = str(self._guard_report)
        scripts.append(ADDON_DIR / "fake_graph.py")
        proxy.scripts = [str(s) for s in scripts]
        proxy.options = options
        self.proxy = proxy.start(timeout=self.startup_timeout)
