"""The timer screen as a consumer of the run: it draws each snapshot while the run goes on.

The screen never reads a clock or the engine; it is given the effects (a
coach's board flashes the splits just taken) and then the snapshot to draw.
Once the run has finished or been stopped the finish screen takes over, so
those last snapshots are not drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot
from kicktimer.core.events import State

if TYPE_CHECKING:
    from kicktimer.app.screens.timer import TimerScreen
    from kicktimer.app.services import RunContext


class TimerFeed(BaseConsumer):
    """Hands the run's effects and snapshots to its timer screen."""

    name = "The timer screen"

    def __init__(self, timer: TimerScreen) -> None:
        self._timer = timer

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        self._timer.note_effects(effects)

    def on_snapshot(self, snapshot: RunSnapshot) -> None:
        if snapshot.view.state in (State.FINISHED, State.ABORTED):
            return
        if self._timer.is_mounted:
            self._timer.show(snapshot)


def show_on_timer(context: RunContext) -> TimerFeed:
    return TimerFeed(context.timer)
