"""The history in SQLite: one file, WAL mode, every write committed before it returns.

Why these settings:
- WAL lets `kick history` read while a `kick run` in another terminal writes,
  and lets two `kick run` processes write in turn instead of failing.
- `synchronous=FULL` makes each commit survive a power cut (the laptop's
  battery dying mid-session), not only a crash of the process. A lap is
  written every minute or so, so the fsync costs nothing that matters.
- A busy timeout makes a writer wait for the other process's short
  transaction instead of failing with "database is locked".
- Every write is a single statement in autocommit mode, so it is its own
  transaction and is on disk when the call returns.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from kicktimer.history.owner import current_owner, owner_is_alive
from kicktimer.history.records import (
    FINAL_STATUSES,
    INTERRUPTED,
    LAP_FIELDS,
    RUNNING,
    SessionRecord,
    UnknownSession,
    sort_key,
)
from kicktimer.history.schema import MIGRATIONS, migrate
from kicktimer.ports import LapRecord, SessionInfo

BUSY_TIMEOUT_S = 10.0
PAGE_SESSIONS = 200
"""Sessions read per query when streaming: memory stays at one page's laps, whatever the history's size."""
CHECKED_SUFFIX = ".checked"
"""Next to the database: the file's identity (inode, size, mtime) as this program last left it, checked."""

_CORRUPTION_CODES = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)

_SESSION_COLUMNS = (
    "id, workout, workout_yaml, environment, reps, paces, athletes, started_at, ended_at, status, owner"
)
_JSON_SESSION_COLUMNS = "id, workout, environment, reps, paces, athletes, started_at, ended_at, status, owner"
"""What `kick history --json` prints of a session, and its owner; not the YAML (~300 bytes a row)."""
_JSON_LAP_COLUMNS = (  # in LAP_FIELDS' order, session_id last, so zip(LAP_FIELDS, row) is the lap's JSON form
    "idx, label, kind, rep, athlete, planned_s, target_s, actual_s, paused_s, distance_m, "
    "ended_by, started_at, ended_at, belt_distance_m, avg_speed_kmh, hr_avg, hr_max, rep_set, session_id"
)
_LAP_COLUMNS = "session_id, " + _JSON_LAP_COLUMNS.removesuffix(", session_id")
_LAP_INSERT = (
    "session_id, idx, kind, label, rep, athlete, planned_s, target_s, actual_s, paused_s, "
    "distance_m, ended_by, started_at, ended_at, belt_distance_m, avg_speed_kmh, hr_avg, hr_max, rep_set"
)
_LAP_MARKS = ", ".join("?" * len(_LAP_INSERT.split(",")))


class CorruptDatabase(Exception):
    """The file is not a usable SQLite database (not one at all, or damaged)."""

    def __init__(self, path: Path, detail: str) -> None:
        self.path = path
        self.detail = detail
        super().__init__(f"{path}: {detail}")


def is_corruption(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPTION_CODES
    text = str(error).lower()
    return "not a database" in text or "malformed" in text


class SqliteStore:
    """`HistoryStore` + `HistoryReader` on a SQLite file.

    Opening checks the file (`quick_check`) and migrates it; that raises
    `CorruptDatabase`, `schema.NewerSchema`, or `sqlite3.Error`/`OSError` for
    a file that cannot be opened or written. `open_history_store()` turns
    those into a fallback; use this class directly only where failing is right.

    `quick_check` reads the whole file (about 1.4 ms per MB), so it runs only
    when the file is not as a kicktimer process last closed it: `close()`
    writes the file's inode, size and modification time next to it, and an
    open that finds the same three skips the check. Anything else that
    touches the file (another program, a damaged disk, a copy) changes them.
    """

    def __init__(self, path: Path, *, migrations: Sequence[str] = MIGRATIONS) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._owner = current_owner()
        if path.exists() and path.stat().st_size > 0 and not _as_left(path):
            _check_integrity(path)
        self._conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            self._prepare(migrations)
        except BaseException:
            self._conn.close()
            raise

    def _prepare(self, migrations: Sequence[str]) -> None:
        conn = self._conn
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            migrate(conn, migrations)
        except sqlite3.DatabaseError as error:
            if is_corruption(error):
                raise CorruptDatabase(self.path, str(error)) from error
            raise

    @property
    def journal_mode(self) -> str:
        with self._lock:
            return str(self._conn.execute("PRAGMA journal_mode").fetchone()[0])

    # ---- writing (ports.HistoryStore) ------------------------------------

    def start_session(self, info: SessionInfo) -> int:
        with self._lock:
            cursor = self._conn.execute(
                "INSERT INTO sessions (workout, workout_yaml, environment, reps, paces, athletes, "
                "started_at, status, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    info.workout,
                    info.workout_yaml,
                    info.environment,
                    json.dumps(list(info.reps)),
                    json.dumps(dict(info.paces)),
                    json.dumps(list(info.athletes)),
                    info.started_at,
                    RUNNING,
                    self._owner,
                ),
            )
            session_id = cursor.lastrowid
        assert session_id is not None
        return int(session_id)

    def record_lap(self, session_id: int, lap: LapRecord) -> None:
        with self._lock:
            try:
                self._conn.execute(
                    f"INSERT INTO laps ({_LAP_INSERT}) VALUES ({_LAP_MARKS})",
                    (
                        session_id,
                        lap.index,
                        lap.kind,
                        lap.label,
                        lap.rep,
                        lap.athlete,
                        lap.planned_s,
                        lap.target_s,
                        lap.actual_s,
                        lap.paused_s,
                        lap.distance_m,
                        lap.ended_by,
                        lap.started_at,
                        lap.ended_at,
                        lap.belt_distance_m,
                        lap.avg_speed_kmh,
                        lap.hr_avg,
                        lap.hr_max,
                        lap.set,
                    ),
                )
            except sqlite3.IntegrityError as error:
                raise UnknownSession(session_id) from error

    def void_laps(self, session_id: int, index: int, athlete: str) -> None:
        """Delete the rows of an undone split: an undo is a correction, not a lap to keep."""
        with self._lock:
            cursor = self._conn.execute(
                "DELETE FROM laps WHERE session_id = ? AND idx = ? AND athlete = ?",
                (session_id, index, athlete),
            )
            if (
                cursor.rowcount == 0
                and not self._conn.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone()
            ):
                raise UnknownSession(session_id)

    def finish_session(self, session_id: int, status: str, ended_at: str) -> None:
        if status not in FINAL_STATUSES:
            raise ValueError(f"a session finishes as one of {sorted(FINAL_STATUSES)}, not {status!r}")
        with self._lock:
            cursor = self._conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?", (status, ended_at, session_id)
            )
        if cursor.rowcount == 0:
            raise UnknownSession(session_id)

    # ---- reading (records.HistoryReader) ---------------------------------

    def list_sessions(self, workout: str | None = None, limit: int | None = None) -> list[SessionRecord]:
        query = f"SELECT {_SESSION_COLUMNS} FROM sessions"
        params: list[Any] = []
        if workout is not None:
            query += " WHERE workout = ?"
            params.append(workout)
        query += " ORDER BY id DESC"
        if limit is not None:
            query += " LIMIT ?"
            params.append(max(0, limit))
        with self._lock:
            rows = self._conn.execute(query, params).fetchall()
            records = self._with_laps(rows)
        return sorted(records, key=sort_key, reverse=True)

    def get_session(self, session_id: int) -> SessionRecord:
        with self._lock:
            rows = self._conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,)
            ).fetchall()
            if not rows:
                raise UnknownSession(session_id)
            return self._with_laps(rows)[0]

    def previous_session(self, workout: str, before: SessionRecord) -> SessionRecord | None:
        limit = sort_key(before)
        with self._lock:
            cursor = self._conn.execute(
                f"SELECT {_SESSION_COLUMNS} FROM sessions WHERE workout = ? AND id != ? ORDER BY id DESC",
                (workout, before.id),
            )
            for row in cursor:
                candidate = _session_from_row(row, ())
                if sort_key(candidate) < limit:
                    cursor.close()
                    return self._with_laps([row])[0]
        return None

    def workout_names(self) -> list[str]:
        with self._lock:
            rows = self._conn.execute("SELECT DISTINCT workout FROM sessions ORDER BY workout").fetchall()
        return [str(row[0]) for row in rows]

    def iter_sessions(self, workout: str | None = None, limit: int | None = None) -> Iterator[SessionRecord]:
        """Sessions newest first by id (the order they were started in), read a page at a time.

        Unlike `list_sessions`, this holds one page of sessions and their laps at
        a time, so `kick history trend` stays small on a long history.
        """
        for rows, laps in self._pages(workout, limit):
            lap_records = {sid: tuple(_lap_from_row(row) for row in found) for sid, found in laps.items()}
            yield from self._records(rows, lap_records)

    def iter_session_json(
        self, workout: str | None = None, limit: int | None = None
    ) -> Iterator[tuple[int, bytes]]:
        """As `iter_sessions`, each session as its line of `kick history --json` (with its id).

        The line is `encode_json(record.to_json())`, made without a record: a
        lap row goes straight into its dict (`zip` with the field names, the
        session id last so it falls off the end), the session's columns are
        read without its workout YAML, and a session's reps, paces and athletes
        are decoded once per distinct stored text rather than once per session
        (they repeat from session to session).
        """
        from orjson import dumps

        fields: dict[tuple[Any, Any, Any], tuple[list[int], dict[str, float], list[str]]] = {}
        alive: dict[str, bool] = {}
        names = LAP_FIELDS
        for rows, laps in self._pages(workout, limit, _JSON_SESSION_COLUMNS, _JSON_LAP_COLUMNS, key=-1):
            for session_id, name, environment, reps_text, paces_text, athletes_text, *rest in rows:
                started_at, ended_at, status, owner = rest
                stored = (reps_text, paces_text, athletes_text)
                if stored not in fields:
                    fields[stored] = _session_fields(*stored)
                reps, paces, athletes = fields[stored]
                status = str(status)
                if status == RUNNING:
                    if (owner or "") not in alive:
                        alive[owner or ""] = owner_is_alive(owner)
                    if not alive[owner or ""]:
                        status = INTERRUPTED
                yield (
                    session_id,
                    dumps(
                        {
                            "id": session_id,
                            "workout": str(name),
                            "status": status,
                            "environment": str(environment),
                            "started_at": str(started_at),
                            "ended_at": None if ended_at is None else str(ended_at),
                            "reps": reps,
                            "paces": paces,
                            "athletes": athletes,
                            "laps": [dict(zip(names, lap)) for lap in laps[session_id]],  # noqa: B905 (session_id falls off)
                        }
                    ),
                )

    def _pages(
        self,
        workout: str | None,
        limit: int | None,
        session_columns: str = _SESSION_COLUMNS,
        lap_columns: str = _LAP_COLUMNS,
        key: int = 0,
    ) -> Iterator[tuple[list[Any], dict[int, list[Any]]]]:
        """Session rows newest first, PAGE_SESSIONS at a time, each page with its lap rows by session id.

        Both column lists are SQL; the session's id comes first, the lap's session id at `key`.
        """
        left = None if limit is None else max(0, limit)
        below: int | None = None
        while left is None or left > 0:
            query = f"SELECT {session_columns} FROM sessions"
            conditions: list[str] = []
            params: list[Any] = []
            if workout is not None:
                conditions.append("workout = ?")
                params.append(workout)
            if below is not None:
                conditions.append("id < ?")
                params.append(below)
            if conditions:
                query += " WHERE " + " AND ".join(conditions)
            page = PAGE_SESSIONS if left is None else min(PAGE_SESSIONS, left)
            query += " ORDER BY id DESC LIMIT ?"
            params.append(page)
            with self._lock:
                rows = self._conn.execute(query, params).fetchall()
                laps = self._lap_rows([int(row[0]) for row in rows], lap_columns, key)
            if rows:
                yield rows, laps
            if len(rows) < page:
                return
            below = int(rows[-1][0])
            if left is not None:
                left -= len(rows)

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Writes inside one transaction: for bulk imports (and generated test histories), not for a run."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            with self._lock:
                self._conn.execute("ROLLBACK")
            raise
        with self._lock:
            self._conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._conn.close()
        _remember_as_left(self.path)

    def _with_laps(self, rows: Sequence[Any]) -> list[SessionRecord]:
        laps = self._lap_rows([int(row[0]) for row in rows])
        return self._records(
            rows, {sid: tuple(_lap_from_row(row) for row in found) for sid, found in laps.items()}
        )

    def _lap_rows(self, ids: list[int], columns: str = _LAP_COLUMNS, key: int = 0) -> dict[int, list[Any]]:
        """The lap rows of these sessions, in the order they were written, by session id (column `key`)."""
        laps: dict[int, list[Any]] = {session_id: [] for session_id in ids}
        for chunk in _chunks(ids, 500):
            marks = ", ".join("?" for _ in chunk)
            for lap_row in self._conn.execute(
                f"SELECT {columns} FROM laps WHERE session_id IN ({marks}) ORDER BY rowid", chunk
            ):
                laps[lap_row[key]].append(lap_row)
        return laps

    @staticmethod
    def _records(rows: Sequence[Any], laps: dict[int, tuple[LapRecord, ...]]) -> list[SessionRecord]:
        """Session rows as records; a session left `running` by a process that is gone reads `interrupted`."""
        alive: dict[str, bool] = {}
        records = []
        for row in rows:
            record = _session_from_row(row, laps.get(int(row[0]), ()))
            owner = row[10]
            if record.status == RUNNING:
                key = owner or ""
                if key not in alive:
                    alive[key] = owner_is_alive(owner)
                if not alive[key]:
                    record = replace(record, status=INTERRUPTED)
            records.append(record)
        return records


def _identity(path: Path) -> str:
    stat = path.stat()
    return f"{stat.st_ino} {stat.st_size} {stat.st_mtime_ns}"


def _as_left(path: Path) -> bool:
    """True when the file is exactly as a kicktimer process closed it (so checked then, or written by it)."""
    try:
        marker = path.with_name(path.name + CHECKED_SUFFIX).read_text(encoding="ascii")
        return marker == _identity(path) and not path.with_name(path.name + "-wal").exists()
    except (OSError, ValueError):
        return False


def _remember_as_left(path: Path) -> None:
    marker = path.with_name(path.name + CHECKED_SUFFIX)
    try:
        if path.with_name(path.name + "-wal").exists():
            marker.unlink(missing_ok=True)  # another connection is still open: check next time
            return
        temporary = marker.with_name(marker.name + f".{os.getpid()}")
        temporary.write_text(_identity(path), encoding="ascii")
        os.replace(temporary, marker)
    except OSError:
        return


def _check_integrity(path: Path) -> None:
    """Run `quick_check` on a read-only connection; raise `CorruptDatabase` if it fails.

    Read-only, because closing a read-write connection to a damaged file may
    checkpoint into it or delete its -wal file, and a damaged history is moved
    aside exactly as it was found.
    """
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S)
    try:
        check = [row[0] for row in conn.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as error:
        if is_corruption(error):
            raise CorruptDatabase(path, str(error)) from error
        raise
    finally:
        conn.close()
    if check != ["ok"]:
        raise CorruptDatabase(path, _first_problem(check))


def _first_problem(check: list[Any]) -> str:
    """The first line of `quick_check`'s report that says something, on one line."""
    lines = [" ".join(line.split()) for item in check for line in str(item).splitlines()]
    useful = [line for line in lines if line and not line.startswith("***")]
    return (useful or lines or ["failed its integrity check"])[0]


def _chunks(items: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _session_from_row(row: Sequence[Any], laps: tuple[LapRecord, ...]) -> SessionRecord:
    reps, paces, athletes = _session_fields(row[4], row[5], row[6])
    return SessionRecord(
        id=int(row[0]),
        workout=str(row[1]),
        workout_yaml=str(row[2]),
        environment=str(row[3]),
        reps=tuple(reps),
        paces=paces,
        athletes=tuple(athletes),
        started_at=str(row[7]),
        ended_at=None if row[8] is None else str(row[8]),
        status=str(row[9]),
        laps=laps,
    )


def _session_fields(reps: Any, paces: Any, athletes: Any) -> tuple[list[int], dict[str, float], list[str]]:
    """A session's stored reps, paces and athletes (JSON text) as values; unreadable text reads empty."""
    return (
        [int(n) for n in _json(reps, [])],
        {str(k): float(v) for k, v in _json(paces, {}).items()},
        [str(a) for a in _json(athletes, [])],
    )


def _json(text: Any, default: Any) -> Any:
    try:
        value = json.loads(text) if isinstance(text, str) else default
    except ValueError:
        return default
    return value if isinstance(value, type(default)) else default


def _lap_from_row(row: Sequence[Any]) -> LapRecord:
    return LapRecord(
        index=int(row[1]),
        label=str(row[2]),
        kind=str(row[3]),
        rep=row[4],
        athlete=row[5],
        planned_s=row[6],
        target_s=row[7],
        actual_s=row[8],
        paused_s=float(row[9] or 0.0),
        distance_m=row[10],
        ended_by=row[11],
        started_at=str(row[12]),
        ended_at=str(row[13]),
        belt_distance_m=row[14],
        avg_speed_kmh=row[15],
        hr_avg=row[16],
        hr_max=row[17],
        set=row[18],
    )
