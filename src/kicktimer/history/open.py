"""Opening the history: the one place that decides what to do when the database can't be used.

- The data directory can't be created or written (read-only, full, not a
  directory): the store keeps sessions in memory and says so once.
- The file is corrupt: it is moved aside as `history.sqlite3.corrupt-<time>`
  (with its -wal/-shm files), never deleted, and a fresh database is started.
- The file comes from a newer kicktimer: it is left untouched, and sessions
  are kept in memory.
Every case leaves a notice in the store (`take_notices()`) for the screen or
stderr; none raises.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

from kicktimer.config import data_dir
from kicktimer.history.resilient_store import ResilientStore
from kicktimer.history.schema import NewerSchema
from kicktimer.history.sqlite_store import CorruptDatabase, SqliteStore

HISTORY_FILE = "history.sqlite3"
_COMPANIONS = ("-wal", "-shm", "-journal")


def history_path() -> Path:
    """$KICK_DATA_DIR/history.sqlite3, or the same file in the platform's user data directory."""
    return data_dir() / HISTORY_FILE


def open_history_store(path: Path | None = None, *, reading: bool = False) -> ResilientStore:
    """The history store to use, whatever state the disk is in. Never raises for I/O reasons.

    `reading`: for commands that only read (`kick history`, `kick export`),
    whose notices say the history can't be read; a run's say its session
    is kept in memory.
    """
    path = path if path is not None else history_path()

    def _in_memory(message: str, earlier: list[str] | None = None) -> ResilientStore:
        return _fallback(message, earlier, reading=reading)

    verb = "read" if reading else "saved"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return _in_memory(f"History can't be {verb}: {path.parent}: {_reason(error)}.")
    notices: list[str] = []
    try:
        return ResilientStore(SqliteStore(path))
    except CorruptDatabase as corrupt:
        try:
            moved = move_aside(path)
        except OSError as error:
            return _in_memory(
                f"The history database {path} is damaged ({corrupt.detail}) and could not be "
                f"moved aside ({_reason(error)})."
            )
        notices.append(
            f"The history database was damaged ({corrupt.detail}). It was moved to {moved}; "
            "a new one has been started."
        )
    except NewerSchema as newer:
        return _in_memory(f"{path}: {newer}; it is left as it is.")
    except (sqlite3.Error, OSError) as error:
        return _in_memory(f"History can't be {verb}: {path}: {_reason(error)}.")
    try:
        return ResilientStore(SqliteStore(path), notices=notices)
    except (sqlite3.Error, OSError, CorruptDatabase, NewerSchema) as error:
        return _in_memory(f"History can't be {verb}: {path}: {_reason(error)}.", notices)


def open_existing_history(path: Path | None = None) -> ResilientStore | None:
    """For commands that only read: None when there is no history yet (nothing is created)."""
    path = path if path is not None else history_path()
    if not path.exists():
        return None
    return open_history_store(path, reading=True)


def move_aside(path: Path) -> Path:
    """Rename a damaged database and its companions to `<name>.corrupt-<time>`; returns the new path."""
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    serial = 1
    while target.exists():
        serial += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{serial}")
    os.replace(path, target)
    for suffix in _COMPANIONS:
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    return target


def _fallback(message: str, earlier: list[str] | None, *, reading: bool) -> ResilientStore:
    """A store with no database: a run keeps its session in memory; a listing has nothing."""
    notice = message if reading else f"{message} This session is kept in memory; export it when it ends."
    return ResilientStore(None, notices=[*(earlier or []), notice])


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)
