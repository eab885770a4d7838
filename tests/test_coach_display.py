"""The board's text: times, differences, the footer's key summary, the status line, the kick."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kicktimer.app.coach.display import (
    ahead,
    board_time,
    diff_text,
    keys_summary,
    kick_text,
    live_split_text,
    news_text,
    roster_text,
    signed_tenths,
)
from kicktimer.app.display import clock_text, shown_elapsed
from kicktimer.core.coach.session import (
    AthleteRow,
    AthleteSplit,
    GroupRep,
    Ignored,
    Kick,
    RepClosed,
    SplitTaken,
    SplitUndone,
    assign_keys,
    stats_of,
)
from plan_builders import distance_rep

ANA, BEN = assign_keys(["Ana", "Ben"])
REP = distance_rep(target_s=80.0)


def row(status: str, live_s: float | None, splits: tuple[float | None, ...] = ()) -> AthleteRow:
    taken = [AthleteSplit(ANA, REP, seconds, None) for seconds in splits]
    return AthleteRow(ANA, status, live_s, REP.target_s if live_s is not None else None, stats_of(taken))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(15.24, "0:15.2"), (59.96, "1:00.0"), (72.46, "1:12.5"), (3725.0, "1:02:05.0"), (0.0, "0:00.0")],
)
def test_board_times_keep_their_minutes_and_tenths(seconds: float, text: str) -> None:
    assert board_time(seconds) == text


@given(st.floats(min_value=0, max_value=36_000, allow_nan=False))
def test_a_live_split_reads_exactly_like_the_big_clock(elapsed: float) -> None:
    assert live_split_text(row("out", elapsed)) == clock_text(shown_elapsed(elapsed))


def test_the_split_column_counts_then_freezes_then_shows_the_last_between_reps() -> None:
    assert live_split_text(row("out", 65.7)) == "1:05"
    assert live_split_text(row("in", 65.7, (65.7,))) == "1:05.7"
    assert live_split_text(row("between reps", None, (65.7,))) == "1:05.7"
    assert live_split_text(row("between reps", None, (65.7, None))) == ""  # DNF: nothing to read
    assert live_split_text(row("between reps", None)) == ""


def test_the_difference_is_whole_seconds_while_out_and_tenths_once_in() -> None:
    assert diff_text(row("out", 79.9)) == "−0:01"  # the clock shows 1:19 against 1:20
    assert ahead(row("out", 79.9)) is True
    assert diff_text(row("out", 80.0)) == "±0:00"
    assert diff_text(row("out", 83.2)) == "+0:03"
    assert ahead(row("out", 83.2)) is False
    assert diff_text(row("in", 81.56, (81.56,))) == "+1.6"
    assert diff_text(row("between reps", None, (78.44,))) == "−1.6"
    assert ahead(row("between reps", None, (78.44,))) is True
    assert diff_text(row("between reps", None, (None,))) == ""
    assert ahead(row("between reps", None, (None,))) is None


def test_signed_tenths() -> None:
    assert signed_tenths(0.04) == "±0.0"
    assert signed_tenths(-64.8) == "−1:04.8"
    assert signed_tenths(2.25) == "+2.2" or signed_tenths(2.25) == "+2.3"


@pytest.mark.parametrize(
    ("count", "summary"),
    [(1, "1"), (6, "1–6"), (9, "1–9"), (10, "1–9 a"), (12, "1–9 a c d"), (16, "1–9 a…i")],
)
def test_the_footer_sums_up_the_athlete_keys(count: int, summary: str) -> None:
    keys = [athlete.key for athlete in assign_keys([f"A{n}" for n in range(count)])]
    assert keys_summary(keys) == summary


def test_the_roster_line_pairs_keys_and_names() -> None:
    assert roster_text([("1", "Ana"), ("2", "Ben")]) == "1 Ana · 2 Ben"


def test_the_status_line_says_what_a_press_did() -> None:
    assert news_text(SplitTaken(ANA, REP, 78.44, 0.0, 1)) == "Ana 1:18.4 (−1.6) · 1 still out"
    assert news_text(SplitTaken(BEN, REP, 80.0, 0.0, 0)) == "Ben 1:20.0 (±0.0) · all in"
    assert "already in" in (news_text(Ignored("crossing", "already in", 0.0, ANA)) or "")
    assert news_text(Ignored("undo", "nothing to undo", 0.0)) == "Nothing to undo"
    undone = SplitUndone(BEN, REP, 70.0, 0.0, closed=True)
    assert news_text(undone) == "Undone: Ben 1:10.0 · Ben DNF on that rep"
    splits = (AthleteSplit(ANA, REP, 70.0, 70.0), AthleteSplit(BEN, REP, None, None))
    closed = RepClosed(GroupRep(REP, 0.0, 90.0, 0.0, "lap", splits))
    assert news_text(closed) == "Run 400 m closed · DNF: Ben"
    numbered = replace(REP, rep="3/8", rep_number=3, rep_count=8)
    everyone = (AthleteSplit(ANA, numbered, 70.0, 70.0),)
    assert news_text(RepClosed(GroupRep(numbered, 0.0, 70.0, 0.0, "lap", everyone))) == "Rep 3/8 closed"


@pytest.mark.parametrize(
    ("percent", "text"),
    [(7.407, "7.4 % faster"), (-4.39, "4.4 % slower"), (-165.5, "165.5 % slower"), (0.04, "even")],
)
def test_kick_text(percent: float, text: str) -> None:
    assert kick_text(Kick(75.0, 81.0, -6.0, percent, 2)) == text
    assert kick_text(None) == "—"
