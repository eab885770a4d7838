"""The plan compiler, driven with workout model objects built by hand."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pytest

from kicktimer.core import pace as pace_math
from kicktimer.core.compile import compile_plan
from kicktimer.core.profile import Profile, reference_paces
from kicktimer.errors import SourcePos, WorkoutError
from kicktimer.workout.model import (
    AbsolutePace,
    CountLength,
    CueAnchor,
    CueSettings,
    CueSpec,
    DistanceLength,
    Effort,
    Environment,
    Incline,
    OpenLength,
    PaceDelta,
    ReferencePace,
    RepCount,
    Repeat,
    Step,
    StepKind,
    TimeLength,
    Workout,
)
from kicktimer.workout.quantities import METRES_PER_MILE, parse_clock

PROFILE = Profile(units="km", races={"5k": parse_clock("22:30"), "mile": parse_clock("6:00")})
MILE_PACE = 360 / (METRES_PER_MILE / 1000)

_line = 0


def at() -> SourcePos:
    """A fresh position per model object, so problems can be told apart."""
    global _line
    _line += 1
    return SourcePos(_line, 5)


def step(kind: str, length: Any = None, **keys: Any) -> Step:
    if isinstance(length, str):
        length = _length(length)
    key_pos: Mapping[str, SourcePos] = {key: SourcePos(at().line, 7) for key in keys}
    return Step(kind=StepKind(kind), length=length or OpenLength(), pos=at(), key_pos=key_pos, **keys)


def _length(text: str) -> Any:
    if text.endswith("km"):
        return DistanceLength(float(text[:-2]) * 1000)
    if text.endswith("mi"):
        return DistanceLength(float(text[:-2]) * METRES_PER_MILE)
    if text.endswith("m"):
        return DistanceLength(float(text[:-1]))
    if text.endswith("reps"):
        return CountLength(int(text.removesuffix("reps")))
    if text.endswith("s"):
        return TimeLength(float(text[:-1]))
    if text.endswith("min"):
        return TimeLength(float(text[:-3]) * 60)
    raise ValueError(text)


def repeat(count: int | tuple[int, int], *steps: Any, every_s: float | None = None) -> Repeat:
    low, high = (count, count) if isinstance(count, int) else count
    return Repeat(count=RepCount(low, high), steps=tuple(steps), pos=at(), every_s=every_s)


def workout(*steps: Any, environment: Environment = Environment.ANY, countdown: int = 3) -> Workout:
    return Workout(
        name="Test",
        steps=tuple(steps),
        file="test.yaml",
        text="",
        environment=environment,
        cue_settings=CueSettings(countdown=countdown),
    )


def cue(kind: str, say: str, seconds: float | None = None, metres: float | None = None) -> CueSpec:
    return CueSpec(at=CueAnchor(kind, seconds=seconds, metres=metres), say=say, sound=None, pos=at())


def eight_by_400() -> Workout:
    return workout(
        step("warmup", "10min", say="Easy jog."),
        repeat(
            8,
            step(
                "run",
                "400m",
                pace=ReferencePace("mile"),
                cues=(cue("to_go", "Drive with your arms!", metres=100),),
                last={"effort": Effort("max"), "say": "It's go time."},
            ),
            step("recover", "2min", activity="walk or jog", last="skip"),
        ),
        step("cooldown", "10min"),
        environment=Environment.TRACK,
    )


# ---- flattening, labels, last: ------------------------------------------------


def test_eight_by_400_on_a_track() -> None:
    plan = compile_plan(eight_by_400(), PROFILE, None)
    labels = [s.label for s in plan.segments]
    assert labels == ["Warm-up 10:00", *["Run 400 m", "Recover 2:00"] * 7, "Run 400 m", "Cool-down 10:00"]
    runs = [s for s in plan.segments if s.kind is StepKind.RUN]
    assert [s.rep for s in runs] == [f"{n}/8" for n in range(1, 9)]
    assert [(s.rep_number, s.rep_count) for s in runs] == [(n, 8) for n in range(1, 9)]
    assert all(s.duration_s is None for s in runs)
    assert all(s.target_s == pytest.approx(0.4 * MILE_PACE) for s in runs)
    assert all(s.pace_s_per_km == pytest.approx(MILE_PACE) for s in runs)
    assert [s.all_out for s in runs] == [False] * 7 + [True]
    assert runs[-1].effort == "max"
    assert [c.text for c in runs[-1].cues] == ["It's go time.", "Drive with your arms!"]
    assert [c.text for c in runs[0].cues] == ["Drive with your arms!"]
    assert runs[0].cues[0].offset_s == pytest.approx(0.3 * MILE_PACE)
    assert [s.index for s in plan.segments] == list(range(len(plan.segments)))
    assert plan.paces_used == {"mile": pytest.approx(MILE_PACE)}
    assert plan.environment is Environment.TRACK
    assert plan.total_distance_m == 3200
    assert plan.total_time_s == pytest.approx(20 * 60 + 7 * 120 + 8 * 0.4 * MILE_PACE)
    assert plan.warnings == ()


def test_eight_by_400_on_a_treadmill_counts_down_at_the_target_pace() -> None:
    plan = compile_plan(eight_by_400(), PROFILE, Environment.TREADMILL)
    run = next(s for s in plan.segments if s.kind is StepKind.RUN)
    assert run.duration_s == pytest.approx(0.4 * MILE_PACE)
    assert run.speed_kmh == pytest.approx(3600 / MILE_PACE)
    assert run.cues[0].offset_s == pytest.approx(0.3 * MILE_PACE)
    warmup = plan.segments[0]
    assert warmup.speed_kmh is None and warmup.duration_s == 600


def test_derived_labels() -> None:
    plan = compile_plan(
        workout(
            step("warmup", "10min"),
            step("run", "30s"),
            step("run", "1mi", pace=AbsolutePace(420, "mi")),
            step("drill", "20reps"),
            step("drill", "1reps"),
            step("run"),
            step("rest", "90s"),
            step("recover", "1.5km", label="Jog back"),
            step("cooldown", "65min"),
            environment=Environment.ROAD,
        ),
        PROFILE,
    )
    assert [s.label for s in plan.segments] == [
        "Warm-up 10:00",
        "Run 30 s",
        "Run 1 mi",
        "Drill 20 reps",
        "Drill 1 rep",
        "Run (open)",
        "Rest 1:30",
        "Jog back",
        "Cool-down 1:05:00",
    ]
    assert [s.duration_s for s in plan.segments] == [600, 30, None, None, None, None, 90, None, 3900]
    assert plan.segments[2].target_s == pytest.approx(420)


def test_last_can_change_the_length_and_kind() -> None:
    plan = compile_plan(
        workout(
            repeat(
                3,
                step("run", "200m", pace=ReferencePace("5k"), last={"length": DistanceLength(400)}),
                step("recover", "60s", last={"kind": StepKind.REST, "length": TimeLength(300)}),
            ),
            environment=Environment.TRACK,
        ),
        PROFILE,
    )
    assert [s.label for s in plan.segments] == ["Run 200 m", "Recover 1:00"] * 2 + ["Run 400 m", "Rest 5:00"]
    assert plan.segments[-2].target_s == pytest.approx(0.4 * 270)


def test_nested_repeats_number_the_innermost_repetition() -> None:
    plan = compile_plan(
        workout(
            repeat(
                2,
                repeat(3, step("run", "30s"), step("recover", "30s", last="skip")),
                step("rest", "3min", last="skip"),
            )
        ),
        PROFILE,
    )
    assert [(s.label, s.rep) for s in plan.segments] == [
        ("Run 30 s", "1/3"),
        ("Recover 30 s", "1/3"),
        ("Run 30 s", "2/3"),
        ("Recover 30 s", "2/3"),
        ("Run 30 s", "3/3"),
        ("Rest 3:00", "1/2"),
        ("Run 30 s", "1/3"),
        ("Recover 30 s", "1/3"),
        ("Run 30 s", "2/3"),
        ("Recover 30 s", "2/3"),
        ("Run 30 s", "3/3"),
    ]
    assert plan.environment is Environment.ANY


# ---- rep ranges -------------------------------------------------------------------


def ranged() -> Workout:
    return workout(
        repeat((4, 6), step("run", "20s")),
        step("rest", "2min"),
        repeat((8, 12), step("run", "200m", pace=ReferencePace("5k")), step("recover", "200m")),
        environment=Environment.TRACK,
    )


def runs_per_block(workout_: Workout, reps: Any) -> tuple[int, int]:
    plan = compile_plan(workout_, PROFILE, None, reps)
    short = sum(1 for s in plan.segments if s.label == "Run 20 s")
    long = sum(1 for s in plan.segments if s.label == "Run 200 m")
    return short, long


def test_ranges_run_their_low_end_by_default() -> None:
    assert runs_per_block(ranged(), None) == (4, 8)
    assert compile_plan(ranged(), PROFILE).reps == (4, 8)


def test_an_int_sets_the_first_range_and_a_sequence_sets_them_in_order() -> None:
    assert runs_per_block(ranged(), 6) == (6, 8)
    assert runs_per_block(ranged(), [5, 12]) == (5, 12)
    assert compile_plan(ranged(), PROFILE, None, [5, 12]).reps == (5, 12)


@pytest.mark.parametrize("reps", [3, 7, [4, 13], [4, 8, 1]])
def test_counts_outside_the_range_are_errors(reps: Any) -> None:
    with pytest.raises(WorkoutError) as caught:
        compile_plan(ranged(), PROFILE, None, reps)
    assert all(p.file == "test.yaml" for p in caught.value.problems)


def test_a_count_outside_the_range_points_at_the_repeat() -> None:
    shape = ranged()
    with pytest.raises(WorkoutError) as caught:
        compile_plan(shape, PROFILE, None, 9)
    problem = caught.value.problems[0]
    first = shape.steps[0]
    assert isinstance(first, Repeat)
    assert problem.pos == first.pos
    assert "4-6" in problem.message


def test_reps_on_a_workout_without_a_range_is_an_error() -> None:
    with pytest.raises(WorkoutError, match="no rep range"):
        compile_plan(eight_by_400(), PROFILE, None, 6)


def test_too_many_steps_are_refused_before_building_them() -> None:
    huge = workout(repeat(1000, repeat(1000, step("run", "1s"))))
    with pytest.raises(WorkoutError, match="more than 10000"):
        compile_plan(huge, PROFILE)


def test_more_than_24_hours_is_refused() -> None:
    with pytest.raises(WorkoutError, match="more than 24 hours"):
        compile_plan(workout(repeat(25, step("run", "60min"))), PROFILE)


# ---- progress ---------------------------------------------------------------------


def test_progress_per_mile_from_an_easy_pace() -> None:
    plan = compile_plan(
        workout(
            repeat(
                (6, 10),
                step(
                    "run",
                    "1mi",
                    pace=ReferencePace("easy"),
                    progress=PaceDelta(-15, "mi"),
                    last={"say": "Go"},
                ),
            ),
            environment=Environment.ROAD,
        ),
        PROFILE,
        None,
        8,
    )
    easy = reference_paces(PROFILE)["easy"]
    per_km = [s.pace_s_per_km for s in plan.segments]
    assert per_km == pytest.approx([easy - n * 15 / 1.609344 for n in range(8)])
    targets = [s.target_s for s in plan.segments]
    assert targets == pytest.approx([easy * 1.609344 - 15 * n for n in range(8)])


def test_progress_without_a_unit_follows_an_absolute_pace_or_the_profile() -> None:
    absolute = workout(
        repeat(3, step("run", "5min", pace=AbsolutePace(480, "mi"), progress=PaceDelta(-10, None)))
    )
    paces = [s.pace_s_per_km for s in compile_plan(absolute, PROFILE).segments]
    assert paces == pytest.approx([(480 - 10 * n) / 1.609344 for n in range(3)])
    reference = workout(
        repeat(3, step("run", "5min", pace=ReferencePace("threshold"), progress=PaceDelta(5, None)))
    )
    in_miles = Profile(units="mi", races=PROFILE.races)
    threshold = reference_paces(PROFILE)["threshold"]
    paces = [s.pace_s_per_km for s in compile_plan(reference, in_miles).segments]
    assert paces == pytest.approx([threshold + 5 * n / 1.609344 for n in range(3)])


def test_progress_also_moves_a_treadmill_speed() -> None:
    plan = compile_plan(
        workout(repeat(3, step("run", "1km", speed_kmh=12.0, progress=PaceDelta(-20, "km")))),
        PROFILE,
        Environment.TREADMILL,
    )
    assert [s.duration_s for s in plan.segments] == pytest.approx([300, 280, 260])
    assert [s.speed_kmh for s in plan.segments] == pytest.approx([12, 3600 / 280, 3600 / 260])


def test_a_last_pace_replaces_the_progression() -> None:
    plan = compile_plan(
        workout(
            repeat(
                3,
                step(
                    "run",
                    "1km",
                    pace=AbsolutePace(300, "km"),
                    progress=PaceDelta(-10, "km"),
                    last={"pace": AbsolutePace(240, "km")},
                ),
            ),
            environment=Environment.TRACK,
        ),
        PROFILE,
    )
    assert [s.pace_s_per_km for s in plan.segments] == [300, 290, 240]


def test_progress_into_an_impossible_pace_points_at_progress() -> None:
    bad = step("run", "1km", pace=AbsolutePace(200, "km"), progress=PaceDelta(-30, "km"))
    with pytest.raises(WorkoutError, match="no runner can run") as caught:
        compile_plan(workout(repeat(6, bad), environment=Environment.TRACK), PROFILE)
    assert caught.value.problems[0].pos == bad.key_pos["progress"]


def test_progress_needs_a_pace() -> None:
    bad = step("run", "5min", effort=Effort("hard"), progress=PaceDelta(-10, "km"))
    with pytest.raises(WorkoutError, match="no pace") as caught:
        compile_plan(workout(repeat(3, bad)), PROFILE)
    assert caught.value.problems[0].pos == bad.key_pos["progress"]


# ---- send-offs -----------------------------------------------------------------------


def test_every_adds_a_recovery_that_fills_the_send_off() -> None:
    plan = compile_plan(
        workout(step("warmup", "5min"), repeat(4, step("run", "100m", effort=Effort("fast")), every_s=180)),
        PROFILE,
        Environment.TRACK,
    )
    segments = plan.segments[1:]
    assert [s.label for s in segments] == ["Run 100 m", "Recover until 3:00"] * 3 + ["Run 100 m"]
    groups = [s.sendoff_group for s in segments]
    assert groups[0] == groups[1] != groups[2] == groups[3] != groups[4]
    assert groups[-1] is None and segments[-1].sendoff_s is None
    assert [s.fills_sendoff for s in segments] == [False, True] * 3 + [False]
    assert all(s.sendoff_s == 180 for s in segments[:-1])
    assert segments[1].duration_s is None  # the run's time is unknown, so is what is left
    assert segments[1].rep == "1/4"
    assert not segments[1].waits_for_lap


def test_a_repetitions_own_recovery_fills_the_send_off() -> None:
    plan = compile_plan(
        workout(repeat(3, step("run", "30s", label="Surge"), step("recover", "30s"), every_s=60)),
        PROFILE,
    )
    assert [s.label for s in plan.segments] == ["Surge", "Recover until 1:00"] * 2 + ["Surge", "Recover 30 s"]
    assert [s.duration_s for s in plan.segments] == [30, 30, 30, 30, 30, 30]
    assert [s.fills_sendoff for s in plan.segments] == [False, True, False, True, False, False]
    assert plan.total_time_s == 180


def test_send_off_estimate_uses_the_target_of_lap_steps() -> None:
    plan = compile_plan(
        workout(repeat(2, step("run", "400m", pace=AbsolutePace(300, "km")), every_s=180)),
        PROFILE,
        Environment.TRACK,
    )
    assert plan.segments[1].duration_s == pytest.approx(60)


def test_work_longer_than_the_send_off_is_an_error() -> None:
    too_long = repeat(3, step("run", "2min"), step("run", "90s"), every_s=180)
    with pytest.raises(WorkoutError, match="longer than every") as caught:
        compile_plan(workout(too_long), PROFILE)
    assert caught.value.problems[0].pos == too_long.pos


def test_nested_send_offs_are_refused() -> None:
    inner = repeat(2, step("run", "20s"), every_s=60)
    with pytest.raises(WorkoutError, match="send-off"):
        compile_plan(workout(repeat(2, inner, every_s=300)), PROFILE)


# ---- environments and the profile ----------------------------------------------------


def test_any_with_distance_steps_needs_an_environment() -> None:
    shape = workout(step("warmup", "5min"), step("run", "400m", pace=ReferencePace("5k")))
    with pytest.raises(WorkoutError, match="choose where") as caught:
        compile_plan(shape, PROFILE)
    assert caught.value.problems[0].pos == shape.steps[1].pos
    assert "--where" in (caught.value.problems[0].hint or "")
    assert compile_plan(shape, PROFILE, Environment.ROAD).environment is Environment.ROAD


def test_the_command_line_environment_overrides_the_files() -> None:
    plan = compile_plan(eight_by_400(), PROFILE, Environment.ROAD)
    assert plan.environment is Environment.ROAD


def test_a_treadmill_distance_without_pace_or_speed_is_an_error_with_a_fix() -> None:
    bare = step("run", "400m", effort=Effort("hard"))
    with pytest.raises(WorkoutError) as caught:
        compile_plan(workout(step("warmup", "5min"), bare), PROFILE, Environment.TREADMILL)
    problem = caught.value.problems[0]
    assert problem.pos == bare.pos
    assert "treadmill" in problem.message
    assert "pace" in (problem.hint or "")


def test_a_reference_pace_without_a_race_names_the_fix_command() -> None:
    needs_mile = step("run", "400m", pace=ReferencePace("mile"))
    needs_easy = step("run", "10min", pace=ReferencePace("easy", PaceDelta(20, "km")))
    with pytest.raises(WorkoutError) as caught:
        compile_plan(workout(needs_easy, needs_mile, environment=Environment.TREADMILL), Profile())
    problems = caught.value.problems
    # Told once, at the first step that needs one: any race gives every reference pace.
    assert [p.pos for p in problems] == [needs_easy.key_pos["pace"]]
    assert problems[0].hint is not None and "kick profile set 5k 22:30" in problems[0].hint
    # The treadmill problem is not piled on top of the missing pace (of either step).
    assert len(problems) == 1


def test_each_problem_is_reported_once_however_many_repetitions() -> None:
    with pytest.raises(WorkoutError) as caught:
        compile_plan(
            workout(repeat(8, step("run", "400m", pace=ReferencePace("5k")))), Profile(), Environment.TRACK
        )
    assert len(caught.value.problems) == 1


def test_an_error_inside_last_points_into_last() -> None:
    bad = Step(
        kind=StepKind.RUN,
        length=DistanceLength(400),
        pos=SourcePos(10, 5),
        pace=AbsolutePace(300, "km"),
        last={"pace": ReferencePace("mile")},
        key_pos={"pace": SourcePos(11, 7), "last": SourcePos(12, 7), "last.pace": SourcePos(13, 9)},
    )
    with pytest.raises(WorkoutError) as caught:
        compile_plan(workout(repeat(3, bad), environment=Environment.TRACK), Profile())
    assert [p.pos for p in caught.value.problems] == [SourcePos(13, 9)]


def test_treadmill_speed_and_incline() -> None:
    hill = step("run", "30s", effort=Effort("max"), incline=Incline(5, 10), speed_kmh=16.0)
    plan = compile_plan(workout(hill), Profile(), Environment.TREADMILL)
    segment = plan.segments[0]
    assert (segment.incline_pct, segment.incline_max_pct) == (5, 10)
    assert segment.speed_kmh == pytest.approx(16.0)
    assert segment.pace_s_per_km == pytest.approx(225)
    assert segment.all_out


def test_effort_percentages_of_95_and_over_are_all_out() -> None:
    plan = compile_plan(
        workout(
            step("run", "20s", effort=Effort("95%", 95.0)), step("run", "20s", effort=Effort("90%", 90.0))
        ),
        PROFILE,
    )
    assert [s.all_out for s in plan.segments] == [True, False]
    assert [s.effort for s in plan.segments] == ["95%", "90%"]


def test_countdown_comes_from_the_cue_settings() -> None:
    assert compile_plan(workout(step("run", "20s"), countdown=5), PROFILE).countdown == 5


# ---- cues -----------------------------------------------------------------------------


def test_time_cues_on_a_timed_step() -> None:
    plan = compile_plan(
        workout(
            step(
                "run",
                "2min",
                say="Go",
                cues=(
                    cue("halfway", "half"),
                    cue("end", "end"),
                    cue("to_go", "30 to go", seconds=30),
                    cue("in", "20 in", seconds=20),
                    cue("start", "start"),
                ),
            )
        ),
        PROFILE,
    )
    offsets = {c.text: c.offset_s for c in plan.segments[0].cues}
    assert offsets == {"Go": 0, "start": 0, "20 in": 20, "half": 60, "30 to go": 90, "end": 120}
    assert [c.offset_s for c in plan.segments[0].cues] == sorted(offsets.values())
    assert all(c.origin == "workout" for c in plan.segments[0].cues)


def test_distance_cues_use_the_pace_and_time_cues_on_lap_steps_use_the_target() -> None:
    plan = compile_plan(
        workout(
            step(
                "run",
                "1km",
                pace=AbsolutePace(240, "km"),
                cues=(cue("in", "200 in", metres=200), cue("to_go", "10 s", seconds=10), cue("end", "end")),
            ),
            environment=Environment.TRACK,
        ),
        PROFILE,
    )
    offsets = {c.text: c.offset_s for c in plan.segments[0].cues}
    assert offsets == pytest.approx({"200 in": 48, "10 s": 230, "end": 240})


def test_cues_that_cannot_be_placed_are_dropped_with_a_warning() -> None:
    no_pace = cue("to_go", "Drive", metres=100)
    too_long = cue("to_go", "early", seconds=90)
    plan = compile_plan(
        workout(
            repeat(
                3,
                step("run", "400m", effort=Effort("hard"), cues=(no_pace, cue("start", "ok"))),
                step("recover", "60s", cues=(too_long,)),
            ),
            step("run", cues=(cue("halfway", "open half"), cue("in", "open 30 in", seconds=30))),
            environment=Environment.TRACK,
        ),
        PROFILE,
    )
    assert [c.text for c in plan.segments[0].cues] == ["ok"]
    assert plan.segments[1].cues == ()
    assert [c.text for c in plan.segments[-1].cues] == ["open 30 in"]
    assert len(plan.warnings) == 3
    assert plan.warnings[0].startswith(f"test.yaml:{no_pace.pos.line}:{no_pace.pos.column}: warning: ")
    assert "100m to go" in plan.warnings[0]
    assert "90s to go" in plan.warnings[1]
    assert "halfway" in plan.warnings[2]


def test_treadmill_distance_cues_are_exact() -> None:
    plan = compile_plan(
        workout(step("run", "800m", speed_kmh=15.0, cues=(cue("to_go", "last 200", metres=200),))),
        PROFILE,
        Environment.TREADMILL,
    )
    segment = plan.segments[0]
    assert segment.duration_s == pytest.approx(192)
    assert segment.cues[0].offset_s == pytest.approx(144)
    assert pace_math.kmh_from_pace(segment.pace_s_per_km or 0) == pytest.approx(15)


def test_each_repetition_of_a_step_has_its_own_place_and_the_same_step() -> None:
    """A step made once and placed per repetition: index, rep and set are each repetition's own."""
    plan = compile_plan(
        workout(repeat(2, repeat(3, step("run", "30s"), step("recover", "30s")))),
        PROFILE,
    )
    runs = [s for s in plan.segments if s.label == "Run 30 s"]
    assert [s.index for s in plan.segments] == list(range(12))
    assert [(s.rep, s.rep_number, s.rep_count, s.set_number, s.set_count) for s in runs] == [
        (f"{n}/3", n, 3, outer, 2) for outer in (1, 2) for n in (1, 2, 3)
    ]
    assert {(s.duration_s, s.kind) for s in runs} == {(30.0, StepKind.RUN)}
    assert runs[0] != runs[1] and runs[1] == replace(runs[0], index=2, rep="2/3", rep_number=2)
