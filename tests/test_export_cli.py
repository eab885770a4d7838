"""`kick export ID --format csv|json [-o FILE]`: every lap (every athlete split) out, as stored."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from history_support import WORKOUT, YAML, info, interval_laps, lap
from kicktimer.history import open_history_store

REQUIRED = [
    "session",
    "workout",
    "label",
    "kind",
    "rep",
    "athlete",
    "planned_s",
    "target_s",
    "actual_s",
    "started_at",
]


def kick(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KICK_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", *args], capture_output=True, text=True, env=env, timeout=60
    )


@pytest.fixture
def solo(tmp_path: Path) -> tuple[Path, int]:
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = store.start_session(info())
    for record in interval_laps([90.5, 89.25, 84.125]):
        store.record_lap(session_id, record)
    store.finish_session(session_id, "completed", "2026-05-04T19:30:00.000+02:00")
    store.close()
    return tmp_path, session_id


@pytest.fixture
def coach(tmp_path: Path) -> tuple[Path, int]:
    """Two reps for Ana, Ben and Cy; Cy did not finish the second."""
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = store.start_session(info(athletes=["Ana", "Ben", "Cy"]))
    splits = {1: {"Ana": 80.0, "Ben": 85.0, "Cy": 90.0}, 3: {"Ana": 78.0, "Ben": 86.0, "Cy": None}}
    for index, by_athlete in splits.items():
        for name, seconds in by_athlete.items():
            ended_by = "lap" if seconds is not None else "dnf"
            store.record_lap(
                session_id, lap(index, seconds, athlete=name, rep=f"{index // 2 + 1}/2", ended_by=ended_by)
            )
        store.record_lap(session_id, lap(index + 1, 120.0, kind="recover", planned_s=120.0, ended_by="time"))
    store.finish_session(session_id, "completed", "2026-05-04T19:30:00.000+02:00")
    store.close()
    return tmp_path, session_id


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_lap_with_the_required_columns(solo: tuple[Path, int]) -> None:
    data_dir, session_id = solo
    done = kick(data_dir, "export", str(session_id), "--format", "csv")
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0].split(",")
    assert set(REQUIRED) <= set(header)
    table = rows(done.stdout)
    expected = interval_laps([90.5, 89.25, 84.125])
    assert len(table) == len(expected)
    assert {row["session"] for row in table} == {str(session_id)}
    assert {row["workout"] for row in table} == {WORKOUT}
    assert [row["kind"] for row in table] == [x.kind for x in expected]
    assert [row["rep"] for row in table] == [x.rep or "" for x in expected]
    assert [row["actual_s"] for row in table if row["kind"] == "run"] == ["90.500", "89.250", "84.125"]
    assert [row["planned_s"] for row in table] == [
        "" if x.planned_s is None else f"{x.planned_s:.3f}" for x in expected
    ]
    assert [row["started_at"] for row in table] == [x.started_at for x in expected]
    assert {row["athlete"] for row in table} == {""}


def test_csv_in_coach_mode_has_one_row_per_athlete_split(coach: tuple[Path, int]) -> None:
    data_dir, session_id = coach
    table = rows(kick(data_dir, "export", str(session_id)).stdout)
    splits = [(row["rep"], row["athlete"], row["actual_s"]) for row in table if row["kind"] == "run"]
    assert splits == [
        ("1/2", "Ana", "80.000"),
        ("1/2", "Ben", "85.000"),
        ("1/2", "Cy", "90.000"),
        ("2/2", "Ana", "78.000"),
        ("2/2", "Ben", "86.000"),
        ("2/2", "Cy", ""),
    ]
    assert [row["ended_by"] for row in table if row["athlete"] == "Cy"] == ["lap", "dnf"]


def test_json_is_the_session_with_its_laps_and_workout_file(solo: tuple[Path, int]) -> None:
    data_dir, session_id = solo
    done = kick(data_dir, "export", str(session_id), "--format", "json")
    assert done.returncode == 0, done.stderr
    session = json.loads(done.stdout)
    assert session["id"] == session_id and session["workout"] == WORKOUT
    assert session["status"] == "completed"
    assert session["workout_yaml"] == YAML
    assert [x["actual_s"] for x in session["laps"]] == [
        x.actual_s for x in interval_laps([90.5, 89.25, 84.125])
    ]


def test_output_file_gets_the_same_text_as_stdout(solo: tuple[Path, int], tmp_path: Path) -> None:
    data_dir, session_id = solo
    target = tmp_path / "out" / "session.csv"
    target.parent.mkdir()
    done = kick(data_dir, "export", str(session_id), "--format", "csv", "-o", str(target))
    assert done.returncode == 0 and done.stdout == ""
    assert target.read_text(encoding="utf-8") == kick(data_dir, "export", str(session_id)).stdout


def test_a_one_lap_session_is_written_as_one_lap(tmp_path: Path) -> None:
    store = open_history_store(tmp_path / "history.sqlite3")
    session_id = store.start_session(info())
    store.record_lap(session_id, lap(0, 61.0))
    store.finish_session(session_id, "aborted", "2026-05-04T19:30:00.000+02:00")
    store.close()
    done = kick(tmp_path, "export", str(session_id), "-o", str(tmp_path / "one.csv"))
    assert done.returncode == 0
    assert done.stderr == f"Session {session_id} (1 lap) written to {tmp_path / 'one.csv'}\n"  # was "1 laps"


def test_an_unwritable_output_file_is_one_line_not_a_traceback(
    solo: tuple[Path, int], tmp_path: Path
) -> None:
    data_dir, session_id = solo
    blocker = tmp_path / "plain-file"
    blocker.write_text("")
    done = kick(data_dir, "export", str(session_id), "-o", str(blocker / "x.csv"))
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(f"{blocker / 'x.csv'}: cannot write the file: ")


@pytest.mark.parametrize("ref", ["12345", "abc"])
def test_an_unknown_id_is_one_line_and_status_2(solo: tuple[Path, int], ref: str) -> None:
    data_dir, _ = solo
    done = kick(data_dir, "export", ref, "--format", "csv")
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1 and ref in done.stderr


def test_an_unknown_format_is_refused_with_status_2(solo: tuple[Path, int]) -> None:
    data_dir, session_id = solo
    done = kick(data_dir, "export", str(session_id), "--format", "xlsx")
    assert done.returncode == 2 and "xlsx" in done.stderr


@pytest.mark.parametrize("where", ["missing/splits.csv", "."])
def test_an_unwritable_destination_is_one_line_and_status_2(
    solo: tuple[Path, int], tmp_path: Path, where: str
) -> None:
    """No such folder, or a folder where the file should go: `PATH: message`, exit 2, as convert."""
    data_dir, session_id = solo
    destination = tmp_path / where
    result = kick(data_dir, "export", str(session_id), "-o", str(destination))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"{destination}: cannot write the file: ")
