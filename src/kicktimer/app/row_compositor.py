"""A compositor that renders, for a partial update, only the screen rows that update.

Each second the timer changes the big clock's rows near the top of the
screen and the progress line at the bottom, in one frame. Textual's
compositor crops a partial update to the rectangle around every changed
region, so it rendered each widget that rectangle touched, top to bottom and
whole (the target, the cue, "Next:", the column and the screen itself, whose
24 lines all went through their line filters), only to send the terminal the
changed rows. Here a widget is rendered on the rows that are sent and no
others; rows it does not share with the update cost nothing. The frame and
the bytes it writes are the same.

It relies on two of Textual's private methods (`Compositor._render_chops`,
which hands `_get_renders` the rows it keeps, and `_get_renders` itself),
pinned with Textual in constraints.txt; tests/test_row_compositor.py draws
the timer both ways and compares the screens. A Textual whose two methods
take other arguments (the range in pyproject.toml admits releases after the
pinned one) gets its own compositor back from `timer_compositor`: the timer
draws the same, at Textual's cost.
"""

from __future__ import annotations

import inspect
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

_EXPECTED = {"_render_chops": ["self", "crop", "is_rendered_line"], "_get_renders": ["self", "crop"]}
"""The parameters of the two private methods of Textual's compositor that RowCompositor overrides."""


def timer_compositor() -> Compositor:
    """A RowCompositor where Textual's compositor has the methods it overrides, as written; else Textual's."""
    for name, parameters in _EXPECTED.items():
        method = getattr(Compositor, name, None)
        try:
            found = list(inspect.signature(method).parameters) if callable(method) else None
        except (TypeError, ValueError):
            found = None
        if found != parameters:
            return Compositor()
    return RowCompositor()


class RowCompositor(Compositor):
    """Textual's compositor, rendering each widget only on the rows a partial update sends."""

    _is_rendered_line: Callable[[int], bool] | None = None

    def _render_chops(
        self, crop: Region, is_rendered_line: Callable[[int], bool]
    ) -> Sequence[Mapping[int, Strip]]:
        self._is_rendered_line = is_rendered_line
        try:
            return super()._render_chops(crop, is_rendered_line)
        finally:
            self._is_rendered_line = None

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        is_rendered_line = self._is_rendered_line
        if crop is None or is_rendered_line is None:
            return super()._get_renders(crop)
        rows = [y for y in crop.line_range if is_rendered_line(y)]
        if len(rows) == crop.height:  # a full update, or one solid block of rows
            return super()._get_renders(crop)
        return self._renders_on(crop, rows)

    def _renders_on(self, crop: Region, rows: list[int]) -> Iterable[tuple[Region, Region, list[Strip]]]:
        """Each visible widget crossing `crop`'s columns and one of `rows` (ascending), rendered from
        its first such row to its last.

        The part keeps the widget's full visible width: `_render_chops` cuts a
        line at the widget's own edges, so a part starts where the widget's
        visible region starts. Rows between the first and the last that are
        not sent come from the widget's cache of lines and are skipped.
        """
        crop_x, crop_end = crop.x, crop.right
        for widget, (region, clip) in self.visible_widgets.items():
            x, y, width, height = region.intersection(clip)
            if not (width and height) or x >= crop_end or x + width <= crop_x:
                continue
            first = bisect_left(rows, y)
            last = bisect_left(rows, y + height) - 1
            if first > last:
                continue
            top, under = rows[first], rows[last] + 1
            yield (
                region,
                Region(x, top, width, under - top),
                widget.render_lines(Region(x - region.x, top - region.y, width, under - top)),
            )
