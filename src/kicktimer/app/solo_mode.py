"""The runner alone: the `RunMode` of a solo run (see `kicktimer.app.services`).

Any workout, from the picker or named; the plain session and timer; the
split table at the end; quitting early leaves at once. Nothing here imports
coach code, so a solo run never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.widget import Widget

    from kicktimer.app.consumers import RunConsumer
    from kicktimer.app.history_writer import AfterFrame
    from kicktimer.app.picking import Planner
    from kicktimer.app.screens.timer import RunControls
    from kicktimer.app.services import ModeRun, Services
    from kicktimer.core.segments import Plan
    from kicktimer.ports import HistoryStore


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

    def history_writer(self, store: HistoryStore, after_frame: AfterFrame | None = None) -> RunConsumer:
        from kicktimer.app.history_writer import HistoryWriter

        return HistoryWriter(self.session, store, after_frame=after_frame)

    def finish_table(self) -> Widget:
        from kicktimer.app.widgets.split_table import SplitTable

        log = self.session.log
        return SplitTable(log.completed, figures=log.figures, id="splits")


class SoloMode:
    """The runner alone: any workout, from the picker or named."""

    can_pick = True

    def planner(self, planner: Planner) -> Planner:
        return planner

    def roster_line(self) -> str | None:
        return None

    def start(self, plan: Plan, workout_yaml: str, services: Services, controls: RunControls) -> ModeRun:
        return SoloRun(plan, workout_yaml, services, controls)
