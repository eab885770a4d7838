"""The kick report on laps with known numbers, worked out by hand in each test's comments."""

from __future__ import annotations

import pytest

from history_support import interval_laps, lap
from kicktimer.core.report import SessionLaps, build_kick_report, build_kick_reports, build_trend
from kicktimer.ports import LapRecord

MILE = 1609.344


def test_a_faster_final_rep_is_a_positive_kick() -> None:
    # earlier 90, 92, 88, 90: mean 90; final 81 is 9 s and 10 % faster.
    report = build_kick_report(interval_laps([90.0, 92.0, 88.0, 90.0, 81.0]))
    assert report.basis == "time"
    assert [rep.seconds for rep in report.reps] == [90.0, 92.0, 88.0, 90.0, 81.0]
    assert report.final is not None and report.final.rep == "5/5"
    assert report.kick is not None
    assert report.kick.earlier_mean == pytest.approx(90.0)
    assert report.kick.difference == pytest.approx(-9.0)
    assert report.kick.percent_faster == pytest.approx(10.0)


def test_the_spread_of_the_earlier_reps() -> None:
    # deviations from 90: 0, +2, -2, 0 -> sample variance 8/3; range 88..92.
    report = build_kick_report(interval_laps([90.0, 92.0, 88.0, 90.0, 81.0]))
    assert report.spread is not None
    assert report.spread.stdev == pytest.approx((8 / 3) ** 0.5)
    assert (report.spread.fastest, report.spread.slowest, report.spread.range) == (88.0, 92.0, 4.0)


def test_a_slower_final_rep_is_a_negative_kick() -> None:
    report = build_kick_report(interval_laps([60.0, 60.0, 66.0]))
    assert report.kick is not None
    assert report.kick.percent_faster == pytest.approx(-10.0)
    assert report.kick.difference == pytest.approx(6.0)


def test_intervals_with_recoveries_and_even_targets_get_no_split_analysis() -> None:
    assert build_kick_report(interval_laps([90.0, 91.0, 85.0])).split is None


def test_a_single_rep_has_no_kick_and_says_why() -> None:
    report = build_kick_report(interval_laps([90.0]))
    assert report.kick is None and report.spread is None
    assert any("one rep" in note for note in report.notes)


def test_skipped_and_dnf_reps_are_left_out_with_a_note() -> None:
    laps = interval_laps([90.0, 92.0, 88.0])
    laps.insert(2, lap(50, 31.0, ended_by="skip"))
    laps.insert(3, lap(51, None, ended_by="dnf"))
    report = build_kick_report(laps)
    assert [rep.seconds for rep in report.reps] == [90.0, 92.0, 88.0]
    assert any("2 reps" in note for note in report.notes)


def test_a_rep_redone_after_back_counts_once_with_its_last_time() -> None:
    laps = interval_laps([90.0, 92.0, 80.0])
    final = laps[5]
    cut = LapRecord(**{**final.__dict__, "actual_s": 20.0, "ended_by": "back"})
    laps.insert(5, cut)
    report = build_kick_report(laps)
    assert [rep.seconds for rep in report.reps] == [90.0, 92.0, 80.0]
    assert report.kick is not None and report.kick.earlier_mean == pytest.approx(91.0)


def test_reps_timed_by_the_clock_have_no_kick() -> None:
    laps = [lap(i, 60.0, planned_s=60.0, ended_by="time", target_s=None) for i in range(1, 6)]
    report = build_kick_report(laps)
    assert report.reps == () and report.kick is None
    assert any("timed by the clock" in note for note in report.notes)


def test_reps_of_different_distances_are_compared_by_pace() -> None:
    # 1200 m in 4:30 = 225 s/km, 800 m in 2:56 = 220 s/km, 400 m in 84 s = 210 s/km.
    laps = [
        lap(1, 270.0, distance_m=1200.0),
        lap(2, 120.0, kind="recover", planned_s=120.0, ended_by="time"),
        lap(3, 176.0, distance_m=800.0),
        lap(4, 120.0, kind="recover", planned_s=120.0, ended_by="time"),
        lap(5, 84.0, distance_m=400.0),
    ]
    report = build_kick_report(laps)
    assert report.basis == "pace"
    assert report.kick is not None
    assert report.kick.earlier_mean == pytest.approx(222.5)
    assert report.kick.final == pytest.approx(210.0)
    assert report.kick.percent_faster == pytest.approx(12.5 / 222.5 * 100)


def test_a_continuous_run_gets_halves_and_a_trend_per_segment() -> None:
    # Tempo 4 km, split per km: 250, 248, 244, 240. Halves 498 / 484.
    # Slope of 250, 248, 244, 240 against 0..3: covariance -17 over 5 = -3.4 s per km.
    laps = [lap(0, 600.0, kind="warmup", planned_s=600.0, ended_by="time")]
    laps += [lap(i, t, distance_m=1000.0) for i, t in enumerate([250.0, 248.0, 244.0, 240.0], start=1)]
    laps.append(lap(5, 600.0, kind="cooldown", planned_s=600.0, ended_by="time"))
    split = build_kick_report(laps).split
    assert split is not None
    assert split.shape == "continuous"
    assert (split.first_half_s, split.second_half_s) == pytest.approx((498.0, 484.0))
    assert split.negative and split.difference_s == pytest.approx(-14.0)
    assert split.slope == pytest.approx(-3.4)
    assert split.changes == pytest.approx((-2.0, -4.0, -4.0))


def test_an_odd_number_of_segments_is_halved_by_distance() -> None:
    # 3 miles in 420, 410, 400: the middle mile is split in two, so 420 + 205 against 205 + 400.
    laps = [lap(i, t, distance_m=MILE) for i, t in enumerate([420.0, 410.0, 400.0], start=1)]
    split = build_kick_report(laps).split
    assert split is not None
    assert (split.first_half_s, split.second_half_s) == pytest.approx((625.0, 605.0))
    assert split.percent_faster == pytest.approx(20 / 625 * 100)


def test_a_positive_split_is_not_negative() -> None:
    laps = [lap(i, t, distance_m=1000.0) for i, t in enumerate([240.0, 250.0], start=1)]
    split = build_kick_report(laps).split
    assert split is not None and not split.negative and split.slope == pytest.approx(10.0)


def test_a_progressive_run_with_recoveries_is_analysed() -> None:
    # Targets 100, 95, 90 (progress: -5s); times 101, 96, 92 over equal 400 m reps:
    # first half 101 + 96/2 = 149, second 96/2 + 92 = 140.
    laps = []
    for number, (target, actual) in enumerate([(100.0, 101.0), (95.0, 96.0), (90.0, 92.0)]):
        laps.append(lap(2 * number + 1, actual, target_s=target))
        laps.append(lap(2 * number + 2, 60.0, kind="recover", planned_s=60.0, ended_by="time"))
    report = build_kick_report(laps)
    assert report.split is not None and report.split.shape == "progressive"
    assert (report.split.first_half_s, report.split.second_half_s) == pytest.approx((149.0, 140.0))
    assert [rep.vs_target_s for rep in report.reps] == pytest.approx([1.0, 1.0, 2.0])


def test_the_last_session_of_the_same_workout_is_compared() -> None:
    # Before: mean 90, final 84 (6.667 % faster). Now: mean 90, final 81 (10 %).
    before = SessionLaps(3, "2026-05-01T18:00:00.000+02:00", interval_laps([90.0, 90.0, 84.0], day=-3))
    report = build_kick_report(interval_laps([88.0, 92.0, 81.0]), previous=before)
    assert report.previous is not None
    assert report.previous.session_id == 3
    assert report.previous.final_change == pytest.approx(-3.0)
    assert report.previous.mean_change == pytest.approx(0.0)
    assert report.previous.kick_change_pct == pytest.approx(10.0 - 6 / 90 * 100)


def test_coach_mode_gives_each_athlete_a_report_against_their_own_mean() -> None:
    laps: list[LapRecord] = []
    for number, (ana, ben) in enumerate([(80.0, 90.0), (82.0, 92.0), (75.0, 95.0)]):
        index = 2 * number + 1
        laps.append(lap(index, ana, athlete="Ana", rep=f"{number + 1}/3"))
        laps.append(lap(index, ben, athlete="Ben", rep=f"{number + 1}/3"))
        laps.append(lap(index + 1, 90.0, kind="recover", planned_s=90.0, ended_by="time"))
    reports = {report.athlete: report for report in build_kick_reports(laps)}
    assert set(reports) == {None, "Ana", "Ben"}
    ana, ben = reports["Ana"], reports["Ben"]
    assert ana.kick is not None and ana.kick.percent_faster == pytest.approx(6 / 81 * 100)
    assert ben.kick is not None and ben.kick.percent_faster == pytest.approx(-4 / 91 * 100)
    assert ana.split is None, "the group's recoveries separate each athlete's reps"
    assert reports[None].reps == ()


def test_the_trend_follows_the_kick_across_sessions_oldest_first() -> None:
    sessions = [
        SessionLaps(7, "2026-05-08T18:00:00.000+02:00", interval_laps([90.0, 90.0, 82.0], day=4)),
        SessionLaps(2, "2026-05-04T18:00:00.000+02:00", interval_laps([90.0, 92.0, 88.0], day=0)),
        SessionLaps(5, "2026-05-06T18:00:00.000+02:00", interval_laps([89.0], day=2)),
        SessionLaps(4, "2026-05-05T18:00:00.000+02:00", interval_laps([91.0, 91.0, 86.0], day=1)),
    ]
    trend = build_trend(sessions)
    assert [p.session_id for p in trend.points] == [2, 4, 7]
    assert trend.skipped == 1
    assert [p.final for p in trend.points] == [88.0, 86.0, 82.0]
    assert [p.earlier_mean for p in trend.points] == [91.0, 91.0, 90.0]
    assert trend.final_change == pytest.approx(-6.0)
    assert trend.mean_change == pytest.approx(-1.0)
    assert trend.final_slope == pytest.approx(-3.0)
    assert trend.kick_pct_change == pytest.approx(8 / 90 * 100 - 3 / 91 * 100)


def test_a_session_stopped_before_its_last_rep_has_no_kick_and_says_why() -> None:
    # 3 of 8 reps run, the third the fastest: that is no finishing kick.
    laps = [lap(0, 600.0, kind="warmup", planned_s=600.0, ended_by="time")]
    for number, seconds in enumerate((90.0, 92.0, 81.0), start=1):
        laps.append(lap(len(laps), seconds, rep=f"{number}/8"))
    report = build_kick_report(laps)
    assert [rep.seconds for rep in report.reps] == [90.0, 92.0, 81.0]
    assert report.kick is None
    assert "The session stopped after rep 3 of 8: there is no kick to measure." in report.notes


def test_a_final_rep_skipped_or_dnf_leaves_no_kick() -> None:
    laps = interval_laps([90.0, 92.0, 88.0])
    final = next(lap for lap in reversed(laps) if lap.kind == "run")
    laps[laps.index(final)] = LapRecord(**{**final.__dict__, "actual_s": 12.0, "ended_by": "skip"})
    report = build_kick_report(laps)
    assert report.kick is None
    assert "The final rep was not run to the end: there is no kick to measure." in report.notes
