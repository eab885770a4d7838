"""Sessions for the coach-mode tests (plans: `plan_builders`).

Helpers only (no tests here); the other test_coach_* modules import them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from kicktimer.core.coach.session import Athlete, CoachSession, SessionEffect, assign_keys
from kicktimer.core.engine import Engine
from kicktimer.core.events import Start
from kicktimer.core.segments import Plan


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
