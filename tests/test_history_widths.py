"""`kick history` on a narrow terminal: names are cut by display width, and the ID always stays."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len

from history_support import seed
from kicktimer.history import open_history_store

WIDE = "🏃 間隔走 インターバル 🔥 long wide name"


def history_at(data_dir: Path, columns: int) -> list[str]:
    env = {**os.environ, "KICK_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": str(columns)}
    done = subprocess.run(
        [sys.executable, "-m", "kicktimer", "history"], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


@pytest.mark.parametrize("columns", [40, 60, 80, 120])
def test_wide_names_are_cut_by_display_width_and_the_id_stays(tmp_path: Path, columns: int) -> None:
    store = open_history_store(tmp_path / "history.sqlite3")
    wide = seed(store, [90.0, 88.0], workout=WIDE)
    short = seed(store, [60.0, 59.0], workout="Strides", day=1)
    store.close()
    header, _, *rows = history_at(tmp_path, columns)
    assert header.split()[0] == "ID"
    assert [row.split()[0] for row in rows] == [str(short), str(wide)]
    assert all(cell_len(line) <= columns for line in (header, *rows))
    assert "Strides" in rows[0]
    if columns >= 120:
        assert WIDE in rows[1]
    else:
        assert "🏃 間" in rows[1] and "…" in rows[1]
