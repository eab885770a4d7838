"""Coach mode as a `RunMode`: a group on one clock, one key per athlete.

The preview shows who is on which key (and any athlete's own target) and
refuses a plan with no rep to split, or one an athlete's race result can't be
run at; the timer gets the athletes' board, each measured against their own
target (`core.coach.targets`); the history keeps every split; the finish
screen shows the athletes' results, also after quitting early.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kicktimer.app.coach.display import roster_text
from kicktimer.app.coach.run import CoachRunSession, coach_planner
from kicktimer.app.coach.timer_screen import CoachControls, CoachTimerScreen
from kicktimer.core.coach.session import Athlete
from kicktimer.core.coach.targets import AthleteTargets, athlete_targets
from kicktimer.workout.model import Workout
from kicktimer.workout.quantities import Unit

if TYPE_CHECKING:
    from textual.widget import Widget

    from kicktimer.app.consumers import RunConsumer
    from kicktimer.app.history_writer import AfterFrame
    from kicktimer.app.picking import Planner
    from kicktimer.app.services import ModeRun, Services
    from kicktimer.core.segments import Plan
    from kicktimer.ports import HistoryStore


class CoachRun:
    """One coached run: the board's session, the coach's timer, the athletes' results."""

    results_on_abort = True

    def __init__(
        self, mode: CoachMode, plan: Plan, workout_yaml: str, services: Services, controls: CoachControls
    ) -> None:
        self.session = CoachRunSession(
            plan,
            athletes=mode.athletes,
            workout_yaml=workout_yaml,
            clock=services.clock,
            lead_in_s=services.lead_in_s,
            targets=mode.targets(plan),
        )
        self.timer = CoachTimerScreen(
            controls,
            athletes=mode.athletes,
            plan=plan,
            units=services.units,
            muted=services.audio.muted,
            high_contrast=mode.high_contrast,
        )

    def history_writer(self, store: HistoryStore, after_frame: AfterFrame | None = None) -> RunConsumer:
        from kicktimer.app.coach.history import CoachHistoryWriter

        return CoachHistoryWriter(self.session, store, after_frame)

    def finish_table(self) -> Widget:
        from kicktimer.app.coach.results_table import CoachResultsTable

        return CoachResultsTable(self.session.results(), id="coach-results")


class CoachMode:
    """A coach timing athletes (from `--athletes` or `--roster`); opens on one workout."""

    can_pick = False

    def __init__(
        self,
        athletes: Sequence[Athlete],
        *,
        high_contrast: bool = False,
        workout: Workout | None = None,
        units: str = "km",
    ) -> None:
        """`workout` is what the plans are compiled from: an athlete's race result needs it to
        give their paces (a plan run as is, without it, gives such an athlete no target)."""
        self.athletes = tuple(athletes)
        self.high_contrast = high_contrast
        self.workout = workout
        self.units: Unit = "mi" if units == "mi" else "km"

    def targets(self, plan: Plan) -> AthleteTargets:
        """Each athlete's own target on each rep of `plan`; raises TargetError."""
        return athlete_targets(plan, self.athletes, self.workout, self.units)

    def planner(self, planner: Planner) -> Planner:
        return coach_planner(planner, self.targets)

    def roster_line(self) -> str | None:
        roster = roster_text([(athlete.key, _with_target(athlete)) for athlete in self.athletes])
        return f"Athletes on keys: {roster}"

    def start(self, plan: Plan, workout_yaml: str, services: Services, controls: CoachControls) -> ModeRun:
        return CoachRun(self, plan, workout_yaml, services, controls)


def _with_target(athlete: Athlete) -> str:
    """`Ana (5k 18:40)`: the roster line names their own target, so a typo shows before the first rep."""
    return athlete.name if athlete.target is None else f"{athlete.name} ({athlete.target.describe()})"
