"""The key footer, rebuilt only when the keys it shows change, once for a burst of changes.

Textual's `Footer` rebuilds all its keys (a dozen widgets, each styled and
laid out) after every `bindings_updated` of its screen, queues one rebuild
per change, and rebuilds even when the keys shown are the same. A screen
coming up changes its bindings several times before its first idle moment
(focus moves to its table, the screen checks what can start, the screen is
resumed), and Textual refreshes them again after each focus change: `kick
run`'s preview rebuilt its footer four times after its first frame, 27 of
the 75 ms the app spent between its first frame and the Escape key in
`bench/startup.py` (the bare app: 12 ms). The timer asks again at each
change of state. What the footer shows is read from the screen's bindings
when the rebuild runs, so one rebuild after the last change shows the same
footer as four, and none is needed when they read as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer as TextualFooter

if TYPE_CHECKING:
    from textual.binding import Binding
    from textual.screen import Screen

    Shown = tuple[bool, bool, bool, tuple[tuple[str, Binding, bool, str], ...]]


class Footer(TextualFooter):
    """Textual's footer, whose rebuild is queued at most once and skipped when nothing it shows changed."""

    _rebuild_queued = False
    _shown: Shown | None = None

    def bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        if self._rebuild_queued:
            return
        super().bindings_changed(screen)
        # What Textual's footer checks before it queues its rebuild (`recompose`).
        self._rebuild_queued = screen.app.app_focus and self.is_attached and screen is self.screen

    async def recompose(self) -> None:
        self._rebuild_queued = False
        if not self.is_attached:
            return  # as Textual's own recompose: a footer whose screen has gone shows nothing
        shown = self._shown_now()
        if shown == self._shown:
            return
        self._shown = shown
        await super().recompose()

    def _shown_now(self) -> Shown:
        """Everything the footer's keys are made from: the screen's active bindings and its own settings."""
        active = self.screen.active_bindings
        keys = tuple((key, found.binding, found.enabled, found.tooltip) for key, found in active.items())
        return (self.compact, self.show_command_palette, self.combine_groups, keys)
