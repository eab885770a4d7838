"""Solo or coach: the one interface a mode implements, chosen once in the factory.

The shared shell (the app, the run control, the session, the preview and
finish screens) asks the mode, never checks which one it has. A mode says
how a workout is checked before it may run, what the preview adds (a
coach's roster), and, for each run it starts (`ModeRun`), its session, its
timer screen, its history writer, what the finish screen shows and whether
stopping early still shows results.

`SoloMode` is the runner alone; `kicktimer.app.coach.mode.CoachMode` is a
coach timing a group. Neither module imports the other, so a solo run never
loads coach code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textual.widget import Widget

    from kicktimer.app.consumers import RunConsumer
    from kicktimer.app.picking import Planner
    from kicktimer.app.screens.timer import RunControls, TimerScreen
    from kicktimer.app.services import Services
    from kicktimer.app.session import RunSession
    from kicktimer.core.segments import Plan
    from kicktimer.ports import HistoryStore


class ModeRun(Protocol):
    """One run in one mode: what the shared shell drives and shows."""

    @property
    def session(self) -> RunSession: ...

    @property
    def timer(self) -> TimerScreen: ...

    @property
    def results_on_abort(self) -> bool:
        """Whether stopping early shows the finish screen (a coach wants the results so far)."""
        ...

    def history_writer(self, store: HistoryStore) -> RunConsumer:
        """The consumer that keeps this run in the history."""
        ...

    def finish_table(self) -> Widget:
        """The finish screen's table: the splits, or the athletes' results."""
        ...


class RunMode(Protocol):
    """How workouts are run: alone (`SoloMode`) or as a coach's group (`CoachMode`)."""

    @property
    def can_pick(self) -> bool:
        """Whether the app may open on the picker (a coach opens on one workout)."""
        ...

    def planner(self, planner: Planner) -> Planner:
        """The preview's planner: the given one, or one that also refuses plans this mode can't run."""
        ...

    def roster_line(self) -> str | None:
        """A line the preview shows above the footer (who is on which key), or None."""
        ...

    def start(self, plan: Plan, workout_yaml: str, services: Services, controls: RunControls) -> ModeRun:
        """A new run of `plan`: its session and its timer screen, not started yet."""
        ...


class SoloRun:
    """A runner alone: the plain session, the timer, the split table."""

    results_on_abort = False

    def __init__(self, plan: Plan, workout_yaml: str, services: Services, controls: RunControls) -> None:
        from kicktimer.app.screens.timer import TimerScreen
        from kicktimer.app.session import RunSession

        self.session = RunSession(
            plan, workout_yaml=workout_yaml, clock=services.clock, lead_in_s=services.lead_in_s
        )
        self.timer = TimerScreen(controls, plan=plan, units=services.units, muted=services.audio.muted)

    def history_writer(self, store: HistoryStore) -> RunConsumer:
        from kicktimer.app.history_writer import HistoryWriter

        return HistoryWriter(self.session, store)

    def finish_table(self) -> Widget:
        from kicktimer.app.widgets.split_table import SplitTable

        return SplitTable(self.session.log.completed, id="splits")


class SoloMode:
    """The runner alone: any workout, from the picker or named."""

    can_pick = True

    def planner(self, planner: Planner) -> Planner:
        return planner

    def roster_line(self) -> str | None:
        return None

    def start(self, plan: Plan, workout_yaml: str, services: Services, controls: RunControls) -> ModeRun:
        return SoloRun(plan, workout_yaml, services, controls)
