"""Builds the kick app; the CLI and the tests both come through here.

`make_app` takes every outside dependency as an argument (sound, history,
clock, planner), so a test builds exactly the app a runner gets, with a
`FakeClock`, a recording audio fake and an in-memory store. Pass exactly one
of `entries` (the picker), `workout` (the preview of one workout) or `plan`
(straight to the timer, for benchmarks and timer tests).

`mode` is solo (the default) or coach (`kicktimer.app.coach.mode.CoachMode`).
What a run drives is `CONSUMERS`, in order: adding one (a treadmill, a
board in a browser) is a module with a `RunConsumer` and one line there, or
`extra_consumers` for a test.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kicktimer.app.app import KickApp, Opening, PickFrom, PreviewOne, RunNow
from kicktimer.app.clock import Clock, MonotonicClock
from kicktimer.app.picking import PickerEntry, Planner
from kicktimer.app.services import ConsumerFactory, ExportOffer, ReportFor, RunMode, Services
from kicktimer.app.solo_mode import SoloMode
from kicktimer.core.segments import Plan
from kicktimer.workout.model import Environment, Workout

if TYPE_CHECKING:
    from kicktimer.app.consumers import RunConsumer
    from kicktimer.app.devices_hub import DeviceHub
    from kicktimer.app.services import RunContext
    from kicktimer.devices.settings import DeviceConfig
    from kicktimer.ports import AudioOut, HistoryStore


def on_run_start(target: str, *, wanted: Callable[[Services], bool] | None = None) -> ConsumerFactory:
    """The consumer factory `module:function`, imported when a run starts, not when the app opens.

    The first screen comes sooner without the run's modules (see DEVELOPERS.md,
    "Start-up"); the app tests build every entry of `CONSUMERS`, so a wrong
    name fails there. `wanted` says whether a run needs the consumer at all:
    when it does not (no `--board`, no devices), the module is not imported
    and the run gets a consumer that does nothing, so a counting solo run
    does not carry its code (tests/test_run_footprint.py).
    """
    module, name = target.split(":")

    def build(context: RunContext) -> RunConsumer:
        if wanted is not None and not wanted(context.services):
            from kicktimer.app.consumers import BaseConsumer

            return BaseConsumer()
        factory: ConsumerFactory = getattr(importlib.import_module(module), name)
        return factory(context)

    return build


CONSUMERS: tuple[ConsumerFactory, ...] = (
    on_run_start("kicktimer.app.history_writer:write_history"),  # first: a lap is stored before all else
    on_run_start("kicktimer.app.sound_and_voice:sound_and_voice"),
    on_run_start("kicktimer.app.timer_feed:show_on_timer"),
    on_run_start(  # the browser board (--board)
        "kicktimer.app.board.consumer:show_on_board", wanted=lambda services: services.board is not None
    ),
    on_run_start(  # the treadmill and strap, when given any
        "kicktimer.app.devices_feed:drive_devices", wanted=lambda services: services.devices is not None
    ),
)
"""What every run drives, in this order (see `kicktimer.app.consumers`): one line per consumer."""

if TYPE_CHECKING:
    from kicktimer.app.board.link import BoardLink


def make_app(
    *,
    audio: AudioOut,
    store: HistoryStore,
    clock: Clock | None = None,
    entries: Sequence[PickerEntry] | None = None,
    workout: Workout | None = None,
    plan: Plan | None = None,
    workout_yaml: str = "",
    where: Environment | None = None,
    reps: int | Sequence[int] | None = None,
    planner: Planner | None = None,
    lead_in_s: float = 10.0,
    units: str = "km",
    speak_steps: bool = True,
    report: ReportFor | None = None,
    export_offer: ExportOffer | None = None,
    mode: RunMode | None = None,
    extra_consumers: Sequence[ConsumerFactory] = (),
    notices: Sequence[str] = (),
    board: BoardLink | None = None,
    devices: DeviceConfig | None = None,
) -> KickApp:
    """The app, opening on the picker, a workout's preview, or a ready plan's timer.

    `planner` compiles a workout for the picker and the preview (required
    with `entries` or `workout`); `where` and `reps` are the command line's
    choices for the preview; `report` builds the finish screen's kick report;
    `export_offer` lets the finish screen save a session the history could not keep.

    `notices` are shown as warnings when the app opens (a config key it
    ignores, a cue file it left out): printed before the screen opens, they
    would go unseen. `mode` is the run mode (default solo); coach mode opens on one workout or
    a plan, not the picker. `extra_consumers` are driven after `CONSUMERS`.
    `board` (from `kicktimer.app.board.link.open_board`) serves the run to browsers.
    """
    opening: Opening
    given = [
        name
        for name, value in (("entries", entries), ("workout", workout), ("plan", plan))
        if value is not None
    ]
    if len(given) != 1:
        raise ValueError(f"make_app needs exactly one of entries, workout or plan (got {given or 'none'})")
    if plan is not None:
        opening = RunNow(plan, workout_yaml)
    elif workout is not None:
        opening = PreviewOne(workout, where=where, reps=reps)
    else:
        opening = PickFrom(tuple(entries or ()))
    if not isinstance(opening, RunNow) and planner is None:
        raise ValueError("the picker and the preview need a planner")
    mode = SoloMode() if mode is None else mode
    if not mode.can_pick and isinstance(opening, PickFrom):
        raise ValueError("coach mode opens on one workout (or a plan), not the picker")
    services_clock = clock if clock is not None else MonotonicClock()
    services = Services(
        audio=audio,
        store=store,
        clock=services_clock,
        mode=mode,
        consumers=(*CONSUMERS, *extra_consumers),
        planner=planner,
        units=units,
        lead_in_s=lead_in_s,
        speak_steps=speak_steps,
        report=report,
        export_offer=export_offer,
        notices=tuple(notices),
        board=board,
        devices=None if devices is None or not devices.wanted else _device_hub(devices, services_clock),
    )
    return KickApp(services, opening)


def _device_hub(devices: DeviceConfig, clock: Clock) -> DeviceHub:
    """The treadmill and strap the run was given; imported only then (start-up stays short)."""
    from kicktimer.app.devices_hub import DeviceHub

    return DeviceHub(devices, clock.now)
