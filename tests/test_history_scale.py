"""A long history: 10,000 sessions and 200,000 laps, written through the store's public interface.

The history commands read it a page at a time (`iter_sessions`) and write as
they go; these tests check that what they print is still every session, whole
and in order. How fast and how small that is belongs to bench/bench_history.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from history_support import info, lap, seed
from kicktimer.history.records import encode_json, local_now_iso
from kicktimer.history.sqlite_store import PAGE_SESSIONS, CorruptDatabase, SqliteStore

SESSIONS = 10_000
LAPS_PER_SESSION = 20
OTHER = "Hill sprints"


def generate(path: Path) -> None:
    """Every 4th session is of OTHER; each has 20 laps whose times encode (session, lap)."""
    store = SqliteStore(path)
    with store.batch():
        for number in range(SESSIONS):
            workout = OTHER if number % 4 == 0 else "8 × 400 m, last one all-out"
            session_id = store.start_session(info(workout, day=number))
            for index in range(LAPS_PER_SESSION):
                store.record_lap(session_id, lap(index, 60.0 + index, rep=str(number), day=number))
            store.finish_session(session_id, "completed", local_now_iso())
    store.close()


@pytest.fixture(scope="module")
def long_history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("long-history")
    generate(data_dir / "history.sqlite3")
    return data_dir


def kick(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", *args],
        env={"KICK_DATA_DIR": str(data_dir), "KICK_CONFIG_DIR": str(data_dir / "config"), "PATH": ""},
        capture_output=True,
        text=True,
        check=False,
    )


def test_history_json_streams_every_session_with_every_lap_newest_first(long_history: Path) -> None:
    done = kick(long_history, "history", "--json")
    assert done.returncode == 0, done.stderr
    sessions = json.loads(done.stdout)
    assert [s["id"] for s in sessions] == list(range(SESSIONS, 0, -1))
    assert all(len(s["laps"]) == LAPS_PER_SESSION for s in sessions)
    assert sum(len(s["laps"]) for s in sessions) == SESSIONS * LAPS_PER_SESSION
    # each lap stayed with its own session across page boundaries
    assert all(lap["rep"] == str(s["id"] - 1) for s in sessions for lap in s["laps"])
    assert [lap["actual_s"] for lap in sessions[PAGE_SESSIONS]["laps"]] == [60.0 + i for i in range(20)]


def test_history_json_filters_and_limits_across_pages(long_history: Path) -> None:
    done = kick(long_history, "history", "--json", "--workout", OTHER, "--limit", str(PAGE_SESSIONS + 7))
    assert done.returncode == 0, done.stderr
    sessions = json.loads(done.stdout)
    assert len(sessions) == PAGE_SESSIONS + 7
    assert {s["workout"] for s in sessions} == {OTHER}
    assert [s["id"] for s in sessions] == [n + 1 for n in range(SESSIONS - 4, -1, -4)][: PAGE_SESSIONS + 7]


def test_trend_reads_every_session_of_the_workout_and_tables_the_latest(long_history: Path) -> None:
    done = kick(long_history, "history", "trend", OTHER)
    assert done.returncode == 0, done.stderr
    assert f"Over {SESSIONS // 4} sessions" in done.stdout
    assert f"The table shows the latest 20 of {SESSIONS // 4}" in done.stdout


def test_a_history_left_as_kick_closed_it_still_catches_damage_done_since(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = SqliteStore(path)
    for day in range(30):
        store.start_session(info(day=day))
    store.close()
    SqliteStore(path).close()  # opened and closed again by kick: the check may be skipped now
    data = bytearray(path.read_bytes())
    data[4096 : 4096 + 2000] = b"Z" * 2000
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabase):
        SqliteStore(path)


def test_the_json_stream_is_each_session_as_its_record_reads(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "history.sqlite3")
    seed(store, [71.25, 70.5, 66.123456789012345], workout="Tempo [hard] «Ø»")
    seed(store, [80.0, 79.0], day=1, status="running")
    coach = store.start_session(info(day=2, athletes=("Ana", "Bé")))
    store.record_lap(coach, lap(0, 61.7, athlete="Ana", rep="1/2"))
    store.record_lap(coach, lap(0, None, athlete="Bé", ended_by="dnf"))
    streamed = list(store.iter_session_json())
    assert streamed == [(record.id, encode_json(record.to_json())) for record in store.iter_sessions()]
    assert streamed == [(record.id, encode_json(record.to_json())) for record in store.list_sessions()]
    assert json.loads(streamed[0][1])["laps"][-1]["athlete"] == "Bé"
    store.close()
