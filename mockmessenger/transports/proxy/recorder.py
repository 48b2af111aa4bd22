"""mitmproxy addon: record a conversation and write it as a scrubbed scenario.

Run mitmproxy twice over: as a reverse proxy in front of the bot's webhook (what
Meta delivers) and as a regular proxy for the bot's egress (what the bot sends)::

    mitmdump -s mockmessenger/transports/proxy/recorder.py \\
        --mode reverse:http://127.0.0.1:8080@8081 --mode regular@8082 \\
        --set connection_strategy=lazy --set record_out=scenarios/recorded/login.yaml

and point Meta's webhook at port 8081, the bot's ``HTTPS_PROXY`` at port 8082.
When mitmproxy stops, the exchanges become a scenario (``mockmessenger.recording``):
scrubbed, scanned by the guard, and written only if nothing real is left.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from mitmproxy import ctx, http

from mockmessenger.recording.capture import Captured, from_flow

log = logging.getLogger("mockmessenger.proxy.recorder")


class Recorder:
    """Keeps every finished exchange; :meth:`write` turns them into a scenario file."""

    def __init__(self, out: str | Path | None = None, *, guard: Any = None, seed: int = 0) -> None:
        self.out = Path(out) if out else None
        self.guard = guard
        self.seed = seed
        self.name = "recorded conversation"
        self.policy_path = ""
        self._captured: list[Captured] = []
        self._lock = threading.Lock()

    @property
    def captured(self) -> list[Captured]:
        with self._lock:
            return list(self._captured)

    def clear(self) -> None:
        with self._lock:
            self._captured.clear()

    # -- mitmproxy hooks ---------------------------------------------------
    def load(self, loader: Any) -> None:
        loader.add_option("record_out", str, str(self.out or ""), "Scenario file to write at exit.")
        loader.add_option("record_name", str, self.name, "Name of the recorded scenario.")
        loader.add_option("record_seed", int, self.seed, "Seed of the synthetic stand-ins.")
        loader.add_option(
            "record_policy", str, "", "Policy the final scan uses (default policy if empty)."
        )

    def configure(self, updated: set[str]) -> None:
        if "record_out" in updated:
            self.out = Path(ctx.options.record_out) if ctx.options.record_out else None
        if "record_name" in updated:
            self.name = ctx.options.record_name
        if "record_seed" in updated:
            self.seed = ctx.options.record_seed
        if "record_policy" in updated:
            self.policy_path = ctx.options.record_policy

    def response(self, flow: http.HTTPFlow) -> None:
        with self._lock:
            self._captured.append(from_flow(flow, origin=f"flow {flow.id}"))

    def done(self) -> None:
        if self.out is None:
            return
        try:
            path = self.write(self.out)
        except Exception as exc:  # mitmproxy is shutting down: say it loudly, don't crash
            log.error("%s", exc)
            print(f"mockmessenger recorder: {exc}")
            return
        print(f"mockmessenger recorder: wrote {path}")

    # -- output ------------------------------------------------------------
    def build(self) -> Any:
        """The scrubbed, checked :class:`Recording` of what was seen so far."""
        from mockmessenger.recording.to_scenario import build_recording

        return build_recording(self.captured, guard=self._guard(), seed=self.seed, name=self.name)

    def write(self, path: str | Path) -> Path:
        """Build and write the scenario; raises (and writes nothing) if anything real is left."""
        from mockmessenger.recording.to_scenario import write_recording

        return write_recording(self.build(), path)

    def _guard(self) -> Any:
        if self.guard is None:
            from mockmessenger.boundary import Guard, Policy

            policy = Policy.load(self.policy_path) if self.policy_path else Policy.default()
            self.guard = Guard(policy=policy)
        return self.guard


addons = [Recorder()]
