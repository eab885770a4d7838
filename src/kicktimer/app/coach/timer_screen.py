"""The timer in coach mode: the same big clock for the group, with the athletes' board under it.

Everything the solo timer shows stays (the step, the rep, the clock, the
target split, the cue, what comes next, the progress bar); the board goes
between the clock and the rest. The keys change meaning only where they
must: each athlete's key takes their split, `u` undoes the last split, and
space closes the rep for everyone still out (DNF). `h` switches to a
high-contrast theme (black on white, bold) for a laptop in the sun.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap, BindingType

from kicktimer.app.coach.athlete_board import AthleteBoard, AthleteRowsScroll
from kicktimer.app.coach.display import keys_summary
from kicktimer.app.consumers import RunEffect, RunSnapshot
from kicktimer.app.screens.timer import LAP_REFUSED, RUN_BINDINGS, RunControls, TimerColumn, TimerScreen
from kicktimer.core.coach.session import UNDO_KEY, Athlete, BoardEffect
from kicktimer.core.segments import Plan

ROOMY_ROW_HEIGHT = 3
ROOM_FOR_THE_REST = 17
"""Rows the rest of the screen needs (heading, a clock still big, split row, board heading,
target, cue, next, progress, footer) before the board's rows may be three lines tall."""


CoachControls = RunControls
"""What the coach's keys ask of the app: the timer's, with `press_key` for the athletes' keys."""


# The run's keys, with space relabelled (it closes the rep for everyone still
# out) and the coach's own in front, since the footer cuts from the right.
COACH_BINDINGS: list[BindingType] = [
    Binding(UNDO_KEY, "undo", "Undo"),
    Binding("space", "lap", "Close rep"),
    LAP_REFUSED,
    *RUN_BINDINGS,
    Binding("h", "contrast", "Contrast"),
]


ATHLETE_KEYS_IN_FOOTER_FROM = 90
"""Narrower than this, the footer leaves out `1–6 Athletes` (the board's Key column names each
athlete's key) so that every other key fits: at 80 columns it ran to `m Mute h Cont`."""


def athlete_bindings(athletes: Sequence[Athlete], *, summary: bool = True) -> list[Binding]:
    """One binding per athlete key; only the first shows in the footer (with `summary`),
    summarising them all."""
    keys = [athlete.key for athlete in athletes]
    return [
        Binding(
            key,
            f"athlete('{key}')",
            "Athletes" if n == 0 else "",
            show=summary and n == 0,
            key_display=keys_summary(keys) if n == 0 else None,
        )
        for n, key in enumerate(keys)
    ]


class CoachTimerScreen(TimerScreen, inherit_bindings=False):
    """The group's clock and the board; athlete keys take splits."""

    # the timer's stylesheet, then the board's
    CSS_PATH: ClassVar[list[str]] = ["../screens/timer.tcss", "coach_timer.tcss"]  # type: ignore[assignment]
    BINDINGS: ClassVar[list[BindingType]] = COACH_BINDINGS
    COMPACT_FOOTER_BELOW: ClassVar[int] = 110  # the athlete, undo and contrast keys make it wider

    def __init__(
        self,
        controls: CoachControls,
        *,
        athletes: Sequence[Athlete],
        plan: Plan,
        units: str,
        muted: bool = False,
        high_contrast: bool = False,
    ) -> None:
        super().__init__(controls, plan=plan, units=units, muted=muted)
        self._coach = controls
        self._athletes = tuple(athletes)
        self._news: list[BoardEffect] = []
        self.board = AthleteBoard(self._athletes, id="board")
        # the athlete keys depend on the roster, so this screen's bindings are built per instance
        self._keys_summary = True
        self._bindings = BindingsMap([*athlete_bindings(self._athletes), *COACH_BINDINGS])
        self.set_class(True, "-coach")
        self.set_class(high_contrast, "-high-contrast")

    def compose_board(self) -> ComposeResult:
        yield self.board

    def on_resize(self) -> None:
        needed = ROOMY_ROW_HEIGHT * len(self._athletes) + ROOM_FOR_THE_REST
        roomy = self.size.height >= needed
        self.set_class(roomy, "-roomy-board")
        self.board.set_room(roomy=roomy, width=self.size.width)
        summary = self.size.width >= ATHLETE_KEYS_IN_FOOTER_FROM
        if summary != self._keys_summary:
            self._keys_summary = summary
            athletes = athlete_bindings(self._athletes, summary=summary)
            self._bindings = BindingsMap([*athletes, *COACH_BINDINGS])
            self.refresh_bindings()

    @on(TimerColumn.Resized)
    @on(AthleteRowsScroll.Resized)
    def _fit_rows(self) -> None:
        """Scroll the rows (`-crowded-board`: a small clock, the rows take what room is left)
        exactly when the timer laid out with every row shown would not fit, whatever the
        terminal size, the athletes' count, the row height and the lines around the board.

        Asked whenever the timer's column or the rows' window changes size (the terminal,
        a notice or the devices line coming and going), and worked out from the one layout
        it sees, crowded or not, so a message from the layout before a change gives the
        same answer as the layout after it.
        """
        timer = self.query_one("#timer")
        clock = self.query_one("#clock")
        smallest_clock = clock.styles.min_height
        clock_min = int(smallest_clock.value) if smallest_clock is not None else 1
        room = timer.size.height
        # the content, with the clock at its smallest and the rows' window as tall as the rows
        needed = (
            timer.virtual_size.height
            - clock.outer_size.height
            + clock_min
            - self.board.window_height
            + self.board.rows_height
        )
        self.set_class(needed > room, "-crowded-board")

    @property
    def high_contrast(self) -> bool:
        return self.has_class("-high-contrast")

    def note_effects(self, effects: Sequence[RunEffect]) -> None:
        """Keep what the board did (splits taken, presses ignored...) for its next redraw."""
        self._news.extend(effect for effect in effects if isinstance(effect, BoardEffect))

    def show(self, snapshot: RunSnapshot) -> None:
        """The solo timer's view, then the board at the same moment."""
        super().show(snapshot)
        if self.board.is_mounted:
            news, self._news = self._news, []
            self.board.show(snapshot.athletes, news)

    # ---- keys ----------------------------------------------------------

    def action_athlete(self, key: str) -> None:
        self._coach.press_key(key)

    def action_undo(self) -> None:
        self._coach.press_key(UNDO_KEY)

    def action_contrast(self) -> None:
        """No toast: the whole screen changes, and a toast would cover athlete rows."""
        self.toggle_class("-high-contrast")
