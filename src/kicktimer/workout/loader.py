"""Read a workout file: bytes → text → position-keeping YAML → checked model.

The stages, each bounding the work of the next:

1. `source`: refuse what is not a small UTF-8 text file (size, binary, bad
   bytes), with the position of the trouble;
2. `yamlread`: compose YAML from the safe parser's events, keeping positions,
   sharing aliased nodes instead of copying them, and bounding nesting;
3. `measure`: count what the steps would expand to, by arithmetic over the
   node graph, and refuse files past the limits before building anything;
4. `build`: the model, collecting every problem (errors and warnings).

The bytes are read by the shell (`kicktimer.workout_file.load_workout_file`
checks the size before reading more): this package reads no files.

A file past a limit (size, nesting, step count) is refused with that one
problem: the rest of it is not worth a reader's time. Otherwise every
problem in the file is reported together.

Positions for later stages: `Workout.key_pos` maps each top-level key to
where it was written. `Step.key_pos` maps both the key as written and the
Step field it fills (`run` and `length`, `speed` and `speed_kmh`, `pace`,
`cues`, `last`, ...), and keys under `last:` as `last.<key>` and
`last.<field>` (`last.effort`, `last.length`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from kicktimer.errors import Problem, Severity, SourcePos, WorkoutError
from kicktimer.workout.build import Checker
from kicktimer.workout.limits import (
    MAX_EXPANDED_STEPS,
    MAX_REPEAT_NESTING,
    MAX_TOTAL_SECONDS,
    format_count,
)
from kicktimer.workout.measure import Measure, loose_count, measure_steps, planned_seconds, too_deep
from kicktimer.workout.model import Workout
from kicktimer.workout.quantities import format_clock
from kicktimer.workout.source import decode_source
from kicktimer.workout.yamlread import Map, Node, Scalar, Seq, compose, scalar_type


@dataclass(frozen=True)
class Loaded:
    """A workout that can be run, and the warnings found while reading it."""

    workout: Workout
    warnings: tuple[Problem, ...] = ()


def load_workout_text(data: bytes | str, file: str, *, sounds: Collection[str]) -> Loaded:
    """Check a workout given as bytes (as read from disk) or text; `file` names it in problems.

    Returns the workout and its warnings, or raises WorkoutError carrying
    every problem found, errors and warnings, in file order. `sounds` are the
    names a cue's `sound:` may use (the shell lists kick's sound files; the
    pure layer reads no folder).
    """
    text = decode_source(data, file)
    document = compose(text, file)
    problems = list(document.problems)
    if document.fatal:
        raise WorkoutError(problems)
    root = document.root
    if root is None or (isinstance(root, Scalar) and not root.bad and scalar_type(root) == "null"):
        empty = "the file is empty" if not text.strip() else "the file holds no workout (only comments)"
        raise WorkoutError(
            [
                *problems,
                Problem(file, SourcePos(1, 1), empty, "a workout needs at least `name:` and `steps:`"),
            ]
        )
    refusal = _over_a_limit(root, file)
    if refusal is not None:
        raise WorkoutError([*problems, refusal])
    checker = Checker(file, sounds)
    workout = checker.workout(root, text)
    problems += checker.problems
    if workout is not None:
        problems += _over_time(workout, file)
    if workout is None or any(p.severity is Severity.ERROR for p in problems):
        raise WorkoutError(problems)
    return Loaded(workout, tuple(sorted(problems, key=lambda p: p.pos)))


def _over_a_limit(root: Node, file: str) -> Problem | None:
    """Repeat nesting and expanded step count, measured on the nodes (nothing is expanded)."""
    if not isinstance(root, Map) or "steps" not in root.index:
        return None
    steps = root.index["steps"]
    memo: dict[int, Measure] = {}
    measure = measure_steps(steps, memo)
    if measure.nesting > MAX_REPEAT_NESTING:
        deepest = too_deep(steps, memo)
        pos = deepest.pos if deepest is not None else steps.pos
        return Problem(
            file,
            pos,
            f"repeats are nested {measure.nesting} deep here; the limit is {MAX_REPEAT_NESTING}",
            "flatten the inner repeats: a repeat of a repeat can often be one repeat",
        )
    if measure.steps > MAX_EXPANDED_STEPS:
        return Problem(
            file,
            _biggest_block(steps, memo),
            f"the steps expand to {format_count(measure.steps)} steps once repeats and aliases are"
            f" counted; the limit is {MAX_EXPANDED_STEPS:,}",
            "fewer repetitions, or fewer aliases of repeated blocks",
        )
    return None


def _biggest_block(steps: Node, memo: dict[int, Measure]) -> SourcePos:
    """Where the most expanded steps come from: the top-level block that contributes most."""
    if not isinstance(steps, Seq) or not steps.items:
        return steps.pos

    def size(item: Node) -> int:
        if isinstance(item, Map) and "repeat" in item.index:
            return loose_count(item.index["repeat"]) * measure_steps(item.index.get("steps"), memo).steps
        return 1

    return max(steps.items, key=size).pos


def _over_time(workout: Workout, file: str) -> list[Problem]:
    seconds = planned_seconds(workout.steps)
    if seconds <= MAX_TOTAL_SECONDS:
        return []
    pos = workout.key_pos.get("steps", workout.pos)
    return [
        Problem(
            file,
            pos,
            f"the planned time is {format_clock(seconds)}, over the limit of 24 hours",
            "counted: time steps, distances with an absolute pace or a speed, send-offs;"
            " ranges at their high end",
        )
    ]
