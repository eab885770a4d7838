"""Each athlete's own target on each rep, so the ± column means something for a mixed squad.

A roster entry may carry (`OwnTarget`):

- a race result (`5k: 18:40`): the athlete's paces come from it exactly as a
  runner's come from their profile. The workout is compiled again with a
  profile holding only that result (`compile_plan`, the same VDOT model,
  the same offsets and progressions), and each rep's target is read off it;
- a target split per rep distance (`400m: 1:15`): used on every rep of that
  distance.

An athlete with neither gets the workout's own target where the workout
sets one by itself (`pace: 4:30/km`, a speed), and none where the target
would come from the coach's profile (`pace: 5k`): the coach's paces are
never silently handed to an athlete.

Pure: compiling is the core's own compiler; the shell only supplies the workout.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kicktimer.core.coach.athletes import Athlete, OwnTarget
from kicktimer.core.coach.results import is_rep
from kicktimer.core.compile import compile_plan
from kicktimer.core.profile import Profile
from kicktimer.core.segments import Plan, Segment
from kicktimer.errors import TargetError, WorkoutError
from kicktimer.workout.model import Workout
from kicktimer.workout.quantities import Unit


@dataclass(frozen=True)
class AthleteTargets:
    """Every athlete's target on every rep (by plan index); None where they have none."""

    table: Mapping[int, Mapping[int, float | None]] = field(default_factory=dict)

    def of(self, athlete: Athlete, segment: Segment) -> float | None:
        return self.table.get(athlete.index, {}).get(segment.index)


def workout_target(segment: Segment) -> float | None:
    """The target an athlete without one of their own gets: the workout's, never the coach's."""
    return None if segment.pace_from_profile else segment.target_s


def athlete_targets(
    plan: Plan, athletes: Sequence[Athlete], workout: Workout | None, units: Unit = "km"
) -> AthleteTargets:
    """Each athlete's targets on `plan`'s reps, from their own (`Athlete.target`). Raises TargetError.

    `workout` is what `plan` was compiled from; without it (a plan run as
    is) a race result can't be turned into paces and gives no target.
    """
    table: dict[int, dict[int, float | None]] = {}
    reps = [segment for segment in plan.segments if is_rep(segment)]
    for athlete in athletes:
        mine = athlete.target
        from_race = _race_plan(plan, athlete, mine, workout, units)
        row: dict[int, float | None] = {}
        for segment in reps:
            split = None if mine is None else mine.split_for(segment.distance_m)
            if split is not None:
                row[segment.index] = split
            elif mine is not None and mine.race is not None:
                row[segment.index] = None if from_race is None else from_race.segments[segment.index].target_s
            else:
                row[segment.index] = workout_target(segment)
        table[athlete.index] = row
    return AthleteTargets(table)


def _race_plan(
    plan: Plan, athlete: Athlete, own: OwnTarget | None, workout: Workout | None, units: Unit
) -> Plan | None:
    """The plan compiled with the athlete's race as the whole profile (None without a race or workout)."""
    if own is None or own.race is None or own.race_s is None or workout is None:
        return None
    profile = Profile(units=units, races={own.race: own.race_s})
    try:
        theirs = compile_plan(workout, profile, plan.environment, plan.reps)
    except WorkoutError as error:
        reasons = "; ".join(problem.message for problem in error.problems)
        raise TargetError(f"{athlete.name} ({own.describe()}): {reasons}") from None
    same = len(theirs.segments) == len(plan.segments) and all(
        (a.label, a.kind, a.distance_m) == (b.label, b.kind, b.distance_m)
        for a, b in zip(theirs.segments, plan.segments, strict=True)
    )
    if not same:
        raise TargetError(f"{athlete.name}: the workout compiles to other steps with their race result")
    return theirs
