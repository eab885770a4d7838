"""The coach's board: one row per athlete under the big clock.

Each row reads, left to right: the athlete's key, their name, the split on
the rep in progress (counting up with the clock until their key is pressed,
then frozen with tenths), its difference from their own target, that target
(from the roster's race result or splits, else the workout's), their last
split, their average and their best. A line above the rows says what the last press
did ("Ana 1:12.4 (−1.6) · 2 still out"), so a coach sees at once that the key
took.

With room to spare (the screen sets `-roomy-board`), each row is three lines
tall and the split is drawn in 3×3 digits, readable from a couple of metres;
otherwise every row is one line of bold text.

Why each row is one widget drawing its own columns, not a widget per cell:
Textual visits every widget under the region a frame repaints, and the big
clock and the live splits change in the same frame, so that region is most
of the screen. With a label per cell, twelve athletes were ~100 widgets
visited every second; now they are twelve. A row redraws only when one of
its texts changes, and never asks for a layout pass (its size is fixed).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.renderables.digits import DIGITS, DIGITS3X3_BOLD
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label

from kicktimer.app.coach.display import (
    ahead,
    best_text,
    diff_text,
    last_text,
    live_split_text,
    mean_text,
    news_text,
    target_text,
)
from kicktimer.core.coach.session import Athlete, AthleteRow, BoardEffect, Ignored, SplitTaken, SplitUndone

FLASH_S = 0.8
"""How long a row stays highlighted after its key was pressed (visual only; timing never depends on it)."""

NAME_WIDTH_MAX = 16
COLUMNS = ("key", "name", "split", "diff", "target", "last", "mean", "best")
HEADINGS = ("Key", "Athlete", "Split", "±", "Target", "Last", "Avg", "Best")
KEY_WIDTH = 4  # three cells of key, one of space
SPLIT_WIDTH = 10
BIG_SPLIT_WIDTH = 22
STAT_WIDTH = 9
KEY = "athlete-row--key"
NARROW_BELOW = 60
"""Below this many columns the target, average and best are left out (the timer screen's `-narrow`)."""


def cell(text: str, width: int) -> str:
    """`text` in a column `width` cells wide, with at least one cell of space after it."""
    return set_cell_size(set_cell_size(text, width - 1), width)


def digit_lines(text: str) -> tuple[str, str, str]:
    """`text` in Textual's bold 3×3 digits (what a `Digits` widget draws), as three lines."""
    rows: list[list[str]] = [[], [], []]
    for character in text.replace(".", "•"):
        position = DIGITS.find(character) * 3
        if position < 0:
            rows[0].append(" ")
            rows[1].append(" ")
            rows[2].append(character)
            continue
        for row, offset in zip(rows, range(3), strict=True):
            row.append(DIGITS3X3_BOLD[position + offset].ljust(3))
    first, second, third = ("".join(row) for row in rows)
    return first, second, third


class BoardLayout:
    """Column widths the heading and the rows share; the screen sets how roomy and how wide."""

    def __init__(self, name_width: int) -> None:
        self.name_width = name_width
        self.roomy = False
        self.narrow = False

    def stat_columns(self) -> tuple[str, ...]:
        return ("diff", "last") if self.narrow else ("diff", "target", "last", "mean", "best")

    def split_width(self) -> int:
        return BIG_SPLIT_WIDTH if self.roomy else SPLIT_WIDTH


class BoardHeading(Label):
    """The column headings, one line of text."""

    def __init__(self, layout: BoardLayout) -> None:
        super().__init__("", id="board-heading", markup=False)
        self._layout = layout

    def redraw(self) -> None:
        layout = self._layout
        headings = dict(zip(COLUMNS, HEADINGS, strict=True))
        text = cell(headings["key"], KEY_WIDTH) + cell(headings["name"], layout.name_width)
        text += cell(headings["split"], layout.split_width())
        text += "".join(cell(headings[column], STAT_WIDTH) for column in layout.stat_columns())
        self.update(text)


class AthleteRowView(Widget):
    """One athlete's row of the board, drawn as one piece of text."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "athlete-row--key",
        "athlete-row--ahead",
        "athlete-row--behind",
        "athlete-row--dnf",
    }

    def __init__(self, athlete: Athlete, *, layout: BoardLayout) -> None:
        super().__init__(id=f"athlete-{athlete.index}", classes="athlete-row")
        self.athlete = athlete
        self._layout = layout
        self._shown: dict[str, str] = {}
        self._verdict: bool | None = None
        self._dnf = False

    def show(self, row: AthleteRow) -> None:
        self.set_class(row.status == "in", "-in")
        self.set_class(row.status == "out", "-out")
        texts = {
            "split": live_split_text(row),
            "diff": diff_text(row),
            "target": target_text(row),
            "last": last_text(row),
            "mean": mean_text(row),
            "best": best_text(row),
        }
        verdict = ahead(row)
        dnf = row.stats.last is not None and row.stats.last.dnf
        if texts != self._shown or verdict != self._verdict or dnf != self._dnf:
            self._shown, self._verdict, self._dnf = texts, verdict, dnf
            self.refresh()

    def flash(self, kind: str) -> None:
        """Highlight the row for a moment: `-taken` (split recorded) or `-ignored` (press ignored)."""
        self.add_class(kind)
        self.set_timer(FLASH_S, lambda: self.remove_class(kind))

    def text_of(self, column: str) -> str:
        """What a column shows (for tests and the tmux check)."""
        return self._shown.get(column, "")

    def plain_lines(self) -> list[str]:
        """The row as text, line by line (what the terminal shows, without colours)."""
        return ["".join(text for text, _ in line) for line in self._parts()]

    def render_line(self, y: int) -> Strip:
        """One line of the row, as segments straight from its columns.

        Textual's Line API: no Content to lay out and wrap, which was half of
        what a row cost to draw each second.
        """
        base = self.rich_style
        width = self.size.width
        parts = self._parts()
        if y >= len(parts):
            return Strip.blank(width, base)
        segments = [
            Segment(
                text, base + self.get_component_rich_style(component, partial=True) if component else base
            )
            for text, component in parts[y]
        ]
        return Strip(segments).adjust_cell_length(width, base)

    def _parts(self) -> list[list[tuple[str, str | None]]]:
        """Each line as (text, component class or None) pieces."""
        layout = self._layout
        styles = {
            "diff": None
            if self._verdict is None
            else "athlete-row--ahead"
            if self._verdict
            else "athlete-row--behind",
            "last": "athlete-row--dnf" if self._dnf else None,
        }
        stats = [
            (cell(self._shown.get(column, ""), STAT_WIDTH), styles.get(column))
            for column in layout.stat_columns()
        ]
        key = self.athlete.key.center(KEY_WIDTH - 1)
        name = cell(self.athlete.name, layout.name_width)
        split = self._shown.get("split", "")
        if not layout.roomy:
            return [[(key, KEY), (" ", None), (name, None), (cell(split, SPLIT_WIDTH), None), *stats]]
        blank = (" " * (layout.name_width + 1), None)
        blank_stats = (" " * (STAT_WIDTH * len(stats)), None)
        top, middle, bottom = (set_cell_size(line, BIG_SPLIT_WIDTH) for line in digit_lines(split))
        return [
            [(" " * len(key), KEY), blank, (top, None), blank_stats],
            [(key, KEY), (" ", None), (name, None), (middle, None), *stats],
            [(" " * len(key), KEY), blank, (bottom, None), blank_stats],
        ]


class AthleteBoard(Vertical):
    """The status line, a heading and one row per athlete; `show` redraws from the coach session."""

    def __init__(self, athletes: Sequence[Athlete], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.athletes = tuple(athletes)
        longest = max((len(a.name) for a in self.athletes), default=7)
        self._name_width = max(len("Athlete"), min(NAME_WIDTH_MAX, longest)) + 1
        self._news = ""
        self._layout = BoardLayout(self._name_width)
        self._heading = BoardHeading(self._layout)
        self._rows = {
            athlete.index: AthleteRowView(athlete, layout=self._layout) for athlete in self.athletes
        }
        self._news_label = Label("", id="board-news", markup=False)

    def compose(self) -> ComposeResult:
        yield self._news_label
        yield self._heading
        yield from self._rows.values()

    def on_mount(self) -> None:
        self._heading.redraw()

    @property
    def news(self) -> str:
        """The status line as shown."""
        return self._news

    def row(self, athlete: Athlete | int) -> AthleteRowView:
        return self._rows[athlete if isinstance(athlete, int) else athlete.index]

    def set_room(self, *, roomy: bool, width: int) -> None:
        """Three-line rows with the split in big digits (`roomy`); without average and best when narrow."""
        narrow = width < NARROW_BELOW
        if (roomy, narrow) == (self._layout.roomy, self._layout.narrow):
            return
        self._layout.roomy, self._layout.narrow = roomy, narrow
        self._heading.redraw()
        for row in self._rows.values():
            row.refresh()

    def show(self, rows: Sequence[AthleteRow], news: Sequence[BoardEffect] = ()) -> None:
        for row in rows:
            self.row(row.athlete).show(row)
        for effect in news:
            self._tell(effect)

    def _tell(self, effect: BoardEffect) -> None:
        text = news_text(effect)
        if text is not None and text != self._news:
            self._news = text
            news = self._news_label
            news.update(text, layout=False)
            news.set_class(isinstance(effect, Ignored), "-ignored")
        if isinstance(effect, SplitTaken):
            self.row(effect.athlete).flash("-taken")
        elif isinstance(effect, Ignored | SplitUndone) and effect.athlete is not None:
            self.row(effect.athlete).flash("-ignored")
