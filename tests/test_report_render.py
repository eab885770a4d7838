"""The kick report drawn in a terminal: the chart's bars, the highlighted final rep, the trend plot."""

from __future__ import annotations

import pytest
from rich.console import Console, RenderableType

from history_support import interval_laps, lap
from kicktimer.core.report import SessionLaps, build_kick_report, build_kick_reports, build_trend
from kicktimer.ports import LapRecord
from kicktimer.reporting.render import (
    format_split,
    render_kick_report,
    render_kick_reports,
    rep_chart,
    trend_plot,
)

TIMES = [92.1, 91.4, 91.9, 90.8, 91.2, 90.6, 91.0, 84.3]


def plain(renderable: RenderableType, width: int = 100) -> str:
    console = Console(width=width, record=True, no_color=True, force_terminal=False)
    console.print(renderable)
    return console.export_text()


def coloured_lines(renderable: RenderableType) -> list[str]:
    console = Console(width=100, color_system="standard", force_terminal=True)
    with console.capture() as captured:
        console.print(renderable)
    return captured.get().splitlines()


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(84.31, "1:24.3"), (58.24, "58.2"), (59.96, "1:00.0"), (3725.0, "1:02:05.0"), (0.0, "0.0")],
)
def test_splits_are_shown_to_the_tenth(seconds: float, shown: str) -> None:
    assert format_split(seconds) == shown


def test_the_chart_has_one_bar_per_rep_longer_for_slower_reps() -> None:
    report = build_kick_report(interval_laps(TIMES))
    rows = [line for line in plain(rep_chart(report)).splitlines() if line.startswith("Rep")]
    assert len(rows) == len(TIMES)
    eighths = {"█": 8, "▉": 7, "▊": 6, "▋": 5, "▌": 4, "▍": 3, "▎": 2, "▏": 1}
    lengths = [sum(eighths.get(char, 0) for char in row) for row in rows]
    by_time = sorted(range(len(TIMES)), key=lambda n: TIMES[n])
    by_bar = sorted(range(len(TIMES)), key=lambda n: lengths[n])
    assert by_bar == by_time
    assert lengths[-1] < min(lengths[:-1])
    for row, seconds in zip(rows, TIMES, strict=True):
        assert format_split(seconds) in row


def test_the_final_rep_is_marked_in_words_and_in_colour() -> None:
    report = build_kick_report(interval_laps(TIMES))
    rows = [line for line in plain(rep_chart(report)).splitlines() if line.startswith("Rep")]
    assert [("◀ final" in row) for row in rows] == [False] * 7 + [True]
    magenta = "\x1b[1;35m"
    lines = [line for line in coloured_lines(rep_chart(report)) if "Rep" in line]
    assert [magenta in line for line in lines] == [False] * 7 + [True]


def test_a_session_stopped_mid_way_marks_no_rep_final() -> None:
    stopped_after_rep_3 = interval_laps(TIMES)[: 1 + 2 * 3]
    report = build_kick_report(stopped_after_rep_3)
    text = plain(render_kick_report(report))
    assert "stopped after rep 3 of 8" in text
    assert "◀ final" not in text


def test_an_athlete_stopped_mid_way_is_held_to_the_target_on_the_last_rep_not_a_final_one() -> None:
    stopped_after_rep_3 = interval_laps(TIMES, athlete="Ana")[: 1 + 2 * 3]
    text = plain(render_kick_report(build_kick_report(stopped_after_rep_3, athlete="Ana")))
    assert "Target 1:30.0: last rep +1.9 s" in text
    assert "final rep" not in text


def test_the_report_says_how_much_faster_the_final_rep_was() -> None:
    # Earlier reps sum to 639.0 s over 7: mean 91.29; 84.3 is 7.65 % faster.
    text = plain(render_kick_report(build_kick_report(interval_laps(TIMES))))
    assert "Final rep 1:24.3: 7.7 % faster than the mean time of the earlier reps, 1:31.3" in text
    assert "Earlier reps: 1:30.6 to 1:32.1 (range 1.5 s" in text


def test_a_slower_finish_and_a_previous_session_are_reported() -> None:
    before = SessionLaps(4, "2026-05-01T18:00:00.000+02:00", interval_laps([60.0, 60.0, 58.0]))
    text = plain(render_kick_report(build_kick_report(interval_laps([60.0, 60.0, 63.0]), previous=before)))
    assert "5.0 % slower" in text
    assert "Last time (2026-05-01, session 4): final rep +5.0 s" in text


def test_a_continuous_run_reports_its_negative_split() -> None:
    laps = [lap(i, t, distance_m=1000.0) for i, t in enumerate([250.0, 248.0, 244.0, 240.0], start=1)]
    text = plain(render_kick_report(build_kick_report(laps)), width=140)
    assert "Continuous run: first half 8:18.0, second half 8:04.0" in text
    assert "a negative split (−14.0 s)" in text


def test_coach_mode_shows_a_results_table_with_each_athlete_s_kick() -> None:
    laps: list[LapRecord] = []
    for number, (ana, ben) in enumerate([(80.0, 90.0), (82.0, 92.0), (75.0, 95.0)]):
        laps.append(lap(2 * number + 1, ana, athlete="Ana", rep=f"{number + 1}/3"))
        laps.append(lap(2 * number + 1, ben, athlete="Ben", rep=f"{number + 1}/3"))
        laps.append(lap(2 * number + 2, 90.0, kind="recover", planned_s=90.0, ended_by="time"))
    text = plain(render_kick_reports(build_kick_reports(laps)))
    ana_row = next(line for line in text.splitlines() if line.startswith("│ Ana"))
    assert "1:20.0" in ana_row and "1:15.0" in ana_row and "+7.4 %" in ana_row  # 75 vs 81
    ben_row = next(line for line in text.splitlines() if line.startswith("│ Ben"))
    assert "-4.4 %" in ben_row  # 95 vs 91
    assert "Kick report — Ana" in text and "Kick report — Ben" in text


def test_the_trend_plot_draws_both_lines_with_time_ticks() -> None:
    sessions = [
        SessionLaps(n, f"2026-05-0{n}T18:00:00.000+02:00", interval_laps([90.0, 91.0, 88.0 - n]))
        for n in range(1, 5)
    ]
    plot = trend_plot(build_trend(sessions), width=60, height=14, color=False)
    assert "\x1b[" not in plot
    assert "● final rep" in plot
    assert "1:24.0" in plot and "1:30.5" in plot  # the lowest and highest values are ticks
    assert "05-01" in plot and "05-04" in plot
    assert all(len(line) <= 60 for line in plot.splitlines())
