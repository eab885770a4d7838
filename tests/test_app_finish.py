"""Quitting (asked first, kept as aborted), finishing (split table, total), and small or resized terminals."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from app_support import RecordingAudio, advance, big_clock, label, rig_for_plan, run_until, shown_notices
from kicktimer.app.clock import FakeClock
from kicktimer.app.factory import make_app
from kicktimer.app.screens.finish import FinishScreen
from kicktimer.app.screens.quit_confirm import QuitConfirmScreen
from kicktimer.app.screens.timer import TimerScreen
from kicktimer.app.services import RunOutcome
from kicktimer.core.events import State
from kicktimer.history import ResilientStore
from kicktimer.history.unsaved import UnsavedExports
from kicktimer.ports import LapRecord, SessionInfo
from kicktimer.workout.model import StepKind
from plan_builders import lap_step, plan_of, timed, track_intervals


async def test_q_asks_first_and_n_keeps_the_clock_running() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("q")
        assert isinstance(rig.app.screen, QuitConfirmScreen)
        await advance(pilot, rig, 5)  # time goes on under the question
        await pilot.press("n")
        assert isinstance(rig.app.screen, TimerScreen)
        assert big_clock(rig.app) == "0:55"
        assert rig.app.session is not None and rig.app.session.state is State.RUNNING


async def test_quit_confirmed_keeps_the_session_as_aborted_with_its_laps() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 60)
        await advance(pilot, rig, 80)
        await pilot.press("space")
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
    outcome = rig.app.return_value
    assert isinstance(outcome, RunOutcome)
    assert outcome.status == "aborted"
    assert outcome.session_id is not None
    session = rig.store.get_session(outcome.session_id)
    assert session.status == "aborted"
    assert [lap.label for lap in session.laps] == ["Warm-up 1:00", "Run 400 m", "Recover 1:00"]
    assert session.laps[-1].ended_by == "quit"


async def test_a_run_finished_past_skipped_steps_says_how_many_were_skipped() -> None:
    plan = plan_of(timed("Run 0:30", 30), timed("Rest 0:20", 20, StepKind.REST), timed("Run 0:30", 30))
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 5)
        await pilot.press("n")  # the first run, skipped
        await advance(pilot, rig, 20)
        await pilot.press("n")  # the second run, skipped too
        await pilot.pause()
        assert label(rig.app, "#finish-title") == "Finished, 2 steps skipped: " + plan.name
        await pilot.press("q")
    outcome = rig.app.return_value
    assert isinstance(outcome, RunOutcome)
    assert (outcome.status, outcome.skipped) == ("completed", 2)  # kick run says "finished, 2 steps skipped"


async def test_finish_shows_every_split_and_the_total_and_q_leaves() -> None:
    plan = plan_of(timed("Run 0:30", 30), timed("Rest 0:20", 20, StepKind.REST), timed("Run 0:30", 30))
    rig = rig_for_plan(plan, lead_in_s=5)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        start = rig.clock.now()
        await run_until(pilot, rig, start + 40)
        await pilot.press("p")
        await advance(pilot, rig, 12)
        await pilot.press("p")
        await run_until(pilot, rig, start + 5 + 80 + 12 + 1)
        assert isinstance(rig.app.screen, FinishScreen)
        table = rig.app.screen.query_one("#splits", DataTable)
        assert table.row_count == 3
        assert [str(table.get_row_at(i)[1]) for i in range(3)] == ["Run 0:30", "Rest 0:20", "Run 0:30"]
        assert [str(table.get_row_at(i)[5]) for i in range(3)] == ["30.0", "20.0", "30.0"]
        assert str(table.get_row_at(1)[7]) == "12.0"
        assert label(rig.app, "#finish-total") == "Total 1:20 · paused 12.0"
        assert ("play", "finish") in rig.audio.calls
        assert rig.app.next_wake_at is None
        await pilot.press("q")
        await pilot.pause()
    outcome = rig.app.return_value
    assert isinstance(outcome, RunOutcome) and outcome.status == "completed"
    session = rig.store.get_session(outcome.session_id or 0)
    assert session.status == "completed"
    assert len(session.laps) == 3
    assert session.started_at.startswith("2026-03-01T07:00:00.000+01:00")
    assert session.laps[0].started_at == "2026-03-01T07:00:05.000+01:00"


async def test_the_finish_table_has_a_paused_column_only_when_a_step_was_paused() -> None:
    """As `kick history show`: a run never paused showed a Paused column empty in every row."""
    plan = plan_of(timed("Run 0:30", 30), timed("Rest 0:20", 20, StepKind.REST))
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await run_until(pilot, rig, rig.clock.now() + 51)
        assert isinstance(rig.app.screen, FinishScreen)
        table = rig.app.screen.query_one("#splits", DataTable)
        headings = [str(column.label) for column in table.columns.values()]
        assert headings == ["#", "Step", "Rep", "Planned", "Target", "Actual", "±"]
        assert len(table.get_row_at(0)) == len(headings)


async def test_small_terminal_keeps_the_clock_and_hides_secondary_rows() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(40, 12)) as pilot:
        await pilot.press("n")
        screen = rig.app.screen
        assert screen.has_class("-tiny")
        assert screen.query_one("#clock").region.height >= 3
        assert not screen.query_one("#next").display or screen.query_one("#next").region.height == 0
        assert screen.query_one("#step-label").region.height == 1
        assert screen.query_one("#ahead-behind").region.height == 1


async def test_resize_moves_between_layouts_without_losing_time() -> None:
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 12)
        assert rig.app.screen.has_class("-tall")
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert rig.app.screen.has_class("-tiny")
        assert big_clock(rig.app) == "0:48"
        await pilot.resize_terminal(120, 40)
        await advance(pilot, rig, 1)
        assert rig.app.screen.has_class("-tall")
        assert big_clock(rig.app) == "0:47"


async def test_a_session_the_history_could_not_keep_can_be_saved_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("KICK_DATA_DIR", str(tmp_path / "data"))
    store = ResilientStore(None, notices=["History: the data folder is read-only."])
    exports = UnsavedExports()
    plan = plan_of(timed("Run 0:30", 30), timed("Rest 0:20", 20, StepKind.REST))
    clock = FakeClock()
    app = make_app(
        audio=RecordingAudio(),
        store=store,
        clock=clock,
        plan=plan,
        lead_in_s=0,
        export_offer=lambda session_id: exports.offer(store, session_id),
    )
    async with app.run_test(size=(100, 30)) as pilot:
        assert any("read-only" in m for m in shown_notices(app))
        clock.advance(51)
        app.wake()
        await pilot.pause()
        assert isinstance(app.screen, FinishScreen)
        assert "e saves it to a file" in label(app, "#finish-saved")
        await pilot.press("e")
        assert label(app, "#finish-saved").startswith(f"Session saved to {tmp_path / 'data' / 'unsaved'}")
    assert list(here.iterdir()) == []  # never into the current directory
    written = list((tmp_path / "data" / "unsaved").glob("kick-session-*.csv"))
    assert len(written) == 1
    rows = written[0].read_text(encoding="utf-8").splitlines()
    assert len(rows) == 3 and "Run 0:30" in rows[1] and "Rest 0:20" in rows[2]
    assert exports.write_the_rest(store) == []


def test_sessions_left_unsaved_are_written_when_the_app_closes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KICK_DATA_DIR", str(tmp_path / "data"))
    store = ResilientStore(None)
    info = SessionInfo("Quit early", "name: x\n", "track", (), {}, "2026-03-01T07:00:00.000+01:00")
    session_id = store.start_session(info)
    store.record_lap(session_id, WARM_UP_LAP)
    store.finish_session(session_id, "aborted", "2026-03-01T07:05:00.000+01:00")
    lines = UnsavedExports().write_the_rest(store)
    assert lines == [f"Session saved to {tmp_path / 'data' / 'unsaved' / 'kick-session-20260301T070000.csv'}"]


WARM_UP_LAP = LapRecord(
    index=0,
    kind="warmup",
    label="Warm-up",
    rep=None,
    planned_s=600.0,
    target_s=None,
    actual_s=600.0,
    paused_s=0.0,
    started_at="2026-03-01T07:00:00.000+01:00",
    ended_at="2026-03-01T07:10:00.000+01:00",
    ended_by="time",
)


def test_a_session_with_no_finished_lap_writes_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KICK_DATA_DIR", str(tmp_path / "data"))
    store = ResilientStore(None)
    info = SessionInfo("Crashed", "name: x\n", "track", (), {}, "2026-03-01T07:00:00.000+01:00")
    session_id = store.start_session(info)
    exports = UnsavedExports()
    assert exports.write_the_rest(store) == []
    offered = exports.offer(store, session_id)
    assert offered is not None and offered() == "Nothing to save: no lap was finished."
    assert list(tmp_path.rglob("*.csv")) == []


def test_an_unwritable_data_folder_sends_the_session_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be", encoding="utf-8")
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    monkeypatch.setenv("KICK_DATA_DIR", str(blocked))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    store = ResilientStore(None)
    info = SessionInfo("Quit early", "name: x\n", "track", (), {}, "2026-03-01T07:00:00.000+01:00")
    store.record_lap(store.start_session(info), WARM_UP_LAP)
    (line,) = UnsavedExports().write_the_rest(store)
    assert line == f"Session saved to {tmp_path / 'home' / 'kick-session-20260301T070000.csv'}"
    assert list(here.iterdir()) == []


async def test_the_finish_table_marks_a_skipped_step_instead_of_a_difference() -> None:
    plan = plan_of(lap_step("Stride 100 m", target_s=24.7), timed("Walk 0:20", 20, StepKind.RECOVER))
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 5.0)
        await pilot.press("n")  # skipped 5 s in: no 5-second stride
        await advance(pilot, rig, 21.0)
        assert isinstance(rig.app.screen, FinishScreen)
        table = rig.app.screen.query_one("#splits", DataTable)
        stride, walk = (table.get_row_at(i) for i in range(2))
        assert (str(stride[5]), str(stride[6])) == ("5.0", "skipped")
        assert str(walk[6]) == "±0.0 s"


def test_kick_history_show_marks_steps_that_ended_early() -> None:
    from rich.console import Console

    from kicktimer.reporting.render import laps_table

    def row(index: int, label: str, kind: str, actual: float | None, ended_by: str) -> LapRecord:
        return LapRecord(
            index,
            kind,
            label,
            "2/3",
            None,
            24.7 if kind == "run" else None,
            actual,
            0.0,
            "t0",
            "t1",
            ended_by=ended_by,
        )

    laps = [
        row(0, "Stride", "run", 5.0, "skip"),
        row(1, "Stride", "run", 6.3, "back"),
        row(2, "Run 50 m", "run", 20.0, "sendoff"),
        row(3, "Recover until 0:20", "recover", 0.0, "sendoff"),
        row(4, "Stride", "run", 23.0, "lap"),
    ]
    console = Console(width=120, record=True)
    console.print(laps_table(laps))
    lines = console.export_text().splitlines()
    marks = {line.split("│")[0].strip(): line for line in lines if "│" in line}
    assert sorted(marks) == ["1", "2", "3", "4", "5"]  # steps are numbered from 1, as on screen
    assert "skipped" in marks["1"] and "19.7" not in marks["1"]
    assert "restarted" in marks["2"]
    assert "send-off" in marks["3"] and "+" not in marks["3"].split("│")[-2]
    assert "send-off" not in marks["4"]
    assert "−1.7 s" in marks["5"]


async def test_the_finish_table_and_kick_history_show_write_a_difference_the_same_way() -> None:
    """The ± of a lap and of a timed step reads as `kick history show` has it, from the same laps."""
    from rich.console import Console

    from kicktimer.reporting.render import laps_table

    plan = plan_of(lap_step("Run 400 m", target_s=90.0), timed("Walk 0:20", 20, StepKind.RECOVER))
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 65.9)
        await pilot.press("space")  # 24.1 s faster than the target
        await advance(pilot, rig, 21.0)
        assert isinstance(rig.app.screen, FinishScreen)
        table = rig.app.screen.query_one("#splits", DataTable)
        on_screen = [str(table.get_row_at(i)[6]) for i in range(2)]
    (session,) = rig.store.list_sessions()
    console = Console(width=120, record=True)
    console.print(laps_table(rig.store.get_session(session.id).laps))
    rows = [line.split("│") for line in console.export_text().splitlines() if "│" in line]
    in_history = [row[6].strip() for row in rows if row[0].strip() in ("1", "2")]
    assert on_screen == ["−24.1 s", "±0.0 s"]
    assert in_history == on_screen


async def test_an_hour_long_step_reads_the_same_on_the_finish_screen_and_in_kick_history_show() -> None:
    """Planned and Actual past an hour: `1:10:00.0` in both tables (the finish screen had `70:00.0`)."""
    from rich.console import Console

    from kicktimer.reporting.render import laps_table

    rig = rig_for_plan(plan_of(timed("Long run 1:10:00", 4200)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 4200.0)
        assert isinstance(rig.app.screen, FinishScreen)
        row = rig.app.screen.query_one("#splits", DataTable).get_row_at(0)
        on_screen = [str(row[3]), str(row[5])]
    (session,) = rig.store.list_sessions()
    console = Console(width=120, record=True)
    console.print(laps_table(rig.store.get_session(session.id).laps))
    (cells,) = [line.split("│") for line in console.export_text().splitlines() if "Long run" in line]
    assert on_screen == ["1:10:00.0", "1:10:00.0"]
    assert [cells[3].strip(), cells[5].strip()] == on_screen
