"""The timer: one glance from two metres away tells a runner what to do now.

The screen is a pure view of the engine. It never reads a clock and never
schedules anything: the run calls `show(snapshot)` whenever something the
runner can see has changed, and the keys are handed to `RunControls`.

It is drawn once a second for as long as a workout lasts, so each second
costs as little as it can: the big clock and the progress line are the only
widgets touched between boundaries (everything else is worked out again
only when the step, its cue, the last split or the next step changes), the
widgets are held rather than queried, and a label asks Textual for a layout
pass only when its text could change its size. Per-step classes go on the
widgets they style (a class on the screen restyles every widget on it), so
a boundary's frame repaints what changed and nothing else.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol

from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label, Static

from kicktimer.app.consumers import RunEffect, RunSnapshot
from kicktimer.app.display import (
    belt_speed_text,
    incline_text,
    pace_text,
    rep_forms,
    shown_elapsed,
    shown_remaining,
    split_text,
)
from kicktimer.app.row_compositor import timer_compositor
from kicktimer.app.view_text import ahead_behind, clock_figure, next_text
from kicktimer.app.widgets.big_clock import BigClock
from kicktimer.app.widgets.footer import Footer
from kicktimer.app.widgets.workout_progress import WorkoutProgress
from kicktimer.core.engine import EngineView, accepts
from kicktimer.core.events import Adjust, Back, Event, Lap, Pause, Resume, Skip, SplitRecorded, State
from kicktimer.core.segments import Plan, Segment
from kicktimer.workout.model import Environment, StepKind


def _may_resize(label: Static, before: str | None, after: str) -> bool:
    """Whether a label going from `before` to `after` may change size (then Textual must lay out).

    A label as wide as its text (`width: auto`) changes size with the text's
    width; any other keeps its width, and its height while both texts are
    one line that fits it. Anything else (a first text, a wrapped line, a
    label not laid out yet) asks for the layout pass, as `Static.update` does.
    """
    if before is None:
        return True
    width = label.styles.width
    if width is None or width.is_auto:
        return cell_len(before) != cell_len(after)
    room = label.content_size.width
    return not all("\n" not in text and cell_len(text) <= room for text in (before, after)) or room == 0


class RunControls(Protocol):
    """What the timer's keys ask of the app."""

    def send_event(self, make_event: Callable[[float], Event]) -> None: ...

    def toggle_mute(self) -> bool: ...

    def request_quit(self) -> None: ...

    def press_key(self, key: str) -> None:
        """A key the mode gives meaning to (a coach's athlete keys and undo)."""


def target_text(segment: Segment, environment: Environment, units: str) -> str:
    """Pace (and belt speed and incline on a treadmill), else the effort or activity."""
    parts: list[str] = []
    if segment.pace_s_per_km is not None:
        parts.append(pace_text(segment.pace_s_per_km, units))
    if environment is Environment.TREADMILL:
        if segment.speed_kmh is not None:
            parts.append(belt_speed_text(segment, units))
        if segment.incline_pct is not None:
            parts.append("incline " + incline_text(segment.incline_pct, segment.incline_max_pct))
    if segment.effort and not segment.all_out:
        parts.append(segment.effort)
    if segment.activity:
        parts.append(segment.activity)
    return " · ".join(parts)


# Every key of a run but the lap key, which coach mode relabels. In order of
# need: the footer cuts from the right on a narrow terminal.
RUN_BINDINGS: list[BindingType] = [
    Binding("p", "pause", "Pause"),
    Binding("p", "resume", "Resume"),
    Binding("q", "quit_run", "Quit"),
    Binding("n,right", "skip", "Skip"),
    Binding("b,left", "back", "Back"),
    Binding("m", "mute", "Mute"),
    Binding("m", "unmute", "Unmute"),
    Binding("plus,equals_sign", "adjust(10)", "+10s"),
    Binding("minus,underscore", "adjust(-10)", "−10s"),
    # Out of the footer while they do nothing (the lead-in has no lap, no step
    # to go back to or adjust), these keys still say why when pressed.
    Binding("n,right", "refused('skip')", show=False),
    Binding("b,left", "refused('back')", show=False),
    Binding("plus,equals_sign,minus,underscore", "refused('adjust')", show=False),
]

LAP_REFUSED = Binding("space", "refused('lap')", show=False)
"""The lap key when there is no lap to take: not in the footer, but it says why."""

KEY_EVENTS: dict[str, type[Event]] = {"lap": Lap, "skip": Skip, "back": Back, "adjust": Adjust}
"""The keys whose event the engine may refuse in a state, by action."""


_LABEL_ROOM = 9
"""Cells the heading keeps for the step's name before the rep is shortened: 8 and its margin."""
_MUTED_ROOM = len("sound off") + 2
"""What "sound off" and its margin take from the heading (timer.tcss, #muted)."""


class TimerColumn(Vertical):
    """Everything the timer shows, top to bottom; says when its size or its content's changes
    (coach mode scrolls the athletes' rows when the column's content is taller than it)."""

    class Resized(Message):
        """The column or its content got a new size."""

    def on_resize(self) -> None:
        self.post_message(self.Resized())


TIMER_STYLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "timer.tcss")
"""The timer's stylesheet, as Textual files it (an absolute path)."""


def load_timer_styles(app: App[Any]) -> None:
    """Add the timer's styles to the app's stylesheet before the first timer screen is shown.

    They are not read before the preview's first frame (parsing them was a
    sixth of the app's own stylesheets' cost, for a screen not yet shown),
    and not through the screen's own CSS_PATH either: Textual then reparses
    every stylesheet into a new one, and the second parse stayed in memory
    for the run. Here only this file is parsed: `Stylesheet.parse` takes the
    others from its cache. The coach timer names this file again in its
    CSS_PATH; Textual sees it is already read.
    """
    stylesheet = app.stylesheet
    if stylesheet.has_source(TIMER_STYLES):
        return
    stylesheet.read(TIMER_STYLES)
    stylesheet.parse()


class TimerScreen(Screen[None]):
    """Big clock, step, target, cue, what comes next, and the whole workout's progress.

    Its styles are in timer.tcss, added to the app's by `load_timer_styles` when a run starts.
    """

    COMPACT_FOOTER_BELOW: ClassVar[int] = 80
    """Narrower than this, the footer packs its keys closer so more of them fit."""
    # Textual declares these as plain attributes; they are never mutated.
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (16, "-short"), (24, "-tall")]  # noqa: RUF012
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (60, "-wide")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "lap", "Lap"), LAP_REFUSED, *RUN_BINDINGS]

    def __init__(
        self,
        controls: RunControls,
        *,
        plan: Plan,
        units: str,
        muted: bool = False,
        name: str | None = None,
    ) -> None:
        super().__init__(name=name)
        self._compositor = timer_compositor()  # the clock's rows and the progress line, not all between
        self.set_class(muted, "-muted")
        self._controls = controls
        self._environment = plan.environment
        self._open_left = plan.unknown_steps_from()
        self._units = units
        self._state: State | None = None
        self._shown: dict[Static, str] = {}
        self._rep_forms: tuple[str, ...] = ("",)
        self._notices: list[str] = []
        self._step_key: tuple[object, ...] | None = None
        self._family: str | None = None
        # the widgets a snapshot changes, made here and held (a query each second costs a walk of the DOM)
        self._step_label = Label(id="step-label", markup=False)
        self._rep = Label(id="rep", markup=False)
        self._all_out = Static("ALL OUT", id="all-out")
        self._clock = BigClock("0:00", id="clock")
        self._split_row = Horizontal(id="split-row")
        self._target_split = Label(id="target-split", markup=False)
        self._ahead_behind = Label(id="ahead-behind", markup=False)
        self._target = Label(id="target", markup=False)
        self._devices = Static(id="devices", markup=False)
        self._cue = Static(id="cue", markup=False)
        self._last_split = Label(id="last-split", markup=False)
        self._next = Label(id="next", markup=False)
        self._progress = WorkoutProgress(id="progress")

    def compose(self) -> ComposeResult:
        with TimerColumn(id="timer"):
            with Horizontal(id="heading"):
                yield self._step_label
                yield Label("sound off", id="muted")
                yield self._rep
            yield self._all_out
            yield Static("PAUSED · p resumes", id="paused")
            yield self._clock
            with self._split_row:
                yield self._target_split
                yield self._ahead_behind
            yield from self.compose_board()
            yield self._target
            yield self._devices
            yield self._cue
            yield Static(id="notices", markup=False)
            yield self._last_split
            yield self._next
            yield self._progress
            yield Label(id="board-url", markup=False)
        yield Footer()

    def compose_board(self) -> ComposeResult:
        """What goes under the big clock and the split row: nothing here; coach mode's board."""
        return iter(())

    def on_mount(self) -> None:
        """With `--board`, the page's address stays on screen for anyone who missed the QR code."""
        url = getattr(self.app, "board_url", None)
        label = self.query_one("#board-url", Label)
        label.display = bool(url)
        if url:
            label.update(f"Board: {url}")

    def show_devices(self, line: Text) -> None:
        """The treadmill's and the strap's line (`kicktimer.app.devices_feed`); hidden without devices.

        The line is one row as wide as the screen (timer.tcss), so a new text
        never changes its size and asks for no layout pass: one re-arranges
        the whole screen, and the belt's distance or the heart rate changes
        the text every second or two, which made a run with devices cost
        half as much again as one without. Showing or hiding the line is a
        change of size, and setting `display` asks for that pass itself.
        """
        devices = self._devices
        if not devices.is_attached:  # the screen is being torn down
            return
        if devices.display != bool(line):
            devices.display = bool(line)
        devices.update(line, layout=False)

    def show_notice(self, notice: str, *, timeout: float) -> None:
        """A run's notice (sound fell back to the bell, no voice...) in its own line above "Next:".

        A toast over the timer covered "Next:" and, in coach mode, the
        athletes' rows for as long as it lasted. This line takes the empty
        rows around the cue and the board instead, wraps rather than cuts a
        long notice, and shows one notice at a time, each for `timeout`
        seconds (a timer, not a poll), so two at the start still fit a small
        coach board.
        """
        self._notices.append(notice)
        if len(self._notices) == 1:
            self._show_first_notice(timeout)

    @property
    def notices(self) -> tuple[str, ...]:
        """The notice on show, then those waiting their turn."""
        return tuple(self._notices)

    def _show_first_notice(self, timeout: float) -> None:
        self.set_class(bool(self._notices), "-notice")
        for line in self.query("#notices").results(Static):  # none while the screen is torn down
            line.update(Text(self._notices[0] if self._notices else ""))
        if self._notices:
            self.set_timer(timeout, lambda: self._next_notice(timeout))

    def _next_notice(self, timeout: float) -> None:
        if self._notices:
            self._notices.pop(0)
        self._show_first_notice(timeout)

    def on_resize(self) -> None:
        self.query_one(Footer).compact = self.size.width < self.COMPACT_FOOTER_BELOW
        self._fit_rep()

    def _fit_rep(self) -> None:
        """The longest way of saying the round, set and rep that leaves the heading room for the rest.

        At 40 columns with "sound off", `Round 1/2 · Set 1/3 · Rep 1/2` was cut to
        `… Rep`: the count went first. The step's name gives way down to
        `_LABEL_ROOM` cells (cut with …), then the rep takes a shorter form
        (`display.rep_forms`), the last of which is the count alone.
        """
        heading = self._rep.parent
        width = self.size.width - 2  # the column's padding, until the heading has been laid out
        if isinstance(heading, Widget) and heading.size.width:
            width = heading.size.width
        if width <= 0:
            self._put(self._rep, self._rep_forms[0])
            return
        room = width - _LABEL_ROOM - (_MUTED_ROOM if self.has_class("-muted") else 0)
        fitting = (form for form in self._rep_forms if cell_len(form) <= room)
        self._put(self._rep, next(fitting, self._rep_forms[-1]))

    # ---- the view ------------------------------------------------------

    def note_effects(self, effects: Sequence[RunEffect]) -> None:
        """What just happened, before the next `show` (the solo timer draws from snapshots alone)."""

    def show(self, snapshot: RunSnapshot) -> None:
        """Draw everything from one snapshot of the run."""
        view = snapshot.view
        if view.state is not self._state:  # the classes follow the state: set when it changes
            self.refresh_bindings()
            self.set_class(view.state is State.PAUSED, "-paused")
            self._clock.set_class(view.state is State.LEAD_IN, "-lead-in")
        self._state = view.state
        segment = view.segment
        if view.state is State.LEAD_IN or segment is None:
            self._show_lead_in(view)
        else:
            self._show_step(view, segment, snapshot)
        self._show_progress(view)

    def _show_lead_in(self, view: EngineView) -> None:
        self._clock.update(clock_figure(view))
        first = view.next_segment
        key = ("lead-in", first)
        if key == self._step_key:
            return
        self._step_key = key
        self._set_family(None)
        self._all_out.set_class(False, "-all-out")
        self._split_row.set_class(False, "-lap-step")
        self._put(self._step_label, "Get ready")
        self._rep_forms = ("",)
        self._fit_rep()
        self._put(self._target, "")
        self._put(self._cue, "")
        self._cue.set_class(False, "-cue")
        self._put(self._last_split, "")
        self._put(self._next, "First: " + first.label if first is not None else "")

    def _show_step(self, view: EngineView, segment: Segment, snapshot: RunSnapshot) -> None:
        """The clock each second; the rest only when what it shows has changed."""
        self._clock.update(clock_figure(view))
        lap_step = view.step_remaining_s is None
        cue = view.last_cue
        key = (segment, lap_step, cue, len(snapshot.splits), view.next_segment)
        if key != self._step_key:
            self._step_key = key
            self._set_family(segment.kind)
            self._all_out.set_class(segment.all_out, "-all-out")
            self._put(self._step_label, segment.title)
            self._rep_forms = rep_forms(segment)
            self._fit_rep()
            self._split_row.set_class(lap_step and segment.target_s is not None, "-lap-step")
            self._put(self._target, target_text(segment, self._environment, self._units))
            cue_text = cue.text if cue is not None and cue.text else ""
            self._put(self._cue, cue_text)
            self._cue.set_class(bool(cue_text), "-cue")
            self._put(self._last_split, self._last_split_text(snapshot.splits))
            self._put(self._next, next_text(view.next_segment))
        if lap_step:
            self._show_split_target(segment, view)

    def _show_split_target(self, segment: Segment, view: EngineView) -> None:
        """Target split and the live ahead/behind, from the same whole second as the big clock."""
        texts = ahead_behind(segment, view)
        if texts is None:
            return
        target, verdict, difference = texts
        self._put(self._target_split, target)
        label = self._ahead_behind
        self._put(label, verdict)
        label.set_class(difference > 0, "-behind")
        label.set_class(difference <= 0, "-ahead")

    @staticmethod
    def _last_split_text(splits: Sequence[SplitRecorded]) -> str:
        if not splits:
            return ""
        split = splits[-1]
        text = f"Last split {split_text(split.split_s)}"
        if split.target_s is not None:
            difference = split.split_s - split.target_s
            word = "over" if difference > 0 else "under"
            text += f" ({abs(difference):.1f} s {word} {split_text(split.target_s)})"
        return text

    def _show_progress(self, view: EngineView) -> None:
        index = view.index if view.index is not None else 0
        fraction = view.progress
        if index < len(self._open_left) and self._open_left[index]:
            # The engine's share is of the known time, and a lap step adds none: four strides
            # read "done" from the first. Each step of unknown length still ahead keeps its
            # share of the bar instead.
            fraction = min(fraction, 1.0 - self._open_left[index] / len(self._open_left))
        self._progress.show(
            shown_elapsed(view.workout_elapsed_s),
            shown_remaining(view.workout_remaining_s),
            fraction,
            open_ahead=self._open_left[index] if index < len(self._open_left) else 0,
        )

    def _put(self, label: Static, text: str) -> None:
        """Show `text` in a label, touching it only when the text changes.

        Most of the screen changes once per step, not once per second; an
        untouched label costs no layout and no redraw. A changed one asks for
        a layout pass only when its size may change (`_may_resize`): a layout
        pass re-arranges the whole screen and, at a boundary, held the frame
        back by several milliseconds.
        """
        before = self._shown.get(label)
        if before == text:
            return
        self._shown[label] = text
        label.update(text, layout=_may_resize(label, before, text))

    def _set_family(self, kind: StepKind | None) -> None:
        """Colour the step label and the clock by the kind of step.

        The class goes on those two widgets, not on the screen: a class change
        on the screen restyles every widget on it, which at each boundary held
        the new step's first frame back by 10-40 ms. Two steps of one family
        in a row change nothing; otherwise the two are restyled together, once,
        without the animation pass: `add_class` restyles with animation on,
        which builds each widget's styles twice more to look for transitions
        (there are none here), and it was most of the 0.85 ms this took at a
        boundary (bench/screen_boundaries.py --trace; 0.27 → 0.18 ms warm).
        """
        family = None if kind is None else kind.family
        if family == self._family:
            return
        before, self._family = self._family, family
        widgets = (self._step_label, self._clock)
        for widget in widgets:
            if before is not None:
                widget.remove_class(f"family-{before}", update=False)
            if family is not None:
                widget.add_class(f"family-{family}", update=False)
        self.app.stylesheet.update_nodes(widgets, animate=False)

    # ---- keys ----------------------------------------------------------

    def action_lap(self) -> None:
        self._controls.send_event(Lap)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The footer shows only keys that work now (the engine's table says which), and
        names the one p (Pause or Resume) and m (Mute or Unmute) does now."""
        if action in KEY_EVENTS:
            return self._works_now(action)
        if action == "refused":
            return not self._works_now(str(parameters[0]))
        if action in ("pause", "resume"):
            return (self._state is State.PAUSED) == (action == "resume")
        if action in ("mute", "unmute"):
            return self.has_class("-muted") == (action == "unmute")
        return True

    def _works_now(self, action: str) -> bool:
        return self._state is None or accepts(self._state, KEY_EVENTS[action])

    def action_refused(self, action: str) -> None:
        """A key that does nothing now: the engine refuses its event, and the run shows why."""
        event = KEY_EVENTS[action]
        if event is Adjust:
            self._controls.send_event(lambda now: Adjust(now, 0.0))
        else:
            self._controls.send_event(event)

    def action_pause(self) -> None:
        self._controls.send_event(Resume if self._state is State.PAUSED else Pause)

    def action_resume(self) -> None:
        self._controls.send_event(Resume)

    def action_skip(self) -> None:
        self._controls.send_event(Skip)

    def action_back(self) -> None:
        self._controls.send_event(Back)

    def action_adjust(self, seconds: float) -> None:
        self._controls.send_event(lambda now: Adjust(now, seconds))

    def action_mute(self) -> None:
        """No toast: "sound off" on screen and the footer's Mute/Unmute already say it,
        and a toast would cover the cue and "Next:" for its two seconds."""
        muted = self._controls.toggle_mute()
        self.set_class(muted, "-muted")
        self._fit_rep()
        self.refresh_bindings()

    def action_unmute(self) -> None:
        self.action_mute()

    def action_quit_run(self) -> None:
        self._controls.request_quit()
