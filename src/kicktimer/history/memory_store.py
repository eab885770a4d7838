"""The history in memory: the same interface as the SQLite store, nothing on disk.

Tests hand it to the app; `open_history_store()` keeps a session in one when
the data directory cannot be written, so the session can still be shown and
exported at the end.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from kicktimer.history.records import (
    FINAL_STATUSES,
    RUNNING,
    SessionRecord,
    UnknownSession,
    sort_key,
)
from kicktimer.ports import LapRecord, SessionInfo


@dataclass
class _Session:
    info: SessionInfo
    status: str = RUNNING
    ended_at: str | None = None
    laps: list[LapRecord] = field(default_factory=list)


class MemoryStore:
    """`HistoryStore` + `HistoryReader` in a dict. Sessions here live as long as the process."""

    def __init__(self) -> None:
        self._sessions: dict[int, _Session] = {}
        self._next_id = 1
        self._lock = threading.Lock()

    def start_session(self, info: SessionInfo, *, session_id: int | None = None) -> int:
        """Start a session; `session_id` lets a caller keep an id it already handed out."""
        with self._lock:
            if session_id is None:
                session_id = self._next_id
            if session_id in self._sessions:
                raise ValueError(f"session {session_id} already exists")
            self._sessions[session_id] = _Session(info)
            self._next_id = max(self._next_id, session_id + 1)
            return session_id

    def record_lap(self, session_id: int, lap: LapRecord) -> None:
        with self._lock:
            self._session(session_id).laps.append(lap)

    def void_laps(self, session_id: int, index: int, athlete: str) -> None:
        with self._lock:
            session = self._session(session_id)
            session.laps = [lap for lap in session.laps if (lap.index, lap.athlete) != (index, athlete)]

    def finish_session(self, session_id: int, status: str, ended_at: str) -> None:
        if status not in FINAL_STATUSES:
            raise ValueError(f"a session finishes as one of {sorted(FINAL_STATUSES)}, not {status!r}")
        with self._lock:
            session = self._session(session_id)
            session.status = status
            session.ended_at = ended_at

    def list_sessions(self, workout: str | None = None, limit: int | None = None) -> list[SessionRecord]:
        with self._lock:
            records = [
                self._record(session_id)
                for session_id, session in self._sessions.items()
                if workout is None or session.info.workout == workout
            ]
        records.sort(key=sort_key, reverse=True)
        return records if limit is None else records[: max(0, limit)]

    def iter_sessions(self, workout: str | None = None, limit: int | None = None) -> Iterator[SessionRecord]:
        """As `list_sessions`: everything here is in memory already."""
        return iter(self.list_sessions(workout, limit))

    def get_session(self, session_id: int) -> SessionRecord:
        with self._lock:
            self._session(session_id)
            return self._record(session_id)

    def previous_session(self, workout: str, before: SessionRecord) -> SessionRecord | None:
        limit = sort_key(before)
        earlier = [
            record
            for record in self.list_sessions(workout)
            if record.id != before.id and sort_key(record) < limit
        ]
        return earlier[0] if earlier else None

    def workout_names(self) -> list[str]:
        with self._lock:
            return sorted({session.info.workout for session in self._sessions.values()})

    def take_notices(self) -> list[str]:
        return []

    def close(self) -> None:
        """Nothing to release; here so every store can be closed the same way."""

    def _session(self, session_id: int) -> _Session:
        try:
            return self._sessions[session_id]
        except KeyError:
            raise UnknownSession(session_id) from None

    def _record(self, session_id: int) -> SessionRecord:
        session = self._sessions[session_id]
        return SessionRecord.from_info(
            session_id,
            session.info,
            status=session.status,
            ended_at=session.ended_at,
            laps=tuple(session.laps),
        )
