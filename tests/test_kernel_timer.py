"""The real clock's wake-ups: once, never before their moment, called off cleanly, no file left open."""

from __future__ import annotations

import asyncio
import os
import sys
import time

import pytest

from kicktimer.app.clock import MonotonicClock
from kicktimer.app.kernel_timer import KernelWakeup

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="timerfd is Linux's")


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


async def test_a_wake_up_comes_once_and_not_before_its_moment() -> None:
    clock = MonotonicClock()
    woken: list[float] = []
    files = open_files()
    at = clock.now() + 0.03
    wakeup = clock.schedule(at, lambda: woken.append(time.monotonic()))
    assert isinstance(wakeup, KernelWakeup)  # the kernel's timer, not call_at, on Linux
    while not woken:
        await asyncio.sleep(0.01)
    await asyncio.sleep(0.05)
    assert len(woken) == 1
    assert woken[0] >= at
    assert open_files() == files


async def test_a_wake_up_called_off_never_comes_and_closes_its_file() -> None:
    clock = MonotonicClock()
    woken: list[float] = []
    files = open_files()
    wakeup = clock.schedule(clock.now() + 0.02, lambda: woken.append(time.monotonic()))
    assert open_files() == files + 1
    wakeup.cancel()
    wakeup.cancel()  # twice is harmless
    assert open_files() == files
    await asyncio.sleep(0.06)
    assert woken == []


async def test_a_moment_already_passed_wakes_at_once() -> None:
    clock = MonotonicClock()
    woken = asyncio.Event()
    clock.schedule(clock.now() - 5.0, woken.set)
    await asyncio.wait_for(woken.wait(), 5.0)
