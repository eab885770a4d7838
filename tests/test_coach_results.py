"""The board's rows, the results table, the kick and the history rows, with known values."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kicktimer.app.coach.display import kick_text
from kicktimer.core.coach.session import AthleteSplit, CoachSession, assign_keys, kick_of, stats_of
from kicktimer.core.events import Lap, Quit, Tick
from kicktimer.core.segments import Segment
from plan_builders import distance_rep, recover, rep_plan, reps_with_recovery
from test_coach_support import start

ANA, BEN = assign_keys(["Ana", "Ben"])


def splits(*times: float | None, segment: Segment | None = None) -> list[AthleteSplit]:
    """Ana's splits on a run of reps (their own steps, in order; renumbered by `numbered`)."""
    rep = segment or distance_rep(target_s=80.0)
    return numbered([AthleteSplit(ANA, rep, t, None) for t in times])


def numbered(rows: list[AthleteSplit]) -> list[AthleteSplit]:
    """Each split on its own step of the plan, rep i of n, as a session would have them."""
    count = len(rows)
    return [
        replace(row, segment=replace(row.segment, index=2 * i, rep=f"{i + 1}/{count}"))
        for i, row in enumerate(rows)
    ]


def run_reps(session: CoachSession, reps: list[dict[str, float | None]], recovery_s: float = 60.0) -> None:
    """Run each rep: the given split per athlete key (None: still out when space closes it)."""
    start_at = 0.0
    for i, rep in enumerate(reps):
        if i:
            session.handle(Tick(start_at))
        finished = {key: t for key, t in rep.items() if t is not None}
        for key, split in sorted(finished.items(), key=lambda item: item[1]):
            session.crossing(key, start_at + split)
        end = start_at + max(finished.values(), default=0.0)
        if len(finished) < len(rep):
            end = start_at + 100.0
            session.handle(Lap(end))
        start_at = end + recovery_s


def test_mean_and_best_leave_dnfs_out() -> None:
    stats = stats_of(splits(80.0, None, 78.0, 82.0))
    assert (stats.finished, stats.dnf, stats.mean_s, stats.best_s) == (3, 1, 80.0, 78.0)
    assert stats.last is not None and stats.last.split_s == 82.0
    assert stats.last_diff_s == 2.0


def test_no_splits_yet() -> None:
    stats = stats_of([])
    assert (stats.mean_s, stats.best_s, stats.last, stats.last_diff_s) == (None, None, None, None)


def test_kick_against_the_mean_of_earlier_reps() -> None:
    kick = kick_of(splits(80.0, 78.0, 82.0, 76.0))
    assert kick is not None
    assert (kick.final, kick.earlier_mean, kick.earlier_reps) == (76.0, 80.0, 3)
    assert kick.percent_faster == pytest.approx(5.0)
    assert kick.faster and kick_text(kick) == "5.0 % faster"


def test_a_slower_final_rep_is_a_negative_kick() -> None:
    kick = kick_of(splits(80.0, 80.0, 84.0))
    assert kick is not None
    assert kick.percent_faster == pytest.approx(-5.0)
    assert not kick.faster and kick_text(kick) == "5.0 % slower"


def test_an_even_final_rep() -> None:
    kick = kick_of(splits(80.0, 80.0))
    assert kick is not None and kick_text(kick) == "even"


def test_earlier_dnfs_are_left_out_of_the_mean() -> None:
    kick = kick_of(splits(70.0, None, 90.0, 76.0))
    assert kick is not None and kick.earlier_mean == 80.0 and kick.earlier_reps == 2


def test_no_kick_without_a_finished_final_rep_or_an_earlier_one() -> None:
    assert kick_of(splits(80.0, 78.0, None)) is None
    assert kick_of(splits(None, 78.0)) is None
    assert kick_of(splits(78.0)) is None


def test_a_shorter_final_rep_is_compared_by_pace() -> None:
    four_hundreds = splits(80.0, 80.0)
    final = splits(38.0, segment=distance_rep(200, target_s=40.0))
    kick = kick_of(numbered([*four_hundreds, *final]))
    assert kick is not None
    assert kick.earlier_mean == pytest.approx(200.0)  # by pace: 80 s per 400 m is 40 s per 200 m, 200 s/km
    assert kick.percent_faster == pytest.approx(5.0)


def test_reps_without_a_distance_are_compared_by_time() -> None:
    open_rep = Segment(index=0, kind=distance_rep().kind, label="Run", duration_s=None)
    kick = kick_of(numbered([*splits(60.0, 62.0), *splits(58.0, segment=open_rep)]))
    assert kick is not None
    assert (kick.earlier_mean, kick.final) == (61.0, 58.0)  # by time: seconds, not s/km


def test_results_table_and_kick_through_a_session() -> None:
    session = start(reps_with_recovery(4), names=("Ana", "Ben"))
    run_reps(
        session,
        [
            {"1": 80.0, "2": 79.0},
            {"1": 78.0, "2": None},
            {"1": 82.0, "2": 81.0},
            {"1": 76.0, "2": 81.0},
        ],
    )
    results = session.results()
    ana, ben = results.athletes
    assert [len(r.splits) for r in results.reps] == [2, 2, 2, 2]
    assert [s.split_s for s in results.splits_of(ana)] == [80.0, 78.0, 82.0, 76.0]
    assert [s.split_s for s in results.splits_of(ben)] == [79.0, None, 81.0, 81.0]
    ana_kick, ben_kick = results.kick_of(ana), results.kick_of(ben)
    assert ana_kick is not None and ana_kick.percent_faster == pytest.approx(5.0)
    assert ben_kick is not None and ben_kick.earlier_mean == 80.0
    assert ben_kick.percent_faster == pytest.approx(-1.25)
    stats = results.stats_of(ben)
    assert (stats.finished, stats.dnf, stats.best_s) == (3, 1, 79.0)
    assert stats.mean_s == pytest.approx((79.0 + 81.0 + 81.0) / 3)


def test_board_rows_during_a_rep() -> None:
    session = start(reps_with_recovery(3), names=("Ana", "Ben"))
    run_reps(session, [{"1": 78.0, "2": 79.0}, {"1": 82.0, "2": None}])
    # rep 1 closes at 79, rep 2 runs 60 s later and space closes it 100 s in; rep 3 follows its recovery
    rep_three_start = 79.0 + 60.0 + 100.0 + 60.0
    session.handle(Tick(rep_three_start))
    session.crossing("2", rep_three_start + 75.0)
    ana, ben = session.rows(rep_three_start + 77.5)
    assert (ana.status, ana.live_s, ana.target_s, ana.live_diff_s) == ("out", 77.5, 80.0, -2.5)
    assert ana.stats.last is not None and ana.stats.last.split_s == 82.0
    assert (ana.stats.last_diff_s, ana.stats.mean_s, ana.stats.best_s) == (2.0, 80.0, 78.0)
    assert (ben.status, ben.live_s, ben.live_diff_s) == ("in", 75.0, -5.0)
    assert ben.stats.last is not None and ben.stats.last.split_s == 75.0  # this rep's split counts once in
    assert (ben.stats.finished, ben.stats.dnf, ben.stats.best_s) == (2, 1, 75.0)


def test_rows_between_reps_show_the_last_result_even_a_dnf() -> None:
    session = start(reps_with_recovery(2), names=("Ana", "Ben"))
    session.crossing("1", 70.0)
    session.handle(Lap(90.0))
    ana, ben = session.rows(95.0)
    assert (ana.status, ana.live_s) == ("between reps", None)
    assert ben.stats.last is not None and ben.stats.last.dnf and ben.stats.last_diff_s is None


def test_history_rows_carry_the_athlete_and_monotonic_times_the_shell_converts() -> None:
    session = start(rep_plan(distance_rep(400, target_s=80.0), recover(60)), names=("Ana", "Ben"), at=100.0)
    session.crossing("2", 178.5)
    session.handle(Lap(190.0))
    (rep,) = session.results().reps
    ana, ben = rep.laps()
    assert (ben.athlete, ben.actual_s, ben.started_at, ben.ended_at, ben.ended_by) == (
        "Ben",
        78.5,
        100.0,
        178.5,
        "lap",
    )
    assert (ana.actual_s, ana.ended_at, ana.ended_by) == (None, 190.0, "dnf")
    record = ben.to_lap_record(lambda t: f"t={t:g}")
    assert (record.athlete, record.started_at, record.ended_at) == ("Ben", "t=100", "t=178.5")
    assert (record.index, record.kind, record.label, record.rep) == (0, "run", "Run 400 m", "1/1")
    assert (record.target_s, record.actual_s, record.distance_m) == (80.0, 78.5, 400.0)
    assert record.planned_s is None
    assert session.results().laps() == (ana, ben)


def test_a_session_stopped_after_rep_2_of_8_has_no_kick() -> None:
    session = start(reps_with_recovery(8), names=("Ana", "Ben"))
    run_reps(session, [{"1": 80.0, "2": 79.0}, {"1": 76.0, "2": 78.0}])
    session.handle(Quit(400.0))
    results = session.results()
    assert [len(rep.splits) for rep in results.reps] == [2, 2]
    assert results.kick_of(results.athletes[0]) is None
    assert results.kick_of(results.athletes[1]) is None
