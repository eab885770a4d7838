"""The preview: the plan as it will run, with the last choices before Enter starts it.

←/→ set the rep count of a ranged repeat (`8-12`; with several, `r` moves
to the next), `w` cycles the
environment of an `any` workout with distance steps. Every change compiles
the plan again, so the table and totals are always what Enter will run; a
plan that cannot compile (a treadmill distance with no pace, a pace the
profile cannot supply) shows its problems and Enter refuses.

In coach mode a line above the footer shows who is on which key, so the
roster can be checked before the first rep. With `--board`, the board's URL
is above the footer and its QR code beside the plan (on a terminal wide and
tall enough; `c` shows it full size on any terminal), so a tablet opens it
by camera.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from kicktimer.app.picking import (
    Planner,
    RunChoice,
    initial_choice,
    rep_ranges,
)
from kicktimer.app.screens.breakpoints import apply_breakpoints
from kicktimer.app.widgets.footer import Footer
from kicktimer.app.widgets.plan_view import PlanView
from kicktimer.core.segments import Plan
from kicktimer.errors import WorkoutError
from kicktimer.workout.model import Environment, Workout

if TYPE_CHECKING:
    from kicktimer.app.devices_hub import DeviceHub

StartRun = Callable[[Plan, str], Awaitable[None]]


class PreviewScreen(Screen[None]):
    """One workout's plan, its choices, and Enter to start."""

    # Textual declares this as a plain attribute; it is never mutated.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]  # noqa: RUF012
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start", priority=True),
        Binding("enter", "cannot_start", show=False, priority=True),
        Binding("right", "reps(1)", "More reps", priority=True),
        Binding("left", "reps(-1)", "Fewer reps", priority=True),
        Binding("r", "next_range", "Next range"),
        Binding("w", "where", "Where"),
        Binding("c", "board_qr", "QR code"),
        Binding("escape,q", "leave", "Back"),
    ]

    def __init__(
        self,
        workout: Workout,
        *,
        planner: Planner,
        start: StartRun,
        units: str,
        where: Environment | None = None,
        reps: int | Sequence[int] | None = None,
        leave_exits: bool = False,
        roster: str | None = None,
        board_url: str | None = None,
        board_qr: Sequence[str] = (),
        devices: DeviceHub | None = None,
    ) -> None:
        super().__init__()
        self.roster = roster
        self.board_url = board_url
        self.board_qr = tuple(board_qr)
        self._devices = devices
        self.workout = workout
        self.choice: RunChoice = initial_choice(workout, where, reps)
        self.plan: Plan | None = None
        self._planner = planner
        self._start = start
        self._units = units
        self._leave_exits = leave_exits

    def compose(self) -> ComposeResult:
        apply_breakpoints(self)
        if self.board_qr:
            yield Static("\n".join(self.board_qr), id="preview-qr", markup=False)
        yield PlanView(id="preview")
        if self.roster is not None:
            yield Static(self.roster, id="preview-athletes", markup=False)
        if self.board_url is not None:
            yield Static(f"Board: {self.board_url}", id="preview-board-url", markup=False)
        if self._devices is not None:
            yield Static(id="preview-devices", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self._devices is not None:
            self._devices.on_change = self._show_devices
            self._devices.start()
            self._show_devices()
        self._recompile()
        self.query_one(PlanView).query_one("#plan-table").focus()

    def _recompile(self) -> None:
        view = self.query_one(PlanView)
        view.show_workout(self.workout, self.choice)
        try:
            self.plan = self._planner(self.workout, self.choice.where, self.choice.reps)
        except WorkoutError as error:
            self.plan = None
            view.show_problems(error.problems)
        else:
            view.show_plan(self.plan, self._units)
        self.refresh_bindings()  # ⏎ Start only while there is a plan to start

    def _show_devices(self) -> None:
        """What is connected and whether kicktimer can set the belt; redrawn when a device changes."""
        if self._devices is not None and self.is_mounted:
            self.query_one("#preview-devices", Static).update(self._devices.preview_line())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide ←/→ and w from the footer when the workout offers no such choice, and ⏎ Start
        when the plan cannot run (Enter then says why instead)."""
        if action == "start":
            return self.plan is not None
        if action == "cannot_start":
            return self.plan is None
        if action == "reps":
            return bool(rep_ranges(self.workout))
        if action == "next_range":
            return len(rep_ranges(self.workout)) > 1
        if action == "where":
            return self.workout.needs_a_place()
        if action == "board_qr":
            return bool(self.board_qr)
        return True

    def action_board_qr(self) -> None:
        """The board's QR code full size (`--board`), for a terminal too small to show it beside the plan."""
        from kicktimer.app.screens.board_qr import BoardQrScreen

        self.app.push_screen(BoardQrScreen(self.board_url or "", self.board_qr))

    def action_reps(self, step: int) -> None:
        choice = self.choice.with_reps(self.workout, step)
        if choice != self.choice:
            self.choice = choice
            self._recompile()

    def action_next_range(self) -> None:
        choice = self.choice.with_next_range(self.workout)
        if choice != self.choice:
            self.choice = choice
            self._recompile()

    def action_where(self) -> None:
        choice = self.choice.with_next_place(self.workout)
        if choice != self.choice:
            self.choice = choice
            self._recompile()

    async def action_start(self) -> None:
        if self.plan is None:
            self.action_cannot_start()
            return
        await self._start(self.plan, self.workout.text)

    def action_cannot_start(self) -> None:
        self.notify("This plan can't run yet: fix the problems shown.", severity="error", timeout=4)

    def action_leave(self) -> None:
        if self._leave_exits:
            self.app.exit()
        else:
            self.dismiss()
