"""Shared pieces for the app's Pilot tests: plans built from segments, fakes, helpers.

The app is always built through `make_app` with a `FakeClock`, so time only
moves when a test says so: `advance(app, clock, s)` moves the clock and wakes
the app exactly as the real clock's scheduled wake-up would.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Digits, Label

from kicktimer.app.app import KickApp
from kicktimer.app.clock import FakeClock
from kicktimer.app.factory import make_app
from kicktimer.audio.recording import RecordingAudio
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.history import MemoryStore
from kicktimer.workout.model import Environment, StepKind


def plan_of(
    *segments: Segment, name: str = "Test plan", environment: Environment = Environment.TRACK
) -> Plan:
    numbered = tuple(replace(segment, index=i) for i, segment in enumerate(segments))
    return Plan(name=name, environment=environment, segments=numbered, countdown=3)


def timed(label: str, seconds: float, kind: StepKind = StepKind.RUN, **fields: object) -> Segment:
    return Segment(index=0, kind=kind, label=label, duration_s=seconds, **fields)  # type: ignore[arg-type]


def lap_step(label: str, target_s: float | None, kind: StepKind = StepKind.RUN, **fields: object) -> Segment:
    return Segment(index=0, kind=kind, label=label, duration_s=None, target_s=target_s, **fields)  # type: ignore[arg-type]


def cue(offset_s: float, text: str) -> PlannedCue:
    return PlannedCue(offset_s=offset_s, text=text)


def track_intervals(reps: int = 3) -> Plan:
    """Warm-up 60 s, then `reps` × (400 m on the lap key, target 90 s; recover 60 s), cool-down 60 s."""
    segments: list[Segment] = [timed("Warm-up 1:00", 60, StepKind.WARMUP)]
    for rep in range(1, reps + 1):
        segments.append(
            lap_step(
                "Run 400 m",
                90.0,
                distance_m=400.0,
                rep_number=rep,
                rep_count=reps,
                rep=f"{rep}/{reps}",
                pace_s_per_km=225.0,
                all_out=rep == reps,
                cues=(cue(0, "Relax your shoulders."),),
            )
        )
        if rep < reps:
            segments.append(timed("Recover 1:00", 60, StepKind.RECOVER, rep_number=rep, rep_count=reps))
    segments.append(timed("Cool-down 1:00", 60, StepKind.COOLDOWN))
    return plan_of(*segments, name="3 × 400 m")


@dataclass
class Rig:
    """An app with its fakes, ready for `App.run_test`."""

    app: KickApp
    clock: FakeClock
    audio: RecordingAudio
    store: MemoryStore


def rig_for_plan(plan: Plan, *, lead_in_s: float = 10.0, units: str = "km", **app_options: Any) -> Rig:
    """The app on `plan`'s timer with a fake clock, recording audio and a memory store.

    `app_options` go to `make_app` as they are (coach mode, for one).
    """
    clock = FakeClock()
    audio = RecordingAudio()
    store = MemoryStore()
    app = make_app(
        audio=audio,
        store=store,
        clock=clock,
        plan=plan,
        workout_yaml="name: test\n",
        lead_in_s=lead_in_s,
        units=units,
        **app_options,
    )
    return Rig(app, clock, audio, store)


async def advance(pilot: Pilot[object], rig: Rig, seconds: float) -> None:
    """Move the fake clock and wake the app, as the scheduled wake-up would."""
    rig.clock.advance(seconds)
    rig.app.wake()
    await pilot.pause()


async def run_until(pilot: Pilot[object], rig: Rig, at: float) -> None:
    """Follow the app's own wake-ups (one at a time) until the clock reaches `at`."""
    while True:
        wake_at = rig.app.next_wake_at
        if wake_at is None or wake_at > at:
            rig.clock.advance_to(at)
            rig.app.wake()
            await pilot.pause()
            return
        rig.clock.advance_to(wake_at)
        rig.app.wake()
    await pilot.pause()


def big_clock(app: KickApp) -> str:
    return app.screen.query_one("#clock", Digits).value


def label(app: KickApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).content)
