"""Coach mode through the CoachSession with the real engine and a fake clock (times passed in)."""

from __future__ import annotations

import pytest

from kicktimer.core.coach.session import (
    AllIn,
    CoachSession,
    Ignored,
    RepClosed,
    RepDiscarded,
    SplitTaken,
    SplitUndone,
    assign_keys,
)
from kicktimer.core.engine import Engine
from kicktimer.core.events import (
    Aborted,
    Back,
    Finished,
    IllegalEvent,
    Lap,
    Pause,
    Quit,
    Resume,
    Skip,
    SplitRecorded,
    Start,
    State,
    StepEnded,
    StepStarted,
    Tick,
)
from plan_builders import distance_rep, recover, rep_plan, reps_with_recovery, sendoff_reps, warmup
from test_coach_support import athlete, of_type, start


def table(session: CoachSession) -> dict[str, list[float | None]]:
    results = session.results()
    return {a.name: [s.split_s for s in results.splits_of(a)] for a in results.athletes}


def test_athletes_crossing_in_mixed_orders_close_each_rep_when_the_last_is_in() -> None:
    session = start(reps_with_recovery(2, recovery_s=60))
    first = session.crossing("3", 70.0)
    assert [(e.athlete.name, e.split_s, e.still_out) for e in of_type(first, SplitTaken)] == [("Cy", 70.0, 2)]
    session.crossing("1", 72.5)
    closing = session.crossing("2", 75.0)
    assert of_type(closing, AllIn)
    (split,) = of_type(closing, SplitRecorded)
    assert split.split_s == 75.0
    (ended,) = of_type(closing, StepEnded)
    assert (ended.reason, ended.ended_at) == ("lap", 75.0)
    assert session.engine.state is State.RUNNING  # the group recovers together
    (closed,) = of_type(closing, RepClosed)
    assert [s.split_s for s in closed.result.splits] == [72.5, 75.0, 70.0]  # board order, not crossing order

    rep_two = session.handle(Tick(135.0))
    assert of_type(rep_two, StepStarted)[0].at == 135.0
    session.crossing("2", 200.0)
    session.crossing("1", 203.0)
    last = session.crossing("3", 210.0)
    assert of_type(last, Finished)
    assert table(session) == {"Ana": [72.5, 68.0], "Ben": [75.0, 65.0], "Cy": [70.0, 75.0]}


def test_the_board_effect_follows_the_engine_effect_it_comes_from() -> None:
    session = start(reps_with_recovery(2))
    session.crossing("1", 70.0)
    session.crossing("2", 71.0)
    effects = session.crossing("3", 72.0)
    kinds = [type(e).__name__ for e in effects]
    assert kinds == ["SplitTaken", "AllIn", "SplitRecorded", "StepEnded", "RepClosed", "StepStarted"]


def test_a_second_press_on_the_same_rep_is_ignored() -> None:
    session = start(reps_with_recovery(2))
    session.crossing("1", 70.0)
    (ignored,) = session.crossing("1", 71.0)
    assert isinstance(ignored, Ignored)
    assert (ignored.action, ignored.reason, ignored.athlete) == (
        "crossing",
        "already in",
        athlete(session, "Ana"),
    )
    row = session.rows(71.0)[0]
    assert (row.status, row.live_s) == ("in", 70.0)


def test_a_crossing_between_reps_is_ignored() -> None:
    session = start(rep_plan(warmup(60), distance_rep(), recover(60), distance_rep()))
    (ignored,) = session.crossing(0, 30.0)
    assert isinstance(ignored, Ignored) and ignored.reason == "no rep"
    assert session.rows(30.0)[0].status == "between reps"


def test_undo_takes_back_the_latest_split_of_the_rep_so_it_can_be_retaken() -> None:
    session = start(reps_with_recovery(2))
    session.crossing("1", 70.0)
    session.crossing("2", 72.0)
    (undone,) = session.undo(73.0)
    assert isinstance(undone, SplitUndone)
    assert (undone.athlete.name, undone.split_s, undone.closed) == ("Ben", 72.0, False)
    assert [a.name for a in session.board.still_out] == ["Ben", "Cy"]
    session.crossing("2", 74.0)
    assert session.rows(74.0)[1].live_s == 74.0
    (again,) = session.undo(75.0)
    assert isinstance(again, SplitUndone) and again.athlete.name == "Ben"
    (first,) = session.undo(75.5)
    assert isinstance(first, SplitUndone) and first.athlete.name == "Ana"
    (nothing,) = session.undo(76.0)
    assert isinstance(nothing, Ignored) and nothing.reason == "nothing to undo"


def test_undo_during_the_recovery_makes_the_last_athlete_dnf_on_the_closed_rep() -> None:
    session = start(reps_with_recovery(2, recovery_s=60))
    session.crossing("1", 70.0)
    session.crossing("3", 71.0)
    session.crossing("2", 72.0)  # everyone in: closed at 72
    (undone,) = session.undo(80.0)
    assert isinstance(undone, SplitUndone) and undone.closed
    assert undone.athlete.name == "Ben"
    assert table(session) == {"Ana": [70.0], "Ben": [None], "Cy": [71.0]}
    (second,) = session.undo(81.0)
    assert isinstance(second, SplitUndone) and second.athlete.name == "Cy"
    session.handle(Tick(132.0))
    rep_one = session.results().reps[0]
    assert [(lap.athlete, lap.actual_s, lap.ended_by) for lap in rep_one.laps()] == [
        ("Ana", 70.0, "lap"),
        ("Ben", None, "dnf"),
        ("Cy", None, "dnf"),
    ]
    (nothing,) = session.undo(133.0)  # the next rep has started: rep 1 is final
    assert isinstance(nothing, Ignored)


def test_space_closes_the_rep_for_everyone_still_out_as_dnf() -> None:
    session = start(reps_with_recovery(2))
    session.crossing("2", 70.0)
    effects = session.handle(Lap(80.0))
    (closed,) = of_type(effects, RepClosed)
    assert [(s.athlete.name, s.split_s, s.dnf) for s in closed.result.splits] == [
        ("Ana", None, True),
        ("Ben", 70.0, False),
        ("Cy", None, True),
    ]
    assert closed.result.reason == "lap"
    assert session.engine.state is State.RUNNING
    (late,) = session.crossing("1", 85.0)  # Ana crosses during the recovery: no rep to take it on
    assert isinstance(late, Ignored) and late.reason == "no rep"


def test_sendoff_starts_the_next_rep_on_the_clock_with_someone_still_out() -> None:
    session = start(sendoff_reps(3, every_s=120))
    session.crossing("1", 80.0)
    session.crossing("2", 85.0)
    # Cy is still out at the send-off; the shell's tick is late, so the crossing at 121 catches up first.
    effects = session.crossing("3", 121.0)
    ended = of_type(effects, StepEnded)
    assert ended[0].reason == "sendoff" and ended[0].ended_at == 120.0
    (closed,) = of_type(effects, RepClosed)
    assert [s.split_s for s in closed.result.splits] == [80.0, 85.0, None]
    assert closed.result.reason == "sendoff"
    assert [lap.ended_by for lap in closed.result.laps()] == ["lap", "lap", "dnf"]
    (taken,) = of_type(effects, SplitTaken)
    assert (taken.athlete.name, taken.segment.rep, taken.split_s) == ("Cy", "2/3", 1.0)


def test_when_all_are_in_before_the_sendoff_the_recovery_lasts_until_it() -> None:
    session = start(sendoff_reps(2, every_s=120))
    session.crossing("1", 78.0)
    session.crossing("2", 79.0)
    effects = session.crossing("3", 81.0)
    assert of_type(effects, StepStarted)[0].segment.fills_sendoff
    assert session.engine.next_deadline() == 120.0
    later = session.handle(Tick(120.0))
    assert of_type(later, StepStarted)[0].segment.rep == "2/2"


def test_a_pause_is_not_part_of_anyone_split_and_crossings_wait_for_resume() -> None:
    session = start(reps_with_recovery(2))
    session.crossing("1", 30.0)
    session.handle(Pause(40.0))
    (ignored,) = session.crossing("2", 45.0)
    assert isinstance(ignored, Ignored) and ignored.reason == "paused"
    assert session.rows(45.0)[1].live_s == 40.0  # frozen while paused
    session.handle(Resume(50.0))
    (taken,) = of_type(session.crossing("2", 60.0), SplitTaken)
    assert taken.split_s == 50.0
    session.crossing("3", 70.0)
    (ana, ben, cy) = session.results().reps[0].splits
    assert (ana.split_s, ana.paused_s) == (30.0, 0.0)
    assert (ben.split_s, ben.paused_s) == (50.0, 10.0)
    assert cy.split_s == 60.0


def test_back_on_a_rep_discards_its_splits_and_runs_it_again() -> None:
    session = start(reps_with_recovery(2))
    session.crossing("1", 20.0)
    effects = session.handle(Back(25.0))  # more than 3 s in: the rep restarts now
    assert of_type(effects, RepDiscarded)[0].reason == "back"
    assert of_type(effects, StepStarted)[0].at == 25.0
    assert session.rows(30.0)[0].status == "out"
    session.crossing("1", 95.0)
    session.crossing("2", 96.0)
    session.crossing("3", 97.0)
    assert table(session) == {"Ana": [70.0], "Ben": [71.0], "Cy": [72.0]}


def test_back_from_the_recovery_reruns_the_closed_rep_without_storing_it_twice() -> None:
    session = start(reps_with_recovery(2, recovery_s=60))
    for key, at in (("1", 70.0), ("2", 71.0), ("3", 72.0)):
        session.crossing(key, at)
    effects = session.handle(Back(73.0))  # 1 s into the recovery: back to the rep
    assert of_type(effects, RepDiscarded)
    assert session.results().reps == ()  # the closed rep's column is gone until it is run again
    for key, at in (("1", 150.0), ("2", 151.0), ("3", 152.0)):
        session.crossing(key, at)
    assert table(session) == {"Ana": [77.0], "Ben": [78.0], "Cy": [79.0]}


def test_skipping_a_rep_nobody_finished_leaves_no_column() -> None:
    session = start(reps_with_recovery(2, recovery_s=60))
    effects = session.handle(Skip(10.0))
    assert of_type(effects, RepDiscarded)[0].reason == "skip"
    assert session.results().reps == ()


def test_skipping_a_rep_someone_finished_closes_it_with_dnfs() -> None:
    session = start(reps_with_recovery(2, recovery_s=60))
    session.crossing("1", 70.0)
    (closed,) = of_type(session.handle(Skip(75.0)), RepClosed)
    assert [s.dnf for s in closed.result.splits] == [False, True, True]


def test_quitting_mid_rep_keeps_the_splits_taken_and_stores_them() -> None:
    session = start(reps_with_recovery(3, recovery_s=60))
    for key, at in (("1", 70.0), ("2", 71.0), ("3", 72.0)):
        session.crossing(key, at)
    session.handle(Tick(132.0))
    session.crossing("2", 200.0)
    effects = session.handle(Quit(205.0))
    assert of_type(effects, Aborted)
    (closed,) = of_type(effects, RepClosed)
    assert [(lap.athlete, lap.actual_s) for lap in closed.result.laps()] == [
        ("Ana", None),
        ("Ben", 68.0),
        ("Cy", None),
    ]
    assert table(session) == {"Ana": [70.0, None], "Ben": [71.0, 68.0], "Cy": [72.0, None]}


def test_the_last_rep_is_stored_when_the_workout_finishes() -> None:
    session = start(rep_plan(distance_rep(), recover(30)))
    for key, at in (("1", 70.0), ("2", 71.0), ("3", 72.0)):
        session.crossing(key, at)
    effects = session.handle(Tick(102.0))
    assert of_type(effects, Finished)
    assert len(session.results().reps[-1].laps()) == 3


def test_handle_key_takes_athlete_keys_and_u_and_leaves_the_rest_to_the_app() -> None:
    session = start(reps_with_recovery(2))
    taken = session.handle_key("2", 70.0)
    assert taken is not None and of_type(taken, SplitTaken)[0].athlete.name == "Ben"
    undone = session.handle_key("u", 71.0)
    assert undone is not None and of_type(undone, SplitUndone)
    assert session.handle_key("p", 72.0) is None
    assert session.handle_key("space", 72.0) is None
    assert session.handle_key("9", 72.0) is None  # no ninth athlete


def test_unknown_athletes_are_a_programming_error() -> None:
    session = start(reps_with_recovery(1))
    with pytest.raises(KeyError):
        session.crossing("z", 10.0)
    with pytest.raises(KeyError):
        session.crossing(5, 10.0)


def test_an_illegal_event_changes_neither_engine_nor_board() -> None:
    session = start(rep_plan(warmup(60), distance_rep()))
    with pytest.raises(IllegalEvent):
        session.handle(Lap(10.0))
    assert session.engine.state is State.RUNNING
    assert not session.board.rep_open


def test_a_rep_starting_after_the_lead_in_is_found_by_a_late_crossing() -> None:
    session = CoachSession(Engine(reps_with_recovery(1), lead_in_s=10), assign_keys(["Ana", "Ben"]))
    session.handle(Start(0.0))
    effects = session.crossing("1", 80.0)  # no tick since the start: the lead-in ended at 10
    (taken,) = of_type(effects, SplitTaken)
    assert taken.split_s == 70.0
