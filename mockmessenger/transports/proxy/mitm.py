"""Run mitmproxy for a test or a recording: in this process, or as ``mitmdump``.

In-process is the default: the addons share the caller's :class:`Platform` and
:class:`Guard` objects, and start-up is a fraction of a second. ``MitmdumpProcess``
runs the same addons in a separate ``mitmdump`` for people who want mitmproxy's own
process (and for the documented ``mitmdump -s`` commands).

Both always set ``connection_strategy=lazy`` (otherwise mitmproxy dials the real host
on CONNECT and, offline, the bot gets a 502 before any addon can answer) and give
each run its own ``confdir``, so the CA is made for the run and thrown away.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockmessenger.errors import MockMessengerError

#: The options every run needs, whatever the addons.
BASE_OPTIONS: dict[str, Any] = {
    "connection_strategy": "lazy",
    "upstream_cert": False,
    "listen_host": "127.0.0.1",
}

CA_CERT_NAME = "mitmproxy-ca-cert.pem"


class ProxyStartError(MockMessengerError):
    """mitmproxy did not come up (bad mode, port taken, addon crashed)."""


@dataclass(frozen=True)
class Listener:
    """One address mitmproxy listens on, with the mode it serves there."""

    mode: str
    host: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


def make_confdir(prefix: str = "mockmessenger-mitm-") -> Path:
    """A fresh, private confdir: mitmproxy writes a new CA into it on start-up."""
    return Path(tempfile.mkdtemp(prefix=prefix))


def proxy_env(proxy_url: str, ca_cert: Path | str) -> dict[str, str]:
    """Environment variables that route a bot's egress through the proxy and trust its CA.

    Upper and lower case both: curl and Go read the lower-case ones, most others the
    upper-case ones. ``NO_PROXY`` keeps the webhook calls to the bot itself direct.
    """
    ca = str(ca_cert)
    env = {
        "HTTPS_PROXY": proxy_url,
        "HTTP_PROXY": proxy_url,
        "NO_PROXY": "127.0.0.1,localhost",
        "REQUESTS_CA_BUNDLE": ca,
        "SSL_CERT_FILE": ca,
        "NODE_EXTRA_CA_CERTS": ca,
        "CURL_CA_BUNDLE": ca,
    }
    env.update({key.lower(): value for key, value in env.items() if key.endswith("PROXY")})
    return env


def lean_addons() -> list[object]:
    """The mitmproxy addons a test proxy needs, and no more.

    mitmproxy calls every addon on every event; its ~30 default addons (replay,
    map-local, cookie handling, HAR export...) cost time on each request and do
    nothing here. Kept: the core, the listeners, protocol detection, DNS, TLS
    interception, and the h2c guard.
    """
    from mitmproxy.addons import core, disable_h2c, dns_resolver, next_layer, proxyserver, tlsconfig

    return [
        core.Core(),
        disable_h2c.DisableH2C(),
        proxyserver.Proxyserver(),
        dns_resolver.DnsResolver(),
        next_layer.NextLayer(),
        tlsconfig.TlsConfig(),
    ]


class _Ready:
    """Internal addon: tells the starting thread that the listeners are up."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def running(self) -> None:
        self.event.set()


class _ProxyAddresses:
    """Where a started proxy listens and what a bot needs to use it (both kinds of run)."""

    listeners: list[Listener]
    confdir: Path

    def listener(self, mode_prefix: str = "regular") -> Listener:
        for listener in self.listeners:
            if listener.mode.startswith(mode_prefix):
                return listener
        raise KeyError(mode_prefix)

    @property
    def url(self) -> str:
        """URL of the regular (forward) proxy."""
        return self.listener("regular").url

    @property
    def ca_cert(self) -> Path:
        return self.confdir / CA_CERT_NAME

    def env_for_bot(self) -> dict[str, str]:
        """Environment that sends a bot's egress through this proxy (see :func:`proxy_env`)."""
        return proxy_env(self.url, self.ca_cert)


class MitmProxy(_ProxyAddresses):
    """mitmproxy's ``Master`` on its own event-loop thread in this process.

    ``modes`` are mitmproxy mode specs without a listen address (``"regular"``,
    ``"reverse:http://127.0.0.1:8000"``); each gets a free port on 127.0.0.1, the
    first one ``port`` if given. ``confdir`` defaults to a fresh temporary directory
    (removed on stop); give one to keep a CA the bot already trusts.
    """

    def __init__(
        self,
        addons: Sequence[object],
        *,
        modes: Sequence[str] = ("regular",),
        confdir: Path | None = None,
        options: Mapping[str, Any] | None = None,
        port: int = 0,
    ) -> None:
        self.addons = list(addons)
        self.port = port
        self.modes = [m.split("@")[0] for m in modes]
        self._own_confdir = confdir is None
        self.confdir = confdir or make_confdir()
        self.options = dict(options or {})
        self.listeners: list[Listener] = []
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._master: Any = None
        self._error: BaseException | None = None

    # -- lifecycle ---------------------------------------------------------
    def start(self, timeout: float = 20.0) -> MitmProxy:
        ready = _Ready()
        self._thread = threading.Thread(
            target=self._run, args=(ready,), name="mockmessenger-mitmproxy", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not ready.event.wait(0.05):
            if self._error is not None or not self._thread.is_alive():
                self.stop()
                raise ProxyStartError(f"mitmproxy failed to start: {self._error!r}")
            if time.monotonic() > deadline:
                self.stop()
                raise ProxyStartError(f"mitmproxy did not start within {timeout:.0f}s")
        self.listeners = self._collect_listeners()
        if len(self.listeners) != len(self.modes):
            self.stop()
            raise ProxyStartError(f"mitmproxy listens on {self.listeners}, expected {self.modes}")
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Shut mitmproxy down and remove the run's CA; safe to call twice."""
        loop, master = self._loop, self._master
        if loop is not None and master is not None and not loop.is_closed():
            # RuntimeError: the loop finished between the check and the call.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(master.shutdown)
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        if self._own_confdir:
            shutil.rmtree(self.confdir, ignore_errors=True)

    def __enter__(self) -> MitmProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    #: What ``ProxyDoor`` and the in-process tests call :meth:`env_for_bot`.
    env = _ProxyAddresses.env_for_bot

    # -- internals ---------------------------------------------------------
    def _run(self, ready: _Ready) -> None:
        try:
            asyncio.run(self._main(ready))
        except BaseException as exc:
            self._error = exc

    async def _main(self, ready: _Ready) -> None:
        from mitmproxy import master as mitm_master
        from mitmproxy import options

        self._loop = asyncio.get_running_loop()
        self._loop.set_exception_handler(_quiet_on_cancel)
        opts = options.Options(confdir=str(self.confdir))
        master = mitm_master.Master(opts)
        master.addons.add(*lean_addons(), *self.addons, ready)
        settings = {**BASE_OPTIONS, **self.options}
        # mitmproxy refuses two listeners on port 0; the first gets an OS-chosen port,
        # the others a port that was free a moment ago.
        ports = [self.port] + [free_port() for _ in self.modes[1:]]
        settings["mode"] = [
            f"{mode}@127.0.0.1:{port}" for mode, port in zip(self.modes, ports, strict=True)
        ]
        master.options.update(**settings)
        self._master = master
        try:
            await master.run()
        finally:
            # master.run() returns with the listening sockets still open: close them,
            # or the port stays taken until this process exits.
            await master.addons.get("proxyserver").servers.update([])

    def _collect_listeners(self) -> list[Listener]:
        proxyserver = self._master.addons.get("proxyserver")
        found: list[Listener] = []
        for instance in proxyserver.servers:
            spec = instance.mode.full_spec.split("@")[0]
            for host, port, *_ in instance.listen_addrs:
                found.append(Listener(spec, host, port))
        return found


def _quiet_on_cancel(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """Keep-alive connections cancelled at shutdown are normal, not worth a traceback."""
    if isinstance(context.get("exception"), asyncio.CancelledError):
        return
    loop.default_exception_handler(context)


def free_port() -> int:
    """A TCP port that was free a moment ago on 127.0.0.1 (for subprocesses that need one)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(
    host: str, port: int, timeout: float, alive: Any = None, what: str = "server"
) -> None:
    """Wait until something accepts connections on ``host:port``.

    ``alive`` is a callable returning False when the process we wait for died, so a
    crash is reported at once instead of after the timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.2):
                return
        except OSError:
            pass
        if alive is not None and not alive():
            raise ProxyStartError(f"{what} exited before listening on {host}:{port}")
        if time.monotonic() > deadline:
            raise ProxyStartError(f"{what} did not listen on {host}:{port} within {timeout:.0f}s")
        time.sleep(0.05)


def mitmdump_executable() -> str:
    """``mitmdump`` next to this Python first (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name("mitmdump")
    if beside.exists():
        return str(beside)
    found = shutil.which("mitmdump")
    if not found:
        raise ProxyStartError("mitmdump not found: install mitmproxy (pip install mitmproxy)")
    return found


class MitmdumpProcess(_ProxyAddresses):
    """``mitmdump -s <addon> ...`` as a child process on free ports of 127.0.0.1.

    ``modes`` as for :class:`MitmProxy`; ``listeners`` holds the address of each.
    """

    def __init__(
        self,
        scripts: Iterable[Path | str],
        *,
        options: Mapping[str, Any] | None = None,
        modes: Sequence[str] = ("regular",),
        confdir: Path | None = None,
        env: Mapping[str, str] | None = None,
        port: int = 0,
    ) -> None:
        self.scripts = [str(s) for s in scripts]
        self.port = port
        self.options = dict(options or {})
        self.modes = [m.split("@")[0] for m in modes]
        self._own_confdir = confdir is None
        self.confdir = confdir or make_confdir()
        self.env = dict(env or {})
        self.listeners: list[Listener] = []
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = self.confdir / "mitmdump.log"

    def command(self) -> list[str]:
        cmd = [mitmdump_executable(), "-q"]
        for listener in self.listeners:
            cmd += ["--mode", f"{listener.mode}@127.0.0.1:{listener.port}"]
        for script in self.scripts:
            cmd += ["-s", script]
        settings = {**BASE_OPTIONS, "confdir": str(self.confdir), **self.options}
        for key, value in settings.items():
            if isinstance(value, bool):
                value = "true" if value else "false"
            cmd += ["--set", f"{key}={value}"]
        return cmd

    def start(self, timeout: float = 30.0) -> MitmdumpProcess:
        ports = [self.port or free_port()] + [free_port() for _ in self.modes[1:]]
        self.listeners = [
            Listener(mode, "127.0.0.1", port) for mode, port in zip(self.modes, ports, strict=True)
        ]
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.command(),
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **self.env},
            start_new_session=True,
        )
        log.close()
        try:
            for listener in self.listeners:
                wait_for_port(
                    "127.0.0.1",
                    listener.port,
                    timeout,
                    alive=lambda: self.process is not None and self.process.poll() is None,
                    what="mitmdump",
                )
            self._wait_for_ca(timeout)
        except ProxyStartError as exc:
            output = self.output()
            self.stop()
            raise ProxyStartError(f"{exc}\n{output}") from None
        return self

    def _wait_for_ca(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while not (self.confdir / CA_CERT_NAME).exists():
            if time.monotonic() > deadline:
                raise ProxyStartError(f"mitmdump wrote no CA into {self.confdir}")
            time.sleep(0.05)

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> int | None:
        """SIGTERM (mitmproxy runs its ``done`` hooks), SIGKILL if it hangs; drop the CA."""
        process, self.process = self.process, None
        code = None
        if process is not None:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout)
            code = process.returncode
        if self._own_confdir:
            shutil.rmtree(self.confdir, ignore_errors=True)
        return code

    def __enter__(self) -> MitmdumpProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
