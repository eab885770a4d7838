"""Typing in the picker's search box: 516 workouts (500 of the user's) against the 16 built-ins.

Each app runs headless (`App.run_test`, 100×30) in this process, with the
workouts `kick` would list (`list_workouts`, user folder from
$KICK_CONFIG_DIR). For each key of a search typed one key at a time, the time
from the key press to the screen having processed it (the list refiltered,
the preview of the first match drawn; `pilot.pause`) is taken, wall and CPU.
The two apps alternate round by round. Goal (issue 14): ≤ 50 ms per key.

Each app starts as `kick` starts it: the garbage collector off until the
first frame, when the app freezes what start-up built and turns it back on
(`KickApp.on_ready`). Without that, a full collection over the 516 loaded
workouts (80-400 ms here) lands on whichever key happens to trigger it.

Run: .venv/bin/python bench/picker_search.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import statistics
import tempfile
import time
from pathlib import Path

from kicktimer.app.clock import FakeClock
from kicktimer.app.factory import make_app
from kicktimer.audio.recording import RecordingAudio
from kicktimer.config import Config
from kicktimer.core.profile import Profile
from kicktimer.history import MemoryStore
from kicktimer.library import list_workouts
from kicktimer.planning import prepare_plan
from kicktimer.workout.model import Environment, Workout

USER_WORKOUT = """\
name: User workout {n}
summary: one of many in the user's folder
tags: [track, user{tag}]
steps:
  - warmup: 10min
  - repeat: 6
    steps:
      - run: 400m
        pace: 5k
      - recover: 90s
  - cooldown: 10min
"""
TYPED = "user 4"  # narrows step by step: 500+ matches, then ~100, then ~11
CONFIG = Config(profile=Profile(units="km", races={"5k": 22 * 60 + 30.0}))


def planner(workout: Workout, where: Environment | None, reps: tuple[int, ...]) -> object:
    return prepare_plan(workout, where, reps, CONFIG)


async def one_round(config_dir: Path) -> list[tuple[float, float]]:
    """(wall, CPU) seconds per key typed."""
    os.environ["KICK_CONFIG_DIR"] = str(config_dir)
    gc.disable()  # as `kick run` does; the app's first frame freezes start-up and turns it back on
    entries = list_workouts()
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        clock=FakeClock(),
        entries=entries,
        planner=planner,  # type: ignore[arg-type]
        lead_in_s=0,
    )
    figures: list[tuple[float, float]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert gc.isenabled(), "the first frame turns the collector back on"
        for key in TYPED:
            wall, cpu = time.perf_counter(), time.process_time()
            await pilot.press("space" if key == " " else key)
            await pilot.pause()
            figures.append((time.perf_counter() - wall, time.process_time() - cpu))
    gc.unfreeze()  # the next round starts afresh
    return figures


def spread(values: list[float]) -> str:
    return f"{min(values) * 1e3:.1f}/{statistics.median(values) * 1e3:.1f}/{max(values) * 1e3:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        none, many = Path(folder) / "none", Path(folder) / "many"
        none.mkdir()
        (many / "workouts").mkdir(parents=True)
        for n in range(500):
            text = USER_WORKOUT.format(n=n, tag=n % 7)
            (many / "workouts" / f"user-{n:03d}.yaml").write_text(text, encoding="utf-8")
        results: dict[str, list[list[tuple[float, float]]]] = {"16 workouts": [], "516 workouts": []}
        for _ in range(args.rounds):
            results["16 workouts"].append(asyncio.run(one_round(none)))
            results["516 workouts"].append(asyncio.run(one_round(many)))
    print(f"Key press to screen updated, typing {TYPED!r}, {args.rounds} rounds: ms min/median/max")
    for name, rounds in results.items():
        for position, key in enumerate(TYPED):
            wall = [r[position][0] for r in rounds]
            cpu = [r[position][1] for r in rounds]
            print(f"  {name:<13} key {key!r}: wall {spread(wall)}  CPU {spread(cpu)}")
    every_many = [figure[0] for r in results["516 workouts"] for figure in r]
    every_few = [figure[0] for r in results["16 workouts"] for figure in r]
    print(
        f"  all keys, wall: 516 workouts {spread(every_many)} ms; 16 workouts {spread(every_few)} ms; "
        f"ratio of medians {statistics.median(every_many) / statistics.median(every_few):.2f}"
    )


if __name__ == "__main__":
    main()
