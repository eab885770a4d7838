"""The loop `kick run` runs on: it sleeps for exactly the time left, and ends like asyncio.run."""

from __future__ import annotations

import asyncio
import selectors
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
from textual.app import App

from kicktimer.app.clock import MonotonicClock
from kicktimer.app.event_loop import precise_event_loop, run_app

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="Windows keeps asyncio's default loop")


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The timeouts the loop sleeps for in select(), in order (a zero one is a look, not a sleep)."""
    slept: list[float] = []
    real_select = selectors.SelectSelector._select

    def recording_select(r: Any, w: Any, x: Any, timeout: float | None = None) -> Any:
        if timeout:
            slept.append(timeout)
        return real_select(r, w, x, timeout)

    monkeypatch.setattr(selectors.SelectSelector, "_select", staticmethod(recording_select))
    return slept


def on_precise_loop(main: Callable[[], Any]) -> Any:
    with asyncio.Runner(loop_factory=precise_event_loop) as runner:
        return runner.run(main())


@posix_only
def test_the_loop_sleeps_the_time_left_to_the_microsecond_not_whole_milliseconds(sleeps: list[float]) -> None:
    async def main() -> None:
        clock = MonotonicClock()
        woken = asyncio.Event()
        clock.schedule(clock.now() + 0.0123456, woken.set)
        await woken.wait()

    on_precise_loop(main)
    assert sleeps, "the loop never slept in select()"
    first = sleeps[0]
    assert 0.010 < first <= 0.0123456
    assert round(first * 1000) != first * 1000  # not whole milliseconds, as epoll's are


@posix_only
def test_a_long_sleep_ends_before_the_kernel_could_stretch_it_then_a_short_one_ends_on_the_moment(
    sleeps: list[float],
) -> None:

    async def main() -> float:
        clock = MonotonicClock()
        woken: list[float] = []
        done = asyncio.Event()
        at = clock.now() + 0.5
        clock.schedule(at, lambda: (woken.append(time.monotonic()), done.set()))
        await done.wait()
        return woken[0] - at

    late = on_precise_loop(main)
    assert late >= 0
    long_sleep, *short_sleeps = sleeps
    # Linux may add up to 0.1 % to a sleep: the long one stops short by that
    assert 0.498 < long_sleep <= 0.5 - 0.5 / 1000
    assert all(sleep <= 0.001 for sleep in short_sleeps)  # the rest, if the kernel left any, is a short sleep


def test_a_wake_up_comes_once_and_not_before_its_moment() -> None:
    async def main() -> list[float]:
        clock = MonotonicClock()
        woken: list[float] = []
        at = clock.now() + 0.03
        clock.schedule(at, lambda: woken.append(time.monotonic()))
        while not woken:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)
        assert woken[0] >= at
        return woken

    assert len(on_precise_loop(main)) == 1


def test_a_wake_up_called_off_never_comes() -> None:
    async def main() -> list[float]:
        clock = MonotonicClock()
        woken: list[float] = []
        clock.schedule(clock.now() + 0.02, lambda: woken.append(time.monotonic())).cancel()
        await asyncio.sleep(0.06)
        return woken

    assert on_precise_loop(main) == []


class LeavesATaskBehind(App[str]):
    """Starts a task that never ends by itself, then exits with a value."""

    left_behind: asyncio.Task[None] | None = None

    def on_mount(self) -> None:
        self.left_behind = asyncio.get_running_loop().create_task(asyncio.Event().wait())
        self.exit("done")


def test_run_app_returns_the_apps_value_and_cancels_what_it_left_running() -> None:
    app = LeavesATaskBehind()
    assert run_app(app, headless=True) == "done"
    assert app.left_behind is not None
    assert app.left_behind.cancelled()
