"""The timing engine: a pure state machine that walks a Plan.

It has no clock. Every event carries `now` (monotonic seconds) and every
effect carries the exact time it belongs to, so the shell sleeps until
`next_deadline()`, sends a `Tick` then, and carries out the effects.

Zero drift. A step's end is computed from its start (which is the previous
step's end), its planned duration, the pauses inside it and any adjustment;
never from when a tick arrived. A late tick catches up: every boundary, cue
and beep passed since is emitted in order, each with its own time. Times are
kept internally as exact fractions (a float converts to a Fraction without
loss), so a chain of a thousand boundaries is the exact sum of the durations,
rounded once when it leaves the engine: a 10-hour plan ends exactly at its
planned total.

Transitions: `TRANSITIONS` maps each state and event type to the handler
and the states the event may lead to (after catching up on time), as h11's
`_state.py` does; anything not in it raises IllegalEvent with the reason and
leaves the engine untouched, and an event that lands anywhere else is a bug
the engine refuses the same way. `transition_table()` prints it; this copy is
checked against it by a test, so it cannot drift:

    READY            Start → LEAD_IN | RUNNING | WAITING_FOR_LAP | FINISHED
                     Tick → READY
                     Quit → ABORTED
    LEAD_IN          Tick → LEAD_IN | RUNNING | WAITING_FOR_LAP | FINISHED
                     Pause → PAUSED
                     Skip → RUNNING | WAITING_FOR_LAP | FINISHED
                     Quit → ABORTED
    RUNNING          Tick → RUNNING | WAITING_FOR_LAP | FINISHED
                     Pause → PAUSED
                     Skip → RUNNING | WAITING_FOR_LAP | FINISHED
                     Back → RUNNING | WAITING_FOR_LAP | FINISHED
                     Adjust → RUNNING | WAITING_FOR_LAP | FINISHED
                     Quit → ABORTED
    WAITING_FOR_LAP  Tick → RUNNING | WAITING_FOR_LAP | FINISHED
                     Lap → RUNNING | WAITING_FOR_LAP | FINISHED
                     Pause → PAUSED
                     Skip → RUNNING | WAITING_FOR_LAP | FINISHED
                     Back → RUNNING | WAITING_FOR_LAP | FINISHED
                     Quit → ABORTED
    PAUSED           Tick → PAUSED
                     Resume → LEAD_IN | RUNNING | WAITING_FOR_LAP | FINISHED
                     Quit → ABORTED
    FINISHED         Tick → FINISHED
    ABORTED          Tick → ABORTED

A step's end leads on to the next step (RUNNING when it is timed,
WAITING_FOR_LAP when it waits for the lap key) or, after the last, to
FINISHED. Resume goes back to the state the pause interrupted.

Before any event is applied in LEAD_IN, RUNNING or WAITING_FOR_LAP, the
engine first catches up to its `now` (so a key pressed just after a boundary
acts on the new step), and afterwards it catches up again (a cue at offset 0
comes right after its StepStarted). Whether the event is legal is judged
after the first catch-up; if it is not, nothing is kept.

The lap key (`Lap`) only ends lap steps. It is illegal during a timed step:
one key meaning "lap" on one step and "pause" on the next is how a coach
stops the clock by mistake, so the lap key never pauses.

Definitions:
- Back: with more than 3 s of running time in the step, restart it; else go
  to the previous step (restart when it is the first).
- Adjust(seconds) moves a timed step's end; never before now (it then ends
  now). Not on lap steps, nor on a send-off's recovery (it lasts until the
  next repetition's start by definition).
- Countdown beeps: `remaining=k` at end − k for k = plan.countdown..1 with
  k < the step's length, leaving out k ≤ the segment's `beeps_left_out`
  (the cue scheduler's room for the step's `at: end` cues).
- Cues: due at start + offset of running time; a cue whose offset is past
  the step's actual end never comes due (one exactly at the end does, just
  before StepEnded). A cue with `before_end_s` (`at: end` on a timed step)
  is due that long before the step's actual end instead, like the beeps,
  so +/-10 s carries it along.
- Send-offs: when a repetition's first segment starts, its deadline is that
  start + sendoff_s (plus any pause). The recovery (`fills_sendoff`) ends at
  the deadline; a step of the repetition still going at the deadline ends
  there (reason "sendoff"), the repetition's remaining steps start and end
  there (zero length, so steps stay one at a time), and the next repetition
  starts on the clock. Going back into the middle of an earlier repetition
  puts you at that step's planned place on its send-off clock.
- Finished.total_s: from the first step's start to the last step's end,
  pauses included (the lead-in is not part of the workout).
- `completed`: every StepEnded so far, in order (steps left by Back too; the
  reason tells them apart).

Coach mode adds nothing here: `core/coach/` follows the engine's effects
and takes each athlete's split beside it (the group's clock is this engine).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from copy import copy
from dataclasses import dataclass
from fractions import Fraction

from kicktimer.core.engine_plan import PlanShape, planned_s
from kicktimer.core.engine_view import EngineView
from kicktimer.core.events import (
    Aborted,
    Adjust,
    Back,
    CountdownBeep,
    CueDue,
    Effect,
    EndReason,
    Event,
    Finished,
    IllegalEvent,
    Lap,
    LeadInStarted,
    Pause,
    Paused,
    Quit,
    Resume,
    Resumed,
    Skip,
    SplitRecorded,
    Start,
    State,
    StepEnded,
    StepStarted,
    Tick,
)
from kicktimer.core.segments import Plan, PlannedCue, Segment

__all__ = ["BACK_RESTARTS_AFTER_S", "TRANSITIONS", "Engine", "EngineView", "Transition", "transition_table"]

BACK_RESTARTS_AFTER_S = 3.0
"""Back restarts the step after this much running time; before it, it goes to the previous step."""

_ZERO = Fraction(0)
_BACK_RESTARTS_AFTER = Fraction(BACK_RESTARTS_AFTER_S)

_ACTIVE = (State.LEAD_IN, State.RUNNING, State.WAITING_FOR_LAP)
"""States in which time moves the engine on."""

# What can come due, in the order things due at the same instant happen.
_CUE, _END_CUE, _BEEP, _BOUNDARY, _SENDOFF, _LEAD_IN_END = range(6)


@dataclass
class _Machine:
    """Everything the engine knows; copied per event so an illegal one changes nothing."""

    plan: Plan
    shape: PlanShape
    lead_in: Fraction
    state: State = State.READY
    last_now: Fraction | None = None
    started_at: Fraction | None = None
    lead_in_ends_at: Fraction | None = None
    first_step_at: Fraction | None = None
    ended_at: Fraction | None = None
    # the active step
    index: int | None = None
    step_started_at: Fraction = _ZERO
    step_paused: Fraction = _ZERO
    boundary: Fraction | None = None
    cues_left: tuple[PlannedCue, ...] = ()
    end_cues_left: tuple[PlannedCue, ...] = ()
    beeps_left: tuple[int, ...] = ()
    last_cue: PlannedCue | None = None
    # the send-off repetition in progress: the index of its first segment and its deadline
    sendoff_first: int | None = None
    sendoff_deadline: Fraction | None = None
    # pauses
    paused_from: State | None = None
    pause_started_at: Fraction | None = None
    paused_total: Fraction = _ZERO
    # history
    completed: tuple[StepEnded, ...] = ()
    completed_active: Fraction = _ZERO

    def copy(self) -> _Machine:
        """A copy to work on. Every field is immutable (`completed` is a tuple, grown per step),
        so a shallow copy is a full one, made in constant time: a view is copied every second."""
        return copy(self)

    @property
    def segments(self) -> tuple[Segment, ...]:
        return self.plan.segments

    @property
    def segment(self) -> Segment | None:
        return None if self.index is None else self.segments[self.index]

    def running_time(self, now: Fraction) -> Fraction:
        """Running time of the active step at `now` (not paused)."""
        return now - self.step_started_at - self.step_paused

    # ---- send-off repetitions ----------------------------------------------

    def group_first(self, index: int) -> int:
        """The index of the first segment of the send-off repetition holding `index`."""
        return self.shape.first[index]

    def in_active_group(self, index: int) -> bool:
        segment = self.segments[index]
        return (
            self.sendoff_deadline is not None
            and segment.sendoff_group is not None
            and self.sendoff_first == self.group_first(index)
        )

    def _arm_sendoff(self, index: int, at: Fraction) -> None:
        segment = self.segments[index]
        if segment.sendoff_group is None or segment.sendoff_s is None:
            self.sendoff_first = self.sendoff_deadline = None
            return
        first = self.group_first(index)
        if first == index:
            self.sendoff_first, self.sendoff_deadline = first, at + Fraction(segment.sendoff_s)
        elif not self.in_active_group(index):
            self.sendoff_first = first
            self.sendoff_deadline = max(at, at + Fraction(segment.sendoff_s) - self.shape.before[index])

    # ---- steps -------------------------------------------------------------

    def begin(self, index: int, at: Fraction, out: list[Effect]) -> None:
        segment = self.segments[index]
        self._arm_sendoff(index, at)
        self.index = index
        self.step_started_at = at
        self.step_paused = _ZERO
        self.last_cue = None
        from_start = (cue for cue in segment.cues if cue.before_end_s is None)
        self.cues_left = tuple(sorted(from_start, key=lambda cue: cue.offset_s))
        if segment.fills_sendoff:
            deadline = self.sendoff_deadline if self.in_active_group(index) else None
            self.boundary = deadline if deadline is not None else at + planned_s(segment)
        elif segment.duration_s is not None:
            self.boundary = at + Fraction(segment.duration_s)
        else:
            self.boundary = None
        self.beeps_left = self._beeps(after=at)
        self.end_cues_left = self._end_cues(after=at)
        self.state = State.WAITING_FOR_LAP if segment.waits_for_lap else State.RUNNING
        out.append(StepStarted(segment=segment, at=float(at)))

    def _beeps(self, after: Fraction) -> tuple[int, ...]:
        """Countdown beeps still to come: k < the step's length, due strictly after `after`."""
        end = self.timed_end()
        if end is None:
            return ()
        length = end - self.step_started_at - self.step_paused
        quiet = self.segment.beeps_left_out if self.segment is not None else 0
        return tuple(k for k in range(self.plan.countdown, quiet, -1) if k < length and end - k > after)

    def _end_cues(self, after: Fraction) -> tuple[PlannedCue, ...]:
        """The step's `at: end` cues still to come, earliest first: due strictly after `after`."""
        end = self.timed_end()
        if end is None or self.segment is None:
            return ()
        ending = [cue for cue in self.segment.cues if cue.before_end_s is not None]
        return tuple(
            sorted(
                (cue for cue in ending if end - Fraction(cue.before_end_s or 0) > after),
                key=lambda cue: -(cue.before_end_s or 0),
            )
        )

    def timed_end(self) -> Fraction | None:
        """When a timed step will end: its boundary, or its repetition's send-off if that comes first."""
        if self.boundary is None or self.index is None:
            return None
        if self.sendoff_deadline is not None and self.in_active_group(self.index):
            return min(self.boundary, self.sendoff_deadline)
        return self.boundary

    def end(self, at: Fraction, reason: EndReason, out: list[Effect]) -> int:
        """End the active step at `at`; returns its index."""
        index, segment = self.index, self.segment
        assert index is not None and segment is not None
        ended = StepEnded(
            segment=segment,
            started_at=float(self.step_started_at),
            ended_at=float(at),
            paused_s=float(self.step_paused),
            reason=reason,
        )
        self.completed = (*self.completed, ended)
        self.completed_active += self.running_time(at)
        self.index = self.boundary = None
        self.cues_left, self.end_cues_left, self.beeps_left, self.last_cue = (), (), (), None
        out.append(ended)
        return index

    def advance(self, after: int, at: Fraction, out: list[Effect]) -> None:
        """Start the segment after `after`, or finish when there is none."""
        if after + 1 < len(self.segments):
            self.begin(after + 1, at, out)
        else:
            self.finish(at, out)

    def enter_first_step(self, at: Fraction, out: list[Effect]) -> None:
        self.lead_in_ends_at = None
        self.first_step_at = at
        if self.segments:
            self.begin(0, at, out)
        else:
            self.finish(at, out)

    def finish(self, at: Fraction, out: list[Effect]) -> None:
        assert self.first_step_at is not None
        self.state = State.FINISHED
        self.ended_at = at
        self.sendoff_first = self.sendoff_deadline = None
        out.append(Finished(at=float(at), total_s=float(at - self.first_step_at)))

    # ---- time ----------------------------------------------------------------

    def next_due(self) -> tuple[Fraction, int] | None:
        """The earliest thing that comes due by itself: (when, what)."""
        if self.state is State.LEAD_IN:
            assert self.lead_in_ends_at is not None
            return (self.lead_in_ends_at, _LEAD_IN_END)
        if self.state not in _ACTIVE or self.index is None:
            return None
        due: list[tuple[Fraction, int]] = []
        if self.cues_left:
            offset = max(_ZERO, Fraction(self.cues_left[0].offset_s))
            due.append((self.step_started_at + self.step_paused + offset, _CUE))
        if self.boundary is not None:
            end = self.timed_end()
            assert end is not None
            if self.beeps_left:
                due.append((end - self.beeps_left[0], _BEEP))
            if self.end_cues_left:
                before = Fraction(self.end_cues_left[0].before_end_s or 0)
                due.append((max(self.step_started_at + self.step_paused, end - before), _END_CUE))
            due.append((self.boundary, _BOUNDARY))
        if (
            self.sendoff_deadline is not None
            and not self.segments[self.index].fills_sendoff
            and self.in_active_group(self.index)
        ):
            due.append((self.sendoff_deadline, _SENDOFF))
        return min(due) if due else None

    def catch_up(self, now: Fraction, out: list[Effect]) -> None:
        """Carry out, in order and each at its own time, everything due by `now`."""
        while (due := self.next_due()) is not None and due[0] <= now:
            at, what = due
            segment = self.segment
            if what == _LEAD_IN_END:
                self.enter_first_step(at, out)
                continue
            assert segment is not None
            if what == _CUE:
                cue, self.cues_left = self.cues_left[0], self.cues_left[1:]
                self.last_cue = cue
                out.append(CueDue(segment=segment, cue=cue, at=float(at)))
            elif what == _END_CUE:
                cue, self.end_cues_left = self.end_cues_left[0], self.end_cues_left[1:]
                self.last_cue = cue
                out.append(CueDue(segment=segment, cue=cue, at=float(at)))
            elif what == _BEEP:
                k, self.beeps_left = self.beeps_left[0], self.beeps_left[1:]
                out.append(CountdownBeep(segment=segment, remaining=k, at=float(at)))
            else:
                by_sendoff = what == _SENDOFF or (segment.fills_sendoff and self.sendoff_deadline == at)
                _close_step(self, at, "sendoff" if by_sendoff else "time", out)


def _close_step(m: _Machine, at: Fraction, reason: EndReason, out: list[Effect]) -> None:
    """End the active step and move on to the next (or finish)."""
    m.advance(m.end(at, reason, out), at, out)


# ---- handlers: one per (state, event) pair in the table ---------------------

Handler = Callable[[_Machine, Event, Fraction, list[Effect]], None]


def _ignore(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    """Ticks only move time on, and catching up already did that."""


def _start(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    m.started_at = now
    if m.lead_in > 0:
        m.state = State.LEAD_IN
        m.lead_in_ends_at = now + m.lead_in
        out.append(LeadInStarted(at=float(now), ends_at=float(m.lead_in_ends_at)))
    else:
        m.enter_first_step(now, out)


def _skip_lead_in(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    m.enter_first_step(now, out)


def _pause(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    m.paused_from, m.state = m.state, State.PAUSED
    m.pause_started_at = now
    out.append(Paused(at=float(now)))


def _resume(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    """Everything still to come moves later by exactly the pause."""
    assert m.pause_started_at is not None and m.paused_from is not None
    paused = now - m.pause_started_at
    m.paused_total += paused
    if m.index is not None:
        m.step_paused += paused
    if m.boundary is not None:
        m.boundary += paused
    if m.sendoff_deadline is not None:
        m.sendoff_deadline += paused
    if m.lead_in_ends_at is not None:
        m.lead_in_ends_at += paused
    m.state, m.paused_from, m.pause_started_at = m.paused_from, None, None
    out.append(Resumed(at=float(now), paused_s=float(paused)))


def _skip(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    _close_step(m, now, "skip", out)


def _back(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    restart = m.running_time(now) > _BACK_RESTARTS_AFTER
    index = m.end(now, "back", out)
    m.begin(index if restart else max(index - 1, 0), now, out)


def _adjust(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    assert isinstance(event, Adjust)
    segment = m.segment
    assert segment is not None and m.boundary is not None
    if segment.fills_sendoff:
        raise IllegalEvent(
            m.state,
            event,
            "this recovery lasts until the next repetition's send-off; only ordinary timed steps adjust",
        )
    if not math.isfinite(event.seconds):
        raise IllegalEvent(m.state, event, f"the adjustment must be a number of seconds, not {event.seconds}")
    m.boundary = max(now, m.boundary + Fraction(event.seconds))
    m.beeps_left = m._beeps(after=now)
    m.end_cues_left = m._end_cues(after=now)


def _lap(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    segment = m.segment
    assert segment is not None
    split = m.running_time(now)
    out.append(SplitRecorded(segment=segment, split_s=float(split), target_s=segment.target_s, at=float(now)))
    _close_step(m, now, "lap", out)


def _quit(m: _Machine, event: Event, now: Fraction, out: list[Effect]) -> None:
    if m.state is State.PAUSED:
        assert m.pause_started_at is not None
        ongoing = now - m.pause_started_at
        m.paused_total += ongoing
        if m.index is not None:
            m.step_paused += ongoing
        m.paused_from = m.pause_started_at = None
    if m.index is not None:
        m.end(now, "quit", out)
    m.state = State.ABORTED
    m.ended_at = now
    m.lead_in_ends_at = None
    m.sendoff_first = m.sendoff_deadline = None
    out.append(Aborted(at=float(now)))


@dataclass(frozen=True)
class Transition:
    """What an event does in one state: its handler, and every state it may lead to."""

    handler: Handler
    to: frozenset[State]


def _to(*states: State | frozenset[State]) -> frozenset[State]:
    out: set[State] = set()
    for state in states:
        out |= state if isinstance(state, frozenset) else {state}
    return frozenset(out)


ONWARD = frozenset({State.RUNNING, State.WAITING_FOR_LAP, State.FINISHED})
"""Where a step's end leads: the next step (timed or waiting for the lap key), or the end."""

TRANSITIONS: dict[State, dict[type[Event], Transition]] = {
    State.READY: {
        Start: Transition(_start, _to(State.LEAD_IN, ONWARD)),
        Tick: Transition(_ignore, _to(State.READY)),
        Quit: Transition(_quit, _to(State.ABORTED)),
    },
    State.LEAD_IN: {
        Tick: Transition(_ignore, _to(State.LEAD_IN, ONWARD)),
        Pause: Transition(_pause, _to(State.PAUSED)),
        Skip: Transition(_skip_lead_in, ONWARD),
        Quit: Transition(_quit, _to(State.ABORTED)),
    },
    State.RUNNING: {
        Tick: Transition(_ignore, ONWARD),
        Pause: Transition(_pause, _to(State.PAUSED)),
        Skip: Transition(_skip, ONWARD),
        Back: Transition(_back, ONWARD),
        Adjust: Transition(_adjust, ONWARD),
        Quit: Transition(_quit, _to(State.ABORTED)),
    },
    State.WAITING_FOR_LAP: {
        Tick: Transition(_ignore, ONWARD),
        Lap: Transition(_lap, ONWARD),
        Pause: Transition(_pause, _to(State.PAUSED)),
        Skip: Transition(_skip, ONWARD),
        Back: Transition(_back, ONWARD),
        Quit: Transition(_quit, _to(State.ABORTED)),
    },
    State.PAUSED: {
        Tick: Transition(_ignore, _to(State.PAUSED)),
        Resume: Transition(_resume, _to(State.LEAD_IN, ONWARD)),
        Quit: Transition(_quit, _to(State.ABORTED)),
    },
    State.FINISHED: {Tick: Transition(_ignore, _to(State.FINISHED))},
    State.ABORTED: {Tick: Transition(_ignore, _to(State.ABORTED))},
}
"""state → event type → (handler, the states it may lead to once time has caught up)."""

_STATE_ORDER = tuple(State)


def accepts(state: State, kind: type[Event]) -> bool:
    """Whether an event of `kind` does anything in `state` (a row of `TRANSITIONS`).

    The shell asks this to show only the keys that work now: during the
    lead-in there is no lap to take, no step to go back to or adjust.
    """
    return kind in TRANSITIONS.get(state, {})


def transition_table() -> str:
    """`TRANSITIONS` as the module docstring shows it: one line per (state, event)."""
    lines: list[str] = []
    for state, row in TRANSITIONS.items():
        for n, (kind, transition) in enumerate(row.items()):
            targets = " | ".join(s.name for s in _STATE_ORDER if s in transition.to)
            lines.append(f"{state.name if n == 0 else '':<17}{kind.__name__} → {targets}".rstrip())
    return "\n".join(lines)


_NOT_PAUSED = "it isn't paused"
_REFUSALS: dict[tuple[State, type[Event]], str] = {
    (State.LEAD_IN, Lap): "the lead-in is still counting down (n starts the first step now)",
    (State.LEAD_IN, Back): "nothing to go back to during the lead-in",
    (State.LEAD_IN, Adjust): "the lead-in is not a step; only timed steps adjust",
    (State.LEAD_IN, Resume): _NOT_PAUSED,
    (State.RUNNING, Lap): (
        "this step is timed and ends by itself; the lap key only ends distance and open steps "
        "and never pauses (p pauses)"
    ),
    (State.RUNNING, Resume): _NOT_PAUSED,
    (State.WAITING_FOR_LAP, Adjust): "this step waits for the lap key; only timed steps adjust",
    (State.WAITING_FOR_LAP, Resume): _NOT_PAUSED,
    (State.PAUSED, Pause): "it is already paused",
}


def _refusal(state: State, kind: type[Event]) -> str:
    if (state, kind) in _REFUSALS:
        return _REFUSALS[(state, kind)]
    if kind is Start:
        return "the workout has already started"
    if state is State.READY:
        return "the workout hasn't started yet"
    if state is State.PAUSED:
        return "resume first"
    if state in (State.FINISHED, State.ABORTED):
        return "the workout is over"
    return "not possible here"


class Engine:
    """Runs one Plan from start to finish; see the module docstring for the rules."""

    def __init__(self, plan: Plan, lead_in_s: float = 10.0) -> None:
        if not math.isfinite(lead_in_s) or lead_in_s < 0:
            raise ValueError(f"lead-in must be zero or more seconds, not {lead_in_s}")
        if plan.countdown < 0:
            raise ValueError(f"countdown must be zero or more seconds, not {plan.countdown}")
        self.plan = plan
        self.lead_in_s = lead_in_s
        self._m = _Machine(plan=plan, shape=PlanShape.of(plan), lead_in=Fraction(lead_in_s))

    @property
    def state(self) -> State:
        return self._m.state

    @property
    def completed(self) -> list[StepEnded]:
        """Every step ended so far, in order (the finish screen's split table)."""
        return list(self._m.completed)

    @property
    def started_at(self) -> float | None:
        """When Start arrived (the lead-in's start); None before."""
        return None if self._m.started_at is None else float(self._m.started_at)

    def handle(self, event: Event) -> list[Effect]:
        """Apply one event; returns its effects in time order. Raises IllegalEvent, changing nothing."""
        m = self._m.copy()
        now = self._time_of(m, event)
        out: list[Effect] = []
        if m.state in _ACTIVE:
            m.catch_up(now, out)
        transition = TRANSITIONS[m.state].get(type(event))
        if transition is None:
            raise IllegalEvent(m.state, event, _refusal(m.state, type(event)))
        before = m.state
        transition.handler(m, event, now, out)
        if m.state in _ACTIVE:
            m.catch_up(now, out)
        if m.state not in transition.to:
            reason = f"it led to {m.state.value}, which the transition table does not allow"
            raise IllegalEvent(before, event, reason)
        m.last_now = now
        self._m = m
        return out

    def step_running_s(self, now: float) -> float:
        """Running time of the active step at `now` as the engine stands, without catching up.

        Pauses are left out (during one the figure stands still at the
        pause's start); 0 when no step is active. The coach board takes each
        athlete's split from here, so a split and the group clock are one figure.
        """
        m = self._m
        if m.index is None:
            return 0.0
        t = Fraction(now)
        if m.pause_started_at is not None:
            t = min(t, m.pause_started_at)
        return float(max(_ZERO, m.running_time(t)))

    def next_deadline(self) -> float | None:
        """The exact monotonic time of the next thing that happens by itself, or None if nothing will."""
        due = self._m.next_due()
        if due is None:
            return None
        # Times are exact fractions; the nearest float may fall just before the
        # deadline, and a wake-up then would find nothing due. Round up.
        at = float(due[0])
        return at if Fraction(at) >= due[0] else math.nextafter(at, math.inf)

    def view(self, now: float) -> EngineView:
        """The engine as it stands at `now`, caught up on a copy (the engine itself is not changed).

        A `now` before the last event is read as the last event's time.
        """
        if not math.isfinite(now):
            raise ValueError(f"view time must be a finite number, not {now}")
        m = self._m.copy()
        t = Fraction(now)
        if m.last_now is not None:
            t = max(t, m.last_now)
        if m.state in _ACTIVE:
            m.catch_up(t, [])
        return _view(m, t)

    @staticmethod
    def _time_of(m: _Machine, event: Event) -> Fraction:
        if not math.isfinite(event.now):
            raise IllegalEvent(m.state, event, f"its time must be a finite number, not {event.now}")
        now = Fraction(event.now)
        if m.last_now is not None and now < m.last_now:
            raise IllegalEvent(
                m.state, event, f"its time {event.now} is before the previous event's {float(m.last_now)}"
            )
        return now


def _view(m: _Machine, t: Fraction) -> EngineView:
    """Read the screen's figures off a machine that is caught up to `t`."""
    if m.state is State.PAUSED and m.pause_started_at is not None:
        frozen = m.pause_started_at
    elif m.state in (State.FINISHED, State.ABORTED) and m.ended_at is not None:
        frozen = m.ended_at
    else:
        frozen = t
    segment, segments = m.segment, m.segments
    step_elapsed = m.running_time(frozen) if segment is not None else _ZERO
    timed_end = m.timed_end()
    step_remaining = None if timed_end is None else max(_ZERO, timed_end - frozen)
    in_lead_in = State.LEAD_IN in (m.state, m.paused_from)
    lead_in_remaining = (
        max(_ZERO, m.lead_in_ends_at - frozen) if in_lead_in and m.lead_in_ends_at is not None else None
    )
    if m.index is not None:
        next_segment = segments[m.index + 1] if m.index + 1 < len(segments) else None
    elif m.state is State.READY or in_lead_in:
        next_segment = segments[0] if segments else None
    else:
        next_segment = None
    paused_total = m.paused_total
    if m.state is State.PAUSED and m.pause_started_at is not None:
        paused_total += t - m.pause_started_at
    sendoff_remaining = None
    if m.index is not None and m.sendoff_deadline is not None and m.in_active_group(m.index):
        sendoff_remaining = max(_ZERO, m.sendoff_deadline - frozen)
    elapsed = m.completed_active + step_elapsed
    remaining = _remaining(m, step_elapsed, step_remaining, sendoff_remaining)
    planned = elapsed + remaining
    if m.state is State.ABORTED:
        planned = m.shape.rest[0]
    progress = float(elapsed / planned) if planned > 0 else 0.0
    if m.state is State.FINISHED:
        progress = 1.0
    ahead_behind = None
    if segment is not None and segment.waits_for_lap and segment.target_s is not None:
        ahead_behind = float(step_elapsed - Fraction(segment.target_s))
    return EngineView(
        state=m.state,
        paused_from=m.paused_from,
        index=m.index,
        segment=segment,
        next_segment=next_segment,
        step_elapsed_s=float(step_elapsed),
        step_remaining_s=None if step_remaining is None else float(step_remaining),
        lead_in_remaining_s=None if lead_in_remaining is None else float(lead_in_remaining),
        workout_elapsed_s=float(elapsed),
        workout_remaining_s=float(remaining),
        paused_total_s=float(paused_total),
        ahead_behind_s=ahead_behind,
        progress=min(1.0, max(0.0, progress)),
        last_cue=m.last_cue,
    )


def _remaining(
    m: _Machine, step_elapsed: Fraction, step_remaining: Fraction | None, sendoff_remaining: Fraction | None
) -> Fraction:
    """The planned rest of the workout, counting a send-off repetition by its clock."""
    if m.state in (State.FINISHED, State.ABORTED):
        return _ZERO
    if m.index is None:
        return m.shape.rest[0]
    if sendoff_remaining is not None:
        return sendoff_remaining + m.shape.rest[m.shape.end[m.index]]
    if step_remaining is not None:
        current = step_remaining
    else:
        current = max(_ZERO, planned_s(m.segments[m.index]) - step_elapsed)
    return current + m.shape.rest[m.index + 1]
