"""Fault injection: make the platform slow, failing or forgetful on purpose.

A fault matches requests (method, a path substring, a PSID, the kind of call)
and fires a number of ``times`` (``None``: until cleared). Kinds:

- ``latency``: the answer is delayed by ``seconds`` (the delay is the fault);
- ``status``: the answer is an HTTP status with a Graph-shaped body;
- ``graph_error``: a Graph error by name (``rate_limited``, ``expired_token``...) or code/subcode;
- ``drop_webhook``: a webhook the platform would deliver is silently lost.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass
from typing import Any, Literal

from mockmessenger.platform.errors import NAMED_ERRORS, GraphError

FaultKind = Literal["latency", "status", "graph_error", "drop_webhook"]


@dataclass
class Fault:
    kind: FaultKind
    id: int = 0
    times: int | None = 1
    method: str | None = None
    path: str | None = None
    psid: str | None = None
    call: str | None = None  # "send", "profile", ... (Exchange.kind)
    seconds: float = 0.0
    status: int = 500
    error: GraphError | None = None
    event: str | None = None  # for drop_webhook: an event kind ("message", "postback"...)
    fired: int = 0

    def matches(self, method: str, path: str, psid: str | None, call: str | None) -> bool:
        if self.method and self.method.upper() != method.upper():
            return False
        if self.path and self.path not in path:
            return False
        if self.psid and self.psid != psid:
            return False
        return not (self.call and self.call != call)

    @property
    def spent(self) -> bool:
        return self.times is not None and self.fired >= self.times

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in self.__dict__.items() if k != "error" and v is not None}
        if self.error is not None:
            data["error"] = self.error.payload("")["error"]
        return data


class FaultInjector:
    """The faults armed on one platform; thread-safe."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            fault.id = next(self._ids)
            self._faults.append(fault)
        return fault

    def latency(self, seconds: float, *, times: int | None = 1, **match: Any) -> Fault:
        return self.add(Fault("latency", seconds=seconds, times=times, **match))

    def http_status(self, status: int, *, times: int | None = 1, **match: Any) -> Fault:
        return self.add(Fault("status", status=status, times=times, **match))

    def graph_error(
        self,
        name: str | None = None,
        *,
        code: int | None = None,
        subcode: int | None = None,
        message: str | None = None,
        status: int = 400,
        times: int | None = 1,
        **match: Any,
    ) -> Fault:
        if name is not None:
            if name not in NAMED_ERRORS:
                raise ValueError(
                    f"unknown Graph error {name!r}; known: {', '.join(sorted(NAMED_ERRORS))}"
                )
            error = NAMED_ERRORS[name]()
        elif code is not None:
            error = GraphError(code, message or f"(#{code}) Injected error", subcode, status)
        else:
            raise ValueError("graph_error needs a name or a code")
        return self.add(Fault("graph_error", error=error, times=times, **match))

    def drop_webhook(
        self, *, times: int | None = 1, event: str | None = None, psid: str | None = None
    ) -> Fault:
        return self.add(Fault("drop_webhook", times=times, event=event, psid=psid))

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()

    def remove(self, fault_id: int) -> bool:
        with self._lock:
            before = len(self._faults)
            self._faults = [f for f in self._faults if f.id != fault_id]
            return len(self._faults) != before

    @property
    def armed(self) -> list[Fault]:
        with self._lock:
            return [f for f in self._faults if not f.spent]

    def take(self, method: str, path: str, psid: str | None, call: str | None) -> list[Fault]:
        """Request faults that fire now (each counted once)."""
        if not self._faults:
            return []
        fired = []
        with self._lock:
            for fault in self._faults:
                if fault.kind == "drop_webhook" or fault.spent:
                    continue
                if fault.matches(method, path, psid, call):
                    fault.fired += 1
                    fired.append(fault)
        return fired

    def take_drop(self, kinds: list[str], psids: list[str | None]) -> bool:
        """True when a drop_webhook fault swallows a webhook holding these events."""
        with self._lock:
            for fault in self._faults:
                if fault.kind != "drop_webhook" or fault.spent:
                    continue
                if fault.event and fault.event not in kinds:
                    continue
                if fault.psid and fault.psid not in psids:
                    continue
                fault.fired += 1
                return True
        return False
