"""A nested repeat's laps keep their set in the history, and the kick report reads set and rep together.

3 × (4 × 300 m) stopped after rep 4 of set 1 is no finished workout: its last
lap reads `4/4`, which alone looked like the final rep, so `kick history show`
gave it a kick and no table could tell set 1's rep 4 from set 3's.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from history_support import OldVersionStore, info, lap
from kicktimer.core.compile import compile_plan
from kicktimer.core.laps import FinishedLap
from kicktimer.core.profile import Profile
from kicktimer.history import open_history_store
from kicktimer.ports import HistoryStore
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from plan_builders import NESTED


def kick(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KICK_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "140"}
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", *args], capture_output=True, text=True, env=env, timeout=60
    )


def run_first_set(store: HistoryStore) -> int:
    """Run set 1 (four reps, their recoveries, the set's rest) through the core's laps, then stop."""
    workout = load_workout_text(NESTED, "nested.yaml", sounds=builtin_sound_names()).workout
    plan = compile_plan(workout, Profile())
    session_id = store.start_session(info("Three sets of four"))
    clock = 0.0
    times = {0: 62.0, 2: 61.0, 4: 60.5, 6: 57.0}  # rep 4 fastest: it looked like a kick
    for segment in plan.segments[:9]:
        length = times.get(segment.index, segment.duration_s or 60.0)
        lap = FinishedLap(segment, length, 0.0, clock, clock + length, "lap" if segment.is_work else "time")
        store.record_lap(session_id, lap.to_lap_record(lambda _: "2026-05-04T19:00:00.000+02:00"))
        clock += length
    store.finish_session(session_id, "aborted", "2026-05-04T19:30:00.000+02:00")
    return session_id


def test_a_nested_repeat_stopped_after_set_one_keeps_each_laps_set_and_gives_no_kick(tmp_path: Path) -> None:
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = run_first_set(store)
    store.close()

    listed = kick(tmp_path, "history", "--json")
    assert listed.returncode == 0, listed.stderr
    laps = json.loads(listed.stdout)[0]["laps"]
    assert [(lap["set"], lap["rep"]) for lap in laps] == [
        *[("1/3", f"{n}/4") for n in (1, 1, 2, 2, 3, 3, 4, 4)],
        ("1/3", None),  # the set's own rest: its set and no rep, as `kick show --json` says
    ]

    shown = kick(tmp_path, "history", "show", str(session_id))
    assert shown.returncode == 0, shown.stderr
    assert "stopped after rep 4 of 4 in set 1 of 3" in shown.stdout
    assert "◀ final" not in shown.stdout
    assert "1/3 · 4/4" in shown.stdout and "1/3 · –" in shown.stdout


def test_a_history_file_from_before_sets_is_read_with_no_set_and_takes_new_laps_with_theirs(
    tmp_path: Path,
) -> None:
    """A file at schema version 3 (no set column): its laps read back with set null, and once it
    is opened by this version it keeps a new session's sets."""
    path = tmp_path / "history.sqlite3"
    old = OldVersionStore(path, version=3)
    old_id = old.start_session(info("Three sets of four"))
    old.record_lap(old_id, lap(0, 62.0, rep="1/4", distance_m=300.0))
    old.close()

    store = open_history_store(path)
    new_id = run_first_set(store)
    store.close()

    sessions = {s["id"]: s for s in json.loads(kick(tmp_path, "history", "--json").stdout)}
    assert [(lap["set"], lap["rep"]) for lap in sessions[old_id]["laps"]] == [(None, "1/4")]
    assert sessions[new_id]["laps"][0]["set"] == "1/3"
    exported = kick(tmp_path, "export", str(new_id), "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert [(row["set"], row["rep"]) for row in rows[-2:]] == [("1/3", "4/4"), ("1/3", "")]
