"""`kick` with no arguments: every workout, a search box, a tag filter, a live preview.

Typing narrows the list (name, slug, summary and tags all match); the tag
filter keeps one tag; ↑/↓ move through the list from the search box, and the
plan of the highlighted workout shows beside it with the default choices.
Enter opens the full preview, where reps and environment are chosen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, Select

from kicktimer.app.picking import PickerEntry, Planner, all_tags, initial_choice, matches
from kicktimer.app.screens.breakpoints import apply_breakpoints
from kicktimer.app.widgets.footer import Footer
from kicktimer.app.widgets.plan_view import PlanView
from kicktimer.app.widgets.workout_list import WorkoutList
from kicktimer.errors import WorkoutError
from kicktimer.text import plain
from kicktimer.workout.model import Workout

COMPACT_BELOW = 20


def entry_prompt(entry: PickerEntry) -> Text:
    """A list row: the name, then "(yours)" for the user's own, or the reason it does not load."""
    text = plain(entry.name)
    if entry.error is not None:
        text.append("  (does not load)", style="red")
    elif not entry.builtin:
        text.append("  (yours)", style="dim")
    return text


class SearchBox(Input):
    """The search box, whose Enter opens the highlighted workout's preview.

    Input's own Enter binding is hidden from the footer and, being the
    focused widget's, hides the screen's `Preview` too; here it says what
    it does. ↑/↓ move through the list (the screen's keys, shown here) and
    Tab goes on to the tag filter, and the footer says so.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "screen.move(1)", "Choose", key_display="↑↓"),
        Binding("up", "screen.move(-1)", "Previous", show=False),
        Binding("enter", "submit", "Preview"),
        Binding("tab", "app.focus_next", "Tags"),
    ]


class TagFilter(Select[str]):
    """The tag filter, whose keys the footer names.

    Select's own keys (Enter, ↑/↓, space open its menu) are hidden from the
    footer and, being the focused widget's, hide the screen's Enter too: the
    footer showed only `esc Quit`. Here Enter says it picks a tag and Tab says
    it goes on to the list.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,down,space,up", "show_overlay", "Pick a tag"),
        Binding("tab", "app.focus_next", "List"),
    ]


class PickerScreen(Screen[None]):
    """The workout picker."""

    # Textual declares these as plain attributes; they are never mutated.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", "Next", show=False),
        Binding("up", "move(-1)", "Previous", show=False),
        Binding("enter", "open", "Preview"),
        Binding("escape", "leave", "Quit"),
    ]

    def __init__(
        self,
        entries: Sequence[PickerEntry],
        *,
        planner: Planner,
        units: str,
        preview: Callable[[Workout], Screen[None]],
    ) -> None:
        """`preview` makes a workout's full preview: the app's, the same as `kick run WORKOUT` opens."""
        super().__init__()
        self.entries = tuple(entries)
        self.shown: list[PickerEntry] = []
        self._shown_at: list[int] | None = None
        self._showing: PickerEntry | None = None
        self._planner = planner
        self._preview = preview
        self._units = units

    def compose(self) -> ComposeResult:
        apply_breakpoints(self)
        with Horizontal(id="picker"):
            with Vertical(id="picker-side"):
                yield SearchBox(placeholder="Search workouts", id="search")
                yield TagFilter(
                    [(plain(tag), tag) for tag in all_tags(self.entries)], prompt="All tags", id="tag-filter"
                )
                yield WorkoutList(self._prompt, id="workout-list")
            yield PlanView(id="live-preview")
        yield Footer()

    def on_mount(self) -> None:
        self._refilter()
        self.query_one("#search", Input).focus()

    def on_resize(self) -> None:
        """Borderless search and tag boxes on a short terminal, so the list keeps its rows."""
        compact = self.size.height < COMPACT_BELOW
        self.query_one("#search", Input).compact = compact
        self.query_one("#tag-filter", Select).compact = compact

    # ---- filtering -----------------------------------------------------

    @property
    def search(self) -> str:
        return self.query_one("#search", Input).value

    @property
    def tag(self) -> str | None:
        value = self.query_one("#tag-filter", Select).value
        return value if isinstance(value, str) else None

    @on(Input.Changed, "#search")
    @on(Select.Changed, "#tag-filter")
    def _filters_changed(self) -> None:
        self._refilter()

    def _refilter(self) -> None:
        """Narrow the list. With hundreds of workouts most keys leave the matches as they were:
        then nothing is redrawn; otherwise the list takes the new rows (drawing only those on screen)."""
        search, tag = self.search, self.tag
        shown = [index for index, entry in enumerate(self.entries) if matches(entry, search, tag)]
        if shown == self._shown_at:
            return
        self._shown_at = shown
        self.shown = [self.entries[index] for index in shown]
        self.query_one(WorkoutList).show(shown)
        if self.shown:
            self._show(self.shown[0])
        else:
            self._showing = None
            self.query_one(PlanView).show_nothing("No workout matches.")

    def _prompt(self, index: int) -> Text:
        return entry_prompt(self.entries[index])

    # ---- the live preview ----------------------------------------------

    @property
    def highlighted(self) -> PickerEntry | None:
        index = self.query_one(WorkoutList).highlighted
        if index is None or not 0 <= index < len(self.shown):
            return None
        return self.shown[index]

    @on(WorkoutList.Highlighted, "#workout-list")
    def _highlight_changed(self) -> None:
        entry = self.highlighted
        if entry is not None:
            self._show(entry)

    def _show(self, entry: PickerEntry) -> None:
        if entry is self._showing:
            return  # a refilter that kept it first, or its highlight event after the refilter
        self._showing = entry
        view = self.query_one(PlanView)
        workout = entry.workout
        if workout is None:
            view.show_nothing(entry.name)
            view.show_problems(entry.error or "This workout does not load.")
            return
        choice = initial_choice(workout, None, None)
        view.show_workout(workout, choice, keys=False)
        try:
            plan = self._planner(workout, choice.where, choice.reps)
        except WorkoutError as error:
            view.show_problems(error.problems)
            return
        view.show_plan(plan, self._units)

    # ---- keys ----------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.query_one(WorkoutList).action_move(step)

    @on(Input.Submitted, "#search")
    @on(WorkoutList.Selected, "#workout-list")
    def action_open(self) -> None:
        entry = self.highlighted
        if entry is None:
            return
        if entry.workout is None:
            self.notify(entry.error or "This workout does not load.", severity="error", timeout=6)
            return
        self.app.push_screen(self._preview(entry.workout))

    def action_leave(self) -> None:
        self.app.exit()
