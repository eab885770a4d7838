"""Drift of the timing engine over a 10-hour session on a fake clock.

Runs a 10-hour plan of steps with awkward lengths (thirds, tenths, the kind a
treadmill distance at a given pace produces) through the engine, ticking at
random late moments the way a busy event loop would (mostly a few ms late,
sometimes stalled for seconds), with and without pauses. Every step boundary
is compared with the exact planned time (computed with fractions), and, side
by side, with what a naive timer does: one that starts each step when the
tick noticing the previous end arrives.

Prints the end error and the per-boundary error (max and p99), how many
boundaries differ from the exact plan rounded once to a float (the engine
keeps exact fractions inside, so the only error left is that one rounding of
a clock reading near 10^6 s, about 1e-10 s), and what one engine event and
one view cost.

Run: .venv/bin/python bench/engine_drift.py [--seed N]
"""

from __future__ import annotations

import argparse
import random
import time
from fractions import Fraction

from kicktimer.core.engine import Engine
from kicktimer.core.events import Effect, Finished, Pause, Resume, Start, State, StepEnded, Tick
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.workout.model import Environment, StepKind

TEN_HOURS = 36_000.0
DURATIONS = (100.0, 83.0 + 1 / 3, 61.7, 29.9, 12.345, 0.1, 240.0, 90.0, 45.5, 1 / 7)


def ten_hour_plan(rng: random.Random) -> Plan:
    segments: list[Segment] = []
    total = 0.0
    while total < TEN_HOURS:
        duration = rng.choice(DURATIONS)
        segments.append(
            Segment(
                index=len(segments),
                kind=StepKind.RUN if len(segments) % 2 == 0 else StepKind.RECOVER,
                label=f"Step {len(segments) + 1}",
                duration_s=duration,
                cues=(PlannedCue(offset_s=duration / 2, text="halfway"),),
            )
        )
        total += duration
    return Plan(name="ten hours", environment=Environment.TREADMILL, segments=tuple(segments), countdown=3)


def late_by(rng: random.Random) -> float:
    """How late a tick arrives: usually a few ms, now and then a stall of seconds."""
    if rng.random() < 0.01:
        return rng.uniform(1.0, 5.0)
    return rng.expovariate(1 / 0.004)


def run(
    plan: Plan, lead_in_s: float, start: float, rng: random.Random, pauses: bool
) -> tuple[list[Effect], list[float], float, int, float]:
    """Drive the engine like the shell, late. Returns effects, pauses, time spent, events, the naive end."""
    engine = Engine(plan, lead_in_s=lead_in_s)
    effects = engine.handle(Start(start))
    paused: list[float] = []
    events, spent = 1, 0.0
    naive_end = start + lead_in_s
    now = start
    while engine.state is not State.FINISHED:
        deadline = engine.next_deadline()
        assert deadline is not None
        now = max(now, deadline + late_by(rng))
        began = time.perf_counter()
        got = engine.handle(Tick(now))
        spent += time.perf_counter() - began
        events += 1
        effects.extend(got)
        for effect in got:
            if isinstance(effect, StepEnded):
                # the naive timer starts the next step when this tick noticed the end
                naive_end = naive_end + (effect.segment.duration_s or 0.0) + (now - effect.ended_at)
        if pauses and engine.state is State.RUNNING and rng.random() < 0.02:
            length = rng.uniform(0.5, 120.0)
            for event in (Pause(now), Resume(now + length)):
                effects.extend(engine.handle(event))
            paused.append(length)
            events += 2
            now += length
    return effects, paused, spent, events, naive_end


def exact_boundaries(plan: Plan, start: float, lead_in_s: float) -> list[Fraction]:
    at = Fraction(start) + Fraction(lead_in_s)
    ends = []
    for segment in plan.segments:
        at += Fraction(segment.duration_s or 0.0)
        ends.append(at)
    return ends


def report(title: str, plan: Plan, start: float, lead_in_s: float, rng: random.Random, pauses: bool) -> None:
    effects, paused, spent, events, naive_end = run(plan, lead_in_s, start, rng, pauses)
    ended = [e for e in effects if isinstance(e, StepEnded)]
    finished = effects[-1]
    assert isinstance(finished, Finished)
    planned = exact_boundaries(plan, start, lead_in_s)
    # with pauses, each boundary moves by the pauses before it
    shift, shifted = Fraction(0), []
    for step, boundary in zip(ended, planned, strict=True):
        shift += Fraction(step.paused_s)
        shifted.append(boundary + shift)
    errors = sorted(abs(Fraction(step.ended_at) - exact) for step, exact in zip(ended, shifted, strict=True))
    p99 = errors[int(0.99 * (len(errors) - 1))]
    end_error = Fraction(finished.at) - shifted[-1]
    planned_total = planned[-1] - Fraction(start) - Fraction(lead_in_s)
    total_error = Fraction(finished.total_s) - (
        planned_total + sum((Fraction(p) for p in paused), Fraction(0))
    )
    print(f"\n{title}")
    print(f"  steps {len(ended)}, planned {float(planned_total) / 3600:.4f} h, pauses {len(paused)}")
    print(f"  engine: end error {float(end_error):+.3e} s, total_s error {float(total_error):+.3e} s")
    print(f"  engine: per-boundary error max {float(errors[-1]):.3e} s, p99 {float(p99):.3e} s")
    off = sum(step.ended_at != float(exact) for step, exact in zip(ended, shifted, strict=True))
    print(f"  engine: boundaries not equal to the exact plan rounded once to a float: {off}/{len(ended)}")
    if not pauses:
        print(f"  naive tick-driven timer, same ticks: end late by {naive_end - float(planned[-1]):.3f} s")
    per_event = spent / events * 1e6
    print(f"  cost: {events} events, {per_event:.1f} µs per engine event (incl. catch-up)")


def view_cost(plan: Plan) -> float:
    """µs per view() half-way through the plan, as the screen asks once per displayed second."""
    engine = Engine(plan, lead_in_s=0.0)
    engine.handle(Start(0.0))
    middle = float(sum(Fraction(s.duration_s or 0.0) for s in plan.segments) / 2)
    engine.handle(Tick(middle))
    rounds = 2000
    began = time.perf_counter()
    for i in range(rounds):
        engine.view(middle + i / 1000)
    return (time.perf_counter() - began) / rounds * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    plan = ten_hour_plan(rng)
    start = 987_654.321  # a monotonic clock reading well away from zero, as on a machine up for days
    report("10 h, late ticks, no pauses", plan, start, 10.0, rng, pauses=False)
    report("10 h, late ticks, random pauses", plan, start, 10.0, rng, pauses=True)
    print(f"\nview(): {view_cost(plan):.1f} µs each, {len(plan.segments) // 2} steps done")


if __name__ == "__main__":
    main()
