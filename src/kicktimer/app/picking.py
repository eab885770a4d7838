"""The choices made before a run: which workout, how many reps, where.

Pure helpers shared by the picker and the preview: what the rep-count and
environment choices are for a workout, and how a search and a tag filter
narrow the list. Compiling is the planner's job (`Planner`), passed in so
tests can hand the app any plan they like.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeAlias

from kicktimer.core.compile import ranged_repeats
from kicktimer.core.segments import Plan
from kicktimer.workout.model import Environment, RepCount, Workout

if TYPE_CHECKING:
    from kicktimer.library import WorkoutEntry

PickerEntry: TypeAlias = "WorkoutEntry"

Planner = Callable[[Workout, Environment | None, tuple[int, ...]], Plan]
"""Compile a workout for an environment (None: the workout's own) and rep counts for its
ranged repeats in file order (missing ones run their low end). Raises `WorkoutError`."""

ENVIRONMENT_CHOICES: tuple[Environment, ...] = (Environment.TRACK, Environment.ROAD, Environment.TREADMILL)


def rep_ranges(workout: Workout) -> list[RepCount]:
    """Every repeat with a range (`8-12`), in the order `--reps N,M` sets them."""
    return [repeat.count for repeat in ranged_repeats(workout.steps)]


@dataclass(frozen=True)
class RunChoice:
    """What the preview has chosen so far: where, the count of each ranged repeat, and
    which of them ←/→ change (`r` moves to the next)."""

    where: Environment | None
    reps: tuple[int, ...] = ()
    range_index: int = 0

    def with_reps(self, workout: Workout, step: int) -> RunChoice:
        """One rep more or fewer on the selected ranged repeat, kept inside its range."""
        ranges = rep_ranges(workout)
        if not ranges:
            return self
        index = min(self.range_index, len(ranges) - 1)
        span = ranges[index]
        counts = list(self.reps) + [r.low for r in ranges[len(self.reps) :]]
        counts[index] = min(span.high, max(span.low, counts[index] + step))
        return replace(self, reps=tuple(counts))

    def with_next_range(self, workout: Workout) -> RunChoice:
        """←/→ move on to the next ranged repeat (round to the first after the last)."""
        ranges = rep_ranges(workout)
        if len(ranges) < 2:
            return self
        return replace(self, range_index=(self.range_index + 1) % len(ranges))

    def with_next_place(self, workout: Workout) -> RunChoice:
        """The next environment in turn (only where the workout lets the runner choose)."""
        if not workout.needs_a_place():
            return self
        if self.where not in ENVIRONMENT_CHOICES:
            return replace(self, where=ENVIRONMENT_CHOICES[0])
        position = ENVIRONMENT_CHOICES.index(self.where)
        return replace(self, where=ENVIRONMENT_CHOICES[(position + 1) % len(ENVIRONMENT_CHOICES)])


def initial_choice(
    workout: Workout, where: Environment | None, reps: int | Sequence[int] | None
) -> RunChoice:
    """The command line's choice, else the defaults: the low end of each range, a track for `any`."""
    if where is None and workout.needs_a_place():
        where = Environment.TRACK
    counts: tuple[int, ...] = () if reps is None else (reps,) if isinstance(reps, int) else tuple(reps)
    ranges = rep_ranges(workout)
    counts += tuple(span.low for span in ranges[len(counts) :])
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
