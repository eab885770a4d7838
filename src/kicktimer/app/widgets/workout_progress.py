"""The whole workout at a glance: time done, a bar, time left, in one line.

One widget rather than two labels and a bar, because it changes every
second and each widget that changes costs a redraw. Textual's `ProgressBar`
is not used: it runs a one-second interval of its own (for its ETA) and
animates at 15 Hz until it has a value, and the timer must not wake for
anything but a change the runner can see.

Its one line is drawn through Textual's line API (`render_line`) as a
ready strip of three segments: handed a Rich `Text` each second, Textual
turned it into its own content and then into strips, which cost more than
the rest of the timer's frame.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from kicktimer.app.display import clock_text

SHOW_ELAPSED_FROM = 50
"""Narrower than this, the line leaves out the time done (the bar and the time left stay)."""


class WorkoutProgress(Widget, can_focus=False):
    """`12:34 ━━━━━━╺━━━━━━━━ 23:10 left` (or `3 laps left`); redrawn only when a part would change."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"workout-progress--done", "workout-progress--todo"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._elapsed = 0
        self._left = 0
        self._open_ahead = 0
        self._fraction = 0.0

    def show(self, elapsed_s: int, left_s: int, fraction: float, *, open_ahead: int = 0) -> None:
        """Whole seconds done and left, and the share done (0..1).

        `open_ahead`: how many steps of unknown length are still to come (open
        steps, laps with no target pace), so the time left is "at least" and
        reads `2:00+ left`; with no known time left it is those steps that are
        left, `3 laps left` (each waits for the lap key), never `0:00+ left`.
        """
        fraction = min(1.0, max(0.0, fraction))
        half_cells = max(1, self.size.width) * 2
        if (elapsed_s, left_s, open_ahead, round(fraction * half_cells)) == (
            self._elapsed,
            self._left,
            self._open_ahead,
            round(self._fraction * half_cells),
        ):
            return
        self._elapsed, self._left, self._open_ahead, self._fraction = elapsed_s, left_s, open_ahead, fraction
        self.refresh()

    @property
    def fraction(self) -> float:
        """The share of the workout the bar shows done (0..1)."""
        return self._fraction

    @property
    def text(self) -> str:
        """The figures as words, for tests and screen readers."""
        return f"{clock_text(self._elapsed)} done, {self._left_text()}"

    def render_line(self, y: int) -> Strip:
        """`12:34 ━━━━━━╺━━━━ 23:10 left` in the widget's own style, the bar in its two colours."""
        width = self.size.width
        if y != 0 or width <= 0:
            return Strip.blank(width, self.visual_style.rich_style)
        base = self.visual_style.rich_style  # kept by Textual until the styles change, unlike `rich_style`
        done = base + Style(color=self.get_visual_style("workout-progress--done").rich_style.color)
        todo = base + Style(color=self.get_visual_style("workout-progress--todo").rich_style.color)
        head = f"{clock_text(self._elapsed)} " if width >= SHOW_ELAPSED_FROM else ""
        tail = f" {self._left_text()}"
        bar_width = max(1, width - len(head) - len(tail))
        half_cells = round(self._fraction * bar_width * 2)
        full, half = divmod(half_cells, 2)
        segments = [
            Segment(head, base),
            Segment("━" * full + ("╸" if half else ""), done),
            Segment("━" * (bar_width - full - half), todo),
            Segment(tail, base),
        ]
        # Every character here is one cell (digits, "left", "━╸"): giving the strip its length spares
        # Rich's `cell_len` cache a new entry (the line's texts) each second, kept for good
        cells = len(head) + bar_width + len(tail)
        return Strip([segment for segment in segments if segment.text], cells).crop(0, width)

    def _left_text(self) -> str:
        if self._open_ahead and not self._left:
            return f"{self._open_ahead} lap{'s' if self._open_ahead != 1 else ''} left"
        return f"{clock_text(self._left)}{'+' if self._open_ahead else ''} left"
