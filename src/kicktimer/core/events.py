"""The engine's vocabulary: events that go in, effects that come out.

Events carry the monotonic time they happened at, so the engine never reads a
clock. Effects carry the exact planned time they belong to (not the time a
tick happened to arrive), so the shell can log, speak and store them without
drift.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Literal, TypeAlias

from kicktimer.core.segments import PlannedCue, Segment


class State(Enum):
    READY = "ready"
    LEAD_IN = "lead-in"
    RUNNING = "running"
    WAITING_FOR_LAP = "waiting for lap"
    PAUSED = "paused"
    FINISHED = "finished"
    ABORTED = "aborted"


# ---- events (shell → engine) ----------------------------------------------


@dataclass(frozen=True)
class Start:
    now: float


@dataclass(frozen=True)
class Tick:
    now: float


@dataclass(frozen=True)
class Lap:
    now: float


@dataclass(frozen=True)
class Pause:
    now: float


@dataclass(frozen=True)
class Resume:
    now: float


@dataclass(frozen=True)
class Skip:
    now: float


@dataclass(frozen=True)
class Back:
    now: float


@dataclass(frozen=True)
class Adjust:
    """Lengthen (+) or shorten (−) the current timed step."""

    now: float
    seconds: float


@dataclass(frozen=True)
class Quit:
    now: float


Event: TypeAlias = Start | Tick | Lap | Pause | Resume | Skip | Back | Adjust | Quit


# ---- effects (engine → shell) ---------------------------------------------


EndReason = Literal["time", "lap", "skip", "back", "sendoff", "quit"]


@dataclass(frozen=True)
class LeadInStarted:
    at: float
    ends_at: float


@dataclass(frozen=True)
class StepStarted:
    segment: Segment
    at: float


@dataclass(frozen=True)
class StepEnded:
    """A segment is over. `active_s` = `ended_at - started_at - paused_s`."""

    segment: Segment
    started_at: float
    ended_at: float
    paused_s: float
    reason: EndReason

    @property
    def active_s(self) -> float:
        return self.ended_at - self.started_at - self.paused_s


@dataclass(frozen=True)
class SplitRecorded:
    """The lap key closed a lap step: its running time against its target."""

    segment: Segment
    split_s: float
    target_s: float | None
    at: float


@dataclass(frozen=True)
class CueDue:
    segment: Segment
    cue: PlannedCue
    at: float


@dataclass(frozen=True)
class CountdownBeep:
    """`remaining` whole seconds are left in a timed step (3, 2, 1)."""

    segment: Segment
    remaining: int
    at: float


@dataclass(frozen=True)
class Paused:
    at: float


@dataclass(frozen=True)
class Resumed:
    at: float
    paused_s: float


@dataclass(frozen=True)
class Finished:
    at: float
    total_s: float


@dataclass(frozen=True)
class Aborted:
    at: float


Effect: TypeAlias = (
    LeadInStarted
    | StepStarted
    | StepEnded
    | SplitRecorded
    | CueDue
    | CountdownBeep
    | Paused
    | Resumed
    | Finished
    | Aborted
)


class IllegalEvent(Exception):
    """An event that makes no sense in the current state; the state is left unchanged.

    `reason` (optional) says why and what to do instead, e.g. "resume first".
    """

    def __init__(self, state: State, event: Event, reason: str = "") -> None:
        self.state = state
        self.event = event
        self.reason = reason
        message = f"can't {type(event).__name__.lower()} while {state.value}"
        super().__init__(f"{message}: {reason}" if reason else message)
