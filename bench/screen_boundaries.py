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
1 s apart, with its planned times written the same way. With `--before SRC`,
kick from another checkout's `src/` (e.g. a worktree of an older commit)
runs at the same time in a pty of its own, for before/after in one run.

Run: .venv/bin/python bench/screen_boundaries.py [--steps 40] [--rounds 2] [--before DIR]
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

    def on_mount(self):
        loop = asyncio.get_running_loop()
        self.anchor = (time.time(), loop.time())
        self.start = loop.time() + 2.0
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


def one_round(steps: int, scratch: Path, before: Path | None) -> dict[str, list[float]]:
    (scratch / "steps.yaml").write_text(workout(steps), encoding="utf-8")
    (scratch / "bare.py").write_text(BARE_APP, encoding="utf-8")
    env = {**os.environ, "TERM": "xterm-256color", "KICK_CONFIG_DIR": str(scratch / "config")}
    flags = ["--lead-in", "0", "--mute", "--no-voice"]
    command = [sys.executable, "-m", "kicktimer", "run", str(scratch / "steps.yaml"), *flags]
    sources = {"kick": None} if before is None else {"kick": None, "before: kick": before.resolve() / "src"}
    kicks: dict[str, tuple[PtyProgram, Path]] = {}
    for name, source in sources.items():
        data = scratch / f"data-{time.monotonic_ns()}"
        own = {"KICK_DATA_DIR": str(data)} | ({} if source is None else {"PYTHONPATH": str(source)})
        kicks[name] = (PtyProgram(command, {**env, **own}), data)
    planned_file = scratch / "bare-planned.json"
    bare = PtyProgram([sys.executable, str(scratch / "bare.py"), str(steps), str(planned_file)], env)
    for kick, _ in kicks.values():
        wait_for(kick, b"Start", 30)
    time.sleep(0.5)
    for kick, _ in kicks.values():
        kick.send(b"\r")
    time.sleep(steps + 3)
    found: dict[str, list[float]] = {}
    for name, (kick, data) in kicks.items():
        kick.send(b"q")
        kick.finish(10)
        with sqlite3.connect(data / "history.sqlite3") as db:
            starts = [row[0] for row in db.execute("SELECT started_at FROM laps ORDER BY idx")]
        kick_planned = [datetime.fromisoformat(start).timestamp() for start in starts]
        found[name] = lateness(kick_planned, label_times(kick.chunks))
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
    args = parser.parse_args()
    results: dict[str, list[float]] = {"kick": []}
    if args.before is not None:
        results["before: kick"] = []
    results["bare Textual app"] = []
    per_round: list[dict[str, list[float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        (scratch / "config").mkdir()
        for _ in range(args.rounds):
            found = one_round(args.steps, scratch, args.before)
            per_round.append(found)
            for name, values in found.items():
                results[name].extend(values)
    print(
        "Planned boundary → frame in the terminal (pty 80×24), "
        f"{args.rounds} rounds × {args.steps} steps of 1 s:"
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


if __name__ == "__main__":
    main()
