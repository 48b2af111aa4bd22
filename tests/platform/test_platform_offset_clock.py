"""OffsetClock: real time that a test can still push past the 24-hour window."""

import time

from mockmessenger.platform import OffsetClock


def test_offset_clock_follows_real_time_and_advances() -> None:
    clock = OffsetClock()
    assert abs(clock.now() - time.time()) < 5
    before = clock.now()
    clock.advance(25 * 3600)
    assert clock.now() - before >= 25 * 3600
