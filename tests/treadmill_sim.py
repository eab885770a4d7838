"""A simulated FTMS treadmill and heart-rate strap: bumble GATT servers on a virtual link.

The tests and the end-to-end run drive kicktimer's real treadmill session
against these instead of hardware. Switches reproduce what real machines do
(see /work/shared/spec/devices-and-formats.md, "Real machines"): control
permission, Invalid Parameter, ATT 0xFE for a write while one is pending, a
control point that needs encryption (paired with Just Works), speed in mph,
no inclination range, console buttons and the safety key (status
notifications). The belt ramps towards its target speed and integrates
distance; `time_scale` runs the belt's time faster, so a 400 m step ends in
seconds.

Run as a program, it serves a virtual link on a loopback TCP port (one
virtual controller speaking H4 per connection, since bumble removed its link
relay in 0.0.213) with both devices on it, and writes every control-point
command it accepts as one JSON line to --log:

    python tests/treadmill_sim.py --port 0 --log sim.jsonl --time-scale 10
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bumble import att, gatt, hci, ll
from bumble.controller import Controller
from bumble.core import UUID
from bumble.device import Connection, Device
from bumble.hci import Address
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink, PacketParser

FTMS = 0x1826
HRS = 0x180D


def u16(number: int) -> UUID:
    return UUID.from_16_bits(number)


def advert(name: str, service: int, service_data: bytes | None = None) -> bytes:
    """Flags, the 16-bit service list, optional service data and the complete name (≤ 31 bytes)."""
    data = bytes([2, 0x01, 0x06, 3, 0x03]) + service.to_bytes(2, "little")
    if service_data is not None:
        data += bytes([len(service_data) + 3, 0x16]) + service.to_bytes(2, "little") + service_data
    encoded = name.encode()
    data += bytes([len(encoded) + 1, 0x09]) + encoded
    assert len(data) <= 31, "legacy advertising carries 31 bytes; BlueZ drops longer data"
    return data


@dataclass
class Switches:
    """How this treadmill behaves: each switch is a quirk some real machine has."""

    needs_control: bool = True
    refuse_control: bool = False
    encrypted_control_point: bool = False
    mph: bool = False
    report_total_distance: bool = True
    inclination_range: bool = True
    split_records: bool = False
    response_delay_s: float = 0.0
    max_speed_centi: int = 2000
    min_speed_centi: int = 100
    refuse_speed_above_centi: int | None = None
    ramp_kmh_per_s: float = 3.0
    time_scale: float = 1.0
    data_period_s: float = 0.5


@dataclass
class Belt:
    """The belt's physics: speed ramps to the target while running; distance integrates speed."""

    state: str = "stopped"  # stopped, running, paused
    speed_kmh: float = 0.0
    target_kmh: float = 0.0
    incline_pct: float = 0.0
    distance_m: float = 0.0
    updated_at: float | None = None

    def advance(self, now: float, ramp_kmh_per_s: float, time_scale: float) -> None:
        if self.updated_at is None:
            self.updated_at = now
            return
        dt = (now - self.updated_at) * time_scale
        self.updated_at = now
        goal = self.target_kmh if self.state == "running" else 0.0
        step = ramp_kmh_per_s * dt
        start = self.speed_kmh
        self.speed_kmh = min(goal, start + step) if goal >= start else max(goal, start - step)
        self.distance_m += (start + self.speed_kmh) / 2 / 3.6 * dt


@dataclass
class Log:
    """Every control-point command the treadmill accepted, in order, and who waits for them."""

    entries: list[tuple[str, float | None]] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    sink: Callable[[str, float | None], None] | None = None

    def add(self, what: str, value: float | None = None) -> None:
        self.entries.append((what, value))
        self.changed.set()
        if self.sink is not None:
            self.sink(what, value)

    async def wait_for(
        self, predicate: Callable[[list[tuple[str, float | None]]], bool], timeout: float
    ) -> None:
        async with asyncio.timeout(timeout):
            while not predicate(self.entries):
                self.changed.clear()
                await self.changed.wait()


class Treadmill:
    """The FTMS server on its own bumble device."""

    def __init__(self, device: Device, switches: Switches) -> None:
        self.device = device
        self.switches = switches
        self.belt = Belt()
        self.log = Log()
        self.controller_connection: Connection | None = None
        self.pending = False
        self._tasks: set[asyncio.Task[None]] = set()
        s = switches
        features = (1 << 2 if s.report_total_distance else 0) | (1 << 3)
        self.feature = gatt.Characteristic(
            u16(0x2ACC),
            gatt.Characteristic.Properties.READ,
            gatt.Characteristic.READABLE,
            features.to_bytes(4, "little") + (0b11).to_bytes(4, "little"),
        )
        self.data = gatt.Characteristic(u16(0x2ACD), gatt.Characteristic.Properties.NOTIFY, 0, b"")
        speed_range = (
            s.min_speed_centi.to_bytes(2, "little")
            + s.max_speed_centi.to_bytes(2, "little")
            + (10).to_bytes(2, "little")
        )
        self.speed_range = gatt.Characteristic(
            u16(0x2AD4), gatt.Characteristic.Properties.READ, gatt.Characteristic.READABLE, speed_range
        )
        incline_range = (
            (-30).to_bytes(2, "little", signed=True) + (150).to_bytes(2, "little") + (5).to_bytes(2, "little")
        )
        self.incline_range = gatt.Characteristic(
            u16(0x2AD5), gatt.Characteristic.Properties.READ, gatt.Characteristic.READABLE, incline_range
        )
        permissions = gatt.Characteristic.WRITEABLE | (
            gatt.Characteristic.WRITE_REQUIRES_ENCRYPTION if s.encrypted_control_point else 0
        )
        self.control_point = gatt.Characteristic(
            u16(0x2AD9),
            gatt.Characteristic.Properties.WRITE | gatt.Characteristic.Properties.INDICATE,
            permissions,
            gatt.CharacteristicValue(write=self._on_write),
        )
        self.status = gatt.Characteristic(u16(0x2ADA), gatt.Characteristic.Properties.NOTIFY, 0, b"")
        characteristics = [self.feature, self.data, self.speed_range, self.control_point, self.status]
        if s.inclination_range:
            characteristics.append(self.incline_range)
        device.add_service(gatt.Service(u16(FTMS), characteristics))

    # ---- control point -------------------------------------------------------------

    def _on_write(self, connection: Connection, value: bytes) -> None:
        if self.pending:
            raise att.ATT_Error(att.ErrorCode.PROCEDURE_ALREADY_IN_PROGRESS)
        if not value:
            raise att.ATT_Error(att.ErrorCode.INVALID_ATTRIBUTE_LENGTH)
        self.pending = True
        result = self._carry_out(connection, value)
        self._spawn(self._answer(connection, value[0], result))

    def _carry_out(self, connection: Connection, value: bytes) -> int:
        s = self.switches
        op = value[0]
        self._advance()
        if op == 0x00:
            if s.refuse_control:
                return 0x05
            self.controller_connection = connection
            self.log.add("control")
            return 0x01
        if s.needs_control and self.controller_connection is not connection:
            return 0x05
        if op == 0x02 and len(value) >= 3:
            raw = int.from_bytes(value[1:3], "little")
            centi = round(raw * 1.609344) if s.mph else raw
            too_fast = s.refuse_speed_above_centi is not None and centi > s.refuse_speed_above_centi
            if too_fast or not s.min_speed_centi <= centi <= s.max_speed_centi:
                return 0x03
            self.belt.target_kmh = centi / 100
            self.log.add("speed", raw / 100)
            self._spawn(self._notify_status(bytes([0x05]) + raw.to_bytes(2, "little")))
            return 0x01
        if op == 0x03 and len(value) >= 3:
            deci = int.from_bytes(value[1:3], "little", signed=True)
            if not -30 <= deci <= 150:
                return 0x03
            self.belt.incline_pct = deci / 10
            self.log.add("incline", deci / 10)
            return 0x01
        if op == 0x07:
            self.belt.state = "running"
            self.log.add("start")
            return 0x01
        if op == 0x08 and len(value) >= 2 and value[1] in (1, 2):
            self.belt.state = "stopped" if value[1] == 1 else "paused"
            self.log.add("stop" if value[1] == 1 else "pause")
            return 0x01
        if op == 0x01:
            self.controller_connection = None
            self.log.add("reset")
            return 0x01
        return 0x02

    async def _answer(self, connection: Connection, op: int, result: int) -> None:
        """The indication ends the procedure: the next write is welcome as soon as it is sent."""
        try:
            await asyncio.sleep(self.switches.response_delay_s)
        finally:
            self.pending = False
        try:
            answer = bytes([0x80, op, result])
            indication = self.device.indicate_subscriber(connection, self.control_point, answer)
            await asyncio.wait_for(indication, 2.0)
        except (TimeoutError, ConnectionError):
            return  # the central went away before confirming: nothing to answer

    # ---- the console ------------------------------------------------------------------

    async def press_stop(self) -> None:
        """The runner presses Stop on the console: the belt stops, status 0x02."""
        self._advance()
        self.belt.state = "paused"
        await self._notify_status(bytes([0x02, 0x02]))

    async def pull_safety_key(self) -> None:
        self._advance()
        self.belt.state = "stopped"
        await self._notify_status(bytes([0x03]))

    async def console_speed(self, kmh: float) -> None:
        """The runner presses + / − on the console: a new target, status 0x05."""
        self._advance()
        self.belt.target_kmh = kmh
        raw = round(kmh / 1.609344 * 100) if self.switches.mph else round(kmh * 100)
        await self._notify_status(bytes([0x05]) + raw.to_bytes(2, "little"))

    async def revoke_control(self) -> None:
        self.controller_connection = None
        await self._notify_status(bytes([0xFF]))

    async def drop_link(self) -> None:
        """The treadmill goes out of range: every connection is dropped."""
        for connection in list(self.device.connections.values()):
            await connection.disconnect()

    async def _notify_status(self, value: bytes) -> None:
        await self.device.notify_subscribers(self.status, value)

    # ---- the belt ---------------------------------------------------------------------

    def _advance(self) -> None:
        now = asyncio.get_running_loop().time()
        self.belt.advance(now, self.switches.ramp_kmh_per_s, self.switches.time_scale)

    def treadmill_data(self) -> list[bytes]:
        """The current record: one packet, or two parts when `split_records` is on."""
        belt, s = self.belt, self.switches
        raw = round(belt.speed_kmh / 1.609344 * 100) if s.mph else round(belt.speed_kmh * 100)
        speed = raw.to_bytes(2, "little")
        distance = round(belt.distance_m).to_bytes(3, "little")
        incline = round(belt.incline_pct * 10).to_bytes(2, "little", signed=True) + b"\xff\x7f"
        if s.split_records:
            first_flags = 0x0001 | (0x0004 if s.report_total_distance else 0) | 0x0008
            first = (
                first_flags.to_bytes(2, "little") + (distance if s.report_total_distance else b"") + incline
            )
            return [first, (0x0000).to_bytes(2, "little") + speed]
        flags = (0x0004 if s.report_total_distance else 0) | 0x0008
        return [
            flags.to_bytes(2, "little") + speed + (distance if s.report_total_distance else b"") + incline
        ]

    async def run(self) -> None:
        """Notify Treadmill Data every period until cancelled."""
        while True:
            await asyncio.sleep(self.switches.data_period_s)
            self._advance()
            for packet in self.treadmill_data():
                await self.device.notify_subscribers(self.data, packet)

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


class Strap:
    """A heart-rate strap whose rate follows the belt's speed, with RR intervals."""

    def __init__(self, device: Device, belt: Belt, period_s: float = 0.5) -> None:
        self.device = device
        self.belt = belt
        self.period_s = period_s
        self.bpm = 70.0
        self.measurement = gatt.Characteristic(u16(0x2A37), gatt.Characteristic.Properties.NOTIFY, 0, b"")
        device.add_service(gatt.Service(u16(HRS), [self.measurement]))

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.period_s)
            goal = 60 + 7.5 * self.belt.speed_kmh
            self.bpm += (goal - self.bpm) * 0.3
            bpm = round(self.bpm)
            rr = round(60 / bpm * 1024).to_bytes(2, "little")
            await self.device.notify_subscribers(self.measurement, bytes([0x10, bpm]) + rr)


def virtual_device(link: LocalLink, name: str, address: str) -> Device:
    """A bumble device with its own virtual controller on `link`."""
    controller = Controller(name, link=link, public_address=address)
    return Device(name=name, address=Address(address), host=Host(controller, AsyncPipeSink(controller)))


@dataclass
class Simulator:
    """The treadmill and the strap on one virtual link, advertising and notifying."""

    link: LocalLink
    treadmill: Treadmill
    strap: Strap
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    TREADMILL_NAME = "KICKSIM Tread"
    STRAP_NAME = "KICKSIM HR"

    @classmethod
    async def start(cls, switches: Switches | None = None, link: LocalLink | None = None) -> Simulator:
        link = link or LocalLink()
        switches = switches or Switches()
        t_device = virtual_device(link, "treadmill", "C0:00:00:00:00:01")
        h_device = virtual_device(link, "strap", "C0:00:00:00:00:02")
        treadmill = Treadmill(t_device, switches)
        strap = Strap(h_device, treadmill.belt, period_s=max(0.1, 1 / switches.time_scale))
        for device, data in (
            (t_device, advert(cls.TREADMILL_NAME, FTMS, bytes([0x01, 0x01, 0x00]))),
            (h_device, advert(cls.STRAP_NAME, HRS)),
        ):
            await device.power_on()
            await device.start_advertising(
                advertising_data=data, auto_restart=True, advertising_interval_min=20
            )
        sim = cls(link, treadmill, strap)
        sim.tasks = [asyncio.ensure_future(treadmill.run()), asyncio.ensure_future(strap.run())]
        return sim

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)


def central_device(link: LocalLink, address: str = "C0:00:00:00:00:10") -> Device:
    """kicktimer's side, in process: a device on the same virtual link."""
    return virtual_device(link, "kicktimer", address)


# ---- the virtual link over TCP (one H4 controller per connection) ----------------------


class _H4Connection(asyncio.Protocol):
    def __init__(self, link: LocalLink, number: int) -> None:
        self.link = link
        self.number = number
        self.controller: Controller | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        writer = transport

        class Sink:
            def on_packet(self, packet: bytes) -> None:
                writer.write(packet)

        self.controller = Controller(
            f"tcp{self.number}",
            host_sink=Sink(),
            link=self.link,
            public_address=f"D0:00:00:00:00:{self.number:02X}",
        )
        self.parser = PacketParser(self.controller)

    def data_received(self, data: bytes) -> None:
        self.parser.feed_data(data)

    def connection_lost(self, exc: Exception | None) -> None:
        """The process on the other end went away: its links time out, as a radio's would."""
        controller = self.controller
        if controller is None:
            return
        controller.host = None
        for connection in list(controller.le_connections.values()):
            connection.send_ll_control_pdu(ll.TerminateInd(hci.HCI_ErrorCode.CONNECTION_TIMEOUT_ERROR))
            controller.on_le_disconnected(connection, hci.HCI_ErrorCode.CONNECTION_TIMEOUT_ERROR)
        self.link.remove_controller(controller)


async def serve_link(link: LocalLink, port: int = 0) -> asyncio.Server:
    """A loopback listener giving each connection its own virtual controller on `link`."""
    counter = iter(range(1, 255))
    loop = asyncio.get_running_loop()
    return await loop.create_server(lambda: _H4Connection(link, next(counter)), "127.0.0.1", port)


async def _main(args: argparse.Namespace) -> None:
    log_file = Path(args.log).open("a", encoding="utf-8", buffering=1) if args.log else None  # noqa: SIM115 (open for the process's life)
    switches = Switches(time_scale=args.time_scale, data_period_s=max(0.1, 1 / args.time_scale))
    sim = await Simulator.start(switches)
    if log_file is not None:
        sim.treadmill.log.sink = lambda what, value: print(
            json.dumps(
                {
                    "what": what,
                    "value": value,
                    "distance_m": round(sim.treadmill.belt.distance_m, 1),
                    "at": time.monotonic(),  # the system's monotonic clock: comparable across processes
                }
            ),
            file=log_file,
        )
    server = await serve_link(sim.link, args.port)
    port = server.sockets[0].getsockname()[1]
    print(f"listening {port}", flush=True)
    if args.port_file:
        Path(args.port_file).write_text(str(port), encoding="utf-8")
    await asyncio.Event().wait()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file")
    parser.add_argument("--log")
    parser.add_argument("--time-scale", type=float, default=1.0)
    try:
        asyncio.run(_main(parser.parse_args()))
    except KeyboardInterrupt:
        sys.exit(0)
