"""The kick report's heart-rate line: the final rep's peak against the earlier reps' peaks."""

from __future__ import annotations

from rich.console import Console

from kicktimer.core.report import HeartKick, build_kick_report
from kicktimer.ports import LapRecord
from kicktimer.reporting.render import render_kick_report


def rep(index: int, seconds: float, hr_max: int | None) -> LapRecord:
    return LapRecord(
        index=index,
        kind="run",
        label="Run 400 m",
        rep=f"{index}/3",
        planned_s=None,
        target_s=90.0,
        actual_s=seconds,
        paused_s=0.0,
        started_at="2026-12-03T10:00:00.000+00:00",
        ended_at="2026-12-03T10:01:30.000+00:00",
        distance_m=400.0,
        ended_by="lap",
        belt_distance_m=None if hr_max is None else 401.0,
        hr_avg=None if hr_max is None else hr_max - 8.0,
        hr_max=hr_max,
    )


def shown(laps: list[LapRecord]) -> str:
    console = Console(width=120, record=True, color_system=None)
    console.print(render_kick_report(build_kick_report(laps)))
    return console.export_text()


def test_the_final_peak_is_set_against_the_earlier_peaks() -> None:
    laps = [rep(1, 90.0, 170), rep(2, 89.0, 174), rep(3, 84.0, 183)]
    report = build_kick_report(laps)
    assert report.heart == HeartKick(final_peak=183, earlier_mean_peak=172.0, difference=11.0)
    assert (
        "Heart rate: the final rep peaked at 183 bpm, +11 against the earlier reps' peaks (172 bpm)."
        in shown(laps)
    )


def test_no_strap_no_heart_rate_line() -> None:
    laps = [rep(1, 90.0, None), rep(2, 89.0, None), rep(3, 84.0, None)]
    assert build_kick_report(laps).heart is None
    assert "Heart rate" not in shown(laps)


def test_a_final_rep_without_a_reading_says_nothing() -> None:
    assert build_kick_report([rep(1, 90.0, 170), rep(2, 89.0, 174), rep(3, 84.0, None)]).heart is None
