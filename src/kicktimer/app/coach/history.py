"""Coach mode's history: every athlete's split kept as it happens, on top of the group clock's laps.

Written so that nothing a coach has taken is lost if the laptop dies:

- each split is written the moment its key is pressed (`SplitTaken`);
- athletes still out when a rep closes (space, a send-off, quit) get a DNF
  row then (`RepClosed`);
- an undone split is taken back out of the history (`HistoryStore.void_laps`);
  undone after its rep closed, the athlete is DNF on it and that row is written;
- a rep taken back with Back, or run again, loses the rows it had.

The group clock's own row for each step is still written, with no athlete, so
the session reads as the plan was run (recoveries included); `kick export`'s
CSV leaves that row out for steps that have athlete splits. Every row is a
`core.laps.FinishedLap`, turned into a stored row by its one `to_lap_record`.
"""

from __future__ import annotations

from functools import partial

from kicktimer.app.coach.run import CoachRunSession
from kicktimer.app.consumers import RunEffect, RunSnapshot
from kicktimer.app.history_writer import AfterFrame, HistoryWriter
from kicktimer.core.coach.session import (
    Athlete,
    RepClosed,
    RepDiscarded,
    SplitTaken,
    SplitUndone,
    is_rep,
)
from kicktimer.core.events import StepStarted
from kicktimer.core.laps import FinishedLap
from kicktimer.ports import HistoryStore, LapRecord


class CoachHistoryWriter(HistoryWriter):
    """The group clock's laps (as solo), plus each athlete's split, DNF and undo."""

    def __init__(
        self, session: CoachRunSession, store: HistoryStore, after_frame: AfterFrame | None = None
    ) -> None:
        athletes = [athlete.name for athlete in session.athletes]
        super().__init__(session, store, athletes=athletes, after_frame=after_frame)
        self._coach_run = session
        self._rep_started: dict[int, float] = {}
        self._stored: set[tuple[int, str]] = set()

    def write(self, effect: RunEffect, snapshot: RunSnapshot) -> None:
        if isinstance(effect, StepStarted):
            self._step_starting(effect)
        elif isinstance(effect, SplitTaken):
            self._store_split(effect)
        elif isinstance(effect, RepClosed):
            for lap in effect.result.laps():
                if lap.ended_by == "dnf":
                    self._write(lap.to_lap_record(self._coach_run.iso))
        elif isinstance(effect, SplitUndone):
            self._void(effect.segment.index, effect.athlete.name)
            if effect.closed:
                self._store_dnf(effect.segment.index, effect.athlete)
        elif isinstance(effect, RepDiscarded):
            self._void_step(effect.segment.index)
        else:
            super().write(effect, snapshot)

    def _step_starting(self, started: StepStarted) -> None:
        """A rep starts: remember when, and take back rows from an earlier run of the same rep."""
        segment = started.segment
        if is_rep(segment):
            self._rep_started[segment.index] = started.at
            self._void_step(segment.index)

    def _store_split(self, taken: SplitTaken) -> None:
        segment = taken.segment
        started = self._rep_started.get(segment.index, taken.at - taken.split_s)
        lap = FinishedLap(
            segment,
            actual_s=taken.split_s,
            paused_s=max(0.0, taken.at - started - taken.split_s),
            started_at=started,
            ended_at=taken.at,
            ended_by="lap",
            athlete=taken.athlete.name,
        )
        self._write(lap.to_lap_record(self._coach_run.iso))

    def _store_dnf(self, index: int, athlete: Athlete) -> None:
        """An athlete made DNF on a closed rep (their split there was undone)."""
        for rep in self._coach_run.results().reps:
            if rep.segment.index == index:
                for lap in rep.laps():
                    if lap.athlete == athlete.name:
                        self._write(lap.to_lap_record(self._coach_run.iso))

    def _write(self, lap: LapRecord) -> None:
        session_id = self.session_id
        if session_id is None or lap.athlete is None:
            return
        self.keep(partial(self._store.record_lap, session_id, lap))
        self._stored.add((lap.index, lap.athlete))

    def _void(self, index: int, athlete: str) -> None:
        session_id = self.session_id
        if session_id is None or (index, athlete) not in self._stored:
            return
        self._stored.discard((index, athlete))
        self.keep(partial(self._store.void_laps, session_id, index, athlete))

    def _void_step(self, index: int) -> None:
        for stored_index, athlete in sorted(self._stored):
            if stored_index == index:
                self._void(index, athlete)
