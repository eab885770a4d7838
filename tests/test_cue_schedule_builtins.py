"""Every built-in workout, as the timer would run it: its cues fit, and built-in ones trace to a seed."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from kicktimer.core.compile import compile_plan
from kicktimer.core.cue_schedule import MIN_GAP_S, arrange_cues, cue_seconds
from kicktimer.core.profile import Profile
from kicktimer.cues import builtin_cue_file, load_cue_library
from kicktimer.errors import WorkoutError
from kicktimer.resources import builtin_sound_names, builtin_workouts_dir
from kicktimer.workout.model import Environment
from kicktimer.workout_file import load_workout_file

PROFILE = Profile(units="km", races={"5k": 22 * 60 + 30.0})
WORKOUTS = sorted(builtin_workouts_dir().glob("*.yaml"))
SEEDED = {cue.text: cue.seed for cue in builtin_cue_file().cues}


@pytest.fixture(autouse=True)
def no_user_cues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path))


def test_there_are_built_in_workouts() -> None:
    assert WORKOUTS


EFFORT_ONLY_DISTANCES = {
    "200m-repeats",
    "kick-strides-50m",
    "muscle-activation",
    "strides-and-200s",
    "strides",
}
"""Built-ins whose distance reps have an effort but no pace: a treadmill cannot set its belt for them."""

CASES = [
    (path, where)
    for path in WORKOUTS
    for where in (Environment.TRACK, Environment.TREADMILL)
    if not (where is Environment.TREADMILL and path.stem in EFFORT_ONLY_DISTANCES)
]


@pytest.mark.parametrize("stem", sorted(EFFORT_ONLY_DISTANCES))
def test_effort_only_distance_reps_are_refused_on_a_treadmill(stem: str) -> None:
    workout = load_workout_file(builtin_workouts_dir() / f"{stem}.yaml", sounds=builtin_sound_names()).workout
    with pytest.raises(WorkoutError, match="treadmill"):
        compile_plan(workout, PROFILE, Environment.TREADMILL)


@pytest.mark.parametrize(
    ("path", "where"), CASES, ids=lambda case: getattr(case, "stem", getattr(case, "value", ""))
)
def test_built_in_workout_cues_fit_and_trace_to_seeds(path: Path, where: Environment) -> None:
    workout = load_workout_file(path, sounds=builtin_sound_names()).workout
    plan = compile_plan(workout, PROFILE, where if workout.has_distance_steps() else None)
    arranged = arrange_cues(plan, workout.cue_settings, load_cue_library())
    spans = []
    clock = 0.0
    for segment in arranged.segments:
        length = segment.duration_s if segment.duration_s is not None else segment.target_s
        for cue in segment.cues:
            spans.append((clock + cue.offset_s, clock + cue.offset_s + cue_seconds(cue)))
            if cue.origin != "workout":
                assert cue.text in SEEDED and SEEDED[cue.text] == cue.origin
        clock += length if length is not None else 1e7
    spans.sort()
    for (_, end), (begin, _) in itertools.pairwise(spans):
        assert begin >= end + MIN_GAP_S - 1e-6


def test_the_spec_example_gets_built_in_cues_around_its_own() -> None:
    workout = load_workout_file(
        builtin_workouts_dir() / "8x400-last-all-out.yaml", sounds=builtin_sound_names()
    ).workout
    plan = compile_plan(workout, PROFILE, Environment.TRACK)
    arranged = arrange_cues(plan, workout.cue_settings, load_cue_library())
    own = [c for s in plan.segments for c in s.cues]
    kept = [c for s in arranged.segments for c in s.cues if c.origin == "workout"]
    added = [c for s in arranged.segments for c in s.cues if c.origin != "workout"]
    assert len(kept) == len(own) and added


OWN_CUE_CASES = [
    (path, where, announced)
    for path in WORKOUTS
    for where in (Environment.TRACK, Environment.ROAD, Environment.TREADMILL)
    for announced in (True, False)
    if not (where is Environment.TREADMILL and path.stem in EFFORT_ONLY_DISTANCES)
]


@pytest.mark.parametrize(
    ("path", "where", "announced"),
    OWN_CUE_CASES,
    ids=[f"{p.stem}-{w.value}-{'voice' if a else 'quiet'}" for p, w, a in OWN_CUE_CASES],
)
def test_no_built_in_leaves_out_one_of_its_own_cues(path: Path, where: Environment, announced: bool) -> None:
    workout = load_workout_file(path, sounds=builtin_sound_names()).workout
    plan = compile_plan(workout, PROFILE, where)
    arranged = arrange_cues(plan, workout.cue_settings, load_cue_library(), announced=announced)
    assert [w for w in arranged.warnings if "left out" in w] == []
