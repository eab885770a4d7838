"""One run of one plan: the engine plus the I/O its effects call for.

This is the imperative shell around the pure engine, kept free of Textual so
its rules are plain to read: every event goes to the engine with the clock's
time, and every effect that comes back is carried out at once — sounds and
speech through `AudioOut`, laps through `HistoryStore` (each finished lap is
written the moment it ends, so a crash never costs one). Monotonic times are
turned into local ISO 8601 wall-clock times by anchoring the two clocks once,
when the session is created.

Neither the audio nor the store may stop the timer: the audio port promises
never to raise, and a store that fails is reported once and then left alone
(the laps stay on screen and in `completed`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from kicktimer.app.clock import Clock
from kicktimer.core.announce import start_sound, step_phrase
from kicktimer.core.engine import Engine, EngineView
from kicktimer.core.events import (
    Aborted,
    CountdownBeep,
    CueDue,
    Effect,
    Event,
    Finished,
    SplitRecorded,
    Start,
    State,
    StepEnded,
    StepStarted,
    Tick,
)
from kicktimer.core.segments import Plan
from kicktimer.ports import AudioOut, HistoryStore, LapRecord, SessionInfo


@dataclass
class SessionLog:
    """What the screens need to remember of the run so far."""

    completed: list[StepEnded] = field(default_factory=list)
    splits: list[SplitRecorded] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    finished_total_s: float | None = None
    started_at_iso: str | None = None
    ended_at_iso: str | None = None


class RunSession:
    """Drives an `Engine` with the clock's time and carries out its effects."""

    def __init__(
        self,
        plan: Plan,
        *,
        workout_yaml: str,
        clock: Clock,
        audio: AudioOut,
        store: HistoryStore,
        lead_in_s: float = 10.0,
        speak_steps: bool = True,
        engine_factory: Callable[[Plan, float], Engine] = Engine,
        athletes: Sequence[str] = (),
    ) -> None:
        self.plan = plan
        self.engine = engine_factory(plan, lead_in_s)
        self.log = SessionLog()
        self.session_id: int | None = None
        self._workout_yaml = workout_yaml
        self._clock = clock
        self._audio = audio
        self._store = store
        self._speak_steps = speak_steps
        self._store_failed = False
        self._anchor_mono = clock.now()
        self._anchor_wall = clock.wall_now()
        self._first_step_heard = False
        self._athletes = tuple(athletes)

    # ---- time ----------------------------------------------------------

    def now(self) -> float:
        return self._clock.now()

    def iso(self, at: float) -> str:
        """A monotonic moment as local wall-clock ISO 8601 with milliseconds and offset."""
        wall = self._anchor_wall + timedelta(seconds=at - self._anchor_mono)
        return wall.isoformat(timespec="milliseconds")

    # ---- driving the engine -------------------------------------------

    @property
    def state(self) -> State:
        return self.engine.state

    def view(self, now: float | None = None) -> EngineView:
        """The engine at `now` (default: the clock's now)."""
        return self.engine.view(self._clock.now() if now is None else now)

    def send(self, make_event: Callable[[float], Event]) -> list[Effect]:
        """Send an event stamped with the current time; raises `IllegalEvent` unchanged."""
        event = make_event(self._clock.now())
        if isinstance(event, Start):
            self._open_session(event.now)
        effects = self.engine.handle(event)
        for effect in effects:
            self._carry_out(effect)
        return effects

    def tick(self) -> list[Effect]:
        return self.send(Tick)

    def next_deadline(self) -> float | None:
        return self.engine.next_deadline()

    # ---- effects -------------------------------------------------------

    def _carry_out(self, effect: Effect) -> None:
        if isinstance(effect, StepStarted):
            self._step_started(effect)
        elif isinstance(effect, CueDue):
            self._cue_due(effect)
        elif isinstance(effect, CountdownBeep):
            self._audio.play("beep")
        elif isinstance(effect, StepEnded):
            self.log.completed.append(effect)
            self._record_lap(effect)
        elif isinstance(effect, SplitRecorded):
            self.log.splits.append(effect)
        elif isinstance(effect, Finished):
            self._audio.play("finish")
            self.log.finished_total_s = effect.total_s
            self._close_session("completed", effect.at)
        elif isinstance(effect, Aborted):
            self._close_session("aborted", effect.at)

    def _step_started(self, effect: StepStarted) -> None:
        segment = effect.segment
        self._audio.play(start_sound(segment, first=not self._first_step_heard))
        self._first_step_heard = True
        if self._speak_steps:
            self._audio.say(step_phrase(segment))

    def _cue_due(self, effect: CueDue) -> None:
        cue = effect.cue
        if cue.sound:
            self._audio.play(cue.sound)
        if cue.text:
            self._audio.say(cue.text)

    # ---- history -------------------------------------------------------

    def _open_session(self, at: float) -> None:
        self.log.started_at_iso = self.iso(at)
        info = SessionInfo(
            workout=self.plan.name,
            workout_yaml=self._workout_yaml,
            environment=self.plan.environment.value,
            reps=tuple(self.plan.reps),
            paces=dict(self.plan.paces_used),
            started_at=self.log.started_at_iso,
            athletes=self._athletes,
        )
        self._guard_store(lambda: self._set_session_id(self._store.start_session(info)))

    def _set_session_id(self, session_id: int) -> None:
        self.session_id = session_id

    def _record_lap(self, ended: StepEnded) -> None:
        session_id = self.session_id
        if session_id is None:
            return
        segment = ended.segment
        lap = LapRecord(
            index=segment.index,
            kind=segment.kind.value,
            label=segment.label,
            rep=segment.rep,
            planned_s=segment.duration_s,
            target_s=segment.target_s,
            actual_s=ended.active_s,
            paused_s=ended.paused_s,
            started_at=self.iso(ended.started_at),
            ended_at=self.iso(ended.ended_at),
            distance_m=segment.distance_m,
            ended_by=ended.reason,
        )
        self._guard_store(lambda: self._store.record_lap(session_id, lap))

    def _close_session(self, status: str, at: float) -> None:
        self.log.ended_at_iso = self.iso(at)
        session_id = self.session_id
        if session_id is None:
            return
        ended_at = self.log.ended_at_iso
        self._guard_store(lambda: self._store.finish_session(session_id, status, ended_at))

    def _guard_store(self, write: Callable[[], None]) -> None:
        """Write to the history; a failing store is reported once and the timer goes on."""
        if self._store_failed:
            return
        try:
            write()
        except Exception as error:  # any store failure must not stop a runner mid-rep
            self._store_failed = True
            self.log.notices.append(f"History not saved: {error}. Your laps stay on screen.")

    def take_notices(self) -> list[str]:
        """New one-time messages from the store and the audio, for the screen."""
        notices = [*self.log.notices, *self._audio.take_notices()]
        self.log.notices.clear()
        return notices
