"""The history side of coach mode: an undone split leaves every store, and the CSV has one row per split."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.console import Console, RenderableType

from history_support import info, lap
from kicktimer.app.deferred import DeferredStore
from kicktimer.app.kick_report import report_builder
from kicktimer.app.session import SessionLog
from kicktimer.core.segments import Plan
from kicktimer.history import MemoryStore, ResilientStore, SqliteStore, UnknownSession
from kicktimer.history.export_formats import sessions_csv
from kicktimer.ports import HistoryStore
from kicktimer.reporting.render import results_table
from kicktimer.reporting.session_report import session_reports
from kicktimer.workout.model import Environment

StoreMaker = Callable[[Path], HistoryStore]


def sqlite(tmp_path: Path) -> HistoryStore:
    return SqliteStore(tmp_path / "history.sqlite3")


def memory(tmp_path: Path) -> HistoryStore:
    return MemoryStore()


def resilient(tmp_path: Path) -> HistoryStore:
    return ResilientStore(SqliteStore(tmp_path / "history.sqlite3"))


def deferred(tmp_path: Path) -> HistoryStore:
    return DeferredStore(lambda: ResilientStore(SqliteStore(tmp_path / "history.sqlite3")))


STORES: dict[str, StoreMaker] = {
    "sqlite": sqlite,
    "memory": memory,
    "resilient": resilient,
    "deferred": deferred,
}


def read(store: HistoryStore, session_id: int) -> list[tuple[int, str | None, float | None]]:
    reader = store.store if isinstance(store, DeferredStore) else store
    record = reader.get_session(session_id)  # type: ignore[attr-defined]
    return [(x.index, x.athlete, x.actual_s) for x in record.laps]


@pytest.mark.parametrize("make", STORES.values(), ids=list(STORES))
def test_void_laps_takes_back_one_athlete_on_one_step_and_nothing_else(
    make: StoreMaker, tmp_path: Path
) -> None:
    store = make(tmp_path)
    session_id = store.start_session(info(athletes=["Ana", "Ben"]))
    store.record_lap(session_id, lap(1, 80.0, athlete="Ana"))
    store.record_lap(session_id, lap(1, 82.0, athlete="Ben"))
    store.record_lap(session_id, lap(3, 79.0, athlete="Ana"))
    store.record_lap(session_id, lap(1, 82.0))  # the group's own row
    store.void_laps(session_id, 1, "Ana")
    assert read(store, session_id) == [(1, "Ben", 82.0), (3, "Ana", 79.0), (1, None, 82.0)]
    store.record_lap(session_id, lap(1, 81.5, athlete="Ana", ended_by="dnf"))
    store.void_laps(session_id, 1, "Cy")  # nobody by that name: nothing changes
    assert read(store, session_id)[-1] == (1, "Ana", 81.5)
    assert len(read(store, session_id)) == 4


@pytest.mark.parametrize("make", [sqlite, memory], ids=["sqlite", "memory"])
def test_void_laps_on_an_unknown_session_says_so(make: StoreMaker, tmp_path: Path) -> None:
    store = make(tmp_path)
    with pytest.raises(UnknownSession):
        store.void_laps(99, 1, "Ana")


def test_a_void_survives_reopening_the_database(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "history.sqlite3")
    session_id = store.start_session(info(athletes=["Ana"]))
    store.record_lap(session_id, lap(1, 80.0, athlete="Ana"))
    store.void_laps(session_id, 1, "Ana")
    store.close()
    again = SqliteStore(tmp_path / "history.sqlite3")
    assert again.get_session(session_id).laps == ()
    again.close()


def test_the_resilient_store_voids_in_memory_once_the_disk_has_failed(tmp_path: Path) -> None:
    db = SqliteStore(tmp_path / "history.sqlite3")
    store = ResilientStore(db)
    session_id = store.start_session(info(athletes=["Ana", "Ben"]))
    store.record_lap(session_id, lap(1, 80.0, athlete="Ana"))
    db.close()  # from here on every database write fails
    store.record_lap(session_id, lap(1, 82.0, athlete="Ben"))
    store.void_laps(session_id, 1, "Ana")
    assert any("not being saved" in notice for notice in store.take_notices())
    (unsaved,) = store.unsaved_sessions()
    assert [(x.index, x.athlete) for x in unsaved.laps] == [(1, "Ben")]


def test_csv_of_a_coach_session_leaves_out_the_group_row_of_a_split_step() -> None:
    store = MemoryStore()
    session_id = store.start_session(info(athletes=["Ana", "Ben"]))
    store.record_lap(session_id, lap(0, 600.0, kind="warmup", planned_s=600.0, ended_by="time"))
    store.record_lap(session_id, lap(1, 80.0, athlete="Ana", rep="1/2"))
    store.record_lap(session_id, lap(1, 84.0, athlete="Ben", rep="1/2"))
    store.record_lap(session_id, lap(1, 84.0, rep="1/2"))  # the clock's row for the rep
    store.record_lap(session_id, lap(2, 120.0, kind="recover", planned_s=120.0, ended_by="time"))
    store.record_lap(session_id, lap(3, None, athlete="Ana", rep="2/2", ended_by="dnf"))
    store.record_lap(session_id, lap(3, 79.0, athlete="Ben", rep="2/2"))
    store.record_lap(session_id, lap(3, 85.0, rep="2/2", ended_by="lap"))
    rows = list(csv.DictReader(io.StringIO(sessions_csv([store.get_session(session_id)]))))
    assert [(r["index"], r["kind"], r["athlete"], r["actual_s"], r["ended_by"]) for r in rows] == [
        ("0", "warmup", "", "600.000", "time"),
        ("1", "run", "Ana", "80.000", "lap"),
        ("1", "run", "Ben", "84.000", "lap"),
        ("2", "recover", "", "120.000", "time"),
        ("3", "run", "Ana", "", "dnf"),
        ("3", "run", "Ben", "79.000", "lap"),
    ]


def test_csv_of_a_solo_session_keeps_every_row() -> None:
    store = MemoryStore()
    session_id = store.start_session(info())
    for index, seconds in enumerate((600.0, 80.0, 120.0, 79.0)):
        store.record_lap(session_id, lap(index, seconds))
    rows = list(csv.DictReader(io.StringIO(sessions_csv([store.get_session(session_id)]))))
    assert [r["actual_s"] for r in rows] == ["600.000", "80.000", "120.000", "79.000"]


def plain(renderable: RenderableType, width: int = 120) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def squad_session(store: MemoryStore) -> int:
    """Three reps for Ana, Ben and Cy, written in crossing order (Cy first); Ben DNF on rep 2."""
    session_id = store.start_session(info(athletes=["Ana", "Ben", "Cy"]))
    crossings = {
        1: [("Cy", 78.0), ("Ana", 80.0), ("Ben", 85.0)],
        3: [("Cy", 79.0), ("Ana", 81.0), ("Ben", None)],
        5: [("Cy", 77.0), ("Ben", 83.0), ("Ana", 76.0)],
    }
    for index, splits in crossings.items():
        for name, seconds in splits:
            ended_by = "dnf" if seconds is None else "lap"
            store.record_lap(session_id, lap(index, seconds, athlete=name, ended_by=ended_by))
        store.record_lap(session_id, lap(index + 1, 60.0, kind="recover", planned_s=60.0, ended_by="time"))
    return session_id


def test_history_results_keep_a_dnf_in_its_own_column_and_the_roster_order() -> None:
    store = MemoryStore()
    record = store.get_session(squad_session(store))
    reports = session_reports(store, record)
    assert [report.athlete for report in reports if report.athlete] == ["Ana", "Ben", "Cy"]
    rows = [
        line for line in plain(results_table([r for r in reports if r.athlete])).splitlines() if "│" in line
    ]
    cells = {row.split("│")[1].strip(): [c.strip() for c in row.split("│")[2:5]] for row in rows}
    assert cells["Ben"] == ["1:25.0", "DNF", "1:23.0"]  # as the finish screen marks it
    assert cells["Ana"] == ["1:20.0", "1:21.0", "1:16.0"]


def test_the_finish_screen_report_in_coach_mode_is_each_athlete_s_own_in_roster_order() -> None:
    store = MemoryStore()
    session_id = squad_session(store)
    build = report_builder(lambda: store)
    text = plain(build(session_id, SessionLog(), Plan(name="x", environment=Environment.TRACK, segments=())))
    assert "Results" not in text  # the finish screen draws its own table of athletes × reps
    assert "than the mean" not in text  # ... and each kick is in that table, not said twice
    assert text.index("Kick report — Ana") < text.index("Kick report — Ben") < text.index("Kick report — Cy")


def test_kick_history_lists_a_coach_session_with_an_athlete_s_final_and_kick() -> None:
    """The group clock's run rows (closed when the last athlete is in) are no runner's final rep."""
    from kicktimer.reporting.render import sessions_table

    store = MemoryStore()
    session_id = squad_session(store)
    for index, group_s in ((1, 85.0), (3, 90.0), (5, 83.0)):
        store.record_lap(session_id, lap(index, group_s, ended_by="lap"))
    lines = plain(sessions_table([store.get_session(session_id)])).splitlines()
    (line,) = [row for row in lines if row.strip().startswith(str(session_id))]
    # Ana: 80, 81 then 76 (5.6 % faster than 80.5) is the fastest final; the group's 83 is nobody's.
    assert "1:16.0" in line and "+5.6 %" in line
    assert "1:23.0" not in line
