"""Refuse real network connections during a guarded test.

In-process, the door already answers every HTTP request the bot makes through
httpx or requests. A bot can still open a socket some other way (urllib, a raw
socket, an SDK with its own client, a DNS lookup that carries data in the name).
While a guarded test runs, :class:`SocketBlock` patches ``socket.socket.connect``,
``connect_ex`` and ``socket.getaddrinfo``, the way pytest-socket and
pytest-recording do: loopback is allowed only when the door needs it (a bot
process or a server door on 127.0.0.1), hosts the policy trusts are allowed, and
anything else raises :class:`SocketBlockedError` and is reported to
``on_blocked`` so that the test fails even if the bot swallows the error.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterable
from typing import Any

LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost", "0.0.0.0"})


class SocketBlockedError(OSError):
    """A connection the guard refused: the host is neither the fake nor trusted."""


def _host_of(address: Any) -> str | None:
    """The host of a socket address; ``None`` for AF_UNIX paths and other families."""
    if isinstance(address, tuple) and address and isinstance(address[0], str):
        return address[0].lower()
    return None


class SocketBlock:
    """Context manager: while active, only allowed hosts can be reached.

    ``allow`` decides on a host name or address. One block at a time per process
    (pytest runs one test at a time in a process); a second, nested one raises.
    """

    _active: SocketBlock | None = None
    _lock = threading.Lock()

    def __init__(
        self,
        allow: Callable[[str], bool],
        on_blocked: Callable[[str, int | None, str], None] | None = None,
    ):
        self.allow = allow
        self.on_blocked = on_blocked
        self.blocked: list[tuple[str, int | None, str]] = []
        self._saved: dict[str, Any] = {}

    def _refuse(self, host: str, port: int | None, how: str) -> SocketBlockedError:
        self.blocked.append((host, port, how))
        if self.on_blocked is not None:
            self.on_blocked(host, port, how)
        where = f"{host}:{port}" if port is not None else host
        return SocketBlockedError(
            f"mockmessenger blocked a {how} to {where} during a guarded test: only the fake "
            "Messenger platform and hosts trusted by the boundary policy may be reached"
        )

    def __enter__(self) -> SocketBlock:
        with SocketBlock._lock:
            if SocketBlock._active is not None:
                raise RuntimeError("a mockmessenger socket block is already active")
            SocketBlock._active = self
        block = self
        real_connect = socket.socket.connect
        real_connect_ex = socket.socket.connect_ex
        real_getaddrinfo = socket.getaddrinfo
        self._saved = {
            "connect": real_connect,
            "connect_ex": real_connect_ex,
            "getaddrinfo": real_getaddrinfo,
        }

        def check(address: Any) -> None:
            host = _host_of(address)
            if host is not None and not block.allow(host):
                port = address[1] if len(address) > 1 else None
                raise block._refuse(host, port, "connection")

        def connect(sock: socket.socket, address: Any) -> None:
            check(address)
            return real_connect(sock, address)

        def connect_ex(sock: socket.socket, address: Any) -> int:
            check(address)
            return real_connect_ex(sock, address)

        def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            name = host.decode() if isinstance(host, bytes) else host
            if isinstance(name, str) and not block.allow(name.lower()):
                raise block._refuse(
                    name.lower(), port if isinstance(port, int) else None, "DNS lookup"
                )
            return real_getaddrinfo(host, port, *args, **kwargs)

        socket.socket.connect = connect  # type: ignore[method-assign]
        socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
        socket.getaddrinfo = getaddrinfo
        return self

    def __exit__(self, *exc_info: object) -> None:
        socket.socket.connect = self._saved["connect"]  # type: ignore[method-assign]
        socket.socket.connect_ex = self._saved["connect_ex"]  # type: ignore[method-assign]
        socket.getaddrinfo = self._saved["getaddrinfo"]
        with SocketBlock._lock:
            SocketBlock._active = None


def host_allower(
    trusted: Callable[[str], bool], *, loopback: bool, extra: Iterable[str] = ()
) -> Callable[[str], bool]:
    """``allow(host)``: loopback when the door needs it, extra hosts, then the policy."""
    extra_hosts = {h.lower() for h in extra}

    def allow(host: str) -> bool:
        if loopback and (host in LOOPBACK or host.startswith("127.")):
            return True
        if host in extra_hosts:
            return True
        return bool(trusted(host))

    return allow
