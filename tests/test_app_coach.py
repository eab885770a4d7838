"""Coach mode in the app through its keys, on a fake clock: board, splits, history and results."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from statistics import fmean

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, Label
from textual.widgets._footer import FooterKey

from app_support import big_clock, label, rig_for_plan
from kicktimer.app.app import KickApp
from kicktimer.app.clock import FakeClock
from kicktimer.app.coach.athlete_board import AthleteBoard, AthleteLines, AthleteRowView, digit_lines
from kicktimer.app.coach.display import board_time, kick_text
from kicktimer.app.coach.mode import CoachMode
from kicktimer.app.coach.results_table import CoachResultsTable
from kicktimer.app.coach.timer_screen import CoachTimerScreen
from kicktimer.app.factory import make_app
from kicktimer.app.screens.finish import FinishScreen
from kicktimer.app.screens.preview import PreviewScreen
from kicktimer.app.screens.quit_confirm import QuitConfirmScreen
from kicktimer.audio.recording import RecordingAudio
from kicktimer.config import Config
from kicktimer.core.coach.session import assign_keys, kick_of
from kicktimer.core.profile import Profile
from kicktimer.core.segments import Plan
from kicktimer.history import MemoryStore
from kicktimer.planning import prepare_plan
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from plan_builders import reps_with_recovery, sendoff_reps

NAMES = ("Ana", "Ben", "Cy", "Dee", "Eve", "Fay")
TARGET_S = 80.0
RECOVERY_S = 60.0


@dataclass
class CoachRig:
    app: KickApp
    clock: FakeClock
    audio: RecordingAudio
    store: MemoryStore

    @property
    def screen(self) -> CoachTimerScreen:
        screen = self.app.screen
        assert isinstance(screen, CoachTimerScreen)
        return screen

    @property
    def board(self) -> AthleteBoard:
        return self.screen.board

    def row(self, name: str) -> AthleteRowView:
        return self.board.row(NAMES.index(name))

    def cells(self, name: str) -> dict[str, str]:
        row = self.row(name)
        return {column: row.text_of(column) for column in ("split", "diff", "last", "mean", "best")}

    def athlete_laps(self) -> list[tuple[int, str, float | None, str | None]]:
        """The athletes' rows in the history, in the order they were written."""
        session_id = self.app.session.session_id  # type: ignore[union-attr]
        laps = self.store.get_session(session_id).laps
        return [
            (lap.index, lap.athlete, lap.actual_s, lap.ended_by) for lap in laps if lap.athlete is not None
        ]

    def group_laps(self) -> list[tuple[int, str | None]]:
        session_id = self.app.session.session_id  # type: ignore[union-attr]
        return [
            (lap.index, lap.ended_by)
            for lap in self.store.get_session(session_id).laps
            if lap.athlete is None
        ]


def coach_rig(plan: Plan, names: tuple[str, ...] = NAMES, *, high_contrast: bool = False) -> CoachRig:
    rig = rig_for_plan(
        plan, lead_in_s=0, mode=CoachMode(assign_keys(list(names)), high_contrast=high_contrast)
    )
    return CoachRig(rig.app, rig.clock, rig.audio, rig.store)


async def at(pilot: Pilot[object], rig: CoachRig, seconds: float) -> None:
    """Move the fake clock to `seconds` after the session started (lead-in 0: the first rep's start)."""
    rig.clock.advance_to(1000.0 + seconds)
    rig.app.wake()
    await pilot.pause()


async def cross(pilot: Pilot[object], rig: CoachRig, seconds: float, name: str) -> None:
    """`name` crosses the line `seconds` after the session started: the coach presses their key."""
    await at(pilot, rig, seconds)
    await pilot.press(str(NAMES.index(name) + 1))


async def test_six_athletes_in_mixed_orders_each_split_stored_the_moment_it_is_taken() -> None:
    rig = coach_rig(reps_with_recovery(3, recovery_s=RECOVERY_S, target_s=TARGET_S))
    rep_one = [(71.0, "Cy"), (72.5, "Ana"), (74.0, "Fay"), (75.25, "Ben"), (78.0, "Eve"), (81.5, "Dee")]
    async with rig.app.run_test(size=(120, 40)) as pilot:
        assert label(rig.app, "#step-label") == "Run 400 m"
        written: list[tuple[int, str, float | None, str | None]] = []
        for seconds, name in rep_one:
            await cross(pilot, rig, seconds, name)
            written.append((0, name, pytest.approx(seconds), "lap"))  # type: ignore[arg-type]
            assert rig.athlete_laps() == written  # in the history before the rep is over
        assert label(rig.app, "#step-label") == "Recover"  # the last one in closed the rep for the group
        assert rig.group_laps() == [(0, "lap")]  # the clock's own row, athlete left empty
        assert rig.cells("Dee")["last"] == board_time(81.5)
        assert rig.cells("Dee")["diff"] == "+1.5"

        start_two = 81.5 + RECOVERY_S
        await at(pilot, rig, start_two)
        assert label(rig.app, "#rep") == "Rep 2/3"
        rep_two = {"Dee": 70.0, "Eve": 71.0, "Fay": 72.0, "Ben": 73.0, "Ana": 74.0, "Cy": 79.0}
        for name, split in rep_two.items():
            await cross(pilot, rig, start_two + split, name)
        assert [(i, n) for i, n, _, _ in rig.athlete_laps()[6:]] == [(2, name) for name in rep_two]
        ana = rig.cells("Ana")
        assert ana["last"] == board_time(74.0)
        assert ana["mean"] == board_time(fmean([72.5, 74.0]))
        assert ana["best"] == board_time(72.5)
    assert rig.app.session is not None
    stored = rig.store.get_session(rig.app.session.session_id or 0)
    assert stored.athletes == NAMES


async def test_the_board_counts_with_the_big_clock_and_freezes_a_split_when_the_key_is_pressed() -> None:
    rig = coach_rig(reps_with_recovery(2, target_s=TARGET_S))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        await at(pilot, rig, 65.7)
        assert big_clock(rig.app) == "1:05"
        assert rig.cells("Ben")["split"] == "1:05"
        assert rig.cells("Ben")["diff"] == "−0:15"
        assert rig.row("Ben").has_class("-out")
        await pilot.press("2")
        assert rig.cells("Ben")["split"] == "1:05.7"
        assert rig.cells("Ben")["diff"] == "−14.3"
        assert rig.row("Ben").has_class("-in")
        assert "Ben 1:05.7" in rig.board.news and "5 still out" in rig.board.news
        await at(pilot, rig, 70.2)
        assert rig.cells("Ben")["split"] == "1:05.7"
        assert rig.cells("Ana")["split"] == "1:10"


async def test_a_second_press_on_the_same_rep_is_ignored_with_a_flash() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        await cross(pilot, rig, 60.0, "Ana")
        await cross(pilot, rig, 61.0, "Ana")
        assert rig.cells("Ana")["split"] == board_time(60.0)
        assert "already in" in rig.board.news
        assert rig.row("Ana").has_class("-ignored")
        assert rig.athlete_laps() == [(0, "Ana", 60.0, "lap")]


async def test_u_undoes_the_last_split_on_the_board_and_in_the_history() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        await cross(pilot, rig, 60.0, "Ana")
        await cross(pilot, rig, 62.0, "Ben")
        await at(pilot, rig, 63.0)
        await pilot.press("u")
        assert rig.athlete_laps() == [(0, "Ana", 60.0, "lap")]
        assert rig.row("Ben").has_class("-out")
        assert rig.cells("Ben")["split"] == "1:03"
        assert "Undone: Ben" in rig.board.news
        await cross(pilot, rig, 66.0, "Ben")  # the right split, taken again
        assert rig.athlete_laps() == [(0, "Ana", 60.0, "lap"), (0, "Ben", 66.0, "lap")]


async def test_undo_after_the_rep_closed_makes_the_last_athlete_dnf_in_the_history() -> None:
    rig = coach_rig(reps_with_recovery(2), names=("Ana", "Ben"))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        await cross(pilot, rig, 60.0, "Ana")
        await cross(pilot, rig, 62.0, "Ben")
        assert label(rig.app, "#step-label") == "Recover"
        await at(pilot, rig, 70.0)
        await pilot.press("u")
        assert rig.athlete_laps() == [(0, "Ana", 60.0, "lap"), (0, "Ben", None, "dnf")]
        assert rig.cells("Ben")["last"] == "DNF"
        assert label(rig.app, "#step-label") == "Recover"  # the clock goes on


async def test_space_closes_the_rep_and_everyone_still_out_is_dnf() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        await cross(pilot, rig, 60.0, "Ana")
        await cross(pilot, rig, 61.0, "Ben")
        await at(pilot, rig, 90.0)
        await pilot.press("space")
        assert label(rig.app, "#step-label") == "Recover"
        dnf = [name for index, name, seconds, ended_by in rig.athlete_laps() if ended_by == "dnf"]
        assert dnf == ["Cy", "Dee", "Eve", "Fay"]
        assert all(rig.cells(name)["last"] == "DNF" for name in dnf)
        assert "DNF: Cy, Dee, Eve, Fay" in rig.board.news
        assert rig.cells("Ana")["last"] == board_time(60.0)
        await pilot.press("3")  # between reps: nobody to time
        assert "no rep running" in rig.board.news
        assert len(rig.athlete_laps()) == 6


async def test_a_send_off_starts_the_next_rep_on_the_clock_with_an_athlete_still_out() -> None:
    rig = coach_rig(sendoff_reps(3, every_s=120.0))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        for seconds, name in zip((75.0, 76.0, 77.0, 78.0, 79.0), NAMES[:5], strict=True):
            await cross(pilot, rig, seconds, name)
        assert label(rig.app, "#rep") == "Rep 1/3"
        await at(pilot, rig, 119.5)
        assert label(rig.app, "#rep") == "Rep 1/3"
        await at(pilot, rig, 120.0)
        assert label(rig.app, "#rep") == "Rep 2/3"
        assert big_clock(rig.app) == "0:00"
        assert (0, "Fay", None, "dnf") in rig.athlete_laps()
        assert rig.cells("Fay")["last"] == "DNF"
        assert rig.row("Fay").has_class("-out")
        await cross(pilot, rig, 120.0 + 70.0, "Fay")  # Fay runs the second rep with the others
        assert rig.athlete_laps()[-1] == (2, "Fay", pytest.approx(70.0), "lap")


async def test_back_on_a_rep_takes_its_splits_out_of_the_history() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        await cross(pilot, rig, 60.0, "Ana")
        await cross(pilot, rig, 61.0, "Ben")
        await pilot.press("b")
        assert rig.athlete_laps() == []
        assert "taken back" in rig.board.news
        assert label(rig.app, "#step-label") == "Run 400 m"


async def test_the_finish_screen_shows_athletes_by_reps_with_each_kick() -> None:
    rig = coach_rig(reps_with_recovery(3, recovery_s=RECOVERY_S), names=("Ana", "Ben", "Cy"))
    times = {"Ana": (80.0, 82.0, 75.0), "Ben": (90.0, 92.0, 95.0), "Cy": (85.0, 84.0, None)}
    async with rig.app.run_test(size=(120, 40)) as pilot:
        start = 0.0
        for rep in range(3):
            order = sorted((t[rep], n) for n, t in times.items() if t[rep] is not None)
            for split, name in order:
                await cross(pilot, rig, start + split, name)
            if rep == 2:
                await pilot.press("space")  # Cy does not finish the last rep
            start += max(t[rep] or 0.0 for t in times.values()) + RECOVERY_S
        assert isinstance(rig.app.screen, FinishScreen)
        table = rig.app.screen.query_one(CoachResultsTable)
        results = rig.app.session.results()  # type: ignore[union-attr]
        for name, (one, two, three) in times.items():
            row = table.row_text(name)
            expected_kick = kick_text(kick_of(results.splits_of(results.athletes[NAMES.index(name)])))
            assert row[1:4] == [
                board_time(one),
                board_time(two),
                "DNF" if three is None else board_time(three),
            ]
            assert row[-1] == expected_kick
        assert table.row_text("Ana")[-1] == f"{(81.0 - 75.0) / 81.0 * 100:.1f} % faster"
        assert table.row_text("Ben")[-1].endswith("slower")
        assert table.row_text("Cy")[-1] == "—"
        assert table.row_text("Ana")[4] == board_time(fmean([80.0, 82.0, 75.0]))


async def test_h_toggles_the_high_contrast_theme_and_the_option_starts_with_it() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        assert not rig.screen.has_class("-high-contrast")
        name = rig.row("Ana")
        assert rig.screen.styles.background.rgb != (255, 255, 255)
        await pilot.press("h")
        assert rig.screen.has_class("-high-contrast")
        assert rig.screen.styles.background.rgb == (255, 255, 255)
        assert name.styles.color.rgb == (0, 0, 0)
        await pilot.press("h")
        assert not rig.screen.has_class("-high-contrast")
        assert name.styles.color.rgb != (0, 0, 0)
        assert list(rig.app._notifications) == []  # the screen says it; a toast covered athlete rows
    bright = coach_rig(reps_with_recovery(2), high_contrast=True)
    async with bright.app.run_test(size=(120, 40)):
        assert bright.screen.has_class("-high-contrast")
        assert bright.screen.styles.background.rgb == (255, 255, 255)


async def test_the_footer_sums_up_the_athlete_keys_and_shows_undo_and_contrast() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(120, 40)):
        shown = {
            binding.key_display or binding.key: binding.description
            for binding in rig.screen._bindings.shown_keys
        }
        assert shown["1–6"] == "Athletes"
        assert shown["u"] == "Undo" and shown["h"] == "Contrast" and shown["space"] == "Close rep"


@pytest.mark.parametrize("width", [100, 120])
async def test_every_coach_key_fits_in_the_footer_of_a_100_column_terminal(width: int) -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        keys = list(rig.app.screen.query_one(Footer).children)
        assert len(keys) == 9  # a rep waits for the lap key: +10s and −10s do nothing, so not shown
        assert max(key.region.right for key in keys) <= width


@pytest.mark.parametrize("size", [(80, 24), (90, 30)])
async def test_every_coach_key_but_the_athletes_fits_in_the_footer_of_an_80_column_terminal(
    size: tuple[int, int],
) -> None:
    """At 80 columns the footer ran to `... m Mute h Cont`: the contrast key was cut off.

    The athletes' keys are in the board's Key column, so a narrow footer leaves
    out their summary and every other key fits."""
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=size) as pilot:
        await pilot.pause()
        footer = rig.app.screen.query_one(Footer)
        keys = list(footer.children)
        assert max(key.region.right for key in keys) <= size[0]
        shown = {key.key: key.description for key in keys if isinstance(key, FooterKey)}
        assert shown["h"] == "Contrast" and shown["u"] == "Undo" and shown["space"] == "Close rep"
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert any(binding.description == "Athletes" for binding in rig.screen._bindings.shown_keys)


async def test_tall_terminals_get_three_line_rows_and_small_ones_one_line() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        assert rig.screen.has_class("-roomy-board")
        assert rig.row("Ana").size.height == 3
        await pilot.resize_terminal(80, 20)
        await pilot.pause()
        assert not rig.screen.has_class("-roomy-board")
        assert rig.row("Ana").size.height == 1


async def test_the_big_split_shows_the_live_split_once_the_board_has_room_for_it() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(80, 20)) as pilot:
        await at(pilot, rig, 65.7)
        await pilot.press("2")
        assert "1:05.7" in "\n".join(rig.row("Ben").plain_lines())
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert rig.row("Ana").plain_lines()[1:2] != []
        assert digit_lines("1:05")[0] in "\n".join(rig.row("Ana").plain_lines())
        assert digit_lines("1:05.7")[2] in "\n".join(rig.row("Ben").plain_lines())
        await at(pilot, rig, 70.2)
        assert digit_lines("1:10")[0] in "\n".join(rig.row("Ana").plain_lines())


async def test_each_row_shows_its_columns_and_narrow_terminals_leave_out_target_average_and_best() -> None:
    rig = coach_rig(reps_with_recovery(2, target_s=TARGET_S))
    async with rig.app.run_test(size=(100, 20)) as pilot:
        await cross(pilot, rig, 72.5, "Ana")
        line = rig.row("Ana").plain_lines()[0]
        assert line.split() == ["1", "Ana", "1:12.5", "−7.5", "1:20.0", "1:12.5", "1:12.5", "1:12.5"]
        heading = str(rig.board.query_one("#board-heading", Label).content).split()
        assert heading == ["Key", "Athlete", "Split", "±", "Target", "Last", "Avg", "Best"]
        await pilot.resize_terminal(50, 20)
        await pilot.pause()
        assert rig.row("Ana").plain_lines()[0].split() == ["1", "Ana", "1:12.5", "−7.5", "1:12.5"]
        assert str(rig.board.query_one("#board-heading", Label).content).split()[-1] == "Last"


YAML = """\
name: Squad 400s
environment: any
steps:
  - repeat: 4
    steps:
      - run: 400m
        pace: 5k
      - recover: 1min
"""


async def test_the_preview_shows_who_is_on_which_key_and_refuses_a_plan_with_nothing_to_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path))
    config = Config(profile=Profile(units="km", races={"5k": 22 * 60 + 30.0}))
    workout = load_workout_text(YAML, "squad.yaml", sounds=builtin_sound_names()).workout
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        clock=FakeClock(),
        workout=workout,
        planner=lambda w, where, reps: prepare_plan(w, where, reps, config),
        lead_in_s=0,
        mode=CoachMode(assign_keys(list(NAMES))),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        roster = str(screen.query_one("#preview-athletes").render())
        assert "1 Ana · 2 Ben · 3 Cy · 4 Dee · 5 Eve · 6 Fay" in roster
        await pilot.press("w")  # road: still distance reps on the lap key
        assert screen.plan is not None
        await pilot.press("w")  # treadmill: the belt times every rep
        assert screen.plan is None
        await pilot.press("enter")
        assert isinstance(app.screen, PreviewScreen)
        await pilot.press("w")
        await pilot.press("enter")
        assert isinstance(app.screen, CoachTimerScreen)


async def test_athletes_past_nine_are_on_letters_the_timer_does_not_use() -> None:
    squad = tuple(f"Runner {n}" for n in range(1, 13))
    rig = coach_rig(reps_with_recovery(2), names=squad)
    async with rig.app.run_test(size=(120, 50)) as pilot:
        await at(pilot, rig, 60.0)
        await pilot.press("a")  # the 10th
        await at(pilot, rig, 61.0)
        await pilot.press("d")  # the 12th ("b" is back)
        assert [(name, seconds) for _, name, seconds, _ in rig.athlete_laps()] == [
            ("Runner 10", 60.0),
            ("Runner 12", 61.0),
        ]
        shown = {binding.key_display for binding in rig.screen._bindings.shown_keys}
        assert "1–9 a c d" in shown


async def test_p_pauses_and_resumes_the_group_clock_and_the_footer_names_it() -> None:
    rig = coach_rig(reps_with_recovery(2, recovery_s=RECOVERY_S, target_s=TARGET_S))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        await at(pilot, rig, 10.0)
        await pilot.press("p")
        await pilot.pause()
        assert rig.screen.has_class("-paused")
        active = [b.description for _, b, enabled, _ in rig.screen.active_bindings.values() if enabled]
        assert "Resume" in active and "Pause" not in active
        await at(pilot, rig, 100.0)
        await pilot.press("p")
        await pilot.pause()
        assert not rig.screen.has_class("-paused")
        await cross(pilot, rig, 130.0, "Ana")
        assert rig.athlete_laps() == [(0, "Ana", pytest.approx(40.0), "lap")]  # the 90 s paused don't count


async def test_quitting_mid_session_shows_the_results_so_far_then_q_leaves() -> None:
    rig = coach_rig(reps_with_recovery(3, recovery_s=RECOVERY_S), names=("Ana", "Ben", "Cy"))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        for split, name in ((80.0, "Ana"), (85.0, "Cy"), (90.0, "Ben")):
            await cross(pilot, rig, split, name)
        await cross(pilot, rig, 90.0 + RECOVERY_S + 75.0, "Ana")
        await pilot.press("q")
        assert isinstance(rig.app.screen, QuitConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(rig.app.screen, FinishScreen)
        assert label(rig.app, "#finish-title").startswith("Stopped: ")
        table = rig.app.screen.query_one(CoachResultsTable)
        assert table.row_text("Ana")[1:3] == [board_time(80.0), board_time(75.0)]
        assert table.row_text("Ben")[1] == board_time(90.0)
        await pilot.press("q")
    assert rig.app.return_value is not None
    assert rig.app.return_value.status == "aborted"
    assert rig.store.get_session(rig.app.return_value.session_id or 0).status == "aborted"


def row_background(rig: CoachRig, name: str) -> object:
    """The background the board draws behind `name`'s split (the row's lines are one widget's)."""
    lines = rig.screen.query_one(AthleteLines)
    height = rig.row(name).size.height
    strip = lines.render_line(NAMES.index(name) * height + height // 2)
    split = next(segment for segment in strip if rig.cells(name)["split"][:4] in segment.text)
    assert split.style is not None
    return split.style.bgcolor


async def test_the_board_draws_a_row_that_is_in_and_a_flash_in_their_own_background() -> None:
    rig = coach_rig(reps_with_recovery(2))
    async with rig.app.run_test(size=(120, 20)) as pilot:
        await cross(pilot, rig, 60.0, "Ana")
        out = row_background(rig, "Ben")
        flashed = row_background(rig, "Ana")
        assert flashed != out
        await at(pilot, rig, 61.0)
        rig.clock.advance(1.0)
        await pilot.pause(1.0)  # the flash's own timer (visual only) runs on real time
        assert not rig.row("Ana").has_class("-taken")
        is_in = row_background(rig, "Ana")
        assert is_in not in (out, flashed)
        await pilot.press("1")  # again: ignored, with a flash of its own
        assert row_background(rig, "Ana") not in (out, is_in)


def screen_lines(app: KickApp) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize(
    ("count", "size"), [(10, (80, 24)), (12, (80, 24)), (26, (120, 40)), (28, (120, 40))]
)
async def test_a_board_too_tall_for_its_terminal_scrolls_its_rows_and_keeps_the_rest_on_screen(
    count: int, size: tuple[int, int]
) -> None:
    """Whether the rows scroll comes from the layout, not a count of lines: 10 athletes at
    80×24 and 26 at 120×40 pushed the progress line off the bottom with every row shown."""
    names = [f"Runner{n:02d}" for n in range(1, count + 1)]
    athletes = assign_keys(names)
    rig = rig_for_plan(reps_with_recovery(2), lead_in_s=0, mode=CoachMode(athletes))
    async with rig.app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = screen_lines(rig.app)
        assert any("Next:" in line for line in shown) and any(" left" in line for line in shown)
        assert any("Runner01" in line for line in shown)
        await at(pilot, CoachRig(rig.app, rig.clock, rig.audio, rig.store), 70.0)
        await pilot.press(athletes[-1].key)
        await pilot.pause()
        shown = screen_lines(rig.app)
        assert any(names[-1] in line and "1:10.0" in line for line in shown), "\n".join(shown)
        assert any(" left" in line for line in shown)


async def test_the_rows_scroll_on_a_terminal_made_smaller_and_show_in_full_once_it_grows_again() -> None:
    names = [f"Runner{n:02d}" for n in range(1, 11)]
    rig = rig_for_plan(reps_with_recovery(2), lead_in_s=0, mode=CoachMode(assign_keys(names)))

    def on_screen() -> tuple[int, bool]:
        shown = screen_lines(rig.app)
        rows = sum(any(name in line for line in shown) for name in names)
        return rows, any(" left" in line for line in shown)

    async with rig.app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert on_screen() == (10, True)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        shown, progress = on_screen()
        assert shown < 10 and progress
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert on_screen() == (10, True)


async def test_a_board_of_28_on_100x30_scrolls_to_the_athlete_who_just_crossed() -> None:
    names = [f"Runner{n:02d}" for n in range(1, 29)]
    athletes = assign_keys(names)
    rig = rig_for_plan(reps_with_recovery(2), lead_in_s=0, mode=CoachMode(athletes))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert any("Runner01" in line for line in screen_lines(rig.app))
        last = athletes[-1]
        assert not any("Runner28" in line for line in screen_lines(rig.app))  # 28 rows do not fit
        await at(pilot, CoachRig(rig.app, rig.clock, rig.audio, rig.store), 70.0)
        await pilot.press(last.key)
        await pilot.pause()
        shown = screen_lines(rig.app)
        assert any("Runner28" in line and "1:10.0" in line for line in shown), "\n".join(shown)
        assert any("Next:" in line for line in shown)
