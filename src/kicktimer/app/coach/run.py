"""Coach mode's shell: the group's run, plus every athlete's split kept in the history as it happens.

`CoachRunSession` is a `RunSession` (sounds, speech, the clock's own laps)
whose events go through the pure `CoachSession`, so the board sees every
engine effect. What it adds is the history of the athletes' splits, written
so that nothing a coach has taken is lost if the laptop dies:

- each split is written the moment its key is pressed (`SplitTaken`);
- athletes still out when a rep closes (space, a send-off, quit) get a DNF
  row then (`RepClosed`);
- an undone split is taken back out of the history (`HistoryStore.void_laps`);
  undone after its rep closed, the athlete is DNF on it and that row is written;
- a rep taken back with Back, or run again, loses the rows it had.

The group clock's own row for each step is still written, with no athlete, so
the session reads as the plan was run (recoveries included); `kick export`'s
CSV leaves that row out for steps that have athlete splits. The board's
`AthleteLapsFinal` is not written again: by then its rows are all stored.

Coach mode needs reps to split: work steps run to the lap key (distances on a
track or road). `require_reps` refuses a plan with none, before any screen
opens on the command line, and in the preview when `w` picks the treadmill.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from kicktimer.app.clock import Clock
from kicktimer.app.picking import Planner
from kicktimer.app.session import RunSession
from kicktimer.core.coach.session import (
    Athlete,
    AthleteLap,
    AthleteRow,
    BoardEffect,
    CoachSession,
    RepClosed,
    RepDiscarded,
    Results,
    SessionEffect,
    SplitTaken,
    SplitUndone,
    is_rep,
)
from kicktimer.core.engine import EngineView
from kicktimer.core.events import Effect, Event, Start, StepStarted
from kicktimer.core.segments import Plan
from kicktimer.errors import Problem, WorkoutError
from kicktimer.ports import AudioOut, HistoryStore, LapRecord
from kicktimer.workout.model import Environment, Workout

NO_REPS = "coach mode takes each athlete's split on distance reps run to the lap key, and this plan has none"
NO_REPS_HINT = "run it without --athletes, or choose a workout with distance reps on a track or road"
TREADMILL = "coach mode needs a track or road: on a treadmill the belt times every distance"
TREADMILL_HINT = "choose --where track or --where road"


def require_reps(plan: Plan, workout: Workout) -> None:
    """Raise WorkoutError (pointing at the workout's steps) unless the plan has a rep to split."""
    if any(is_rep(segment) for segment in plan.segments):
        return
    pos = workout.key_pos.get("steps", workout.pos)
    if plan.environment is Environment.TREADMILL:
        raise WorkoutError([Problem(workout.file, pos, TREADMILL, TREADMILL_HINT)])
    raise WorkoutError([Problem(workout.file, pos, NO_REPS, NO_REPS_HINT)])


def coach_planner(planner: Planner) -> Planner:
    """A planner that also refuses plans with no rep to split (the preview shows why)."""

    def plan_for(workout: Workout, where: Environment | None, reps: tuple[int, ...]) -> Plan:
        plan = planner(workout, where, reps)
        require_reps(plan, workout)
        return plan

    return plan_for


class CoachRunSession(RunSession):
    """A run for a group: one clock, a split per athlete per rep, each one stored as it is taken."""

    def __init__(
        self,
        plan: Plan,
        *,
        athletes: Sequence[Athlete],
        workout_yaml: str,
        clock: Clock,
        audio: AudioOut,
        store: HistoryStore,
        lead_in_s: float = 10.0,
        speak_steps: bool = True,
    ) -> None:
        super().__init__(
            plan,
            workout_yaml=workout_yaml,
            clock=clock,
            audio=audio,
            store=store,
            lead_in_s=lead_in_s,
            speak_steps=speak_steps,
            athletes=[athlete.name for athlete in athletes],
        )
        self.coach = CoachSession(self.engine, athletes)
        self._history = store
        self._viewed_at = clock.now()
        self._rep_started: dict[int, float] = {}
        self._stored: set[tuple[int, str]] = set()
        self._news: list[BoardEffect] = []

    @property
    def athletes(self) -> tuple[Athlete, ...]:
        return self.coach.athletes

    # ---- what the board shows ------------------------------------------

    def view(self, now: float | None = None) -> EngineView:
        """The engine at `now`; the board's rows are read at the same moment (see `rows`)."""
        self._viewed_at = self.now() if now is None else now
        return super().view(self._viewed_at)

    def rows(self) -> tuple[AthleteRow, ...]:
        """Every athlete's row at the moment of the latest view, so live splits and the big clock agree."""
        return self.coach.rows(self._viewed_at)

    def results(self) -> Results:
        return self.coach.results()

    def take_board_news(self) -> list[BoardEffect]:
        """What the board did since the last call (splits taken, presses ignored...), for the screen."""
        news, self._news = self._news, []
        return news

    # ---- driving -------------------------------------------------------

    def send(self, make_event: Callable[[float], Event]) -> list[Effect]:
        """A timer event (space, p, n, a tick...), through the board; raises IllegalEvent unchanged."""
        event = make_event(self.now())
        if isinstance(event, Start):
            self._open_session(event.now)
        return self._carry_out_all(self.coach.handle(event))

    def press(self, key: str) -> list[Effect] | None:
        """An athlete's key or `u` (undo); None when the key is neither."""
        effects = self.coach.handle_key(key, self.now())
        return None if effects is None else self._carry_out_all(effects)

    def _carry_out_all(self, effects: list[SessionEffect]) -> list[Effect]:
        """Engine effects as in a solo run; board effects kept for the history and the screen."""
        engine_effects: list[Effect] = []
        for effect in effects:
            if isinstance(effect, BoardEffect):
                self._news.append(effect)
                self._keep(effect)
                continue
            if isinstance(effect, StepStarted):
                self._step_starting(effect)
            engine_effects.append(effect)
            self._carry_out(effect)
        return engine_effects

    # ---- the history of the athletes' splits ---------------------------

    def _step_starting(self, started: StepStarted) -> None:
        """A rep starts: remember when, and take back rows from an earlier run of the same rep."""
        segment = started.segment
        if is_rep(segment):
            self._rep_started[segment.index] = started.at
            self._void_step(segment.index)

    def _keep(self, effect: BoardEffect) -> None:
        if isinstance(effect, SplitTaken):
            self._store_split(effect)
        elif isinstance(effect, RepClosed):
            for lap in effect.result.laps():
                if lap.ended_by == "dnf":
                    self._write(lap.to_lap_record(self.iso))
        elif isinstance(effect, SplitUndone):
            self._void(effect.segment.index, effect.athlete.name)
            if effect.closed:
                self._store_dnf(effect.segment.index, effect.athlete)
        elif isinstance(effect, RepDiscarded):
            self._void_step(effect.segment.index)

    def _store_split(self, taken: SplitTaken) -> None:
        segment = taken.segment
        started = self._rep_started.get(segment.index, taken.at - taken.split_s)
        lap = AthleteLap(
            athlete=taken.athlete.name,
            index=segment.index,
            kind=segment.kind.value,
            label=segment.label,
            rep=segment.rep,
            planned_s=segment.duration_s,
            target_s=segment.target_s,
            actual_s=taken.split_s,
            paused_s=max(0.0, taken.at - started - taken.split_s),
            started_at=started,
            ended_at=taken.at,
            distance_m=segment.distance_m,
            ended_by="lap",
        )
        self._write(lap.to_lap_record(self.iso))

    def _store_dnf(self, index: int, athlete: Athlete) -> None:
        """An athlete made DNF on a closed rep (their split there was undone)."""
        for rep in self.coach.results().reps:
            if rep.segment.index == index:
                for lap in rep.laps():
                    if lap.athlete == athlete.name:
                        self._write(lap.to_lap_record(self.iso))

    def _write(self, lap: LapRecord) -> None:
        session_id = self.session_id
        if session_id is None or lap.athlete is None:
            return
        self._guard_store(lambda: self._history.record_lap(session_id, lap))
        self._stored.add((lap.index, lap.athlete))

    def _void(self, index: int, athlete: str) -> None:
        session_id = self.session_id
        if session_id is None or (index, athlete) not in self._stored:
            return
        self._stored.discard((index, athlete))
        self._guard_store(lambda: self._history.void_laps(session_id, index, athlete))

    def _void_step(self, index: int) -> None:
        for stored_index, athlete in sorted(self._stored):
            if stored_index == index:
                self._void(index, athlete)
