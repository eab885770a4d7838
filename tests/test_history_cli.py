"""`kick history`, `kick history show` and `kick history trend` as a user runs them."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from history_support import WORKOUT, OldVersionStore, info, interval_laps, lap, seed
from kicktimer.history import open_history_store
from kicktimer.history.records import LAP_FIELDS

SESSIONS = [[90.0, 91.0, 88.0], [90.0, 90.0, 86.0], [91.0, 89.0, 84.0], [90.0, 90.0, 83.0]]


def kick(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KICK_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "120"}
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", *args], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """Four sessions of the 8 × 400 (finals 88, 86, 84, 83) and one of strides, a day apart."""
    store = open_history_store(tmp_path / "history.sqlite3")
    for day, times in enumerate(SESSIONS):
        seed(store, times, day=day)
    seed(store, [60.0, 59.0], workout="Strides", day=len(SESSIONS))
    store.close()
    return tmp_path


def test_history_json_lists_sessions_newest_first_with_every_lap_field(data_dir: Path) -> None:
    done = kick(data_dir, "history", "--json")
    assert done.returncode == 0, done.stderr
    sessions = json.loads(done.stdout)
    assert [s["workout"] for s in sessions] == ["Strides", WORKOUT, WORKOUT, WORKOUT, WORKOUT]
    assert [s["started_at"][:10] for s in sessions] == [
        "2026-05-08",
        "2026-05-07",
        "2026-05-06",
        "2026-05-05",
        "2026-05-04",
    ]
    newest = sessions[1]
    assert {"id", "workout", "status", "environment", "started_at", "ended_at", "laps"} <= set(newest)
    assert newest["status"] == "completed" and newest["environment"] == "track"
    assert [tuple(lap) for lap in newest["laps"]] == [LAP_FIELDS] * len(newest["laps"])
    expected = interval_laps(SESSIONS[3], day=3)
    assert [lap["actual_s"] for lap in newest["laps"]] == [lap.actual_s for lap in expected]
    assert [lap["planned_s"] for lap in newest["laps"]] == [lap.planned_s for lap in expected]
    assert newest["laps"][1]["athlete"] is None


def test_history_filters_by_workout_name_or_slug_and_limits(data_dir: Path) -> None:
    by_slug = json.loads(kick(data_dir, "history", "--json", "--workout", "8x400 m last one all out").stdout)
    assert len(by_slug) == 4 and {s["workout"] for s in by_slug} == {WORKOUT}
    limited = json.loads(kick(data_dir, "history", "--json", "--workout", "strides", "--limit", "1").stdout)
    assert [s["workout"] for s in limited] == ["Strides"]
    two = json.loads(kick(data_dir, "history", "--json", "--limit", "2").stdout)
    assert [s["started_at"][:10] for s in two] == ["2026-05-08", "2026-05-07"]


def test_history_table_shows_each_session_with_its_kick(data_dir: Path) -> None:
    done = kick(data_dir, "history")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert any("Strides" in line and "59.0" in line for line in lines)
    # final 83 against a mean of 90: 7.8 % faster.
    assert any("1:23.0" in line and "+7.8 %" in line for line in lines)


def test_history_with_no_data_says_so_and_creates_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "fresh"
    done = kick(empty, "history")
    assert done.returncode == 0 and "No sessions yet" in done.stdout
    assert json.loads(kick(empty, "history", "--json").stdout) == []
    assert not empty.exists()


def test_show_prints_the_laps_and_the_kick_report_against_last_time(data_dir: Path) -> None:
    sessions = json.loads(kick(data_dir, "history", "--json", "--workout", WORKOUT).stdout)
    done = kick(data_dir, "history", "show", str(sessions[0]["id"]))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "Run 400 m" in out and "Recover" in out
    assert "◀ final" in out
    assert "7.8 % faster" in out  # 83 against 90
    assert f"session {sessions[1]['id']}" in out and "final rep −1.0 s" in out  # 83 against 84


def test_show_has_a_paused_column_only_when_a_lap_was_paused(tmp_path: Path) -> None:
    store = open_history_store(tmp_path / "history.sqlite3")
    steady = seed(store, [90.0, 89.0, 85.0])
    paused = store.start_session(info())
    for record in interval_laps([90.0, 89.0, 85.0]):
        store.record_lap(paused, replace(record, paused_s=12.0) if record.index == 3 else record)
    store.finish_session(paused, "completed", "2026-05-01T11:00:00+00:00")
    store.close()
    without = kick(tmp_path, "history", "show", str(steady))
    assert without.returncode == 0, without.stderr
    assert "Paused" not in without.stdout
    with_pause = kick(tmp_path, "history", "show", str(paused))
    assert with_pause.returncode == 0, with_pause.stderr
    assert "Paused" in with_pause.stdout and "12.0" in with_pause.stdout


@pytest.mark.parametrize("ref", ["999", "x1"])
def test_show_of_an_unknown_session_is_one_line_and_status_2(data_dir: Path, ref: str) -> None:
    done = kick(data_dir, "history", "show", ref)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert ref in done.stderr and "Traceback" not in done.stderr


def test_trend_shows_the_kick_getting_faster(data_dir: Path) -> None:
    done = kick(data_dir, "history", "trend", "8x400-last-all-out")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    for final in ("1:28.0", "1:26.0", "1:24.0", "1:23.0"):
        assert final in out
    assert "● final rep" in out  # the plot's caption
    assert "Over 4 sessions: final rep −5.0 s" in out


def test_trend_of_many_sessions_says_the_table_shows_the_latest_in_plain_words(tmp_path: Path) -> None:
    store = open_history_store(tmp_path / "history.sqlite3")
    for day in range(22):
        seed(store, [90.0, 90.0, 85.0 - day * 0.1], day=day)
    store.close()
    done = kick(tmp_path, "history", "trend", "8x400-last-all-out")
    assert done.returncode == 0, done.stderr
    assert "The table shows the latest 20 of 22; --limit N." in done.stdout
    assert "[dim]" not in done.stdout and "[/]" not in done.stdout


def test_trend_of_an_unknown_workout_is_one_line_and_status_2(data_dir: Path) -> None:
    done = kick(data_dir, "history", "trend", "marathon")
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "marathon" in done.stderr


CRASHER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from history_support import info, interval_laps
    from kicktimer.history import open_history_store
    store = open_history_store(Path(sys.argv[1]) / "history.sqlite3")
    session_id = store.start_session(info(day=9))
    for record in interval_laps([90.0, 89.0])[:3]:
        store.record_lap(session_id, record)
    os._exit(0)
    """
).format(tests=str(Path(__file__).parent))


def test_a_session_cut_off_by_a_crash_is_listed_as_interrupted_with_its_laps(data_dir: Path) -> None:
    subprocess.run([sys.executable, "-c", CRASHER, str(data_dir)], check=True)
    newest = json.loads(kick(data_dir, "history", "--json", "--limit", "1").stdout)[0]
    assert newest["status"] == "interrupted"
    assert newest["ended_at"] is None
    assert [lap["actual_s"] for lap in newest["laps"]] == [600.0, 90.0, 120.0]


def test_a_session_stopped_before_its_last_rep_lists_no_final_as_its_report_says(tmp_path: Path) -> None:
    """The list and `history show` follow one rule: rep 1 of 8 is no final rep (the QA repro)."""
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = store.start_session(info())
    for record in interval_laps([92.0] * 8)[:3]:  # warm-up, rep 1/8, its recovery
        store.record_lap(session_id, record)
    store.finish_session(session_id, "aborted", "2026-05-04T19:30:00.000+02:00")
    store.close()
    report = kick(tmp_path, "history", "show", str(session_id))
    assert "stopped after rep 1 of 8" in report.stdout
    listed = kick(tmp_path, "history").stdout.splitlines()
    row = next(line for line in listed if line.lstrip().startswith("1 "))
    assert "1:32.0" not in row and "92.0" not in row
    assert row.split()[-2:] == ["—", "—"]


def test_a_session_finished_past_a_skipped_rep_says_so_in_the_list_and_in_show(tmp_path: Path) -> None:
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = store.start_session(info())
    laps = interval_laps([92.0, 30.0, 88.0])
    laps[3] = replace(laps[3], ended_by="skip")  # rep 2 of 3, skipped with n
    for record in laps:
        store.record_lap(session_id, record)
    store.finish_session(session_id, "completed", "2026-05-04T19:30:00.000+02:00")
    store.close()
    listed = kick(tmp_path, "history").stdout
    assert "finished, 1 step skipped" in listed and "completed" not in listed
    assert "finished, 1 step skipped" in kick(tmp_path, "history", "show", str(session_id)).stdout
    assert json.loads(kick(tmp_path, "history", "--json").stdout)[0]["status"] == "completed"  # as stored


def test_a_corrupt_history_is_reported_moved_aside_and_the_command_still_works(tmp_path: Path) -> None:
    (tmp_path / "history.sqlite3").write_bytes(b"garbage" * 1000)
    done = kick(tmp_path, "history", "--json")
    assert done.returncode == 0
    assert json.loads(done.stdout) == []
    assert "damaged" in done.stderr and "Traceback" not in done.stderr
    assert len(list(tmp_path.glob("history.sqlite3.corrupt-*"))) == 1


NO_TEXTUAL = textwrap.dedent(
    """
    import sys
    from kicktimer.cli import main
    status = main(sys.argv[1:])
    heavy = sorted(name for name in sys.modules if name.split(".")[0] == "textual")
    print("TEXTUAL:", heavy, file=sys.stderr)
    """
)


@pytest.mark.parametrize(
    "args",
    [
        ["history"],
        ["history", "--json"],
        ["history", "show", "1"],
        ["history", "trend", WORKOUT],
        ["export", "1", "--format", "csv"],
        ["export", "1", "--format", "json"],
    ],
)
def test_history_and_export_never_import_textual(data_dir: Path, args: list[str]) -> None:
    env = {**os.environ, "KICK_DATA_DIR": str(data_dir)}
    done = subprocess.run(
        [sys.executable, "-c", NO_TEXTUAL, *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert "TEXTUAL: []" in done.stderr, done.stderr
    assert done.stdout.strip()


def test_sessions_the_store_could_not_save_are_not_in_a_later_history(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    store = open_history_store(blocker / "history.sqlite3")
    session_id = store.start_session(info())
    assert [s.id for s in store.list_sessions()] == [session_id]
    done = kick(blocker, "history", "--json")
    assert done.returncode == 0 and json.loads(done.stdout) == []


def test_an_unusable_history_is_reported_as_unreadable_not_as_a_session_kept_in_memory(
    tmp_path: Path,
) -> None:
    (tmp_path / "history.sqlite3").mkdir()  # where the database should be, a folder
    result = kick(tmp_path, "history")
    assert result.returncode == 0
    [notice] = result.stderr.splitlines()
    assert notice.startswith(f"kick history: History can't be read: {tmp_path / 'history.sqlite3'}: ")
    assert "session" not in notice


def test_show_of_a_coach_session_marks_a_dnf_in_the_results_as_the_finish_screen_does(tmp_path: Path) -> None:
    """Ben was still out when rep 2 closed: the results say DNF there, not a dash (as if he never ran)."""
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = store.start_session(info(athletes=["Ana", "Ben"]))
    for index, splits in {1: [("Ana", 80.0), ("Ben", 85.0)], 3: [("Ana", 81.0), ("Ben", None)]}.items():
        for name, seconds in splits:
            ended_by = "dnf" if seconds is None else "lap"
            store.record_lap(session_id, lap(index, seconds, athlete=name, ended_by=ended_by))
    store.finish_session(session_id, "aborted", "2026-05-04T19:30:00.000+02:00")
    store.close()
    shown = kick(tmp_path, "history", "show", str(session_id)).stdout
    results = shown[shown.index("Results") :]
    ben = next(line for line in results.splitlines() if "Ben" in line)
    assert [cell.strip() for cell in ben.split("│")[1:4]] == ["Ben", "1:25.0", "DNF"]


def test_the_report_of_two_reps_gives_no_range_of_one_earlier_rep(tmp_path: Path) -> None:
    """With two reps the earlier reps are one rep: '1:32.0 to 1:32.0 (range 0.0 s)' says nothing."""
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = seed(store, [92.0, 88.0])
    store.close()
    shown = kick(tmp_path, "history", "show", str(session_id)).stdout
    assert "faster" in shown  # the kick is still there
    assert "Earlier reps" not in shown and "range 0.0" not in shown


def test_show_of_a_coach_session_gives_the_group_clock_no_difference_from_a_target(tmp_path: Path) -> None:
    """The group clock closes a rep when the last athlete is in or the coach closes it: it ran
    no split, so '8.6 against 1:30.0: −81.4 s' on its row read as somebody's split."""
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = store.start_session(info(athletes=["Ana", "Ben"]))
    store.record_lap(session_id, lap(1, 80.0, athlete="Ana", ended_by="lap", target_s=None))
    store.record_lap(session_id, lap(1, None, athlete="Ben", ended_by="dnf", target_s=None))
    store.record_lap(session_id, lap(1, 8.6, ended_by="lap", target_s=90.0))  # the group clock
    store.finish_session(session_id, "aborted", "2026-05-04T19:30:00.000+02:00")
    store.close()
    shown = kick(tmp_path, "history", "show", str(session_id)).stdout
    rows = [line.split("│") for line in shown.splitlines() if line.count("│") >= 7]
    group = next(cells for cells in rows if cells[3].strip() == "" and cells[6].strip() == "8.6")
    assert group[7].strip() == ""
    assert "−81.4" not in shown


def test_a_history_file_from_before_the_workout_index_is_read_and_indexed(tmp_path: Path) -> None:
    """A file at schema version 2 (no index on (workout, id)): `--workout` and `trend` read it as
    before, and opening it adds the index that lets their pages come in id order without a sort."""
    old = OldVersionStore(tmp_path / "history.sqlite3", version=2)
    for day, final in enumerate((88.0, 86.0, 84.0)):
        seed(old, [92.0, 91.0, 91.5, final], day=day)
    seed(old, [30.0, 29.0], workout="Strides", day=3)
    old.close()

    listed = kick(tmp_path, "history", "--workout", WORKOUT, "--json")
    assert listed.returncode == 0, listed.stderr
    assert [session["workout"] for session in json.loads(listed.stdout)] == [WORKOUT] * 3
    trend = kick(tmp_path, "history", "trend", WORKOUT)
    assert trend.returncode == 0, trend.stderr
    assert "Over 3 sessions" in trend.stdout

    with sqlite3.connect(tmp_path / "history.sqlite3") as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM sessions WHERE workout = ? AND id < ?"
            " ORDER BY id DESC LIMIT 200",
            (WORKOUT, 10),
        ).fetchall()
    details = " | ".join(str(row[-1]) for row in plan)
    assert "TEMP B-TREE" not in details, details
    assert "INDEX" in details, details
