"""Sessions the history could not keep (full or read-only disk) go to a CSV file in a known place.

The finish screen offers the file (e); anything still unwritten when the app
closes (a workout quit early, say) is written then, so nothing is lost.

Where: the first folder that takes the file, in this order, and the screen
(or the terminal, at exit) says which:
1. `unsaved/` in the data folder ($KICK_DATA_DIR, else the platform's user
   data folder), beside the history it could not be written to;
2. the home folder;
3. the system's temporary folder.

Never the current directory: a runner starting `kick` from a project folder
does not expect files there. A session with no finished lap is not written:
an empty (header-only) file keeps nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from kicktimer.history.records import SessionRecord
from kicktimer.history.resilient_store import ResilientStore

UNSAVED_FOLDER = "unsaved"
NOTHING_TO_SAVE = "Nothing to save: no lap was finished."


def unsaved_folders() -> list[Path]:
    """Where an unsaved session may go, first choice first (see the module docstring)."""
    from kicktimer.config import data_dir

    return [data_dir() / UNSAVED_FOLDER, Path.home(), Path(tempfile.gettempdir())]


class UnsavedExports:
    """Writes each session the history could not keep to one CSV file, once."""

    def __init__(self, folders: Callable[[], Sequence[Path]] = unsaved_folders) -> None:
        self._folders = folders
        self.written: dict[int, Path] = {}

    def offer(self, store: ResilientStore, session_id: int | None) -> Callable[[], str] | None:
        """The finish screen's `e`: None when the history kept this session."""
        records = [record for record in store.unsaved_sessions() if record.id == session_id]
        if not records:
            return None
        return lambda: self._write(records[0])

    def write_the_rest(self, store: ResilientStore) -> list[str]:
        """At exit: every unsaved session with laps not written yet; one line each saying where."""
        return [
            self._write(record)
            for record in store.unsaved_sessions()
            if record.id not in self.written and record.laps
        ]

    def _write(self, record: SessionRecord) -> str:
        from kicktimer.history.export_formats import write_export

        if record.id in self.written:
            return f"Session saved to {self.written[record.id]}"
        if not record.laps:
            return NOTHING_TO_SAVE
        stamp = record.started_at[:19].replace(":", "").replace("-", "")
        name = f"kick-session-{stamp}.csv"
        for folder in self._folders():
            try:
                folder.mkdir(parents=True, exist_ok=True)
                write_export([record], folder / name, "csv")
            except OSError:
                continue
            self.written[record.id] = folder / name
            return f"Session saved to {folder / name}"
        return "The session could not be written anywhere (no writable folder)"
