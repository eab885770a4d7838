"""The coach's board: one clock for the group, one split per athlete per rep.

The board never reads a clock and never drives the engine. It watches the
engine's effects (every list `Engine.handle` returns must be passed to
`observe`) to know when a rep starts and ends, and it takes athlete
crossings with the time they happened. A split is the rep's running time
read off the engine at that moment (`Engine.step_running_s`: pauses left
out), so a split and the group clock are one figure, not two that agree.

Rules, as a coach meets them:
- Splits are taken on reps: work steps that wait for the lap key (a distance
  run on the track). Elsewhere a crossing is ignored ("no rep"), and so is a
  crossing while the clock is paused ("paused").
- A second press for an athlete already in is ignored ("already in").
- When the last athlete is in, the board says so (`AllIn`); the session turns
  that into the engine's Lap, which closes the rep.
- A rep that ends any other way (space, a send-off, skip, quit) marks everyone
  still out as DNF on it. A rep taken back (`back`) is discarded and will be
  run again; so is a skipped or quit rep nobody had finished.
- Undo removes the most recent split still standing: first in the rep in
  progress; with none there, in the rep just closed, for as long as the next
  rep has not started (the group is recovering). Undoing a split of a closed
  rep makes that athlete DNF on it, because the clock can't be reopened.
- A closed rep can no longer change once the next rep starts, or the
  session finishes or is aborted. The history does not wait for that: the
  shell writes each split as it is taken and each DNF as its rep closes, and
  takes back what an undo or a rerun removes (`app/coach/history.py`). A rep
  run again (taken back across a whole rep) keeps only its new splits.
- Each athlete's split is against their own target (`AthleteTargets`, from
  the roster): their splits carry the rep's segment with that target in
  place of the plan's, so every difference, history row and export agrees.
  Without a table, everyone has the plan's targets.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol, TypeAlias

from kicktimer.core.coach.athletes import Athlete
from kicktimer.core.coach.results import (
    AthleteSplit,
    AthleteStats,
    GroupRep,
    Results,
    is_rep,
    stats_of,
)
from kicktimer.core.coach.targets import AthleteTargets
from kicktimer.core.events import (
    Aborted,
    Effect,
    EndReason,
    Finished,
    State,
    StepEnded,
    StepStarted,
)
from kicktimer.core.segments import Segment

# ---- board effects (board → shell) -----------------------------------------

IgnoreReason = Literal["already in", "no rep", "paused", "nothing to undo"]


@dataclass(frozen=True)
class SplitTaken:
    """An athlete crossed: their split on the current rep; `still_out` athletes have yet to finish."""

    athlete: Athlete
    segment: Segment
    split_s: float
    at: float
    still_out: int

    @property
    def diff_s(self) -> float | None:
        return None if self.segment.target_s is None else self.split_s - self.segment.target_s


@dataclass(frozen=True)
class Ignored:
    """A key press that changed nothing, and why (for the app to flash)."""

    action: Literal["crossing", "undo"]
    reason: IgnoreReason
    at: float
    athlete: Athlete | None = None


@dataclass(frozen=True)
class SplitUndone:
    """A split taken back. `closed` is True when its rep had already closed: the athlete is now DNF there."""

    athlete: Athlete
    segment: Segment
    split_s: float
    at: float
    closed: bool


@dataclass(frozen=True)
class AllIn:
    """Every athlete is in: the rep should close now (the session sends the engine a Lap)."""

    segment: Segment
    at: float


@dataclass(frozen=True)
class RepClosed:
    """A rep is over for the group; still-out athletes are DNF in `result`."""

    result: GroupRep


@dataclass(frozen=True)
class RepDiscarded:
    """A rep that leaves no column: taken back to be run again, or skipped/quit with nobody in."""

    segment: Segment
    reason: EndReason


BoardEffect: TypeAlias = SplitTaken | Ignored | SplitUndone | AllIn | RepClosed | RepDiscarded


# ---- the board's rows --------------------------------------------------------

AthleteStatus = Literal["out", "in", "between reps"]


@dataclass(frozen=True)
class AthleteRow:
    """What one row of the board shows at a given moment.

    `live_s` is the running split on the rep in progress (frozen at their
    split once they are in; None between reps). `stats` covers every split
    taken so far, the current rep's included once they are in.
    """

    athlete: Athlete
    status: AthleteStatus
    live_s: float | None
    target_s: float | None
    stats: AthleteStats

    @property
    def live_diff_s(self) -> float | None:
        """Live split minus the rep's target: negative is ahead."""
        if self.live_s is None or self.target_s is None:
            return None
        return self.live_s - self.target_s


# ---- the board -----------------------------------------------------------------


class RepClock(Protocol):
    """The engine, as the board reads it: is the clock paused, and the step's running time."""

    @property
    def state(self) -> State: ...

    def step_running_s(self, now: float) -> float: ...


@dataclass
class _OpenRep:
    segment: Segment
    started_at: float
    splits: dict[int, AthleteSplit] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)


@dataclass
class _ClosedRep:
    result: GroupRep
    order: list[int]


class CoachBoard:
    """Athlete splits over the engine's reps. Feed it every effect list the engine returns."""

    def __init__(
        self, athletes: Sequence[Athlete], clock: RepClock, targets: AthleteTargets | None = None
    ) -> None:
        if not athletes:
            raise ValueError("a coach board needs at least one athlete")
        self.athletes: tuple[Athlete, ...] = tuple(athletes)
        self.targets = targets
        self._by_key = {a.key: a for a in self.athletes}
        self._open: _OpenRep | None = None
        self._pending: _ClosedRep | None = None
        self._reps: dict[int, GroupRep] = {}
        self._clock = clock
        # Stats over the closed reps change only when a rep closes, is dropped or has a split
        # undone; `rows` runs every displayed second, so they are kept here until then.
        self._results: Results | None = None
        self._stats: dict[int, tuple[AthleteSplit | None, AthleteStats]] = {}

    # ---- lookups ----

    def athlete(self, who: str | int | Athlete) -> Athlete:
        """An athlete by key ("1", "a"), by board index (0-based) or as is; KeyError if unknown."""
        if isinstance(who, Athlete):
            if who not in self.athletes:
                raise KeyError(who.name)
            return who
        if isinstance(who, int):
            if not 0 <= who < len(self.athletes):
                raise KeyError(who)
            return self.athletes[who]
        return self._by_key[who]

    def athlete_for_key(self, key: str) -> Athlete | None:
        return self._by_key.get(key)

    @property
    def rep_open(self) -> bool:
        """True while a rep is in progress (crossings are taken)."""
        return self._open is not None

    @property
    def current_segment(self) -> Segment | None:
        return None if self._open is None else self._open.segment

    @property
    def still_out(self) -> tuple[Athlete, ...]:
        """Athletes yet to cross on the rep in progress (none between reps)."""
        if self._open is None:
            return ()
        return tuple(a for a in self.athletes if a.index not in self._open.splits)

    # ---- engine effects ----

    def observe(self, effects: Iterable[Effect]) -> list[BoardEffect]:
        """Follow the engine: reps start and end here. Returns what the board did."""
        out: list[BoardEffect] = []
        for effect in effects:
            if isinstance(effect, StepStarted):
                out.extend(self._step_started(effect))
            elif isinstance(effect, StepEnded):
                out.extend(self._step_ended(effect))
            elif isinstance(effect, Finished | Aborted):
                out.extend(self._session_over(effect.at))
        return out

    def _step_started(self, effect: StepStarted) -> list[BoardEffect]:
        segment = effect.segment
        if not is_rep(segment):
            return []
        out: list[BoardEffect] = []
        if self._pending is not None:
            if self._pending.result.segment.index == segment.index:
                self._drop_rep(segment.index)
                out.append(RepDiscarded(segment, "back"))
                self._pending = None
            else:
                self._pending = None  # the closed rep can no longer be undone
        self._drop_rep(segment.index)
        self._open = _OpenRep(segment, effect.at)
        return out

    def _step_ended(self, effect: StepEnded) -> list[BoardEffect]:
        rep = self._open
        if rep is None or rep.segment.index != effect.segment.index:
            return []
        self._open = None
        if effect.reason == "back" or (effect.reason in ("skip", "quit") and not rep.splits):
            return [RepDiscarded(rep.segment, effect.reason)]
        return self._close(rep, effect.ended_at, effect.paused_s, effect.reason)

    def _close(self, rep: _OpenRep, ended_at: float, paused_s: float, reason: EndReason) -> list[BoardEffect]:
        splits = tuple(
            rep.splits.get(a.index) or AthleteSplit(a, self._own(a, rep.segment), None, None, paused_s)
            for a in self.athletes
        )
        result = GroupRep(rep.segment, rep.started_at, ended_at, paused_s, reason, splits)
        self._keep_rep(result)
        self._pending = _ClosedRep(result, list(rep.order))
        return [RepClosed(result)]

    def _session_over(self, at: float) -> list[BoardEffect]:
        out: list[BoardEffect] = []
        rep = self._open
        if rep is not None:
            self._open = None
            if rep.splits:
                paused_s = max(0.0, at - rep.started_at - self._clock.step_running_s(at))
                out.extend(self._close(rep, at, paused_s, "quit"))
            else:
                out.append(RepDiscarded(rep.segment, "quit"))
        self._pending = None
        return out

    # ---- the coach's keys ----

    def crossing(self, who: str | int | Athlete, now: float) -> list[BoardEffect]:
        """Take an athlete's split at `now`. KeyError for an unknown athlete."""
        athlete = self.athlete(who)
        rep = self._open
        if rep is None:
            return [Ignored("crossing", "no rep", now, athlete)]
        if self._clock.state is State.PAUSED:
            return [Ignored("crossing", "paused", now, athlete)]
        if athlete.index in rep.splits:
            return [Ignored("crossing", "already in", now, athlete)]
        split_s = self._clock.step_running_s(now)
        paused_s = max(0.0, now - rep.started_at - split_s)
        segment = self._own(athlete, rep.segment)
        rep.splits[athlete.index] = AthleteSplit(athlete, segment, split_s, now, paused_s)
        rep.order.append(athlete.index)
        still_out = len(self.athletes) - len(rep.splits)
        out: list[BoardEffect] = [SplitTaken(athlete, segment, split_s, now, still_out)]
        if still_out == 0:
            out.append(AllIn(rep.segment, now))
        return out

    def undo(self, now: float) -> list[BoardEffect]:
        """Take back the most recent split still standing (see the module's rules)."""
        rep = self._open
        if rep is not None and rep.order:
            index = rep.order.pop()
            split = rep.splits.pop(index)
            return [SplitUndone(split.athlete, rep.segment, split.split_s or 0.0, now, closed=False)]
        pending = self._pending
        if pending is not None and pending.order:
            index = pending.order.pop()
            result = pending.result
            split = result.splits[index]
            dnf = replace(split, split_s=None, at=None, paused_s=result.paused_s)
            splits = tuple(dnf if i == index else s for i, s in enumerate(result.splits))
            pending.result = replace(result, splits=splits)
            self._keep_rep(pending.result)
            return [SplitUndone(split.athlete, result.segment, split.split_s or 0.0, now, closed=True)]
        return [Ignored("undo", "nothing to undo", now)]

    # ---- reading the board ----

    def rows(self, now: float) -> tuple[AthleteRow, ...]:
        """Every athlete's row at `now`, in board order.

        Called once per displayed second: only the live split is computed here; each
        athlete's stats come from a cache that changes when their splits do.
        """
        rep = self._open
        rows: list[AthleteRow] = []
        for athlete in self.athletes:
            if rep is None:
                rows.append(AthleteRow(athlete, "between reps", None, None, self._stats_of(athlete, None)))
                continue
            taken = rep.splits.get(athlete.index)
            status: AthleteStatus = "out" if taken is None else "in"
            live = self._clock.step_running_s(now) if taken is None else taken.split_s or 0.0
            target = self._own(athlete, rep.segment).target_s
            rows.append(AthleteRow(athlete, status, live, target, self._stats_of(athlete, taken)))
        return tuple(rows)

    def results(self) -> Results:
        """The closed reps so far (the rep in progress is not in it), in plan order."""
        if self._results is None:
            reps = tuple(self._reps[index] for index in sorted(self._reps))
            self._results = Results(self.athletes, reps)
        return self._results

    def _stats_of(self, athlete: Athlete, taken: AthleteSplit | None) -> AthleteStats:
        """Stats over the closed reps, plus `taken` (their split on the open rep) when they are in."""
        cached = self._stats.get(athlete.index)
        if cached is not None and cached[0] is taken:
            return cached[1]
        splits = self.results().splits_of(athlete)
        stats = stats_of(splits if taken is None else (*splits, taken))
        self._stats[athlete.index] = (taken, stats)
        return stats

    def _keep_rep(self, result: GroupRep) -> None:
        self._reps[result.segment.index] = result
        self._forget_stats()

    def _drop_rep(self, index: int) -> None:
        if self._reps.pop(index, None) is not None:
            self._forget_stats()

    def _forget_stats(self) -> None:
        self._results = None
        self._stats.clear()

    def _own(self, athlete: Athlete, segment: Segment) -> Segment:
        """The rep as this athlete runs it: the plan's segment with their own target."""
        if self.targets is None:
            return segment
        target = self.targets.of(athlete, segment)
        return segment if target == segment.target_s else replace(segment, target_s=target)
