"""`every:` send-offs: each repetition starts on the clock, whatever happens inside it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kicktimer.core.engine import Engine
from kicktimer.core.events import (
    Adjust,
    Back,
    CountdownBeep,
    IllegalEvent,
    Lap,
    Pause,
    Resume,
    Skip,
    SplitRecorded,
    Start,
    StepEnded,
    Tick,
)
from kicktimer.core.segments import Plan
from plan_builders import lap_step, plan_of, sendoff_segments, timed
from test_engine_fixtures import feed, of_type, story

EVERY = 120.0


def track_reps(count: int = 3, countdown: int = 0) -> Plan:
    return plan_of(*sendoff_segments(count, EVERY, lap_step("Run 400 m", target_s=80.0)), countdown=countdown)


def treadmill_reps(work_s: float, count: int = 3) -> Plan:
    return plan_of(*sendoff_segments(count, EVERY, timed("Run", work_s)), countdown=0)


def started(plan: Plan) -> Engine:
    engine = Engine(plan, lead_in_s=0.0)
    engine.handle(Start(0.0))
    return engine


def starts(engine: Engine) -> list[tuple[str, float]]:
    return [(e.segment.label, e.started_at) for e in engine.completed]


def test_the_recovery_lasts_until_the_next_repetitions_send_off() -> None:
    engine = started(track_reps())
    assert story(engine.handle(Lap(85.0)))[-1] == ("StepStarted", "Recover", 85.0)
    assert engine.next_deadline() == EVERY
    assert story(engine.handle(Tick(EVERY + 7.0))) == [
        ("StepEnded", "Recover", 85.0, EVERY, "sendoff"),
        ("StepStarted", "Run 400 m", EVERY),
    ]
    feed(engine, [Lap(EVERY + 95.0), Tick(2 * EVERY + 0.5), Lap(2 * EVERY + 70.0)])
    assert starts(engine) == [
        ("Run 400 m", 0.0),
        ("Recover", 85.0),
        ("Run 400 m", EVERY),
        ("Recover", EVERY + 95.0),
        ("Run 400 m", 2 * EVERY),
    ]


def test_a_rep_still_running_at_the_send_off_ends_there_and_the_recovery_is_zero_length() -> None:
    engine = started(track_reps())
    effects = engine.handle(Tick(EVERY + 3.0))
    assert story(effects) == [
        ("StepEnded", "Run 400 m", 0.0, EVERY, "sendoff"),
        ("StepStarted", "Recover", EVERY),
        ("StepEnded", "Recover", EVERY, EVERY, "sendoff"),
        ("StepStarted", "Run 400 m", EVERY),
    ]
    assert not of_type(effects, SplitRecorded)


def test_timed_work_longer_than_the_send_off_is_cut_at_the_send_off() -> None:
    engine = started(treadmill_reps(work_s=130.0))
    effects = engine.handle(Tick(2 * EVERY + 1.0))
    ended = [
        (e.segment.label, e.ended_at, e.reason)
        for e in of_type(effects, StepEnded)
        if isinstance(e, StepEnded)
    ]
    assert ended == [
        ("Run", EVERY, "sendoff"),
        ("Recover", EVERY, "sendoff"),
        ("Run", 2 * EVERY, "sendoff"),
        ("Recover", 2 * EVERY, "sendoff"),
    ]


def test_timed_work_ending_exactly_on_the_send_off_ends_by_time() -> None:
    engine = started(treadmill_reps(work_s=EVERY))
    effects = engine.handle(Tick(EVERY))
    assert story(effects)[:2] == [
        ("StepEnded", "Run", 0.0, EVERY, "time"),
        ("StepStarted", "Recover", EVERY),
    ]
    assert story(effects)[2] == ("StepEnded", "Recover", EVERY, EVERY, "sendoff")


def test_reps_start_on_the_clock_however_late_the_ticks_come() -> None:
    engine = started(treadmill_reps(work_s=45.5, count=5))
    engine.handle(Tick(10_000.0))
    run_starts = [at for label, at in starts(engine) if label == "Run"]
    assert run_starts == [0.0, EVERY, 2 * EVERY, 3 * EVERY, 4 * EVERY]


def test_a_pause_inside_a_repetition_moves_its_send_off() -> None:
    engine = started(track_reps())
    feed(engine, [Pause(30.0), Resume(42.5), Lap(90.0)])
    assert engine.next_deadline() == EVERY + 12.5


def test_skipping_the_work_keeps_the_clock() -> None:
    engine = started(track_reps())
    engine.handle(Skip(20.0))
    assert engine.next_deadline() == EVERY


def test_skipping_the_recovery_starts_the_next_rep_now_on_a_fresh_clock() -> None:
    engine = started(track_reps())
    feed(engine, [Lap(80.0), Skip(100.0)])
    assert story(engine.completed)[-1] == ("StepEnded", "Recover", 80.0, 100.0, "skip")
    assert engine.next_deadline() == 100.0 + EVERY


def test_restarting_a_rep_restarts_its_clock() -> None:
    engine = started(track_reps())
    engine.handle(Back(10.0))
    assert engine.next_deadline() == 10.0 + EVERY


def test_back_into_the_previous_recovery_puts_it_at_its_planned_place_on_the_clock() -> None:
    engine = started(track_reps())
    feed(engine, [Lap(80.0), Tick(EVERY)])
    assert story(engine.handle(Back(EVERY + 2.0)))[-1] == ("StepStarted", "Recover", EVERY + 2.0)
    assert engine.next_deadline() == EVERY + 2.0 + (EVERY - 80.0)


def test_back_within_a_repetition_keeps_its_clock() -> None:
    engine = started(track_reps())
    feed(engine, [Lap(80.0), Back(81.0)])
    assert story(engine.completed)[-1] == ("StepEnded", "Recover", 80.0, 81.0, "back")
    assert engine.next_deadline() == 81.0 + EVERY


def test_the_recovery_counts_down_to_the_next_rep() -> None:
    engine = Engine(track_reps(countdown=3), lead_in_s=0.0)
    feed(engine, [Start(0.0), Lap(100.0)])
    beeps = of_type(engine.handle(Tick(EVERY)), CountdownBeep)
    assert [(b.remaining, b.at) for b in beeps if isinstance(b, CountdownBeep)] == [
        (3, 117.0),
        (2, 118.0),
        (1, 119.0),
    ]


def test_the_recovery_of_a_send_off_cannot_be_adjusted() -> None:
    engine = started(track_reps())
    engine.handle(Lap(80.0))
    with pytest.raises(IllegalEvent, match="send-off"):
        engine.handle(Adjust(90.0, 10.0))


def test_adjusting_timed_work_inside_a_repetition_still_stops_at_the_send_off() -> None:
    engine = started(treadmill_reps(work_s=100.0))
    engine.handle(Adjust(50.0, 30.0))
    assert engine.next_deadline() == EVERY
    assert story(engine.handle(Tick(EVERY)))[0] == ("StepEnded", "Run", 0.0, EVERY, "sendoff")


def test_the_view_counts_a_repetition_by_its_clock() -> None:
    engine = started(track_reps(count=3))
    view = engine.view(30.0)
    assert view.workout_remaining_s == (EVERY - 30.0) + EVERY + 80.0
    engine.handle(Lap(100.0))
    assert engine.view(110.0).step_remaining_s == 10.0


def test_one_group_number_shared_by_every_repetition_works_too() -> None:
    segments = [
        replace(s, sendoff_group=7) if s.sendoff_group else s
        for s in sendoff_segments(3, EVERY, timed("Run", 50.0))
    ]
    engine = started(plan_of(*segments, countdown=0))
    engine.handle(Tick(10_000.0))
    run_starts = [at for label, at in starts(engine) if label == "Run"]
    assert run_starts == [0.0, EVERY, 2 * EVERY]
    assert engine.completed[-1].ended_at == 2 * EVERY + 50.0


def test_timed_work_cut_by_the_send_off_counts_down_to_the_send_off() -> None:
    engine = Engine(plan_of(*sendoff_segments(2, EVERY, timed("Run", 130.0)), countdown=2), lead_in_s=0.0)
    engine.handle(Start(0.0))
    assert engine.view(100.0).step_remaining_s == EVERY - 100.0
    beeps = of_type(engine.handle(Tick(EVERY)), CountdownBeep)
    assert [(b.remaining, b.at) for b in beeps if isinstance(b, CountdownBeep)] == [(2, 118.0), (1, 119.0)]
