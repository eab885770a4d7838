"""Faults: nothing lost, nothing stops. Corrupt files, unwritable directories, a disk that fills up."""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from history_support import info, interval_laps, lap, seed
from kicktimer.history import SqliteStore, open_history_store
from kicktimer.history.export_formats import write_export

TIMES = [92.1, 91.4, 91.9, 90.8, 91.2, 90.6, 91.0, 84.3]


def corrupt_files(directory: Path, companion: str = "") -> list[Path]:
    """Moved-aside databases (or, with `companion="-wal"`, their WAL files)."""
    moved = sorted(directory.glob("history.sqlite3.corrupt-*"))
    if companion:
        return [path for path in moved if path.name.endswith(companion)]
    return [path for path in moved if not path.name.endswith(("-wal", "-shm", "-journal"))]


# ---- corrupt database --------------------------------------------------------


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_fresh_one_started(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"this is not SQLite, it is a shopping list\n" * 200
    path.write_bytes(garbage)
    store = open_history_store(path)
    notices = store.take_notices()
    moved = corrupt_files(tmp_path)
    assert len(moved) == 1
    assert moved[0].read_bytes() == garbage
    assert len(notices) == 1 and str(moved[0]) in notices[0] and "damaged" in notices[0]
    assert store.saving
    session_id = seed(store, TIMES)
    store.close()
    assert len(SqliteStore(path).get_session(session_id).laps) == len(interval_laps(TIMES))
    assert store.take_notices() == []


def test_a_damaged_page_is_caught_on_open_and_the_file_kept(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = SqliteStore(path)
    for day in range(30):
        seed(store, TIMES, day=day)
    store.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 2000] = b"Z" * 2000
    path.write_bytes(bytes(data))
    reopened = open_history_store(path)
    notices = reopened.take_notices()
    moved = corrupt_files(tmp_path)
    assert len(moved) == 1 and moved[0].read_bytes() == bytes(data)
    assert "\n" not in notices[0] and "damaged" in notices[0]
    assert reopened.list_sessions() == []
    assert reopened.saving


def test_a_corrupt_database_s_wal_file_moves_with_it(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(b"x" * 4096)
    (tmp_path / "history.sqlite3-wal").write_bytes(b"wal bytes")
    open_history_store(path).close()
    (moved,) = corrupt_files(tmp_path)
    (moved_wal,) = corrupt_files(tmp_path, "-wal")
    assert moved_wal.name == moved.name + "-wal"
    assert moved_wal.read_bytes() == b"wal bytes"


# ---- a directory that can't be written ---------------------------------------


@contextmanager
def unwritable_data_dir(tmp_path: Path) -> Iterator[Path]:
    """A data directory kicktimer cannot write to.

    As a normal user: chmod 555. As root (which ignores permissions): the
    directory made immutable with `chattr +i` where the filesystem allows it,
    else a data directory whose parent is a regular file, which no one can
    create.
    """
    directory = tmp_path / "data"
    directory.mkdir(exist_ok=True)
    if os.geteuid() != 0:
        directory.chmod(0o555)
        try:
            yield directory
        finally:
            directory.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr and subprocess.run([chattr, "+i", str(directory)], capture_output=True).returncode == 0:
        try:
            yield directory
        finally:
            subprocess.run([chattr, "-i", str(directory)], check=True)
        return
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    yield blocker / "data"


def test_an_unwritable_data_dir_keeps_the_session_in_memory_and_warns_once(tmp_path: Path) -> None:
    with unwritable_data_dir(tmp_path) as directory:
        store = open_history_store(directory / "history.sqlite3")
        assert not store.saving
        session_id = store.start_session(info())
        laps = interval_laps(TIMES)
        for record in laps:
            store.record_lap(session_id, record)
        store.finish_session(session_id, "completed", "2026-05-04T19:30:00.000+02:00")
        notices = store.take_notices()
        assert len(notices) == 1 and "memory" in notices[0]
        assert store.take_notices() == []
        assert session_id < 0
        assert [s.id for s in store.list_sessions()] == [session_id]
        unsaved = store.unsaved_sessions()
        assert len(unsaved) == 1 and unsaved[0].laps == tuple(laps)
        assert unsaved[0].status == "completed"
        assert not (directory / "history.sqlite3").exists()
    exported = tmp_path / "saved.csv"
    write_export(unsaved, exported, "csv")
    rows = list(csv.DictReader(io.StringIO(exported.read_text(encoding="utf-8"))))
    assert [row["actual_s"] for row in rows] == [f"{x.actual_s:.3f}" for x in laps]


def test_an_existing_database_in_a_directory_turned_read_only_is_not_written(tmp_path: Path) -> None:
    directory = tmp_path / "data"
    directory.mkdir()
    seeded = SqliteStore(directory / "history.sqlite3")
    seed(seeded, TIMES)
    seeded.close()
    with unwritable_data_dir(tmp_path) as unwritable:
        if unwritable != directory:
            pytest.skip("this machine can only simulate a missing directory, not a read-only one")
        store = open_history_store(directory / "history.sqlite3")
        session_id = store.start_session(info(day=1))
        store.record_lap(session_id, lap(1, 90.0))
        assert not store.saving
        assert len(store.take_notices()) == 1
        assert store.unsaved_sessions()[0].laps == (lap(1, 90.0),)


FILLER = textwrap.dedent(
    """
    import json, resource, signal, sys
    from pathlib import Path
    sys.path.insert(0, {tests!r})
    from history_support import info, interval_laps
    from kicktimer.history import open_history_store
    store = open_history_store(Path(sys.argv[1]))
    session_id = store.start_session(info())
    laps = interval_laps([90.0 + n for n in range(20)])
    for record in laps[:5]:
        store.record_lap(session_id, record)
    # The disk fills up: no file may grow any more (EFBIG instead of SIGXFSZ).
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    for record in laps[5:]:
        store.record_lap(session_id, record)
    store.finish_session(session_id, "completed", "2026-05-04T19:30:00.000+02:00")
    unsaved = store.unsaved_sessions()
    print(json.dumps({{
        "id": session_id,
        "saving": store.saving,
        "notices": store.take_notices(),
        "unsaved": [[s.id, s.status, len(s.laps)] for s in unsaved],
        "total": len(laps),
        "listed": [[s.id, len(s.laps)] for s in store.list_sessions()],
        "read_back": len(store.get_session(session_id).laps),
    }}))
    """
).format(tests=str(Path(__file__).parent))


def test_a_disk_that_fills_up_mid_session_loses_nothing(tmp_path: Path) -> None:
    import json

    path = tmp_path / "history.sqlite3"
    done = subprocess.run(
        [sys.executable, "-c", FILLER, str(path)], capture_output=True, text=True, check=True, timeout=60
    )
    report = json.loads(done.stdout)
    assert report["saving"] is False
    assert len(report["notices"]) == 1 and "not being saved" in report["notices"][0]
    assert report["unsaved"] == [[report["id"], "completed", report["total"]]]
    assert report["listed"] == [[report["id"], report["total"]]]
    assert report["read_back"] == report["total"]
    on_disk = SqliteStore(path).get_session(report["id"])
    assert len(on_disk.laps) == 5
    assert on_disk.status == "interrupted"
