"""The timer's compositor renders a second's frame on the rows it sends, and the screen stays right.

`kicktimer.app.row_compositor.RowCompositor` renders each widget of a
partial update only from its first to its last row the update sends, where
Textual's renders every widget in the rectangle around all changed regions
(the big clock near the top and the progress line at the bottom: every label
between them). These tests paint every update the app hands its driver onto
a grid of cells, as a terminal would, and compare the grid with the whole
screen drawn at once after each second, across a step boundary; and they
check that a counting second no longer renders the labels between the clock
and the progress line.
"""

from __future__ import annotations

import pytest
from rich.console import Console, RenderableType
from rich.segment import ControlType, Segment
from rich.style import Style
from textual._compositor import ChopsUpdate, Compositor, LayoutUpdate
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from app_support import advance, big_clock, label, rig_for_plan
from kicktimer.app.row_compositor import RowCompositor, timer_compositor
from kicktimer.app.screens.timer import TimerScreen
from plan_builders import cue, plan_of, timed

Cell = tuple[str, Style | None]
Grid = list[list[Cell]]

WIDTH, HEIGHT = 80, 24


def paint(grid: Grid, update: RenderableType) -> None:
    """Write an update's segments onto `grid` at its cursor moves, one cell per character."""
    console = Console(width=WIDTH, height=HEIGHT, legacy_windows=False, force_terminal=True)
    x = y = 0
    for segment in console.render(update):
        if segment.control:
            for control in segment.control:
                if control[0] is ControlType.CURSOR_MOVE_TO:
                    x, y = int(control[1]), int(control[2])
            continue
        for char in segment.text:
            if char == "\n":
                x, y = 0, y + 1
                continue
            if 0 <= y < HEIGHT and 0 <= x < WIDTH:
                grid[y][x] = (char, segment.style)
            x += 1


def cells(strips: list[Strip]) -> Grid:
    """The screen drawn whole, as a grid of cells."""
    grid: Grid = [[(" ", None)] * WIDTH for _ in range(HEIGHT)]
    for y, strip in enumerate(strips[:HEIGHT]):
        x = 0
        for segment in strip:
            for char in Segment(segment.text, segment.style).text:
                if x < WIDTH:
                    grid[y][x] = (char, segment.style)
                x += 1
    return grid


def seen_widgets(compositor: RowCompositor, widgets: list[Widget]) -> list[Widget]:
    """Which of `widgets` the compositor's next renders include (a list filled as it renders)."""
    rendered: list[Widget] = []
    for widget in widgets:
        original = widget.render_lines

        def noting(crop: object, widget: Widget = widget, original: object = original) -> object:
            rendered.append(widget)
            return original(crop)  # type: ignore[operator]

        widget.render_lines = noting  # type: ignore[method-assign,assignment]
    return rendered


def countdown_plan() -> object:
    return plan_of(timed("Run 1:00", 8, cues=(cue(4, "Halfway"),)), timed("Walk 2:00", 120))


async def test_every_frame_leaves_the_screen_as_drawn_whole() -> None:
    rig = rig_for_plan(countdown_plan(), lead_in_s=0)  # type: ignore[arg-type]
    grid: Grid = [[(" ", None)] * WIDTH for _ in range(HEIGHT)]
    kinds: list[str] = []
    display = rig.app._display

    def display_and_paint(screen: Screen[object], renderable: RenderableType | None) -> None:
        if isinstance(renderable, (ChopsUpdate, LayoutUpdate)):
            kinds.append(type(renderable).__name__)
            paint(grid, renderable)
        display(screen, renderable)

    rig.app._display = display_and_paint  # type: ignore[method-assign]
    async with rig.app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        screen = rig.app.screen
        assert isinstance(screen, TimerScreen)
        assert isinstance(screen._compositor, RowCompositor)
        for second in range(12):
            await advance(pilot, rig, 1)
            assert grid == cells(screen._compositor.render_strips()), f"second {second + 1}"
        assert label(rig.app, "#step-label") == "Walk 2:00"
        assert big_clock(rig.app) == "1:56"
    assert "ChopsUpdate" in kinds, "no partial update was drawn"


async def test_a_counting_second_renders_nothing_between_the_clock_and_the_progress_line() -> None:
    rig = rig_for_plan(plan_of(timed("Run 20:00", 1200)), lead_in_s=0)
    async with rig.app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await advance(pilot, rig, 1)
        await advance(pilot, rig, 1)
        screen = rig.app.screen
        assert isinstance(screen, TimerScreen)
        assert isinstance(screen._compositor, RowCompositor)
        between = [screen.query_one(selector, Widget) for selector in ("#target", "#cue", "#next")]
        progress = screen.query_one("#progress", Widget)
        rendered = seen_widgets(screen._compositor, [*between, progress])
        await advance(pilot, rig, 1)
        assert big_clock(rig.app) == "19:57"
    assert progress in rendered, "the progress line was not drawn"
    assert not [widget.id for widget in rendered if widget in between]


def test_a_textual_whose_compositor_changed_its_private_methods_keeps_its_own_compositor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The range of Textual releases allowed is wider than the one pinned: if the two methods the
    row compositor overrides take other arguments there, the timer uses Textual's compositor."""
    assert type(timer_compositor()) is RowCompositor

    def render_chops(self: Compositor, crop: object, is_rendered_line: object, extra: object) -> None: ...

    monkeypatch.setattr(Compositor, "_render_chops", render_chops)
    assert type(timer_compositor()) is Compositor
    monkeypatch.delattr(Compositor, "_get_renders")
    assert type(timer_compositor()) is Compositor
