"""The view: what the timer screen reads off the engine at one moment."""

from __future__ import annotations

from kicktimer.core.engine import Engine
from kicktimer.core.events import Lap, Pause, Quit, Resume, Start, State, Tick
from plan_builders import lap_step, plan_of, timed
from test_engine_fixtures import feed

PLAN = plan_of(
    timed("Warm up", 100.0), lap_step("Run 400 m", target_s=80.0), lap_step("Jog"), timed("Cool", 20.0)
)


def test_ready_shows_the_first_step_and_the_whole_plan_ahead() -> None:
    view = Engine(PLAN).view(0.0)
    assert (view.state, view.index, view.segment) == (State.READY, None, None)
    assert view.next_segment == PLAN.segments[0]
    assert view.workout_remaining_s == 200.0
    assert (view.workout_elapsed_s, view.progress, view.lead_in_remaining_s) == (0.0, 0.0, None)


def test_the_lead_in_counts_down_and_stops_while_paused() -> None:
    engine = Engine(PLAN, lead_in_s=10.0)
    engine.handle(Start(50.0))
    assert engine.view(53.5).lead_in_remaining_s == 6.5
    assert engine.view(53.5).next_segment == PLAN.segments[0]
    feed(engine, [Pause(54.0)])
    assert engine.view(70.0).lead_in_remaining_s == 6.0
    assert engine.view(70.0).paused_total_s == 16.0
    engine.handle(Resume(70.0))
    assert engine.view(75.0).lead_in_remaining_s == 1.0
    assert engine.view(76.0).lead_in_remaining_s is None
    assert engine.view(76.0).index == 0


def test_a_timed_step_shows_time_left_and_the_workout_its_progress() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    engine.handle(Start(0.0))
    view = engine.view(25.0)
    assert (view.state, view.index, view.segment) == (State.RUNNING, 0, PLAN.segments[0])
    assert view.next_segment == PLAN.segments[1]
    assert (view.step_elapsed_s, view.step_remaining_s) == (25.0, 75.0)
    assert (view.workout_elapsed_s, view.workout_remaining_s) == (25.0, 175.0)
    assert view.progress == 25.0 / 200.0
    assert view.ahead_behind_s is None


def test_a_lap_step_counts_up_against_its_target() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    feed(engine, [Start(0.0), Tick(100.0)])
    under = engine.view(170.0)
    assert (under.state, under.step_elapsed_s, under.step_remaining_s) == (State.WAITING_FOR_LAP, 70.0, None)
    assert under.ahead_behind_s == -10.0
    assert under.workout_remaining_s == 10.0 + 20.0
    assert engine.view(185.0).ahead_behind_s == 5.0
    assert engine.view(185.0).workout_remaining_s == 20.0
    engine.handle(Lap(185.0))
    assert engine.view(190.0).ahead_behind_s is None


def test_a_pause_freezes_the_step_while_the_paused_time_grows() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    feed(engine, [Start(0.0), Pause(30.0)])
    first, later = engine.view(40.0), engine.view(90.0)
    assert (later.state, later.paused_from) == (State.PAUSED, State.RUNNING)
    assert (first.step_elapsed_s, first.step_remaining_s) == (later.step_elapsed_s, later.step_remaining_s)
    assert (later.step_elapsed_s, later.step_remaining_s) == (30.0, 70.0)
    assert (first.paused_total_s, later.paused_total_s) == (10.0, 60.0)
    engine.handle(Resume(90.0))
    assert engine.view(100.0).step_remaining_s == 60.0


def test_a_view_past_a_boundary_shows_the_new_step_without_changing_the_engine() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    engine.handle(Start(0.0))
    assert engine.view(101.0).segment == PLAN.segments[1]
    assert engine.state is State.RUNNING
    assert engine.next_deadline() == 97.0
    assert engine.completed == []


def test_finished_shows_everything_done() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    feed(engine, [Start(0.0), Tick(100.0), Lap(180.0), Lap(200.0), Tick(300.0)])
    view = engine.view(400.0)
    assert (view.state, view.segment, view.next_segment) == (State.FINISHED, None, None)
    assert (view.workout_elapsed_s, view.workout_remaining_s, view.progress) == (220.0, 0.0, 1.0)


def test_the_last_step_has_no_next() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    feed(engine, [Start(0.0), Tick(100.0), Lap(180.0), Lap(200.0)])
    assert engine.view(201.0).next_segment is None


def test_aborted_keeps_the_elapsed_time() -> None:
    engine = Engine(PLAN, lead_in_s=0.0)
    feed(engine, [Start(0.0), Quit(42.0)])
    view = engine.view(100.0)
    assert (view.state, view.workout_elapsed_s, view.workout_remaining_s) == (State.ABORTED, 42.0, 0.0)
    assert view.progress == 42.0 / 200.0
