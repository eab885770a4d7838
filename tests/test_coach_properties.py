"""Random key presses on a coach session keep the board consistent with the engine and the store."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kicktimer.core.coach.results import is_rep
from kicktimer.core.coach.session import (
    CoachSession,
    RepClosed,
    RepDiscarded,
    SessionEffect,
    SplitTaken,
    SplitUndone,
)
from kicktimer.core.events import (
    Back,
    Event,
    IllegalEvent,
    Lap,
    Pause,
    Quit,
    Resume,
    Skip,
    SplitRecorded,
    State,
    Tick,
)
from plan_builders import reps_with_recovery, sendoff_reps
from test_coach_support import start

ATHLETES = ("Ana", "Ben", "Cy")
Press = tuple[str, int, float]
KINDS = ["cross", "cross", "cross", "undo", "lap", "tick", "pause", "resume", "skip", "back"]

presses = st.lists(
    st.tuples(
        st.sampled_from(
            ["cross", "cross", "cross", "undo", "lap", "tick", "pause", "resume", "skip", "back"]
        ),
        st.integers(min_value=0, max_value=len(ATHLETES) - 1),
        st.floats(min_value=0.0, max_value=40.0, allow_nan=False),
    ),
    max_size=60,
)

EVENTS: dict[str, type[Lap | Tick | Pause | Resume | Skip | Back]] = {
    "lap": Lap,
    "tick": Tick,
    "pause": Pause,
    "resume": Resume,
    "skip": Skip,
    "back": Back,
}


def press(session: CoachSession, kind: str, who: int, now: float) -> list[SessionEffect]:
    if kind == "cross":
        return session.crossing(who, now)
    if kind == "undo":
        return session.undo(now)
    event: Event = EVENTS[kind](now)
    try:
        return session.handle(event)
    except IllegalEvent:
        return []


def check_closed(effects: list[SessionEffect]) -> None:
    """Each closed rep: one split per athlete in board order, each within the rep's running time."""
    engine_split = next((e.split_s for e in effects if isinstance(e, SplitRecorded)), None)
    for effect in effects:
        if not isinstance(effect, RepClosed):
            continue
        result = effect.result
        assert [s.athlete.index for s in result.splits] == list(range(len(ATHLETES)))
        running = result.ended_at - result.started_at - result.paused_s
        times = [s.split_s for s in result.splits if s.split_s is not None]
        assert all(0.0 <= t <= running + 1e-9 for t in times)
        if result.reason == "lap" and engine_split is not None and len(times) == len(ATHLETES):
            assert max(times) <= engine_split + 1e-9


@settings(max_examples=150, deadline=None)
@given(presses=presses, sendoff=st.booleans())
def test_random_sessions_keep_board_engine_and_store_in_step(presses: list[Press], sendoff: bool) -> None:
    plan = sendoff_reps(3, every_s=100.0) if sendoff else reps_with_recovery(3, recovery_s=30.0)
    session = start(plan, names=ATHLETES)
    stored: dict[tuple[int, str | None], float | None] = {}
    now = 0.0
    for kind, who, step in presses:
        now += step
        effects = press(session, kind, who, now)
        effects += session.handle(Tick(now))  # catch the engine up, so its view and the board agree
        check_closed(effects)
        keep(stored, effects)
        view = session.engine.view(now)
        on_rep = view.segment is not None and is_rep(view.segment)
        assert session.board.rep_open == on_rep
    if session.engine.state not in (State.FINISHED, State.ABORTED):
        keep(stored, session.handle(Quit(now)))
    table = {(lap.index, lap.athlete): lap.actual_s for lap in session.results().laps()}
    assert stored == table


def keep(stored: dict[tuple[int, str | None], float | None], effects: list[SessionEffect]) -> None:
    """What a store fed as it happens holds: each split as taken, DNFs as reps close, undos taken back."""
    for effect in effects:
        if isinstance(effect, SplitTaken):
            stored[(effect.segment.index, effect.athlete.name)] = effect.split_s
        elif isinstance(effect, RepClosed):
            for lap in effect.result.laps():
                stored.setdefault((lap.index, lap.athlete), None)
        elif isinstance(effect, SplitUndone):
            key = (effect.segment.index, effect.athlete.name)
            if effect.closed:
                stored[key] = None
            else:
                stored.pop(key, None)
        elif isinstance(effect, RepDiscarded):
            for key in [key for key in stored if key[0] == effect.segment.index]:
                del stored[key]
