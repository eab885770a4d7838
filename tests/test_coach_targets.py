"""Each athlete's own target: from a race result (as a runner's profile), splits per distance, or none.

The race-result targets are checked against paces worked out by hand from
the format's definition (a 5K in 18:40 is 224 s/km, so 400 m at 5K pace is
89.6 s), and against the runner's profile for the same result, which must
give the very same number.
"""

from __future__ import annotations

import csv
import io

import pytest
from rich.console import Console

from app_support import rig_for_plan
from kicktimer.app.coach.mode import CoachMode
from kicktimer.app.coach.results_table import CoachResultsTable
from kicktimer.app.coach.timer_screen import CoachTimerScreen
from kicktimer.app.screens.finish import FinishScreen
from kicktimer.core.coach.athletes import OwnTarget
from kicktimer.core.coach.results import is_rep
from kicktimer.core.coach.session import CoachSession, SplitTaken, assign_keys
from kicktimer.core.coach.targets import athlete_targets
from kicktimer.core.compile import compile_plan
from kicktimer.core.engine import Engine
from kicktimer.core.events import Start
from kicktimer.core.profile import Profile, reference_paces
from kicktimer.core.report import build_kick_reports
from kicktimer.errors import TargetError
from kicktimer.history.export_formats import sessions_csv
from kicktimer.reporting.render import render_kick_reports
from kicktimer.roster import parse_athletes_option, parse_roster
from kicktimer.workout.loader import load_workout_text

COACH = Profile(races={"5k": 20 * 60.0})  # the coach's own profile: never an athlete's


def workout(pace: str) -> object:
    text = f"""
name: Test 400s
environment: track
steps:
  - repeat: 3
    steps:
      - run: 400m
        pace: {pace}
      - recover: 60s
"""
    return load_workout_text(text, "w.yaml", sounds=()).workout


def targets_of(pace: str, athletes_option: str) -> dict[str, list[float | None]]:
    plan_workout = workout(pace)
    plan = compile_plan(plan_workout, COACH)  # type: ignore[arg-type]
    athletes = parse_athletes_option(athletes_option)
    table = athlete_targets(plan, athletes, plan_workout, "km")  # type: ignore[arg-type]
    reps = [s for s in plan.segments if is_rep(s)]
    return {a.name: [table.of(a, s) for s in reps] for a in athletes}


def test_a_race_result_gives_the_athlete_their_own_5k_pace() -> None:
    targets = targets_of("5k", "Ana:18:40,Ben")
    assert targets["Ana"] == [pytest.approx(89.6)] * 3  # 1120 s / 5 km × 0.4 km
    assert targets["Ben"] == [None, None, None]  # the coach's 5K pace is not Ben's


def test_a_derived_pace_is_exactly_what_the_runner_profile_gives_for_that_race() -> None:
    targets = targets_of("mile-2s", "Ana:10k=38:20")
    mile = reference_paces(Profile(races={"10k": 2300.0}))["mile"]
    assert targets["Ana"] == [pytest.approx((mile - 2) * 0.4)] * 3
    assert 70 < targets["Ana"][0] < 80  # a 38:20 10K runner's mile pace for 400 m: about 74 s


def test_an_athlete_without_a_target_keeps_the_workouts_own_absolute_pace() -> None:
    targets = targets_of("4:30/km", "Ana:18:40,Ben")
    assert targets["Ben"] == [pytest.approx(108.0)] * 3
    assert targets["Ana"] == [pytest.approx(108.0)] * 3  # the workout's own pace is everyone's


def test_splits_per_rep_distance_from_a_roster_file() -> None:
    athletes = parse_roster('- name: Cy\n  splits: {400m: "1:15"}\n- name: Dee\n  5k: "22:00"\n', "r.yaml")
    assert athletes[0].target == OwnTarget(splits=((400.0, 75.0),))
    plan_workout = workout("5k")
    plan = compile_plan(plan_workout, COACH)  # type: ignore[arg-type]
    table = athlete_targets(plan, athletes, plan_workout, "km")  # type: ignore[arg-type]
    rep = next(s for s in plan.segments if is_rep(s))
    assert table.of(athletes[0], rep) == 75.0
    assert table.of(athletes[1], rep) == pytest.approx(1320 / 5000 * 400)


def test_a_race_result_that_makes_the_workout_impossible_names_the_athlete() -> None:
    plan_workout = load_workout_text(
        "name: T\nenvironment: track\nsteps:\n  - repeat: 8\n    steps:\n"
        "      - run: 400m\n        pace: 5k\n        progress: -20s/km\n",
        "w.yaml",
        sounds=(),
    ).workout
    plan = compile_plan(plan_workout, COACH)
    athletes = parse_athletes_option("Ana:13:00")
    with pytest.raises(TargetError, match=r"^Ana \(5k 13:00\): .*no runner can run"):
        athlete_targets(plan, athletes, plan_workout, "km")


def test_each_split_is_measured_against_the_athletes_own_target() -> None:
    plan_workout = workout("5k")
    plan = compile_plan(plan_workout, COACH)  # type: ignore[arg-type]
    athletes = parse_athletes_option("Ana:18:40,Ben")
    targets = athlete_targets(plan, athletes, plan_workout, "km")  # type: ignore[arg-type]
    session = CoachSession(Engine(plan, lead_in_s=0), athletes, targets)
    session.handle(Start(0.0))
    taken = [
        e for e in session.crossing("1", 88.0) + session.crossing("2", 95.0) if isinstance(e, SplitTaken)
    ]
    assert [round(e.diff_s, 1) if e.diff_s is not None else None for e in taken] == [-1.6, None]
    laps = session.results().laps()
    assert [(lap.athlete, lap.segment.target_s) for lap in laps] == [
        ("Ana", pytest.approx(89.6)),
        ("Ben", None),
    ]


async def test_targets_on_the_board_the_results_table_and_the_csv_export() -> None:
    plan_workout = workout("4:30/km")
    plan = compile_plan(plan_workout, COACH)  # type: ignore[arg-type]
    athletes = assign_keys(["Ana", "Ben"], targets=[OwnTarget(splits=((400.0, 100.0),)), None])
    rig = rig_for_plan(plan, lead_in_s=0, mode=CoachMode(athletes))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        rig.clock.advance_to(1000.0 + 50.0)
        rig.app.wake()
        await pilot.pause()
        screen = rig.app.screen
        assert isinstance(screen, CoachTimerScreen)
        assert screen.board.row(0).text_of("target") == "1:40.0"  # her own
        assert screen.board.row(1).text_of("target") == "1:48.0"  # the workout's 4:30/km
        rig.clock.advance_to(1000.0 + 97.5)
        await pilot.press("1")
        rig.clock.advance_to(1000.0 + 104.0)
        await pilot.press("2")
        assert screen.board.row(0).text_of("diff") == "−2.5"
        assert screen.board.row(1).text_of("diff") == "−4.0"
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
        finish = rig.app.screen
        assert isinstance(finish, FinishScreen)
        table = finish.query_one(CoachResultsTable)
        assert table.row_text("Ana")[-3:-1] == ["1:40.0", "−2.5"]
        assert table.row_text("Ben")[-3:-1] == ["1:48.0", "−4.0"]
    record = rig.store.get_session(rig.app.session.session_id or 0)  # type: ignore[union-attr]
    rows = [row for row in csv.DictReader(io.StringIO(sessions_csv([record]))) if row["athlete"]]
    assert [(row["athlete"], row["target_s"], row["actual_s"]) for row in rows] == [
        ("Ana", "100.000", "97.500"),
        ("Ben", "108.000", "104.000"),
    ]


async def test_the_kick_report_gives_each_athlete_their_target_and_keeps_names_as_text() -> None:
    plan_workout = workout("4:30/km")
    plan = compile_plan(plan_workout, COACH)  # type: ignore[arg-type]
    athletes = assign_keys(["[/]Ana [bold]", "Ben"], targets=[OwnTarget(splits=((400.0, 100.0),)), None])
    rig = rig_for_plan(plan, lead_in_s=0, mode=CoachMode(athletes))
    async with rig.app.run_test(size=(120, 40)) as pilot:
        start = 0.0
        for ana, ben in ((99.0, 110.0), (101.0, 106.0), (96.0, 104.0)):
            rig.clock.advance_to(1000.0 + start + ana)
            await pilot.press("1")
            rig.clock.advance_to(1000.0 + start + ben)
            await pilot.press("2")
            start += ben + 60.0  # the last one in closes the rep; then the 60 s recovery
            rig.clock.advance_to(1000.0 + start)
            rig.app.wake()
            await pilot.pause()
    record = rig.store.get_session(rig.app.session.session_id or 0)  # type: ignore[union-attr]
    console = Console(width=140, record=True, color_system=None)
    console.print(render_kick_reports(build_kick_reports(record.laps)))
    text = console.export_text()
    assert "[/]Ana [bold]" in text  # as written, not taken for markup
    assert "Target 1:40.0: final rep −4.0 s, earlier reps ±0.0 s on average." in text
    assert "Target 1:48.0: final rep −4.0 s, earlier reps ±0.0 s on average." in text
