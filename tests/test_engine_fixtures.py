"""Plans built straight from Segments, and ways to read the engine's effects (shared by the engine tests).

No loader, no clock: times are plain numbers passed in with each event.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from kicktimer.core.engine import Engine
from kicktimer.core.events import (
    CountdownBeep,
    CueDue,
    Effect,
    Event,
    SplitRecorded,
    StepEnded,
    StepStarted,
)
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.workout.model import Environment, StepKind


def timed(label: str, duration_s: float, kind: StepKind = StepKind.RUN, **fields: object) -> Segment:
    return Segment(index=0, kind=kind, label=label, duration_s=duration_s, **fields)  # type: ignore[arg-type]


def lap(
    label: str, target_s: float | None = None, kind: StepKind = StepKind.RUN, **fields: object
) -> Segment:
    return Segment(index=0, kind=kind, label=label, duration_s=None, target_s=target_s, **fields)  # type: ignore[arg-type]


def cue(offset_s: float, text: str) -> PlannedCue:
    return PlannedCue(offset_s=offset_s, text=text)


def sendoff_reps(
    count: int,
    every_s: float,
    work: Segment,
    recovery_estimate_s: float | None = None,
    first_group: int = 1,
) -> list[Segment]:
    """`count` repetitions of work + recovery on an `every` clock; the last has no recovery.

    Each repetition but the last is its own send-off group, as the compiler makes them.
    """
    segments: list[Segment] = []
    for rep in range(count):
        if rep == count - 1:
            segments.append(replace(work, rep=f"Rep {rep + 1}/{count}"))
            break
        group = first_group + rep
        segments.append(replace(work, sendoff_group=group, sendoff_s=every_s, rep=f"Rep {rep + 1}/{count}"))
        segments.append(
            Segment(
                index=0,
                kind=StepKind.RECOVER,
                label="Recover",
                duration_s=recovery_estimate_s,
                sendoff_group=group,
                sendoff_s=every_s,
                fills_sendoff=True,
            )
        )
    return segments


def make_plan(*segments: Segment, countdown: int = 3, environment: Environment = Environment.TRACK) -> Plan:
    """A plan whose segments are numbered in order."""
    numbered = tuple(replace(segment, index=i) for i, segment in enumerate(segments))
    return Plan(name="test", environment=environment, segments=numbered, countdown=countdown)


def feed(engine: Engine, events: Iterable[Event]) -> list[Effect]:
    effects: list[Effect] = []
    for event in events:
        effects.extend(engine.handle(event))
    return effects


def story(effects: Iterable[Effect]) -> list[tuple[object, ...]]:
    """Effects as short comparable tuples: (name, label or detail, time...)."""
    lines: list[tuple[object, ...]] = []
    for effect in effects:
        name = type(effect).__name__
        if isinstance(effect, StepStarted):
            lines.append((name, effect.segment.label, effect.at))
        elif isinstance(effect, StepEnded):
            lines.append((name, effect.segment.label, effect.started_at, effect.ended_at, effect.reason))
        elif isinstance(effect, CueDue):
            lines.append((name, effect.cue.text, effect.at))
        elif isinstance(effect, CountdownBeep):
            lines.append((name, effect.remaining, effect.at))
        elif isinstance(effect, SplitRecorded):
            lines.append((name, effect.segment.label, effect.split_s, effect.at))
        else:
            lines.append((name, *vars(effect).values()))
    return lines


def of_type(effects: Iterable[Effect], kind: type) -> list[Effect]:
    return [effect for effect in effects if isinstance(effect, kind)]
