"""`kick history trend` pinned: plot, table and summary for a generated history, byte for byte.

Written by the code before the trend was aggregated as the sessions go by, so
the streaming version must print exactly this for a history whose sessions
fit the plot's width (a point a column and more each get drawn as they were).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from history_support import seed
from kicktimer.history import open_history_store
from kicktimer.history.sqlite_store import SqliteStore

PINNED = Path(__file__).parent / "data" / "history_trend"


def build_history(path: Path) -> None:
    """40 sessions of the 8 × 400 with finals and earlier reps that wander, and some that have no kick."""
    store = open_history_store(path)
    for day in range(40):
        earlier = [90.0 + (day * 7 % 5) * 0.37, 89.5 - (day % 3) * 0.61]
        final = 86.0 - day * 0.05 + (day * 13 % 7) * 0.29
        seed(store, [*earlier, final] if day % 9 != 4 else [91.0], day=day)
    seed(store, [60.0, 59.0], workout="Strides", day=41)
    store.close()


def trend(data_dir: Path, *args: str) -> str:
    env = {**os.environ, "KICK_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-m", "kicktimer", "history", "trend", "8x400-last-all-out", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(("name", "args"), [("all", ()), ("limit", ("--limit", "7"))])
def test_trend_prints_exactly_the_pinned_plot_table_and_summary(
    tmp_path: Path, name: str, args: tuple[str, ...]
) -> None:
    build_history(tmp_path / "history.sqlite3")
    assert trend(tmp_path, *args) == (PINNED / f"{name}.txt").read_text(encoding="utf-8")


def test_a_trend_longer_than_the_plot_is_wide_shares_points_and_says_so(tmp_path: Path) -> None:
    """200 sessions, 72 plot columns: three sessions a point, oldest first; table and summary cover all."""
    store = SqliteStore(tmp_path / "history.sqlite3")
    with store.batch():
        for day in range(200):
            seed(store, [90.0, 90.5, 86.0 - day * 0.01], day=day)
    store.close()
    out = trend(tmp_path)
    assert "● final rep   · mean of earlier reps   (a point: up to 3 sessions)" in out
    axis = next(line for line in out.splitlines() if "05-04" in line)
    dates = axis.split()
    assert dates[0] == "05-04" and dates == sorted(dates)  # one year: month-day order is time order
    assert "Over 200 sessions: final rep −2.0 s" in out
    assert "The table shows the latest 20 of 200" in out
