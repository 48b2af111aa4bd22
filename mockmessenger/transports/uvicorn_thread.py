"""Serve an ASGI app with uvicorn in a background thread, started and stopped cleanly.

The socket is bound before the thread starts, so port 0 gives a free port whose
number is known at once, and nothing can grab it between "find" and "listen".
"""

from __future__ import annotations

import socket
import threading
from typing import Any

import uvicorn

from mockmessenger.errors import MockMessengerError
from mockmessenger.transports.process import wait_until


class ServerStartError(MockMessengerError):
    """uvicorn could not bind or did not come up."""


def uvicorn_config(
    app: Any, host: str = "127.0.0.1", port: int = 0, **overrides: Any
) -> uvicorn.Config:
    """The one uvicorn configuration every mockmessenger server uses (the benchmark too)."""
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "log_level": "warning",
        "log_config": None,
        "access_log": False,
        "lifespan": "off",
        "timeout_graceful_shutdown": 2,
        "timeout_keep_alive": 30,
    }
    options.update(overrides)
    return uvicorn.Config(app, **options)


class BackgroundServer:
    """uvicorn running ``app`` on ``host:port`` in a daemon thread."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0, **config: Any) -> None:
        self.app = app
        self.host = host
        self.requested_port = port
        self.config_overrides = config
        self.port: int | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._failure: BaseException | None = None
        self.socket: socket.socket | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise ServerStartError("the server is not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 10.0) -> str:
        """Bind, start serving, and return the base URL once uvicorn accepts connections."""
        family = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted connections only
        # for sockets that say they are TCP; without it Nagle + delayed ACK add 40 ms a request.
        sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.requested_port))
        except OSError as exc:
            sock.close()
            raise ServerStartError(
                f"cannot listen on {self.host}:{self.requested_port}: {exc.strerror or exc}"
            ) from exc
        self.socket = sock
        self.port = int(sock.getsockname()[1])
        config = uvicorn_config(self.app, self.host, self.port, **self.config_overrides)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._run, args=(sock,), name=f"mockmessenger-server-{self.port}", daemon=True
        )
        self._thread.start()
        try:
            wait_until(self._up, timeout, what=f"uvicorn to serve on {self.url}")
        except TimeoutError as exc:
            self.stop()
            raise ServerStartError(str(exc)) from exc
        return self.url

    def _run(self, sock: socket.socket) -> None:
        assert self._server is not None
        try:
            self._server.run(sockets=[sock])
        except BaseException as exc:  # reported by start(); a thread cannot raise to its owner
            self._failure = exc
        finally:
            sock.close()

    def _up(self) -> bool:
        if self._failure is not None:
            raise ServerStartError(f"uvicorn failed on {self.url}: {self._failure!r}")
        if self._thread is not None and not self._thread.is_alive():
            raise ServerStartError(f"uvicorn stopped before serving on {self.url}")
        return bool(self._server and self._server.started)

    @property
    def running(self) -> bool:
        return bool(self._thread and self._thread.is_alive())

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to exit and wait for its thread; force-close lingering connections."""
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout)
        self._server = None
        self._thread = None
