"""The history commands on a long history: 1,000 against 10,000 sessions (20 laps each), side by side.

Each history is generated once through the store's public interface
(`SqliteStore.start_session` / `record_lap` / `finish_session`, in one
`batch()`), 40 % of it one workout so `trend` has work to do. Then every
command runs as a whole process, the histories alternating within a round,
and the script reads the child's CPU time and peak memory (getrusage). With
`--before DIR`, the same commands also run from another checkout's `src/`
(on the same files), for before/after in one run.

Bytecode, as in `startup.py`: a pip-installed kicktimer ships `.pyc` files,
but this checkout is an editable install and the session may set
PYTHONDONTWRITEBYTECODE, which would compile kicktimer's modules from source
at every start. So the commands run with their bytecode cached under the
scratch folder (PYTHONPYCACHEPREFIX), after one untimed warm-up of each.

Goals (issue 14): `kick history --json` at 10k sessions within 1 s and 60 MiB,
memory flat as the history grows (10k ÷ 1k ≈ 1).

Run: .venv/bin/python bench/history_scale.py [--rounds 3] [--before DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kicktimer.history.records import local_now_iso
from kicktimer.history.sqlite_store import SqliteStore
from kicktimer.ports import LapRecord, SessionInfo

TREND_WORKOUT = "8 × 400 m, last one all-out"


def lap(index: int, session: int) -> LapRecord:
    run = index % 2 == 1
    return LapRecord(
        index=index,
        kind="run" if run else "recover",
        label="Run 400 m" if run else "Recover",
        rep=f"{index // 2 + 1}/10" if run else None,
        planned_s=None if run else 90.0,
        target_s=90.0 if run else None,
        actual_s=(88.0 - (index == 19) * 4 + session % 5) if run else 90.0,
        paused_s=0.0,
        started_at="2026-05-04T18:30:00.000+02:00",
        ended_at="2026-05-04T18:31:30.000+02:00",
        distance_m=400.0 if run else None,
        ended_by="lap" if run else "time",
    )


def generate(path: Path, sessions: int) -> None:
    store = SqliteStore(path)
    with store.batch():
        for number in range(sessions):
            workout = TREND_WORKOUT if number % 5 < 2 else f"Workout {number % 7}"
            day = 1 + number % 28
            session_id = store.start_session(
                SessionInfo(
                    workout=workout,
                    workout_yaml="name: x\nsteps:\n  - run: 400m\n" * 10,
                    environment="track",
                    reps=(10,),
                    paces={"mile": 330.0},
                    started_at=f"2026-{1 + number % 12:02d}-{day:02d}T18:30:00.000+02:00",
                )
            )
            for index in range(20):
                store.record_lap(session_id, lap(index, number))
            store.finish_session(session_id, "completed", local_now_iso())
    store.close()


def run(command: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def spread(values: list[float], unit: str = "") -> str:
    return f"{min(values):.2f}/{statistics.median(values):.2f}/{max(values):.2f}{unit}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before", type=Path, help="another checkout: its src/ runs as 'before'")
    args = parser.parse_args()
    commands = {
        "history --json": ["history", "--json"],
        "history (table)": ["history"],
        f"history trend ({TREND_WORKOUT[:9]}…)": ["history", "trend", TREND_WORKOUT],
        "export 1 --format csv": ["export", "1", "--format", "csv"],
    }
    builds = {"after": os.environ.get("PYTHONPATH", "")}
    if args.before is not None:
        builds["before"] = str(args.before.resolve() / "src")
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        sizes = {"1k": 1_000, "10k": 10_000}
        for name, count in sizes.items():
            (scratch / name).mkdir()
            generate(scratch / name / "history.sqlite3", count)
        results: dict[tuple[str, str, str], list[tuple[float, float, float]]] = {}
        cached = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        cached["PYTHONPYCACHEPREFIX"] = str(scratch / "pycache")
        for round_number in range(-1, args.rounds):  # round -1: the untimed warm-up
            for label, argv in commands.items():
                for build, pythonpath in builds.items():
                    for size in sizes:
                        env = {
                            **cached,
                            "KICK_DATA_DIR": str(scratch / size),
                            "KICK_CONFIG_DIR": str(scratch / "config"),
                            "PYTHONPATH": pythonpath,
                        }
                        figures = run([sys.executable, "-m", "kicktimer", *argv], env)
                        if round_number >= 0:
                            results.setdefault((label, build, size), []).append(figures)
    print(
        f"Whole process, {args.rounds} rounds (min/med/max): wall s, CPU s, peak RSS MiB; 20 laps per session"
    )
    for label in commands:
        for build in builds:
            for size in sizes:
                runs = results[(label, build, size)]
                print(
                    f"  {label:<28} {build:<6} {size:>3}: wall {spread([r[0] for r in runs])}  "
                    f"CPU {spread([r[1] for r in runs])}  RSS {spread([r[2] for r in runs])}"
                )
            big, small = results[(label, build, "10k")], results[(label, build, "1k")]
            wall = [b[0] / s[0] for b, s in zip(big, small, strict=True)]
            rss = [b[2] / s[2] for b, s in zip(big, small, strict=True)]
            print(f"  {'':<28} {build:<6} 10k÷1k: wall {spread(wall)}×  RSS {spread(rss)}×")


if __name__ == "__main__":
    main()
