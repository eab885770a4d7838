"""A screen's breakpoint classes for the terminal's size, set before its first frame.

Textual sets a screen's breakpoint classes (`-wide`, `-tall`) when a Resize
event reaches it, and the first one reaches the first screen only after its
first frame: `kick run` drew its preview once in the narrow, short layout,
then restyled every widget and drew it again (6 ms of CPU at start-up, and a
frame of the wrong layout on screen). The classes are the ones Textual's
`Screen._on_resize` gives: for each direction, the class of the largest
breakpoint the size reaches.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen


def apply_breakpoints(screen: Screen) -> None:  # type: ignore[type-arg]
    """Set `screen`'s breakpoint classes for the app's size now (a later resize sets them again)."""
    width, height = screen.app.size
    classes: dict[str, bool] = {}
    horizontal, vertical = screen.HORIZONTAL_BREAKPOINTS, screen.VERTICAL_BREAKPOINTS
    for extent, breakpoints in (
        (width, (screen.app.HORIZONTAL_BREAKPOINTS if horizontal is None else horizontal) or []),
        (height, (screen.app.VERTICAL_BREAKPOINTS if vertical is None else vertical) or []),
    ):
        reached = [name for at, name in sorted(breakpoints, reverse=True) if extent >= at]
        for _, name in breakpoints:
            classes[name] = bool(reached) and name == reached[0]
    screen.update_classes(classes, animate=False)
