"""Parsers for the small textual quantities a runner writes: times, distances, paces.

Each parser takes the text exactly as written in the file and returns a plain
number (seconds, metres, seconds per km) or raises `QuantityError` with a
message fit to show the user. Positions are the caller's business: the loader
knows where the text came from.
"""

from __future__ import annotations

import math
import re
from typing import Literal

Unit = Literal["km", "mi"]

METRES_PER_MILE = 1609.344
METRES_PER_UNIT: dict[str, float] = {"km": 1000.0, "mi": METRES_PER_MILE}


class QuantityError(ValueError):
    """Text that does not read as the quantity it should be."""


_NUMBER = r"\d+(?:\.\d+)?|\.\d+"

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$")
_HOURS_MINUTES = re.compile(r"^(\d+)\s*h\s*(?:(\d{1,2})\s*(?:min|m)?)?$")
# Longest spellings first: regex alternation takes the first that matches, so
# `min` before `mins` would leave a stray "s" and refuse "2 mins".
_UNIT_PART = re.compile(
    rf"({_NUMBER})\s*(hours|hour|hrs|hr|h|minutes|minute|mins|min|seconds|second|secs|sec|s)", re.I
)
_SECONDS_PER_UNIT = {
    "h": 3600.0,
    "hr": 3600.0,
    "hrs": 3600.0,
    "hour": 3600.0,
    "hours": 3600.0,
    "min": 60.0,
    "mins": 60.0,
    "minute": 60.0,
    "minutes": 60.0,
    "s": 1.0,
    "sec": 1.0,
    "secs": 1.0,
    "second": 1.0,
    "seconds": 1.0,
}


def _finite(value: float, what: str) -> float:
    if not math.isfinite(value):
        raise QuantityError(f"{what} is not a finite number")
    return value


def parse_clock(text: str) -> float:
    """`1:30` → 90, `1:05:00` → 3900, `22:30` → 1350 (as on a race result)."""
    match = _CLOCK.match(text.strip())
    if match is None:
        raise QuantityError(f"'{text}' is not a clock time such as 1:30 or 1:05:00")
    hours, minutes, seconds = match.groups()
    if float(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        raise QuantityError(f"'{text}' has more than 59 in a minutes or seconds place")
    return (int(hours or 0) * 3600) + int(minutes) * 60 + float(seconds)


def parse_duration(text: str) -> float:
    """A length of time in seconds: `45s`, `90 s`, `2min`, `1:30`, `1h05`, `1h 5min`.

    A bare number is refused: `5` could be seconds, minutes or metres, and a
    guess on the track costs a rep.
    """
    stripped = text.strip()
    if not stripped:
        raise QuantityError("a time is empty")
    if ":" in stripped:
        return parse_clock(stripped)
    match = _HOURS_MINUTES.match(stripped)
    if match is not None:
        return int(match.group(1)) * 3600 + int(match.group(2) or 0) * 60
    position = 0
    total = 0.0
    parts = 0
    for part in _UNIT_PART.finditer(stripped):
        if stripped[position : part.start()].strip():
            break
        total += float(part.group(1)) * _SECONDS_PER_UNIT[part.group(2).lower()]
        position = part.end()
        parts += 1
    if parts == 0 or stripped[position:].strip():
        raise QuantityError(f"'{text}' is not a time such as 45s, 2min, 1:30 or 1h05")
    return _finite(total, "a time")


_DISTANCE = re.compile(rf"^({_NUMBER})\s*(m|km|mi|mile|miles)$", re.I)


def parse_distance(text: str) -> float:
    """A distance in metres: `400m`, `1.5km`, `1mi`, `0.5 mi`."""
    match = _DISTANCE.match(text.strip())
    if match is None:
        raise QuantityError(f"'{text}' is not a distance such as 400m, 1.5km or 1mi")
    value = float(match.group(1))
    unit = match.group(2).lower()
    factor = 1.0 if unit == "m" else 1000.0 if unit == "km" else METRES_PER_MILE
    return _finite(value * factor, "a distance")


_COUNT = re.compile(r"^(\d+)\s*(reps?|x|times)$", re.I)


def parse_count(text: str) -> int:
    """A drill count such as `20 reps`."""
    match = _COUNT.match(text.strip())
    if match is None:
        raise QuantityError(f"'{text}' is not a count such as 20 reps")
    return int(match.group(1))


_ABSOLUTE_PACE = re.compile(r"^(\d+:\d{1,2}(?:\.\d+)?)\s*/\s*(km|mi|mile)$", re.I)


def parse_absolute_pace(text: str) -> tuple[float, Unit]:
    """`4:30/km` → (270, "km"); `7:15/mi` → (435, "mi")."""
    match = _ABSOLUTE_PACE.match(text.strip())
    if match is None:
        raise QuantityError(f"'{text}' is not a pace such as 4:30/km or 7:15/mi")
    unit: Unit = "km" if match.group(2).lower() == "km" else "mi"
    return parse_clock(match.group(1)), unit


_PACE_DELTA = re.compile(rf"^([+-])\s*({_NUMBER})\s*s(?:ec)?\s*(?:/\s*(km|mi|mile))?$", re.I)


def parse_pace_delta(text: str) -> tuple[float, Unit | None]:
    """A signed change of pace: `-15s/mi` → (-15, "mi"); `+20s` → (20, None).

    `None` as the unit means "per the profile's (or the pace's own) unit"; the
    caller decides which, as the format says.
    """
    match = _PACE_DELTA.match(text.strip())
    if match is None:
        raise QuantityError(f"'{text}' is not a pace change such as -15s/mi or +20s")
    sign = -1.0 if match.group(1) == "-" else 1.0
    unit_text = match.group(3)
    unit: Unit | None = None if unit_text is None else ("km" if unit_text.lower() == "km" else "mi")
    return sign * float(match.group(2)), unit


_SPEED = re.compile(rf"^({_NUMBER})\s*(km/h|kmh|kph|mph)$", re.I)
KM_PER_MILE = METRES_PER_MILE / 1000.0


def parse_speed(text: str) -> float:
    """Treadmill speed in km/h: `16 km/h` → 16; `10 mph` → 16.09."""
    match = _SPEED.match(text.strip())
    if match is None:
        raise QuantityError(f"'{text}' is not a speed such as 16 km/h or 10 mph")
    value = float(match.group(1))
    return value * KM_PER_MILE if match.group(2).lower() == "mph" else value


_INCLINE = re.compile(rf"^({_NUMBER})\s*%?\s*(?:(?:-|–|to)\s*({_NUMBER})\s*)?%$")


def parse_incline(text: str) -> tuple[float, float]:
    """Treadmill incline in percent: `8%` → (8, 8); `5-10%` → (5, 10)."""
    match = _INCLINE.match(text.strip())
    if match is None:
        raise QuantityError(f"'{text}' is not an incline such as 8% or 5-10%")
    low = float(match.group(1))
    high = float(match.group(2)) if match.group(2) is not None else low
    if high < low:
        raise QuantityError(f"incline range '{text}' runs backwards")
    return low, high


_PERCENT = re.compile(rf"^({_NUMBER})\s*%$")


def parse_percent(text: str) -> float | None:
    """`90%` → 90.0; anything else → None (effort may be free text)."""
    match = _PERCENT.match(text.strip())
    return None if match is None else float(match.group(1))


def format_clock(seconds: float) -> str:
    """90 → `1:30`, 3900 → `1:05:00`; how a runner writes a time."""
    whole = round(seconds)
    sign = "-" if whole < 0 else ""
    whole = abs(whole)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


def format_split(seconds: float) -> str:
    """84.31 → `1:24.3`, 58.24 → `58.2`, 4200 → `1:10:00.0`: a split or a step's time, to the tenth.

    The one way the finish screen, the timer and `kick history` write a recorded time.
    """
    tenths = round(seconds * 10)
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}.{tenth}"
    if minutes:
        return f"{sign}{minutes}:{secs:02d}.{tenth}"
    return f"{sign}{secs}.{tenth}"


def format_total_distance(metres: float, unit: Unit) -> str:
    """A workout's total in the runner's units: `3.8 km`, or `2.4 mi` with units = "mi".

    A step's own distance is shown as written (`400 m`, `1 mi`); a total is
    a sum the runner reads in the unit they think in, like paces and speeds.
    """
    if unit == "mi":
        miles = metres / METRES_PER_MILE
        return f"{miles:.1f} mi" if miles >= 1 else f"{miles:.2f} mi"
    return format_distance(metres)


def format_distance(metres: float) -> str:
    """400 → `400 m`, 1500 → `1.5 km`, 1609.344 → `1 mi`."""
    miles = metres / METRES_PER_MILE
    if abs(miles - round(miles * 4) / 4) < 1e-6 and metres >= METRES_PER_MILE / 4 and metres % 100:
        return f"{round(miles * 4) / 4:g} mi"
    if metres >= 1000 and metres % 100 == 0:
        return f"{metres / 1000:g} km"
    return f"{metres:g} m"
