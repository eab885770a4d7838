"""Every state × event pair: the legal ones do what the issue says; the rest are refused, changing nothing."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kicktimer.core.engine import Engine
from kicktimer.core.events import (
    Aborted,
    Adjust,
    Back,
    Event,
    IllegalEvent,
    Lap,
    LeadInStarted,
    Pause,
    Paused,
    Quit,
    Resume,
    Resumed,
    Skip,
    Start,
    State,
    StepEnded,
    Tick,
)
from plan_builders import lap_step, plan_of, timed
from test_engine_fixtures import feed, story

PLAN = plan_of(timed("Warm up", 60.0), lap_step("Run 400 m", target_s=90.0), timed("Cool down", 60.0))
LAP_FIRST = plan_of(lap_step("Run 400 m", target_s=90.0), timed("Cool down", 60.0))

AT = 5.0
"""When the event under test arrives; every setup below leaves the engine with nothing due before it."""


def ready() -> Engine:
    return Engine(PLAN)


def lead_in() -> Engine:
    engine = Engine(PLAN, lead_in_s=10.0)
    engine.handle(Start(0.0))
    return engine


def running() -> Engine:
    engine = Engine(PLAN, lead_in_s=0.0)
    engine.handle(Start(0.0))
    return engine


def waiting() -> Engine:
    engine = Engine(LAP_FIRST, lead_in_s=0.0)
    engine.handle(Start(0.0))
    return engine


def paused() -> Engine:
    engine = running()
    engine.handle(Pause(1.0))
    return engine


def finished() -> Engine:
    engine = Engine(plan_of(timed("Only", 1.0)), lead_in_s=0.0)
    feed(engine, [Start(0.0), Tick(2.0)])
    return engine


def aborted() -> Engine:
    engine = running()
    engine.handle(Quit(1.0))
    return engine


SETUPS: dict[State, Callable[[], Engine]] = {
    State.READY: ready,
    State.LEAD_IN: lead_in,
    State.RUNNING: running,
    State.WAITING_FOR_LAP: waiting,
    State.PAUSED: paused,
    State.FINISHED: finished,
    State.ABORTED: aborted,
}

EVENTS: dict[str, Event] = {
    "start": Start(AT),
    "tick": Tick(AT),
    "lap": Lap(AT),
    "pause": Pause(AT),
    "resume": Resume(AT),
    "skip": Skip(AT),
    "back": Back(AT),
    "adjust": Adjust(AT, 10.0),
    "quit": Quit(AT),
}

# Written out from the issue, not read from the engine's table.
LEGAL: dict[State, set[str]] = {
    State.READY: {"start", "tick", "quit"},
    State.LEAD_IN: {"tick", "pause", "skip", "quit"},
    State.RUNNING: {"tick", "pause", "skip", "back", "adjust", "quit"},
    State.WAITING_FOR_LAP: {"tick", "lap", "pause", "skip", "back", "quit"},
    State.PAUSED: {"tick", "resume", "quit"},
    State.FINISHED: {"tick"},
    State.ABORTED: {"tick"},
}

PAIRS = [(state, name) for state in State for name in EVENTS]


def test_setups_reach_their_states() -> None:
    for state, setup in SETUPS.items():
        assert setup().state is state


@pytest.mark.parametrize(("state", "name"), [p for p in PAIRS if p[1] in LEGAL[p[0]]])
def test_legal_events_are_accepted(state: State, name: str) -> None:
    engine = SETUPS[state]()
    engine.handle(EVENTS[name])


@pytest.mark.parametrize(("state", "name"), [p for p in PAIRS if p[1] not in LEGAL[p[0]]])
def test_illegal_events_are_refused_and_change_nothing(state: State, name: str) -> None:
    engine = SETUPS[state]()
    before = (engine.state, engine.completed, engine.next_deadline(), engine.view(AT), engine.started_at)
    event = EVENTS[name]
    with pytest.raises(IllegalEvent) as refused:
        engine.handle(event)
    assert refused.value.state is state
    assert refused.value.event == event
    assert str(refused.value).startswith(f"can't {name} while {state.value}: ")
    assert (
        engine.state,
        engine.completed,
        engine.next_deadline(),
        engine.view(AT),
        engine.started_at,
    ) == before


def test_lap_during_a_timed_step_explains_that_space_never_pauses() -> None:
    with pytest.raises(IllegalEvent, match="never pauses"):
        running().handle(Lap(AT))


@pytest.mark.parametrize("name", ["lap", "skip", "back", "adjust"])
def test_while_paused_the_message_says_resume_first(name: str) -> None:
    with pytest.raises(IllegalEvent, match="resume first"):
        paused().handle(EVENTS[name])


def test_adjust_on_a_lap_step_is_refused() -> None:
    with pytest.raises(IllegalEvent, match="waits for the lap key"):
        waiting().handle(Adjust(AT, 10.0))


def test_an_event_from_the_past_is_refused() -> None:
    engine = running()
    engine.handle(Tick(10.0))
    with pytest.raises(IllegalEvent, match="before the previous event"):
        engine.handle(Skip(9.0))
    assert engine.view(10.0).index == 0


def test_a_non_finite_time_is_refused() -> None:
    with pytest.raises(IllegalEvent, match="finite"):
        running().handle(Tick(float("nan")))


def test_legality_is_judged_after_catching_up() -> None:
    """A pause pressed after the last step's end (before its tick) finds the workout over; nothing is kept."""
    engine = Engine(plan_of(timed("Only", 1.0)), lead_in_s=0.0)
    engine.handle(Start(0.0))
    with pytest.raises(IllegalEvent) as refused:
        engine.handle(Pause(2.0))
    assert refused.value.state is State.FINISHED
    assert engine.state is State.RUNNING and engine.completed == []


def test_start_opens_the_lead_in() -> None:
    engine = Engine(PLAN, lead_in_s=10.0)
    assert story(engine.handle(Start(100.0))) == [("LeadInStarted", 100.0, 110.0)]
    assert engine.state is State.LEAD_IN
    assert engine.started_at == 100.0
    assert engine.next_deadline() == 110.0


def test_the_lead_in_ends_at_its_time_not_at_the_tick_that_notices() -> None:
    engine = Engine(PLAN, lead_in_s=10.0)
    engine.handle(Start(100.0))
    assert story(engine.handle(Tick(113.7))) == [("StepStarted", "Warm up", 110.0)]
    assert engine.state is State.RUNNING


def test_start_with_no_lead_in_starts_the_first_step_now() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    effects = engine.handle(Start(7.0))
    assert story(effects) == [("StepStarted", "Warm up", 7.0)]
    assert not any(isinstance(e, LeadInStarted) for e in effects)


def test_a_lap_step_waits_for_the_lap_key() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    feed(engine, [Start(0.0), Tick(60.0)])
    assert engine.state is State.WAITING_FOR_LAP
    assert engine.next_deadline() is None
    assert engine.handle(Tick(10_000.0)) == []
    assert engine.state is State.WAITING_FOR_LAP


def test_lap_records_the_split_ends_the_step_and_starts_the_next() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    feed(engine, [Start(0.0), Tick(60.0)])
    assert story(engine.handle(Lap(147.5))) == [
        ("SplitRecorded", "Run 400 m", 87.5, 147.5),
        ("StepEnded", "Run 400 m", 60.0, 147.5, "lap"),
        ("StepStarted", "Cool down", 147.5),
    ]
    assert engine.state is State.RUNNING


@pytest.mark.parametrize("state", [State.LEAD_IN, State.RUNNING, State.WAITING_FOR_LAP])
def test_pause_and_resume_return_to_the_state_paused_from(state: State) -> None:
    engine = SETUPS[state]()
    assert engine.handle(Pause(AT)) == [Paused(at=AT)]
    assert engine.state is State.PAUSED
    assert engine.view(AT).paused_from is state
    assert engine.next_deadline() is None
    assert engine.handle(Resume(AT + 4.0)) == [Resumed(at=AT + 4.0, paused_s=4.0)]
    assert engine.state is state


def test_skip_in_the_lead_in_starts_the_first_step_now() -> None:
    engine = lead_in()
    assert story(engine.handle(Skip(AT))) == [("StepStarted", "Warm up", AT)]


def test_skip_ends_the_step_now_and_starts_the_next() -> None:
    engine = running()
    assert story(engine.handle(Skip(AT))) == [
        ("StepEnded", "Warm up", 0.0, AT, "skip"),
        ("StepStarted", "Run 400 m", AT),
    ]


def test_skipping_the_last_step_finishes() -> None:
    engine = Engine(LAP_FIRST, lead_in_s=0.0)
    feed(engine, [Start(0.0), Lap(80.0)])
    assert story(engine.handle(Skip(100.0))) == [
        ("StepEnded", "Cool down", 80.0, 100.0, "skip"),
        ("Finished", 100.0, 100.0),
    ]
    assert engine.state is State.FINISHED


@pytest.mark.parametrize("state", [State.READY, State.LEAD_IN])
def test_quit_before_any_step_only_aborts(state: State) -> None:
    engine = SETUPS[state]()
    assert engine.handle(Quit(AT)) == [Aborted(at=AT)]
    assert engine.state is State.ABORTED
    assert engine.next_deadline() is None


@pytest.mark.parametrize("state", [State.RUNNING, State.WAITING_FOR_LAP])
def test_quit_ends_the_active_step_then_aborts(state: State) -> None:
    engine = SETUPS[state]()
    effects = engine.handle(Quit(AT))
    assert [type(e) for e in effects] == [StepEnded, Aborted]
    ended = effects[0]
    assert isinstance(ended, StepEnded)
    assert (ended.started_at, ended.ended_at, ended.reason) == (0.0, AT, "quit")
    assert engine.completed == [ended]


def test_quit_while_paused_counts_the_ongoing_pause_in_the_step() -> None:
    engine = paused()
    effects = engine.handle(Quit(AT))
    ended = effects[0]
    assert isinstance(ended, StepEnded)
    assert (ended.paused_s, ended.active_s) == (AT - 1.0, 1.0)
    assert engine.view(AT).paused_total_s == AT - 1.0


@pytest.mark.parametrize("state", [State.READY, State.PAUSED, State.FINISHED, State.ABORTED])
def test_ticks_are_no_ops_where_nothing_runs(state: State) -> None:
    engine = SETUPS[state]()
    before = (engine.view(1000.0), engine.completed, engine.next_deadline())
    assert engine.handle(Tick(1000.0)) == []
    assert engine.state is state
    assert (engine.view(1000.0), engine.completed, engine.next_deadline()) == before


def test_the_engine_refuses_a_negative_lead_in() -> None:
    with pytest.raises(ValueError, match="lead-in"):
        Engine(PLAN, lead_in_s=-1.0)


def test_an_empty_plan_finishes_when_the_lead_in_ends() -> None:
    engine = Engine(plan_of(), lead_in_s=3.0)
    engine.handle(Start(0.0))
    assert story(engine.handle(Tick(3.0))) == [("Finished", 3.0, 0.0)]


def test_the_docstring_table_is_the_engine_table() -> None:
    """The prose table in the engine's docstring is `TRANSITIONS` printed, so it cannot drift."""
    import textwrap

    import kicktimer.core.engine as engine_module
    from kicktimer.core.engine import transition_table

    doc = engine_module.__doc__ or ""
    start = doc.index("    READY ")
    block = textwrap.dedent(doc[start : doc.index("\n\n", start)])
    assert block == transition_table()


@pytest.mark.parametrize(("state", "name"), [p for p in PAIRS if p[1] in LEGAL[p[0]]])
def test_each_legal_event_lands_in_a_state_its_row_names(state: State, name: str) -> None:
    from kicktimer.core.engine import TRANSITIONS

    engine = SETUPS[state]()
    event = EVENTS[name]
    engine.handle(event)
    assert engine.state in TRANSITIONS[state][type(event)].to


def test_an_event_that_would_land_outside_its_row_is_refused_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from kicktimer.core import engine as engine_module

    row = dict(engine_module.TRANSITIONS[State.RUNNING])
    row[Pause] = engine_module.Transition(row[Pause].handler, frozenset({State.RUNNING}))
    monkeypatch.setitem(engine_module.TRANSITIONS, State.RUNNING, row)
    engine = running()
    with pytest.raises(IllegalEvent, match="can't pause while running: it led to paused"):
        engine.handle(Pause(AT))
    assert engine.state is State.RUNNING
