"""Plans and sessions for the coach-mode tests, built straight from Segments (no workout file).

Helpers only (no tests here); the other test_coach_* modules import them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from kicktimer.core.coach.session import Athlete, CoachSession, SessionEffect, assign_keys
from kicktimer.core.engine import Engine
from kicktimer.core.events import Start
from kicktimer.core.segments import Plan, Segment
from kicktimer.workout.model import Environment, StepKind


def run(metres: float = 400, target_s: float | None = 80.0, **extra: object) -> Segment:
    """A distance rep on the track: waits for the lap key."""
    return Segment(
        index=0,
        kind=StepKind.RUN,
        label=f"Run {metres:g} m",
        duration_s=None,
        distance_m=metres,
        target_s=target_s,
        **extra,  # type: ignore[arg-type]
    )


def recover(seconds: float | None, **extra: object) -> Segment:
    return Segment(index=0, kind=StepKind.RECOVER, label="Recover", duration_s=seconds, **extra)  # type: ignore[arg-type]


def warmup(seconds: float) -> Segment:
    return Segment(index=0, kind=StepKind.WARMUP, label="Warm up", duration_s=seconds)


def plan(*segments: Segment) -> Plan:
    """Numbers the segments (and their reps, for runs) in order."""
    runs = sum(1 for s in segments if s.kind is StepKind.RUN)
    numbered: list[Segment] = []
    rep = 0
    for index, segment in enumerate(segments):
        if segment.kind is StepKind.RUN:
            rep += 1
            segment = replace(segment, rep=f"{rep}/{runs}", rep_number=rep, rep_count=runs)
        numbered.append(replace(segment, index=index))
    return Plan(name="Test", environment=Environment.TRACK, segments=tuple(numbered), countdown=0)


def reps_with_recovery(count: int, recovery_s: float = 60.0, target_s: float | None = 80.0) -> Plan:
    """count × (400 m, recovery); no recovery after the last rep."""
    segments: list[Segment] = []
    for i in range(count):
        segments.append(run(target_s=target_s))
        if i < count - 1:
            segments.append(recover(recovery_s))
    return plan(*segments)


def sendoff_reps(count: int, every_s: float, target_s: float | None = 80.0) -> Plan:
    """count × 400 m every `every_s`: each repetition but the last is (run, recovery until the send-off)."""
    segments: list[Segment] = []
    for i in range(count):
        if i < count - 1:
            segments.append(run(target_s=target_s, sendoff_group=1, sendoff_s=every_s))
            segments.append(recover(None, sendoff_group=1, sendoff_s=every_s, fills_sendoff=True))
        else:
            segments.append(run(target_s=target_s))
    return plan(*segments)


def start(the_plan: Plan, names: Sequence[str] = ("Ana", "Ben", "Cy"), at: float = 0.0) -> CoachSession:
    """A session started with no lead-in: the first step starts at `at`."""
    session = CoachSession(Engine(the_plan, lead_in_s=0), assign_keys(list(names)))
    session.handle(Start(at))
    return session


def athlete(session: CoachSession, name: str) -> Athlete:
    return next(a for a in session.athletes if a.name == name)


T = TypeVar("T")


def of_type(effects: Sequence[SessionEffect], kind: type[T]) -> list[T]:
    return [e for e in effects if isinstance(e, kind)]
