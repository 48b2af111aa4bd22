"""The shared loop starts its background thread only for a bot that leaves work behind."""

from __future__ import annotations

import asyncio
import threading

from mockmessenger.transports.inprocess import SharedLoop


def loop_threads() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "mockmessenger-loop")


async def quick() -> str:
    return "done"


def test_no_thread_while_nothing_is_left_pending():
    before = loop_threads()
    shared = SharedLoop()
    try:
        assert shared.run(quick(), timeout=5) == "done"
        assert loop_threads() == before
    finally:
        shared.close()


def test_work_left_behind_goes_on_in_a_thread_between_steps():
    before = loop_threads()
    shared = SharedLoop()
    finished = threading.Event()

    async def leave_work() -> None:
        async def later() -> None:
            await asyncio.sleep(0.01)
            finished.set()

        asyncio.get_running_loop().create_task(later())

    try:
        shared.run(leave_work(), timeout=5)
        assert loop_threads() == before + 1
        assert finished.wait(timeout=5)  # ran with no step driving the loop
    finally:
        shared.close()
    assert loop_threads() == before
