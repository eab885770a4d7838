"""Costs that grow with the plan: `kick show`'s table and the finish screen's split table.

- `kick show` as a whole process on a 22-segment workout against a
  9,802-segment one (repeat 10 × 10 × 49), CPU and peak memory from getrusage;
  with `--before DIR` also from another checkout's `src/`.
- The finish screen's split table, headless in this process: CPU from
  creating it to its first frame, 100 completed steps against 10,000 (and
  10,000 with every row added up front, as the table did before).

The rounds alternate the programs; figures are min/median/max.

Run: .venv/bin/python bench/plan_scale.py [--rounds 3] [--before DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual.app import App, ComposeResult

from kicktimer.app.widgets.split_table import SplitTable
from kicktimer.core.events import StepEnded
from kicktimer.core.segments import Segment
from kicktimer.workout.model import StepKind

SMALL = """\
name: Twenty-two
steps:
  - warmup: 5min
  - repeat: 10
    steps:
      - run: 1min
        effort: hard
      - recover: 1min
  - cooldown: 5min
"""
BIG = SMALL.replace("Twenty-two", "Ten thousand").replace(
    "  - repeat: 10\n    steps:\n      - run: 1min\n        effort: hard\n      - recover: 1min\n",
    "  - repeat: 10\n    steps:\n      - repeat: 10\n        steps:\n          - repeat: 49\n"
    "            steps:\n              - run: 5s\n                effort: hard\n"
    "              - recover: 5s\n",
)


def whole_process(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """CPU seconds and peak RSS (MiB) of one process."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{command} failed")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class EveryRowTable(SplitTable):
    """The table as it was before: every row added before the first frame."""

    def _add_page(self) -> None:
        while self.row_count < self.steps:
            super()._add_page()


class Host(App[None]):
    CSS = "SplitTable { height: auto; max-height: 24; }"

    def __init__(self, completed: list[StepEnded], every_row: bool) -> None:
        super().__init__()
        self.completed = completed
        self.every_row = every_row

    def compose(self) -> ComposeResult:
        yield (EveryRowTable if self.every_row else SplitTable)(self.completed, id="splits")


def finish_table_cpu(steps: int, every_row: bool = False) -> float:
    completed = [
        StepEnded(
            Segment(index=n, kind=StepKind.RUN, label=f"Run {n}", duration_s=3.6),
            3.6 * n,
            3.6 * n + 3.6,
            0,
            "time",
        )
        for n in range(steps)
    ]

    async def first_frame() -> float:
        start = time.process_time()
        async with Host(completed, every_row).run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            return time.process_time() - start

    return asyncio.run(first_frame())


def spread(values: list[float]) -> str:
    return f"{min(values):.3f}/{statistics.median(values):.3f}/{max(values):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout: its src/ runs as 'before'")
    args = parser.parse_args()
    builds = {"after": os.environ.get("PYTHONPATH", "")}
    if args.before is not None:
        builds["before"] = str(args.before.resolve() / "src")
    show: dict[tuple[str, str], list[tuple[float, float]]] = {}
    finish: dict[int, list[float]] = {100: [], 10_000: []}
    every_row: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        files = {"22 segments": scratch / "small.yaml", "9,802 segments": scratch / "big.yaml"}
        files["22 segments"].write_text(SMALL, encoding="utf-8")
        files["9,802 segments"].write_text(BIG, encoding="utf-8")
        for _ in range(args.rounds):
            for build, pythonpath in builds.items():
                for name, path in files.items():
                    env = {**os.environ, "KICK_CONFIG_DIR": str(scratch / "config"), "PYTHONPATH": pythonpath}
                    figures = whole_process([sys.executable, "-m", "kicktimer", "show", str(path)], env)
                    show.setdefault((build, name), []).append(figures)

    # in-process runs last: a child forked from a big parent would count the parent's pages in its peak RSS
    for _ in range(args.rounds):
        for steps in finish:
            finish[steps].append(finish_table_cpu(steps))
        every_row.append(finish_table_cpu(10_000, every_row=True))
    print(f"`kick show` (table), whole process, {args.rounds} rounds: CPU s, peak RSS MiB (min/med/max)")
    for build in builds:
        for name in files:
            runs = show[(build, name)]
            print(
                f"  {build:<6} {name:<15} CPU {spread([r[0] for r in runs])}  "
                f"RSS {spread([r[1] for r in runs])}"
            )
        big, small = show[(build, "9,802 segments")], show[(build, "22 segments")]
        ratio = [b[0] / s[0] for b, s in zip(big, small, strict=True)]
        print(f"  {build:<6} 9,802 ÷ 22 segments: CPU {spread(ratio)}×")
    print("Finish screen's split table, creation to first frame, CPU s (min/med/max):")
    for steps, values in finish.items():
        print(f"  {steps:>6} steps: {spread(values)}")
    print(f"  10,000 steps, every row added up front (before): {spread(every_row)}")
    ratio = [b / s for b, s in zip(finish[10_000], finish[100], strict=True)]
    print(f"  10,000 ÷ 100 steps: {spread(ratio)}×")


if __name__ == "__main__":
    main()
