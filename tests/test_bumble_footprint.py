"""What a bumble session leaves unimported (devices/deferred.py), and that it still works.

Each test runs kicktimer's side in a fresh Python (the test process has bumble
loaded already, for the in-process simulator) against the simulated treadmill
and strap served over loopback TCP in a third process, as `kick run --ble
tcp-client:...` does: the radio is loaded before the loop, then the treadmill
and the strap connect (scan, GATT discovery, subscriptions), a speed is set,
and the belt's and the strap's notifications come in; then the treadmill is
connected again and set another speed. The child prints which
of bumble's seldom-used modules got imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

SIMULATOR = Path(__file__).with_name("treadmill_sim.py")
SRC = Path(__file__).resolve().parents[1] / "src"
DEFERRED = (
    "secrets",
    "_hashlib",
    "json",
    "bumble.crypto",
    "bumble.company_ids",
    "bumble.drivers",
    "bumble.sdp",
)

SESSION = """
import asyncio, sys
from kicktimer.devices import radio
from kicktimer.devices.heart_rate import HeartRateStrap
from kicktimer.devices.treadmill import Treadmill, TreadmillSettings

TRANSPORT = {transport!r}


async def until(check):
    while not check():
        await asyncio.sleep(0.05)


async def belt(chosen, notices, speed):
    # a treadmill session that sets a speed and sees the belt's data, then hangs up
    treadmill = Treadmill(
        lambda: chosen.connect("KICKSIM Tread", seconds=10),
        TreadmillSettings(),
        now=asyncio.get_running_loop().time,
        notify=notices.append,
    )
    treadmill.start()
    await asyncio.wait_for(treadmill.connected_once.wait(), 30)
    treadmill.step(speed, None)
    await asyncio.wait_for(treadmill.idle(), 30)
    await asyncio.wait_for(until(lambda: (treadmill.figures.speed_kmh or 0) > 0), 30)
    await treadmill.close(timeout=5)


async def session():
    chosen = await radio.open_radio(TRANSPORT)
    notices, beats = [], []
    strap = HeartRateStrap(
        lambda: chosen.connect("KICKSIM HR", seconds=10),
        now=asyncio.get_running_loop().time,
        notify=notices.append,
        on_reading=lambda bpm, at: beats.append(bpm),
    )
    strap.start()
    await belt(chosen, notices, 9.0)
    await belt(chosen, notices, 10.0)  # connected again, as after a dropped link
    await asyncio.wait_for(until(lambda: len(beats) >= 3), 30)
    loaded = [name for name in {deferred!r} if name in sys.modules]
    await strap.close()
    await chosen.close()
    import json  # only now: the list above is of what the session imported

    print(json.dumps({{"loaded": loaded, "notices": notices}}))


radio.load_before_the_loop(TRANSPORT)
asyncio.run(session())
"""


SDP_PEER = """
import asyncio, sys
from kicktimer.devices.deferred import standing_in

with standing_in():
    from bumble.device import Device
from bumble.controller import Controller
from bumble.core import UUID
from bumble.hci import Address
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

HANDLE = 0x00010001
SERVICE = UUID("E6D55659-C8B4-4B85-96BB-B1143AF6D3AE")


def device(link, address):
    controller = Controller(address, link=link, public_address=address)
    return Device(address=Address(address), host=Host(controller, AsyncPipeSink(controller)))


async def main():
    link = LocalLink()
    server, client = device(link, "F0:F1:F2:F3:F4:F5"), device(link, "F5:F4:F3:F2:F1:F0")
    await server.power_on()
    await client.power_on()
    print("sdp imported by the devices:", "bumble.sdp" in sys.modules)
    await server.start_advertising()
    connection = await client.connect(server.random_address)
    from bumble.sdp import Client, DataElement, ServiceAttribute
    from bumble.sdp import SDP_SERVICE_CLASS_ID_LIST_ATTRIBUTE_ID as CLASSES
    from bumble.sdp import SDP_SERVICE_RECORD_HANDLE_ATTRIBUTE_ID as RECORD

    async with Client(connection) as asking:
        print("before the records:", await asking.search_services([SERVICE]))
        server.sdp_service_records = {
            HANDLE: [
                ServiceAttribute(RECORD, DataElement.unsigned_integer_32(HANDLE)),
                ServiceAttribute(CLASSES, DataElement.sequence([DataElement.uuid(SERVICE)])),
            ]
        }
        print("with the records:", await asking.search_services([SERVICE]))


asyncio.run(main())
"""


def serve(tmp_path: Path, *options: str) -> Iterator[tuple[str, Path]]:
    """The simulator in its own process: the transport spec that reaches it, and its command log."""
    ready, log = tmp_path / "ready", tmp_path / "sim.jsonl"
    process = subprocess.Popen(
        [
            sys.executable,
            str(SIMULATOR),
            "--port",
            "0",
            "--port-file",
            str(ready),
            "--log",
            str(log),
            *options,
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not (ready.exists() and ready.read_text().strip()):
            assert process.poll() is None, "the simulator exited"
            assert time.monotonic() < deadline, "the simulator did not start listening"
            time.sleep(0.05)
        yield f"tcp-client:127.0.0.1:{ready.read_text().strip()}", log
    finally:
        process.kill()
        process.wait(timeout=10)


@pytest.fixture
def plain(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(tmp_path)


@pytest.fixture
def encrypted(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    yield from serve(tmp_path, "--encrypted-control-point")


def run_child(script: str) -> subprocess.CompletedProcess[str]:
    """A fresh Python with kicktimer's source, so bumble is imported as `kick run` imports it."""
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )


def run_session(transport: str) -> dict[str, object]:
    done = run_child(SESSION.format(transport=transport, deferred=DEFERRED))
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def commands(log: Path) -> list[tuple[str, object]]:
    return [(entry["what"], entry["value"]) for entry in map(json.loads, log.read_text().splitlines())]


def test_a_connected_session_leaves_the_seldom_used_modules_unimported(plain: tuple[str, Path]) -> None:
    transport, log = plain
    result = run_session(transport)
    assert result["loaded"] == []
    assert result["notices"] == []
    assert {("speed", 9.0), ("speed", 10.0)} <= set(commands(log))


def test_a_control_point_that_needs_encryption_still_pairs(encrypted: tuple[str, Path]) -> None:
    """Pairing imports what it needs when it needs it (bumble's crypto and `secrets`)."""
    transport, log = encrypted
    result = run_session(transport)
    assert result["notices"] == []
    assert {("speed", 9.0), ("speed", 10.0)} <= set(commands(log))
    assert "bumble.crypto" in result["loaded"]  # type: ignore[operator]  # a list from JSON
    assert "secrets" in result["loaded"]  # type: ignore[operator]


def test_a_classic_peer_still_gets_answers_from_the_sdp_server() -> None:
    """Every bumble Device registers an SDP server; its stand-in hands a classic peer to bumble's own."""
    done = run_child(SDP_PEER)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines() == [
        "sdp imported by the devices: False",
        "before the records: []",
        "with the records: [65537]",
    ]
