"""Pace math: the Daniels–Gilbert VDOT model, race equivalents and unit conversions.

Everything here is a pure function of plain numbers. Paces are seconds per
kilometre unless a name says otherwise, because one internal unit keeps the
compiler and the timer free of unit bugs; miles appear only at the edges
(what the user writes and what the screen shows).

The model (Daniels & Gilbert, "Oxygen Power", 1979), exactly as the workout
format specifies it:

- oxygen cost of running at v metres per minute:
  VO2 = −4.60 + 0.182258·v + 0.000104·v²
- fraction of VO2max a runner can sustain for t minutes:
  F = 0.8 + 0.1894393·e^(−0.012778·t) + 0.2989558·e^(−0.1932605·t)
- VDOT = VO2 / F for a race of distance d run in time t (v = d / t).

A race time at another distance is the t for which the same VDOT comes out,
found by bisection (the VDOT of a fixed distance falls steadily as the time
grows, so the root is unique in any sensible bracket). Training paces are the
velocity whose oxygen cost is a given share of VDOT: 67 % for `easy`, 88 % for
`threshold`.
"""

from __future__ import annotations

import math

from kicktimer.workout.quantities import KM_PER_MILE, METRES_PER_UNIT, Unit

EASY_FRACTION = 0.67
THRESHOLD_FRACTION = 0.88

# A pace faster than this is not a human running (the 100 m world record
# averages about 96 s/km); slower than this is not running at all.
FASTEST_PACE_S_PER_KM = 60.0
SLOWEST_PACE_S_PER_KM = 3600.0

_A, _B, _C = -4.60, 0.182258, 0.000104


# The world records from 1500 m to the marathon are VDOT 83 to 88 (a 12:35 5K is
# 85.3, a 2:00:35 marathon 85.6): a race result above this is a typo, not a runner.
HIGHEST_VDOT = 90.0


class PaceError(ValueError):
    """A time, pace or VDOT that the model cannot work with."""


def oxygen_cost(velocity_m_per_min: float) -> float:
    """VO2 (ml/kg/min) of running at `velocity_m_per_min`."""
    v = velocity_m_per_min
    return _A + _B * v + _C * v * v


def sustainable_fraction(minutes: float) -> float:
    """The share of VO2max a runner can hold for a race lasting `minutes`."""
    return 0.8 + 0.1894393 * math.exp(-0.012778 * minutes) + 0.2989558 * math.exp(-0.1932605 * minutes)


def vdot(distance_m: float, time_s: float) -> float:
    """The VDOT of running `distance_m` in `time_s` (24:34 for 5 km → 39.1)."""
    if distance_m <= 0 or time_s <= 0 or not math.isfinite(distance_m) or not math.isfinite(time_s):
        raise PaceError("a race needs a positive distance and time")
    minutes = time_s / 60.0
    value = oxygen_cost(distance_m / minutes) / sustainable_fraction(minutes)
    if value <= 0:
        raise PaceError("that race is too slow for the VDOT model")
    return value


def velocity_for_oxygen_cost(vo2: float) -> float:
    """The velocity (m/min) whose oxygen cost is `vo2`: the positive root of the cost quadratic."""
    discriminant = _B * _B - 4 * _C * (_A - vo2)
    if discriminant < 0:
        raise PaceError(f"no running velocity costs {vo2:.1f} ml/kg/min")
    velocity = (-_B + math.sqrt(discriminant)) / (2 * _C)
    if velocity <= 0:
        raise PaceError(f"no running velocity costs {vo2:.1f} ml/kg/min")
    return velocity


def race_time(vdot_value: float, distance_m: float) -> float:
    """Seconds a runner of `vdot_value` is predicted to need for `distance_m`.

    Bisection on the time in minutes, bracketed between a pace no human runs
    and one slower than walking, to a hundredth of a second.
    """
    if vdot_value <= 0 or distance_m <= 0:
        raise PaceError("race time needs a positive VDOT and distance")
    km = distance_m / 1000.0
    fast = km * FASTEST_PACE_S_PER_KM / 60.0
    slow = km * SLOWEST_PACE_S_PER_KM / 60.0

    def excess(minutes: float) -> float:
        return oxygen_cost(distance_m / minutes) / sustainable_fraction(minutes) - vdot_value

    if excess(fast) < 0 or excess(slow) > 0:
        raise PaceError(f"VDOT {vdot_value:.1f} is outside what the model can turn into a race time")
    while (slow - fast) * 60.0 > 1e-4:
        middle = (fast + slow) / 2.0
        if excess(middle) > 0:
            fast = middle
        else:
            slow = middle
    return (fast + slow) / 2.0 * 60.0


def training_pace(vdot_value: float, fraction: float) -> float:
    """Seconds per km at the velocity whose oxygen cost is `fraction` of `vdot_value`."""
    return 60_000.0 / velocity_for_oxygen_cost(fraction * vdot_value)


def easy_pace(vdot_value: float) -> float:
    """Seconds per km for easy running: 67 % of VDOT."""
    return training_pace(vdot_value, EASY_FRACTION)


def threshold_pace(vdot_value: float) -> float:
    """Seconds per km at threshold: 88 % of VDOT."""
    return training_pace(vdot_value, THRESHOLD_FRACTION)


# ---- conversions ----------------------------------------------------------


def km_per_unit(unit: Unit) -> float:
    """How many kilometres one `unit` is (1 for km, 1.609344 for mi)."""
    return METRES_PER_UNIT[unit] / 1000.0


def pace_to_per_km(seconds: float, unit: Unit) -> float:
    """A pace in seconds per `unit` as seconds per km (7:15/mi → 270.3 s/km)."""
    return seconds / km_per_unit(unit)


def pace_from_per_km(seconds_per_km: float, unit: Unit) -> float:
    """Seconds per km as seconds per `unit` (4:30/km → 434.6 s/mi)."""
    return seconds_per_km * km_per_unit(unit)


def delta_to_per_km(seconds: float, unit: Unit) -> float:
    """A pace change of `seconds` per `unit` as seconds per km (−15 s/mi → −9.3 s/km)."""
    return seconds / km_per_unit(unit)


def kmh_from_pace(seconds_per_km: float) -> float:
    """Speed in km/h at a pace in seconds per km (4:00/km → 15 km/h)."""
    if seconds_per_km <= 0:
        raise PaceError("a pace must be positive")
    return 3600.0 / seconds_per_km


def pace_from_kmh(kmh: float) -> float:
    """Seconds per km at a speed in km/h (12 km/h → 300 s/km)."""
    if kmh <= 0:
        raise PaceError("a speed must be positive")
    return 3600.0 / kmh


def mph_from_kmh(kmh: float) -> float:
    """km/h as miles per hour."""
    return kmh / KM_PER_MILE


def kmh_from_mph(mph: float) -> float:
    """Miles per hour as km/h."""
    return mph * KM_PER_MILE


def speed_in_unit(kmh: float, unit: Unit) -> float:
    """A speed in the unit a runner thinks in: km/h for km, mph for mi."""
    return kmh if unit == "km" else mph_from_kmh(kmh)


def is_plausible_pace(seconds_per_km: float) -> bool:
    """Whether a pace is one a human could run (or walk) at."""
    return math.isfinite(seconds_per_km) and FASTEST_PACE_S_PER_KM <= seconds_per_km <= SLOWEST_PACE_S_PER_KM


def format_pace(seconds_per_km: float, unit: Unit) -> str:
    """`4:30/km` or `7:15/mi`: a pace in the runner's unit, to the second."""
    seconds = pace_from_per_km(seconds_per_km, unit)
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}/{unit}"


def format_speed(kmh: float, unit: Unit) -> str:
    """`15.0 km/h` or `9.3 mph`: belt speed as a treadmill shows it."""
    return f"{speed_in_unit(kmh, unit):.1f} {'km/h' if unit == 'km' else 'mph'}"
