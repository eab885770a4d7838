"""The event loop `kick run` runs on: one that sleeps to the microsecond.

asyncio's default loop on Linux sleeps in `epoll_wait`, whose timeout is in
whole milliseconds, and Python rounds it up twice (the selector to the
millisecond, then `epoll.poll` again on a float a hair above it), so every
`call_at` came 0.8-1.8 ms late: the step boundaries and Textual's own
frame timer alike (bench/screen_boundaries.py --trace). `select()` takes
its timeout as a `timeval`, in microseconds, and the kernel keeps it with a
high-resolution timer, so the same loop wakes within ~0.15 ms of the moment,
still sleeping until then (nothing polls), with the standard library only:
a timerfd would need ctypes before Python 3.13, 0.86 MiB of a run's peak
memory. `select()` handles descriptors below 1024, far more than a terminal
app with a few devices and browser clients opens.

Windows keeps asyncio's default (its selector loop cannot read a console).
"""

from __future__ import annotations

import asyncio
import selectors
import sys
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from textual.app import App

ReturnType = TypeVar("ReturnType")


def precise_event_loop() -> asyncio.AbstractEventLoop:
    """A new loop whose timers wake to the microsecond (asyncio's default on Windows)."""
    if sys.platform == "win32":
        return asyncio.new_event_loop()
    return asyncio.SelectorEventLoop(selectors.SelectSelector())


def run_app(app: App[ReturnType], *, headless: bool = False) -> ReturnType | None:
    """`app.run()`, on the precise loop, ended as `asyncio.run` ends its own (tasks left are cancelled)."""
    with asyncio.Runner(loop_factory=precise_event_loop) as runner:
        return runner.run(app.run_async(headless=headless))
