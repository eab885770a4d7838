"""What the timer shows, as text, and when that text next changes.

Pure functions, no Textual and no engine: the screens format with these,
and the run (`run_control`) asks `until_remaining_changes` and
`until_elapsed_changes` when the big clock next shows another second, so it
schedules exactly one wake-up per displayed second (at the moment the second
changes) instead of polling.

Rounding is one rule everywhere: a countdown shows the seconds still to run
rounded *up* (it reads 0:00 only when the step is over), a count-up shows
the seconds done rounded *down*. `EDGE_S` lets a wake-up that lands a hair
early still show the new second.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kicktimer.workout.quantities import METRES_PER_MILE, format_split

if TYPE_CHECKING:
    from kicktimer.core.segments import Segment

EDGE_S = 0.001
"""A value this close below a whole second is displayed as that second."""

NANOSECOND_DIGITS = 9
"""Figures are rounded to the nanosecond before the whole second is taken, so float noise
(1.0 − 0.999 = 0.0010000000000000009) never shows as a second that has already passed."""

KM_PER_MILE = METRES_PER_MILE / 1000.0


def shown_remaining(remaining_s: float) -> int:
    """Whole seconds a countdown shows: rounded up, never negative."""
    return max(0, math.ceil(round(remaining_s - EDGE_S, NANOSECOND_DIGITS)))


def shown_elapsed(elapsed_s: float) -> int:
    """Whole seconds a count-up shows: rounded down, never negative."""
    return max(0, math.floor(round(elapsed_s + EDGE_S, NANOSECOND_DIGITS)))


def until_remaining_changes(remaining_s: float) -> float | None:
    """Seconds until `shown_remaining` changes while the countdown runs (None once at zero)."""
    shown = shown_remaining(remaining_s)
    if shown <= 0:
        return None
    return max(0.0, remaining_s - (shown - 1) - EDGE_S)


def until_elapsed_changes(elapsed_s: float) -> float:
    """Seconds until `shown_elapsed` changes while the count-up runs."""
    return max(0.0, shown_elapsed(elapsed_s) + 1 - EDGE_S - elapsed_s)


def clock_text(seconds: int) -> str:
    """`12:05`, `1:02:05`; for the big digits (whole seconds, no sign)."""
    seconds = abs(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


def signed_clock_text(seconds: int) -> str:
    """`+0:03`, `-1:10`, `±0:00`: an ahead/behind figure."""
    if seconds == 0:
        return "±0:00"
    return ("+" if seconds > 0 else "-") + clock_text(seconds)


split_text = format_split
"""A recorded split with tenths: `1:29.4`, `45.0`, `1:10:00.0` (`workout.quantities.format_split`)."""


def pace_text(seconds_per_km: float, units: str) -> str:
    """`4:30/km` or `7:15/mi`, in the runner's units."""
    per_unit = seconds_per_km * KM_PER_MILE if units == "mi" else seconds_per_km
    whole = round(per_unit)
    return f"{whole // 60}:{whole % 60:02d}/{'mi' if units == 'mi' else 'km'}"


def speed_text(kmh: float, units: str) -> str:
    """Belt speed: `13.3 km/h` or `8.3 mph`."""
    if units == "mi":
        return f"{kmh / KM_PER_MILE:.1f} mph"
    return f"{kmh:.1f} km/h"


def belt_speed_text(segment: Segment, units: str) -> str:
    """A step's belt speed, with why when kicktimer chose it: `14.6 km/h (mile pace)`, `5.0 km/h (walk)`."""
    assert segment.speed_kmh is not None
    shown = speed_text(segment.speed_kmh, units)
    return shown if segment.speed_from is None else f"{shown} ({segment.speed_from})"


def incline_text(low: float, high: float | None) -> str:
    """`1%`, `5–10%`."""
    if high is None or high == low:
        return f"{low:g}%"
    return f"{low:g}–{high:g}%"


def rep_text(segment: Segment) -> str:
    """`Rep 3/8` for a repeated step, `Set 2/3 · Rep 1/4` in a nested repeat, empty otherwise.

    A step of the outer repeat itself (the rest after each set) is `Set 2/3`. Three repeats
    deep, the outermost is the round: `Round 1/2 · Set 2/3 · Rep 1/4`, and `Round 1/2` for
    the rest after a round.

    The timer's heading, the preview's and the finish screen's Rep column all say it this way
    (here, not in `view_text`, so the preview imports no engine types before its first frame).
    """
    if segment.rep_number is None or not segment.rep_count:
        return ""
    word = "Round" if segment.rep_is_round else "Set" if segment.rep_is_set else "Rep"
    parts = [f"Round {number}/{count}" for number, count in segment.rounds]
    if segment.set_number is not None and segment.set_count:
        parts.append(f"Set {segment.set_number}/{segment.set_count}")
    parts.append(f"{word} {segment.rep_number}/{segment.rep_count}")
    return " · ".join(parts)


def rep_forms(segment: Segment) -> tuple[str, ...]:
    """`rep_text`, then shorter ways to say it, the last always holding the current count.

    `Round 1/2 · Set 1/3 · Rep 1/2`, `R1/2 S1/3 1/2`, `Rep 1/2`, `1/2`: a narrow
    timer heading (40 columns with "sound off") takes the longest that fits, so
    the count a runner looks for is never the part that is cut.
    """
    full = rep_text(segment)
    if not full or segment.rep_number is None or not segment.rep_count:
        return (full,)
    count = f"{segment.rep_number}/{segment.rep_count}"
    letter = "R" if segment.rep_is_round else "S" if segment.rep_is_set else ""
    parts = [f"R{number}/{total}" for number, total in segment.rounds]
    if segment.set_number is not None and segment.set_count:
        parts.append(f"S{segment.set_number}/{segment.set_count}")
    own = full.rsplit(" · ", 1)[-1]
    forms = [full, " ".join([*parts, letter + count]) if parts else full, own, letter + count]
    return tuple(dict.fromkeys(forms))
