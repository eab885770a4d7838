"""Time in the engine: catch-up ticks, exact deadlines, cues, beeps, pauses, skip, back and adjust."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest

from kicktimer.core.engine import Engine
from kicktimer.core.events import (
    Adjust,
    Back,
    CountdownBeep,
    Effect,
    Finished,
    Lap,
    Pause,
    Quit,
    Resume,
    Start,
    State,
    StepEnded,
    StepStarted,
    Tick,
)
from kicktimer.core.segments import Plan
from plan_builders import cue, lap_step, plan_of, timed
from test_engine_fixtures import feed, of_type, story


def started(plan: Plan, at: float = 0.0, lead_in_s: float = 0.0) -> Engine:
    engine = Engine(plan, lead_in_s=lead_in_s)
    engine.handle(Start(at))
    return engine


def punctual(engine: Engine, until: float) -> list[Effect]:
    """Tick exactly at every deadline up to `until`, the way the shell sleeps."""
    effects: list[Effect] = []
    while (deadline := engine.next_deadline()) is not None and deadline <= until:
        effects.extend(engine.handle(Tick(deadline)))
    return effects


# ---- catch-up and exact deadlines ------------------------------------------


def test_a_late_tick_catches_up_every_boundary_each_at_its_own_time() -> None:
    plan = plan_of(timed("A", 10.0), timed("B", 5.0), timed("C", 20.0), countdown=0)
    engine = started(plan, at=100.0)
    assert story(engine.handle(Tick(117.25))) == [
        ("StepEnded", "A", 100.0, 110.0, "time"),
        ("StepStarted", "B", 110.0),
        ("StepEnded", "B", 110.0, 115.0, "time"),
        ("StepStarted", "C", 115.0),
    ]
    assert engine.next_deadline() == 135.0


def test_effects_do_not_depend_on_when_ticks_arrive() -> None:
    plan = plan_of(
        timed("A", 7.5, cues=(cue(0, "go"), cue(3, "three"))),
        timed("B", 4.0, cues=(cue(2, "two"),)),
        timed("C", 12.25),
    )
    on_time = Engine(plan, lead_in_s=0.0)
    expected = on_time.handle(Start(0.0)) + punctual(on_time, until=1000.0)
    rng = random.Random(7)
    for _ in range(20):
        late = Engine(plan, lead_in_s=0.0)
        effects = late.handle(Start(0.0))
        now = 0.0
        while late.state is not State.FINISHED:
            now += rng.uniform(0.0, 6.0)
            effects.extend(late.handle(Tick(now)))
        assert story(effects) == story(expected)


def when(effect: Effect) -> float:
    return effect.ended_at if isinstance(effect, StepEnded) else effect.at  # type: ignore[union-attr]


def test_ticking_at_next_deadline_always_brings_something_due_then() -> None:
    plan = plan_of(timed("A", 5.0, cues=(cue(1.5, "x"),)), lap_step("L"), timed("B", 4.0))
    engine = Engine(plan, lead_in_s=2.0)
    engine.handle(Start(0.0))
    firsts = []
    while (deadline := engine.next_deadline()) is not None:
        effects = engine.handle(Tick(deadline))
        assert effects and when(effects[0]) == deadline
        firsts.append(story(effects[:1])[0][0])
    assert engine.state is State.WAITING_FOR_LAP
    assert firsts == ["StepStarted", "CueDue", "CountdownBeep", "CountdownBeep", "CountdownBeep", "StepEnded"]


def test_a_deadline_that_is_no_float_is_rounded_up_so_ticking_then_brings_it() -> None:
    """1000.0 + 117.1 is no float: a deadline rounded down would wake the shell early, for nothing."""
    plan = plan_of(timed("A", 120.0, cues=(cue(117.1, "nearly"),)), countdown=0)
    engine = started(plan, at=1000.0)
    deadline = engine.next_deadline()
    assert deadline is not None
    assert story(engine.handle(Tick(deadline))) == [("CueDue", "nearly", 1117.1)]
    assert engine.next_deadline() == 1120.0


def test_nothing_is_scheduled_on_a_lap_step_without_cues() -> None:
    engine = started(plan_of(lap_step("Run 400 m", target_s=80.0)))
    assert engine.next_deadline() is None


# ---- cues --------------------------------------------------------------------


def test_cues_come_due_at_their_offsets_and_a_start_cue_follows_step_started() -> None:
    plan = plan_of(
        timed("Warm up", 30.0, cues=(cue(12.5, "later"), cue(0, "start"))),
        countdown=0,
    )
    engine = started(plan, at=50.0)
    assert story(engine.handle(Tick(50.0))) == []
    assert story(engine.handle(Tick(70.0))) == [("CueDue", "later", 62.5)]
    engine = Engine(plan, lead_in_s=0.0)
    assert story(engine.handle(Start(50.0))) == [("StepStarted", "Warm up", 50.0), ("CueDue", "start", 50.0)]


def test_a_cue_exactly_at_the_end_comes_before_step_ended_and_one_past_it_never_comes() -> None:
    plan = plan_of(timed("A", 10.0, cues=(cue(10, "end"), cue(11, "too late"))), countdown=0)
    engine = started(plan)
    effects = engine.handle(Tick(100.0))
    assert story(effects) == [
        ("CueDue", "end", 10.0),
        ("StepEnded", "A", 0.0, 10.0, "time"),
        ("Finished", 10.0, 10.0),
    ]


def test_cues_of_a_step_ended_early_are_dropped() -> None:
    plan = plan_of(
        lap_step("Run", cues=(cue(60, "sixty"),)), timed("Jog", 100.0, cues=(cue(5, "jog"),)), countdown=0
    )
    engine = started(plan)
    effects = feed(engine, [Lap(59.0), Tick(200.0)])
    assert [e[1] for e in story(effects) if e[0] == "CueDue"] == ["jog"]


def test_cues_on_a_lap_step_come_due_by_running_time() -> None:
    plan = plan_of(lap_step("Run", cues=(cue(30, "thirty"),)))
    engine = started(plan)
    assert engine.next_deadline() == 30.0
    assert story(engine.handle(Tick(31.0))) == [("CueDue", "thirty", 30.0)]
    assert engine.view(31.0).last_cue == cue(30, "thirty")


# ---- countdown beeps -----------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "countdown", "expected"),
    [
        (60.0, 3, [(3, 57.0), (2, 58.0), (1, 59.0)]),
        (60.0, 5, [(5, 55.0), (4, 56.0), (3, 57.0), (2, 58.0), (1, 59.0)]),
        (3.0, 3, [(2, 1.0), (1, 2.0)]),
        (2.5, 3, [(2, 0.5), (1, 1.5)]),
        (1.0, 3, []),
        (60.0, 0, []),
    ],
)
def test_countdown_beeps_sound_in_the_last_seconds_of_a_timed_step(
    duration: float, countdown: int, expected: list[tuple[int, float]]
) -> None:
    engine = started(plan_of(timed("A", duration), countdown=countdown))
    beeps = of_type(engine.handle(Tick(duration)), CountdownBeep)
    assert [(b.remaining, b.at) for b in beeps if isinstance(b, CountdownBeep)] == expected


def test_lap_steps_have_no_countdown() -> None:
    engine = started(plan_of(lap_step("Run", target_s=10.0)))
    engine.handle(Tick(100.0))
    assert engine.next_deadline() is None


# ---- pause and resume -------------------------------------------------------------


def test_a_pause_moves_the_end_beeps_and_cues_by_exactly_its_length() -> None:
    plan = plan_of(timed("A", 60.0, cues=(cue(40, "forty"),)), timed("B", 10.0), countdown=2)
    engine = started(plan)
    feed(engine, [Tick(20.0), Pause(20.0), Resume(37.3)])
    assert engine.next_deadline() == 57.3
    effects = engine.handle(Tick(100.0))
    shifted = 17.3
    assert [(e[0], e[-1] if e[0] != "StepEnded" else e[3]) for e in story(effects)][:4] == [
        ("CueDue", 40.0 + shifted),
        ("CountdownBeep", 58.0 + shifted),
        ("CountdownBeep", 59.0 + shifted),
        ("StepEnded", 60.0 + shifted),
    ]
    ended = engine.completed[0]
    assert ended.paused_s == pytest.approx(shifted, abs=1e-12)
    assert ended.active_s == pytest.approx(60.0, abs=1e-12)


def test_pause_and_resume_lose_no_second_over_a_whole_workout() -> None:
    plan = plan_of(timed("A", 30.0), lap_step("L", target_s=40.0), timed("B", 30.0), countdown=0)
    engine = started(plan, at=1000.0)
    effects = feed(
        engine,
        [
            *(Pause(1010.0), Resume(1025.0), Tick(1045.0)),
            *(Pause(1050.0), Resume(1051.5), Lap(1090.0)),
            *(Pause(1100.0), Tick(1500.0), Resume(1600.0), Tick(5000.0)),
        ],
    )
    finished = of_type(effects, Finished)
    assert len(finished) == 1 and isinstance(finished[0], Finished)
    assert [e.active_s for e in engine.completed] == [30.0, 43.5, 30.0]
    assert [e.paused_s for e in engine.completed] == [15.0, 1.5, 500.0]
    assert (finished[0].at, finished[0].total_s) == (1620.0, 620.0)
    assert engine.view(9999.0).paused_total_s == 516.5


def test_a_pause_in_the_lead_in_moves_its_end() -> None:
    engine = Engine(plan_of(timed("A", 5.0)), lead_in_s=10.0)
    feed(engine, [Start(0.0), Pause(4.0)])
    assert engine.view(9.0).lead_in_remaining_s == 6.0
    engine.handle(Resume(9.0))
    assert engine.next_deadline() == 15.0


def test_a_key_pressed_after_a_boundary_acts_on_the_new_step() -> None:
    """The shell may see a key before the tick: the boundary is carried out first, at its own time."""
    engine = started(plan_of(timed("A", 10.0), timed("B", 10.0), countdown=0))
    assert story(engine.handle(Pause(12.0))) == [
        ("StepEnded", "A", 0.0, 10.0, "time"),
        ("StepStarted", "B", 10.0),
        ("Paused", 12.0),
    ]


# ---- skip, back, adjust -------------------------------------------------------------


def test_back_after_three_seconds_restarts_the_step() -> None:
    engine = started(plan_of(timed("A", 60.0), timed("B", 60.0)))
    engine.handle(Tick(60.0))
    assert story(engine.handle(Back(63.5))) == [
        ("StepEnded", "B", 60.0, 63.5, "back"),
        ("StepStarted", "B", 63.5),
    ]
    assert engine.next_deadline() == 63.5 + 57.0


@pytest.mark.parametrize("into", [0.0, 1.0, 3.0])
def test_back_within_three_seconds_goes_to_the_previous_step(into: float) -> None:
    engine = started(plan_of(timed("A", 60.0), lap_step("B")))
    engine.handle(Tick(60.0))
    assert story(engine.handle(Back(60.0 + into))) == [
        ("StepEnded", "B", 60.0, 60.0 + into, "back"),
        ("StepStarted", "A", 60.0 + into),
    ]


def test_back_counts_running_time_not_paused_time() -> None:
    engine = started(plan_of(timed("A", 60.0), timed("B", 60.0)))
    feed(engine, [Tick(60.0), Pause(62.0), Resume(90.0)])
    assert story(engine.handle(Back(90.5)))[-1] == ("StepStarted", "A", 90.5)


def test_back_on_the_first_step_restarts_it() -> None:
    engine = started(plan_of(timed("A", 60.0), timed("B", 60.0)))
    assert story(engine.handle(Back(1.0))) == [
        ("StepEnded", "A", 0.0, 1.0, "back"),
        ("StepStarted", "A", 1.0),
    ]


@pytest.mark.parametrize(("seconds", "end"), [(10.0, 70.0), (-10.0, 50.0), (-10.5, 49.5)])
def test_adjust_moves_the_end_of_a_timed_step(seconds: float, end: float) -> None:
    engine = started(plan_of(timed("A", 60.0), timed("B", 60.0), countdown=0))
    engine.handle(Adjust(20.0, seconds))
    assert engine.next_deadline() == end
    assert story(engine.handle(Tick(end)))[0] == ("StepEnded", "A", 0.0, end, "time")


def test_adjusting_below_now_ends_the_step_now() -> None:
    engine = started(plan_of(timed("A", 60.0), timed("B", 60.0)))
    assert story(engine.handle(Adjust(55.0, -10.0))) == [
        ("StepEnded", "A", 0.0, 55.0, "time"),
        ("StepStarted", "B", 55.0),
    ]


def test_adjust_restarts_the_countdown_for_the_new_end() -> None:
    engine = started(plan_of(timed("A", 10.0), countdown=3))
    first = of_type(engine.handle(Tick(8.5)), CountdownBeep)
    assert [b.remaining for b in first if isinstance(b, CountdownBeep)] == [3, 2]
    engine.handle(Adjust(8.5, 10.0))
    beeps = of_type(engine.handle(Tick(100.0)), CountdownBeep)
    assert [(b.remaining, b.at) for b in beeps if isinstance(b, CountdownBeep)] == [
        (3, 17.0),
        (2, 18.0),
        (1, 19.0),
    ]


def test_adjust_drops_beeps_that_a_shorter_step_has_already_passed() -> None:
    engine = started(plan_of(timed("A", 10.0), countdown=3))
    engine.handle(Adjust(1.0, -7.0))
    beeps = of_type(engine.handle(Tick(100.0)), CountdownBeep)
    assert [(b.remaining, b.at) for b in beeps if isinstance(b, CountdownBeep)] == [(1, 2.0)]


def test_adjust_after_a_pause_keeps_the_pause() -> None:
    engine = started(plan_of(timed("A", 60.0), countdown=0))
    feed(engine, [Pause(10.0), Resume(30.0), Adjust(31.0, 10.0)])
    assert engine.next_deadline() == 60.0 + 20.0 + 10.0


# ---- the 10-hour plan ----------------------------------------------------------------


def ten_hours(rng: random.Random) -> Plan:
    """Ten hours of steps with awkward lengths (thirds, tenths), each with cues; ends on a known total."""
    segments = []
    total = Fraction(0)
    durations = [83.0 + 1 / 3, 0.1, 61.7, 0.5, 29.9, 240.0, 12.345]
    while total < 36_000:
        duration = rng.choice(durations)
        segments.append(timed(f"S{len(segments)}", duration, cues=(cue(duration / 2, "half"),)))
        total += Fraction(duration)
    return plan_of(*segments, countdown=3)


def test_a_ten_hour_plan_ends_exactly_at_its_planned_total_whatever_the_ticks() -> None:
    rng = random.Random(2024)
    plan = ten_hours(rng)
    start, lead_in = 12_345.678, 10.0
    engine = Engine(plan, lead_in_s=lead_in)
    effects = engine.handle(Start(start))
    now = start
    while engine.state is not State.FINISHED:
        now += rng.choice([0.001, 0.37, 1.0, 2.5, 30.0, 400.0])
        effects.extend(engine.handle(Tick(now)))
    exact = Fraction(start) + Fraction(lead_in)
    boundaries = []
    for segment in plan.segments:
        assert segment.duration_s is not None
        exact += Fraction(segment.duration_s)
        boundaries.append(float(exact))
    ends = [e.ended_at for e in effects if isinstance(e, StepEnded)]
    assert ends == boundaries
    finished = effects[-1]
    assert isinstance(finished, Finished)
    assert finished.at == boundaries[-1]
    assert finished.total_s == math.fsum(s.duration_s or 0.0 for s in plan.segments)
    assert plan.total_time_s == pytest.approx(finished.total_s, rel=1e-12)
    starts = [e.at for e in effects if isinstance(e, StepStarted)]
    assert starts[1:] == ends[:-1]


def test_quit_keeps_what_was_done() -> None:
    engine = started(plan_of(timed("A", 10.0), lap_step("B"), timed("C", 10.0)))
    feed(engine, [Tick(10.0), Lap(50.0), Quit(52.0)])
    assert [(e.segment.label, e.reason) for e in engine.completed] == [
        ("A", "time"),
        ("B", "lap"),
        ("C", "quit"),
    ]
    assert engine.view(60.0).state is State.ABORTED
