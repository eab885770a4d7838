"""Where sessions and laps are kept: SQLite on disk, memory in tests and when the disk fails.

The app writes through `kicktimer.ports.HistoryStore`; the commands and the
finish screen read through `HistoryReader`. `open_history_store()` is the
entry point for the real program.

The names below are looked up in their modules on first use (PEP 562's
module `__getattr__`, see DEVELOPERS.md "Start-up"): importing one submodule,
as `kick run` does, loads only what that submodule needs, not the exports'
csv and json or the in-memory store.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME = {
    "write_export": "export_formats",
    "MemoryStore": "memory_store",
    "history_path": "open",
    "open_existing_history": "open",
    "open_history_store": "open",
    "ABORTED": "records",
    "COMPLETED": "records",
    "INTERRUPTED": "records",
    "RUNNING": "records",
    "HistoryReader": "records",
    "SessionRecord": "records",
    "SessionStore": "records",
    "UnknownSession": "records",
    "iso_at": "records",
    "local_now_iso": "records",
    "ResilientStore": "resilient_store",
    "SqliteStore": "sqlite_store",
}
"""Each exported name and the submodule that defines it."""

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


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)
