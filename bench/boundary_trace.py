"""Run `kick` with each step boundary's way to the terminal timestamped (bench/screen_boundaries.py --trace).

Run: python bench/boundary_trace.py TRACE.json run WORKOUT [flags...]

The program is kick itself, with a few of its and Textual's methods wrapped
(nothing else changes) so that each moment between an engine deadline and
the bytes leaving for the terminal is noted with `time.monotonic()`:

  wake / woken      the run's wake-up starts and ends (`RunControl.wake`),
                    with the deadline it was scheduled for and the laps so far
  resume            the screen's update timer is resumed (something to draw)
  frame / framed    the screen's update tick starts and ends
  display / shown   `App._display` hands the frame to the driver and returns
  written / flushed the writer thread's write and flush of each chunk return
  after / done      work kept for after the frame (a lap's commit) runs
  gc / gc_end       a garbage collection starts and ends (with its generation)

Each note also has the noting thread's CPU time, so the bench can tell, for
the main thread's stretches (wake-up, update tick), how much of their wall
time the thread was not running: waiting for a core or for the interpreter.
One (monotonic, wall) anchor is written with the notes, so the bench can set
them beside the times it reads the bytes from the pty. Kept out of `src/`:
a runner's kick carries none of it.
"""

from __future__ import annotations

import atexit
import functools
import gc
import importlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

NOTES: list[tuple[str, float, object, float]] = []


def note(name: str, extra: object = None) -> None:
    """The moment, and the CPU time of the thread noting it: wall time it did not get is time off the CPU."""
    NOTES.append((name, time.monotonic(), extra, time.thread_time()))


def around(
    owner: type, method: str, before: str, after: str, extra: Callable[..., object] | None = None
) -> None:
    """Wrap `owner.method` so its start and end are noted."""
    original = getattr(owner, method)

    @functools.wraps(original)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        note(before, None if extra is None else extra(*args))
        try:
            return original(*args, **kwargs)
        finally:
            note(after)

    setattr(owner, method, wrapped)


def install(out: str) -> None:
    from textual.app import App
    from textual.screen import Screen
    from textual.timer import Timer

    from kicktimer.app import terminal_driver
    from kicktimer.app.run_control import RunControl

    def wake_extra(run: RunControl) -> object:
        laps = 0 if run.session is None else len(run.session.log.completed)
        return {"at": run.next_wake_at, "laps": laps}

    original_wake = RunControl.wake

    def wake(run: RunControl) -> None:
        note("wake", wake_extra(run))
        try:
            original_wake(run)
        finally:
            note("woken", 0 if run.session is None else len(run.session.log.completed))

    RunControl.wake = wake  # type: ignore[method-assign]

    original_after = RunControl._after_the_frame

    def after_the_frame(run: RunControl, waiting: list[Callable[[], None]]) -> None:
        def traced(work: Callable[[], None]) -> Callable[[], None]:
            def run_it() -> None:
                note("after")
                try:
                    work()
                finally:
                    note("done")

            return run_it

        original_after(run, [traced(work) for work in waiting])

    RunControl._after_the_frame = after_the_frame  # type: ignore[method-assign]

    original_resume = Timer.resume

    def resume(timer: Timer) -> None:
        if timer.name == "screen_update" and not timer._active.is_set():
            note("resume")
        original_resume(timer)

    Timer.resume = resume  # type: ignore[method-assign]
    around(Screen, "_on_timer_update", "frame", "framed")
    around(App, "_display", "display", "shown")

    output = terminal_driver.TerminalOutput
    original_write, original_flush = output.write, output.flush

    def write(self: terminal_driver.TerminalOutput, text: str) -> int:
        written = original_write(self, text)
        note("written", len(text))
        return written

    def flush(self: terminal_driver.TerminalOutput) -> None:
        original_flush(self)
        note("flushed")

    output.write = write  # type: ignore[method-assign]
    output.flush = flush  # type: ignore[method-assign]

    def collected(phase: str, info: dict[str, int]) -> None:
        note("gc" if phase == "start" else "gc_end", info["generation"])

    gc.callbacks.append(collected)
    if os.environ.get("KICK_TRACE_SWITCH_INTERVAL"):  # to try another interval between threads
        sys.setswitchinterval(float(os.environ["KICK_TRACE_SWITCH_INTERVAL"]))
    for spec in filter(None, os.environ.get("KICK_TRACE_MORE", "").split(",")):
        # module:Class.method, noted as "Class.method" and "Class.method end" (for a closer look)
        module, _, qualified = spec.partition(":")
        owner_name, _, method = qualified.rpartition(".")
        owner = importlib.import_module(module)
        for part in owner_name.split("."):
            owner = getattr(owner, part)
        around(owner, method, qualified, qualified + " end")  # type: ignore[arg-type]

    def dump() -> None:
        anchor = {"monotonic": time.monotonic(), "wall": time.time()}
        with open(out, "w", encoding="utf-8") as file:
            json.dump(
                {
                    "anchor": anchor,
                    "switch_interval": sys.getswitchinterval(),
                    "threads": [thread.name for thread in threading.enumerate()],
                    "notes": NOTES,
                },
                file,
            )

    atexit.register(dump)


def main() -> int:
    out, *argv = sys.argv[1:]
    import kicktimer.app  # noqa: F401 (first: it sets TEXTUAL_FPS before Textual is imported)
    from kicktimer.cli import main as kick

    install(out)
    return kick(argv)


if __name__ == "__main__":
    raise SystemExit(main())
