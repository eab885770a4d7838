"""Bytes of the Fitness Machine Service (0x1826) and the Heart Rate Service (0x180D), both ways.

Pure: no Bluetooth library, no clock, no I/O. Everything a device sends is
input from outside, so every `parse_*` returns None for a packet it cannot
trust (too short, flags claiming fields that are not there, absurd values)
instead of raising: a bad packet is dropped, never fatal. Layouts follow
FTMS 1.0 and HRS 1.0; /work/shared/spec/devices-and-formats.md lists them.

Speeds are carried as integers in 0.01 km/h and inclines in 0.1 % (the units
on the wire), so clamping and rounding to a machine's increments is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from enum import IntEnum

# ---- UUIDs (16-bit assigned numbers) ----------------------------------------

FTMS_SERVICE = 0x1826
FTMS_FEATURE = 0x2ACC
TREADMILL_DATA = 0x2ACD
SUPPORTED_SPEED_RANGE = 0x2AD4
SUPPORTED_INCLINATION_RANGE = 0x2AD5
FTMS_CONTROL_POINT = 0x2AD9
FTMS_MACHINE_STATUS = 0x2ADA
HEART_RATE_SERVICE = 0x180D
HEART_RATE_MEASUREMENT = 0x2A37

NOT_AVAILABLE_SINT16 = 0x7FFF
MAX_PLAUSIBLE_SPEED_CENTI_KMH = 4000
"""40 km/h: no treadmill goes faster; a higher reading is a broken packet, not a sprint."""
MAX_PLAUSIBLE_BPM = 250
MPH_IN_KMH = 1.609344


def uuid16(number: int) -> str:
    """The full 128-bit UUID string of a 16-bit SIG number (what bleak and bumble both accept)."""
    return f"0000{number:04x}-0000-1000-8000-00805f9b34fb"


# ---- Control Point ------------------------------------------------------------


class Op(IntEnum):
    REQUEST_CONTROL = 0x00
    RESET = 0x01
    SET_TARGET_SPEED = 0x02
    SET_TARGET_INCLINATION = 0x03
    START_RESUME = 0x07
    STOP_PAUSE = 0x08
    RESPONSE = 0x80


class Result(IntEnum):
    SUCCESS = 0x01
    NOT_SUPPORTED = 0x02
    INVALID_PARAMETER = 0x03
    OPERATION_FAILED = 0x04
    CONTROL_NOT_PERMITTED = 0x05


RESULT_TEXT = {
    Result.SUCCESS: "success",
    Result.NOT_SUPPORTED: "not supported",
    Result.INVALID_PARAMETER: "invalid parameter",
    Result.OPERATION_FAILED: "operation failed",
    Result.CONTROL_NOT_PERMITTED: "control not permitted",
}

STOP = 0x01
PAUSE = 0x02


def request_control() -> bytes:
    return bytes([Op.REQUEST_CONTROL])


def reset() -> bytes:
    return bytes([Op.RESET])


def set_target_speed(centi_kmh: int) -> bytes:
    """Set Target Speed: uint16 in 0.01 km/h (or 0.01 mph for a machine with the mph quirk)."""
    if not 0 <= centi_kmh <= 0xFFFF:
        raise ValueError(f"speed {centi_kmh} out of uint16 range")
    return bytes([Op.SET_TARGET_SPEED]) + centi_kmh.to_bytes(2, "little")


def set_target_inclination(deci_pct: int) -> bytes:
    """Set Target Inclination: sint16 in 0.1 %."""
    if not -0x8000 <= deci_pct < NOT_AVAILABLE_SINT16:
        raise ValueError(f"incline {deci_pct} out of sint16 range")
    return bytes([Op.SET_TARGET_INCLINATION]) + deci_pct.to_bytes(2, "little", signed=True)


def start_resume() -> bytes:
    return bytes([Op.START_RESUME])


def stop_pause(param: int = PAUSE) -> bytes:
    """Stop/Pause: parameter 1 stops, 2 pauses."""
    if param not in (STOP, PAUSE):
        raise ValueError("Stop/Pause takes 1 (stop) or 2 (pause)")
    return bytes([Op.STOP_PAUSE, param])


@dataclass(frozen=True)
class ControlResponse:
    """An indication `80 op result`: the machine's answer to one Control Point write."""

    request_op: int
    result: int

    @property
    def ok(self) -> bool:
        return self.result == Result.SUCCESS

    def describe(self) -> str:
        try:
            return RESULT_TEXT[Result(self.result)]
        except ValueError:
            return f"result 0x{self.result:02x}"


def parse_control_response(data: bytes) -> ControlResponse | None:
    """Decode a Control Point indication; None unless it is `80 op result`."""
    if len(data) < 3 or data[0] != Op.RESPONSE:
        return None
    return ControlResponse(request_op=data[1], result=data[2])


# ---- Feature, ranges ----------------------------------------------------------


@dataclass(frozen=True)
class Features:
    machine: int
    target: int

    @property
    def total_distance(self) -> bool:
        return bool(self.machine & (1 << 2))

    @property
    def inclination(self) -> bool:
        return bool(self.machine & (1 << 3))

    @property
    def heart_rate(self) -> bool:
        return bool(self.machine & (1 << 10))

    @property
    def elapsed_time(self) -> bool:
        return bool(self.machine & (1 << 12))

    @property
    def speed_target(self) -> bool:
        return bool(self.target & (1 << 0))

    @property
    def incline_target(self) -> bool:
        return bool(self.target & (1 << 1))

    def names(self) -> list[str]:
        """What the machine says it supports, as short words for `kick devices`."""
        flags = (
            ("speed_control", self.speed_target),
            ("incline_control", self.incline_target),
            ("total_distance", self.total_distance),
            ("incline", self.inclination),
            ("heart_rate", self.heart_rate),
        )
        return [name for name, present in flags if present]


def parse_features(data: bytes) -> Features | None:
    if len(data) < 8:
        return None
    return Features(machine=int.from_bytes(data[0:4], "little"), target=int.from_bytes(data[4:8], "little"))


@dataclass(frozen=True)
class Range:
    """A supported range and its increment, in wire units (0.01 km/h or 0.1 %)."""

    minimum: int
    maximum: int
    increment: int

    def fit(self, value: int, cap: int | None = None) -> int:
        """`value` clamped into the range (and under `cap`), on a step of `increment` from `minimum`.

        Rounds to the nearest step, then down a step if that went past the top
        or the cap: a safety limit is never exceeded by rounding.
        """
        top = self.maximum if cap is None else min(self.maximum, cap)
        value = max(self.minimum, min(value, top))
        fitted = self.minimum + round((value - self.minimum) / self.increment) * self.increment
        if fitted > top:
            fitted -= self.increment
        return fitted if fitted >= self.minimum else min(self.minimum, top)


def _parse_range(data: bytes, *, signed: bool) -> Range | None:
    if len(data) < 6:
        return None
    low = int.from_bytes(data[0:2], "little", signed=signed)
    high = int.from_bytes(data[2:4], "little", signed=signed)
    step = int.from_bytes(data[4:6], "little")
    if low > high or step <= 0:
        return None
    return Range(low, high, step)


def parse_speed_range(data: bytes) -> Range | None:
    """0x2AD4: uint16 min, max, increment, all in 0.01 km/h."""
    return _parse_range(data, signed=False)


def parse_inclination_range(data: bytes) -> Range | None:
    """0x2AD5: sint16 min, max in 0.1 %, uint16 increment in 0.1 %."""
    return _parse_range(data, signed=True)


# ---- Treadmill Data -------------------------------------------------------------

# Bytes each flag bit adds, in order. Bit 0 is inverted: its field is there when CLEAR.
_FIELD_SIZES = (2, 2, 3, 4, 4, 1, 1, 5, 1, 1, 2, 2, 4)


@dataclass(frozen=True)
class TreadmillData:
    """One Treadmill Data record (or one part of a split record): None = not in this packet."""

    more_data: bool = False
    speed_centi_kmh: int | None = None
    average_speed_centi_kmh: int | None = None
    total_distance_m: int | None = None
    incline_deci_pct: int | None = None
    ramp_angle_deci_deg: int | None = None
    heart_rate_bpm: int | None = None
    elapsed_s: int | None = None
    remaining_s: int | None = None

    @property
    def speed_kmh(self) -> float | None:
        return None if self.speed_centi_kmh is None else self.speed_centi_kmh / 100

    @property
    def incline_pct(self) -> float | None:
        return None if self.incline_deci_pct is None else self.incline_deci_pct / 10


def _plausible_speed(raw: int, mph: bool) -> int | None:
    centi = round(raw * MPH_IN_KMH) if mph else raw
    return centi if centi <= MAX_PLAUSIBLE_SPEED_CENTI_KMH else None


def _sint16_or_none(raw: bytes) -> int | None:
    value = int.from_bytes(raw, "little", signed=True)
    return None if value == NOT_AVAILABLE_SINT16 else value


def parse_treadmill_data(data: bytes, *, mph: bool = False) -> TreadmillData | None:
    """Decode 0x2ACD; None when the packet is shorter than its flags claim.

    Bytes past the last flagged field are ignored (some machines pad). An
    absurd speed (over 40 km/h) and 0x7FFF "not available" come out as None.
    `mph`: the machine reports 0.01 mph despite the spec (a per-device quirk).
    """
    if len(data) < 2:
        return None
    flags = int.from_bytes(data[0:2], "little")
    present = [(bit == 0) != bool(flags & (1 << bit)) for bit in range(len(_FIELD_SIZES))]
    needed = 2 + sum(size for size, on in zip(_FIELD_SIZES, present, strict=True) if on)
    if len(data) < needed:
        return None
    fields: dict[int, bytes] = {}
    offset = 2
    for bit, (size, on) in enumerate(zip(_FIELD_SIZES, present, strict=True)):
        if on:
            fields[bit] = data[offset : offset + size]
            offset += size
    record = TreadmillData(more_data=bool(flags & 1))
    if 0 in fields:
        record = replace(record, speed_centi_kmh=_plausible_speed(int.from_bytes(fields[0], "little"), mph))
    if 1 in fields:
        average = _plausible_speed(int.from_bytes(fields[1], "little"), mph)
        record = replace(record, average_speed_centi_kmh=average)
    if 2 in fields:
        record = replace(record, total_distance_m=int.from_bytes(fields[2], "little"))
    if 3 in fields:
        record = replace(
            record,
            incline_deci_pct=_sint16_or_none(fields[3][0:2]),
            ramp_angle_deci_deg=_sint16_or_none(fields[3][2:4]),
        )
    if 8 in fields and 0 < fields[8][0] <= MAX_PLAUSIBLE_BPM:
        record = replace(record, heart_rate_bpm=fields[8][0])
    if 10 in fields:
        record = replace(record, elapsed_s=int.from_bytes(fields[10], "little"))
    if 11 in fields:
        record = replace(record, remaining_s=int.from_bytes(fields[11], "little"))
    return record


class TreadmillRecordJoiner:
    """Joins the parts of a split Treadmill Data record into one.

    A record longer than the MTU comes in parts: every part but the last has
    bit 0 ("More Data", inverted) set and carries no speed. The joiner keeps
    what the parts so far said and hands back the whole record when the last
    part (the one with speed) arrives. A later part's value wins over an
    earlier one's.
    """

    def __init__(self) -> None:
        self._pending: TreadmillData | None = None

    def feed(self, part: TreadmillData) -> TreadmillData | None:
        merged = part if self._pending is None else _merge(self._pending, part)
        if part.more_data:
            self._pending = merged
            return None
        self._pending = None
        return replace(merged, more_data=False)


def _merge(earlier: TreadmillData, later: TreadmillData) -> TreadmillData:
    values = {
        name: getattr(later, name) if getattr(later, name) is not None else getattr(earlier, name)
        for name in TreadmillData.__dataclass_fields__
        if name != "more_data"
    }
    return TreadmillData(more_data=later.more_data, **values)


# ---- Machine Status -------------------------------------------------------------


class StatusOp(IntEnum):
    RESET = 0x01
    STOPPED_BY_USER = 0x02
    STOPPED_BY_SAFETY_KEY = 0x03
    STARTED_BY_USER = 0x04
    TARGET_SPEED_CHANGED = 0x05
    TARGET_INCLINE_CHANGED = 0x06
    CONTROL_PERMISSION_LOST = 0xFF


@dataclass(frozen=True)
class MachineStatus:
    op: int
    value: int | None = None
    """Stopped-by-user: 1 stop / 2 pause; target speed (0.01 km/h) or incline (0.1 %) changes."""


def parse_machine_status(data: bytes, *, mph: bool = False) -> MachineStatus | None:
    """Decode 0x2ADA; None when the op's parameter is missing."""
    if not data:
        return None
    op = data[0]
    if op == StatusOp.STOPPED_BY_USER:
        return MachineStatus(op, data[1]) if len(data) >= 2 else None
    if op == StatusOp.TARGET_SPEED_CHANGED:
        if len(data) < 3:
            return None
        speed = _plausible_speed(int.from_bytes(data[1:3], "little"), mph)
        return None if speed is None else MachineStatus(op, speed)
    if op == StatusOp.TARGET_INCLINE_CHANGED:
        if len(data) < 3:
            return None
        incline = _sint16_or_none(data[1:3])
        return None if incline is None else MachineStatus(op, incline)
    return MachineStatus(op)


# ---- Advertising -----------------------------------------------------------------


@dataclass(frozen=True)
class FtmsAdvert:
    available: bool
    treadmill: bool


def parse_ftms_service_data(data: bytes) -> FtmsAdvert | None:
    """The 0x1826 service data: flags (bit 0 available), uint16 machine type (bit 0 treadmill)."""
    if len(data) < 3:
        return None
    return FtmsAdvert(available=bool(data[0] & 1), treadmill=bool(int.from_bytes(data[1:3], "little") & 1))


# ---- Heart Rate Measurement ----------------------------------------------------------


@dataclass(frozen=True)
class HeartRate:
    bpm: int
    energy_kj: int | None = None
    rr_s: tuple[float, ...] = ()


def parse_heart_rate(data: bytes) -> HeartRate | None:
    """Decode 0x2A37: flags, uint8 or uint16 bpm, optional energy, RR intervals to the end.

    None for garbage: too short, an odd RR tail, or a rate no heart beats at.
    """
    if len(data) < 2:
        return None
    flags = data[0]
    offset = 1
    if flags & 0x01:
        if len(data) < 3:
            return None
        bpm = int.from_bytes(data[1:3], "little")
        offset = 3
    else:
        bpm = data[1]
        offset = 2
    energy = None
    if flags & 0x08:
        if len(data) < offset + 2:
            return None
        energy = int.from_bytes(data[offset : offset + 2], "little")
        offset += 2
    rr: tuple[float, ...] = ()
    if flags & 0x10:
        tail = data[offset:]
        if len(tail) % 2:
            return None
        rr = tuple(int.from_bytes(tail[i : i + 2], "little") / 1024 for i in range(0, len(tail), 2))
    if not 0 < bpm <= MAX_PLAUSIBLE_BPM:
        return None
    return HeartRate(bpm=bpm, energy_kj=energy, rr_s=rr)


# ---- turning a plan's targets into wire values -----------------------------------------


def kmh_to_wire(kmh: float, *, mph: bool = False) -> int:
    """km/h → the integer the machine takes (0.01 km/h, or 0.01 mph with the mph quirk)."""
    return round(kmh / MPH_IN_KMH * 100) if mph else round(kmh * 100)


def wire_to_kmh(value: int, *, mph: bool = False) -> float:
    return value * MPH_IN_KMH / 100 if mph else value / 100


def fit_speed(kmh: float, *, speed_range: Range | None, max_kmh: float) -> int:
    """A target speed as 0.01 km/h: never above `max_kmh`, clamped and rounded to the range."""
    cap = math.floor(max_kmh * 100 + 1e-9)
    wanted = min(round(kmh * 100), cap)
    if speed_range is None:
        return max(0, wanted)
    return speed_range.fit(wanted, cap)


def fit_incline(
    pct: float, *, incline_range: Range | None, max_pct: float, step_pct: float | None = None
) -> int:
    """A target incline as 0.1 %: never above `max_pct`, clamped and rounded to the range.

    `step_pct` (0.5 or 1) overrides the range's increment, for machines that
    move in coarser steps than they advertise or have no 0x2AD5 at all.
    """
    cap = math.floor(max_pct * 10 + 1e-9)
    wanted = min(round(pct * 10), cap)
    if incline_range is None:
        incline_range = Range(minimum=min(0, wanted), maximum=cap, increment=1)
    if step_pct is not None:
        incline_range = replace(incline_range, increment=max(1, round(step_pct * 10)))
    return incline_range.fit(wanted, cap)


# ---- advertising data structures -------------------------------------------------------


@dataclass(frozen=True)
class AdvertFields:
    """What kicktimer reads from an advertisement (or scan response)."""

    name: str | None = None
    services: frozenset[int] = frozenset()
    service_data: tuple[tuple[int, bytes], ...] = ()

    def data_for(self, service: int) -> bytes | None:
        return next((data for uuid, data in self.service_data if uuid == service), None)


_NAME_TYPES = (0x08, 0x09)
_UUID16_LIST_TYPES = (0x02, 0x03)
_SERVICE_DATA_16 = 0x16


def parse_advertising(data: bytes) -> AdvertFields:
    """Length-type-value structures of an advertisement; a truncated structure ends the parse."""
    name: str | None = None
    services: set[int] = set()
    service_data: list[tuple[int, bytes]] = []
    offset = 0
    while offset < len(data):
        length = data[offset]
        if length == 0 or offset + 1 + length > len(data):
            break
        kind, value = data[offset + 1], data[offset + 2 : offset + 1 + length]
        offset += 1 + length
        if kind in _NAME_TYPES:
            name = value.decode("utf-8", errors="replace")
        elif kind in _UUID16_LIST_TYPES:
            services.update(int.from_bytes(value[i : i + 2], "little") for i in range(0, len(value) - 1, 2))
        elif kind == _SERVICE_DATA_16 and len(value) >= 2:
            service_data.append((int.from_bytes(value[0:2], "little"), value[2:]))
    return AdvertFields(name=name, services=frozenset(services), service_data=tuple(service_data))
