"""What the app is given from outside, and what it hands back when it closes.

Kept apart from the app class so that both the app and the run it drives
(`run_control`) can name them without importing each other. The run's
seams are here too:

- `RunMode`: solo or coach, the one interface a mode implements, chosen once
  in the factory (`kicktimer.app.solo_mode.SoloMode`,
  `kicktimer.app.coach.mode.CoachMode`). The shared shell (the app, the run
  control, the session, the preview and finish screens) asks the mode and
  never checks which one it has. Each run it starts is a `ModeRun`.
- `ConsumerFactory`: builds one of a run's consumers (`kicktimer.app.consumers`)
  from the `RunContext`; the factory's `CONSUMERS` lists them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from rich.console import RenderableType

from kicktimer.app.clock import Clock
from kicktimer.core.segments import Plan

if TYPE_CHECKING:
    from textual.widget import Widget

    from kicktimer.app.consumers import RunConsumer
    from kicktimer.app.devices_hub import DeviceHub
    from kicktimer.app.picking import Planner
    from kicktimer.app.screens.timer import RunControls, TimerScreen
    from kicktimer.app.session import RunSession, SessionLog
    from kicktimer.ports import AudioOut, HistoryStore

ReportFor = Callable[[int | None, "SessionLog", Plan], RenderableType | None]
"""Builds the kick report for a finished session (session id, what was run, the plan)."""

ExportOffer = Callable[[int | None], Callable[[], str] | None]
"""For a session the history could not keep: a function that saves it to a file and says where."""


class ModeRun(Protocol):
    """One run in one mode: what the shared shell drives and shows."""

    @property
    def session(self) -> RunSession: ...

    @property
    def timer(self) -> TimerScreen: ...

    @property
    def results_on_abort(self) -> bool:
        """Whether stopping early shows the finish screen (a coach wants the results so far)."""
        ...

    def history_writer(
        self, store: HistoryStore, after_frame: Callable[[Callable[[], None]], bool] | None = None
    ) -> RunConsumer:
        """The consumer that keeps this run in the history (its writes wait for `after_frame`)."""
        ...

    def finish_table(self) -> Widget:
        """The finish screen's table: the splits, or the athletes' results."""
        ...


class RunMode(Protocol):
    """How workouts are run: alone (`SoloMode`) or as a coach's group (`CoachMode`)."""

    @property
    def can_pick(self) -> bool:
        """Whether the app may open on the picker (a coach opens on one workout)."""
        ...

    def planner(self, planner: Planner) -> Planner:
        """The preview's planner: the given one, or one that also refuses plans this mode can't run."""
        ...

    def roster_line(self) -> str | None:
        """A line the preview shows above the footer (who is on which key), or None."""
        ...

    def start(self, plan: Plan, workout_yaml: str, services: Services, controls: RunControls) -> ModeRun:
        """A new run of `plan`: its session and its timer screen, not started yet."""
        ...


ConsumerFactory = Callable[["RunContext"], "RunConsumer"]
"""Builds one consumer for one run (see `kicktimer.app.factory.CONSUMERS`)."""


class Board(Protocol):
    """The browser board of `--board` (`kicktimer.app.board.link.BoardLink`), as the app sees it.

    The app starts it when it mounts and closes it when it leaves; the
    preview and the timer show its URL (and QR code); the run's consumer
    publishes each state to it.
    """

    @property
    def url(self) -> str: ...

    @property
    def qr(self) -> list[str]: ...

    async def start(self, initial: dict[str, Any]) -> None: ...

    def publish(self, state: dict[str, Any]) -> None: ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class Services:
    """Everything the app talks to outside itself; tests pass fakes.

    `mode` is solo or coach (`RunMode`); `consumers` builds
    what each run drives, in order (`kicktimer.app.factory.CONSUMERS`).
    """

    audio: AudioOut
    store: HistoryStore
    clock: Clock
    mode: RunMode
    consumers: tuple[ConsumerFactory, ...]
    planner: Planner | None = None
    units: str = "km"
    lead_in_s: float = 10.0
    speak_steps: bool = True
    report: ReportFor | None = None
    export_offer: ExportOffer | None = None
    notices: tuple[str, ...] = ()
    board: Board | None = None
    devices: DeviceHub | None = None
    """The treadmill and heart-rate strap (`kicktimer.app.devices_hub`); None: no devices."""


@dataclass(frozen=True)
class RunOutcome:
    """What `kick run` reports once the app has closed."""

    workout: str
    status: str
    session_id: int | None
    laps: int
    skipped: int = 0
    """Steps skipped (n) and never gone back to: a completed run with some is said as such."""


@dataclass(frozen=True)
class RunContext:
    """One run as its consumers see it when they are built: its mode's run and the app's services.

    The run control builds it once the mode has made the session and the
    timer screen, just before the engine starts. `controls` are the timer's
    keys: a device that must act on the run (a treadmill stopped on its
    console pauses the timer) calls `controls.send_event(Pause)` from its own
    task, as a key would, never from inside `on_effects` or `on_snapshot`.
    """

    run: ModeRun
    services: Services
    controls: RunControls

    @property
    def session(self) -> RunSession:
        return self.run.session

    @property
    def timer(self) -> TimerScreen:
        return self.run.timer

    @property
    def plan(self) -> Plan:
        return self.run.session.plan
