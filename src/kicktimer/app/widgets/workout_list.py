"""The picker's list of workouts: one line each, drawn only where it is on screen.

A Line-API widget (Textual's `ScrollView`) rather than an `OptionList`: with
hundreds of the user's own workouts, every key typed in the search box that
changed the matches made the OptionList measure (wrap) all of them again and
render its rows afresh. Here a row is one line, cut with "…" when it is
wider than the list, so nothing is measured: a new set of matches is a new
row count, and only the rows on screen are drawn, each from a row rendered
once per workout.

Keys: ↑/↓ move the highlight, PgUp/PgDn by a page, Home/End to the ends,
Enter opens the highlighted workout; a click highlights a row and opens it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

ELLIPSIS = "…"


class WorkoutList(ScrollView, can_focus=True):
    """Rows of workouts with one highlighted; posts `Highlighted` as it moves and `Selected` on Enter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Preview"),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("down", "move(1)", "Next", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "move_to(0)", "First", show=False),
        Binding("end", "move_to(-1)", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"workout-list--highlighted"}

    DEFAULT_CSS = """
    WorkoutList {
        height: 1fr;
        overflow-x: hidden;
        color: $foreground;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .workout-list--highlighted {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .workout-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
    }
    """

    highlighted: reactive[int | None] = reactive(None, layout=False, always_update=True)
    """The highlighted row's index (None when the list is empty)."""

    class RowMessage(Message):
        """Something happened to row `index` of a list; `control` lets handlers pick the list."""

        def __init__(self, workout_list: WorkoutList, index: int) -> None:
            super().__init__()
            self.workout_list = workout_list
            self.index = index

        @property
        def control(self) -> WorkoutList:
            return self.workout_list

    class Highlighted(RowMessage):
        """The highlight moved to row `index`."""

    class Selected(RowMessage):
        """Enter or a click on row `index`: open it."""

    def __init__(self, prompt: Callable[[int], Text], *, id: str | None = None) -> None:
        """`prompt(key)` is a row's text, asked once per key the first time the row is drawn."""
        super().__init__(id=id)
        self._prompt = prompt
        self._keys: tuple[int, ...] = ()
        self._rendered: dict[int, list[Segment]] = {}
        self._frame: tuple[Style, Style, int] | None = None

    @property
    def keys(self) -> tuple[int, ...]:
        """The rows shown, as the keys given to `show`."""
        return self._keys

    def prompt_at(self, index: int) -> Text:
        """The text of row `index`."""
        return self._prompt(self._keys[index])

    def show(self, keys: Sequence[int]) -> None:
        """Show these rows (by key), the first one highlighted."""
        self._keys = tuple(keys)
        self.virtual_size = Size(0, len(self._keys))
        self.scroll_to(y=0, animate=False)
        self.highlighted = 0 if self._keys else None
        self.refresh()

    # ---- moving the highlight ------------------------------------------

    def validate_highlighted(self, highlighted: int | None) -> int | None:
        if highlighted is None or not self._keys:
            return None
        return min(len(self._keys) - 1, max(0, highlighted))

    def watch_highlighted(self, old: int | None, new: int | None) -> None:
        for index in (old, new):
            if index is not None:
                self.refresh(Region(0, index - self.scroll_offset.y, self.size.width, 1))
        if new is None:
            return
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True, immediate=True)
        self.post_message(self.Highlighted(self, new))

    def action_move(self, step: int) -> None:
        """One row down (1) or up (-1); from no highlight, the first or the last row."""
        if not self._keys:
            return
        if self.highlighted is None:
            self.highlighted = 0 if step > 0 else len(self._keys) - 1
        else:
            self.highlighted += step

    def action_page(self, direction: int) -> None:
        if self._keys:
            current = self.highlighted or 0
            self.highlighted = current + direction * max(1, self.scrollable_content_region.height)

    def action_move_to(self, index: int) -> None:
        if self._keys:
            self.highlighted = index % len(self._keys)

    def action_select(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if 0 <= index < len(self._keys):
            self.highlighted = index
            self.action_select()

    # ---- drawing ---------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in `crop`; the styles and the width are worked out once for all of them."""
        self._frame = self._line_styles()
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def _line_styles(self) -> tuple[Style, Style, int]:
        """A row's style, the highlighted row's, and the width of a line."""
        base = self.rich_style
        highlight = base + self.get_component_rich_style("workout-list--highlighted")
        return base, highlight, self.scrollable_content_region.width

    def render_line(self, y: int) -> Strip:
        base, highlight, width = self._frame or self._line_styles()
        index = self.scroll_offset.y + y
        if not 0 <= index < len(self._keys):
            return Strip.blank(width, base)
        if index == self.highlighted:
            base = highlight
        strip = Strip(self._segments(self._keys[index])).apply_style(base)
        if strip.cell_length > width:
            strip = Strip.join([strip.crop(0, max(0, width - 1)), Strip([Segment(ELLIPSIS, base)])])
        return strip.adjust_cell_length(width, base)

    def _segments(self, key: int) -> list[Segment]:
        segments = self._rendered.get(key)
        if segments is None:
            text = self._prompt(key)
            segments = self._rendered[key] = list(text.render(self.app.console, end=""))
        return segments
