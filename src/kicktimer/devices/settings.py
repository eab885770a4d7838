"""The device choices: `[bluetooth]`, `[treadmill]` and `[heart_rate]` in config.toml, and their overrides.

    [bluetooth]
    transport = "bleak"          # or "usb:0", "hci-socket:0", "tcp-client:HOST:PORT"

    [treadmill]
    device = "FS-1A2B3C"         # name or address, as `kick devices` shows it
    max_speed_kmh = 20           # never set faster
    max_incline_pct = 15         # never set steeper
    finish = "walk"              # at the end: "walk" (walk_speed_kmh, flat) or "stop"
    walk_speed_kmh = 5
    effort_paces = true          # steps with only an effort run at a profile pace (see docs/treadmill.md)
    incline_range = "low"        # where an incline range (5-10%) runs: "low", "middle" or "high"
    distance = "auto"            # "auto" | "total" | "integrated" (see docs/treadmill.md)
    mph = false                  # the machine takes and reports speed in mph
    incline_step_pct = 0.5       # the machine's real incline step, when 0x2AD5 is missing or wrong
    control_every_write = false  # Request Control before every command
    write_gap_ms = 0             # at least this long between two commands
    hold_while_ramping = false   # no new speed until the belt reached the last one

    [heart_rate]
    device = "HRM-Pro:123456"

The command line (`--ble`, `--treadmill`, `--hr`) and KICK_BLE_TRANSPORT
win over the file. Reading is pure: `read_device_tables` gets the parsed
TOML and a way to make a positioned error.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from kicktimer.core.belt import (
    DEFAULT_EFFORT_PACES,
    EFFORT_LEVELS,
    INCLINE_CHOICES,
    BeltChoices,
    InclineChoice,
)
from kicktimer.core.profile import REFERENCE_ORDER

DistanceSource = Literal["auto", "total", "integrated"]
"""Where the belt's distance comes from (`kicktimer.devices.odometer`): here, so reading the config
does not import the odometer before the first frame."""
DISTANCE_SOURCES: tuple[DistanceSource, ...] = ("auto", "total", "integrated")
DEFAULT_TRANSPORT = "bleak"
TABLES = ("bluetooth", "treadmill", "heart_rate")
FinishAction = Literal["walk", "stop"]


@dataclass(frozen=True)
class TreadmillSettings:
    """`[treadmill]` in config.toml: the safety caps and the machine's quirks."""

    max_speed_kmh: float = 20.0
    max_incline_pct: float = 15.0
    finish: FinishAction = "walk"
    walk_speed_kmh: float = 5.0
    effort_paces: Mapping[str, str] | None = field(default_factory=lambda: DEFAULT_EFFORT_PACES)
    """The profile pace of each effort level (`max` → `mile`); None: efforts leave the speed to the runner."""
    incline_range: InclineChoice = "low"
    distance: DistanceSource = "auto"
    mph: bool = False
    incline_step_pct: float | None = None
    control_every_write: bool = False
    write_gap_s: float = 0.0
    hold_while_ramping: bool = False
    answer_timeout_s: float = 3.0
    ramp_hold_s: float = 10.0
    """`hold_while_ramping` waits at most this long for the belt to reach the last speed."""

    @property
    def belt_choices(self) -> BeltChoices:
        """What the plan compiler needs to give effort-only steps a speed (`kicktimer.core.belt`)."""
        return BeltChoices(
            effort_paces=self.effort_paces,
            walk_kmh=self.walk_speed_kmh,
            max_kmh=self.max_speed_kmh,
            incline_range=self.incline_range,
        )


@dataclass(frozen=True)
class DeviceConfig:
    transport: str = DEFAULT_TRANSPORT
    treadmill: str | None = None
    heart_rate: str | None = None
    treadmill_settings: TreadmillSettings = field(default_factory=TreadmillSettings)

    @property
    def wanted(self) -> bool:
        return self.treadmill is not None or self.heart_rate is not None

    def overridden(
        self, *, transport: str | None = None, treadmill: str | None = None, heart_rate: str | None = None
    ) -> DeviceConfig:
        return replace(
            self,
            transport=transport or self.transport,
            treadmill=treadmill or self.treadmill,
            heart_rate=heart_rate or self.heart_rate,
        )


Problem = Callable[[str, str, str], Exception]
"""(table, key, message) → the positioned error to raise."""


def _number(table: str, key: str, value: object, low: float, high: float, problem: Problem) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise problem(table, key, f"{key} must be a number, not {value!r}")
    if not low <= value <= high:
        raise problem(table, key, f"{key} must be between {low:g} and {high:g}, not {value!r}")
    return float(value)


def _text(table: str, key: str, value: object, problem: Problem) -> str:
    if not isinstance(value, str) or not value.strip():
        raise problem(table, key, f"{key} must be a name or an address in quotes, not {value!r}")
    return value.strip()


def _flag(table: str, key: str, value: object, problem: Problem) -> bool:
    if not isinstance(value, bool):
        raise problem(table, key, f"{key} must be true or false, not {value!r}")
    return value


def _effort_paces(value: object, problem: Problem) -> Mapping[str, str] | None:
    """`true` (the defaults), `false` (off), or a table of levels to reference paces over the defaults."""
    key = "effort_paces"
    if isinstance(value, bool):
        return DEFAULT_EFFORT_PACES if value else None
    if not isinstance(value, dict):
        raise problem("treadmill", key, f'{key} must be true, false or a table such as {{ max = "3k" }}')
    chosen = dict(DEFAULT_EFFORT_PACES)
    for level, pace in value.items():
        if level not in EFFORT_LEVELS:
            raise problem("treadmill", key, f"{key} has no level {level!r}: use {', '.join(EFFORT_LEVELS)}")
        if pace not in REFERENCE_ORDER:
            raise problem(
                "treadmill", key, f"{key}.{level} must be one of {', '.join(REFERENCE_ORDER)}, not {pace!r}"
            )
        chosen[level] = pace
    return chosen


def read_device_tables(data: Mapping[str, Any], problem: Problem) -> DeviceConfig:
    """The three tables from parsed config.toml (missing tables and keys take the defaults)."""
    tables: dict[str, Mapping[str, Any]] = {}
    for name in TABLES:
        table = data.get(name, {})
        if not isinstance(table, dict):
            raise problem(name, name, f"{name} must be a table: [{name}] then its keys")
        tables[name] = table
    config = DeviceConfig()
    bluetooth = tables["bluetooth"]
    for key, value in bluetooth.items():
        if key != "transport":
            raise problem("bluetooth", key, f"[bluetooth] has one key, transport; not {key!r}")
        config = replace(config, transport=_text("bluetooth", key, value, problem))
    hr = tables["heart_rate"]
    for key, value in hr.items():
        if key != "device":
            raise problem("heart_rate", key, f"[heart_rate] has one key, device; not {key!r}")
        config = replace(config, heart_rate=_text("heart_rate", key, value, problem))
    settings = TreadmillSettings()
    t = "treadmill"
    for key, value in tables[t].items():
        if key == "device":
            config = replace(config, treadmill=_text(t, key, value, problem))
        elif key == "max_speed_kmh":
            settings = replace(settings, max_speed_kmh=_number(t, key, value, 1, 30, problem))
        elif key == "max_incline_pct":
            settings = replace(settings, max_incline_pct=_number(t, key, value, -10, 40, problem))
        elif key == "walk_speed_kmh":
            settings = replace(settings, walk_speed_kmh=_number(t, key, value, 0.5, 8, problem))
        elif key == "finish":
            if value not in ("walk", "stop"):
                raise problem(t, key, f'finish must be "walk" or "stop", not {value!r}')
            settings = replace(settings, finish=value)
        elif key == "effort_paces":
            settings = replace(settings, effort_paces=_effort_paces(value, problem))
        elif key == "incline_range":
            if value not in INCLINE_CHOICES:
                raise problem(t, key, f'incline_range must be "low", "middle" or "high", not {value!r}')
            settings = replace(settings, incline_range=value)
        elif key == "distance":
            if value not in DISTANCE_SOURCES:
                raise problem(t, key, f'distance must be "auto", "total" or "integrated", not {value!r}')
            settings = replace(settings, distance=value)
        elif key == "incline_step_pct":
            settings = replace(settings, incline_step_pct=_number(t, key, value, 0.1, 5, problem))
        elif key == "write_gap_ms":
            settings = replace(settings, write_gap_s=_number(t, key, value, 0, 5000, problem) / 1000)
        elif key == "mph":
            settings = replace(settings, mph=_flag(t, key, value, problem))
        elif key == "control_every_write":
            settings = replace(settings, control_every_write=_flag(t, key, value, problem))
        elif key == "hold_while_ramping":
            settings = replace(settings, hold_while_ramping=_flag(t, key, value, problem))
        else:
            raise problem(t, key, f"[treadmill] has no key {key!r} (see docs/treadmill.md)")
    if settings.walk_speed_kmh > settings.max_speed_kmh:
        raise problem(t, "walk_speed_kmh", "walk_speed_kmh is above max_speed_kmh")
    return replace(config, treadmill_settings=settings)
