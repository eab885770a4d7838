"""How close to plan the running app carries out step boundaries (target: p99 ≤ 5 ms).

A real headless run of the Textual app (`App.run_test`, the real
`MonotonicClock` and the asyncio loop's timers; nothing faked but the sound
card and the disk): 30 steps of 0.5 s each, after a 1 s lead-in. A
recording audio stamps the moment the app asks for each step's start sound
(`go`/`final`) and the finish sound with `time.monotonic()`; the planned
moment of each is the engine's exact boundary (the lead-in's end plus
k × 0.5 s). The figure is |actual − planned| over every boundary of several
runs.

Side by side, a naive loop (what many timers do) on the same event loop:
sleep 0.5 s per step with `asyncio.sleep` and start the next step when the
sleep returns, so each step begins where the last wake-up landed.

Run: .venv/bin/python bench/timer_precision.py [--runs N] [--steps N]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from kicktimer.app.clock import MonotonicClock
from kicktimer.app.factory import make_app
from kicktimer.audio.recording import RecordingAudio
from kicktimer.core.segments import Plan, Segment
from kicktimer.history import MemoryStore
from kicktimer.workout.model import Environment, StepKind

STEP_S = 0.5
LEAD_IN_S = 1.0
START_SOUNDS = {"go", "final", "rest", "finish"}


def short_steps(count: int) -> Plan:
    segments = tuple(
        Segment(
            index=i,
            kind=StepKind.RUN,
            label=f"Step {i + 1}",
            duration_s=STEP_S,
            rep_number=i + 1,
            rep_count=count,
        )
        for i in range(count)
    )
    return Plan(name="precision", environment=Environment.ANY, segments=segments, countdown=0)


async def one_run(steps: int) -> list[float]:
    """Errors (s) of every step start and the finish in one app run."""
    plan = short_steps(steps)
    audio = RecordingAudio(clock=time.monotonic)
    store = MemoryStore()
    app = make_app(
        audio=audio,
        store=store,
        clock=MonotonicClock(),
        plan=plan,
        lead_in_s=LEAD_IN_S,
        speak_steps=False,
    )
    async with app.run_test(size=(100, 30)):
        # one long sleep, not a polling loop: nothing but the app runs on the loop meanwhile
        await asyncio.sleep(LEAD_IN_S + steps * STEP_S + 0.5)
        session = app.session
        if session is None or session.log.finished_total_s is None:
            raise RuntimeError("the run did not finish")
    heard = [event.at for event in audio.events if event.action == "play" and event.what in START_SOUNDS]
    planned = [ended.started_at for ended in session.log.completed] + [session.log.completed[-1].ended_at]
    if len(heard) != len(planned):
        raise RuntimeError(f"{len(heard)} sounds for {len(planned)} boundaries")
    return [abs(actual - plan_at) for actual, plan_at in zip(heard, planned, strict=True)]


async def naive_run(steps: int) -> list[float]:
    """A sleep-per-step timer: each step starts when the previous sleep returns."""
    start = time.monotonic()
    errors = [0.0]
    now = start
    for k in range(1, steps + 1):
        await asyncio.sleep(STEP_S)
        now = time.monotonic()
        errors.append(abs(now - (start + k * STEP_S)))
    return errors


def describe(name: str, errors: list[float]) -> str:
    ordered = sorted(errors)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (
        f"{name:<34} n={len(ordered):<4} p50 {p50 * 1000:6.2f} ms   p99 {p99 * 1000:6.2f} ms"
        f"   max {ordered[-1] * 1000:6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    app_errors: list[float] = []
    naive_errors: list[float] = []
    naive_last: list[float] = []
    for _ in range(args.runs):
        app_errors += asyncio.run(one_run(args.steps))
        naive = asyncio.run(naive_run(args.steps))
        naive_errors += naive
        naive_last.append(naive[-1])
    print(f"{args.runs} runs × {args.steps} steps of {STEP_S} s (lead-in {LEAD_IN_S} s), |actual − planned|:")
    print(describe("kick app (headless, real clock)", app_errors))
    print(describe("naive sleep-per-step loop", naive_errors))
    print(f"naive loop's drift at the end of each run: {', '.join(f'{d * 1000:.1f} ms' for d in naive_last)}")


if __name__ == "__main__":
    main()
