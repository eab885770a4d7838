"""One workout being run: its session, its timer screen, and the one wake-up it waits for.

Timing is event-driven. After every event the run asks the clock for ONE
wake-up at the exact next moment something changes: the engine's next
deadline (lead-in end, step boundary, cue, beep, send-off) or the moment the
big clock shows another second, whichever comes first. Nothing polls,
nothing accumulates ticks, and while paused nothing is scheduled at all.

The timer's keys come here (`RunControls`); the app only opens the run and
asks it about quitting. The run's mode (solo or coach) makes the session and
the timer screen; what the run drives (history, sound, the screen...) is the
factory's list of consumers, fed by the session. This module,
and the engine it drives, is imported when a workout starts, not before the
first screen is drawn.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from kicktimer.app.consumers import Consumers, RunEffect
from kicktimer.app.display import until_elapsed_changes, until_remaining_changes
from kicktimer.app.screens.quit_confirm import QuitConfirmScreen
from kicktimer.app.screens.timer import TimerScreen, load_timer_styles
from kicktimer.app.services import RunContext, RunOutcome, Services
from kicktimer.app.session import RunSession
from kicktimer.core.engine import EngineView
from kicktimer.core.events import Event, IllegalEvent, Quit, Start, State
from kicktimer.core.laps import skipped_steps

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from kicktimer.app.clock import Wakeup
    from kicktimer.app.services import ModeRun
    from kicktimer.core.segments import Plan

MERGE_WINDOW_S = 0.02
"""A redraw due this close before an engine deadline waits for the deadline's own wake-up."""

NOTICE_S = 8.0
"""How long a run's notice stays up: long enough to read a two-line install hint."""


def until_display_changes(view: EngineView) -> float | None:
    """Seconds until the big clock shows another second; None when nothing visible moves.

    Paused, finished and not-yet-started sessions show still figures, so
    they ask for no wake-up at all.
    """
    if view.state is State.LEAD_IN:
        if view.lead_in_remaining_s is None:
            return None
        return until_remaining_changes(view.lead_in_remaining_s)
    if view.state not in (State.RUNNING, State.WAITING_FOR_LAP):
        return None
    if view.step_remaining_s is not None:
        return until_remaining_changes(view.step_remaining_s)
    return until_elapsed_changes(view.step_elapsed_s)


def _reraise(error: Exception) -> None:
    raise error


def hold_the_collector() -> Callable[[], None]:
    """Keep the garbage collector's automatic passes off a wake-up's path; returns what lets it go.

    A wake-up and its frame allocate a good deal (a boundary restyles and
    renders most of the screen), so a collection often fell between the
    deadline and the frame: a young-generation pass took 1-2.5 ms of a
    boundary's frame, an older one more (bench/screen_boundaries.py --trace).
    Held until the frame is out, the same pass runs after it instead, on the
    same garbage, at the next allocation. A collector that is already off
    (`kick run` before its first frame) is left as it is.
    """
    if not gc.isenabled():
        return lambda: None
    gc.disable()
    return gc.enable


class RunControl:
    """Drives one session from the lead-in to the finish screen (or an aborted exit)."""

    def __init__(self, app: App[RunOutcome | None], services: Services) -> None:
        self.app = app
        self.services = services
        self.session: RunSession | None = None
        self._timer: Screen[None] | None = None
        self._mode_run: ModeRun | None = None
        self._wakeup: Wakeup | None = None
        self._next_wake_at: float | None = None

    async def start(self, plan: Plan, workout_yaml: str) -> None:
        """Show the timer and start the engine (the lead-in begins now).

        The mode makes the session and the timer screen; the factory's
        consumers are built for this run and attached before the first event.
        """
        services = self.services
        run = services.mode.start(plan, workout_yaml, services, self)
        self._mode_run = run
        self.session = run.session
        self._timer = run.timer
        context = RunContext(run, services, self)
        run.session.attach(Consumers([make(context) for make in services.consumers]))
        load_timer_styles(self.app)
        await self.app.push_screen(self._timer)
        self.send_event(Start)

    @property
    def is_over(self) -> bool:
        """Finished or aborted: quitting no longer needs asking."""
        return self.session is None or self.session.state in (State.FINISHED, State.ABORTED)

    # ---- the timer's keys (RunControls, CoachControls) ------------------

    def send_event(self, make_event: Callable[[float], Event]) -> None:
        """Send a key's event to the engine; an illegal one is shown briefly and changes nothing."""
        session = self.session
        if session is not None:
            self._carry_out(lambda: session.send(make_event))

    def press_key(self, key: str) -> None:
        """A key the mode gives meaning to (coach mode: an athlete's split, `u` undoes one)."""
        session = self.session
        if session is not None:
            self._carry_out(lambda: session.press(key))

    def _carry_out(self, act: Callable[[], list[RunEffect] | None]) -> None:
        """Run a key's action; an illegal one is a brief notice, anything else is followed up."""
        try:
            effects = act()
        except IllegalEvent as error:
            self.app.notify(str(error).capitalize(), severity="warning", timeout=2)
            return
        if effects is not None:
            self._after(effects)

    def toggle_mute(self) -> bool:
        audio = self.services.audio
        audio.muted = not audio.muted
        return audio.muted

    def request_quit(self) -> None:
        self.app.push_screen(QuitConfirmScreen(), self._quit_answered)

    def _quit_answered(self, quit_run: bool | None) -> None:
        if not quit_run or self.session is None:
            return
        if self.is_over:
            self.app.exit(self.outcome())
            return
        self.send_event(Quit)

    # ---- time ----------------------------------------------------------

    def wake(self) -> None:
        """Bring the run up to the clock's now: tick the engine, redraw, schedule the next wake-up."""
        self._wakeup = None
        self._next_wake_at = None
        session = self.session
        if session is None or session.state in (State.READY, State.FINISHED, State.ABORTED):
            return
        let_go = hold_the_collector()
        try:
            try:
                effects = session.tick()
            except IllegalEvent:
                return
            self._after(effects)
        finally:
            self._after_the_frame([let_go])

    @property
    def next_wake_at(self) -> float | None:
        """When the run has asked to be woken next (None: nothing visible will change)."""
        return self._next_wake_at

    def _on_wakeup(self) -> None:
        """The clock's callback: runs the wake-up at once (a trip through the message
        queue would add milliseconds behind whatever is queued); an error goes back
        through the queue so Textual reports it like any handler's."""
        try:
            self.wake()
        except Exception as error:
            self.app.call_next(_reraise, error)

    def _after(self, effects: list[RunEffect]) -> None:
        """After any event: notices, then the next screen or a redraw and one new wake-up."""
        session = self.session
        assert session is not None
        notices = session.take_notices()
        state = session.state
        timer = self._timer
        running = state not in (State.FINISHED, State.ABORTED)
        for notice in notices:
            if running and isinstance(timer, TimerScreen):
                timer.show_notice(notice, timeout=NOTICE_S)  # over "Next:" or the board a toast hid them
            else:
                self.app.notify(notice, severity="warning", timeout=NOTICE_S)
        if state is State.FINISHED:
            self._end()
            self._show_finish(session, completed=True)
        elif state is State.ABORTED and self._mode_run is not None and self._mode_run.results_on_abort:
            self._end()
            self._show_finish(session, completed=False)  # e.g. a coach still wants the results so far
        elif state is State.ABORTED:
            self._end()
            self.app.exit(self.outcome())
        elif session.latest is not None:
            self._reschedule(session, session.latest.view, session.latest.at)
        self._after_the_frame(session.take_after_frame())

    def _after_the_frame(self, waiting: list[Callable[[], None]]) -> None:
        """Work the consumers kept off the frame's path (a lap's commit), run once the frame is out.

        Asked for here, after every consumer has had the moment, the screen
        already has the changes to draw: Textual then runs the work after
        that frame, not before it (see `RunSession.after_frame`). If the app
        is closing it runs at once.
        """
        if not waiting:
            return

        def run_waiting() -> None:
            for work in waiting:
                work()

        if not self.app.call_after_refresh(run_waiting):
            run_waiting()

    def _end(self) -> None:
        """The run is over: no more wake-ups, and its consumers let go of what they hold.

        Notices still on the timer's line become toasts, so one that came
        just before the finish is not gone with the timer screen.
        """
        self._cancel_wakeup()
        session = self.session
        if session is not None:
            session.consumers.close()
            on_timer = self._timer.notices if isinstance(self._timer, TimerScreen) else ()
            for notice in [*on_timer, *session.take_notices()]:
                self.app.notify(notice, severity="warning", timeout=NOTICE_S)

    def let_go(self) -> None:
        """The app is closing: whatever the consumers still hold (a lap waiting for a frame) goes out."""
        self._cancel_wakeup()
        if self.session is not None:
            self.session.consumers.close()

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

    def _show_finish(self, session: RunSession, *, completed: bool) -> None:
        # Imported at the end, not with the run: the finish screen and its
        # report widget are memory a counting workout does not need.
        from kicktimer.app.screens.finish import FinishScreen

        app = self.app
        while isinstance(app.screen, QuitConfirmScreen):
            app.pop_screen()
        report_for = self.services.report
        report = (
            None if report_for is None else partial(report_for, session.session_id, session.log, session.plan)
        )
        offer = self.services.export_offer
        run = self._mode_run
        assert run is not None
        app.switch_screen(
            FinishScreen(
                session.log,
                workout_name=session.plan.name,
                completed=completed,
                session_id=session.session_id,
                report=report,
                leave=lambda: app.exit(self.outcome()),
                export=None if offer is None else offer(session.session_id),
                table=run.finish_table(),
            )
        )

    def outcome(self) -> RunOutcome | None:
        """What `kick run` prints on the way out (None before a run has started)."""
        session = self.session
        if session is None:
            return None
        status = {State.FINISHED: "completed", State.ABORTED: "aborted"}.get(session.state, "aborted")
        return RunOutcome(
            workout=session.plan.name,
            status=status,
            session_id=session.session_id,
            laps=len(session.log.completed),
            skipped=skipped_steps((ended.segment.index, ended.reason) for ended in session.log.completed),
        )
