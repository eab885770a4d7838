"""The shell's clock: what time it is, and a single wake-up at an exact moment.

The engine never reads a clock; the app reads this one and hands the engine
`Tick(now)`. Keeping "now" and "wake me at T" behind one small protocol lets
tests swap in `FakeClock`, which never sleeps: a test moves time with
`advance()` and then calls `KickApp.wake()` itself.

Times are monotonic seconds (they never jump when the wall clock is set);
`wall_now()` is read once per session to anchor monotonic times to local
wall-clock time for the history.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Protocol

from kicktimer.app.kernel_timer import wake_at


class Wakeup(Protocol):
    """A scheduled wake-up that can be called off."""

    def cancel(self) -> None: ...


class Clock(Protocol):
    """Monotonic time plus one-shot scheduling at an absolute moment."""

    def now(self) -> float:
        """Monotonic seconds."""
        ...

    def wall_now(self) -> datetime:
        """Local wall-clock time with its UTC offset (only used to anchor `now()`)."""
        ...

    def schedule(self, at: float, callback: Callable[[], None]) -> Wakeup:
        """Call `callback` once, as soon as `now() >= at` (at once if that moment has passed)."""
        ...


class MonotonicClock:
    """The real clock: `time.monotonic` and a kernel timer on the running asyncio loop.

    `schedule` arms a timerfd for the moment where Linux has one
    (`kicktimer.app.kernel_timer`: to the nanosecond, where `call_at` wakes
    up to 2 ms late), else uses `loop.call_at`; either way the loop sleeps
    until the moment (no polling). For `call_at` the loop's own clock is
    converted to, so the two clocks need not share an epoch.
    """

    def now(self) -> float:
        return time.monotonic()

    def wall_now(self) -> datetime:
        return datetime.now().astimezone()

    def schedule(self, at: float, callback: Callable[[], None]) -> Wakeup:
        loop = asyncio.get_running_loop()
        exact = wake_at(loop, at, callback)
        if exact is not None:
            return exact
        delay = max(0.0, at - self.now())
        return loop.call_at(loop.time() + delay, callback)


@dataclass
class _FakeWakeup:
    at: float
    callback: Callable[[], None]
    cancelled: bool = False

    def cancel(self) -> None:
        self.cancelled = True


_FAKE_WALL_START = datetime(2026, 3, 1, 7, 0, 0, tzinfo=timezone(timedelta(hours=1)))


class FakeClock:
    """A clock that only moves when told to, for deterministic tests.

    `schedule` records the wake-up instead of sleeping (`pending_at` shows
    when the app asked to be woken, or None when nothing is scheduled);
    `advance` moves time and fires nothing. Tests call `app.wake()` after
    advancing, exactly as the real clock's wake-up would.
    """

    def __init__(self, start: float = 1000.0, wall_start: datetime = _FAKE_WALL_START) -> None:
        self._start = start
        self._now = start
        self._wall_start = wall_start
        self._pending: _FakeWakeup | None = None
        self.scheduled: list[float] = []

    def now(self) -> float:
        return self._now

    def wall_now(self) -> datetime:
        return self._wall_start + timedelta(seconds=self._now - self._start)

    def schedule(self, at: float, callback: Callable[[], None]) -> Wakeup:
        self._pending = _FakeWakeup(at, callback)
        self.scheduled.append(at)
        return self._pending

    def advance(self, seconds: float) -> float:
        """Move time forward by `seconds` and return the new time."""
        if seconds < 0:
            raise ValueError("a monotonic clock does not go back")
        self._now += seconds
        return self._now

    def advance_to(self, at: float) -> float:
        """Move time forward to `at` (no-op if it has passed)."""
        self._now = max(self._now, at)
        return self._now

    @property
    def pending_at(self) -> float | None:
        """The moment of the live (not cancelled) wake-up, if any."""
        if self._pending is None or self._pending.cancelled:
            return None
        return self._pending.at
