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
from datetime import datetime, timedelta, timezone
from typing import Protocol


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


# Linux lets a sleep of T in select() or epoll_wait() end up to T/1000 late
# (the kernel's "slack" for timeouts: 0.1 %, at least the thread's timer
# slack of 50 µs), so a wake-up a second ahead came ~1 ms late. A sleep of a
# millisecond or less is kept to the thread's 50 µs.
_KERNEL_SLACK = 1 / 1000
_SHORT_SLEEP_S = 0.001


class ExactWakeup:
    """One wake-up at a monotonic moment, on time although the kernel stretches long sleeps.

    A sleep longer than a millisecond is cut short by the most the kernel
    may add to it (`_KERNEL_SLACK`); from there a second, short sleep ends
    on the moment. Both are sleeps of the loop until a computed moment:
    nothing polls, and a run's wake-up costs one more pass of the loop.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, at: float, callback: Callable[[], None]) -> None:
        self._loop = loop
        self._at = at
        self._callback = callback
        self._handle: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        left = self._at - time.monotonic()
        early = left * _KERNEL_SLACK if left > _SHORT_SLEEP_S else 0.0
        self._handle = self._loop.call_at(self._loop.time() + max(0.0, left - early), self._due)

    def _due(self) -> None:
        if time.monotonic() < self._at:
            self._arm()
            return
        self._handle = None
        self._callback()

    def cancel(self) -> None:
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None


class MonotonicClock:
    """The real clock: `time.monotonic` and a wake-up on the running asyncio loop.

    The loop sleeps until the moment (no polling). `kick run` runs on
    `app/event_loop.precise_event_loop`, whose sleeps are timed to the
    microsecond where asyncio's default loop rounds them up to whole
    milliseconds, and `ExactWakeup` takes out what the kernel may add to a
    long sleep. The loop's own clock is converted to, so the two clocks
    need not share an epoch.
    """

    def now(self) -> float:
        return time.monotonic()

    def wall_now(self) -> datetime:
        return datetime.now().astimezone()

    def schedule(self, at: float, callback: Callable[[], None]) -> Wakeup:
        return ExactWakeup(asyncio.get_running_loop(), at, callback)


class _FakeWakeup:
    """A wake-up the FakeClock only records (a plain class: `kick run` imports this module before its
    first frame, and defining a dataclass costs a quarter of a millisecond)."""

    __slots__ = ("at", "callback", "cancelled")

    def __init__(self, at: float, callback: Callable[[], None]) -> None:
        self.at = at
        self.callback = callback
        self.cancelled = False

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
