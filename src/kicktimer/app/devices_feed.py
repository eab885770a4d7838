"""The treadmill and the heart-rate strap as one consumer of the run (and the run's one outside input).

Out: each step's start sets the belt's speed (the plan's speed, or its pace
as a speed) and incline (the low end of a range); pause, resume, finish and
quit go to the belt. The timer screen gets a line with the belt's speed,
distance and heart rate, and says plainly whether kicktimer controls the belt.

In: the engine never knows a device is there. Two things come back as the
events a runner's keys would send: a distance step on a treadmill ends with
Lap once the belt has covered it (`ends_on_belt` made those steps wait for
the lap), and the console's stop button or safety key pauses the timer.

Everything device-side runs on its own asyncio tasks (`kicktimer.devices`);
these methods only queue commands and read figures, so the timer never waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from rich.text import Text

from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot
from kicktimer.app.run_control import NOTICE_S
from kicktimer.core.events import (
    Aborted,
    Finished,
    Lap,
    Pause,
    Paused,
    Resumed,
    State,
    StepEnded,
    StepStarted,
)
from kicktimer.core.segments import Plan, Segment
from kicktimer.devices.step_distance import StepDistance
from kicktimer.ports import LapFigures
from kicktimer.workout.model import Environment

if TYPE_CHECKING:
    from kicktimer.app.clock import Wakeup
    from kicktimer.app.devices_hub import DeviceHub
    from kicktimer.app.services import RunContext
    from kicktimer.devices.treadmill import BeltFigures


def step_speed_kmh(segment: Segment) -> float | None:
    """The belt speed a step asks for: its speed, else its pace as a speed."""
    if segment.speed_kmh is not None:
        return segment.speed_kmh
    if segment.pace_s_per_km:
        return 3600 / segment.pace_s_per_km
    return None


def belt_targets(segment: Segment) -> tuple[float | None, float | None]:
    """Speed and incline for a step, exactly as the plan (and so the screen) says them.

    An incline range (`5-10%`) runs at the plan's `incline_pct` (its low end
    unless `[treadmill] incline_range` chose otherwise). What a step left out
    (a sprint's `effort: max`, a recovery's walk) the compiler already
    derived (`kicktimer.core.belt`); what it could not derive stays None:
    the runner sets it on the console.
    """
    return step_speed_kmh(segment), segment.incline_pct


def ends_on_belt(plan: Plan) -> Plan:
    """A treadmill plan whose distance steps wait for the belt instead of a computed time.

    The computed time stays as the step's target (shown as the estimate);
    the devices feed sends Lap when the belt has covered the distance, or at
    that computed time while no belt reports.
    """
    if plan.environment is not Environment.TREADMILL:
        return plan
    segments = tuple(
        replace(s, duration_s=None, target_s=s.duration_s)
        if s.distance_m and s.duration_s is not None and not s.fills_sendoff and step_speed_kmh(s)
        else s
        for s in plan.segments
    )
    return replace(plan, segments=segments)


def on_belt(segment: Segment | None, plan: Plan) -> bool:
    return (
        segment is not None
        and plan.environment is Environment.TREADMILL
        and segment.waits_for_lap
        and bool(segment.distance_m)
        and segment.target_s is not None
    )


@dataclass
class _StepFigures:
    """What a step's lap row gets from the devices."""

    started_belt_m: float | None
    distance: StepDistance | None
    hr: list[int] = field(default_factory=list)
    belt_seen: bool = False


class DevicesFeed(BaseConsumer):
    """Drives the belt from the run, and feeds the belt's distance and the heart rate back."""

    name = "Bluetooth devices"

    def __init__(self, context: RunContext, hub: DeviceHub) -> None:
        self._context = context
        self._hub = hub
        self._clock = context.services.clock
        self._plan = context.session.plan
        self._wakeup: Wakeup | None = None
        self._stale_wakeup: Wakeup | None = None
        self._step: _StepFigures | None = None
        self._ending = False
        hub.start()
        self.treadmill = hub.treadmill if self._plan.environment is Environment.TREADMILL else None
        self.strap = hub.strap
        hub.on_stopped = self._belt_stopped
        hub.on_moved = self._belt_moved
        hub.on_heartbeat = self._heartbeat
        hub.on_change = (
            self._changed
        )  # running, the line is redrawn with each snapshot, the clock's own frame
        self._shown = ""
        context.session.lap_figures = self.lap_figures

    # ---- out: the run's effects -------------------------------------------------------

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        belt = self.treadmill
        for effect in effects:
            if isinstance(effect, StepEnded):
                self.lap_figures(effect)  # the finish screen's figures, whether or not the history asked
            elif isinstance(effect, StepStarted):
                self._start_step(effect.segment)
                if belt is not None:
                    belt.step(*belt_targets(effect.segment))
            elif isinstance(effect, Paused):
                self._redraw_when_the_rate_goes_stale()
                if belt is not None:
                    belt.pause()
            elif belt is None:
                continue
            elif isinstance(effect, Resumed):
                belt.resume()
            elif isinstance(effect, Finished | Aborted):
                belt.finish()

    def _start_step(self, segment: Segment) -> None:
        belt_m = self._belt_m()
        distance = None
        if on_belt(segment, self._plan):
            assert segment.distance_m is not None
            distance = StepDistance(segment.distance_m, step_speed_kmh(segment))
            distance.update(0.0, belt_m)
        self._step = _StepFigures(started_belt_m=belt_m, distance=distance, belt_seen=belt_m is not None)
        self._ending = False

    def _belt_m(self) -> float | None:
        belt = self.treadmill
        if belt is None or not belt.figures.connected:
            return None
        return belt.odometer.distance_m

    # ---- in: the belt and the strap ------------------------------------------------------

    def _belt_stopped(self, why: str) -> None:
        session = self._context.session
        if session.state in (State.RUNNING, State.WAITING_FOR_LAP):
            self._context.controls.send_event(Pause)

    def _belt_moved(self) -> None:
        if self._step is not None and self._belt_m() is not None:
            self._step.belt_seen = True
        self._check_distance()

    def _heartbeat(self, bpm: int, at: float) -> None:
        if self._step is not None and self._context.session.state in (State.RUNNING, State.WAITING_FOR_LAP):
            self._step.hr.append(bpm)

    def on_snapshot(self, snapshot: RunSnapshot) -> None:
        self._check_distance()
        self._draw()

    def _changed(self) -> None:
        """A device said something while the run is paused: draw the line and show the notices now.

        Paused, the clock stands still and there are no snapshots, so the line
        kept the speed the belt had when the runner paused (10.1 km/h on a
        stopped belt, and a stale heart rate) and a link lost meanwhile said
        nothing until the resume. Running, the snapshots do this, at the clock's pace.
        """
        if self._context.session.state is not State.PAUSED:
            return
        self._draw()
        self._redraw_when_the_rate_goes_stale()
        timer = self._context.timer
        if timer.is_mounted:
            for notice in self._hub.take_notices():
                timer.show_notice(notice, timeout=NOTICE_S)

    def _redraw_when_the_rate_goes_stale(self) -> None:
        """Paused, wake once at the moment the shown heart rate grows too old to show.

        Running, each snapshot redraws the line; paused there are none, and a
        strap that went quiet kept its last rate on screen for the whole pause.
        """
        if self._stale_wakeup is not None:
            self._stale_wakeup.cancel()
            self._stale_wakeup = None
        stale_at = None if self.strap is None else self.strap.stale_at
        if stale_at is not None:
            self._stale_wakeup = self._clock.schedule(stale_at, self._changed)

    def _check_distance(self) -> None:
        """End a belt-distance step once covered; while no belt reports, wake at the computed moment."""
        step = self._step
        session = self._context.session
        if step is None or step.distance is None or self._ending:
            return
        if session.state is not State.WAITING_FOR_LAP:
            self._cancel_wakeup()
            return
        running_s = session.view(self._clock.now()).step_elapsed_s
        step.distance.update(running_s, self._belt_m())
        if step.distance.done:
            self._ending = True
            self._cancel_wakeup()
            # Not from inside the run's hand-out of a snapshot: the Lap goes in as a key's would, next.
            asyncio.get_running_loop().call_soon(self._lap, step)
            return
        if self._belt_m() is None and step.distance.target_kmh:
            self._cancel_wakeup()
            seconds = step.distance.seconds_to_go(None)
            if seconds is not None:
                self._wakeup = self._clock.schedule(self._clock.now() + seconds, self._check_distance)

    def _lap(self, step: _StepFigures) -> None:
        """The belt covered the step: end it, unless the runner already did (lap key, skip, quit)."""
        if self._step is step and self._context.session.state is State.WAITING_FOR_LAP:
            self._context.controls.send_event(Lap)

    def _cancel_wakeup(self) -> None:
        if self._wakeup is not None:
            self._wakeup.cancel()
            self._wakeup = None

    # ---- the screen ------------------------------------------------------------------------

    def _draw(self) -> None:
        """Redraw the line only when it reads differently: a frame costs more than a comparison."""
        timer = self._context.timer
        line = self.status_line()
        if timer.is_mounted and line.plain != self._shown:
            self._shown = line.plain
            timer.show_devices(line)

    def status_line(self) -> Text:
        """`BELT 12.0 km/h · 6.0 % · 1.23 km │ KICKTIMER CONTROLS THE BELT │ ♥ 152 │ 312 m to go · ~1:34`."""
        line = Text()
        belt = self.treadmill
        if belt is not None:
            figures = belt.figures
            if not figures.connected:
                line.append("BELT not connected", style="bold yellow")
            else:
                speed = "–" if figures.speed_kmh is None else f"{figures.speed_kmh:.1f} km/h"
                incline = "" if figures.incline_pct is None else f" · {figures.incline_pct:.1f} %"
                line.append(f"BELT {speed}{incline} · {belt.odometer.distance_m / 1000:.2f} km")
                line.append("  ")
                if figures.controlling:
                    line.append(" KICKTIMER CONTROLS THE BELT ", style="bold reverse")
                elif figures.overridden:
                    line.append(f" {_console_words(figures)} (yours until the next step) ", style="bold")
                else:
                    line.append(" YOU CONTROL THE BELT ", style="bold")
        strap = self.strap
        if strap is not None:
            if line:
                line.append("  ")
            bpm = strap.bpm
            line.append("♥ –" if bpm is None else f"♥ {bpm}")
        step = self._step
        if step is not None and step.distance is not None and not step.distance.done:
            belt_kmh = belt.figures.speed_kmh if belt is not None and belt.figures.connected else None
            seconds = step.distance.seconds_to_go(belt_kmh)
            estimate = "" if seconds is None else f" · ~{int(seconds) // 60}:{int(seconds) % 60:02d}"
            line.append(f"  {step.distance.to_go_m:.0f} m to go{estimate}", style="bold")
        return line

    # ---- history -----------------------------------------------------------------------------

    def lap_figures(self, ended: StepEnded) -> LapFigures:
        """The devices' figures for the step that just ended (None where no device told).

        Kept in the session's log too, for the finish screen: asked twice, the
        same figures come back.
        """
        figures = self._context.session.log.figures
        key = (ended.segment.index, ended.started_at)
        if key not in figures:
            figures[key] = self._measure(ended)
        return figures[key]

    def _measure(self, ended: StepEnded) -> LapFigures:
        step = self._step
        if step is None:
            return LapFigures()
        belt_m = self._belt_m()
        covered: float | None = None
        if step.distance is not None and step.distance.measured:
            covered = step.distance.covered_m
            if belt_m is not None:
                covered = max(covered, step.distance.update(ended.active_s, belt_m))
        elif belt_m is not None and step.started_belt_m is not None:
            covered = belt_m - step.started_belt_m
        speed = None if covered is None or ended.active_s <= 0 else round(covered / ended.active_s * 3.6, 2)
        hr = step.hr
        return LapFigures(
            belt_distance_m=None if covered is None else round(covered, 1),
            avg_speed_kmh=speed,
            hr_avg=round(sum(hr) / len(hr), 1) if hr else None,
            hr_max=max(hr) if hr else None,
        )

    # ---- notices and the end -------------------------------------------------------------------

    def take_notices(self) -> list[str]:
        return self._hub.take_notices()

    def close(self) -> None:
        """The run is over: the belt was already told (finish); the hub stays for the app's life."""
        self._cancel_wakeup()
        if self._stale_wakeup is not None:
            self._stale_wakeup.cancel()
        self._hub.on_stopped = lambda why: None
        self._hub.on_moved = lambda: None
        self._hub.on_heartbeat = lambda bpm, at: None
        self._hub.on_change = lambda: None
        self._context.session.lap_figures = None


def _console_words(figures: BeltFigures) -> str:
    """`CONSOLE SPEED`, `CONSOLE INCLINE` or both: what the runner took over on the console."""
    taken = [
        name
        for name, value in (
            ("SPEED", figures.console_override_kmh),
            ("INCLINE", figures.console_override_incline_pct),
        )
        if value is not None
    ]
    return "CONSOLE " + " AND ".join(taken)


def drive_devices(context: RunContext) -> BaseConsumer:
    """The factory's entry: a feed when the run was given devices, else nothing at all."""
    hub = context.services.devices
    if hub is None:
        return BaseConsumer()
    return DevicesFeed(context, hub)
