"""The in-process door: the bot runs inside the test process, no socket is opened.

- The bot's outgoing HTTP is intercepted where it leaves its HTTP library: respx
  for httpx (sync and async clients), ``responses`` for ``requests``. Graph hosts
  go to ``platform.handle``; any other host is captured with
  ``platform.record_external`` (the guard sees it) and answered ``200 {}`` —
  unless the test's own respx router has a route for it (a mocked core-banking
  API): that route answers, and the request is still recorded.
- Webhooks reach an ASGI app as ``httpx.ASGITransport`` would deliver them (same
  scope, headers, disconnect and error handling; :class:`AsgiCaller`), without
  building an httpx request and response around each one, on one persistent
  event loop (:class:`SharedLoop`): it runs in the caller's thread during a step
  (no thread hand-off on the hot path) and in a background thread between steps
  whenever the bot left tasks or timers pending, so clients the bot made at
  startup (lifespan) and its background work keep going. A WSGI app goes through
  ``httpx.WSGITransport`` in the caller's thread.
- ``deliver`` returns once the app has returned (Starlette background tasks
  included) and the tasks it spawned meanwhile are done (up to ``settle_timeout``):
  the harness needs no quiet period. A bot that answers from a worker started at
  startup needs ``Messenger(quiet=...)`` so that the harness waits for silence.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Literal
from urllib.parse import quote, unquote, urlencode, urlsplit

import httpx
import responses
import respx

from mockmessenger.errors import MockMessengerError
from mockmessenger.platform.core import Platform
from mockmessenger.platform.http import GraphRequest
from mockmessenger.platform.webhooks.delivery import WebhookResult
from mockmessenger.platform.webhooks.signing import WebhookRequest
from mockmessenger.records import EgressRecord
from mockmessenger.transports.apps import describe_exception

#: The PSID whose webhook the bot is handling: attributes non-Graph calls to a thread.
current_psid: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "mockmessenger_current_psid", default=None
)
_ALL_URLS = re.compile(r".*")
_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class DoorError(MockMessengerError):
    """The door could not start or the bot's app failed to start up."""


def _httpx_response(
    status: int, headers: dict[str, str], body: bytes, request: httpx.Request
) -> httpx.Response:
    """An httpx response over bytes already in hand.

    ``httpx.Response(content=...)`` re-encodes the body and normalises every header
    (about 40 µs); raw header pairs and a byte stream give the bot the same response.
    """
    raw = [
        (k.encode("utf-8"), v.encode("utf-8"))
        for k, v in headers.items()
        if k.lower() != "content-length"
    ]
    raw.append((b"content-length", str(len(body)).encode("ascii")))
    return httpx.Response(status, headers=raw, stream=httpx.ByteStream(body), request=request)


@functools.cache
def _client_headers() -> tuple[tuple[bytes, bytes], ...]:
    """What an httpx client adds to every request, in its order (the bot sees them);
    asked of httpx itself, since they depend on the decoders installed."""
    with httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(200))) as c:
        return tuple((key.lower(), value) for key, value in c.headers.raw)


#: Characters httpx leaves as they are in a path and a query (anything else is %-encoded).
_PATH_SAFE = "!$&'()*+,;=:@/%-._~"
_QUERY_SAFE = "!$&'()*+,;=:@/?%-._~"


class AsgiCaller:
    """Calls an ASGI app the way ``httpx.ASGITransport`` behind an ``AsyncClient`` does.

    Same scope (headers, ``server``, ``client``, paths), same ``receive`` (the body,
    then ``http.disconnect`` once the answer is complete), an exception of the app
    answered 500. What it saves is the client around it: URL merging, cookie jars,
    request and response objects, for every webhook.
    """

    def __init__(self, app: Any, base_url: str) -> None:
        self.app = app
        split = urlsplit(base_url)
        self.scheme = split.scheme or "http"
        self.host = split.hostname or "localhost"
        self.port = split.port
        self.host_header = split.netloc.encode("ascii")

    def _headers(
        self, headers: dict[str, str], body: bytes, method: str
    ) -> list[tuple[bytes, bytes]]:
        given = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        names = {k for k, _ in given}
        merged = [(b"host", self.host_header)]
        merged += [(k, v) for k, v in _client_headers() if k not in names]
        merged += [(k, v) for k, v in given if k != b"host"]
        if (body or method in ("POST", "PUT", "PATCH")) and b"content-length" not in names:
            merged.append((b"content-length", str(len(body)).encode("ascii")))
        return merged

    async def __call__(
        self,
        method: str,
        target: str,
        body: bytes,
        headers: dict[str, str],
        answered: list[float],
        raised: list[BaseException] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        """``(status, headers, body)``; ``answered`` gets the time of the last body chunk,
        ``raised`` the app's exception (answered 500: the caller says what it was)."""
        path, _, query = target.partition("?")
        path, query = quote(path, safe=_PATH_SAFE), quote(query, safe=_QUERY_SAFE)
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "headers": self._headers(headers, body, method),
            "scheme": self.scheme,
            "path": unquote(path),
            "raw_path": path.encode("ascii"),
            "query_string": query.encode("ascii"),
            "server": (self.host, self.port),
            "client": ("127.0.0.1", 123),
            "root_path": "",
        }
        chunks = [body]  # one chunk, then the end of the body, as httpx streams it
        request_complete = False
        complete = asyncio.Event()
        status: int | None = None
        response_headers: list[tuple[bytes, bytes]] | None = None
        parts: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal request_complete
            if request_complete:
                await complete.wait()
                return {"type": "http.disconnect"}
            if chunks:
                return {"type": "http.request", "body": chunks.pop(), "more_body": True}
            request_complete = True
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status, response_headers
            if message["type"] == "http.response.start":
                status = message["status"]
                response_headers = list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunk = message.get("body", b"")
                if chunk and method != "HEAD":
                    parts.append(chunk)
                if not message.get("more_body", False):
                    answered.append(time.perf_counter())
                    complete.set()

        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            complete.set()
            if raised is not None:
                raised.append(exc)
            if status is None:
                status = 500
        joined: dict[str, str] = {}
        for key, value in response_headers or ():
            name, text = key.decode("latin-1").lower(), value.decode("latin-1")
            joined[name] = f"{joined[name]}, {text}" if name in joined else text
        content = b"".join(parts)
        if "content-encoding" in joined:  # decoded as an httpx client would
            content = httpx.Response(status or 500, headers=joined, content=content).content
        return status or 500, joined, content


def _first_psid(webhook: WebhookRequest) -> str | None:
    for entry in webhook.payload.get("entry", []):
        for field in ("messaging", "standby"):
            for event in entry.get(field, []):
                psid = (event.get("sender") or {}).get("id")
                if psid and psid != entry.get("id"):
                    return psid
                recipient = (event.get("recipient") or {}).get("id")
                if recipient and recipient != entry.get("id"):
                    return recipient
    return None


class SharedLoop:
    """One event loop for the bot, alive for the door's whole life.

    During a step the loop runs in the caller's thread (``run_until_complete``):
    no thread hand-off on the hot path. Between steps, if the bot left work behind
    (tasks still pending, timers scheduled), a background thread keeps running the
    loop until the next step takes it back, so the bot's background work goes on.
    A caller that already runs an event loop of its own gets the background thread.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.loop.set_task_factory(self._task_factory)
        self.ignored: set[asyncio.Task[Any]] = set()  # e.g. the lifespan task, idle by design
        self.live: set[asyncio.Task[Any]] = set()  # tasks not yet done
        self.recording: list[asyncio.Task[Any]] | None = None  # tasks made during a delivery
        self._lock = threading.RLock()
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self._in_background = False
        self._closing = False
        #: started the first time the loop must run between steps: most bots never need it
        self._worker: threading.Thread | None = None

    def _task_factory(
        self, loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any
    ) -> asyncio.Task[Any]:
        """Keeps track of the bot's tasks without scanning every task of the process."""
        task = asyncio.Task(coro, loop=loop, **kwargs)
        self.live.add(task)
        task.add_done_callback(self.live.discard)
        if self.recording is not None:
            self.recording.append(task)
        return task

    def _work(self) -> None:
        asyncio.set_event_loop(self.loop)
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._closing:
                return
            self.loop.run_forever()
            self._stopped.set()

    def _release(self) -> None:
        """Hand the loop to the background thread."""
        if not self._in_background:
            if self._worker is None:
                self._worker = threading.Thread(
                    target=self._work, name="mockmessenger-loop", daemon=True
                )
                self._worker.start()
            self._stopped.clear()
            self._in_background = True
            self._wake.set()

    def _reclaim(self) -> None:
        """Take the loop back from the background thread."""
        if self._in_background:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self._stopped.wait()
            self._in_background = False

    def _pending_work(self) -> bool:
        if any(not t.done() and t not in self.ignored for t in self.live):
            return True
        return any(not h.cancelled() for h in getattr(self.loop, "_scheduled", ()))

    def run(self, coro: Any, timeout: float) -> Any:
        """Run ``coro`` on the loop and return its result; DoorError past ``timeout``."""
        with self._lock:
            if _running_loop() is not None:
                self._release()
                future = asyncio.run_coroutine_threadsafe(coro, self.loop)
                try:
                    return future.result(timeout=timeout)
                except FutureTimeout:
                    future.cancel()
                    raise DoorError(f"the bot did not finish within {timeout:g} s") from None
            self._reclaim()
            task = self.loop.create_task(coro)
            expired = self.loop.call_later(timeout, task.cancel)
            try:
                return self.loop.run_until_complete(task)
            except asyncio.CancelledError:
                raise DoorError(f"the bot did not finish within {timeout:g} s") from None
            finally:
                expired.cancel()
                if self._pending_work():
                    self._release()

    def close(self) -> None:
        """Cancel what the bot left running, stop the background thread, close the loop."""
        with self._lock:
            self.run(_cancel_leftovers(), timeout=30)
            self._reclaim()
            self._closing = True
            self._wake.set()
            if self._worker is not None:
                self._worker.join(timeout=30)
            self.loop.close()


async def _cancel_leftovers() -> None:
    current = asyncio.current_task()
    leftovers = [t for t in asyncio.all_tasks() if t is not current]
    for task in leftovers:
        task.cancel()
    if leftovers:
        await asyncio.wait(leftovers, timeout=5)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class _DoorRoute(respx.Route):
    """A catch-all respx route answered by the door.

    Overriding ``resolve`` spares respx's introspection of a side-effect's
    signature on every call, the costliest step of a mocked request.
    """

    def __init__(self, answer: Callable[[httpx.Request], httpx.Response]) -> None:
        super().__init__()
        self._answer_request = answer

    def resolve(self, request: httpx.Request, **kwargs: Any) -> httpx.Response | None:
        return self._answer_request(request)


def _mocked_elsewhere(request: httpx.Request, ours: respx.MockRouter) -> bool:
    """True when another active respx router (the test's own mocks) has a route for this request."""
    for mocker in respx.mocks.Mocker.registry.values():
        for router in getattr(mocker, "routers", ()):
            if router is ours:
                continue
            for route in getattr(router, "routes", ()):
                pattern = getattr(route, "pattern", None)
                if pattern is not None and pattern.match(request):
                    return True
    return False


class InProcessDoor:
    """Connects a platform to an ASGI or WSGI bot living in this process."""

    synchronous = True

    def __init__(
        self,
        app: Any,
        kind: Literal["asgi", "wsgi"] = "asgi",
        *,
        webhook_path: str = "/webhook",
        base_url: str = "https://bot.test",
        lifespan: bool = True,
        settle_timeout: float = 5.0,
    ) -> None:
        if kind not in ("asgi", "wsgi"):
            raise ValueError(f"kind must be 'asgi' or 'wsgi', not {kind!r}")
        self.app = app
        self.kind = kind
        self.webhook_path = webhook_path
        self.base_url = base_url
        self.lifespan = lifespan
        self.settle_timeout = settle_timeout
        self.platform: Platform | None = None
        self._loop: SharedLoop | None = None
        self._client: Any = None
        self._respx: respx.MockRouter | None = None
        self._responses: responses.RequestsMock | None = None
        self._lifespan_queue: asyncio.Queue[dict[str, Any]] | None = None
        self._lifespan_task: asyncio.Task[None] | None = None
        self._graph_hosts: frozenset[str] = frozenset()

    # -- the Door protocol ------------------------------------------------------------
    @property
    def graph_base_url(self) -> str:
        return "https://graph.facebook.com"

    def env(self) -> dict[str, str]:
        if self.platform is None:
            raise DoorError("the in-process door is not started")
        config = self.platform.config
        return {
            "MESSENGER_GRAPH_URL": self.graph_base_url,
            "GRAPH_API_URL": self.graph_base_url,
            "PAGE_ACCESS_TOKEN": config.access_token,
            "APP_SECRET": config.app_secret,
            "VERIFY_TOKEN": config.verify_token,
            "PAGE_ID": config.page_id,
        }

    def start(self, platform: Platform) -> None:
        if self.platform is not None:
            raise DoorError("the in-process door is already started")
        self.platform = platform
        self._graph_hosts = frozenset(h.lower() for h in platform.config.graph_hosts)
        self._start_interception()
        try:
            if self.kind == "asgi":
                self._loop = SharedLoop()
                self._loop.run(self._open_asgi(), timeout=self.settle_timeout + 30)
            else:
                self._client = httpx.Client(
                    transport=httpx.WSGITransport(app=self.app, raise_app_exceptions=False),
                    base_url=self.base_url,
                )
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        if self._loop is not None:
            try:
                self._loop.run(self._close_asgi(), timeout=30)
            finally:
                self._loop.close()
        elif self._client is not None and self.kind == "wsgi":
            self._client.close()
        self._loop = self._client = None
        if self._respx is not None:
            self._respx.stop(quiet=True)
            self._respx = None
        if self._responses is not None:
            self._responses.stop()
            self._responses.reset()
            self._responses = None
        self.platform = None

    def deliver(self, webhook: WebhookRequest) -> WebhookResult:
        """POST the webhook to the bot; returns once the bot is done with it."""
        psid = _first_psid(webhook)
        return self._request("POST", self.webhook_path, webhook.body, webhook.headers, psid)

    def verify(self, query: dict[str, str]) -> WebhookResult:
        """The subscription handshake GET (see ``run_handshake``)."""
        path = f"{self.webhook_path}?{urlencode(query)}"
        return self._request("GET", path, b"", {"user-agent": "facebookplatform/1.0"}, None)

    def __enter__(self) -> InProcessDoor:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- interception of the bot's HTTP --------------------------------------------------
    def _start_interception(self) -> None:
        router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
        router.routes.add(_DoorRoute(self._on_httpx), name="mockmessenger")
        router.start()
        self._respx = router
        mock = responses.RequestsMock(assert_all_requests_are_fired=False)
        for method in _METHODS:
            mock.add_callback(method, _ALL_URLS, callback=self._on_requests)
        mock.start()
        self._responses = mock

    def _answer(
        self, method: str, url: str, host: str, headers: Any, body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        platform = self.platform
        if platform is None:
            return 503, {"content-type": "application/json"}, b'{"error":"door stopped"}'
        if host.lower() in self._graph_hosts:
            response = platform.handle(GraphRequest(method, url, headers, body))
            return response.status, response.headers, response.body
        platform.record_external(
            EgressRecord.make(
                method, url, headers, body, thread=current_psid.get(), source="external"
            )
        )
        return 200, {"content-type": "application/json"}, b"{}"

    def _on_httpx(self, request: httpx.Request) -> httpx.Response | None:
        host = request.url.host
        if (
            host.lower() not in self._graph_hosts
            and self._respx is not None
            and _mocked_elsewhere(request, self._respx)
        ):
            # the test mocks this host itself: its route answers, we only record
            self._record_external(request)
            return None
        headers = tuple(
            (key.decode("latin-1").lower(), value.decode("latin-1"))
            for key, value in request.headers.raw
        )
        status, answer_headers, body = self._answer(
            request.method, str(request.url), host, headers, request.content
        )
        return _httpx_response(status, answer_headers, body, request)

    def _record_external(self, request: httpx.Request) -> None:
        if self.platform is not None:
            record = EgressRecord.make(
                request.method,
                str(request.url),
                request.headers.multi_items(),
                request.content,
                thread=current_psid.get(),
                source="external",
            )
            self.platform.record_external(record)

    def _on_requests(self, request: Any) -> tuple[int, dict[str, str], bytes]:
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode("utf-8")
        elif not isinstance(body, bytes):  # a file or generator streamed by requests
            body = b"".join(part if isinstance(part, bytes) else part.encode() for part in body)
        host = urlsplit(request.url).hostname or ""
        status, headers, answer = self._answer(
            request.method, request.url, host, list(request.headers.items()), body
        )
        headers = {k: v for k, v in headers.items() if k.lower() != "content-length"}
        return status, headers, answer

    # -- ASGI on its own loop -----------------------------------------------------------
    async def _open_asgi(self) -> None:
        if self.lifespan:
            await self._lifespan_startup()
        self._client = AsgiCaller(self.app, self.base_url)

    async def _close_asgi(self) -> None:
        if self._lifespan_task is not None and self._lifespan_queue is not None:
            await self._lifespan_queue.put({"type": "lifespan.shutdown"})
            try:
                await asyncio.wait_for(self._lifespan_task, timeout=10)
            except (TimeoutError, Exception):
                self._lifespan_task.cancel()

    async def _lifespan_startup(self) -> None:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        started: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        async def receive() -> dict[str, Any]:
            return await queue.get()

        async def send(message: dict[str, Any]) -> None:
            kind = message["type"]
            if (
                kind in ("lifespan.startup.complete", "lifespan.startup.failed")
                and not started.done()
            ):
                started.set_result(
                    kind if kind.endswith("complete") else message.get("message", "failed")
                )

        async def run() -> None:
            try:
                await self.app(
                    {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}, receive, send
                )
            except Exception as exc:  # an app without lifespan support raises here
                if not started.done():
                    started.set_result(f"unsupported: {exc!r}")

        await queue.put({"type": "lifespan.startup"})
        task = asyncio.get_running_loop().create_task(run())
        outcome = await asyncio.wait_for(started, timeout=30)
        if outcome == "lifespan.startup.complete":
            self._lifespan_queue, self._lifespan_task = queue, task
            if self._loop is not None:
                self._loop.ignored.add(task)
        elif not outcome.startswith("unsupported"):
            raise DoorError(f"the bot's ASGI app failed to start: {outcome}")

    async def _asgi_request(
        self, method: str, path: str, body: bytes, headers: dict[str, str], psid: str | None
    ) -> WebhookResult:
        current_psid.set(psid)
        assert self._loop is not None
        answered: list[float] = []
        raised: list[BaseException] = []
        spawned: list[asyncio.Task[Any]] = []
        self._loop.recording = spawned
        started = time.perf_counter()
        try:
            status, answer_headers, content = await self._client(
                method, path, body, headers, answered, raised
            )
        except Exception as exc:
            return WebhookResult(None, elapsed=time.perf_counter() - started, error=repr(exc))
        finally:
            self._loop.recording = None
        finished = answered[0] if answered else time.perf_counter()
        pending = [t for t in spawned if not t.done()]
        if pending:  # tasks the bot spawned while handling the webhook
            await asyncio.wait(pending, timeout=self.settle_timeout)
        kept = {} if status == 200 else answer_headers
        exception = describe_exception(raised[0]) if raised else None
        return WebhookResult(status, content, finished - started, None, kept, exception)

    # -- one request, either kind ----------------------------------------------------
    def _request(
        self, method: str, path: str, body: bytes, headers: dict[str, str], psid: str | None
    ) -> WebhookResult:
        if self.platform is None or self._client is None:
            return WebhookResult(None, error="the in-process door is not started")
        if self.kind == "asgi":
            timeout = self.platform.config.webhook_timeout * 3 + self.settle_timeout
            try:
                return self._loop.run(
                    self._asgi_request(method, path, body, headers, psid), timeout
                )
            except DoorError as exc:
                return WebhookResult(None, elapsed=timeout, error=str(exc))
        token = current_psid.set(psid)
        started = time.perf_counter()
        try:
            response = self._client.request(method, path, content=body, headers=headers)
        except Exception as exc:  # the app crashed: a WSGI server answers 500
            elapsed = time.perf_counter() - started
            return WebhookResult(
                500, f"the bot raised {exc!r}".encode(), elapsed, raised=describe_exception(exc)
            )
        finally:
            current_psid.reset(token)
        return WebhookResult(
            response.status_code,
            response.content,
            time.perf_counter() - started,
            None,
            dict(response.headers),
        )
