"""Coach mode: one engine for the group's clock, one board for the athletes' splits.

`CoachSession` is the one object the app talks to in coach mode. Timer keys
go through `handle(event)` exactly as in a solo run; athlete keys and `u` go
through `handle_key`. Both return the engine's effects, each followed by what
the board made of it, in the order they happened. When the last athlete
crosses, the session itself sends the engine the Lap that closes the rep, at
the time of that crossing.

The pieces live in their own modules: athletes and keys
(`coach_athletes`), the board and its effects (`coach_board`), results,
stats and the kick (`coach_results`). Everything is re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeAlias

from kicktimer.core.coach.athletes import (
    CANDIDATE_KEYS,
    TIMER_KEYS,
    Athlete,
    AthleteError,
    NameProblem,
    assign_keys,
    athlete_keys,
    max_athletes,
    name_problems,
)
from kicktimer.core.coach.board import (
    AllIn,
    AthleteRow,
    AthleteStatus,
    BoardEffect,
    CoachBoard,
    Ignored,
    IgnoreReason,
    RepClosed,
    RepDiscarded,
    SplitTaken,
    SplitUndone,
)
from kicktimer.core.coach.results import (
    AthleteSplit,
    AthleteStats,
    GroupRep,
    Results,
    is_rep,
    kick_of,
    stats_of,
)
from kicktimer.core.coach.targets import AthleteTargets
from kicktimer.core.events import Effect, Event, Lap, State, Tick
from kicktimer.core.report import Kick

__all__ = [
    "CANDIDATE_KEYS",
    "TIMER_KEYS",
    "UNDO_KEY",
    "AllIn",
    "Athlete",
    "AthleteError",
    "AthleteRow",
    "AthleteSplit",
    "AthleteStats",
    "AthleteStatus",
    "BoardEffect",
    "CoachBoard",
    "CoachSession",
    "GroupRep",
    "IgnoreReason",
    "Ignored",
    "Kick",
    "NameProblem",
    "RepClosed",
    "RepDiscarded",
    "Results",
    "SessionEffect",
    "SplitTaken",
    "SplitUndone",
    "assign_keys",
    "athlete_keys",
    "is_rep",
    "kick_of",
    "max_athletes",
    "name_problems",
    "stats_of",
]

UNDO_KEY = "u"

SessionEffect: TypeAlias = Effect | BoardEffect

_TICKING = (State.LEAD_IN, State.RUNNING, State.WAITING_FOR_LAP)


class EngineLike(Protocol):
    """What the session needs of `kicktimer.core.engine.Engine`."""

    @property
    def state(self) -> State: ...

    def handle(self, event: Event) -> list[Effect]: ...

    def next_deadline(self) -> float | None: ...

    def step_running_s(self, now: float) -> float: ...


class CoachSession:
    """The engine and the board together, so the app has one object to drive in coach mode."""

    def __init__(
        self, engine: EngineLike, athletes: Sequence[Athlete], targets: AthleteTargets | None = None
    ) -> None:
        self.engine = engine
        self.board = CoachBoard(athletes, engine, targets)

    @property
    def athletes(self) -> tuple[Athlete, ...]:
        return self.board.athletes

    def handle(self, event: Event) -> list[SessionEffect]:
        """Any engine event (space is `Lap`). Raises IllegalEvent, leaving engine and board unchanged."""
        return self._follow(self.engine.handle(event))

    def handle_key(self, key: str, now: float) -> list[SessionEffect] | None:
        """An athlete's key or `u`; None when the key is neither (the app handles it as a timer key)."""
        if key == UNDO_KEY:
            return self.undo(now)
        athlete = self.board.athlete_for_key(key)
        return None if athlete is None else self.crossing(athlete, now)

    def crossing(self, who: str | int | Athlete, now: float) -> list[SessionEffect]:
        """An athlete crossed at `now`; closes the rep through the engine when they were the last one out."""
        out = self._catch_up(now)
        taken = self.board.crossing(who, now)
        out.extend(taken)
        if any(isinstance(e, AllIn) for e in taken) and self.engine.state is State.WAITING_FOR_LAP:
            out.extend(self.handle(Lap(now)))
        return out

    def undo(self, now: float) -> list[SessionEffect]:
        """Take back the most recent split still standing (see `coach_board` for how far back)."""
        out = self._catch_up(now)
        out.extend(self.board.undo(now))
        return out

    def rows(self, now: float) -> tuple[AthleteRow, ...]:
        return self.board.rows(now)

    def results(self) -> Results:
        return self.board.results()

    def _catch_up(self, now: float) -> list[SessionEffect]:
        """Let the engine pass any boundary due by `now` first, so a crossing lands on the right rep."""
        deadline = self.engine.next_deadline()
        if self.engine.state in _TICKING and deadline is not None and deadline <= now:
            return self.handle(Tick(now))
        return []

    def _follow(self, effects: list[Effect]) -> list[SessionEffect]:
        out: list[SessionEffect] = []
        for effect in effects:
            out.append(effect)
            out.extend(self.board.observe([effect]))
        return out
