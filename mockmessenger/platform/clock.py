"""Clocks: the platform reads time through one so that tests can move it.

The 24-hour window, HUMAN_AGENT's 7 days, account-linking tokens and rate limits
all depend on time; ``FakeClock.advance`` lets a test cross them instantly.
"""

from __future__ import annotations

import math
import threading
import time


class SystemClock:
    """Wall-clock time in seconds since the epoch."""

    def now(self) -> float:
        return time.time()

    def advance(self, seconds: float) -> None:
        raise TypeError("the system clock cannot be advanced; use Platform(cfg, clock=FakeClock())")


class FakeClock:
    """A clock that starts at the real time and only moves when told to."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        _check_finite(seconds)
        with self._lock:
            self._now += seconds


class OffsetClock:
    """Real time plus an offset that :meth:`advance` grows.

    Time flows as usual (timestamps differ, rate limits refill), and a test can still
    jump past the 24-hour window: the clock the pytest plugin gives every test.
    """

    def __init__(self) -> None:
        self._offset = 0.0
        self._lock = threading.Lock()

    def now(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        _check_finite(seconds)
        with self._lock:
            self._offset += seconds


Clock = SystemClock | FakeClock | OffsetClock


def _check_finite(seconds: float) -> None:
    """A NaN or infinite step would stop the clock for good: every later time is NaN."""
    if not math.isfinite(seconds):
        raise ValueError(f"seconds must be a finite number, not {seconds!r}")


def ms(seconds: float) -> int:
    """Epoch milliseconds, as Meta writes timestamps in webhooks."""
    return int(seconds * 1000)
