"""How long the history takes: one lap write (committed with fsync), opening a big file, listing it.

Run: .venv/bin/python bench/bench_history.py [SESSIONS]
Prints figures; asserts nothing (timings don't belong in tests).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from kicktimer.history import SqliteStore, open_history_store
from kicktimer.ports import LapRecord, SessionInfo


def lap(index: int) -> LapRecord:
    return LapRecord(
        index=index,
        kind="run" if index % 2 else "recover",
        label="Run 400 m",
        rep=f"{index}/20",
        planned_s=None,
        target_s=90.0,
        actual_s=88.0 + index % 5,
        paused_s=0.0,
        started_at="2026-05-04T18:30:00.000+02:00",
        ended_at="2026-05-04T18:31:30.000+02:00",
        distance_m=400.0,
        ended_by="lap",
    )


def info(day: int) -> SessionInfo:
    return SessionInfo(
        workout=f"Workout {day % 7}",
        workout_yaml="name: x\nsteps:\n  - run: 400m\n" * 20,
        environment="track",
        reps=(8,),
        paces={"mile": 330.0},
        started_at=f"2026-05-04T18:{day % 60:02d}:00.000+02:00",
    )


def main() -> None:
    sessions = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        store = SqliteStore(path)
        writes = []
        session_id = store.start_session(info(0))
        for index in range(200):
            start = time.perf_counter()
            store.record_lap(session_id, lap(index))
            writes.append(time.perf_counter() - start)
        print(
            f"record_lap (committed, synchronous=FULL): median {statistics.median(writes) * 1e3:.2f} ms, "
            f"max {max(writes) * 1e3:.2f} ms over {len(writes)} laps"
        )
        for day in range(1, sessions):
            session_id = store.start_session(info(day))
            for index in range(20):
                store.record_lap(session_id, lap(index))
        store.close()
        size = path.stat().st_size / 1e6
        start = time.perf_counter()
        opened = open_history_store(path)
        print(
            f"open_history_store with {sessions} sessions x 20 laps ({size:.1f} MB, quick_check + migrate): "
            f"{(time.perf_counter() - start) * 1e3:.1f} ms"
        )
        for limit in (20, None):
            start = time.perf_counter()
            listed = opened.list_sessions(limit=limit)
            print(
                f"list_sessions(limit={limit}) -> {len(listed)} sessions: "
                f"{(time.perf_counter() - start) * 1e3:.1f} ms"
            )
        start = time.perf_counter()
        latest = listed[0]
        opened.previous_session(latest.workout, latest)
        print(f"previous_session: {(time.perf_counter() - start) * 1e3:.2f} ms")
        opened.close()


if __name__ == "__main__":
    main()
