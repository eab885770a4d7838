"""The treadmill session against the simulated treadmill, in process, over both GATT links.

These drive the same `Treadmill` and `HeartRateStrap` objects the app uses
and check what the simulated machine received (its command log) and what the
runner would be told (the notices). Each runs twice, on the same machine
(`treadmill_model.py`): through the bumble link on bumble's virtual link, and
through the bleak link, bleak's own BlueZ backend, against the fake BlueZ
(`fake_bluez.py`) on a private D-Bus.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from device_support import started_treadmill
from fake_bluez import FakeBlueZ
from kicktimer.devices import ftms_codec as codec
from kicktimer.devices.heart_rate import HeartRateStrap
from kicktimer.devices.link import DeviceError, GattLink, Radio
from kicktimer.devices.link_bumble import BumbleRadio
from kicktimer.devices.treadmill import Treadmill, TreadmillSettings
from treadmill_sim import Simulator, Switches, central_device

Entries = list[tuple[str, float | None]]
Served = Simulator | FakeBlueZ
Serve = Callable[[Switches], Awaitable[tuple[Served, Radio]]]


@pytest.fixture(params=["bumble", "bleak"])
def serve(request: pytest.FixtureRequest) -> Serve:
    """The simulated machines and a radio that reaches them: bumble's virtual link, or bleak on BlueZ."""
    if request.param == "bumble":

        async def bumble(switches: Switches) -> tuple[Served, Radio]:
            sim = await Simulator.start(switches)
            central = central_device(sim.link)
            await central.power_on()
            return sim, BumbleRadio(central, None)

        return bumble
    bus = request.getfixturevalue("on_system_bus")

    async def bleak(switches: Switches) -> tuple[Served, Radio]:
        from kicktimer.devices.link_bleak import BleakRadio

        return await FakeBlueZ.start(bus.address, switches), BleakRadio()

    return bleak


@dataclass
class Rig:
    sim: Served
    radio: Radio
    treadmill: Treadmill
    notices: list[str] = field(default_factory=list)
    stopped: list[str] = field(default_factory=list)

    async def wait_log(self, predicate: Callable[[Entries], bool], timeout: float = 10) -> Entries:
        await self.sim.treadmill.log.wait_for(predicate, timeout)
        return self.sim.treadmill.log.entries


async def make_rig(
    serve: Serve, switches: Switches | None = None, settings: TreadmillSettings | None = None
) -> Rig:
    sim, radio = await serve(switches or Switches(time_scale=5, data_period_s=0.1))
    notices: list[str] = []
    stopped: list[str] = []

    async def connect() -> GattLink:
        return await radio.connect(Simulator.TREADMILL_NAME, seconds=5)

    treadmill = Treadmill(
        connect,
        settings or TreadmillSettings(),
        now=asyncio.get_running_loop().time,
        notify=notices.append,
        on_stopped=stopped.append,
    )
    treadmill.start()
    await asyncio.wait_for(treadmill.connected_once.wait(), 10)
    return Rig(sim, radio, treadmill, notices, stopped)


@contextlib.asynccontextmanager
async def rigged(
    serve: Serve, switches: Switches | None = None, settings: TreadmillSettings | None = None
) -> AsyncIterator[Rig]:
    """`make_rig`, with the session closed and the machines stopped when the block ends."""
    made = await make_rig(serve, switches, settings)
    try:
        yield made
    finally:
        await made.treadmill.close(timeout=1)
        await made.sim.stop()


@pytest.fixture
async def rig(serve: Serve) -> AsyncIterator[Rig]:
    async with rigged(serve) as made:
        yield made


def commands(entries: Entries) -> Entries:
    return [entry for entry in entries if entry[0] != "control"]


async def test_a_step_sets_speed_then_incline_then_starts_the_belt(rig: Rig) -> None:
    rig.treadmill.step(12.0, 6.0)
    entries = await rig.wait_log(lambda e: ("start", None) in e)
    assert entries == [("control", None), ("speed", 12.0), ("incline", 6.0), ("start", None)]
    rig.treadmill.step(8.5, 0.0)
    entries = await rig.wait_log(lambda e: ("speed", 8.5) in e)
    await rig.wait_log(lambda e: e[-1] == ("incline", 0.0))
    assert commands(entries)[3:] == [("speed", 8.5), ("incline", 0.0)]
    assert rig.treadmill.figures.controlling and rig.treadmill.figures.target_kmh == 8.5
    assert rig.notices == []


async def test_the_belt_ramps_and_distance_grows(serve: Serve) -> None:
    """Total Distance and integrated speed agree (real time here: no time scaling)."""
    async with rigged(serve, Switches(ramp_kmh_per_s=6, data_period_s=0.2)) as made:
        made.treadmill.step(12.0, None)
        await made.wait_log(lambda e: ("start", None) in e)
        odometer = made.treadmill.odometer
        async with asyncio.timeout(15):
            while odometer.distance_m < 12 or (made.treadmill.figures.speed_kmh or 0) < 11.9:
                await asyncio.sleep(0.1)
        assert odometer.has_total
        assert odometer.integrated_m == pytest.approx(odometer.distance_m, abs=2)


async def test_pause_and_resume(serve: Serve) -> None:
    async with rigged(serve) as made:
        made.treadmill.step(10.0, None)
        made.treadmill.pause()
        made.treadmill.resume()
        entries = await made.wait_log(lambda e: e.count(("start", None)) == 2)
        assert commands(entries) == [("speed", 10.0), ("start", None), ("pause", None), ("start", None)]


async def test_targets_are_capped_and_fitted_to_the_machine(serve: Serve) -> None:
    settings = TreadmillSettings(max_speed_kmh=16.0, max_incline_pct=10.0)
    async with rigged(serve, settings=settings) as made:
        made.treadmill.step(25.0, 18.3)
        entries = await made.wait_log(lambda e: ("start", None) in e)
        assert commands(entries) == [("speed", 16.0), ("incline", 10.0), ("start", None)]
        made.treadmill.step(12.345, 4.26)  # machine steps: 0.1 km/h and 0.5 %
        entries = await made.wait_log(lambda e: len(commands(e)) == 5)
        assert commands(entries)[3:] == [("speed", 12.3), ("incline", 4.5)]


async def test_finish_slows_to_walking_or_stops(serve: Serve) -> None:
    for finish, expected in (("walk", [("speed", 5.0), ("incline", 0.0)]), ("stop", [("stop", None)])):
        settings = TreadmillSettings(finish=finish)  # type: ignore[arg-type]
        async with rigged(serve, settings=settings) as made:
            made.treadmill.step(11.0, 2.0)
            await made.wait_log(lambda e: ("start", None) in e)
            await asyncio.wait_for(made.treadmill.finish(), 5)
            assert commands(made.sim.treadmill.log.entries)[3:] == expected


async def test_encrypted_control_point_is_paired_just_works(serve: Serve) -> None:
    async with rigged(serve, Switches(encrypted_control_point=True, time_scale=5, data_period_s=0.1)) as made:
        made.treadmill.step(9.0, None)
        entries = await made.wait_log(lambda e: ("start", None) in e)
        assert entries == [("control", None), ("speed", 9.0), ("start", None)]
        assert made.notices == []


async def test_refused_control_is_one_notice_and_the_targets_stay_on_screen(serve: Serve) -> None:
    async with rigged(serve, Switches(refuse_control=True, time_scale=5, data_period_s=0.1)) as made:
        for speed in (10.0, 12.0, 8.0):
            made.treadmill.step(speed, None)
        await asyncio.wait_for(made.treadmill.idle(), 5)
        assert made.sim.treadmill.log.entries == []
        refusals = [n for n in made.notices if "refused control" in n]
        assert refusals == ["Treadmill refused control (control not permitted): follow the targets on screen"]
        assert not made.treadmill.figures.controlling
        assert made.treadmill.figures.target_kmh == 8.0


async def test_invalid_parameter_is_one_notice(serve: Serve) -> None:
    switches = Switches(refuse_speed_above_centi=1500, time_scale=5, data_period_s=0.1)
    async with rigged(serve, switches) as made:
        made.treadmill.step(18.0, None)
        made.treadmill.step(17.0, None)
        await asyncio.wait_for(made.treadmill.idle(), 5)
        assert [n for n in made.notices if "invalid parameter" in n] == [
            "Treadmill refused set target speed: invalid parameter"
        ]


async def test_control_is_requested_again_after_result_05_or_status_ff(rig: Rig) -> None:
    rig.treadmill.step(10.0, None)
    await rig.wait_log(lambda e: ("start", None) in e)
    await rig.sim.treadmill.revoke_control()
    await asyncio.sleep(0.2)
    rig.treadmill.step(11.0, None)
    entries = await rig.wait_log(lambda e: ("speed", 11.0) in e)
    assert entries[-2:] == [("control", None), ("speed", 11.0)]
    rig.sim.treadmill.controller_connection = None  # lost silently: the machine answers 0x05
    rig.treadmill.step(12.0, None)
    entries = await rig.wait_log(lambda e: ("speed", 12.0) in e)
    assert entries[-2:] == [("control", None), ("speed", 12.0)]
    assert rig.notices == []


async def test_the_console_speed_wins_until_the_next_step(rig: Rig) -> None:
    rig.treadmill.step(12.0, None)
    await rig.wait_log(lambda e: ("start", None) in e)
    await rig.sim.treadmill.console_speed(9.0)
    await asyncio.sleep(0.2)
    figures = rig.treadmill.figures
    assert figures.console_override_kmh == 9.0 and not figures.controlling
    assert rig.notices == ["Console speed 9.0 km/h: kicktimer leaves the belt alone until the next step"]
    rig.treadmill.pause()
    rig.treadmill.resume()
    rig.treadmill.step(13.0, None)
    entries = await rig.wait_log(lambda e: ("speed", 13.0) in e)
    assert [e for e in commands(entries) if e[0] == "speed"] == [("speed", 12.0), ("speed", 13.0)]
    assert figures.console_override_kmh is None and figures.controlling


@pytest.mark.parametrize("press", ["press_stop", "pull_safety_key"])
async def test_the_console_stop_and_safety_key_pause_the_timer(rig: Rig, press: str) -> None:
    rig.treadmill.step(10.0, None)
    await rig.wait_log(lambda e: ("start", None) in e)
    await getattr(rig.sim.treadmill, press)()
    await asyncio.sleep(0.2)
    why = "the safety key" if press == "pull_safety_key" else "the console"
    assert rig.stopped == [why]
    assert rig.notices == [f"Belt stopped by {why}: the timer is paused"]
    rig.treadmill.pause()  # the run's own pause follows: nothing to send to a stopped belt
    rig.treadmill.resume()
    entries = await rig.wait_log(lambda e: e.count(("start", None)) == 2)
    assert ("pause", None) not in entries


async def test_commands_are_serialised_so_a_slow_machine_never_sees_overlap(serve: Serve) -> None:
    async with rigged(serve, Switches(response_delay_s=0.15, time_scale=5, data_period_s=0.1)) as made:
        made.treadmill.step(10.0, 3.0)
        made.treadmill.pause()
        made.treadmill.resume()
        entries = await made.wait_log(lambda e: e.count(("start", None)) == 2)
        assert commands(entries) == [
            ("speed", 10.0),
            ("incline", 3.0),
            ("start", None),
            ("pause", None),
            ("start", None),
        ]
        assert made.notices == []


async def test_the_simulator_answers_overlapping_writes_with_att_fe(serve: Serve) -> None:
    """The check above can fail: a client that does not wait for the indication gets 0xFE."""
    sim, radio = await serve(Switches(response_delay_s=0.3))
    link = await radio.connect(Simulator.TREADMILL_NAME, seconds=5)
    try:
        await link.subscribe(codec.FTMS_CONTROL_POINT, lambda data: None)
        await link.write(codec.FTMS_CONTROL_POINT, codec.request_control())
        with pytest.raises(DeviceError) as refused:
            await link.write(codec.FTMS_CONTROL_POINT, codec.set_target_speed(1000))
        assert refused.value.att_error == 0xFE
        assert str(refused.value).endswith(": writing 0x2AD9: ATT error 0xFE (PROCEDURE_ALREADY_IN_PROGRESS)")
    finally:
        await link.disconnect()
        await sim.stop()


async def test_quirks_mph_coarse_incline_control_before_every_write(serve: Serve) -> None:
    switches = Switches(mph=True, inclination_range=False, time_scale=5, data_period_s=0.1)
    settings = TreadmillSettings(mph=True, incline_step_pct=1.0, control_every_write=True, write_gap_s=0.05)
    async with rigged(serve, switches, settings) as made:
        made.treadmill.step(16.09344, 4.6)
        entries = await made.wait_log(lambda e: ("start", None) in e)
        assert entries == [
            ("control", None),
            ("control", None),
            ("speed", 10.0),
            ("control", None),
            ("incline", 5.0),
            ("control", None),
            ("start", None),
        ]
        async with asyncio.timeout(10):
            while (made.treadmill.figures.speed_kmh or 0) < 16.05:  # ramping: wait for the top
                await asyncio.sleep(0.1)
        assert made.treadmill.figures.speed_kmh == pytest.approx(16.09, abs=0.05)


async def test_split_records_are_joined(serve: Serve) -> None:
    async with rigged(serve, Switches(split_records=True, time_scale=5, data_period_s=0.1)) as made:
        made.treadmill.step(12.0, 3.0)
        async with asyncio.timeout(10):
            while made.treadmill.odometer.distance_m < 10 or made.treadmill.figures.incline_pct != 3.0:
                await asyncio.sleep(0.1)
        assert made.treadmill.odometer.has_total
        assert made.notices == []


async def drop_and_reconnect(rig: Rig) -> int:
    """The treadmill goes out of range and comes back; the log's length when it dropped."""
    dropped_at = len(rig.sim.treadmill.log.entries)
    await rig.sim.treadmill.drop_link()
    async with asyncio.timeout(15):
        while "Treadmill reconnected" not in rig.notices:
            await asyncio.sleep(0.1)
    await asyncio.wait_for(rig.treadmill.idle(), 5)
    return dropped_at


async def test_a_dropped_link_is_one_notice_and_the_step_is_sent_again(rig: Rig) -> None:
    rig.treadmill.step(10.0, 2.0)
    await rig.wait_log(lambda e: ("start", None) in e)
    dropped_at = await drop_and_reconnect(rig)
    assert [n for n in rig.notices if "Console" not in n] == [
        "Treadmill disconnected: timing goes on; reconnecting in the background",
        "Treadmill reconnected",
    ]
    assert rig.sim.treadmill.log.entries[dropped_at:] == [
        ("control", None),  # control again on the new link
        ("speed", 10.0),
        ("incline", 2.0),  # the step under way, as if it had just started
        ("start", None),
    ]
    assert rig.treadmill.figures.controlling
    rig.treadmill.step(11.0, None)
    entries = await rig.wait_log(lambda e: ("speed", 11.0) in e)
    assert entries[-1:] == [("speed", 11.0)]


@pytest.mark.parametrize("override", ["speed", "incline"])
async def test_after_a_reconnection_what_the_console_overrode_stays_the_runners(
    rig: Rig, override: str
) -> None:
    rig.treadmill.step(12.0, 4.0)
    await rig.wait_log(lambda e: ("start", None) in e)
    if override == "speed":
        await rig.sim.treadmill.console_speed(9.0)
    else:
        await rig.sim.treadmill.console_incline(6.0)
    async with asyncio.timeout(5):
        while not rig.treadmill.figures.overridden:
            await asyncio.sleep(0.05)
    dropped_at = await drop_and_reconnect(rig)
    sent = rig.sim.treadmill.log.entries[dropped_at:]
    kept = ("incline", 4.0) if override == "speed" else ("speed", 12.0)
    assert sent == [("control", None), kept, ("start", None)]
    assert rig.treadmill.figures.overridden


async def test_a_reconnection_while_paused_sends_the_targets_but_leaves_the_belt_stopped(rig: Rig) -> None:
    rig.treadmill.step(10.0, None)
    rig.treadmill.pause()
    await rig.wait_log(lambda e: ("pause", None) in e)
    dropped_at = await drop_and_reconnect(rig)
    assert rig.sim.treadmill.log.entries[dropped_at:] == [("control", None), ("speed", 10.0)]
    rig.treadmill.resume()
    entries = await rig.wait_log(lambda e: len(e) > dropped_at + 2)
    assert entries[dropped_at + 2 :] == [("start", None)]


async def test_the_console_incline_wins_until_the_next_step(rig: Rig) -> None:
    rig.treadmill.step(12.0, 4.0)
    await rig.wait_log(lambda e: ("start", None) in e)
    await asyncio.wait_for(rig.treadmill.idle(), 5)
    await asyncio.sleep(0.2)  # the machine's echo of 4.0 % is kicktimer's own, not an override
    figures = rig.treadmill.figures
    assert not figures.overridden and figures.controlling
    await rig.sim.treadmill.console_incline(7.5)
    async with asyncio.timeout(5):
        while not figures.overridden:
            await asyncio.sleep(0.05)
    assert figures.console_override_incline_pct == 7.5 and not figures.controlling
    assert rig.notices == ["Console incline 7.5 %: kicktimer leaves the belt alone until the next step"]
    rig.treadmill.pause()
    rig.treadmill.resume()
    rig.treadmill.step(13.0, 5.0)
    entries = await rig.wait_log(lambda e: ("incline", 5.0) in e)
    assert [e for e in commands(entries) if e[0] == "incline"] == [("incline", 4.0), ("incline", 5.0)]
    assert figures.console_override_incline_pct is None and figures.controlling


async def test_quitting_while_paused_leaves_a_stopped_belt_stopped(rig: Rig) -> None:
    rig.treadmill.step(12.0, 3.0)
    rig.treadmill.pause()
    await rig.wait_log(lambda e: ("pause", None) in e)
    async with asyncio.timeout(10):
        while rig.treadmill.figures.speed_kmh != 0:
            await asyncio.sleep(0.05)
    await asyncio.wait_for(rig.treadmill.finish(), 5)
    assert commands(rig.sim.treadmill.log.entries) == [
        ("speed", 12.0),
        ("incline", 3.0),
        ("start", None),
        ("pause", None),
    ]


async def test_hold_while_ramping_sends_the_next_speed_once_the_belt_reached_the_last(serve: Serve) -> None:
    switches = Switches(ramp_kmh_per_s=4, time_scale=2, data_period_s=0.1)
    settings = TreadmillSettings(hold_while_ramping=True, ramp_hold_s=60)
    async with rigged(serve, switches, settings) as made:
        belt_at_write: list[tuple[str, float]] = []
        made.sim.treadmill.log.sink = lambda what, value: belt_at_write.append(
            (what, made.sim.treadmill.belt.speed_kmh)
        )
        made.treadmill.step(12.0, None)
        made.treadmill.step(12.0, None)  # stale: dropped
        await made.wait_log(lambda e: ("start", None) in e)
        made.treadmill.step(14.0, None)
        await made.wait_log(lambda e: ("speed", 14.0) in e, timeout=20)
        speed_14 = [at for what, at in belt_at_write if what == "speed"][-1]
        assert speed_14 >= 11.8  # held until the belt was at 12, not sent while it ramped


async def test_a_pause_is_never_held_behind_a_ramp(serve: Serve) -> None:
    switches = Switches(ramp_kmh_per_s=0.2, time_scale=1, data_period_s=0.1)
    async with rigged(serve, switches, TreadmillSettings(hold_while_ramping=True, ramp_hold_s=60)) as made:
        made.treadmill.step(12.0, 2.0)
        await made.wait_log(lambda e: ("start", None) in e)
        made.treadmill.step(14.0, 4.0)  # held: the belt is far from 12 km/h
        made.treadmill.pause()
        entries = await made.wait_log(lambda e: ("pause", None) in e)
        assert ("speed", 14.0) not in entries
        made.treadmill.resume()  # the held step's targets, then the belt
        entries = await made.wait_log(lambda e: e.count(("start", None)) == 2)
        assert commands(entries)[3:] == [("pause", None), ("speed", 14.0), ("incline", 4.0), ("start", None)]


async def test_a_device_that_is_not_there_is_one_notice(serve: Serve) -> None:
    sim, radio = await serve(Switches())
    notices: list[str] = []
    treadmill = started_treadmill(radio, "No Such Belt", notices, seconds=0.5)
    treadmill.step(10.0, None)
    await asyncio.sleep(2.5)  # several tries
    assert notices == ["Treadmill: Bluetooth: No Such Belt not found"]
    assert treadmill.figures.target_kmh == 10.0 and not treadmill.figures.connected
    await treadmill.close(timeout=0.5)
    await sim.stop()


async def test_heart_rate_strap_follows_the_belt(rig: Rig) -> None:
    notices: list[str] = []
    readings: list[int] = []

    async def connect() -> GattLink:
        return await rig.radio.connect(Simulator.STRAP_NAME, seconds=5)

    strap = HeartRateStrap(
        connect,
        now=asyncio.get_running_loop().time,
        notify=notices.append,
        on_reading=lambda bpm, at: readings.append(bpm),
    )
    strap.start()
    try:
        rig.treadmill.step(14.0, None)
        async with asyncio.timeout(15):
            while (strap.bpm or 0) < 150:
                await asyncio.sleep(0.1)
        assert readings == sorted(readings)
        assert notices == []
    finally:
        await strap.close()


BUMBLES_OWN_PAIRING = """
import asyncio, sys
import pytest
from kicktimer.devices.link import DeviceError
from kicktimer.devices.radio import open_radio

try:  # nothing listens there: the radio is refused, after bumble has been loaded as kick run loads it
    asyncio.run(open_radio("tcp-client:127.0.0.1:9"))
except DeviceError:
    pass
status = pytest.main(["-q", "-p", "no:cacheprovider", {test!r}])
print("cryptography loaded:", "cryptography" in sys.modules)
raise SystemExit(status)
"""


def test_kick_runs_bumble_without_the_cryptography_package_and_still_pairs() -> None:
    """The radio has bumble pair with its own Python maths (7.8 MiB less); Just Works must still work."""
    test = f"{__file__}::test_encrypted_control_point_is_paired_just_works[bumble]"
    done = subprocess.run(
        [sys.executable, "-c", BUMBLES_OWN_PAIRING.format(test=test)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parent,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    assert done.stdout.strip().endswith("cryptography loaded: False")


def open_connections(sim: Served) -> int:
    """How many centrals the simulated treadmill is connected to now."""
    if isinstance(sim, FakeBlueZ):
        return int(sim.tread_device.connected)
    return len(sim.treadmill.device.connections)


def open_strap_connections(sim: Served) -> int:
    """How many centrals the simulated heart-rate strap is connected to now."""
    if isinstance(sim, FakeBlueZ):
        return int(sim.strap_device.connected)
    return len(sim.strap.device.connections)


async def test_a_connection_whose_set_up_fails_is_hung_up(serve: Serve) -> None:
    """A treadmill that refuses a read while kicktimer sets up: one notice, and no connection left open
    (over bleak each try would also keep a D-Bus connection of its own)."""
    sim, radio = await serve(Switches(unreadable_feature=True, time_scale=5, data_period_s=0.1))
    notices: list[str] = []
    treadmill = started_treadmill(radio, Simulator.TREADMILL_NAME, notices)
    try:
        async with asyncio.timeout(15):
            while not notices or open_connections(sim):
                await asyncio.sleep(0.05)
        assert notices == ["Treadmill: Bluetooth: reading 0x2ACC: ATT error 0x02 (READ_NOT_PERMITTED)"]
    finally:
        await treadmill.close(timeout=1)
        await sim.stop()


async def test_a_strap_that_refuses_its_subscription_is_hung_up(serve: Serve) -> None:
    """A strap that refuses notifications on Heart Rate Measurement: one notice, and no link left open."""
    sim, radio = await serve(Switches(strap_refuses_subscription=True, time_scale=5, data_period_s=0.1))
    notices: list[str] = []
    strap = HeartRateStrap(
        lambda: radio.connect(Simulator.STRAP_NAME, seconds=5),
        now=asyncio.get_running_loop().time,
        notify=notices.append,
    )
    strap.start()
    try:
        async with asyncio.timeout(15):
            while not notices or open_strap_connections(sim):
                await asyncio.sleep(0.05)
        assert len(notices) == 1
        assert notices[0].startswith("Heart-rate strap: Bluetooth: subscribing to 0x2A37")
        assert not strap.connected
    finally:
        await strap.close()
        await sim.stop()


async def test_a_treadmill_that_hangs_up_while_being_set_up_is_tried_again(serve: Serve) -> None:
    """The treadmill drops the link as kicktimer subscribes to its data: one notice, the half-set-up
    link hung up, and the next try connects and drives the belt (no task left dead or hanging)."""
    sim, radio = await serve(Switches(hang_ups_on_subscribe=1, time_scale=5, data_period_s=0.1))
    notices: list[str] = []
    treadmill = started_treadmill(radio, Simulator.TREADMILL_NAME, notices)
    try:
        await asyncio.wait_for(treadmill.connected_once.wait(), 20)
        treadmill.step(10.0, None)
        await sim.treadmill.log.wait_for(lambda e: ("start", None) in e, 10)
        assert sim.treadmill.hang_ups == 1
        assert len(notices) == 2, notices
        assert notices[0].startswith("Treadmill: Bluetooth: subscribing to 0x2A")  # its data, or its status
        assert notices[1] == "Treadmill connected"
        assert open_connections(sim) == 1
    finally:
        await treadmill.close(timeout=1)
        await sim.stop()


async def test_a_step_that_comes_while_control_is_being_taken_waits_for_it(serve: Serve) -> None:
    """The first step arrives while the new link asks for control through a control point that needs
    encryption: its writes wait for that exchange (and its pairing) instead of overlapping it, so the
    machine pairs once and never answers 0xFE."""
    sim, radio = await serve(
        Switches(encrypted_control_point=True, response_delay_s=0.3, time_scale=5, data_period_s=0.1)
    )
    notices: list[str] = []
    treadmill = started_treadmill(radio, Simulator.TREADMILL_NAME, notices)
    try:
        async with asyncio.timeout(10):
            while not treadmill.figures.connected:  # set up, control being asked for
                await asyncio.sleep(0.005)
        assert not treadmill.connected_once.is_set()
        treadmill.step(9.0, None)
        await sim.treadmill.log.wait_for(lambda e: ("start", None) in e, 10)
        await asyncio.wait_for(treadmill.idle(), 5)
        assert sim.treadmill.log.entries == [("control", None), ("speed", 9.0), ("start", None)]
        assert notices == []
    finally:
        await treadmill.close(timeout=1)
        await sim.stop()


async def test_a_treadmill_that_sends_only_unreadable_data_is_one_notice_not_a_dropped_link(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Packets kicktimer cannot read still show the link is alive: one notice, and the silence
    watchdog (a link that says nothing is gone) does not drop and reconnect it over and over."""
    from kicktimer.devices import treadmill as treadmill_module

    monkeypatch.setattr(treadmill_module, "SILENCE_S", 0.5)
    async with rigged(serve) as made:
        for task in made.sim.tasks:
            task.cancel()  # the machine's own readable data stops
        for _ in range(20):  # 2 s, four silences' worth
            await made.sim.treadmill.notify(0x2ACD, b"\x00\x00\x01")  # speed present, one byte of it
            await asyncio.sleep(0.1)
        assert made.notices == ["Treadmill sent a Treadmill Data packet kicktimer cannot read; ignored"]
        assert made.treadmill.figures.connected
