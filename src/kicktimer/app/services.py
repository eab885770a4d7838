"""What the app is given from outside, and what it hands back when it closes.

Kept apart from the app class so that both the app and the run it drives
(`run_control`) can name them without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import RenderableType

from kicktimer.app.clock import Clock
from kicktimer.core.segments import Plan
from kicktimer.ports import AudioOut, HistoryStore

if TYPE_CHECKING:
    from kicktimer.app.consumers import ConsumerFactory
    from kicktimer.app.picking import Planner
    from kicktimer.app.run_mode import RunMode
    from kicktimer.app.session import SessionLog

ReportFor = Callable[[int | None, "SessionLog", Plan], RenderableType | None]
"""Builds the kick report for a finished session (session id, what was run, the plan)."""

ExportOffer = Callable[[int | None], Callable[[], str] | None]
"""For a session the history could not keep: a function that saves it to a file and says where."""


@dataclass(frozen=True)
class Services:
    """Everything the app talks to outside itself; tests pass fakes.

    `mode` is solo or coach (`kicktimer.app.run_mode`); `consumers` builds
    what each run drives, in order (`kicktimer.app.factory.CONSUMERS`).
    """

    audio: AudioOut
    store: HistoryStore
    clock: Clock
    mode: RunMode
    consumers: tuple[ConsumerFactory, ...]
    planner: Planner | None = None
    units: str = "km"
    lead_in_s: float = 10.0
    speak_steps: bool = True
    report: ReportFor | None = None
    export_offer: ExportOffer | None = None


@dataclass(frozen=True)
class RunOutcome:
    """What `kick run` reports once the app has closed."""

    workout: str
    status: str
    session_id: int | None
    laps: int
