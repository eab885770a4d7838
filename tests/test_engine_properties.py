"""Property tests: random plans driven by random events at random non-decreasing times.

Times, durations and offsets are multiples of 1/4 s, so every sum is exact in
floating point and the invariants can be checked with ==, not approximately.
Everything is checked against what the effects say, independently of the
engine's own bookkeeping, and then the engine's view is checked against that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kicktimer.core.engine import Engine
from kicktimer.core.events import (
    Aborted,
    Adjust,
    Back,
    CountdownBeep,
    CueDue,
    Effect,
    Event,
    Finished,
    IllegalEvent,
    Lap,
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
from kicktimer.core.segments import Plan, Segment
from plan_builders import cue, lap_step, plan_of, sendoff_segments, timed
from test_engine_fixtures import story

halves = st.integers(min_value=0, max_value=80).map(lambda n: n / 2)
quarters = st.integers(min_value=0, max_value=120).map(lambda n: n / 4)


@st.composite
def segments(draw: st.DrawFn, group: int) -> list[Segment]:
    cues = tuple(cue(offset, f"cue {i}") for i, offset in enumerate(draw(st.lists(halves, max_size=2))))
    choice = draw(st.sampled_from(["timed", "lap", "lap with target", "send-off"]))
    if choice == "timed":
        return [timed("timed", draw(halves), cues=cues)]
    if choice == "lap":
        return [lap_step("lap", cues=cues)]
    if choice == "lap with target":
        return [lap_step("lap", target_s=draw(halves.filter(bool)), cues=cues)]
    work = draw(st.sampled_from([timed("work", draw(halves), cues=cues), lap_step("work", target_s=30.0)]))
    every = draw(st.integers(min_value=5, max_value=60).map(float))
    return sendoff_segments(draw(st.integers(min_value=2, max_value=3)), every, work, first_group=group)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    parts = [draw(segments(group=10 * i)) for i in range(draw(st.integers(min_value=0, max_value=6)))]
    return plan_of(
        *(s for part in parts for s in part), countdown=draw(st.integers(min_value=0, max_value=4))
    )


# Weighted by repetition: mostly time passing and the keys a runner presses; quitting rarely.
KINDS = [
    *("tick", "tick", "deadline", "deadline", "deadline", "lap", "lap"),
    *("pause", "resume", "resume", "skip", "back", "adjust", "quit", "start"),
]
steps = st.tuples(
    st.sampled_from(KINDS),
    quarters,
    st.integers(min_value=-40, max_value=40).map(lambda n: n / 2),
)


@dataclass
class Record:
    """What the effects said so far, kept independently of the engine."""

    lead_in_s: float
    effects: list[Effect] = field(default_factory=list)
    start: float | None = None
    skipped_lead_in: bool = False
    adjusted: set[int] = field(default_factory=set)
    step_count: int = 0


def event_for(kind: str, now: float, seconds: float, engine: Engine) -> Event:
    if kind == "deadline":
        deadline = engine.next_deadline()
        return Tick(deadline if deadline is not None else now)
    return {
        "tick": Tick(now),
        "lap": Lap(now),
        "pause": Pause(now),
        "resume": Resume(now),
        "skip": Skip(now),
        "back": Back(now),
        "adjust": Adjust(now, seconds),
        "quit": Quit(now),
        "start": Start(now),
    }[kind]


def snapshot(engine: Engine, now: float) -> object:
    return (engine.state, engine.completed, engine.next_deadline(), engine.view(now), engine.started_at)


def drive(plan: Plan, lead_in_s: float, script: list[tuple[str, float, float]]) -> None:
    engine = Engine(plan, lead_in_s=lead_in_s)
    record = Record(lead_in_s=lead_in_s)
    now = 0.0
    for kind, delta, seconds in script:
        now += delta
        event = event_for(kind, now, seconds, engine)
        now = event.now
        state_before = engine.state
        before = snapshot(engine, now)
        deadline = engine.next_deadline()
        try:
            effects = engine.handle(event)
        except IllegalEvent:
            assert snapshot(engine, now) == before
            continue
        if isinstance(event, Tick) and deadline is not None and event.now == deadline:
            assert effects, "ticking at next_deadline() must bring something due"
        if isinstance(event, Start):
            record.start = event.now
        if isinstance(event, Skip) and state_before is State.LEAD_IN:
            record.skipped_lead_in = True
        if isinstance(event, Adjust):
            # every step active while the adjustment was handled (by step number)
            started_before = sum(isinstance(e, StepStarted) for e in record.effects)
            started_now = sum(isinstance(e, StepStarted) for e in effects)
            record.adjusted.update(range(started_before - 1, started_before + started_now))
        record.effects.extend(effects)
        check(engine, plan, record, now)


def pause_intervals(effects: list[Effect], end: Fraction) -> list[tuple[Fraction, Fraction]]:
    intervals, opened = [], None
    for effect in effects:
        if isinstance(effect, Paused):
            opened = Fraction(effect.at)
        elif isinstance(effect, Resumed):
            assert opened is not None
            assert Fraction(effect.paused_s) == Fraction(effect.at) - opened
            intervals.append((opened, Fraction(effect.at)))
            opened = None
    if opened is not None:
        intervals.append((opened, end))
    return intervals


def paused_within(intervals: list[tuple[Fraction, Fraction]], start: Fraction, end: Fraction) -> Fraction:
    return sum((max(Fraction(0), min(b, end) - max(a, start)) for a, b in intervals), Fraction(0))


def moment(effect: Effect) -> float:
    if isinstance(effect, StepEnded):
        return effect.ended_at
    return effect.at


def check(engine: Engine, plan: Plan, record: Record, now: float) -> None:
    effects = record.effects
    if not effects:
        assert engine.state is State.READY
        return
    # effects come in time order, none from the future
    times = [moment(e) for e in effects]
    assert times == sorted(times) and times[-1] <= now

    terminal = [e for e in effects if isinstance(e, Finished | Aborted)]
    assert len(terminal) <= 1
    if terminal:
        assert effects[-1] is terminal[0]
    end = Fraction(terminal[0].at if terminal else now)

    # exactly one step at a time: started and ended alternate, contiguous
    active: StepStarted | None = None
    last_end: float | None = None
    ended: list[StepEnded] = []
    for i, effect in enumerate(effects):
        if isinstance(effect, StepStarted):
            assert active is None, "a step started while another was active"
            if last_end is not None:
                assert effect.at == last_end, "a gap between steps"
            active = effect
        elif isinstance(effect, StepEnded):
            assert active is not None and effect.segment == active.segment
            assert effect.started_at == active.at and effect.ended_at >= effect.started_at
            ended.append(effect)
            active, last_end = None, effect.ended_at
        elif isinstance(effect, CueDue | CountdownBeep):
            assert active is not None and effect.segment == active.segment
        elif isinstance(effect, SplitRecorded):
            following = effects[i + 1]
            assert isinstance(following, StepEnded) and following.reason == "lap"
            assert effect.split_s == following.active_s
        elif isinstance(effect, Finished):
            assert active is None
            if plan.segments:
                previous = effects[i - 1]
                assert isinstance(previous, StepEnded) and previous.segment.index == len(plan.segments) - 1
                assert previous.reason in ("time", "lap", "skip", "sendoff")
            else:
                assert not ended
    assert engine.completed == ended

    # the engine's state agrees with the step the effects say is active
    if active is not None:
        if engine.state is not State.PAUSED:
            assert engine.state is (State.WAITING_FOR_LAP if active.segment.waits_for_lap else State.RUNNING)
    elif not terminal:
        assert engine.state in (State.LEAD_IN, State.PAUSED)
    deadline = engine.next_deadline()
    if engine.state in (State.READY, State.PAUSED, State.FINISHED, State.ABORTED):
        assert deadline is None
    elif engine.state in (State.LEAD_IN, State.RUNNING):
        assert deadline is not None
    if deadline is not None:
        assert deadline >= now

    # timed steps that nobody touched last exactly their duration
    for number, step in enumerate(ended):
        segment = step.segment
        if step.reason == "time" and not segment.fills_sendoff and number not in record.adjusted:
            assert step.active_s == segment.duration_s

    # elapsed since start = lead-in + pauses + laps + the current step's running time
    assert record.start is not None
    start = Fraction(record.start)
    pauses = pause_intervals(effects, end)
    paused_total = sum((b - a for a, b in pauses), Fraction(0))
    first_step = next((e for e in effects if isinstance(e, StepStarted)), None)
    lead_in_end = Fraction(first_step.at) if first_step else end
    lead_in_active = lead_in_end - start - paused_within(pauses, start, lead_in_end)
    if first_step is not None and not record.skipped_lead_in:
        assert lead_in_active == Fraction(record.lead_in_s)
    for step in ended:
        assert Fraction(step.paused_s) == paused_within(
            pauses, Fraction(step.started_at), Fraction(step.ended_at)
        )
    laps = sum((Fraction(s.active_s) for s in ended), Fraction(0))
    current = Fraction(0)
    if active is not None:
        current = end - Fraction(active.at) - paused_within(pauses, Fraction(active.at), end)
    assert end - start == lead_in_active + paused_total + laps + current

    # the view tells the same story
    view = engine.view(now)
    assert Fraction(view.paused_total_s) == paused_total
    assert Fraction(view.workout_elapsed_s) == laps + current
    assert Fraction(view.step_elapsed_s) == current
    assert 0.0 <= view.progress <= 1.0


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan=plans(),
    lead_in_s=st.sampled_from([0.0, 0.5, 3.0, 10.0]),
    script=st.lists(steps, max_size=40).map(lambda s: [("start", 0.0, 0.0), *s]),
)
def test_random_event_sequences_keep_the_invariants(
    plan: Plan, lead_in_s: float, script: list[tuple[str, float, float]]
) -> None:
    drive(plan, lead_in_s, script)


@settings(max_examples=100, deadline=None)
@given(plan=plans(), lead_in_s=st.sampled_from([0.0, 2.5]), gaps=st.lists(quarters, min_size=1, max_size=30))
def test_when_ticks_arrive_changes_nothing_but_when_effects_are_reported(
    plan: Plan, lead_in_s: float, gaps: list[float]
) -> None:
    """Only ticks, at random late moments, against ticks exactly at every deadline: the same effects."""
    punctual = Engine(plan, lead_in_s=lead_in_s)
    expected = punctual.handle(Start(0.0))
    late = Engine(plan, lead_in_s=lead_in_s)
    got = late.handle(Start(0.0))
    now = 0.0
    for gap in gaps:
        now += gap
        got.extend(late.handle(Tick(now)))
    while (deadline := punctual.next_deadline()) is not None and deadline <= now:
        expected.extend(punctual.handle(Tick(deadline)))
    assert story(got) == story(expected)
    assert late.state is punctual.state
