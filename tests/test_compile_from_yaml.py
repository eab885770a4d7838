"""The plan compiler on workouts as a runner writes them (through the real loader)."""

from __future__ import annotations

import pytest

from kicktimer.core.compile import compile_plan
from kicktimer.core.profile import Profile, reference_paces
from kicktimer.errors import WorkoutError
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import Environment, StepKind

PROFILE = Profile(units="mi", races={"half": 6300.0})


PROGRESSIVE = """\
name: Progressive long run
steps:
  - repeat: 6-10
    steps:
      - run: 1mi
        pace: easy
        progress: -15s
        last:
          effort: as fast as you can sustain
"""


def test_progressive_long_run_each_mile_15_s_faster() -> None:
    workout = load_workout_text(PROGRESSIVE, "w.yaml", sounds=builtin_sound_names()).workout
    plan = compile_plan(workout, PROFILE, Environment.ROAD, 7)
    easy_per_mile = reference_paces(PROFILE)["easy"] * 1.609344
    assert [s.target_s for s in plan.segments] == pytest.approx([easy_per_mile - 15 * n for n in range(7)])
    assert plan.segments[-1].effort == "as fast as you can sustain"
    assert plan.reps == (7,)
    assert plan.paces_used == {"easy": pytest.approx(reference_paces(PROFILE)["easy"])}


def test_a_last_pace_missing_from_the_profile_points_into_last() -> None:
    text = (
        "name: x\n"
        "environment: track\n"
        "steps:\n"
        "  - repeat: 4\n"
        "    steps:\n"
        "      - run: 400m\n"
        "        pace: 5:00/km\n"
        "        last:\n"
        "          pace: mile\n"
    )
    workout = load_workout_text(text, "w.yaml", sounds=builtin_sound_names()).workout
    with pytest.raises(WorkoutError) as caught:
        compile_plan(workout, Profile(), None)
    (problem,) = caught.value.problems
    assert problem.format().startswith("w.yaml:9:11: pace: mile needs a race result")
    assert problem.hint is not None and "kick profile set mile 6:00" in problem.hint


def test_surges_on_the_minute() -> None:
    text = (
        "name: Surges\n"
        "steps:\n"
        "  - repeat: 5\n"
        "    every: 1min\n"
        "    steps:\n"
        "      - run: 20s\n"
        "        pace: half\n"
        "        cues:\n"
        "          - at: 5s to go\n"
        "            say: Hold it\n"
    )
    workout = load_workout_text(text, "w.yaml", sounds=builtin_sound_names()).workout
    plan = compile_plan(workout, PROFILE)
    assert [s.label for s in plan.segments] == ["Run 20 s", "Recover until 1:00"] * 4 + ["Run 20 s"]
    assert [s.duration_s for s in plan.segments] == [20, 40] * 4 + [20]
    assert plan.total_time_s == 260
    assert all(s.cues[0].offset_s == 15 for s in plan.segments if s.kind is StepKind.RUN)


def test_hill_sprints_on_a_treadmill() -> None:
    text = (
        "name: Hills\n"
        "environment: treadmill\n"
        "steps:\n"
        "  - repeat: 5\n"
        "    steps:\n"
        "      - run: 30s\n"
        "        effort: max\n"
        "        incline: 5-10%\n"
        "        speed: 10 mph\n"
        "      - recover: 90s\n"
        "        activity: walk\n"
    )
    workout = load_workout_text(text, "w.yaml", sounds=builtin_sound_names()).workout
    plan = compile_plan(workout, PROFILE)
    sprint = plan.segments[0]
    assert (sprint.incline_pct, sprint.incline_max_pct) == (5, 10)
    assert sprint.speed_kmh == pytest.approx(16.09344)
    assert sprint.all_out
    assert plan.segments[1].activity == "walk"


def test_a_profile_with_no_race_is_told_once_however_many_steps_need_a_pace() -> None:
    """One race gives every reference pace: race-in-thirds told the same two lines three times."""
    text = "name: w\nenvironment: road\nsteps:\n" + "".join(
        f"  - run: 1mi\n    pace: {pace}\n" for pace in ("threshold", "mile", "threshold")
    )
    workout = load_workout_text(text, "w.yaml", sounds=builtin_sound_names()).workout
    with pytest.raises(WorkoutError) as raised:
        compile_plan(workout, Profile())
    assert [p.format() for p in raised.value.problems] == [
        "w.yaml:5:5: pace: threshold needs a race result in your profile\n"
        "  hint: kick profile set 5k 22:30 (any race gives every reference pace)"
    ]
