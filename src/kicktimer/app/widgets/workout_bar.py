"""A bar for the whole workout that only redraws when told to.

Textual's `ProgressBar` runs a one-second interval of its own (for its ETA)
and animates at 15 Hz until it has a value; the timer must not wake for
anything but a change the runner can see, so this bar is a plain render of
a fraction.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from textual.app import RenderResult
from textual.reactive import reactive
from textual.renderables.bar import Bar
from textual.widget import Widget


class WorkoutBar(Widget, can_focus=False):
    """The share of the workout done, 0..1, as a thin bar."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"workout-bar--done", "workout-bar--todo"}

    fraction: reactive[float] = reactive(0.0)

    def render(self) -> RenderResult:
        done = self.get_component_rich_style("workout-bar--done")
        todo = self.get_component_rich_style("workout-bar--todo")
        width = self.size.width
        return Bar(
            highlight_range=(0, width * min(1.0, max(0.0, self.fraction))),
            highlight_style=Style.from_color(done.color),
            background_style=Style.from_color(todo.color),
            width=width,
        )
