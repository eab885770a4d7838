"""A wake-up at an exact monotonic moment from the kernel (Linux `timerfd`), on the asyncio loop.

asyncio's `call_at` sleeps in `epoll_wait`, whose timeout is whole
milliseconds rounded up, and Python rounds it up twice (the selector to the
millisecond, then `epoll.poll` again on a float a hair above it), so a
`call_at` ran 0.8 ms late at the median and 1.7 ms at p90 on this machine,
and a step boundary's wake-up inside kick 1.8 ms late (median,
bench/screen_boundaries.py --trace). A timerfd armed for the absolute moment
on CLOCK_MONOTONIC (the clock `time.monotonic()` reads, in nanoseconds)
becomes readable at that moment; the loop waits on it as on any file, so it
still sleeps until then: nothing polls. Measured the same way: 0.12 ms late.

Where there is no timerfd (not Linux, no C library to call), `wake_at`
returns None and the caller keeps `call_at`. Python 3.13 has
`os.timerfd_create`; older ones call the C library through ctypes.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import sys
import time
from collections.abc import Callable

_CLOCK_MONOTONIC = 1
_TFD_TIMER_ABSTIME = 1


class _Timespec(ctypes.Structure):
    _fields_ = [("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long)]


class _Itimerspec(ctypes.Structure):
    _fields_ = [("it_interval", _Timespec), ("it_value", _Timespec)]


def _c_library() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.timerfd_create.argtypes = (ctypes.c_int, ctypes.c_int)
        libc.timerfd_settime.argtypes = (
            ctypes.c_int,
            ctypes.c_int,
            ctypes.POINTER(_Itimerspec),
            ctypes.c_void_p,
        )
    except (OSError, AttributeError):
        return None
    return libc


_LIBC = None if sys.version_info >= (3, 13) else _c_library()


def _arm(at: float) -> int | None:
    """A non-blocking timerfd that becomes readable at monotonic `at`; None where there is none."""
    nanoseconds = max(1, round(at * 1e9))  # an all-zero time would disarm it; a moment passed fires at once
    flags = os.O_NONBLOCK | os.O_CLOEXEC
    if sys.version_info >= (3, 13):
        if not hasattr(os, "timerfd_create"):
            return None
        fd: int = os.timerfd_create(time.CLOCK_MONOTONIC, flags=flags)
        try:
            os.timerfd_settime_ns(fd, flags=os.TFD_TIMER_ABSTIME, initial=nanoseconds)
        except OSError:
            os.close(fd)
            raise
        return fd
    if _LIBC is None:
        return None
    fd = int(_LIBC.timerfd_create(_CLOCK_MONOTONIC, flags))
    if fd < 0:
        return None
    when = _Itimerspec(_Timespec(0, 0), _Timespec(*divmod(nanoseconds, 1_000_000_000)))
    if _LIBC.timerfd_settime(fd, _TFD_TIMER_ABSTIME, ctypes.byref(when), None) != 0:
        os.close(fd)
        return None
    return fd


class KernelWakeup:
    """One armed timerfd on the loop: calls back once when it fires, unless cancelled first."""

    def __init__(self, loop: asyncio.AbstractEventLoop, fd: int, callback: Callable[[], None]) -> None:
        self._loop = loop
        self._fd: int | None = fd
        self._callback = callback
        loop.add_reader(fd, self._fired)

    def cancel(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            self._loop.remove_reader(fd)
            os.close(fd)

    @property
    def cancelled(self) -> bool:
        """Fired or called off: the file is closed either way."""
        return self._fd is None

    def _fired(self) -> None:
        if self._fd is None:
            return
        self.cancel()
        self._callback()


def wake_at(loop: asyncio.AbstractEventLoop, at: float, callback: Callable[[], None]) -> KernelWakeup | None:
    """Call `callback` on `loop` at monotonic `at` (at once if it has passed); None: no timerfd here."""
    try:
        fd = _arm(at)
    except OSError:
        return None
    if fd is None:
        return None
    try:
        return KernelWakeup(loop, fd, callback)
    except (NotImplementedError, OSError):  # a loop that cannot watch files (e.g. the Windows proactor)
        os.close(fd)
        return None
