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

Why every row is a line of ONE widget, not a widget per row or per cell:
Textual visits every widget under the region a frame repaints, and the big
clock and the live splits change in the same frame. With a label per cell,
twelve athletes were ~100 widgets visited every second; with a widget per
row, twelve. Now the board's rows are one widget (`AthleteLines`) that
marks only the lines of rows whose texts changed, and never asks for a
layout pass unless the rows change height.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.styles import RenderStyles
from textual.geometry import Region, Size
from textual.message import Message
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

    def row_height(self) -> int:
        return 3 if self.roomy else 1

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


class AthleteRowView:
    """One athlete's row of the board: what it shows and how it stands (drawn by `AthleteLines`).

    Not a widget: the board's rows are lines of one widget. A row keeps its
    texts and its state classes (`-in`, `-out`, `-taken`, `-ignored`), says
    whether an update changed what it draws, and turns itself into pieces
    of text with the component class that styles each piece.
    """

    def __init__(self, athlete: Athlete, lines: AthleteLines, *, layout: BoardLayout) -> None:
        self.athlete = athlete
        self._lines = lines
        self._layout = layout
        self._shown: dict[str, str] = {}
        self._verdict: bool | None = None
        self._dnf = False
        self._classes: set[str] = set()

    def has_class(self, name: str) -> bool:
        return name in self._classes

    def set_class(self, add: bool, name: str) -> bool:
        """Add or take away a state class; True when that changed it."""
        if add == (name in self._classes):
            return False
        if add:
            self._classes.add(name)
        else:
            self._classes.discard(name)
        return True

    @property
    def size(self) -> Size:
        """The row's size on screen: the board's width, one or three lines."""
        return Size(self._lines.size.width, self._layout.row_height())

    @property
    def styles(self) -> RenderStyles:
        """The styles the row is drawn with (those of the board's lines)."""
        return self._lines.styles

    def show(self, row: AthleteRow) -> bool:
        """Take the athlete's row; True when what it draws changed."""
        changed = self.set_class(row.status == "in", "-in")
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
            changed = True
        return changed

    def flash(self, kind: str) -> None:
        """Highlight the row for a moment: `-taken` (split recorded) or `-ignored` (press ignored)."""
        self._lines.flash(self, kind)

    def text_of(self, column: str) -> str:
        """What a column shows (for tests and the tmux check)."""
        return self._shown.get(column, "")

    def plain_lines(self) -> list[str]:
        """The row as text, line by line (what the terminal shows, without colours)."""
        return ["".join(text for text, _ in line) for line in self.parts()]

    def parts(self) -> list[list[tuple[str, str | None]]]:
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


class AthleteLines(Widget):
    """Every athlete's row in one widget, drawn line by line (Textual's Line API).

    Why one widget and not one per row: each second all twelve live splits
    change, and Textual's cost per widget (styles, compositor entries,
    messages) was most of what coach mode spent beyond a solo run. Here a
    row that changed marks only its own lines dirty (`refresh(Region)`),
    and nothing asks for a layout pass unless the rows change height.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "athlete-row--key",
        "athlete-row--ahead",
        "athlete-row--behind",
        "athlete-row--dnf",
        "athlete-row--in",
        "athlete-row--taken",
        "athlete-row--ignored",
    }

    def __init__(self, layout: BoardLayout) -> None:
        super().__init__(id="athlete-rows")
        self._layout = layout
        self.rows: list[AthleteRowView] = []
        self._base: Style | None = None

    def fit(self) -> None:
        """As tall as the rows (one or three lines each)."""
        self.styles.height = len(self.rows) * self._layout.row_height()

    def redraw(self, *rows: AthleteRowView) -> None:
        """Mark just these rows' lines for the next frame, in one refresh (each costs a pass of
        Textual's bookkeeping, and every second all twelve live splits change)."""
        if not rows:
            return
        height = self._layout.row_height()
        width = self.size.width
        self.refresh(*(Region(0, self.rows.index(row) * height, width, height) for row in rows))

    def render_lines(self, crop: Region) -> list[Strip]:
        """The board's own style worked out once per frame, not once per line (`rich_style` walks
        every ancestor's styles each time it is read; it cannot change within a frame)."""
        self._base = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._base = None

    def flash(self, row: AthleteRowView, kind: str) -> None:
        row.set_class(True, kind)
        self.redraw(row)

        def done() -> None:
            row.set_class(False, kind)
            self.redraw(row)

        self.set_timer(FLASH_S, done)

    def _state_style(self, component: str) -> Style:
        """A row state's style, its background blended over the board's (`$success 20%`).

        A widget per row got this blend from Textual; a component's Rich
        style has no alpha, so it is done here.
        """
        style = self.get_component_rich_style(component, partial=True)
        background = self.get_component_styles(component).background
        if background.a == 0:
            return style
        _, behind = self.background_colors
        return style + Style(bgcolor=(behind + background).rich_color)

    def render_line(self, y: int) -> Strip:
        """One line of the board, as segments straight from its row's columns.

        No Content to lay out and wrap: each piece is drawn in the row's
        background (`-in`) with its own colour, and a flash (`-taken`,
        `-ignored`) goes over both.
        """
        base = self.rich_style if self._base is None else self._base
        width = self.size.width
        number, line = divmod(y, self._layout.row_height())
        if number >= len(self.rows):
            return Strip.blank(width, base)
        row = self.rows[number]
        if row.has_class("-in"):
            base += self._state_style("athlete-row--in")
        flash = next((kind for kind in ("-taken", "-ignored") if row.has_class(kind)), None)
        over = None if flash is None else self._state_style(f"athlete-row-{flash}")
        parts = row.parts()
        segments = []
        for text, component in parts[line] if line < len(parts) else []:
            style = base + self.get_component_rich_style(component, partial=True) if component else base
            segments.append(Segment(text, style if over is None else style + over))
        row_style = base if over is None else base + over
        return Strip(segments).adjust_cell_length(width, row_style)


class AthleteRowsScroll(VerticalScroll, can_focus=False):
    """The rows' window: as tall as the rows, or, when the screen is too short for them all
    (`-crowded-board`), what room is left, scrolled to the latest crossing.

    Never focused, so its scrolling keys never take an athlete's key. Its
    height changing (the screen, a notice, the status line) is news to the
    screen, which decides from the layout whether the rows must scroll.
    """

    class Resized(Message):
        """The window got a new height: whether every row fits may have changed."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())


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
        self._lines = AthleteLines(self._layout)
        self._rows = {
            athlete.index: AthleteRowView(athlete, self._lines, layout=self._layout)
            for athlete in self.athletes
        }
        self._lines.rows = list(self._rows.values())
        self._lines.fit()
        self._news_label = Label("", id="board-news", markup=False)
        self._window = AthleteRowsScroll(self._lines, id="athlete-window")

    def compose(self) -> ComposeResult:
        yield self._news_label
        yield self._heading
        yield self._window

    def on_mount(self) -> None:
        self._heading.redraw()

    @property
    def news(self) -> str:
        """The status line as shown."""
        return self._news

    @property
    def rows_height(self) -> int:
        """How tall every row is, as last laid out (the window shows this many lines when all fit)."""
        return self._lines.outer_size.height

    @property
    def window_height(self) -> int:
        """How tall the rows' window is, as last laid out."""
        return self._window.outer_size.height

    def row(self, athlete: Athlete | int) -> AthleteRowView:
        return self._rows[athlete if isinstance(athlete, int) else athlete.index]

    def set_room(self, *, roomy: bool, width: int) -> None:
        """Three-line rows with the split in big digits (`roomy`); without average and best when narrow."""
        narrow = width < NARROW_BELOW
        if (roomy, narrow) == (self._layout.roomy, self._layout.narrow):
            return
        self._layout.roomy, self._layout.narrow = roomy, narrow
        self._heading.redraw()
        self._lines.fit()
        self._lines.refresh()

    def _keep_in_view(self, athlete: Athlete | int) -> None:
        """Scroll a crowded board so the row just taken shows (nothing moves when all rows fit)."""
        height = self._layout.row_height()
        top = self._lines.rows.index(self.row(athlete)) * height
        self._window.scroll_to_region(Region(0, top, 1, height), animate=False, immediate=True)

    def show(self, rows: Sequence[AthleteRow], news: Sequence[BoardEffect] = ()) -> None:
        views = [self.row(row.athlete) for row in rows]
        self._lines.redraw(*[view for view, row in zip(views, rows, strict=True) if view.show(row)])
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
            self._keep_in_view(effect.athlete)
        elif isinstance(effect, Ignored | SplitUndone) and effect.athlete is not None:
            self.row(effect.athlete).flash("-ignored")
