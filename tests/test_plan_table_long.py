"""The preview of a 10,000-step plan: every step can be scrolled to, and the header stays put."""

from __future__ import annotations

from app_support import RecordingAudio, label, plan_lines
from kicktimer.app.app import KickApp
from kicktimer.app.clock import FakeClock
from kicktimer.app.factory import make_app
from kicktimer.app.screens.timer import TimerScreen
from kicktimer.app.widgets.plan_view import PlanTable
from kicktimer.config import Config
from kicktimer.history import MemoryStore
from kicktimer.planning import prepare_plan
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text

BIG = """\
name: Ten thousand [big]
steps:
  - warmup: 5min
  - repeat: 10
    steps:
      - repeat: 10
        steps:
          - repeat: 48-49
            steps:
              - run: 5s
                effort: hard
              - recover: 5s
  - cooldown: 5min
    label: Cool-down [easy]
"""
STEPS = 2 + 10 * 10 * 48 * 2  # 9,602


def big_app() -> KickApp:
    workout = load_workout_text(BIG, "big.yaml", sounds=builtin_sound_names()).workout

    def planner(workout, where, reps):  # type: ignore[no-untyped-def]
        return prepare_plan(workout, where, reps, Config())

    app = make_app(
        audio=RecordingAudio(), store=MemoryStore(), clock=FakeClock(), workout=workout, planner=planner
    )
    app.animation_level = "none"  # a page is a jump, not a glide the test waits out
    return app


def number(line: str) -> int:
    return int(line.split()[0])


async def test_the_last_step_of_ten_thousand_is_reached_with_end_and_the_header_stays() -> None:
    app = big_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert f"{STEPS} steps" in label(app, "#plan-totals")
        lines = plan_lines(app)
        assert lines[0].split() == ["#", "Step", "Rep", "Length", "Target", "Cues"]
        assert [number(line) for line in lines[1:4]] == [1, 2, 3]
        await pilot.press("end")
        await pilot.pause()
        lines = plan_lines(app)
        assert lines[0].split()[:2] == ["#", "Step"]
        assert lines[-1].split()[:3] == [str(STEPS), "Cool-down", "[easy]"]  # user text as written
        assert number(lines[-2]) == STEPS - 1 and "48/48" in lines[-2]
        await pilot.press("home")
        await pilot.pause()
        assert number(plan_lines(app)[1]) == 1
        table = app.screen.query_one(PlanTable)
        assert table.show_vertical_scrollbar
        assert all(len(line) == table.scrollable_content_region.width for line in plan_lines(app))


async def test_page_down_walks_the_plan_a_screen_at_a_time_past_where_a_capped_table_stopped() -> None:
    app = big_app()
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(PlanTable)
        shown = table.scrollable_content_region.height - 1
        await pilot.press(*["pagedown"] * 20)
        await pilot.pause()
        lines = plan_lines(app)
        first = number(lines[1])
        assert first > 400  # the old table stopped at 400 rows and "… and 9402 more"
        assert [number(line) for line in lines[1:]] == list(range(first, first + shown))
        row = table.rows[first - 1]
        assert lines[1].split() == [cell for cell in row for cell in cell.split()]


async def test_a_new_rep_count_redraws_the_table_and_enter_runs_the_plan_shown() -> None:
    app = big_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("end")
        await pilot.press("right")  # 49 reps in the innermost repeat
        await pilot.pause()
        assert "Reps ‹ 49 ›" in label(app, "#plan-choice")
        bigger = 2 + 10 * 10 * 49 * 2
        assert len(app.screen.query_one(PlanTable).rows) == bigger
        assert number(plan_lines(app)[1]) == 1
        await pilot.press("end")
        await pilot.pause()
        assert number(plan_lines(app)[-1]) == bigger
        await pilot.press("enter")
        assert isinstance(app.screen, TimerScreen)
        assert app.session is not None and len(app.session.plan.segments) == bigger


MIDDLE = """\
name: Long middle
steps:
  - repeat: 300
    steps:
      - run: 5s
  - run: 7s
    label: A label much longer than the others
  - repeat: 300
    steps:
      - run: 5s
"""


async def test_a_wider_row_scrolled_into_view_widens_its_column_for_every_line() -> None:
    workout = load_workout_text(MIDDLE, "middle.yaml", sounds=builtin_sound_names()).workout

    def planner(workout, where, reps):  # type: ignore[no-untyped-def]
        return prepare_plan(workout, where, reps, Config())

    app = make_app(
        audio=RecordingAudio(), store=MemoryStore(), clock=FakeClock(), workout=workout, planner=planner
    )
    app.animation_level = "none"
    async with app.run_test(size=(120, 30)) as pilot:
        assert "A label much longer" not in "".join(plan_lines(app))
        for _ in range(40):
            await pilot.press("pagedown")
            await pilot.pause()
            lines = plan_lines(app)
            if number(lines[-1]) >= 301:
                break
        await pilot.pause()  # the frame after the wide row widened its column
        lines = plan_lines(app)
        wide = next(line for line in lines if "A label much longer than the others" in line)
        column = lines[0].index("Rep")
        assert wide.index("0:07") - column == lines[1].index("0:05") - column  # lengths line up
        assert lines[0].index("Rep") > lines[0].index("Step") + len("A label much longer than the others")
