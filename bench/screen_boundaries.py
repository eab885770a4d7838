"""Step boundaries as drawn on screen: planned boundary → the frame reaching the terminal, read through a pty.

kick runs in a pseudo-terminal (80×24) on a workout of 1 s steps whose labels
alternate (Alpha, Bravo). Every chunk of output is timestamped (wall clock) as
it is read; a boundary is seen when the step label at the top left (row 1,
column 2) is written with the next step's name. The planned boundary is the
step's start as kick stored it in the history: the engine's exact planned
time, turned into wall-clock time with one anchor taken when the session
starts, to the millisecond. So each figure is "planned boundary → frame in
the terminal", with ±0.5 ms of rounding.

Side by side, in the same run, a bare Textual app in its own pty does the
floor: a Label changed at absolute monotonic deadlines (`loop.call_at`),
1 s apart, with its planned times written the same way. Each program starts
on Enter, 0.3 s after the one before, so no two of them draw a boundary at
the same moment on a machine of two cores (the two kicks used to share
theirs, each slowing the other's frame). With `--before SRC`,
kick from another checkout's `src/` (e.g. a worktree of an older commit)
runs at the same time in a pty of its own, for before/after in one run.

With `--trace`, each kick runs under bench/boundary_trace.py, and the bench
prints where each boundary's milliseconds went, from the engine's deadline:
the wake-up, the screen's update tick, the frame handed to the driver, the
writer thread's flush, and the bytes read from the pty (medians, p90 and
max), with the garbage collections and the after-frame work that fell in
between.

kick runs with `--mute --no-voice` unless `--sound` is given: then it has
its sound and voice on, as a runner does by default (where no sound device
works, kick falls back to the terminal bell; espeak-ng speaks each step).

Run: .venv/bin/python bench/screen_boundaries.py [--steps 40] [--rounds 2] [--before DIR] [--trace] [--sound]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import re
import select
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

LABEL = re.compile(rb"\x1b\[1;\d+H(?:\x1b\[[0-9;]*m)*(Alpha|Bravo)")
BARE_APP = """\
import asyncio, json, sys, time
from textual.app import App
from textual.widgets import Label

STEPS, OUT = int(sys.argv[1]), sys.argv[2]


class Bare(App[None]):
    CSS = "Label { width: 100%; }"

    def compose(self):
        yield Label("Start", id="step")

    def on_key(self, event):
        if event.key != "enter" or hasattr(self, "start"):
            return
        loop = asyncio.get_running_loop()
        self.anchor = (time.time(), loop.time())
        self.start = loop.time()
        self.planned = []
        for n in range(STEPS):
            loop.call_at(self.start + n, self.step, n)
        loop.call_at(self.start + STEPS + 0.5, self.done)

    def step(self, n):
        wall, mono = self.anchor
        self.planned.append(wall + (self.start + n - mono))
        self.query_one("#step", Label).update("Alpha" if n % 2 == 0 else "Bravo")

    def done(self):
        with open(OUT, "w") as out:
            json.dump(self.planned, out)
        self.exit()


Bare().run()
"""


def workout(steps: int) -> str:
    return (
        "name: Boundaries\nsteps:\n"
        f"  - repeat: {steps // 2}\n    steps:\n"
        "      - run: 1s\n        label: Alpha\n      - recover: 1s\n        label: Bravo\n"
    )


class PtyProgram:
    """A program in its own pseudo-terminal; every chunk it writes is kept with the wall time it was read."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.chunks: list[tuple[float, bytes]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if not ready:
                if self.process.poll() is not None:
                    return
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.chunks.append((time.time(), data))

    def seen(self, text: bytes) -> bool:
        return any(text in data for _, data in list(self.chunks))

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def finish(self, timeout: float) -> None:
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._reader.join(2)
        os.close(self.master)


def label_times(chunks: list[tuple[float, bytes]]) -> list[tuple[float, str]]:
    """(time read, label) each time the step label changes on screen."""
    changes: list[tuple[float, str]] = []
    for at, data in chunks:
        for match in LABEL.finditer(data):
            label = match.group(1).decode()
            if not changes or changes[-1][1] != label:
                changes.append((at, label))
    return changes


def wait_for(program: PtyProgram, text: bytes, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not program.seen(text):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{text!r} never appeared")
        time.sleep(0.05)


TRACER = Path(__file__).with_name("boundary_trace.py")
STAGGER_S = 0.3
"""Each program starts this long after the one before: their boundaries never fall together."""


def one_round(
    steps: int,
    scratch: Path,
    before: Path | None,
    traces: dict[str, list[dict[str, float]]] | None = None,
    sound: bool = False,
) -> dict[str, list[float]]:
    (scratch / "steps.yaml").write_text(workout(steps), encoding="utf-8")
    (scratch / "bare.py").write_text(BARE_APP, encoding="utf-8")
    env = {**os.environ, "TERM": "xterm-256color", "KICK_CONFIG_DIR": str(scratch / "config")}
    flags = ["--lead-in", "0"] if sound else ["--lead-in", "0", "--mute", "--no-voice"]
    command = [sys.executable, "-m", "kicktimer", "run", str(scratch / "steps.yaml"), *flags]
    sources = {"kick": None} if before is None else {"kick": None, "before: kick": before.resolve() / "src"}
    kicks: dict[str, tuple[PtyProgram, Path]] = {}
    for name, source in sources.items():
        data = scratch / f"data-{time.monotonic_ns()}"
        own = {"KICK_DATA_DIR": str(data)} | ({} if source is None else {"PYTHONPATH": str(source)})
        trace = [sys.executable, str(TRACER), str(data / "trace.json"), *command[3:]]
        traced = command if traces is None else trace
        kicks[name] = (PtyProgram(traced, {**env, **own}), data)
    planned_file = scratch / "bare-planned.json"
    bare = PtyProgram([sys.executable, str(scratch / "bare.py"), str(steps), str(planned_file)], env)
    programs = [kick for kick, _ in kicks.values()] + [bare]
    for program in programs:
        wait_for(program, b"Start", 30)
    time.sleep(0.5)
    for program in programs:  # each starts on Enter, apart, so no two draw a boundary at once
        program.send(b"\r")
        time.sleep(STAGGER_S)
    time.sleep(steps + 3)
    found: dict[str, list[float]] = {}
    for name, (kick, data) in kicks.items():
        kick.send(b"q")
        kick.finish(10)
        with sqlite3.connect(data / "history.sqlite3") as db:
            starts = [row[0] for row in db.execute("SELECT started_at FROM laps ORDER BY idx")]
        kick_planned = [datetime.fromisoformat(start).timestamp() for start in starts]
        found[name] = lateness(kick_planned, label_times(kick.chunks))
        if traces is not None:
            trace = json.loads((data / "trace.json").read_text())
            traces.setdefault(name, []).extend(boundary_stages(trace, label_times(kick.chunks)))
    bare.finish(steps + 10)
    found["bare Textual app"] = lateness(json.loads(planned_file.read_text()), label_times(bare.chunks))
    return found


def lateness(planned: list[float], seen: list[tuple[float, str]]) -> list[float]:
    """Milliseconds from each planned boundary to the first frame showing it (the first step left out)."""
    values = []
    for number, at in enumerate(planned[1:], start=1):
        label = "Alpha" if number % 2 == 0 else "Bravo"
        after = [t for t, shown in seen if shown == label and t >= at - 0.5]
        if after:
            values.append((after[0] - at) * 1000)
    return values


STAGES = {
    "wake": "wake-up starts",
    "woken": "wake-up done",
    "resume": "update timer resumed",
    "frame": "update tick starts",
    "display": "frame to the driver",
    "shown": "driver has it",
    "written": "writer thread wrote it",
    "flushed": "writer thread flushed",
    "read": "bytes read from the pty",
    "framed": "update tick done",
    "after": "after-frame work starts",
    "done": "after-frame work done",
}


def boundary_stages(trace: dict[str, Any], seen: list[tuple[float, str]]) -> list[dict[str, float]]:
    """Per boundary: milliseconds from the engine's deadline to each stage (see bench/boundary_trace.py)."""
    notes = trace["notes"]
    offset = trace["anchor"]["wall"] - trace["anchor"]["monotonic"]
    stages: list[dict[str, float]] = []
    for index, (name, _, extra, _) in enumerate(notes):
        if name != "wake" or extra["at"] is None:
            continue
        laps_after = next(n[2] for n in notes[index:] if n[0] == "woken")
        if laps_after == extra["laps"]:
            continue  # a wake-up that ended no step
        deadline = extra["at"]
        found: dict[str, float] = {}
        gc_ms = 0.0
        gc_start: float | None = None
        opened: dict[str, float] = {}  # KICK_TRACE_MORE's methods: time spent in each until the bytes are out
        cpu_at: dict[str, float] = {}
        for later, moment, _, cpu in notes[index:]:
            if later in ("wake", "woken", "frame", "framed") and later not in cpu_at:
                cpu_at[later] = cpu
            if later in ("wake",) and later in found:
                break
            if later not in STAGES and later not in ("gc", "gc_end") and "flushed" not in found:
                if later.endswith(" end") and later[:-4] in opened:
                    key = "in " + later[:-4]
                    found[key] = found.get(key, 0.0) + (moment - opened.pop(later[:-4])) * 1000
                elif not later.endswith(" end"):
                    opened[later] = moment
            if later == "gc":
                gc_start = moment
            elif later == "gc_end" and gc_start is not None and "flushed" not in found:
                gc_ms += (moment - gc_start) * 1000
            if later in STAGES and later not in found:
                needs = {"written": "display", "flushed": "shown"}.get(later)
                if needs is not None and needs not in found:
                    continue
                if later in ("after", "done") and "framed" not in found:
                    found[later + " (before the frame)"] = (moment - deadline) * 1000
                    continue
                found[later] = (moment - deadline) * 1000
            if "done" in found and "flushed" in found and moment - deadline > 0.2:
                break
        label = "Alpha" if laps_after % 2 == 0 else "Bravo"
        reads = [t - offset for t, shown in seen if shown == label and t - offset >= deadline - 0.5]
        if not reads:
            continue  # the finish screen
        found["read"] = (reads[0] - deadline) * 1000
        found["gc in the way"] = gc_ms
        for start, end, what in (("wake", "woken", "wake-up"), ("frame", "framed", "update tick")):
            if start in found and end in found and start in cpu_at and end in cpu_at:
                off = found[end] - found[start] - (cpu_at[end] - cpu_at[start]) * 1000
                found[f"{what}: off the CPU"] = max(0.0, off)
        stages.append(found)
    return stages


def print_traces(traces: dict[str, list[dict[str, float]]]) -> None:
    for name, boundaries in traces.items():
        print(f"  {name}: where the milliseconds go, from the deadline ({len(boundaries)} boundaries):")
        keys = [*STAGES, *sorted({k for b in boundaries for k in b} - set(STAGES))]
        for key in keys:
            values = [b[key] for b in boundaries if key in b]
            if not values:
                continue
            label = STAGES.get(key, key)
            print(
                f"    {label:<34} p50 {statistics.median(values):6.2f}  p90 {percentile(values, 0.9):6.2f}  "
                f"max {max(values):6.2f} ms  ({len(values)})"
            )
        for worst in sorted(boundaries, key=lambda b: -b["read"])[:3]:
            shown = sorted(worst.items(), key=lambda item: item[1] if item[0] in STAGES else 1e9)
            print("    slowest: " + ", ".join(f"{key} {value:.1f}" for key, value in shown))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--before", type=Path, help="another checkout: its src/ runs as 'before: kick'")
    parser.add_argument("--trace", action="store_true", help="where each boundary's milliseconds go")
    parser.add_argument(
        "--sound", action="store_true", help="kick with sound and voice on, as a runner has them by default"
    )
    args = parser.parse_args()
    traces: dict[str, list[dict[str, float]]] | None = {} if args.trace else None
    results: dict[str, list[float]] = {"kick": []}
    if args.before is not None:
        results["before: kick"] = []
    results["bare Textual app"] = []
    per_round: list[dict[str, list[float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        (scratch / "config").mkdir()
        for _ in range(args.rounds):
            found = one_round(args.steps, scratch, args.before, traces, args.sound)
            per_round.append(found)
            for name, values in found.items():
                results[name].extend(values)
    print(
        "Planned boundary → frame in the terminal (pty 80×24), "
        f"{args.rounds} rounds × {args.steps} steps of 1 s, "
        + ("sound and voice on (kick's defaults):" if args.sound else "kick --mute --no-voice:")
    )
    for name, values in results.items():
        rounds = ", ".join(
            f"p50 {statistics.median(r[name]):.1f} / p99 {percentile(r[name], 0.99):.1f} "
            f"/ max {max(r[name]):.1f}"
            for r in per_round
        )
        print(
            f"  {name:<17} all {len(values)}: p50 {statistics.median(values):.1f} ms, "
            f"p99 {percentile(values, 0.99):.1f} ms, max {max(values):.1f} ms   (per round: {rounds})"
        )
    if traces is not None:
        print_traces(traces)


if __name__ == "__main__":
    main()
