"""One workout's sessions on a long history: the (workout, id) index beside version 2's.

`kick history --workout W --json` and `kick history trend W` page through one
workout's sessions newest first (`SqliteStore._pages`). Schema version 3
indexes sessions on (workout, id) so SQLite reads them in that order; before,
each page sorted the workout's older sessions. This script generates one
history (`history_scale.generate`, 40 % of it one workout) and copies it: the
copy called `old` has version 2's index, (workout, started_at), in place of
the new one (its schema version is kept, so kicktimer does not change it).
The same kicktimer then runs each command as a whole process on both copies,
alternating within a round, and the script prints the child's CPU time,
min/median/max, and the ratio.

Run: .venv/bin/python bench/history_index.py [--sessions 10000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from history_scale import TREND_WORKOUT, generate, run, spread


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    commands = {
        "history --workout W --json": ["history", "--workout", TREND_WORKOUT, "--json"],
        "history trend W": ["history", "trend", TREND_WORKOUT],
    }
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        copies = {"index": scratch / "index", "old": scratch / "old"}
        copies["index"].mkdir()
        generate(copies["index"] / "history.sqlite3", args.sessions)
        shutil.copytree(copies["index"], copies["old"])
        with sqlite3.connect(copies["old"] / "history.sqlite3") as conn:
            conn.execute("DROP INDEX sessions_by_workout_id")
            conn.execute("CREATE INDEX sessions_by_workout ON sessions (workout, started_at)")
        cpu: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.rounds):
            for label, argv in commands.items():
                for copy, data in copies.items():
                    env = {
                        **os.environ,
                        "KICK_DATA_DIR": str(data),
                        "KICK_CONFIG_DIR": str(scratch / "config"),
                    }
                    cpu.setdefault((label, copy), []).append(
                        run([sys.executable, "-m", "kicktimer", *argv], env)[1]
                    )
    print(f"{args.sessions} sessions, {args.rounds} rounds: whole-process CPU s (min/med/max)")
    for label in commands:
        with_index, without = cpu[(label, "index")], cpu[(label, "old")]
        ratios = [a / b for a, b in zip(with_index, without, strict=True)]
        print(
            f"  {label:<28} (workout, id) {spread(with_index)}  (workout, started_at) {spread(without)}"
            f"  ratio {spread(ratios)}×"
        )


if __name__ == "__main__":
    main()
