"""`kick history` on a narrow terminal: names are cut by display width, and the ID always stays."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from rich.cells import cell_len

from history_support import info, interval_laps, seed
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


def treadmill_session(data_dir: Path) -> int:
    """A treadmill 6 × 800 m with a strap: belt, speed and heart rate on every lap, one lap paused."""
    store = open_history_store(data_dir / "history.sqlite3")
    session_id = store.start_session(info("Treadmill 6 × 800 m at 10K pace", environment="treadmill"))
    for number, record in enumerate(interval_laps([171.3, 170.8, 169.9, 170.2, 168.7, 165.1])):
        run = record.kind == "run"
        store.record_lap(
            session_id,
            replace(
                record,
                label="Run 800 m" if run else record.label,
                target_s=170.0 if run else None,
                distance_m=800.0 if run else None,
                paused_s=12.5 if number == 3 else 0.0,
                belt_distance_m=801.0 + number if run else 250.0,
                avg_speed_kmh=16.9 if run else 7.5,
                hr_avg=165.4 + number,
                hr_max=178 + number,
            ),
        )
    store.finish_session(session_id, "completed", "2026-05-04T19:30:00.000+02:00")
    store.close()
    return session_id


def show_at(data_dir: Path, session_id: int, columns: int) -> list[str]:
    env = {**os.environ, "KICK_DATA_DIR": str(data_dir), "NO_COLOR": "1", "COLUMNS": str(columns)}
    done = subprocess.run(
        [sys.executable, "-m", "kicktimer", "history", "show", str(session_id)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def rows_of(lines: list[str], number: str) -> list[str]:
    return [line for line in lines if "│" in line and line.split("│")[0].strip() == number]


def test_a_treadmill_session_reads_whole_at_80_columns(tmp_path: Path) -> None:
    session_id = treadmill_session(tmp_path)
    lines = show_at(tmp_path, session_id, 80)
    assert all(cell_len(line) <= 80 for line in lines)
    laps, devices = rows_of(lines, "2")  # the first rep: once with its times, once with what devices measured
    assert all(text in laps for text in ("Run 800 m", "1/6", "2:50.0", "2:51.3", "+1.3 s"))
    assert all(text in devices for text in ("Run 800 m", "1/6", "802 m", "16.9", "166", "179"))
    assert "12.5" in rows_of(lines, "4")[0]
    assert "Treadmill and heart rate" in [line.strip() for line in lines]
    table = [line for line in lines if "│" in line or "┃" in line]
    assert not any("…" in line for line in table), "\n".join(table)
    body = [line for line in lines if "│" in line]
    assert all(line.split("│")[0].strip() for line in body), "a row wrapped onto a second line"
    assert len(body) == 2 * 14


def test_a_wide_terminal_keeps_the_devices_in_the_laps_table(tmp_path: Path) -> None:
    session_id = treadmill_session(tmp_path)
    lines = show_at(tmp_path, session_id, 140)
    (row,) = rows_of(lines, "2")
    assert all(text in row for text in ("2:51.3", "+1.3 s", "802 m", "16.9", "166", "179"))
    assert "Treadmill and heart rate" not in [line.strip() for line in lines]
