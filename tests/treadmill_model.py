"""The simulated FTMS treadmill and heart-rate strap, without a transport.

What the machine does (control permission, Invalid Parameter, ATT 0xFE for a
write while one is pending, speed in mph, console buttons for speed and
incline and the safety key, the status echo of each target set,
a belt that ramps and integrates distance) lives here once. Two transports
serve it: `treadmill_sim.py` as bumble GATT servers on a virtual link, and
`fake_bluez.py` as BlueZ's D-Bus objects for bleak. So a test of the bleak
link and a test of the bumble link talk to the same machine, and a
difference between them is a difference between the links.

A transport subclasses `TreadmillModel` / `StrapModel` and says how a value
reaches the central (`notify`, `indicate`); it turns `Refused` into its own
form of an ATT error.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

FTMS = 0x1826
HRS = 0x180D
FEATURE = 0x2ACC
TREADMILL_DATA = 0x2ACD
SPEED_RANGE = 0x2AD4
INCLINE_RANGE = 0x2AD5
CONTROL_POINT = 0x2AD9
MACHINE_STATUS = 0x2ADA
HR_MEASUREMENT = 0x2A37

PROCEDURE_ALREADY_IN_PROGRESS = 0xFE
READ_NOT_PERMITTED = 0x02
WRITE_NOT_PERMITTED = 0x03
INVALID_ATTRIBUTE_LENGTH = 0x0D

TREADMILL_SERVICE_DATA = bytes([0x01, 0x01, 0x00])
"""FTMS service data: available, treadmill bit set."""


class Refused(Exception):
    """The GATT server answers a write with this ATT error code."""

    def __init__(self, code: int) -> None:
        super().__init__(f"ATT error 0x{code:02X}")
        self.code = code


@dataclass(frozen=True)
class Characteristic:
    """One characteristic as the central sees it: its number, BlueZ's flag names, a fixed value."""

    uuid: int
    flags: tuple[str, ...]
    value: bytes = b""
    encrypted_write: bool = False
    read_error: int | None = None
    subscribe_error: int | None = None


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
    unreadable_feature: bool = False
    strap_refuses_subscription: bool = False
    hang_ups_on_subscribe: int = 0
    """The first this many connections are dropped by the treadmill as the central subscribes to its
    Treadmill Data, in the middle of being set up."""
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


class TreadmillModel:
    """An FTMS treadmill: its characteristics, its control point, its console and its belt."""

    def __init__(self, switches: Switches) -> None:
        self.switches = switches
        self.belt = Belt()
        self.log = Log()
        self.controller_connection: object | None = None
        self.pending = False
        self.hang_ups = 0
        self._tasks: set[asyncio.Task[None]] = set()

    # ---- what a transport provides ------------------------------------------------------

    async def notify(self, uuid: int, value: bytes) -> None:
        """Send `value` to every central subscribed to `uuid`."""
        raise NotImplementedError

    async def indicate(self, connection: object, uuid: int, value: bytes) -> None:
        """Indicate `value` on `uuid` to one central (and wait for its confirmation)."""
        raise NotImplementedError

    # ---- the GATT table -------------------------------------------------------------------

    def characteristics(self) -> list[Characteristic]:
        s = self.switches
        features = (1 << 2 if s.report_total_distance else 0) | (1 << 3)
        speed_range = (
            s.min_speed_centi.to_bytes(2, "little")
            + s.max_speed_centi.to_bytes(2, "little")
            + (10).to_bytes(2, "little")
        )
        incline_range = (
            (-30).to_bytes(2, "little", signed=True) + (150).to_bytes(2, "little") + (5).to_bytes(2, "little")
        )
        table = [
            Characteristic(
                FEATURE,
                ("read",),
                features.to_bytes(4, "little") + (0b11).to_bytes(4, "little"),
                read_error=READ_NOT_PERMITTED if s.unreadable_feature else None,
            ),
            Characteristic(TREADMILL_DATA, ("notify",)),
            Characteristic(SPEED_RANGE, ("read",), speed_range),
            Characteristic(CONTROL_POINT, ("write", "indicate"), encrypted_write=s.encrypted_control_point),
            Characteristic(MACHINE_STATUS, ("notify",)),
        ]
        if s.inclination_range:
            table.append(Characteristic(INCLINE_RANGE, ("read",), incline_range))
        return table

    def hangs_up_on_subscribe(self) -> bool:
        """A central subscribes to Treadmill Data: True when the treadmill drops the link now instead."""
        if self.hang_ups >= self.switches.hang_ups_on_subscribe:
            return False
        self.hang_ups += 1
        return True

    # ---- control point -------------------------------------------------------------------

    def write_control_point(self, connection: object, value: bytes) -> None:
        """A write request from `connection`: carried out now, answered by an indication soon after."""
        if self.pending:
            raise Refused(PROCEDURE_ALREADY_IN_PROGRESS)
        if not value:
            raise Refused(INVALID_ATTRIBUTE_LENGTH)
        self.pending = True
        result = self._carry_out(connection, value)
        self._spawn(self._answer(connection, value[0], result))

    def _carry_out(self, connection: object, value: bytes) -> int:
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
            self._spawn(self.notify(MACHINE_STATUS, bytes([0x05]) + raw.to_bytes(2, "little")))
            return 0x01
        if op == 0x03 and len(value) >= 3:
            deci = int.from_bytes(value[1:3], "little", signed=True)
            if not -30 <= deci <= 150:
                return 0x03
            self.belt.incline_pct = deci / 10
            self.log.add("incline", deci / 10)
            self._spawn(self.notify(MACHINE_STATUS, bytes([0x06]) + deci.to_bytes(2, "little", signed=True)))
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

    async def _answer(self, connection: object, op: int, result: int) -> None:
        """The indication ends the procedure: the next write is welcome as soon as it is sent."""
        try:
            await asyncio.sleep(self.switches.response_delay_s)
        finally:
            self.pending = False
        try:
            await self.indicate(connection, CONTROL_POINT, bytes([0x80, op, result]))
        except (TimeoutError, ConnectionError):
            return  # the central went away before confirming: nothing to answer

    # ---- the console ----------------------------------------------------------------------

    async def press_stop(self) -> None:
        """The runner presses Stop on the console: the belt stops, status 0x02."""
        self._advance()
        self.belt.state = "paused"
        await self.notify(MACHINE_STATUS, bytes([0x02, 0x02]))

    async def pull_safety_key(self) -> None:
        self._advance()
        self.belt.state = "stopped"
        await self.notify(MACHINE_STATUS, bytes([0x03]))

    async def console_speed(self, kmh: float) -> None:
        """The runner presses + / − on the console: a new target, status 0x05."""
        self._advance()
        self.belt.target_kmh = kmh
        raw = round(kmh / 1.609344 * 100) if self.switches.mph else round(kmh * 100)
        await self.notify(MACHINE_STATUS, bytes([0x05]) + raw.to_bytes(2, "little"))

    async def console_incline(self, pct: float) -> None:
        """The runner presses the incline buttons on the console: status 0x06."""
        self.belt.incline_pct = pct
        deci = round(pct * 10)
        await self.notify(MACHINE_STATUS, bytes([0x06]) + deci.to_bytes(2, "little", signed=True))

    async def revoke_control(self) -> None:
        self.controller_connection = None
        await self.notify(MACHINE_STATUS, bytes([0xFF]))

    # ---- the belt -------------------------------------------------------------------------

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
                await self.notify(TREADMILL_DATA, packet)

    def _spawn(self, work: Any) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


class StrapModel:
    """A heart-rate strap whose rate follows the belt's speed, with RR intervals."""

    def __init__(self, belt: Belt, period_s: float = 0.5, *, refuse_subscription: bool = False) -> None:
        self.belt = belt
        self.period_s = period_s
        self.refuse_subscription = refuse_subscription
        self.bpm = 70.0

    def characteristics(self) -> list[Characteristic]:
        refused = WRITE_NOT_PERMITTED if self.refuse_subscription else None
        return [Characteristic(HR_MEASUREMENT, ("notify",), subscribe_error=refused)]

    async def notify(self, uuid: int, value: bytes) -> None:
        raise NotImplementedError

    def measurement(self) -> bytes:
        """The next Heart Rate Measurement: the rate moves 30 % of the way to what the belt asks."""
        goal = 60 + 7.5 * self.belt.speed_kmh
        self.bpm += (goal - self.bpm) * 0.3
        bpm = round(self.bpm)
        rr = round(60 / bpm * 1024).to_bytes(2, "little")
        return bytes([0x10, bpm]) + rr

    async def run(self) -> None:
        while True:
            await asyncio.sleep(self.period_s)
            await self.notify(HR_MEASUREMENT, self.measurement())
