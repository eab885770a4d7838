"""Where sessions and laps are kept: SQLite on disk, memory in tests and when the disk fails.

The app writes through `kicktimer.ports.HistoryStore`; the commands and the
finish screen read through `HistoryReader`. `open_history_store()` is the
entry point for the real program.
"""

from __future__ import annotations

from kicktimer.history.export_formats import write_export
from kicktimer.history.memory_store import MemoryStore
from kicktimer.history.open import history_path, open_existing_history, open_history_store
from kicktimer.history.records import (
    ABORTED,
    COMPLETED,
    INTERRUPTED,
    RUNNING,
    HistoryReader,
    SessionRecord,
    SessionStore,
    UnknownSession,
    iso_at,
    local_now_iso,
)
from kicktimer.history.resilient_store import ResilientStore
from kicktimer.history.sqlite_store import SqliteStore

__all__ = [
    "ABORTED",
    "COMPLETED",
    "INTERRUPTED",
    "RUNNING",
    "HistoryReader",
    "MemoryStore",
    "ResilientStore",
    "SessionRecord",
    "SessionStore",
    "SqliteStore",
    "UnknownSession",
    "history_path",
    "iso_at",
    "local_now_iso",
    "open_existing_history",
    "open_history_store",
    "write_export",
]
