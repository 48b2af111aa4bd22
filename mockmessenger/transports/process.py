"""Run a bot, in any language, as a child process of the server door.

The bot gets the fake's coordinates in its environment (the same variables a
deployment would set), is considered ready once its URL answers HTTP at all,
and is always stopped (terminate, then kill) with its whole process group, so
that a ``sh -c`` or ``npm start`` wrapper never leaves a grandchild behind.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence

import httpx

from mockmessenger.errors import MockMessengerError

#: How much of the bot's own output a failure report quotes.
OUTPUT_TAIL_CHARS = 2000


class BotProcessError(MockMessengerError):
    """The bot process could not be started, died, or never became ready."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now (for the bot's ``PORT``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_until(
    condition: Callable[[], bool], timeout: float, interval: float = 0.02, what: str = "condition"
) -> None:
    """Poll ``condition`` until it holds; raise :class:`TimeoutError` naming ``what``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:g}s waiting for {what}")
        time.sleep(interval)


class BotProcess:
    """One bot command, started with extra environment variables.

    ``command`` is an argv list, or a string split with :func:`shlex.split`
    (use ``["sh", "-c", "..."]`` for shell syntax). Output goes to a temporary
    file rather than a pipe, so a chatty bot can never block on a full pipe,
    and its tail is quoted when the bot fails.
    """

    def __init__(
        self,
        command: str | Sequence[str],
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
    ) -> None:
        self.argv = shlex.split(command) if isinstance(command, str) else list(command)
        if not self.argv:
            raise BotProcessError("the bot command is empty")
        self.extra_env = dict(env or {})
        self.cwd = cwd
        self.process: subprocess.Popen[bytes] | None = None
        self._output = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the bot

    @property
    def command_text(self) -> str:
        return shlex.join(self.argv)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self) -> None:
        environment = {**os.environ, **self.extra_env}
        try:
            self.process = subprocess.Popen(
                self.argv,
                env=environment,
                cwd=self.cwd,
                stdin=subprocess.DEVNULL,
                stdout=self._output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError as exc:
            raise BotProcessError(f"could not start the bot `{self.command_text}`: {exc}") from exc

    def output(self) -> str:
        """Everything the bot printed so far (stdout and stderr interleaved)."""
        self._output.flush()
        self._output.seek(0)
        return self._output.read().decode("utf-8", "replace")

    def output_tail(self) -> str:
        text = self.output().strip()
        return text[-OUTPUT_TAIL_CHARS:] if text else "(no output)"

    def wait_ready(self, url: str, timeout: float = 15.0) -> None:
        """Wait until ``url`` answers HTTP (any status); fail early if the bot exits."""

        def answers() -> bool:
            if self.process is not None and self.process.poll() is not None:
                raise BotProcessError(
                    f"the bot `{self.command_text}` exited with status "
                    f"{self.process.returncode} before {url} answered; its output:\n"
                    f"{self.output_tail()}"
                )
            try:
                httpx.get(url, timeout=1.0)
            except httpx.TransportError:
                return False
            return True

        try:
            wait_until(answers, timeout, interval=0.05, what=f"the bot to answer at {url}")
        except TimeoutError as exc:
            raise BotProcessError(
                f"the bot `{self.command_text}` did not answer at {url} within {timeout:g}s; "
                f"its output:\n{self.output_tail()}"
            ) from exc

    def stop(self, grace: float = 5.0) -> int | None:
        """Terminate the bot's process group, then kill it if it outlives ``grace``."""
        process = self.process
        if process is None:
            return None
        if process.poll() is None:
            self._signal_group(process, signal.SIGTERM)
            try:
                process.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self._signal_group(process, signal.SIGKILL)
                process.wait(timeout=grace)
        # Reap any grandchild still in the group (e.g. a server forked by a shell wrapper).
        self._signal_group(process, signal.SIGKILL)
        return process.returncode

    def close(self) -> None:
        self.stop()
        self._output.close()

    @staticmethod
    def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, sig)
