"""The choices made before a run: which workout, how many reps, where.

Pure helpers shared by the picker and the preview: what the rep-count and
environment choices are for a workout, and how a search and a tag filter
narrow the list. Compiling is the planner's job (`Planner`), passed in so
tests can hand the app any plan they like.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

from kicktimer.core.segments import Plan
from kicktimer.workout.model import Block, Environment, RepCount, Repeat, Workout

if TYPE_CHECKING:
    from kicktimer.library import WorkoutEntry

PickerEntry: TypeAlias = "WorkoutEntry"

Planner = Callable[[Workout, Environment | None, tuple[int, ...]], Plan]
"""Compile a workout for an environment (None: the workout's own) and rep counts for its
ranged repeats in file order (missing ones run their low end). Raises `WorkoutError`."""

ENVIRONMENT_CHOICES: tuple[Environment, ...] = (Environment.TRACK, Environment.ROAD, Environment.TREADMILL)


def first_rep_range(workout: Workout) -> RepCount | None:
    """The first repeat with a range (`8-12`), in file order; the one `--reps` and ←/→ set."""
    return _first_range(workout.steps)


def _first_range(blocks: Iterable[Block]) -> RepCount | None:
    for block in blocks:
        if isinstance(block, Repeat):
            if block.count.is_range:
                return block.count
            inner = _first_range(block.steps)
            if inner is not None:
                return inner
    return None


@dataclass(frozen=True)
class RunChoice:
    """What the preview has chosen so far: where, and the counts of the ranged repeats."""

    where: Environment | None
    reps: tuple[int, ...] = ()

    @property
    def first_reps(self) -> int | None:
        return self.reps[0] if self.reps else None

    def with_reps(self, workout: Workout, step: int) -> RunChoice:
        """One rep more or fewer on the first ranged repeat, kept inside its range."""
        span = first_rep_range(workout)
        if span is None:
            return self
        current = self.reps[0] if self.reps else span.low
        chosen = min(span.high, max(span.low, current + step))
        return RunChoice(self.where, (chosen, *self.reps[1:]))

    def with_next_place(self, workout: Workout) -> RunChoice:
        """The next environment in turn (only where the workout lets the runner choose)."""
        if not workout.needs_a_place():
            return self
        if self.where not in ENVIRONMENT_CHOICES:
            return RunChoice(ENVIRONMENT_CHOICES[0], self.reps)
        position = ENVIRONMENT_CHOICES.index(self.where)
        return RunChoice(ENVIRONMENT_CHOICES[(position + 1) % len(ENVIRONMENT_CHOICES)], self.reps)


def initial_choice(
    workout: Workout, where: Environment | None, reps: int | Sequence[int] | None
) -> RunChoice:
    """The command line's choice, else the defaults: the low end of a range, a track for `any`."""
    if where is None and workout.needs_a_place():
        where = Environment.TRACK
    counts: tuple[int, ...] = () if reps is None else (reps,) if isinstance(reps, int) else tuple(reps)
    span = first_rep_range(workout)
    if span is not None and not counts:
        counts = (span.low,)
    return RunChoice(where, counts)


def all_tags(entries: Sequence[WorkoutEntry]) -> list[str]:
    return sorted({tag for entry in entries for tag in entry.tags})


def matches(entry: WorkoutEntry, search: str, tag: str | None) -> bool:
    """A case-insensitive search over name, slug, summary and tags, and an exact tag filter."""
    if tag is not None and tag not in entry.tags:
        return False
    words = search.lower().split()
    haystack = " ".join((entry.name, entry.slug, entry.summary or "", *entry.tags)).lower()
    return all(word in haystack for word in words)
