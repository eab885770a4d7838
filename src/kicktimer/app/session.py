"""One run of one plan: the engine driven with the clock's time, its effects handed out.

This is the imperative shell around the pure engine, kept free of Textual so
its rules are plain to read: every event goes to the engine with the clock's
time; the effects that come back are added to the run's log and handed, with
a snapshot taken right after, to the run's consumers (history, sound and
voice, the timer screen, and whatever else the factory lists: see
`kicktimer.app.consumers`). Monotonic times are turned into local ISO 8601
wall-clock times by anchoring the two clocks once, when the session is created.

No consumer may stop the timer: each one is isolated, and one that fails is
reported once and then left out (the laps stay on screen and in `completed`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import TYPE_CHECKING

from kicktimer.app.clock import Clock
from kicktimer.app.consumers import Consumers, RunEffect, RunSnapshot
from kicktimer.core.engine import Engine, EngineView
from kicktimer.core.events import (
    Aborted,
    Event,
    Finished,
    SplitRecorded,
    Start,
    State,
    StepEnded,
    Tick,
)
from kicktimer.core.segments import Plan

if TYPE_CHECKING:
    from kicktimer.core.coach.session import AthleteRow
    from kicktimer.ports import LapFigures


@dataclass
class SessionLog:
    """What the screens need to remember of the run so far."""

    completed: list[StepEnded] = field(default_factory=list)
    splits: list[SplitRecorded] = field(default_factory=list)
    finished_total_s: float | None = None
    started_at_iso: str | None = None
    ended_at_iso: str | None = None
    figures: dict[tuple[int, float], LapFigures] = field(default_factory=dict)
    """What devices measured in each step, by (segment index, started at); empty without devices."""


class RunSession:
    """Drives an `Engine` with the clock's time and hands its effects to the run's consumers."""

    def __init__(
        self,
        plan: Plan,
        *,
        workout_yaml: str,
        clock: Clock,
        lead_in_s: float = 10.0,
        engine_factory: Callable[[Plan, float], Engine] = Engine,
    ) -> None:
        self.plan = plan
        self.workout_yaml = workout_yaml
        self.engine = engine_factory(plan, lead_in_s)
        self.log = SessionLog()
        self.session_id: int | None = None
        self.consumers = Consumers(())
        self._clock = clock
        self._anchor_mono = clock.now()
        self._anchor_wall = clock.wall_now()
        self.latest: RunSnapshot | None = None
        self.lap_figures: Callable[[StepEnded], LapFigures] | None = None
        """Set by a devices feed: belt distance, speed and heart rate for the lap being written."""
        self._after_frame: list[Callable[[], None]] = []
        self._laps: tuple[StepEnded, ...] = ()
        self._splits: tuple[SplitRecorded, ...] = ()

    # ---- time ----------------------------------------------------------

    def now(self) -> float:
        return self._clock.now()

    def iso(self, at: float) -> str:
        """A monotonic moment as local wall-clock ISO 8601 with milliseconds and offset."""
        wall = self._anchor_wall + timedelta(seconds=at - self._anchor_mono)
        return wall.isoformat(timespec="milliseconds")

    # ---- the consumers -------------------------------------------------

    def attach(self, consumers: Consumers) -> None:
        """The consumers this run feeds (built by the run control from the factory's list)."""
        self.consumers = consumers

    def saved_as(self, session_id: int) -> None:
        """The history has stored this session under `session_id`."""
        self.session_id = session_id

    def take_notices(self) -> list[str]:
        """New one-time messages from the consumers (and one per consumer that failed)."""
        return self.consumers.take_notices()

    def after_frame(self, callback: Callable[[], None]) -> bool:
        """Keep `callback` (a lap's commit) until the screen has drawn what this moment changed.

        A consumer's slow work must not sit between a boundary and its
        frame. It waits here until every consumer has had the moment, the
        timer screen included; then the run control hands it on to run after
        the frame (`take_after_frame`). Asked for from Textual directly, by
        the first consumer, it ran before the screen had anything to draw:
        Textual runs such callbacks as soon as the screen is idle, and the
        screen was idle until the timer's widgets reported their changes.
        """
        self._after_frame.append(callback)
        return True

    def take_after_frame(self) -> list[Callable[[], None]]:
        """The work kept by `after_frame` since the last call, in order."""
        waiting, self._after_frame = self._after_frame, []
        return waiting

    # ---- driving the engine -------------------------------------------

    @property
    def state(self) -> State:
        return self.engine.state

    def view(self, now: float | None = None) -> EngineView:
        """The engine at `now` (default: the clock's now)."""
        return self.engine.view(self._clock.now() if now is None else now)

    def send(self, make_event: Callable[[float], Event]) -> list[RunEffect]:
        """Send an event stamped with the current time; raises `IllegalEvent` unchanged."""
        event = make_event(self._clock.now())
        if isinstance(event, Start):
            self.log.started_at_iso = self.iso(event.now)
        return self._hand_out(self._handle(event))

    def press(self, key: str) -> list[RunEffect] | None:
        """A key the timer does not know itself; None: this run has no use for it."""
        return None

    def tick(self) -> list[RunEffect]:
        return self.send(Tick)

    def next_deadline(self) -> float | None:
        return self.engine.next_deadline()

    def _handle(self, event: Event) -> Sequence[RunEffect]:
        """The effects of one event (a coach run sends it through the board first)."""
        return self.engine.handle(event)

    # ---- effects and snapshots -----------------------------------------

    def _hand_out(self, effects: Sequence[RunEffect]) -> list[RunEffect]:
        """Log the effects, take the snapshot, and give both to every consumer."""
        for effect in effects:
            self._note(effect)
        snapshot = self.snapshot()
        self.consumers.effects(effects, snapshot)
        if snapshot.session_id != self.session_id:  # the history has just stored the session
            snapshot = self.latest = replace(snapshot, session_id=self.session_id)
        self.consumers.snapshot(snapshot)
        return list(effects)

    def _note(self, effect: RunEffect) -> None:
        if isinstance(effect, StepEnded):
            self.log.completed.append(effect)
        elif isinstance(effect, SplitRecorded):
            self.log.splits.append(effect)
        elif isinstance(effect, Finished):
            self.log.finished_total_s = effect.total_s
            self.log.ended_at_iso = self.iso(effect.at)
        elif isinstance(effect, Aborted):
            self.log.ended_at_iso = self.iso(effect.at)

    def snapshot(self, now: float | None = None) -> RunSnapshot:
        """The run at `now` (default: the clock's now); kept as `latest`."""
        at = self._clock.now() if now is None else now
        log = self.log
        if len(self._laps) != len(log.completed):  # copied when a lap is added, not every second
            self._laps = tuple(log.completed)
        if len(self._splits) != len(log.splits):
            self._splits = tuple(log.splits)
        self.latest = RunSnapshot(
            workout=self.plan.name,
            plan=self.plan,
            at=at,
            view=self.engine.view(at),
            laps=self._laps,
            splits=self._splits,
            session_id=self.session_id,
            started_at_iso=log.started_at_iso,
            ended_at_iso=log.ended_at_iso,
            finished_total_s=log.finished_total_s,
            athletes=self._athlete_rows(at),
        )
        return self.latest

    def _athlete_rows(self, at: float) -> tuple[AthleteRow, ...]:
        """Mode extras for the snapshot: a coach run's board rows (none solo)."""
        return ()
