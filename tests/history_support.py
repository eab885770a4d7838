"""Builders shared by the history, report and export tests: sessions and laps with known numbers."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

from kicktimer.history import SqliteStore
from kicktimer.history.schema import MIGRATIONS
from kicktimer.ports import HistoryStore, LapRecord, SessionInfo

WORKOUT = "8 × 400 m, last one all-out"
YAML = "name: 8 × 400 m, last one all-out\nsteps:\n  - run: 400m\n"
T0 = datetime(2026, 5, 4, 18, 30, 0, tzinfo=timezone(timedelta(hours=2)))


def iso(at: datetime) -> str:
    return at.isoformat(timespec="milliseconds")


def info(
    workout: str = WORKOUT,
    *,
    day: int = 0,
    athletes: Sequence[str] = (),
    environment: str = "track",
) -> SessionInfo:
    return SessionInfo(
        workout=workout,
        workout_yaml=YAML,
        environment=environment,
        reps=(8,),
        paces={"mile": 330.0},
        started_at=iso(T0 + timedelta(days=day)),
        athletes=tuple(athletes),
    )


def lap(
    index: int,
    actual_s: float | None,
    *,
    kind: str = "run",
    rep: str | None = None,
    planned_s: float | None = None,
    target_s: float | None = 90.0,
    athlete: str | None = None,
    distance_m: float | None = 400.0,
    ended_by: str | None = "lap",
    day: int = 0,
) -> LapRecord:
    start = T0 + timedelta(days=day, minutes=index * 3)
    return LapRecord(
        index=index,
        kind=kind,
        label="Run 400 m" if kind == "run" else kind.capitalize(),
        rep=rep,
        planned_s=planned_s,
        target_s=target_s if kind == "run" else None,
        actual_s=actual_s,
        paused_s=0.0,
        started_at=iso(start),
        ended_at=iso(start + timedelta(seconds=actual_s or 0.0)),
        athlete=athlete,
        distance_m=distance_m if kind == "run" else None,
        ended_by=ended_by,
    )


def interval_laps(times: Sequence[float], *, day: int = 0, athlete: str | None = None) -> list[LapRecord]:
    """Warm-up, then each rep time followed by a 2:00 recovery, then a cool-down."""
    laps = [lap(0, 600.0, kind="warmup", planned_s=600.0, ended_by="time", day=day, athlete=athlete)]
    for number, seconds in enumerate(times, start=1):
        laps.append(lap(len(laps), seconds, rep=f"{number}/{len(times)}", day=day, athlete=athlete))
        laps.append(
            lap(len(laps), 120.0, kind="recover", planned_s=120.0, ended_by="time", day=day, athlete=athlete)
        )
    laps.append(lap(len(laps), 600.0, kind="cooldown", planned_s=600.0, ended_by="time", day=day))
    return laps


def seed(
    store: HistoryStore,
    times: Sequence[float],
    *,
    workout: str = WORKOUT,
    day: int = 0,
    status: str = "completed",
) -> int:
    """One whole session written through the store's public interface; returns its id."""
    session_id = store.start_session(info(workout, day=day))
    for record in interval_laps(times, day=day):
        store.record_lap(session_id, record)
    if status != "running":
        store.finish_session(session_id, status, iso(T0 + timedelta(days=day, hours=1)))
    return session_id


class OldVersionStore:
    """A history file at an older schema `version`, written as that version's kick wrote it.

    Sessions go through the store opened with that version's migrations; a lap is
    inserted with the columns every version has (what a treadmill, a strap or a
    nested repeat's set add later stays NULL), since this kick's store writes them all.
    """

    def __init__(self, path: Path, version: int) -> None:
        self._path = path
        self._store = SqliteStore(path, migrations=MIGRATIONS[:version])

    def start_session(self, info: SessionInfo) -> int:
        return self._store.start_session(info)

    def record_lap(self, session_id: int, lap: LapRecord) -> None:
        with sqlite3.connect(self._path) as conn:
            conn.execute(
                "INSERT INTO laps (session_id, idx, kind, label, rep, athlete, planned_s, target_s,"
                " actual_s, paused_s, distance_m, ended_by, started_at, ended_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ),
            )
        conn.close()

    def finish_session(self, session_id: int, status: str, ended_at: str) -> None:
        self._store.finish_session(session_id, status, ended_at)

    def close(self) -> None:
        self._store.close()
