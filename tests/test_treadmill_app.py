"""The whole app with the simulated treadmill and strap, joined over the TCP-served virtual link.

`make_app(devices=...)` with `tcp-client:127.0.0.1:PORT`, exactly the
transport `kick run --ble` takes: the devices feed drives the belt from the
run's effects, a distance step ends on the belt's distance, and the laps in
the history carry belt distance, speed and heart rate.
"""

from __future__ import annotations

import asyncio
import gc
import re
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import Static

from app_support import rig_for_plan
from kicktimer.app.app import KickApp
from kicktimer.app.devices_feed import belt_targets, ends_on_belt
from kicktimer.app.factory import make_app
from kicktimer.app.screens.preview import PreviewScreen
from kicktimer.app.screens.timer import TimerScreen
from kicktimer.audio.recording import RecordingAudio
from kicktimer.config import Config
from kicktimer.core.profile import Profile
from kicktimer.core.segments import Segment
from kicktimer.devices.heart_rate import STALE_S
from kicktimer.devices.settings import DeviceConfig
from kicktimer.history import MemoryStore
from kicktimer.library import WorkoutEntry
from kicktimer.planning import prepare_plan
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import Environment, StepKind
from plan_builders import plan_of, timed
from treadmill_sim import Simulator, Switches, drop_tcp_clients, serve_link


@dataclass
class Served:
    sim: Simulator
    transport: str


@pytest.fixture
async def served() -> AsyncIterator[Served]:
    sim = await Simulator.start(Switches(time_scale=10, data_period_s=0.1))
    server = await serve_link(sim.link)
    port = server.sockets[0].getsockname()[1]
    yield Served(sim, f"tcp-client:127.0.0.1:{port}")
    server.close()
    await sim.stop()


def treadmill_plan() -> tuple[Segment, ...]:
    run = Segment(
        index=0,
        kind=StepKind.RUN,
        label="Run 200 m",
        duration_s=50.0,
        distance_m=200.0,
        speed_kmh=14.4,
        incline_pct=2.0,
        incline_max_pct=4.0,
    )
    # The recovery's walk is what the compiler gives a recovery with no speed (core/belt.py).
    recover = timed("Recover", 2, StepKind.RECOVER, speed_kmh=5.0, incline_pct=0.0, speed_from="walk")
    return (timed("Jog", 3, StepKind.WARMUP, speed_kmh=8.0), run, recover)


def test_distance_steps_on_a_treadmill_wait_for_the_belt() -> None:
    plan = ends_on_belt(plan_of(*treadmill_plan(), environment=Environment.TREADMILL))
    jog, run, recover = plan.segments
    assert (jog.duration_s, recover.duration_s) == (3, 2)
    assert run.duration_s is None and run.target_s == 50.0 and run.waits_for_lap
    track = plan_of(*treadmill_plan())
    assert ends_on_belt(track) == track


def test_belt_targets_are_the_plans_own_and_use_the_low_end() -> None:
    _, run, recover = treadmill_plan()
    assert belt_targets(run) == (14.4, 2.0)
    assert belt_targets(recover) == (5.0, 0.0)
    paced = Segment(index=0, kind=StepKind.RUN, label="Tempo", duration_s=60, pace_s_per_km=240)
    assert belt_targets(paced) == (15.0, None)
    effort = Segment(index=0, kind=StepKind.RUN, label="Sprint", duration_s=30, effort="max", incline_pct=5)
    assert belt_targets(effort) == (None, 5)  # no speed the compiler could derive: the runner's


async def test_the_app_drives_the_belt_and_keeps_belt_and_heart_rate_in_history(served: Served) -> None:
    store = MemoryStore()
    plan = ends_on_belt(plan_of(*treadmill_plan(), environment=Environment.TREADMILL))
    devices = DeviceConfig(
        transport=served.transport, treadmill=Simulator.TREADMILL_NAME, heart_rate=Simulator.STRAP_NAME
    )
    app = make_app(audio=RecordingAudio(), store=store, plan=plan, lead_in_s=4, devices=devices)
    log = served.sim.treadmill.log
    lines: list[str] = []
    async with app.run_test() as pilot:
        await log.wait_for(lambda e: ("speed", 14.4) in e, 20)
        await pilot.pause()
        lines.append(str(app.screen.query_one("#devices", Static).render()))
        async with asyncio.timeout(30):
            while len(store.get_session(1).laps) < 3:
                await asyncio.sleep(0.2)
        await log.wait_for(lambda e: ("incline", 0.0) in e, 10)
    commands = [entry for entry in log.entries if entry[0] != "control"]
    assert commands == [
        ("speed", 8.0),
        ("start", None),  # the jog: the belt starts at the first step's speed
        ("speed", 14.4),
        ("incline", 2.0),  # the 200 m: the incline range's low end
        ("speed", 5.0),
        ("incline", 0.0),  # the recovery: a flat walk
    ]  # the finish: walk (the default); the belt already walks flat, so nothing more
    assert "KICKTIMER CONTROLS THE BELT" in lines[0]
    _, run, _ = store.get_session(1).laps
    assert run.ended_by == "lap"
    assert run.belt_distance_m is not None and 200 <= run.belt_distance_m < 225
    assert run.avg_speed_kmh is not None and run.avg_speed_kmh > 14.4  # the simulated belt runs 10× fast
    assert run.hr_avg is not None and run.hr_max is not None and run.hr_max >= run.hr_avg
    assert store.get_session(1).status == "completed"


async def test_without_devices_the_laps_have_no_device_figures() -> None:
    store = MemoryStore()
    plan = plan_of(timed("Jog", 0.3, StepKind.WARMUP, speed_kmh=8.0), environment=Environment.TREADMILL)
    app = make_app(audio=RecordingAudio(), store=store, plan=plan, lead_in_s=0)
    async with app.run_test() as pilot:
        async with asyncio.timeout(10):
            while not store.get_session(1).laps:
                await asyncio.sleep(0.05)
        await pilot.pause()
        assert not app.screen.query("#devices") or not app.screen.query_one("#devices", Static).display
    (lap,) = store.get_session(1).laps
    assert (lap.belt_distance_m, lap.avg_speed_kmh, lap.hr_avg, lap.hr_max) == (None, None, None, None)


async def test_a_new_devices_line_is_drawn_in_place_without_laying_out_the_screen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The belt's distance and the heart rate change the line every second or two. It is one
    row as wide as the screen, so each new text is drawn where the line is; only showing or
    hiding it lays the screen out again. A layout pass re-arranges the whole screen: one per
    new text made a run with devices cost half as much again as one without."""
    plan = plan_of(timed("Steady", 60, StepKind.RUN, speed_kmh=11.0), environment=Environment.TREADMILL)
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        screen = rig.app.screen
        assert isinstance(screen, TimerScreen)
        devices = screen.query_one("#devices", Static)
        assert not devices.display
        screen.show_devices(Text("BELT 11.0 km/h · 0.09 km   ♥ 142"))
        await pilot.pause()
        assert devices.display and devices.region.height == 1
        assert "BELT 11.0 km/h · 0.09 km   ♥ 142" in devices.render_line(0).text
        layouts: list[bool] = []
        refresh = devices.refresh

        def noting_layout(*regions: object, **options: bool) -> object:
            layouts.append(options.get("layout", False))
            return refresh(*regions, **options)  # type: ignore[arg-type]

        monkeypatch.setattr(devices, "refresh", noting_layout)
        for shown in ("BELT 11.0 km/h · 0.10 km   ♥ 143", "BELT 11.0 km/h · 0.10 km   ♥ 1"):
            screen.show_devices(Text(shown))
            await pilot.pause()
            assert devices.render_line(0).text.strip() == shown
        assert layouts and not any(layouts)
        screen.show_devices(Text())
        await pilot.pause()
        assert not devices.display


async def test_once_a_device_connects_the_bluetooth_stack_is_left_out_of_the_collectors_passes(
    served: Served,
) -> None:
    """bumble is some 28,000 objects that live as long as the app; every full pass of the
    garbage collector walked them again (18-30 ms a pass) until they were frozen, as
    start-up's objects are."""
    app = steady_belt_app(served)
    try:
        async with app.run_test():
            hub = app.services.devices
            assert hub is not None and hub.treadmill is not None
            await asyncio.wait_for(hub.treadmill.connected_once.wait(), 20)
            tracked = {id(thing) for thing in gc.get_objects()}
            for module in ("bumble.hci", "bumble.device", "kicktimer.devices.link_bumble"):
                assert id(vars(sys.modules[module])) not in tracked, module
    finally:
        gc.unfreeze()  # the other tests' objects go back to the collector


def steady_belt_app(served: Served) -> KickApp:
    """The app on a two-minute 10 km/h treadmill step, with the served simulator as its treadmill."""
    plan = plan_of(timed("Steady", 120, StepKind.RUN, speed_kmh=10.0), environment=Environment.TREADMILL)
    devices = DeviceConfig(transport=served.transport, treadmill=Simulator.TREADMILL_NAME)
    return make_app(audio=RecordingAudio(), store=MemoryStore(), plan=plan, lead_in_s=3, devices=devices)


async def test_the_console_stop_button_pauses_the_timer(served: Served) -> None:
    app = steady_belt_app(served)
    log = served.sim.treadmill.log
    async with app.run_test() as pilot:
        await log.wait_for(lambda e: ("start", None) in e, 20)
        assert not app.screen.has_class("-paused")
        await served.sim.treadmill.press_stop()
        async with asyncio.timeout(10):
            while not app.screen.has_class("-paused"):
                await pilot.pause(0.05)
        assert ("pause", None) not in log.entries  # the belt stopped itself: nothing to send
        await pilot.press("p")
        await log.wait_for(lambda e: e.count(("start", None)) == 2, 10)  # resuming restarts the belt


async def test_while_paused_the_belt_line_and_the_device_notices_still_change(served: Served) -> None:
    """Paused, the clock stands still, but the belt slows to a stop and the link may drop: the line
    and the notices say so then, not at the resume."""
    app = steady_belt_app(served)
    log = served.sim.treadmill.log

    def belt_line() -> str:
        return str(app.screen.query_one("#devices", Static).render())

    async with app.run_test() as pilot:
        await log.wait_for(lambda e: ("start", None) in e, 20)
        async with asyncio.timeout(10):
            while "BELT 10.0 km/h" not in belt_line():
                await pilot.pause(0.05)
        await pilot.press("p")
        await log.wait_for(lambda e: ("pause", None) in e, 10)
        async with asyncio.timeout(10):
            while "BELT 0.0 km/h" not in belt_line():
                await pilot.pause(0.05)
        await served.sim.treadmill.drop_link()
        screen = app.screen
        assert isinstance(screen, TimerScreen)
        async with asyncio.timeout(10):
            while not any(notice.startswith("Treadmill disconnected") for notice in screen.notices):
                await pilot.pause(0.05)
        assert screen.has_class("-paused")


async def test_a_controller_that_goes_away_and_comes_back_brings_the_belt_back(served: Served) -> None:
    """The Bluetooth controller itself goes (a USB dongle pulled out; here the TCP-served one's
    connection): the link is one notice, and once a controller answers again the belt is found on
    a newly opened radio and gets the step's targets again. The old radio never connects again."""
    app = steady_belt_app(served)
    log = served.sim.treadmill.log
    async with app.run_test() as pilot:
        await log.wait_for(lambda e: ("start", None) in e, 20)
        dropped_at = len(log.entries)
        drop_tcp_clients(served.sim.link)
        await log.wait_for(lambda e: ("speed", 10.0) in e[dropped_at:], 30)
        screen = app.screen
        assert isinstance(screen, TimerScreen)
        async with asyncio.timeout(5):  # shown with the clock's next frame
            while "Treadmill reconnected" not in screen.notices:
                await pilot.pause(0.05)
        assert screen.notices[:2] == (
            "Treadmill disconnected: timing goes on; reconnecting in the background",
            "Treadmill reconnected",
        )


def devices_line(app: KickApp) -> str:
    """The timer's devices line as drawn ("" before the timer is up)."""
    if not isinstance(app.screen, TimerScreen):
        return ""
    return str(app.screen.query_one("#devices", Static).render())


def strap_alone(served: Served) -> KickApp:
    """A two-minute treadmill run with the simulated strap and no treadmill."""
    plan = plan_of(timed("Steady", 120, StepKind.RUN), environment=Environment.TREADMILL)
    devices = DeviceConfig(transport=served.transport, heart_rate=Simulator.STRAP_NAME)
    return make_app(audio=RecordingAudio(), store=MemoryStore(), plan=plan, lead_in_s=1, devices=devices)


async def until_a_rate_shows(app: KickApp, pilot: Pilot[object]) -> None:
    async with asyncio.timeout(20):
        while not re.search(r"♥ \d", devices_line(app)):
            await pilot.pause(0.05)


async def test_a_strap_alone_comes_back_after_the_controller_goes_away(served: Served) -> None:
    """No treadmill and its silence watchdog to notice the lost controller: the strap's own link
    reports the drop, and the strap is found again on a newly opened radio."""
    app = strap_alone(served)
    async with app.run_test() as pilot:
        await until_a_rate_shows(app, pilot)
        screen = app.screen
        assert isinstance(screen, TimerScreen)
        drop_tcp_clients(served.sim.link)
        async with asyncio.timeout(30):
            while not any(notice.endswith("reconnected") for notice in screen.notices):
                await pilot.pause(0.05)
        assert [notice.split(" ")[-1] for notice in screen.notices[:2]] == ["background", "reconnected"]


async def test_paused_a_strap_that_goes_quiet_stops_showing_its_last_rate(served: Served) -> None:
    """Paused, no snapshot redraws the line: the rate must still go once it is too old to show."""
    app = strap_alone(served)
    async with app.run_test() as pilot:
        await until_a_rate_shows(app, pilot)
        await pilot.press("p")
        served.sim.strap.period_s = 3600  # one more beat at most, then quiet
        async with asyncio.timeout(STALE_S + 5):
            while "♥ –" not in devices_line(app):
                await pilot.pause(0.1)
        assert app.screen.has_class("-paused")


async def test_quitting_mid_run_walks_the_belt_before_letting_go(served: Served) -> None:
    plan = plan_of(timed("Steady", 120, StepKind.RUN, speed_kmh=12.0), environment=Environment.TREADMILL)
    devices = DeviceConfig(transport=served.transport, treadmill=Simulator.TREADMILL_NAME)
    app = make_app(audio=RecordingAudio(), store=MemoryStore(), plan=plan, lead_in_s=3, devices=devices)
    log = served.sim.treadmill.log
    async with app.run_test() as pilot:
        await log.wait_for(lambda e: ("start", None) in e, 20)
        await pilot.press("q")
        await pilot.press("y")
        await pilot.pause()
    await log.wait_for(lambda e: ("speed", 5.0) in e, 10)
    assert [e for e in log.entries if e[0] != "control"][-2:] == [("speed", 5.0), ("incline", 0.0)]


HILLS_ANYWHERE = """\
name: Hills anywhere
steps:
  - run: 30s
    effort: max
    incline: 6%
"""


@pytest.mark.parametrize("opened_from", ["kick run WORKOUT", "the picker"])
async def test_every_preview_says_what_is_connected(served: Served, opened_from: str) -> None:
    """`kick run W` and the picker's Enter open the same preview: with the devices line."""
    workout = load_workout_text(HILLS_ANYWHERE, "hills.yaml", sounds=builtin_sound_names()).workout
    devices = DeviceConfig(transport=served.transport, treadmill=Simulator.TREADMILL_NAME)
    config = Config(profile=Profile(races={"5k": 22 * 60 + 30.0}))
    opening: dict[str, object] = {"workout": workout, "where": Environment.TREADMILL}
    if opened_from == "the picker":
        opening = {
            "entries": [WorkoutEntry("hills", workout.name, Path("hills.yaml"), False, workout=workout)]
        }
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        planner=lambda w, where, reps: prepare_plan(w, where, reps, config),
        devices=devices,
        **opening,  # type: ignore[arg-type]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        if opened_from == "the picker":
            await pilot.press("enter")
        assert isinstance(app.screen, PreviewScreen)
        async with asyncio.timeout(20):
            while "connected, kicktimer sets" not in str(app.screen.query_one("#preview-devices").render()):
                await pilot.pause(0.1)
        line = str(app.screen.query_one("#preview-devices").render())
        assert line == "Treadmill KICKSIM Tread: connected, kicktimer sets speed and incline at each step"
