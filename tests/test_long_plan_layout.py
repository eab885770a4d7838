"""What `kick run` works out per step before its first frame, and the shortcuts it takes for long plans.

Laying out the cues of a 10,000-step plan passes over steps that have no cue
without sorting or copying them, and a plan's totals are added up once. These
tests pin what those shortcuts must still get right: a step whose every cue
was left out carries none, and totals asked of a plan are its steps' sums.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from kicktimer.core.compile import compile_plan
from kicktimer.core.cue_library import CueLibrary
from kicktimer.core.cue_schedule import arrange_cues
from kicktimer.core.profile import Profile
from kicktimer.core.segments import Segment
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import CueSettings, StepKind
from plan_builders import cue, lap_step, plan_of, sendoff_segments, timed

LONG_WORDS = "keep your arms low and relaxed and your shoulders down and drive your knees forward now"


def test_a_step_whose_only_cue_is_left_out_carries_no_cue() -> None:
    """Its cue cannot be heard between its announcement, its countdown and the next announcement."""
    plan = plan_of(
        timed("Run 5 s", 5.0, cues=(cue(0.0, LONG_WORDS),)),
        timed("Recover 5 s", 5.0, kind=StepKind.RECOVER),
    )
    arranged = arrange_cues(plan, CueSettings(), CueLibrary(), announced=True)
    assert [segment.cues for segment in arranged.segments] == [(), ()]
    assert len(arranged.warnings) == 1
    assert "left out" in arranged.warnings[0]


def test_steps_without_cues_are_kept_as_they_are() -> None:
    plan = plan_of(*(timed(f"Run {n}", 5.0) for n in range(50)))
    arranged = arrange_cues(plan, CueSettings(), CueLibrary(), announced=False)
    assert all(new is old for new, old in zip(arranged.segments, plan.segments, strict=True))


def test_a_plan_made_from_another_has_its_own_totals() -> None:
    """Totals are kept once asked for; a plan made with other steps (as arrange_cues makes) has its own."""
    plan = plan_of(timed("Run 1", 60.0), timed("Recover", 30.0, kind=StepKind.RECOVER), timed("Run 2", 90.0))
    assert (plan.total_time_s, plan.work_steps, plan.has_unknown_length) == (180.0, 2, False)
    shorter = replace(plan, segments=plan.segments[:2])
    assert (shorter.total_time_s, shorter.work_steps) == (90.0, 1)
    assert plan.total_time_s == 180.0
    assert shorter == replace(plan, segments=plan.segments[:2])  # a plan's totals are not part of it


def test_a_step_placed_again_is_a_copy_at_its_own_place() -> None:
    """The compiler places each written step once per repetition (`Segment.placed_at`)."""
    first = timed("Run 5 s", 5.0, rep="1/3", rep_number=1, rep_count=3)
    second = first.placed_at(4, (2, 3, 1, 2))
    assert (second.index, second.rep, second.rep_number, second.set_number, second.set_count) == (
        4,
        "2/3",
        2,
        1,
        2,
    )
    assert (first.index, first.rep, first.rep_number, first.set_number) == (0, "1/3", 1, None)
    assert replace(second, index=0, rep="1/3", rep_number=1, set_number=None, set_count=None) == first
    outside = first.placed_at(9, None)
    assert (outside.index, outside.rep, outside.rep_number, outside.rep_count) == (9, None, None, None)


SETS_OF_REPS = """\
name: Sets
steps:
  - repeat: 2
    steps:
      - repeat: 3
        steps:
          - run: 30s
          - recover: 20s
            last: skip
      - rest: 2min
"""


def test_each_repetition_copied_from_the_one_before_is_at_its_own_place() -> None:
    """A repeat of steps the same every time is copied repetition by repetition; `last:` still applies."""
    workout = load_workout_text(SETS_OF_REPS, "sets.yaml", sounds=builtin_sound_names()).workout
    plan = compile_plan(workout, Profile())
    shown = [(s.index, s.label, s.rep, s.set_number) for s in plan.segments]
    run, recover, rest = "Run 30 s", "Recover 20 s", "Rest 2:00"
    assert shown == [
        (0, run, "1/3", 1),
        (1, recover, "1/3", 1),
        (2, run, "2/3", 1),
        (3, recover, "2/3", 1),
        (4, run, "3/3", 1),
        (5, rest, "1/2", None),
        (6, run, "1/3", 2),
        (7, recover, "1/3", 2),
        (8, run, "2/3", 2),
        (9, recover, "2/3", 2),
        (10, run, "3/3", 2),
        (11, rest, "2/2", None),
    ]
    assert [s.rep_number for s in plan.segments if s.label == run] == [1, 2, 3, 1, 2, 3]


@pytest.mark.parametrize(
    "steps",
    [
        [timed("Run", 60.0), timed("Rest", 30.0, kind=StepKind.REST)],
        [lap_step("400 m", 90.0, distance_m=400.0), lap_step("Walk back", kind=StepKind.RECOVER)],
        sendoff_segments(3, 120.0, lap_step("200 m", 45.0, distance_m=200.0)),
        [*sendoff_segments(2, 90.0, timed("Run", 30.0)), lap_step("Open")],
        [timed("Warm-up", 0.1, kind=StepKind.WARMUP), lap_step("Drill", kind=StepKind.DRILL, distance_m=0.3)],
    ],
)
def test_a_plans_totals_are_what_its_steps_say(steps: list[Segment]) -> None:
    """The totals are added up in one pass; each must be what the segments' own properties add up to."""
    plan = plan_of(*steps)
    segments = plan.segments
    assert plan.total_time_s == sum(s.planned_length_s or 0.0 for s in segments)
    assert plan.total_distance_m == sum(s.distance_m or 0.0 for s in segments)
    assert plan.work_steps == sum(1 for s in segments if s.is_work)
    assert plan.has_unknown_length == any(s.length_unknown for s in segments)
