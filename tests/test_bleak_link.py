"""What only the bleak link does: bleak's BlueZ backend against the fake BlueZ on a private D-Bus.

The treadmill session's own behaviour is checked on both links in
test_treadmill_session.py. These check what BlueZ adds: one adapter shared
by the treadmill and the strap connecting at once (bluetoothd keeps one
discovery per D-Bus connection), a device that leaves BlueZ's object tree
when it goes out of range, writes that need pairing, and the link asked
about a characteristic after its device has gone; and `kick devices` where
there is no `bluetoothctl`, no BlueZ or no system bus at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from conftest import SystemBus
from device_support import started_treadmill
from fake_bluez import FakeBlueZ
from kicktimer.devices import ftms_codec as codec
from kicktimer.devices.heart_rate import HeartRateStrap
from kicktimer.devices.link import GattLink
from kicktimer.devices.treadmill import Treadmill, TreadmillSettings
from private_bus import private_system_bus
from treadmill_model import Switches

FAST = Switches(time_scale=5, data_period_s=0.1)


@pytest.fixture
async def bluez(on_system_bus: SystemBus) -> AsyncIterator[FakeBlueZ]:
    fake = await FakeBlueZ.start(on_system_bus.address, FAST)
    yield fake
    await fake.stop()


async def test_treadmill_and_strap_connect_at_once_through_one_adapter(bluez: FakeBlueZ) -> None:
    """As the app does: both devices start connecting together on one radio; neither may be refused."""
    from kicktimer.devices.link_bleak import BleakRadio

    shared = BleakRadio()
    notices: list[str] = []
    now = asyncio.get_running_loop().time
    treadmill = Treadmill(
        lambda: shared.connect(FakeBlueZ.TREADMILL_NAME, seconds=5),
        TreadmillSettings(),
        now=now,
        notify=notices.append,
    )
    readings: list[int] = []
    strap = HeartRateStrap(
        lambda: shared.connect(FakeBlueZ.STRAP_NAME, seconds=5),
        now=now,
        notify=notices.append,
        on_reading=lambda bpm, at: readings.append(bpm),
    )
    treadmill.start()
    strap.start()
    try:
        await asyncio.wait_for(treadmill.connected_once.wait(), 15)
        async with asyncio.timeout(15):
            while not readings:
                await asyncio.sleep(0.05)
        treadmill.step(10.0, None)
        await bluez.treadmill.log.wait_for(lambda e: ("start", None) in e, 10)
        assert notices == []
        assert sorted(bluez.connects) == [FakeBlueZ.STRAP_NAME, FakeBlueZ.TREADMILL_NAME]
    finally:
        await treadmill.close(timeout=1)
        await strap.close()


async def test_a_treadmill_out_of_range_leaves_bluez_and_is_found_again(bluez: FakeBlueZ) -> None:
    from kicktimer.devices.link_bleak import BleakRadio

    shared = BleakRadio()
    notices: list[str] = []
    treadmill = started_treadmill(shared, FakeBlueZ.TREADMILL_NAME, notices)
    try:
        await asyncio.wait_for(treadmill.connected_once.wait(), 15)
        treadmill.step(10.0, None)
        await bluez.treadmill.log.wait_for(lambda e: ("start", None) in e, 10)
        dropped_at = len(bluez.treadmill.log.entries)
        await bluez.treadmill.drop_link(out_of_range=True)
        async with asyncio.timeout(20):
            while "Treadmill reconnected" not in notices:
                await asyncio.sleep(0.05)
        assert notices == [
            "Treadmill disconnected: timing goes on; reconnecting in the background",
            "Treadmill reconnected",
        ]
        await asyncio.wait_for(treadmill.idle(), 5)
        again = bluez.treadmill.log.entries[dropped_at:]
        assert again == [("control", None), ("speed", 10.0), ("start", None)]  # the step under way, again
        treadmill.step(11.0, None)
        await bluez.treadmill.log.wait_for(lambda e: ("speed", 11.0) in e, 10)
        assert bluez.treadmill.log.entries[-1:] == [("speed", 11.0)]
        assert bluez.connects == [FakeBlueZ.TREADMILL_NAME, FakeBlueZ.TREADMILL_NAME]
    finally:
        await treadmill.close(timeout=1)


@pytest.mark.parametrize("how", ["killed", "stopped"])
async def test_bluetoothd_restarting_mid_run_is_one_notice_and_the_step_is_sent_again(
    how: str, on_system_bus: SystemBus
) -> None:
    """bluetoothd goes (killed: its name just vanishes; stopped: it drops its links first) and comes
    back: one notice, the link returns once org.bluez has an owner again, with the step's targets."""
    from kicktimer.devices.link_bleak import BleakRadio

    fake = await FakeBlueZ.start(on_system_bus.address, FAST)
    radio = BleakRadio()
    notices: list[str] = []
    treadmill = started_treadmill(radio, FakeBlueZ.TREADMILL_NAME, notices)
    dropped = "Treadmill disconnected: timing goes on; reconnecting in the background"
    try:
        await asyncio.wait_for(treadmill.connected_once.wait(), 15)
        treadmill.step(10.0, 2.0)
        await fake.treadmill.log.wait_for(lambda e: ("start", None) in e, 10)
        if how == "stopped":
            fake.tread_device.drop()
        await fake.stop()
        async with asyncio.timeout(4):  # before the 5 s silence watchdog could say it instead
            while dropped not in notices:
                await asyncio.sleep(0.05)
        await asyncio.sleep(1.5)  # a while without bluetoothd: no notice, no failed tries
        assert notices == [dropped]
        fake = await FakeBlueZ.start(on_system_bus.address, FAST)
        await fake.treadmill.log.wait_for(lambda e: ("start", None) in e, 15)
        assert fake.treadmill.log.entries == [
            ("control", None),
            ("speed", 10.0),
            ("incline", 2.0),
            ("start", None),
        ]
        assert notices == [dropped, "Treadmill reconnected"]
    finally:
        await treadmill.close(timeout=1)
        await radio.close()
        await fake.stop()


async def test_a_control_point_that_needs_encryption_is_paired_by_bluez(on_system_bus: SystemBus) -> None:
    from kicktimer.devices.link_bleak import BleakRadio

    fake = await FakeBlueZ.start(on_system_bus.address, Switches(encrypted_control_point=True))
    link: GattLink | None = None
    try:
        link = await BleakRadio().connect(FakeBlueZ.TREADMILL_NAME, seconds=5)
        answers: list[bytes] = []
        await link.subscribe(codec.FTMS_CONTROL_POINT, answers.append)
        await link.write(codec.FTMS_CONTROL_POINT, codec.request_control())
        await fake.treadmill.log.wait_for(lambda e: e == [("control", None)], 5)
        assert fake.tread_device.pairings == 1
        assert fake.tread_device.write_types == ["request"]
    finally:
        if link is not None:
            await link.disconnect()
        await fake.stop()


async def test_a_link_whose_device_dropped_answers_has_without_raising(bluez: FakeBlueZ) -> None:
    """`has` after the drop: bleak's services are gone, and the question must not become a crash."""
    from kicktimer.devices.link_bleak import BleakRadio

    link = await BleakRadio().connect(FakeBlueZ.TREADMILL_NAME, seconds=5)
    dropped = asyncio.Event()
    link.on_disconnect(dropped.set)
    assert link.has(codec.TREADMILL_DATA)
    await bluez.treadmill.drop_link()
    await asyncio.wait_for(dropped.wait(), 5)
    assert not link.has(codec.TREADMILL_DATA)
    await link.disconnect()


async def kick_devices(environment: dict[str, str], *args: str) -> tuple[int, str, str]:
    """`kick devices --ble bleak` in its own process while this loop keeps serving the fake BlueZ."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "kicktimer",
        "devices",
        "--ble",
        "bleak",
        *args,
        env=environment,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_kick_devices_over_bleak_without_bluetoothctl(
    bluez: FakeBlueZ, on_system_bus: SystemBus, kick_dirs: Path
) -> None:
    """No `bluetoothctl` (a container, a Flatpak): bleak assumes a recent BlueZ and prints nothing."""
    environment = dict(os.environ, PATH=str(kick_dirs / "no-tools"))
    status, out, err = await kick_devices(environment, "--seconds", "1")
    assert (status, err) == (0, "")
    assert out.splitlines()[:2] == [
        "KICKSIM Tread  C0:00:00:00:00:01  treadmill",
        "    speed_control, incline_control, total_distance, incline, speed 1–20 km/h by 0.1, "
        "incline -3–15 % by 0.5",
    ]


@pytest.mark.parametrize(
    ("bus", "message"),
    [
        ("missing", "kick devices: Bluetooth: scanning: no system D-Bus to reach BlueZ on ("),
        (
            "no bluez",
            "kick devices: Bluetooth: scanning: BlueZ is not running (no bluetoothd on the system D-Bus)",
        ),
    ],
)
async def test_kick_devices_without_bluez_is_one_line(
    bus: str, message: str, system_bus: SystemBus, kick_dirs: Path
) -> None:
    """(`system_bus` only for its skip where dbus-daemon is missing.)"""
    with contextlib.ExitStack() as stack:
        # a bus of its own: on the shared one, a fake BlueZ another test just stopped may still own the name
        address = (
            f"unix:path={kick_dirs / 'no-socket'}"
            if bus == "missing"
            else stack.enter_context(private_system_bus())
        )
        environment = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=address)
        status, out, err = await kick_devices(environment, "--seconds", "1")
    assert status == 1 and out == ""
    assert err.startswith(message) and len(err.splitlines()) == 1, err


@pytest.mark.parametrize("output", [(), ("--json",)], ids=["text", "json"])
async def test_kick_devices_without_an_adapter_is_one_plain_line(
    output: tuple[str, ...], system_bus: SystemBus, kick_dirs: Path
) -> None:
    """bluetoothd runs but there is no adapter: bleak's reason, as one sentence, and exit status 1."""
    with private_system_bus() as address:
        fake = await FakeBlueZ.start(address, FAST)
        fake.remove_adapter()
        try:
            environment = dict(os.environ, DBUS_SYSTEM_BUS_ADDRESS=address, PATH=system_bus.path)
            status, out, err = await kick_devices(environment, "--seconds", "1", *output)
        finally:
            await fake.stop()
    assert (status, out, err) == (1, "", "kick devices: Bluetooth: scanning: No Bluetooth adapters found.\n")


async def test_a_treadmill_bluez_still_holds_from_an_earlier_kick_is_found_without_scanning(
    bluez: FakeBlueZ,
) -> None:
    """A kick that was killed never hung up: BlueZ keeps the link, and a connected treadmill does not
    advertise, so a scan never finds it. The next kick asks BlueZ for its connected devices first."""
    from kicktimer.devices.link_bleak import BleakRadio

    bluez.tread_device.advertise()
    bluez.tread_device.connect()  # what the killed process left behind
    link = await BleakRadio().connect(FakeBlueZ.TREADMILL_NAME, seconds=1)
    try:
        answers: list[bytes] = []
        await link.subscribe(codec.FTMS_CONTROL_POINT, answers.append)
        await link.write(codec.FTMS_CONTROL_POINT, codec.request_control())
        await bluez.treadmill.log.wait_for(lambda e: e == [("control", None)], 5)
        assert bluez.start_scans == []
    finally:
        await link.disconnect()
