"""What a format without kicktimer's keys keeps of a step: its name, and the rest as notes.

FIT steps have a name and notes; intervals.icu steps have one line of text.
Effort, activity, incline, a drill's rep count, the target split of a
lap-key rep and the step's cues are written as short parts joined by
`NOTES_SEPARATOR`, which `draft.parse_notes` reads back: a watch shows the
notes, and a round trip through the format keeps them.
"""

from __future__ import annotations

import re

from kicktimer.core.compile import derived_label
from kicktimer.core.convert.draft import NOTES_SEPARATOR
from kicktimer.core.convert.outline import Item, warning
from kicktimer.core.pace import format_pace
from kicktimer.core.segments import Segment
from kicktimer.workout.model import CountLength, DistanceLength, Length, OpenLength, TimeLength
from kicktimer.workout.quantities import Unit, format_clock, format_distance

# An open step named for its distance: "400 m", or "Hill rep (400 m)".
_DISTANCE_NAME = re.compile(r"^(?:(?P<label>.*\S)\s+\()?(?P<amount>\d+(?:\.\d+)?) (?P<unit>m|km|mi)\)?$")
_UNIT_METRES = {"m": 1.0, "km": 1000.0, "mi": 1609.344}


def is_lap_distance(segment: Segment) -> bool:
    """A distance the runner ends with the lap key (track, road): kicktimer times no countdown for it."""
    return segment.distance_m is not None and segment.duration_s is None and not segment.fills_sendoff


def has_explicit_label(segment: Segment, reps: int | None = None) -> bool:
    """Whether the label was written in the file rather than derived ("Run 400 m", "Recover 2:00")."""
    lengths: list[Length] = [OpenLength()]
    if segment.distance_m is not None:
        lengths.append(DistanceLength(segment.distance_m))
    elif segment.duration_s is not None:
        lengths.append(TimeLength(segment.duration_s))
    if reps is not None:
        lengths.append(CountLength(reps))
    if segment.fills_sendoff and segment.label.startswith("Recover until "):
        return False
    return all(segment.label != derived_label(segment.kind, length) for length in lengths)


def step_name(segment: Segment) -> str:
    """The step's name; a lap-key distance is named for its distance so a watch shows "400 m"."""
    if is_lap_distance(segment) and segment.distance_m is not None:
        distance = format_distance(segment.distance_m)
        return f"{segment.label} ({distance})" if has_explicit_label(segment) else distance
    return segment.label


def distance_from_name(name: str) -> tuple[str | None, float] | None:
    """`400 m` → (None, 400.0); `Hill rep (400 m)` → ("Hill rep", 400.0); anything else → None."""
    match = _DISTANCE_NAME.match(name.strip())
    if match is None or (match.group("label") is None) != (not name.strip().endswith(")")):
        return None
    return match.group("label"), float(match.group("amount")) * _UNIT_METRES[match.group("unit")]


def clock_tenths(seconds: float) -> str:
    """68.6 → `1:08.6`, 45 → `0:45`: a cue's offset, precise enough to come back to the same place."""
    tenths = round(seconds, 1)
    if tenths % 1 == 0:
        return format_clock(tenths)
    minutes, rest = divmod(tenths, 60)
    return f"{int(minutes)}:{rest:04.1f}"


def notes_parts(item: Item, unit: Unit, *, with_start_cue: bool = True) -> tuple[list[str], list[str]]:
    """The step's notes as parts, and what could not be kept (sound-only cues), as short phrases."""
    segment = item.segment
    parts: list[str] = []
    lost: list[str] = []
    if is_lap_distance(segment) and segment.target_s is not None and segment.pace_s_per_km is not None:
        parts.append(f"target {format_clock(segment.target_s)} ({format_pace(segment.pace_s_per_km, unit)})")
    if item.reps is not None:
        parts.append(f"{item.reps} reps")
    if segment.effort:
        parts.append(f"effort: {segment.effort}")
    if segment.activity:
        parts.append(f"activity: {segment.activity}")
    if segment.incline_pct is not None:
        high = segment.incline_max_pct
        shown = (
            f"{segment.incline_pct:g}%"
            if high in (None, segment.incline_pct)
            else (f"{segment.incline_pct:g}-{high:g}%")
        )
        parts.append(f"incline: {shown}")
    for cue in segment.cues:
        if cue.text is None:
            lost.append(f"the sound '{cue.sound}'")
            continue
        if cue.offset_s == 0:
            if with_start_cue:
                parts.append(cue.text)
        else:
            parts.append(f"at {clock_tenths(cue.offset_s)}: {cue.text}")
    return [part.replace(NOTES_SEPARATOR, " / ") for part in parts], lost


def start_cue(segment: Segment) -> str | None:
    """The text said at the step's start (`say:`), if any."""
    said = [cue.text for cue in segment.cues if cue.offset_s == 0 and cue.text]
    return " ".join(said) if said else None


def folding_warnings(
    file: str,
    item: Item,
    lost: list[str],
    *,
    kept_in: str,
    lap_step: str,
    lost_reason: str,
    cues_note: str = "",
) -> list[str]:
    """The warnings for what a step loses in a format without kicktimer's keys.

    FIT and intervals.icu lose the same things (effort, activity and incline go
    into the notes, a counted drill becomes a lap step, sounds go, cues are
    folded in); only each format's words differ: `kept_in` names where the
    notes go ("notes", "text"), `lap_step` the step a count becomes,
    `lost_reason` follows "SOUND in 'LABEL'" for each of `lost`, `cues_note` ends the cue warning.
    """
    segment = item.segment
    warnings: list[str] = []
    if segment.effort or segment.activity or segment.incline_pct is not None:
        warnings.append(
            warning(file, item.pos, f"effort, activity or incline of '{segment.label}' kept in its {kept_in}")
        )
    if item.reps is not None:
        warnings.append(
            warning(
                file,
                item.pos,
                f"'{segment.label}' ({item.reps} reps) is a {lap_step} step with the count in its {kept_in}",
            )
        )
    for what in lost:
        warnings.append(warning(file, item.pos, f"{what} in '{segment.label}'{lost_reason}"))
    if any(cue.text for cue in segment.cues):
        warnings.append(
            warning(file, item.pos, f"cues of '{segment.label}' folded into the step's {kept_in}{cues_note}")
        )
    return warnings
