"""The history database's schema, as a list of migrations numbered by `PRAGMA user_version`.

Migration N (1-based) takes a database at version N-1 to version N. Each one
runs in its own `BEGIN IMMEDIATE` transaction together with the version bump,
so a crash mid-migration leaves the previous version intact, and two `kick`
processes starting at once never both migrate (the second waits for the lock,
re-reads the version and finds nothing to do). Never edit a migration that has
shipped: append a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

MIGRATIONS: tuple[str, ...] = (
    # 1: sessions and their laps.
    """
    CREATE TABLE sessions (
        id           INTEGER PRIMARY KEY AUTOINCREMENT,
        workout      TEXT NOT NULL,
        workout_yaml TEXT NOT NULL,
        environment  TEXT NOT NULL,
        reps         TEXT NOT NULL DEFAULT '[]',
        paces        TEXT NOT NULL DEFAULT '{}',
        athletes     TEXT NOT NULL DEFAULT '[]',
        started_at   TEXT NOT NULL,
        ended_at     TEXT,
        status       TEXT NOT NULL DEFAULT 'running'
                     CHECK (status IN ('running', 'completed', 'aborted')),
        owner        TEXT
    );
    CREATE INDEX sessions_by_workout ON sessions (workout, started_at);
    CREATE TABLE laps (
        session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        kind       TEXT NOT NULL,
        label      TEXT NOT NULL,
        rep        TEXT,
        athlete    TEXT,
        planned_s  REAL,
        target_s   REAL,
        actual_s   REAL,
        paused_s   REAL NOT NULL DEFAULT 0,
        distance_m REAL,
        ended_by   TEXT,
        started_at TEXT NOT NULL,
        ended_at   TEXT NOT NULL
    );
    CREATE INDEX laps_by_session ON laps (session_id, idx);
    """,
    # 2: what a treadmill and a heart-rate strap measured in each lap (NULL without a device).
    """
    ALTER TABLE laps ADD COLUMN belt_distance_m REAL;
    ALTER TABLE laps ADD COLUMN avg_speed_kmh REAL;
    ALTER TABLE laps ADD COLUMN hr_avg REAL;
    ALTER TABLE laps ADD COLUMN hr_max INTEGER;
    """,
    # 3: `kick history --workout` and `trend` page through one workout's sessions by id, newest
    # first: with (workout, id) SQLite reads them in that order instead of sorting each page.
    # (workout, started_at) was never used by a query.
    """
    CREATE INDEX sessions_by_workout_id ON sessions (workout, id);
    DROP INDEX sessions_by_workout;
    """,
    # 4: a nested repeat's set beside its rep ("1/3" and "4/4"): rep 4/4 of set 1 is no final rep.
    # `set` is an SQL keyword, so the column is rep_set; NULL outside a nested repeat and in older laps.
    """
    ALTER TABLE laps ADD COLUMN rep_set TEXT;
    """,
)

LATEST_VERSION = len(MIGRATIONS)


class NewerSchema(Exception):
    """The database was written by a newer kicktimer; this one leaves it alone."""

    def __init__(self, found: int, known: int) -> None:
        self.found = found
        self.known = known
        super().__init__(
            f"the history database has schema version {found}, newer than this kicktimer knows ({known})"
        )


def schema_version(conn: sqlite3.Connection) -> int:
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def migrate(conn: sqlite3.Connection, migrations: Sequence[str] = MIGRATIONS) -> int:
    """Bring the database up to `len(migrations)`; returns how many migrations ran.

    `conn` must be in autocommit mode (`isolation_level=None`) so that the
    transactions here are the only ones.
    """
    known = len(migrations)
    applied = 0
    while True:
        if schema_version(conn) >= known:
            break
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)
            if version >= known:
                conn.execute("ROLLBACK")
                break
            for statement in _statements(migrations[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied += 1
    found = schema_version(conn)
    if found > known:
        raise NewerSchema(found, known)
    return applied


def _statements(script: str) -> list[str]:
    """Split a migration into statements (executescript would commit our transaction)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    if pending.strip():
        statements.append(pending.strip())
    return statements
