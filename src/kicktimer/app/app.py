"""The kick app: picker → preview → timer → finish, around one `RunSession`.

Timing is event-driven. After every event the app asks the clock for ONE
wake-up at the exact next moment something changes: the engine's next
deadline (lead-in end, step boundary, cue, beep, send-off) or the moment the
big clock shows another second, whichever comes first. Nothing polls,
nothing accumulates ticks, and while paused nothing is scheduled at all.

`wake()` is public: with a `FakeClock`, a test moves time with
`clock.advance(s)` and then calls `app.wake()`, exactly what the real
clock's wake-up does.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Protocol, runtime_checkable

from rich.console import RenderableType
from textual.app import App
from textual.screen import Screen

from kicktimer.app.clock import Clock, Wakeup
from kicktimer.app.display import until_display_changes
from kicktimer.app.screens.finish import FinishScreen
from kicktimer.app.screens.quit_confirm import QuitConfirmScreen
from kicktimer.app.screens.timer import TimerScreen
from kicktimer.app.session import RunSession, SessionLog
from kicktimer.core.engine import EngineView
from kicktimer.core.events import Effect, Event, IllegalEvent, Quit, Start, State
from kicktimer.core.segments import Plan
from kicktimer.ports import AudioOut, HistoryStore

if TYPE_CHECKING:
    from kicktimer.app.coach_run import CoachRunSession
    from kicktimer.app.picking import PickerEntry, Planner
    from kicktimer.core.coach import Athlete
    from kicktimer.workout.model import Environment, Workout

MERGE_WINDOW_S = 0.02
"""A redraw due this close before an engine deadline waits for the deadline's own wake-up."""

ReportFor = Callable[[int | None, SessionLog, Plan], RenderableType | None]
"""Builds the kick report for a finished session (session id, what was run, the plan)."""

ExportOffer = Callable[[int | None], Callable[[], str] | None]
"""For a session the history could not keep: a function that saves it to a file and says where."""


@runtime_checkable
class HasNotices(Protocol):
    """A store that reports its own troubles once (e.g. "History not saved: disk full")."""

    def take_notices(self) -> list[str]: ...


@dataclass(frozen=True)
class Services:
    """Everything the app talks to outside itself; tests pass fakes."""

    audio: AudioOut
    store: HistoryStore
    clock: Clock
    planner: Planner | None = None
    units: str = "km"
    lead_in_s: float = 10.0
    speak_steps: bool = True
    report: ReportFor | None = None
    export_offer: ExportOffer | None = None
    athletes: tuple[Athlete, ...] = ()
    high_contrast: bool = False


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


@dataclass(frozen=True)
class RunOutcome:
    """What `kick run` reports once the app has closed."""

    workout: str
    status: str
    session_id: int | None
    laps: int


def _reraise(error: Exception) -> None:
    raise error


class KickApp(App[RunOutcome | None]):
    """The terminal timer. Build it with `kicktimer.app.factory.make_app`."""

    # The opening screens' styles load with the app's: a screen with its own
    # CSS_PATH makes Textual reparse every stylesheet when it is first shown.
    CSS_PATH: ClassVar[list[str]] = [  # type: ignore[assignment]
        "kick.tcss",
        "screens/preview.tcss",
        "screens/picker.tcss",
    ]
    ENABLE_COMMAND_PALETTE = False
    TITLE = "kick"

    def __init__(self, services: Services, opening: Opening) -> None:
        super().__init__()
        self.services = services
        self._opening = opening
        self.session: RunSession | None = None
        self._timer: TimerScreen | None = None
        self._wakeup: Wakeup | None = None
        self._next_wake_at: float | None = None

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
            from kicktimer.app.screens.preview import PreviewScreen

            if self.services.athletes:
                from kicktimer.app.coach_run import coach_planner

                planner = coach_planner(planner)
            return PreviewScreen(
                opening.workout,
                planner=planner,
                start=self.start_run,
                units=self.services.units,
                where=opening.where,
                reps=opening.reps,
                leave_exits=True,
                athletes=self.services.athletes,
            )
        from kicktimer.app.screens.picker import PickerScreen

        return PickerScreen(opening.entries, planner=planner, start=self.start_run, units=self.services.units)

    async def on_mount(self) -> None:
        opening = self._opening
        if isinstance(opening, RunNow):
            await self.start_run(opening.plan, opening.workout_yaml)

    # ---- starting ------------------------------------------------------

    async def start_run(self, plan: Plan, workout_yaml: str) -> None:
        """Show the timer and start the engine (the lead-in begins now)."""
        services = self.services
        if services.athletes:
            await self._start_coach_run(plan, workout_yaml)
            return
        self.session = RunSession(
            plan,
            workout_yaml=workout_yaml,
            clock=services.clock,
            audio=services.audio,
            store=services.store,
            lead_in_s=services.lead_in_s,
            speak_steps=services.speak_steps,
        )
        self._timer = TimerScreen(self, plan=plan, units=services.units, muted=services.audio.muted)
        await self.push_screen(self._timer)
        self.send_event(Start)

    async def _start_coach_run(self, plan: Plan, workout_yaml: str) -> None:
        """Coach mode: the same clock, with the athletes' board and their keys."""
        from kicktimer.app.coach_run import CoachRunSession
        from kicktimer.app.screens.coach_timer import CoachTimerScreen

        services = self.services
        session = CoachRunSession(
            plan,
            athletes=services.athletes,
            workout_yaml=workout_yaml,
            clock=services.clock,
            audio=services.audio,
            store=services.store,
            lead_in_s=services.lead_in_s,
            speak_steps=services.speak_steps,
        )
        self.session = session
        self._timer = CoachTimerScreen(
            self,
            board=session,
            plan=plan,
            units=services.units,
            muted=services.audio.muted,
            high_contrast=services.high_contrast,
        )
        await self.push_screen(self._timer)
        self.send_event(Start)

    def press_key(self, key: str) -> None:
        """Coach mode: an athlete's key takes their split, `u` undoes the last one."""
        session = self._coach_session()
        if session is None:
            return
        try:
            effects = session.press(key)
        except IllegalEvent as error:
            self.notify(str(error).capitalize(), severity="warning", timeout=2)
            return
        if effects is not None:
            self._after(effects)

    def _coach_session(self) -> CoachRunSession | None:
        from kicktimer.app.coach_run import CoachRunSession

        return self.session if isinstance(self.session, CoachRunSession) else None

    # ---- RunControls ---------------------------------------------------

    def send_event(self, make_event: Callable[[float], Event]) -> None:
        """Send a key's event to the engine; an illegal one is shown briefly and changes nothing."""
        session = self.session
        if session is None:
            return
        try:
            effects = session.send(make_event)
        except IllegalEvent as error:
            self.notify(str(error).capitalize(), severity="warning", timeout=2)
            return
        self._after(effects)

    def toggle_mute(self) -> bool:
        audio = self.services.audio
        audio.muted = not audio.muted
        return audio.muted

    def request_quit(self) -> None:
        self.push_screen(QuitConfirmScreen(), self._quit_answered)

    def _quit_answered(self, quit_run: bool | None) -> None:
        if not quit_run or self.session is None:
            return
        if self.session.state in (State.FINISHED, State.ABORTED):
            self.exit(self._outcome())
            return
        self.send_event(Quit)

    # ---- time ----------------------------------------------------------

    def wake(self) -> None:
        """Bring the run up to the clock's now: tick the engine, redraw, schedule the next wake-up.

        The real clock calls this at the scheduled moment; tests with a
        `FakeClock` call it after `clock.advance(...)`.
        """
        self._wakeup = None
        self._next_wake_at = None
        session = self.session
        if session is None or session.state in (State.READY, State.FINISHED, State.ABORTED):
            return
        try:
            effects = session.tick()
        except IllegalEvent:
            return
        self._after(effects)

    @property
    def next_wake_at(self) -> float | None:
        """When the app has asked to be woken next (None: nothing visible will change)."""
        return self._next_wake_at

    def _on_wakeup(self) -> None:
        """The clock's callback: runs the wake-up at once (a trip through the message
        queue would add milliseconds behind whatever is queued); an error goes back
        through the queue so Textual reports it like any handler's."""
        try:
            self.wake()
        except Exception as error:
            self.call_next(_reraise, error)

    def _after(self, effects: list[Effect]) -> None:
        """After any event: notices, then the next screen or a redraw and one new wake-up."""
        session = self.session
        assert session is not None
        notices = session.take_notices()
        if isinstance(self.services.store, HasNotices):
            notices += self.services.store.take_notices()
        for notice in notices:
            self.notify(notice, severity="warning", timeout=8)
        state = session.state
        if state is State.FINISHED:
            self._cancel_wakeup()
            self._show_finish(session)
        elif state is State.ABORTED:
            self._cancel_wakeup()
            self.exit(self._outcome())
        else:
            now = self.services.clock.now()
            view = session.view(now)
            if self._timer is not None and self._timer.is_mounted:
                self._timer.show(view, session.log)
            self._reschedule(session, view, now)

    def _reschedule(self, session: RunSession, view: EngineView, now: float) -> None:
        """One wake-up: the engine's next deadline or the next change of the big clock."""
        self._cancel_wakeup()
        deadline = session.next_deadline()
        delay = until_display_changes(view)
        redraw = None if delay is None else now + delay
        if redraw is not None and deadline is not None and redraw > deadline - MERGE_WINDOW_S:
            redraw = None  # the deadline's wake-up redraws too; a redraw just before it would delay it
        moments = [moment for moment in (deadline, redraw) if moment is not None]
        if not moments:
            return
        self._next_wake_at = min(moments)
        self._wakeup = self.services.clock.schedule(self._next_wake_at, self._on_wakeup)

    def _cancel_wakeup(self) -> None:
        if self._wakeup is not None:
            self._wakeup.cancel()
        self._wakeup = None
        self._next_wake_at = None

    # ---- the end -------------------------------------------------------

    def _show_finish(self, session: RunSession) -> None:
        while isinstance(self.screen, QuitConfirmScreen):
            self.pop_screen()
        report_for = self.services.report
        report = (
            None if report_for is None else partial(report_for, session.session_id, session.log, session.plan)
        )
        offer = self.services.export_offer
        coach = self._coach_session()
        self.switch_screen(
            FinishScreen(
                session.log,
                workout_name=session.plan.name,
                completed=True,
                session_id=session.session_id,
                report=report,
                leave=lambda: self.exit(self._outcome()),
                export=None if offer is None else offer(session.session_id),
                results=None if coach is None else coach.results(),
            )
        )

    async def action_quit(self) -> None:
        """Ctrl+Q: during a run, ask first (like q); otherwise leave."""
        if self.session is not None and self.session.state not in (State.FINISHED, State.ABORTED):
            self.request_quit()
            return
        self.exit(self._outcome())

    def _outcome(self) -> RunOutcome | None:
        session = self.session
        if session is None:
            return None
        status = {State.FINISHED: "completed", State.ABORTED: "aborted"}.get(session.state, "aborted")
        return RunOutcome(
            workout=session.plan.name,
            status=status,
            session_id=session.session_id,
            laps=len(session.log.completed),
        )
