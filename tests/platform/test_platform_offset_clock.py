"""OffsetClock: real time that a test can still push past the 24-hour window."""

import math
import time

import pytest

from mockmessenger.platform import FakeClock, OffsetClock


def test_offset_clock_follows_real_time_and_advances() -> None:
    clock = OffsetClock()
    assert abs(clock.now() - time.time()) < 5
    before = clock.now()
    clock.advance(25 * 3600)
    assert clock.now() - before >= 25 * 3600


def test_clocks_refuse_a_step_that_is_not_finite() -> None:
    """A NaN step would make every later time NaN: the platform could never answer again."""
    for clock in (OffsetClock(), FakeClock(start=1_780_000_000.0)):
        for step in (float("nan"), float("inf"), float("-inf")):
            with pytest.raises(ValueError, match="finite"):
                clock.advance(step)
        clock.advance(1)
        assert math.isfinite(clock.now())
