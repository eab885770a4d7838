"""How fast `kick validate` is next to PyYAML reading the same files.

Generates 1,000 workout files (varied, realistic: warm-ups, repeats with
cues and `last:` overrides, paces, treadmill steps) in a temporary directory
and times each of the following once per round, the rounds interleaved so
that a change in the machine's load falls on all of them alike, and prints
min / median / max over the rounds:

- `kick validate` on all of them, one process, as a user would run it;
- a process that only reads each file with PyYAML's libyaml loader,
  `yaml.load(..., CSafeLoader)` (no checking): like with like, since kick's
  reader parses with libyaml too;
- in-process, without interpreter start-up: `load_workout_file` (the reader
  and the file's own checks) and `check_plans` (the plans `kick validate`
  compiles on top) against CSafeLoader; for reference, `yaml.safe_load` on
  PyYAML's pure-Python parser, and kick's loader on that parser too, as
  where libyaml is missing.

For the two processes it also prints their CPU time (user + system, from
the children's rusage), steadier than wall time on a shared machine. The
ratios are of medians. The target: `kick validate` at most 2x the
CSafeLoader process. Run:

    .venv/bin/python bench/validate_speed.py [--files 1000] [--runs 5]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from kicktimer.core.file_checks import check_plans
from kicktimer.resources import builtin_sound_names
from kicktimer.workout import yamlread
from kicktimer.workout_file import load_workout_file

KINDS = ("run", "recover", "rest", "drill")
PACES = ("mile", "5k", "5k-5s", "10k", "threshold", "easy+20s/km", "4:30/km", "7:15/mi")
SAYINGS = (
    "Drive with your arms!",
    "Knees up!",
    "Relax and keep your form.",
    "It's go time.",
    "I can do this!",
)


def workout_text(rng: random.Random, number: int) -> str:
    """One plausible workout: 30-70 lines, every part of the format in the mix."""
    environment = rng.choice(("track", "road", "any", "treadmill"))
    lines = [
        "# yaml-language-server: $schema=workout.schema.json",
        f"name: Generated session {number}",
        f"summary: {rng.randint(4, 12)} repeats with a fast finish",
        "source: bench/validate_speed.py",
        f"tags: [bench, {environment}, intervals]",
        f"environment: {environment}",
        "cues:",
        f"  countdown: {rng.randint(0, 5)}",
        "  mantras: [I'm staying strong, Be the hunter]",
        "steps:",
        f"  - warmup: {rng.randint(8, 20)}min",
        "    say: Easy jog. Loosen up.",
    ]
    for block in range(rng.randint(1, 3)):
        low = rng.randint(3, 8)
        count = f"{low}-{low + 2}" if rng.random() < 0.3 else str(low)
        lines += [f"  - repeat: {count}", "    steps:"]
        if rng.random() < 0.3:
            # Room for 1000 m at 7:15/mi and 3 minutes of rest: the files must pass `kick validate`.
            lines.insert(len(lines) - 1, "    every: 8min")
        lines += [
            f"      - run: {rng.choice((200, 400, 800, 1000))}m",
            f"        pace: {rng.choice(PACES)}",
            "        cues:",
            "          - at: 100m to go",
            f"            say: {rng.choice(SAYINGS)}",
            "          - at: halfway",
            "            sound: bell",
            "        last:",
            "          effort: max",
            f"          say: {rng.choice(SAYINGS)}",
            f"      - {rng.choice(KINDS[1:3])}: {rng.randint(60, 180)}s",
            "        activity: walk or jog",
            "        last: skip",
        ]
        if block == 1:
            lines += ["      - drill: 20 reps", "        label: Push-ups"]
    lines += [
        "  - run: 10min",
        "    speed: 12 km/h",
        "    incline: 1%",
        "    effort: comfortably hard",
        f"  - cooldown: {rng.randint(5, 15)}min",
        "    say: Well done.",
    ]
    return "\n".join(lines) + "\n"


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rounds(
    runs: int, actions: dict[str, Callable[[], object]]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall seconds of each action, and the CPU seconds of the processes it started, per round."""
    wall: dict[str, list[float]] = {label: [] for label in actions}
    cpu: dict[str, list[float]] = {label: [] for label in actions}
    for _ in range(runs):
        for label, action in actions.items():
            cpu_start, start = children_cpu(), time.perf_counter()
            action()
            wall[label].append(time.perf_counter() - start)
            cpu[label].append(children_cpu() - cpu_start)
    return wall, cpu


def spread(seconds: list[float], files: int) -> str:
    low, mid, high = min(seconds), statistics.median(seconds), max(seconds)
    return f"{low:6.2f} / {mid:6.2f} / {high:6.2f} s  ({mid / files * 1e6:5.0f} µs/file)"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(2024)
    with tempfile.TemporaryDirectory() as directory:
        paths = [Path(directory) / f"w{n:04d}.yaml" for n in range(args.files)]
        for number, path in enumerate(paths):
            path.write_text(workout_text(rng, number), encoding="utf-8")
        names = [str(p) for p in paths]
        size = sum(p.stat().st_size for p in paths)

        check = subprocess.run(
            [sys.executable, "-m", "kicktimer", "validate", *names], capture_output=True, text=True
        )
        if check.returncode != 0:
            print(check.stderr[:2000], file=sys.stderr)
            raise SystemExit("the generated files should all be valid")

        def kick_validate() -> None:
            subprocess.run(
                [sys.executable, "-m", "kicktimer", "validate", *names], check=True, capture_output=True
            )

        def c_safe_load_process() -> None:
            program = (
                "import sys, yaml\nfor name in sys.argv[1:]:\n"
                "    yaml.load(open(name, 'rb'), Loader=yaml.CSafeLoader)\n"
            )
            subprocess.run([sys.executable, "-c", program, *names], check=True, capture_output=True)

        def loader_in_process() -> None:
            for path in paths:
                load_workout_file(path, sounds=builtin_sound_names())

        workouts = [load_workout_file(path, sounds=builtin_sound_names()).workout for path in paths]

        def plan_checks_in_process() -> None:
            for workout in workouts:
                check_plans(workout)

        def safe_load_in_process() -> None:
            for path in paths:
                with path.open("rb") as handle:
                    yaml.safe_load(handle)

        def loader_pure_python_in_process() -> None:
            # As on a PyYAML built without libyaml: the loader falls back to PyYAML's own parser.
            chosen = yamlread._Parser
            yamlread._Parser = yaml.SafeLoader
            try:
                loader_in_process()
            finally:
                yamlread._Parser = chosen

        def c_safe_load_in_process() -> None:
            for path in paths:
                with path.open("rb") as handle:
                    yaml.load(handle, Loader=yaml.CSafeLoader)

        timings, cpu = rounds(
            args.runs,
            {
                "kick validate (process)": kick_validate,
                "yaml.load CSafeLoader (process)": c_safe_load_process,
                "load_workout_file (in-process)": loader_in_process,
                "check_plans (in-process)": plan_checks_in_process,
                "yaml.load CSafeLoader (in-process)": c_safe_load_in_process,
                "yaml.safe_load, no libyaml (in-proc.)": safe_load_in_process,
                "load_workout_file, no libyaml (in-proc.)": loader_pure_python_in_process,
            },
        )
    figures = {label: statistics.median(seconds) for label, seconds in timings.items()}
    print(f"{args.files} workout files, {size / 1024:.0f} KiB in all; {args.runs} rounds, min / median / max")
    print(f"libyaml available: {yaml.__with_libyaml__}; Python {sys.version.split()[0]}")
    for label, seconds in timings.items():
        print(f"  {label:<42} {spread(seconds, args.files)}")
    for label in ("kick validate (process)", "yaml.load CSafeLoader (process)"):
        print(f"  {label.replace('(process)', 'CPU time'):<42} {spread(cpu[label], args.files)}")
    cpu_ratio = statistics.median(cpu["kick validate (process)"]) / statistics.median(
        cpu["yaml.load CSafeLoader (process)"]
    )
    process_ratio = figures["kick validate (process)"] / figures["yaml.load CSafeLoader (process)"]
    c_ratio = figures["load_workout_file (in-process)"] / figures["yaml.load CSafeLoader (in-process)"]
    checked = figures["load_workout_file (in-process)"] + figures["check_plans (in-process)"]
    all_ratio = checked / figures["yaml.load CSafeLoader (in-process)"]
    pure_ratio = (
        figures["load_workout_file, no libyaml (in-proc.)"] / figures["yaml.safe_load, no libyaml (in-proc.)"]
    )
    print(f"ratio kick validate / CSafeLoader, whole processes: {process_ratio:.2f}x (target <= 2x)")
    print(f"ratio of their CPU times:                           {cpu_ratio:.2f}x")
    print(f"ratio loader / CSafeLoader load, in-process:        {c_ratio:.2f}x")
    print(f"ratio loader + check_plans / CSafeLoader, in-proc.: {all_ratio:.2f}x")
    print(f"ratio loader without libyaml / pure-Python safe_load: {pure_ratio:.2f}x")
    return 0 if process_ratio <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
