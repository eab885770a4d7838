"""What a workout file gets wrong whatever the runner's profile and wherever it is run.

`kick validate` has no profile and no place to run, yet some refusals only
appear once a plan is compiled: an `every:` shorter than its work at an
absolute pace, a `progress:` that reaches a pace no one can run, a plan
over 24 hours, and the file's own cues that the scheduler has to leave out.
So the file is compiled here under two very different made-up runners, in
every place it could be run, at the high end of its rep ranges. A problem
that comes up in every one of those plans belongs to the file; one that
comes and goes depends on the profile or the place, and `kick show` and
`kick run` report it when they know them.

Cost: a file with nothing to say is compiled once; only a file with a
problem is compiled again under the other runner and in the other places,
and only until the problems common so far run out. A workout that names no
reference pace and has no `progress:` or `speed:` compiles to the same plan
whoever runs it, so it is compiled for one runner; a workout whose
environment is fixed (or that has no distance steps) in one place.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from kicktimer.core.compile import compile_plan
from kicktimer.core.cue_schedule import workout_cues_left_out
from kicktimer.core.profile import Profile, reference_paces
from kicktimer.errors import Problem, WorkoutError
from kicktimer.workout.model import Block, CueSpec, Environment, ReferencePace, Repeat, Step, Workout

# Two runners far apart (a 14:00 and a 40:00 5K, one per unit): what differs
# between their plans depends on the profile, not on the file.
PROBE_RUNNERS = (
    Profile(units="km", races={"5k": 14 * 60.0}),
    Profile(units="mi", races={"5k": 40 * 60.0}),
)
# Their reference paces, worked out once rather than in every plan compiled.
_PROBE_PACES = {id(runner): reference_paces(runner) for runner in PROBE_RUNNERS}
_PLACES = (Environment.TRACK, Environment.ROAD, Environment.TREADMILL)


@dataclass(frozen=True)
class FileFindings:
    """The file's own compile-time problems: errors refuse it, warnings are lines to show."""

    errors: tuple[Problem, ...] = ()
    warnings: tuple[str, ...] = ()


def check_plans(workout: Workout) -> FileFindings:
    """Problems every plan of `workout` has, at the high end of its rep ranges.

    The high end is where a `progress:` goes furthest and a plan is longest;
    a workout without `every:`, `progress:` or cues of its own has nothing
    that only a plan can show (the loader already bounds its length).
    """
    if not any(_could_trouble_a_plan(step) for step in _steps(workout.steps)) and not _has_every(
        workout.steps
    ):
        return FileFindings()
    high = [repeat.count.high for repeat in _ranged(workout.steps)]
    errors, warnings = _common(workout, high or None)
    return FileFindings(tuple(errors), tuple(warnings))


def _could_trouble_a_plan(step: Step) -> bool:
    return bool(step.say or step.cues or step.progress is not None or step.last is not None)


def _has_every(blocks: Sequence[Block]) -> bool:
    return any(isinstance(b, Repeat) and (b.every_s is not None or _has_every(b.steps)) for b in blocks)


def _common(workout: Workout, reps: Sequence[int] | None) -> tuple[list[Problem], list[str]]:
    """Errors that refuse every plan; warnings that every plan that compiles carries.

    The first plan's errors (and the first compiled plan's warnings), in
    their order, less those some other plan does not have; once none are
    left, no further plan can bring any back.
    """
    places: tuple[Environment | None, ...] = _PLACES if workout.needs_a_place() else (None,)
    runners = PROBE_RUNNERS if _uses_the_profile(workout.steps) else PROBE_RUNNERS[:1]
    errors: list[Problem] | None = None
    warnings: list[str] | None = None  # None until a plan compiles
    for runner in runners:
        for place in places:
            errs, warns = _probe(workout, runner, place, reps)
            errors = errs if errors is None else [e for e in errors if e in errs]
            if warns is not None:
                warnings = warns if warnings is None else [w for w in warnings if w in warns]
            if not errors and warnings == []:
                return [], []
    return errors or [], warnings or []


def _uses_the_profile(blocks: Sequence[Block]) -> bool:
    """Whether a plan of these steps can depend on the runner: what the compiler reads the profile for.

    A reference pace is looked up in it; a `progress:` (without a unit) and
    the message for a pace no one can run are in its unit, and a speed can
    work out at such a pace. An absolute pace alone is in range (the loader
    checks it) and its own unit.
    """
    for step in _steps(blocks):
        if isinstance(step.pace, ReferencePace) or step.progress is not None or step.speed_kmh is not None:
            return True
        if isinstance(step.last, Mapping) and (
            isinstance(step.last.get("pace"), ReferencePace)
            or not {"progress", "speed", "speed_kmh"}.isdisjoint(step.last)
        ):
            return True
    return False


def _probe(
    workout: Workout, runner: Profile, place: Environment | None, reps: Sequence[int] | None
) -> tuple[list[Problem], list[str] | None]:
    """A plan's errors, or its warnings (None when it was refused)."""
    try:
        plan = compile_plan(workout, runner, place, reps, paces=_PROBE_PACES[id(runner)])
    except WorkoutError as error:
        return error.errors, None
    return [], [*plan.warnings, *workout_cues_left_out(plan, announced=True)]


def _ranged(blocks: Sequence[Block]) -> Iterator[Repeat]:
    """Ranged repeats in file order (outer before inner), as the compiler counts them."""
    for block in blocks:
        if isinstance(block, Repeat):
            if block.count.is_range:
                yield block
            yield from _ranged(block.steps)


def sound_files(workout: Workout) -> Iterator[CueSpec]:
    """Every cue of the workout that plays a `.wav` file (not one of kick's own sounds)."""
    for step in _steps(workout.steps):
        cues = list(step.cues)
        overridden = step.last.get("cues") if isinstance(step.last, Mapping) else None
        if isinstance(overridden, tuple):
            cues += [cue for cue in overridden if isinstance(cue, CueSpec)]
        for cue in cues:
            if cue.sound is not None and cue.sound.lower().endswith(".wav"):
                yield cue


def _steps(blocks: Sequence[Block]) -> Iterator[Step]:
    for block in blocks:
        if isinstance(block, Repeat):
            yield from _steps(block.steps)
        else:
            yield block
