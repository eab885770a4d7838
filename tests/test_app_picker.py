"""The picker (search, tag filter, live preview) and the preview (←/→ reps, w for where, Enter starts)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.widgets import Footer, Input

from app_support import RecordingAudio, label, plan_lines, planner, preview_app, shown_notices
from kicktimer.app.app import KickApp
from kicktimer.app.clock import FakeClock
from kicktimer.app.factory import make_app
from kicktimer.app.screens.picker import PickerScreen
from kicktimer.app.screens.preview import PreviewScreen
from kicktimer.app.screens.timer import TimerScreen
from kicktimer.app.widgets.plan_view import PlanTable
from kicktimer.app.widgets.workout_list import WorkoutList
from kicktimer.config import Config
from kicktimer.history import MemoryStore
from kicktimer.library import WorkoutEntry
from kicktimer.planning import prepare_plan
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import Environment

LADDER = """\
name: Ladder of 400s
summary: Four to six 400s at mile pace.
tags: [track, intervals]
environment: track
steps:
  - warmup: 5min
  - repeat: 4-6
    steps:
      - run: 400m
        pace: mile
      - recover: 1min
        last: skip
  - cooldown: 5min
"""

HILLS = """\
name: Hill sprints anywhere
tags: [hills, treadmill]
steps:
  - warmup: 10min
  - repeat: 3
    steps:
      - run: 100m
        pace: 5k
        incline: 6%
      - recover: 90s
  - cooldown: 5min
"""

EASY = """\
name: Easy half hour
tags: [easy]
steps:
  - run: 30min
    effort: easy
"""


def entry(text: str, slug: str) -> WorkoutEntry:
    workout = load_workout_text(text, f"{slug}.yaml", sounds=builtin_sound_names()).workout
    return WorkoutEntry(
        slug=slug,
        name=workout.name,
        path=Path(f"{slug}.yaml"),
        builtin=True,
        summary=workout.summary,
        tags=workout.tags,
        workout=workout,
    )


def broken_entry() -> WorkoutEntry:
    return WorkoutEntry("broken", "broken", Path("broken.yaml"), False, error="broken.yaml:3:5: bad step")


def picker_app() -> tuple[KickApp, MemoryStore]:
    store = MemoryStore()
    entries = [entry(LADDER, "ladder"), entry(HILLS, "hills"), entry(EASY, "easy"), broken_entry()]
    app = make_app(
        audio=RecordingAudio(), store=store, clock=FakeClock(), entries=entries, planner=planner, lead_in_s=0
    )
    return app, store


def listed(app: KickApp) -> list[str]:
    workouts = app.screen.query_one(WorkoutList)
    return [workouts.prompt_at(i).plain.split("  (")[0] for i in range(len(workouts.keys))]


def list_lines(app: KickApp) -> list[str]:
    """The workout list's lines as drawn now."""
    workouts = app.screen.query_one(WorkoutList)
    return [workouts.render_line(y).text.rstrip() for y in range(workouts.scrollable_content_region.height)]


def table_cells(app: KickApp, column: int) -> list[str]:
    return [row[column] for row in app.screen.query_one(PlanTable).rows]


async def test_picker_lists_every_workout_and_previews_the_highlighted_one() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, PickerScreen)
        assert listed(app) == ["Ladder of 400s", "Hill sprints anywhere", "Easy half hour", "broken"]
        assert label(app, "#plan-name") == "Ladder of 400s"
        assert table_cells(app, 1).count("Run 400 m") == 4
        await pilot.press("down")
        assert label(app, "#plan-name") == "Hill sprints anywhere"
        assert "Where: track" in label(app, "#plan-choice")
        await pilot.press("down", "down", "down")
        assert "bad step" in str(app.screen.query_one("#plan-problems").content)


async def test_search_narrows_the_list_and_the_preview_follows() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press(*"easy")
        assert app.screen.query_one("#search", Input).value == "easy"
        assert listed(app) == ["Easy half hour"]
        assert label(app, "#plan-name") == "Easy half hour"
        await pilot.press(*" zzz")
        assert listed(app) == []
        assert label(app, "#plan-name") == "No workout matches."


async def test_tag_filter_keeps_one_tag() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        screen.query_one("#tag-filter").value = "hills"  # type: ignore[attr-defined]
        await pilot.pause()
        assert listed(app) == ["Hill sprints anywhere"]
        assert label(app, "#plan-name") == "Hill sprints anywhere"
        screen.query_one("#tag-filter").clear()  # type: ignore[attr-defined]
        await pilot.pause()
        assert len(listed(app)) == 4


async def test_tag_filter_is_reachable_from_the_keyboard() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("tab", "enter")  # focus the tag filter and open it
        await pilot.press("down", "enter")  # past "All tags" to the first tag: easy
        await pilot.pause()
        assert listed(app) == ["Easy half hour"]


async def test_enter_opens_the_preview_and_arrows_choose_the_rep_count() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, PreviewScreen)
        assert "Reps ‹ 4 › (4–6" in label(app, "#plan-choice")
        assert table_cells(app, 1).count("Run 400 m") == 4
        await pilot.press("right", "right", "right")
        assert "Reps ‹ 6 ›" in label(app, "#plan-choice")
        assert table_cells(app, 1).count("Run 400 m") == 6
        await pilot.press("left")
        assert table_cells(app, 1).count("Run 400 m") == 5
        await pilot.press("escape")
        assert isinstance(app.screen, PickerScreen)


async def test_preview_chooses_where_an_any_workout_runs() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("down", "enter")
        assert isinstance(app.screen, PreviewScreen)
        assert "Where: track" in label(app, "#plan-choice")
        assert "100 m · lap" in table_cells(app, 3)
        await pilot.press("w")
        assert "Where: road" in label(app, "#plan-choice")
        await pilot.press("w")
        assert "Where: treadmill" in label(app, "#plan-choice")
        lengths = table_cells(app, 3)
        assert any(cell.startswith("100 m · 0:") for cell in lengths)
        assert any("incline 6%" in cell for cell in table_cells(app, 4))
        await pilot.press("enter")
        assert isinstance(app.screen, TimerScreen)
        assert app.session is not None and app.session.plan.environment is Environment.TREADMILL


async def test_enter_on_the_preview_starts_the_timer_and_opens_a_session() -> None:
    app, store = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "right", "enter")
        assert isinstance(app.screen, TimerScreen)
        assert label(app, "#step-label") == "Warm-up 5:00"
        assert app.session is not None and app.session.plan.reps == (5,)
        record = store.get_session(app.session.session_id or 0)
        assert record.workout == "Ladder of 400s" and record.reps == (5,)
        assert "repeat: 4-6" in record.workout_yaml


@pytest.mark.parametrize("where", [None, Environment.TREADMILL])
async def test_preview_of_one_workout_opens_with_the_command_line_choices(where: Environment | None) -> None:
    app = preview_app(HILLS, "hills.yaml", where=where)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, PreviewScreen)
        assert f"Where: {(where or Environment.TRACK).value}" in label(app, "#plan-choice")
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_value is None


async def test_a_plan_that_cannot_compile_shows_why_and_enter_refuses() -> None:
    def no_profile(workout, where, reps):  # type: ignore[no-untyped-def]
        return prepare_plan(workout, where, reps, Config())

    app = preview_app(LADDER, "ladder.yaml", planner=no_profile)
    async with app.run_test(size=(100, 30)) as pilot:
        problems = str(app.screen.query_one("#plan-problems").content)
        assert "ladder.yaml:" in problems and "kick profile set" in problems
        await pilot.press("enter")
        assert isinstance(app.screen, PreviewScreen)


ANYWHERE_NO_PACE = """\
name: Strides anywhere
environment: any
steps:
  - repeat: 4
    steps:
      - run: 100m
      - recover: 1min
"""


async def test_the_preview_offers_start_only_where_the_plan_can_run() -> None:
    """On the treadmill a distance with no pace cannot run: no ⏎ Start in the footer, Enter says why."""
    app = preview_app(ANYWHERE_NO_PACE, "strides.yaml")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "⏎ Start" in footer_keys(app)
        await pilot.press("w", "w")
        await pilot.pause()
        assert "Where: treadmill" in label(app, "#plan-choice")
        assert "⏎ Start" not in footer_keys(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert "This plan can't run yet: fix the problems shown." in shown_notices(app)
        await pilot.press("w")
        await pilot.pause()
        assert "⏎ Start" in footer_keys(app)


async def test_a_small_terminal_keeps_the_list_and_hides_the_side_preview() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = app.screen
        assert screen.has_class("-narrow") and screen.has_class("-short")
        assert not screen.query_one("#live-preview").display
        assert screen.query_one("#workout-list").region.height >= 4
        await pilot.press("enter")
        assert isinstance(app.screen, PreviewScreen)
        assert app.screen.query_one("#plan-table").region.height >= 3


async def test_the_first_frame_turns_the_garbage_collector_back_on() -> None:
    """`kick run` starts with the collector off; once the first screen is drawn it must run again."""
    app, _ = picker_app()
    gc.disable()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


async def test_the_preview_counts_a_single_step_as_one_step() -> None:
    app = preview_app("name: One\nsteps:\n  - run: 1min\n", "one.yaml")
    async with app.run_test(size=(100, 30)) as pilot:
        assert label(app, "#plan-totals") == "Total 1:00 · 1 step, 1 work"  # it said "1 steps"
        await pilot.press("escape")


@pytest.mark.parametrize(("units", "total"), [("km", "· 4 km ·"), ("mi", "· 2.5 mi ·")])
async def test_the_preview_gives_the_total_distance_in_the_runners_units(units: str, total: str) -> None:
    tens = "name: Tens\nenvironment: track\nsteps:\n  - repeat: 10\n    steps:\n      - run: 400m\n"
    app = preview_app(tens, "tens.yaml", units=units)
    async with app.run_test(size=(100, 30)) as pilot:
        assert total in label(app, "#plan-totals")
        # every rep waits for the lap key: no time to total (as `kick show` says), not 0:00
        assert label(app, "#plan-totals").startswith("Total — ·")
        await pilot.press("escape")


async def test_a_warning_from_the_file_is_shown_once_marked_as_a_warning() -> None:
    talk = (
        "name: Talk\nsteps:\n  - run: 20s\n"
        "    say: A very long sentence that goes on and on about nothing much at all really.\n"
        "    cues:\n      - at: 5s in\n        say: Keep going now.\n"
    )
    app = preview_app(talk, "talk.yaml")
    async with app.run_test(size=(160, 30)) as pilot:
        totals = label(app, "#plan-totals")
        assert 'talk.yaml:6:9: warning: Run 20 s: cue "Keep going now." left out' in totals
        assert totals.count("warning:") == 1
        await pilot.press("escape")


async def test_notices_from_before_the_screen_opened_are_shown_as_written() -> None:
    notice = "/cfg/cues.yaml:1:7: `cues` must be a list of cues [/]; going on without your cues"
    entries = [entry(EASY, "easy")]
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        clock=FakeClock(),
        entries=entries,
        planner=planner,
        notices=[notice],
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert [str(n.message) for n in app._notifications] == [notice]
        await pilot.press("ctrl+q")


DRILLS = """\
name: Drills
steps:
  - drill: 20 reps
    label: Lunges
  - run: 1min
"""


async def test_a_labelled_drill_keeps_its_count_in_the_preview_and_on_the_timer() -> None:
    app = preview_app(DRILLS, "drills.yaml", lead_in_s=0)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, PreviewScreen)
        assert table_cells(app, 1)[0] == "Lunges"
        assert table_cells(app, 3)[0] == "20 reps · lap"
        await pilot.press("enter")
        await pilot.pause()
        assert label(app, "#step-label") == "Lunges · 20 reps"


NESTED = """\
name: Sets of 200s
steps:
  - repeat: 2
    steps:
      - repeat: 4
        steps:
          - run: 1min
          - recover: 1min
      - rest: 3min
"""


async def test_the_preview_of_a_nested_repeat_names_the_set_and_the_rep_as_the_timer_does() -> None:
    app = preview_app(NESTED, "nested.yaml", lead_in_s=0)
    async with app.run_test(size=(100, 30)) as pilot:
        assert isinstance(app.screen, PreviewScreen)
        places = table_cells(app, 2)
        assert places[0] == "Set 1/2 · Rep 1/4"
        assert places[-2] == "Set 2/2 · Rep 4/4"
        await pilot.press("enter")
        await pilot.pause()
        assert label(app, "#rep") == places[0]


async def test_a_narrow_picker_keeps_each_step_of_the_plan_on_one_line() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(PlanTable)
        lines = plan_lines(app)
        width = table.scrollable_content_region.width
        assert width < 70  # the plan's lines are wider than the room beside the list
        assert lines[0].startswith("#  Step")
        steps = len(table.rows)
        assert [line.split()[0] for line in lines[1 : steps + 1]] == [str(n) for n in range(1, steps + 1)]
        assert all(len(line) == width for line in lines)
        assert any(line.endswith("…") for line in lines)  # cut at the edge, not wrapped


def footer_keys(app: KickApp) -> list[str]:
    """The footer's keys as drawn: "⏎ Preview", "esc Quit"..."""
    return [" ".join(str(key.render()).split()) for key in app.screen.query_one(Footer).children]


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_footer_shows_preview_tags_and_quit_from_the_search_box_and_the_list(
    size: tuple[int, int],
) -> None:
    app, _ = picker_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        shown = footer_keys(app)
        assert {"⏎ Preview", "tab Tags", "esc Quit"} <= set(shown), shown
        assert max(key.region.right for key in app.screen.query_one(Footer).children) <= size[0]
        await pilot.press("down", "enter")
        assert isinstance(app.screen, PreviewScreen)
        assert label(app, "#plan-name") == "Hill sprints anywhere"
        await pilot.press("escape")
        app.screen.query_one(WorkoutList).focus()
        await pilot.pause()
        assert {"⏎ Preview", "esc Quit"} <= set(footer_keys(app))


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_tag_filter_footer_names_its_enter_and_its_tab(size: tuple[int, int]) -> None:
    app, _ = picker_app()
    async with app.run_test(size=size) as pilot:
        await pilot.press("tab")  # from the search box to the tag filter
        await pilot.pause()
        assert app.focused is app.screen.query_one("#tag-filter")
        shown = footer_keys(app)
        assert {"⏎ Pick a tag", "tab List", "esc Quit"} <= set(shown), shown
        assert max(key.region.right for key in app.screen.query_one(Footer).children) <= size[0]
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#workout-list")


def many_entries(count: int) -> list[WorkoutEntry]:
    return [entry(EASY.replace("Easy half hour", f"Easy [{n}] half hour"), f"easy-{n}") for n in range(count)]


async def test_a_long_list_draws_what_is_on_screen_and_end_reaches_the_last_workout() -> None:
    entries = [*many_entries(300), broken_entry()]
    app = make_app(
        audio=RecordingAudio(), store=MemoryStore(), clock=FakeClock(), entries=entries, planner=planner
    )
    async with app.run_test(size=(100, 30)) as pilot:
        workouts = app.screen.query_one(WorkoutList)
        lines = list_lines(app)
        assert lines[0] == "Easy [0] half hour" and lines[1] == "Easy [1] half hour"  # brackets as written
        workouts.focus()
        await pilot.press("end")
        await pilot.pause()
        assert list_lines(app)[-1] == "broken  (does not load)"
        assert "bad step" in str(app.screen.query_one("#plan-problems").content)
        await pilot.press("up", "pageup")
        await pilot.pause()
        assert workouts.highlighted is not None and workouts.highlighted < 299
        assert label(app, "#plan-name") == f"Easy [{workouts.highlighted}] half hour"
        await pilot.press("home", "down", "enter")
        assert isinstance(app.screen, PreviewScreen)
        assert label(app, "#plan-name") == "Easy [1] half hour"


async def test_typing_narrows_a_long_list_and_the_first_match_is_highlighted() -> None:
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        clock=FakeClock(),
        entries=many_entries(300),
        planner=planner,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press(*"[29")
        await pilot.pause()
        assert listed(app) == ["Easy [29] half hour", *(f"Easy [{n}] half hour" for n in range(290, 300))]
        assert list_lines(app)[:2] == ["Easy [29] half hour", "Easy [290] half hour"]
        assert label(app, "#plan-name") == "Easy [29] half hour"
        await pilot.press("down", "down", "enter")
        assert isinstance(app.screen, PreviewScreen)
        assert label(app, "#plan-name") == "Easy [291] half hour"


async def test_a_click_on_a_workout_opens_its_preview() -> None:
    app, _ = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        workouts = app.screen.query_one(WorkoutList)
        row = workouts.scrollable_content_region
        await pilot.click(WorkoutList, offset=(row.x - workouts.region.x + 2, row.y - workouts.region.y + 2))
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)
        assert label(app, "#plan-name") == "Easy half hour"


async def test_a_name_wider_than_the_list_ends_in_an_ellipsis() -> None:
    long = EASY.replace("Easy half hour", "An easy half hour along the river and back over the old bridge")
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        clock=FakeClock(),
        entries=[entry(long, "long")],
        planner=planner,
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first = list_lines(app)[0]
        assert first.startswith("An easy half hour") and first.endswith("…")
        assert len(first) == app.screen.query_one(WorkoutList).scrollable_content_region.width


async def test_a_run_from_the_picker_empties_the_screens_below_the_timer() -> None:
    """The picker and the preview are never shown again once the timer is up: their widgets go."""
    app, _ = picker_app()
    async with app.run_test(size=(120, 40)) as pilot:
        assert any(path.endswith("picker.tcss") for path, _ in app.stylesheet.source)  # the picker's styles
        await pilot.press("enter", "enter")
        assert isinstance(app.screen, TimerScreen)
        below = app.screen_stack[:-1]
        assert [type(screen) for screen in below] == [PickerScreen, PreviewScreen]
        for _ in range(100):  # removed through the app's queue, after Enter's handler
            await pilot.pause(0.01)
            left = [
                type(widget).__name__
                for screen in below
                for widget in screen.walk_children()
                if "-textual-system" not in widget.classes
            ]
            if not left:
                break
        assert left == []
