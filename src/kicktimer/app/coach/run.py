"""Coach mode's run: the group's clock, with every event and athlete key going through the board.

`CoachRunSession` is a `RunSession` whose events go through the pure
`CoachSession`, so the board sees every engine effect; the board's own
effects (split taken, rep closed...) join the engine's in the stream the
run's consumers get, and the board's rows ride in each snapshot. The
athletes' splits reach the history through `CoachHistoryWriter`
(`app/coach/history.py`).

Coach mode needs reps to split: work steps run to the lap key (distances on a
track or road). `require_reps` refuses a plan with none, before any screen
opens on the command line, and in the preview when `w` picks the treadmill.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kicktimer.app.clock import Clock
from kicktimer.app.consumers import RunEffect
from kicktimer.app.picking import Planner
from kicktimer.app.session import RunSession
from kicktimer.core.coach.session import Athlete, AthleteRow, CoachSession, Results, is_rep
from kicktimer.core.coach.targets import AthleteTargets
from kicktimer.core.events import Event
from kicktimer.core.segments import Plan
from kicktimer.errors import Problem, TargetError, WorkoutError
from kicktimer.workout.model import Environment, Workout

TargetsFor = Callable[[Plan], AthleteTargets]
"""Each athlete's own target on each rep of a plan (raises TargetError)."""

NO_REPS = "coach mode takes each athlete's split on distance reps run to the lap key, and this plan has none"
NO_REPS_HINT = "run it without --athletes, or choose a workout with distance reps on a track or road"
TREADMILL = "coach mode needs a track or road: on a treadmill the belt times every distance"
TREADMILL_HINT = "choose --where track or --where road"


def require_reps(plan: Plan, workout: Workout) -> None:
    """Raise WorkoutError (pointing at the workout's steps) unless the plan has a rep to split."""
    if any(is_rep(segment) for segment in plan.segments):
        return
    pos = workout.key_pos.get("steps", workout.pos)
    if plan.environment is Environment.TREADMILL:
        raise WorkoutError([Problem(workout.file, pos, TREADMILL, TREADMILL_HINT)])
    raise WorkoutError([Problem(workout.file, pos, NO_REPS, NO_REPS_HINT)])


def coach_planner(planner: Planner, targets_for: TargetsFor | None = None) -> Planner:
    """A planner that also refuses plans with no rep to split, or that an athlete's race result
    can't give a target on (the preview shows why)."""

    def plan_for(workout: Workout, where: Environment | None, reps: tuple[int, ...]) -> Plan:
        plan = planner(workout, where, reps)
        require_reps(plan, workout)
        if targets_for is not None:
            try:
                targets_for(plan)
            except TargetError as error:
                raise WorkoutError([Problem(workout.file, workout.pos, str(error))]) from None
        return plan

    return plan_for


class CoachRunSession(RunSession):
    """A run for a group: one clock, a split per athlete per rep."""

    def __init__(
        self,
        plan: Plan,
        *,
        athletes: Sequence[Athlete],
        workout_yaml: str,
        clock: Clock,
        lead_in_s: float = 10.0,
        targets: AthleteTargets | None = None,
    ) -> None:
        super().__init__(plan, workout_yaml=workout_yaml, clock=clock, lead_in_s=lead_in_s)
        self.coach = CoachSession(self.engine, athletes, targets)

    @property
    def athletes(self) -> tuple[Athlete, ...]:
        return self.coach.athletes

    def results(self) -> Results:
        return self.coach.results()

    def press(self, key: str) -> list[RunEffect] | None:
        """An athlete's key or `u` (undo); None when the key is neither."""
        effects = self.coach.handle_key(key, self.now())
        return None if effects is None else self._hand_out(effects)

    def _handle(self, event: Event) -> Sequence[RunEffect]:
        """A timer event (space, p, n, a tick...), through the board; raises IllegalEvent unchanged."""
        return self.coach.handle(event)

    def _athlete_rows(self, at: float) -> tuple[AthleteRow, ...]:
        """Every athlete's row at the snapshot's moment, so live splits and the big clock agree."""
        return self.coach.rows(at)
