"""Ways to feed the engine and read its effects (shared by the engine tests; plans: `plan_builders`).

No loader, no clock: times are plain numbers passed in with each event.
"""

from __future__ import annotations

from collections.abc import Iterable

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
