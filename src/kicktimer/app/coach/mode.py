"""Coach mode as a `RunMode`: a group on one clock, one key per athlete.

The preview shows who is on which key and refuses a plan with no rep to
split; the timer gets the athletes' board; the history keeps every split;
the finish screen shows the athletes' results, also after quitting early.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kicktimer.app.coach.display import roster_text
from kicktimer.app.coach.run import CoachRunSession, coach_planner
from kicktimer.app.coach.timer_screen import CoachControls, CoachTimerScreen
from kicktimer.core.coach.session import Athlete

if TYPE_CHECKING:
    from textual.widget import Widget

    from kicktimer.app.consumers import RunConsumer
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
        )
        self.timer = CoachTimerScreen(
            controls,
            athletes=mode.athletes,
            plan=plan,
            units=services.units,
            muted=services.audio.muted,
            high_contrast=mode.high_contrast,
        )

    def history_writer(self, store: HistoryStore) -> RunConsumer:
        from kicktimer.app.coach.history import CoachHistoryWriter

        return CoachHistoryWriter(self.session, store)

    def finish_table(self) -> Widget:
        from kicktimer.app.coach.results_table import CoachResultsTable

        return CoachResultsTable(self.session.results(), id="coach-results")


class CoachMode:
    """A coach timing athletes (from `--athletes` or `--roster`); opens on one workout."""

    can_pick = False

    def __init__(self, athletes: Sequence[Athlete], *, high_contrast: bool = False) -> None:
        self.athletes = tuple(athletes)
        self.high_contrast = high_contrast

    def planner(self, planner: Planner) -> Planner:
        return coach_planner(planner)

    def roster_line(self) -> str | None:
        roster = roster_text([(athlete.key, athlete.name) for athlete in self.athletes])
        return f"Athletes on keys: {roster}"

    def start(self, plan: Plan, workout_yaml: str, services: Services, controls: CoachControls) -> ModeRun:
        return CoachRun(self, plan, workout_yaml, services, controls)
