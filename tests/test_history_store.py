"""The SQLite store on a real file: schema versions, durability, interrupted sessions, two writers."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from history_support import WORKOUT, info, interval_laps, lap, seed
from kicktimer.history import (
    INTERRUPTED,
    MemoryStore,
    SqliteStore,
    UnknownSession,
    open_history_store,
)
from kicktimer.history.schema import LATEST_VERSION, MIGRATIONS, NewerSchema, migrate

TIMES = [92.1, 91.4, 91.9, 90.8, 91.2, 90.6, 91.0, 84.3]


def raw(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None)


def user_version(path: Path) -> int:
    with raw(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


# ---- schema -----------------------------------------------------------------


def test_a_new_file_is_migrated_from_version_0(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = SqliteStore(path)
    store.close()
    assert user_version(path) == LATEST_VERSION
    with raw(path) as conn:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"sessions", "laps"} <= tables


def test_an_empty_existing_file_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.touch()
    SqliteStore(path).close()
    assert user_version(path) == LATEST_VERSION


def test_a_later_migration_is_applied_once_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = SqliteStore(path)
    session_id = seed(store, TIMES)
    store.close()
    extended = (*MIGRATIONS, "ALTER TABLE sessions ADD COLUMN weather TEXT;")
    conn = raw(path)
    assert migrate(conn, extended) == 1
    assert migrate(conn, extended) == 0
    conn.close()
    assert user_version(path) == LATEST_VERSION + 1
    reopened = SqliteStore(path, migrations=extended)
    assert [x.actual_s for x in reopened.get_session(session_id).laps] == [
        x.actual_s for x in interval_laps(TIMES)
    ]
    reopened.close()


def test_a_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    SqliteStore(path).close()
    conn = raw(path)
    broken = (*MIGRATIONS, "ALTER TABLE sessions ADD COLUMN ok TEXT;\nALTER TABLE nowhere ADD COLUMN x;")
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, broken)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(sessions)")}
    conn.close()
    assert user_version(path) == LATEST_VERSION
    assert "ok" not in columns


def test_a_database_from_a_newer_kicktimer_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    SqliteStore(path).close()
    with raw(path) as conn:
        conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    before = path.read_bytes()
    with pytest.raises(NewerSchema):
        SqliteStore(path)
    store = open_history_store(path)
    notices = store.take_notices()
    assert not store.saving
    assert len(notices) == 1 and "newer" in notices[0]
    store.start_session(info())
    assert path.read_bytes() == before


def test_wal_mode_and_busy_timeout_are_on(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = SqliteStore(path)
    assert store.journal_mode == "wal"
    with raw(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()


# ---- writing and reading ------------------------------------------------------


def test_each_lap_is_on_disk_when_record_lap_returns(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = SqliteStore(path)
    session_id = store.start_session(info())
    for count, record in enumerate(interval_laps(TIMES[:3]), start=1):
        store.record_lap(session_id, record)
        with raw(path) as fresh:
            stored = fresh.execute("SELECT COUNT(*) FROM laps WHERE session_id = ?", (session_id,)).fetchone()
        assert stored[0] == count
    store.close()


def test_a_session_reads_back_exactly_as_written(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = SqliteStore(path)
    written = info(athletes=["Ana", "Ben"])
    session_id = store.start_session(written)
    laps = [lap(1, 88.4, rep="1/8", athlete="Ana"), lap(1, None, rep="1/8", athlete="Ben", ended_by="dnf")]
    for record in laps:
        store.record_lap(session_id, record)
    store.finish_session(session_id, "completed", "2026-05-04T19:30:00.000+02:00")
    store.close()
    record = SqliteStore(path).get_session(session_id)
    assert record.workout == written.workout
    assert record.workout_yaml == written.workout_yaml
    assert record.environment == "track"
    assert record.reps == (8,)
    assert record.paces == {"mile": 330.0}
    assert record.athletes == ("Ana", "Ben")
    assert record.started_at == written.started_at
    assert record.ended_at == "2026-05-04T19:30:00.000+02:00"
    assert record.status == "completed"
    assert record.laps == tuple(laps)


def test_sessions_are_listed_newest_first_and_filtered(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "history.sqlite3")
    first = seed(store, TIMES, day=0)
    other = seed(store, [60.0, 58.0], workout="Strides", day=1)
    latest = seed(store, TIMES, day=2)
    assert [s.id for s in store.list_sessions()] == [latest, other, first]
    assert [s.id for s in store.list_sessions(workout=WORKOUT)] == [latest, first]
    assert [s.id for s in store.list_sessions(limit=1)] == [latest]
    newest = store.get_session(latest)
    previous = store.previous_session(WORKOUT, newest)
    assert previous is not None and previous.id == first
    assert store.previous_session(WORKOUT, store.get_session(first)) is None


def test_unknown_sessions_and_bad_statuses_are_refused(tmp_path: Path) -> None:
    for store in (SqliteStore(tmp_path / "history.sqlite3"), MemoryStore()):
        with pytest.raises(UnknownSession):
            store.get_session(42)
        with pytest.raises(UnknownSession):
            store.record_lap(42, lap(1, 90.0))
        with pytest.raises(UnknownSession):
            store.finish_session(42, "completed", "2026-05-04T19:30:00.000+02:00")
        session_id = store.start_session(info())
        with pytest.raises(ValueError):
            store.finish_session(session_id, "interrupted", "2026-05-04T19:30:00.000+02:00")


def test_the_memory_store_behaves_like_the_sqlite_store(tmp_path: Path) -> None:
    sqlite_store = SqliteStore(tmp_path / "history.sqlite3")
    memory = MemoryStore()
    for store in (sqlite_store, memory):
        seed(store, TIMES, day=0)
        seed(store, [60.0], workout="Strides", day=1)
        seed(store, TIMES[:4], day=2, status="aborted")
        store.start_session(info(day=3))

    def shape(store: SqliteStore | MemoryStore) -> list[tuple[object, ...]]:
        return [(s.workout, s.status, s.started_at, s.laps) for s in store.list_sessions()]

    assert shape(sqlite_store) == shape(memory)
    assert [s.status for s in memory.list_sessions()] == ["running", "aborted", "completed", "completed"]


# ---- interrupted sessions -----------------------------------------------------

WRITER = textwrap.dedent(
    """
    import os, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from history_support import info, interval_laps
    from kicktimer.history import SqliteStore
    store = SqliteStore(Path(sys.argv[1]))
    session_id = store.start_session(info())
    for record in interval_laps([90.0, 89.0]):
        store.record_lap(session_id, record)
    print(session_id, flush=True)
    if sys.argv[2] == "crash":
        os._exit(0)
    sys.stdin.readline()
    """
).format(tests=str(Path(__file__).parent))


def test_a_session_whose_process_died_reads_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", WRITER, str(path), "crash"], capture_output=True, text=True, check=True
    )
    session_id = int(done.stdout)
    record = SqliteStore(path).get_session(session_id)
    assert record.status == INTERRUPTED
    assert len(record.laps) == len(interval_laps([90.0, 89.0]))


def test_a_live_session_reads_as_running_until_its_process_is_killed(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), "wait"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert writer.stdout is not None
        session_id = int(writer.stdout.readline())
        reader = SqliteStore(path)
        assert reader.get_session(session_id).status == "running"
        os.kill(writer.pid, signal.SIGKILL)
        os.waitid(os.P_PID, writer.pid, os.WEXITED | os.WNOWAIT)  # dead, but not reaped: a zombie
        assert reader.get_session(session_id).status == INTERRUPTED
    finally:
        writer.kill()
        writer.wait()
    assert reader.get_session(session_id).status == INTERRUPTED


def test_this_process_s_own_open_session_is_running(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "history.sqlite3")
    session_id = seed(store, TIMES[:2], status="running")
    assert store.get_session(session_id).status == "running"
    assert SqliteStore(tmp_path / "history.sqlite3").get_session(session_id).status == "running"


# ---- two writers ----------------------------------------------------------------

RACER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from history_support import info, lap
    from kicktimer.history import open_history_store
    store = open_history_store(Path(sys.argv[1]))
    go = Path(sys.argv[2])
    while not go.exists():
        time.sleep(0.001)
    session_id = store.start_session(info(workout=sys.argv[3]))
    for index in range(60):
        store.record_lap(session_id, lap(index, 80.0 + index))
    store.finish_session(session_id, "completed", "2026-05-04T19:30:00.000+02:00")
    print(session_id, store.saving, store.take_notices())
    """
).format(tests=str(Path(__file__).parent))


def test_two_kick_processes_writing_at_once_both_keep_every_lap(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    open_history_store(path).close()
    go = tmp_path / "go"
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(path), str(go), name], stdout=subprocess.PIPE, text=True
        )
        for name in ("A", "B")
    ]
    go.touch()
    outputs = [racer.communicate(timeout=60)[0] for racer in racers]
    assert [racer.returncode for racer in racers] == [0, 0]
    for output in outputs:
        assert output.split()[1:] == ["True", "[]"], output
    store = SqliteStore(path)
    sessions = {s.workout: s for s in store.list_sessions()}
    assert set(sessions) == {"A", "B"}
    for session in sessions.values():
        assert session.status == "completed"
        assert [x.actual_s for x in session.laps] == [80.0 + i for i in range(60)]


def test_two_connections_in_threads_interleave_without_losing_laps(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    stores = [SqliteStore(path), SqliteStore(path)]
    ids = [store.start_session(info(workout=name)) for store, name in zip(stores, "XY", strict=True)]
    barrier = threading.Barrier(2)

    def write(store: SqliteStore, session_id: int) -> None:
        barrier.wait()
        for index in range(100):
            store.record_lap(session_id, lap(index, float(index)))

    threads = [threading.Thread(target=write, args=pair) for pair in zip(stores, ids, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for session_id in ids:
        assert len(SqliteStore(path).get_session(session_id).laps) == 100
