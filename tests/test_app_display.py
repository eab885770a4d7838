"""The timer's figures and when they change; the big clock's font and its partial redraws."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from textual.geometry import Region

from app_support import rig_for_plan
from kicktimer.app.display import (
    clock_text,
    pace_text,
    shown_elapsed,
    shown_remaining,
    signed_clock_text,
    speed_text,
    split_text,
    until_elapsed_changes,
    until_remaining_changes,
)
from kicktimer.app.widgets.big_clock import (
    GLYPH_ROWS,
    BigClock,
    block_lines,
    changed_figures,
    fit_scale,
    pixel_width,
    place_lines,
)
from plan_builders import plan_of, timed


@pytest.mark.parametrize(
    ("remaining", "shown"),
    [(10.0, 10), (9.9995, 10), (9.9985, 10), (9.5, 10), (9.0005, 9), (0.2, 1), (0.0, 0)],
)
def test_a_countdown_rounds_up_and_reads_zero_only_at_the_end(remaining: float, shown: int) -> None:
    assert shown_remaining(remaining) == shown


@given(st.floats(min_value=0.002, max_value=50_000, allow_nan=False))
def test_the_wake_up_lands_where_the_countdown_shows_the_next_second(remaining: float) -> None:
    delay = until_remaining_changes(remaining)
    assert delay is not None and 0 <= delay <= 1.0
    assert shown_remaining(remaining - delay) == shown_remaining(remaining) - 1
    if delay > 0.002:
        assert shown_remaining(remaining - delay + 0.001) == shown_remaining(remaining)


@given(st.floats(min_value=0, max_value=50_000, allow_nan=False))
def test_the_wake_up_lands_where_the_count_up_shows_the_next_second(elapsed: float) -> None:
    delay = until_elapsed_changes(elapsed)
    assert 0 <= delay <= 1.0
    assert shown_elapsed(elapsed + delay) == shown_elapsed(elapsed) + 1


def test_figures_read_the_way_a_runner_writes_them() -> None:
    assert clock_text(0) == "0:00"
    assert clock_text(754) == "12:34"
    assert clock_text(3725) == "1:02:05"
    assert signed_clock_text(-5) == "-0:05" and signed_clock_text(62) == "+1:02"
    assert split_text(89.44) == "1:29.4" and split_text(45.0) == "45.0"
    assert pace_text(270, "km") == "4:30/km"
    assert pace_text(270, "mi") == "7:15/mi"
    assert speed_text(12.0, "km") == "12.0 km/h" and speed_text(16.09344, "mi") == "10.0 mph"


def test_block_figures_are_as_wide_as_their_pixels_and_fit_where_they_are_put() -> None:
    for scale in (2, 3, 5):
        lines = block_lines("12:34", scale)
        assert len(lines) == (GLYPH_ROWS * scale + 1) // 2
        assert {len(line) for line in lines} == {pixel_width("12:34") * scale}
    scale = fit_scale("12:34", 98, 20)
    assert pixel_width("00:00") * scale <= 98 and (GLYPH_ROWS * scale + 1) // 2 <= 20
    assert fit_scale("12:34", 98, 20) == fit_scale("0:03", 98, 20)
    placed = place_lines(block_lines("0:03", 3), 60, 12, "center")
    assert len(placed) == 12 and {len(line) for line in placed} == {60}


@given(
    st.integers(min_value=0, max_value=5999),
    st.integers(min_value=1, max_value=70),
    st.sampled_from([(40, 6), (78, 14), (120, 40), (33, 9)]),
    st.sampled_from(["left", "center", "right"]),
)
def test_changed_figures_cover_every_cell_that_differs_and_no_row_that_does_not(
    seconds: int, step: int, size: tuple[int, int], align: str
) -> None:
    width, height = size
    old, new = clock_text(seconds + step), clock_text(seconds)
    scale = fit_scale(old, width, height)
    if scale < 2 or len(old) != len(new) or fit_scale(new, width, height) != scale:
        return  # the widget redraws all of itself then
    before = place_lines(block_lines(old, scale), width, height, align)
    after = place_lines(block_lines(new, scale), width, height, align)
    regions = changed_figures(old, new, scale, width, height, align)
    differing = {(x, y) for y in range(height) for x in range(width) if before[y][x] != after[y][x]}
    covered = {
        (x, y)
        for region in regions
        for y in range(region.y, region.bottom)
        for x in range(region.x, region.right)
    }
    assert differing <= covered
    assert {y for _, y in covered} == {y for _, y in differing}


def test_changed_figures_of_a_figure_of_another_width_are_the_whole_clock() -> None:
    assert changed_figures("1:00", "1 00", 2, 40, 6, "center") == [Region(0, 0, 40, 6)]
    assert changed_figures("9:59", "10:00", 2, 40, 6, "center") == [Region(0, 0, 40, 6)]
    assert changed_figures("9:59", "9:59", 2, 40, 6, "center") == []


async def test_the_clock_grows_with_the_terminal_and_falls_back_to_plain_digits() -> None:
    rig = rig_for_plan(plan_of(timed("Run 10:00", 600)), lead_in_s=0)
    async with rig.app.run_test(size=(120, 40)) as pilot:
        clock = rig.app.screen.query_one("#clock", BigClock)
        big = clock.scale
        assert big >= 4
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        assert 1 <= clock.scale < big
        await pilot.resize_terminal(30, 9)
        await pilot.pause()
        assert clock.scale == 1
        assert clock.value == "10:00"
