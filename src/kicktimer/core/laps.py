"""One lap record for solo and coach runs, and the one place it becomes a stored history row.

A finished step of the plan (solo, or the group clock in coach mode) and an
athlete's split of a rep are the same thing to the history: a segment, how
long it took and how it ended. Everything the row repeats from the plan
(label, kind, rep, target, distance) is read off the segment here, once,
instead of being copied field by field by each writer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from kicktimer.core.events import EndReason, StepEnded
from kicktimer.core.segments import Segment
from kicktimer.ports import LapRecord
from kicktimer.workout.model import StepKind

LapEnding: TypeAlias = EndReason | Literal["dnf"]
"""How a lap ended: the engine's reasons, or `dnf` for an athlete still out when a rep closed."""


@dataclass(frozen=True)
class FinishedLap:
    """A segment as it was run, in monotonic seconds; `athlete` is set for a coach's split.

    `actual_s` is running time (pauses excluded), None for a DNF.
    """

    segment: Segment
    actual_s: float | None
    paused_s: float
    started_at: float
    ended_at: float
    ended_by: LapEnding
    athlete: str | None = None

    @classmethod
    def of_step(cls, ended: StepEnded) -> FinishedLap:
        """The lap of a step the engine ended."""
        return cls(
            ended.segment, ended.active_s, ended.paused_s, ended.started_at, ended.ended_at, ended.reason
        )

    @property
    def index(self) -> int:
        return self.segment.index

    def to_lap_record(self, wall_clock: Callable[[float], str]) -> LapRecord:
        """The row for `HistoryStore.record_lap`; `wall_clock` turns a monotonic time into ISO 8601.

        The only place a lap becomes a history row.
        """
        segment = self.segment
        set_of, rep = lap_place(segment)
        return LapRecord(
            index=segment.index,
            kind=segment.kind.value,
            label=segment.label,
            rep=rep,
            planned_s=segment.duration_s,
            target_s=segment.target_s,
            actual_s=self.actual_s,
            paused_s=self.paused_s,
            started_at=wall_clock(self.started_at),
            ended_at=wall_clock(self.ended_at),
            athlete=self.athlete,
            distance_m=segment.distance_m,
            ended_by=self.ended_by,
            set=set_of,
        )


def lap_place(segment: Segment) -> tuple[str | None, str | None]:
    """Where a step sits in its repeats, as (set, rep): `("2/3", "1/4")` in a nested repeat.

    A step of the outer repeat itself (the rest after each set) has its set and no rep,
    `("2/3", None)`; outside a nested repeat the set is None. `kick show --json` and the
    history's laps say it this way, so rep 4/4 of set 1 is never read as the final rep.
    Three repeats deep the rounds come first in the set's text: `("1/2 · 3/3", "2/2")`
    (round 1 of 2, set 3 of 3), `("1/2 · –", None)` for the rest after round 1.
    """
    rounds = [f"{number}/{count}" for number, count in segment.rounds]
    if segment.rep_is_round:
        return " · ".join([*rounds, segment.rep or "", "–"]), None
    if segment.rep_is_set:
        return " · ".join([*rounds, segment.rep or ""]) if rounds else segment.rep, None
    outer = None if segment.set_number is None else f"{segment.set_number}/{segment.set_count}"
    if rounds:
        outer = " · ".join([*rounds, outer or "–"])
    return outer, segment.rep


def place_text(set_of: str | None, rep: str | None) -> str:
    """The Rep column's cell: `1/4`, `2/3 · 1/4` (set 2 of 3, rep 1 of 4), `2/3 · –` for a set's own step."""
    if set_of is None:
        return rep or ""
    return f"{set_of} · {rep or '–'}"


_MARKS = {"skip": "skipped", "back": "restarted", "quit": "stopped", "dnf": "DNF"}


def ending_mark(kind: str, ended_by: str | None) -> str | None:
    """How a step ended when that makes its time no split, for the tables to say instead of a ±.

    A step skipped, taken back (`restarted`), stopped by quitting, or an
    athlete's DNF was not run to its end; a work step the send-off clock
    ended was never lapped. A recovery that lasts until the send-off ends
    that way by design, so it gets no mark. None for a step that ended as
    planned (its time, the lap key).
    """
    if ended_by in _MARKS:
        return _MARKS[ended_by]
    if ended_by == "sendoff" and kind == StepKind.RUN.value:
        return "send-off"
    return None


def difference_s(actual_s: float | None, planned_s: float | None, target_s: float | None) -> float | None:
    """A step's running time against its plan: negative under it, positive over; None with no plan.

    The plan is the step's duration, else its target (`Segment.planned_length_s`;
    a history row keeps the two as `planned_s` and `target_s`), so the finish
    table and `kick history show` give a step the same difference.
    """
    expected = planned_s if planned_s is not None else target_s
    if actual_s is None or expected is None:
        return None
    return actual_s - expected


MINUS = "−"


def change_text(seconds: float, unit: str = "s") -> str:
    """`−24.1 s`, `+1.2 s`, `±0.0 s`: a difference to the tenth, as every table and report writes it.

    The sign is the minus sign (U+2212), not a hyphen; within a twentieth of a
    second of nothing it is `±`, so `−0.0` never shows.
    """
    sign = MINUS if seconds < -0.05 else "+" if seconds > 0.05 else "±"
    return f"{sign}{abs(seconds):.1f} {unit}"


def skipped_steps(endings: Iterable[tuple[int, str | None]]) -> int:
    """How many steps were skipped: each step's last ending, by step index, is `skip`.

    `endings` are (segment index, how it ended) in the order they happened,
    the group clock's laps only (an athlete's DNF is not a skipped step). A
    step skipped and then gone back to and run counts as run.
    """
    last: dict[int, str | None] = {}
    for index, ended_by in endings:
        last[index] = ended_by
    return sum(1 for ended_by in last.values() if ended_by == "skip")


def outcome_text(status: str, skipped: int) -> str:
    """A session's status as the finish screen and `kick history` say it.

    A run that reached its end with steps skipped did not complete the plan:
    `finished, 3 steps skipped`. Every other status is said as it is stored.
    """
    if status == "completed" and skipped:
        return f"finished, {skipped} step{'s' if skipped != 1 else ''} skipped"
    return status
