"""What a run's consumers are built from: the run (session, timer screen) and the app's services.

Each entry of `kicktimer.app.factory.CONSUMERS` is a function of a
`RunContext`; the run control builds the context once the mode has made the
session and the timer screen, just before the engine starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kicktimer.app.run_mode import ModeRun
    from kicktimer.app.screens.timer import TimerScreen
    from kicktimer.app.services import Services
    from kicktimer.app.session import RunSession
    from kicktimer.core.segments import Plan


@dataclass(frozen=True)
class RunContext:
    """One run as its consumers may see it when they are built."""

    run: ModeRun
    services: Services

    @property
    def session(self) -> RunSession:
        return self.run.session

    @property
    def timer(self) -> TimerScreen:
        return self.run.timer

    @property
    def plan(self) -> Plan:
        return self.run.session.plan
