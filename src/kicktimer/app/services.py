"""What the app is given from outside, and what it hands back when it closes.

Kept apart from the app class so that both the app and the run it drives
(`run_control`) can name them without importing each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rich.console import RenderableType

from kicktimer.app.clock import Clock
from kicktimer.core.segments import Plan
from kicktimer.ports import AudioOut, HistoryStore

if TYPE_CHECKING:
    from kicktimer.app.picking import Planner
    from kicktimer.app.session import SessionLog
    from kicktimer.core.coach.session import Athlete

ReportFor = Callable[[int | None, "SessionLog", Plan], RenderableType | None]
"""Builds the kick report for a finished session (session id, what was run, the plan)."""

ExportOffer = Callable[[int | None], Callable[[], str] | None]
"""For a session the history could not keep: a function that saves it to a file and says where."""


@runtime_checkable
class HasNotices(Protocol):
    """A store that reports its own troubles once (e.g. "History not saved: disk full")."""

    def take_notices(self) -> list[str]: ...


@dataclass(frozen=True)
class Services:
    """Everything the app talks to outside itself; tests pass fakes."""

    audio: AudioOut
    store: HistoryStore
    clock: Clock
    planner: Planner | None = None
    units: str = "km"
    lead_in_s: float = 10.0
    speak_steps: bool = True
    report: ReportFor | None = None
    export_offer: ExportOffer | None = None
    athletes: tuple[Athlete, ...] = ()
    high_contrast: bool = False


@dataclass(frozen=True)
class RunOutcome:
    """What `kick run` reports once the app has closed."""

    workout: str
    status: str
    session_id: int | None
    laps: int
