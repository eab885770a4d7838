"""The kick app: picker → preview → timer → finish.

The app opens on the picker or one workout's preview (the first screen on
the stack) and, when Enter starts a workout, hands the run to a
`RunControl`: the session, the timer screen and the one scheduled wake-up.
That module and the engine behind it are imported then, not before the
first frame, so `kick` opens quickly.

`wake()` is public: with a `FakeClock`, a test moves time with
`clock.advance(s)` and then calls `app.wake()`, exactly what the real
clock's wake-up does.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, ClassVar

from textual.app import App
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from kicktimer.app import key_names
from kicktimer.app.services import RunOutcome, Services
from kicktimer.core.segments import Plan

if TYPE_CHECKING:
    from textual.driver import Driver

    from kicktimer.app.picking import PickerEntry
    from kicktimer.app.run_control import RunControl
    from kicktimer.app.screens.preview import PreviewScreen
    from kicktimer.app.session import RunSession
    from kicktimer.workout.model import Environment, Workout


@dataclass(frozen=True)
class PickFrom:
    """Open the picker over these workouts."""

    entries: tuple[PickerEntry, ...]


@dataclass(frozen=True)
class PreviewOne:
    """Open the preview of one workout (`kick run WORKOUT`)."""

    workout: Workout
    where: Environment | None = None
    reps: int | Sequence[int] | None = None


@dataclass(frozen=True)
class RunNow:
    """Go straight to the timer with a compiled plan (benchmarks, tests)."""

    plan: Plan
    workout_yaml: str = ""


Opening = PickFrom | PreviewOne | RunNow

HANGUP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)
"""What ends `kick` from outside: it writes what the run still holds, then exits (see `_end_on_hangup`)."""


def _terminal_driver() -> type[Driver] | None:
    """The driver that survives its terminal going away, where Textual's is the Linux one."""
    if sys.platform == "win32":
        return None
    from kicktimer.app.terminal_driver import HangUpAwareDriver

    return HangUpAwareDriver


def _stylesheets(opening: Opening) -> list[str | PurePath]:
    """The app's stylesheets for this opening: the picker's only when the picker is shown."""
    picker = isinstance(opening, PickFrom)
    return [path for path in KickApp.CSS_PATH if picker or path != "screens/picker.tcss"]


def _collect_start_garbage() -> None:
    """One full collection once the timer is drawn, its survivors frozen out of later passes.

    What the preview's removed widgets held (the plan table's rows, rendered
    lines and caches) was built before the first frame and so frozen with
    start-up's objects (`KickApp.on_ready`): frozen, its reference cycles
    would never be collected. It is unfrozen with the rest and collected with
    what the run's start left in cycles, so the count reuses that memory
    instead of new pools. What survives lives as long as
    the run, so it is frozen again, which keeps later passes short. Only
    where start-up froze (`kick run`, which starts with the collector off):
    a process that did not (tests, other programs) keeps its own policy.
    """
    if gc.get_freeze_count() == 0:
        return
    gc.unfreeze()
    gc.collect()
    gc.freeze()


class KickApp(App[RunOutcome | None]):
    """The terminal timer. Build it with `kicktimer.app.factory.make_app`."""

    # The opening screens' styles load with the app's: a screen with its own
    # CSS_PATH makes Textual reparse every stylesheet when it is first shown,
    # and the second parse stayed in memory for the whole run (0.5 MiB of peak
    # RSS, bench/timer_cpu.py). The picker's are parsed only when `kick` opens
    # on the picker (`_stylesheets`): `kick run W` never shows it. The timer's
    # are added when a run starts (screens/timer.py, load_timer_styles),
    # parsing that file alone.
    CSS_PATH: ClassVar[list[str]] = [  # type: ignore[assignment]
        "kick.tcss",
        "screens/preview.tcss",
        "screens/picker.tcss",
    ]
    ENABLE_COMMAND_PALETTE = False
    TITLE = "kick"

    def __init__(self, services: Services, opening: Opening) -> None:
        super().__init__(driver_class=_terminal_driver(), css_path=_stylesheets(opening))
        key_names.install()
        self.services = services
        self._opening = opening
        self._run: RunControl | None = None
        self._hung_up = False

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Show a notice exactly as written: notices are never read as markup.

        They carry paths, file names and error messages from outside, and a
        `[/]` in one would crash the toast (`[audio]` in an install hint would
        vanish). `Widget.notify` passes `markup=True` by default, so the flag
        is not honoured here: the program writes no markup in notices.
        """
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def get_key_display(self, binding: Binding) -> str:
        """The footer's key text as Textual writes it, without a search of Unicode's names (key_names.py)."""
        if binding.key_display is None:
            modifiers, key = binding.parse_key()
            shown = None if modifiers else key_names.key_display(key)
            if shown is not None:
                return shown
        return super().get_key_display(binding)

    def get_default_screen(self) -> Screen[None]:
        """The opening screen is the first on the stack, not pushed over a blank one.

        Pushing a screen costs a second layout and, for a screen with its own
        .tcss, a reparse of every stylesheet; the opening screens' styles are
        in the app's CSS_PATH instead, so the first frame comes sooner.
        """
        opening = self._opening
        if isinstance(opening, RunNow):
            return Screen(id="_default")
        planner = self.services.planner
        if planner is None:
            raise ValueError("the picker and the preview need a planner")
        if isinstance(opening, PreviewOne):
            return self.preview_screen(opening.workout, opening.where, opening.reps, leave_exits=True)
        from kicktimer.app.screens.picker import PickerScreen

        return PickerScreen(
            opening.entries, planner=planner, units=self.services.units, preview=self.preview_screen
        )

    def preview_screen(
        self,
        workout: Workout,
        where: Environment | None = None,
        reps: int | Sequence[int] | None = None,
        *,
        leave_exits: bool = False,
    ) -> PreviewScreen:
        """A workout's preview, whether `kick run WORKOUT` opens it or the picker does.

        One place makes it, so both show the same things: the plan as the
        run mode compiles it, the coach's roster, the board's address and
        the devices line (what is connected, whether the belt can be set).
        """
        from kicktimer.app.screens.preview import PreviewScreen

        planner = self.services.planner
        if planner is None:
            raise ValueError("the preview needs a planner")
        mode = self.services.mode
        board = self.services.board
        return PreviewScreen(
            workout,
            planner=mode.planner(planner),
            start=self.start_run,
            units=self.services.units,
            where=where,
            reps=reps,
            leave_exits=leave_exits,
            roster=mode.roster_line(),
            board_url=None if board is None else board.url,
            board_qr=() if board is None else board.qr,
            devices=self.services.devices,
        )

    async def on_mount(self) -> None:
        for notice in self.services.notices:  # the user's own file's words: never markup
            self.notify(notice, severity="warning", markup=False)
        self._end_on_hangup()
        opening = self._opening
        await self._start_board()
        if isinstance(opening, RunNow):
            await self.start_run(opening.plan, opening.workout_yaml)

    async def _start_board(self) -> None:
        """`--board`: serve the page on this loop from the first frame, waiting for Enter."""
        board = self.services.board
        if board is None:
            return
        from kicktimer.app.board.state import waiting_state

        opening = self._opening
        workout = ""
        if isinstance(opening, RunNow):
            workout = opening.plan.name
        elif isinstance(opening, PreviewOne):
            workout = opening.workout.name
        await board.start(waiting_state(workout, None, ()))

    async def on_unmount(self) -> None:
        """While the loop still runs: stop the board's server, so every page's stream ends cleanly,
        and give the belt its finish (walk or stop) before the devices are let go. A run left
        mid-workout first lets its consumers go, so laps waiting for a frame are written."""
        if self._run is not None:
            self._run.let_go()
        if self.services.board is not None:
            await self.services.board.close()
        if self.services.devices is not None:
            await self.services.devices.close()

    def _end_on_hangup(self) -> None:
        """SIGTERM (kill, logout, shutdown) and SIGHUP (the terminal window closed) end the app, laps first.

        Left to Python's default, either signal ends the process on the spot:
        a lap whose step has ended but whose write still waits for its frame
        (or for the wake-up a busy machine has not run yet) would be lost.
        Handled on the loop, the run is first brought up to the clock's now,
        its waiting writes go out, and then the app exits as it would on
        ctrl+q with status 128 + the signal's number; the session, left
        running by a process that is gone, reads `interrupted`. Not under
        `run_test` (headless): a test's process keeps its own handlers.
        """
        if self.is_headless:
            return
        loop = asyncio.get_running_loop()
        for number in HANGUP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._hang_up, number)

    def on_terminal_gone(self) -> None:
        """The terminal stopped taking output (app/terminal_driver.py): end as on SIGHUP, laps first.

        Closing the window sends SIGHUP too, but not to a program that is
        not in the terminal's foreground, and Textual could block before
        handling it: the failed write is the sign that always comes.
        """
        self._hang_up(signal.SIGHUP)

    def _hang_up(self, number: int) -> None:
        if self._hung_up:
            return
        self._hung_up = True
        run = self._run
        try:
            if run is not None:
                run.wake()  # a step that ended before the signal is a lap, even if its wake-up has not run
        finally:
            if run is not None:
                run.let_go()
            self.exit(return_code=128 + number)

    @property
    def board_url(self) -> str | None:
        """The browser board's address (`--board`), for the screens to show."""
        return None if self.services.board is None else self.services.board.url

    def on_ready(self) -> None:
        """The first frame is on screen: the garbage collector runs again if start-up had it off.

        `kick run` turns it off to reach this frame sooner. What start-up built
        lives as long as the app, so it is frozen out of the collector's
        passes (gc.freeze), which also keeps each later pass short while a
        workout runs. The garbage start-up left is collected first: frozen,
        it would be kept for good (a third of a MiB of peak RSS).
        """
        if not gc.isenabled():
            gc.collect()
            gc.freeze()
            gc.enable()

    # ---- the run ------------------------------------------------------

    async def start_run(self, plan: Plan, workout_yaml: str) -> None:
        """Show the timer and start the engine (the lead-in begins now).

        The screens below the timer (the preview, the picker) are never shown
        again: a run ends on the finish screen or by leaving. Their widgets
        are removed once the timer is up, not kept for the whole run, and
        after the timer's first frame one full collection frees what the
        preview and the start left in cycles (`_collect_start_garbage`).
        """
        from kicktimer.app.run_control import RunControl

        below = self.screen_stack
        self._run = RunControl(self, self.services)
        await self._run.start(plan, workout_yaml)
        self.call_next(self._empty_screens, below)

    async def _empty_screens(self, screens: list[Screen[object]]) -> None:
        """Remove the widgets of screens a run has covered for good; then collect once after a frame.

        Called through the app's queue, after the handler that started the
        run (the preview's Enter) has returned, so no widget being removed
        is still handling a message. Each widget is refreshed first, which
        drops the lines it drew: a removed widget stays referenced by the
        layout of the screen it left (Textual does not lay out a screen that
        is not shown), and its lines with it (0.2 MiB of the preview's).
        """
        for screen in screens:
            for widget in screen.walk_children():
                widget.refresh()
            await screen.remove_children()
        self.call_after_refresh(_collect_start_garbage)

    @property
    def session(self) -> RunSession | None:
        """The workout being run (None on the picker and the preview)."""
        return None if self._run is None else self._run.session

    def wake(self) -> None:
        """Bring the run up to the clock's now: tick the engine, redraw, schedule the next wake-up.

        The real clock calls this at the scheduled moment; tests with a
        `FakeClock` call it after `clock.advance(...)`.
        """
        if self._run is not None:
            self._run.wake()

    @property
    def next_wake_at(self) -> float | None:
        """When the app has asked to be woken next (None: nothing visible will change)."""
        return None if self._run is None else self._run.next_wake_at

    async def action_quit(self) -> None:
        """Ctrl+Q: during a run, ask first (like q); otherwise leave."""
        if self._run is not None and not self._run.is_over:
            self._run.request_quit()
            return
        self.exit(None if self._run is None else self._run.outcome())
