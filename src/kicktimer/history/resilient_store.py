"""A store that never stops the timer: SQLite while it works, memory once it doesn't.

A full disk, a read-only data directory, a database another program locked
for too long: none of these may cost the runner the session in progress. This
wrapper writes to SQLite and keeps a copy of every session this process starts
in memory. The first write that fails switches writing to memory for the rest
of the process, adds one notice for the screen, and marks the sessions whose
history is incomplete as unsaved; `unsaved_sessions()` gives them back whole
(all laps, including the ones written before the failure) for an export.

Ids: a session started while SQLite worked keeps its database id. One started
after (or without) a database gets a negative id, -1, -2, ...: it exists only
in this process.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

from kicktimer.history.memory_store import MemoryStore
from kicktimer.history.records import SessionRecord, UnknownSession, encode_json, sort_key
from kicktimer.history.sqlite_store import SqliteStore
from kicktimer.ports import LapRecord, SessionInfo

_STORE_ERRORS = (sqlite3.Error, OSError)


class ResilientStore:
    """`HistoryStore` + `HistoryReader` + notices; writes never raise for I/O reasons."""

    def __init__(self, db: SqliteStore | None, *, notices: list[str] | None = None) -> None:
        self._db = db
        self._writable = db is not None
        self._memory = MemoryStore()
        self._unsaved: set[int] = set()
        self._next_unsaved_id = -1
        self._notices = list(notices or [])
        self._warned = db is None  # whoever passed no database has already said why

    @property
    def path(self) -> Path | None:
        """The database file, or None when there is none."""
        return self._db.path if self._db is not None else None

    @property
    def saving(self) -> bool:
        """True while writes still reach the database."""
        return self._writable

    # ---- writing ----------------------------------------------------------

    def start_session(self, info: SessionInfo) -> int:
        session_id: int | None = None
        if self._writable and self._db is not None:
            try:
                session_id = self._db.start_session(info)
            except _STORE_ERRORS as error:
                self._fail(error)
        if session_id is None:
            session_id = self._next_unsaved_id
            self._next_unsaved_id -= 1
            self._unsaved.add(session_id)
            self._warn_unsaved(None)
        self._memory.start_session(info, session_id=session_id)
        return session_id

    def record_lap(self, session_id: int, lap: LapRecord) -> None:
        self._memory.record_lap(session_id, lap)
        self._write(session_id, lambda db: db.record_lap(session_id, lap))

    def void_laps(self, session_id: int, index: int, athlete: str) -> None:
        self._memory.void_laps(session_id, index, athlete)
        self._write(session_id, lambda db: db.void_laps(session_id, index, athlete))

    def finish_session(self, session_id: int, status: str, ended_at: str) -> None:
        self._memory.finish_session(session_id, status, ended_at)
        self._write(session_id, lambda db: db.finish_session(session_id, status, ended_at))

    def _write(self, session_id: int, write: Callable[[SqliteStore], None]) -> None:
        if session_id in self._unsaved:
            return
        if not self._writable or self._db is None:
            self._unsaved.add(session_id)
            return
        try:
            write(self._db)
        except _STORE_ERRORS as error:
            self._unsaved.add(session_id)
            self._fail(error)

    def _fail(self, error: BaseException) -> None:
        self._writable = False
        self._warn_unsaved(error)

    def _warn_unsaved(self, error: BaseException | None) -> None:
        if self._warned:
            return
        self._warned = True
        where = f"{self.path}: " if self.path is not None else ""
        reason = f" ({where}{error})" if error is not None else ""
        self._notices.append(
            f"History is not being saved{reason}. This session is kept in memory; export it when it ends."
        )

    # ---- reading ----------------------------------------------------------

    def list_sessions(self, workout: str | None = None, limit: int | None = None) -> list[SessionRecord]:
        merged: dict[int, SessionRecord] = {}
        if self._db is not None:
            try:
                merged = {record.id: record for record in self._db.list_sessions(workout, limit)}
            except _STORE_ERRORS:
                merged = {}
        for record in self._memory.list_sessions(workout):
            if record.id in self._unsaved:
                merged[record.id] = record
        records = sorted(merged.values(), key=sort_key, reverse=True)
        return records if limit is None else records[: max(0, limit)]

    def iter_sessions(self, workout: str | None = None, limit: int | None = None) -> Iterator[SessionRecord]:
        """Sessions newest first, a page at a time: this process's unsaved ones, then the database's."""
        unsaved = [
            record for record in self.unsaved_sessions() if workout is None or record.workout == workout
        ]

        def every() -> Iterator[SessionRecord]:
            yield from unsaved
            if self._db is None:
                return
            skip = {record.id for record in unsaved}
            with contextlib.suppress(*_STORE_ERRORS):
                for record in self._db.iter_sessions(workout):
                    if record.id not in skip:
                        yield record

        return itertools.islice(every(), None if limit is None else max(0, limit))

    def iter_session_json(self, workout: str | None = None, limit: int | None = None) -> Iterator[bytes]:
        """As `iter_sessions`, each session as its line of `kick history --json` (UTF-8)."""
        unsaved = [
            record for record in self.unsaved_sessions() if workout is None or record.workout == workout
        ]

        def every() -> Iterator[bytes]:
            yield from (encode_json(record.to_json()) for record in unsaved)
            if self._db is None:
                return
            skip = {record.id for record in unsaved}
            with contextlib.suppress(*_STORE_ERRORS):
                for session_id, line in self._db.iter_session_json(workout):
                    if session_id not in skip:
                        yield line

        return itertools.islice(every(), None if limit is None else max(0, limit))

    def get_session(self, session_id: int) -> SessionRecord:
        if session_id in self._unsaved or self._db is None:
            return self._memory.get_session(session_id)
        try:
            return self._db.get_session(session_id)
        except _STORE_ERRORS:
            return self._memory.get_session(session_id)

    def previous_session(self, workout: str, before: SessionRecord) -> SessionRecord | None:
        limit = sort_key(before)
        candidates = [
            record
            for record in self._memory.list_sessions(workout)
            if record.id in self._unsaved and record.id != before.id and sort_key(record) < limit
        ]
        if self._db is not None:
            try:
                found = self._db.previous_session(workout, before)
            except (*_STORE_ERRORS, UnknownSession):
                found = None
            if found is not None and found.id not in self._unsaved:
                candidates.append(found)
        return max(candidates, key=sort_key) if candidates else None

    def workout_names(self) -> list[str]:
        names = {record.workout for record in self.unsaved_sessions()}
        if self._db is not None:
            with contextlib.suppress(*_STORE_ERRORS):
                names.update(self._db.workout_names())
        return sorted(names)

    # ---- faults -----------------------------------------------------------

    def take_notices(self) -> list[str]:
        """One-time messages for the screen; each is returned once."""
        notices, self._notices = self._notices, []
        return notices

    def unsaved_sessions(self) -> list[SessionRecord]:
        """Sessions of this process whose history is not (fully) in the database, newest first."""
        return [record for record in self._memory.list_sessions() if record.id in self._unsaved]

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(*_STORE_ERRORS):
                self._db.close()
