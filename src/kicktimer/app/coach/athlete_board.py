"""The coach's board: one row per athlete under the big clock.

Each row reads, left to right: the athlete's key, their name, the split on
the rep in progress (counting up with the clock until their key is pressed,
then frozen with tenths), its difference from the target, their last split,
their average and their best. A line above the rows says what the last press
did ("Ana 1:12.4 (−1.6) · 2 still out"), so a coach sees at once that the key
took.

With room to spare (the screen sets `-roomy-board`), each row is three lines
tall and the split is drawn in `Digits`, readable from a couple of metres;
otherwise every row is one line of bold text. Labels are touched only when
their text changes, and never ask for a layout pass (every cell's width is
fixed by the stylesheet), so a once-a-second redraw repaints only the cells
that move. The `Digits` split is hidden unless the board is roomy, so it is
fed only then. Rows and cells are held, not looked up, each second.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Digits, Label

from kicktimer.app.coach.display import (
    ahead,
    best_text,
    diff_text,
    last_text,
    live_split_text,
    mean_text,
    news_text,
)
from kicktimer.core.coach.session import Athlete, AthleteRow, BoardEffect, Ignored, SplitTaken, SplitUndone

FLASH_S = 0.8
"""How long a row stays highlighted after its key was pressed (visual only; timing never depends on it)."""

NAME_WIDTH_MAX = 16
COLUMNS = ("key", "name", "split", "diff", "last", "mean", "best")
HEADINGS = ("Key", "Athlete", "Split", "±", "Last", "Avg", "Best")


class AthleteRowView(Horizontal):
    """One athlete's row of the board."""

    def __init__(self, athlete: Athlete, *, name_width: int) -> None:
        super().__init__(id=f"athlete-{athlete.index}", classes="athlete-row")
        self.athlete = athlete
        self._name_width = name_width
        self._shown: dict[str, str] = {}
        self._cells = {column: Label("", classes=f"cell {column}", markup=False) for column in COLUMNS[2:]}
        self._big_split = Digits("", classes="big-split")
        self._roomy = False

    def compose(self) -> ComposeResult:
        yield Label(self.athlete.key, classes="cell key", markup=False)
        name = Label(self.athlete.name, classes="cell name", markup=False)
        name.styles.width = self._name_width
        yield name
        yield self._big_split
        yield from self._cells.values()

    def show(self, row: AthleteRow) -> None:
        self.set_class(row.status == "in", "-in")
        self.set_class(row.status == "out", "-out")
        self._put("split", live_split_text(row))
        self._show_big_split()
        self._put("diff", diff_text(row))
        verdict = ahead(row)
        diff = self._cells["diff"]
        diff.set_class(verdict is True, "-ahead")
        diff.set_class(verdict is False, "-behind")
        self._put("last", last_text(row))
        self._cells["last"].set_class(row.stats.last is not None and row.stats.last.dnf, "-dnf")
        self._put("mean", mean_text(row))
        self._put("best", best_text(row))

    def set_roomy(self, roomy: bool) -> None:
        """Room for the `Digits` split: it shows from now on, starting with the split as it is."""
        self._roomy = roomy
        self._show_big_split()

    def _show_big_split(self) -> None:
        split = self._shown.get("split", "")
        if self._roomy and self._shown.get("big-split") != split:
            self._shown["big-split"] = split
            self._big_split.update(split)

    def flash(self, kind: str) -> None:
        """Highlight the row for a moment: `-taken` (split recorded) or `-ignored` (press ignored)."""
        self.add_class(kind)
        self.set_timer(FLASH_S, lambda: self.remove_class(kind))

    def text_of(self, column: str) -> str:
        """What a column shows (for tests and the tmux check)."""
        return self._shown.get(column, "")

    def _put(self, column: str, text: str) -> None:
        if self._shown.get(column) == text:
            return
        self._shown[column] = text
        self._cells[column].update(text, layout=False)


class AthleteBoard(Vertical):
    """The status line, a heading and one row per athlete; `show` redraws from the coach session."""

    def __init__(self, athletes: Sequence[Athlete], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.athletes = tuple(athletes)
        longest = max((len(a.name) for a in self.athletes), default=7)
        self._name_width = max(len("Athlete"), min(NAME_WIDTH_MAX, longest)) + 1
        self._news = ""
        self._rows = {
            athlete.index: AthleteRowView(athlete, name_width=self._name_width) for athlete in self.athletes
        }
        self._news_label = Label("", id="board-news", markup=False)

    def compose(self) -> ComposeResult:
        yield self._news_label
        with Horizontal(id="board-heading", classes="athlete-row"):
            for column, heading in zip(COLUMNS, HEADINGS, strict=True):
                cell = Label(heading, classes=f"cell {column}", markup=False)
                if column == "name":
                    cell.styles.width = self._name_width
                yield cell
        yield from self._rows.values()

    @property
    def news(self) -> str:
        """The status line as shown."""
        return self._news

    def row(self, athlete: Athlete | int) -> AthleteRowView:
        return self._rows[athlete if isinstance(athlete, int) else athlete.index]

    def set_roomy(self, roomy: bool) -> None:
        """Whether the rows are three lines tall, with the split in `Digits` (the screen decides)."""
        for row in self._rows.values():
            row.set_roomy(roomy)

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
