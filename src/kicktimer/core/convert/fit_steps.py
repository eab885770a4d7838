"""kicktimer steps ↔ FIT workout_step fields, as plain dicts (the shell encodes and decodes the bytes).

Field values are FIT's raw units, which Garmin's encoder writes as given:
durations in ms (time) or cm (distance), speeds in mm/s. Sub-field names
such as `duration_time` are never used: Garmin's encoder silently drops
them. Enums are the profile's names ("distance", "recovery"), which the
encoder maps to numbers and the decoder maps back.

Choices (docs/convert.md explains them):
- A lap-key distance (a 400 m rep on a track, where kicktimer counts up and
  the runner presses the lap key at the line) is an *open* step named
  "400 m", with the target split in the notes and the pace as the speed
  target: the watch then runs it the same way, ended by the lap button at
  the line, not early or late by GPS error. A treadmill plan's distances
  (countdowns at the belt's pace) are distance steps.
- A pace is a speed range ±2.5 % around it (a zero-width range makes a
  watch alert without end); reading it back takes the middle.
- Repeats nest two deep at most, and a workout beyond `STEP_BUDGET`
  messages is still written, with a warning: some watches refuse it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from kicktimer.core.compile import derived_label
from kicktimer.core.convert.draft import (
    NOTES_SEPARATOR,
    Draft,
    DraftRepeat,
    DraftStep,
    ImportRefused,
    distance_text,
    pace_text,
    parse_notes,
    time_text,
)
from kicktimer.core.convert.folding import (
    distance_from_name,
    folding_warnings,
    is_lap_distance,
    notes_parts,
    step_name,
)
from kicktimer.core.convert.outline import Item, Loop, Node, Outline, limit_depth, warning
from kicktimer.errors import SourcePos
from kicktimer.workout.model import DistanceLength, StepKind, TimeLength
from kicktimer.workout.quantities import Unit, format_clock

STEP_BUDGET = 50
MAX_NESTING = 2
MAX_STRING_BYTES = 254  # FIT strings: a size byte of at most 255, one of which is the NUL
SPEED_BAND = 0.025
MAX_REPEAT = 1000

INTENSITY: dict[StepKind, str] = {
    StepKind.WARMUP: "warmup",
    StepKind.RUN: "active",
    StepKind.RECOVER: "recovery",
    StepKind.REST: "rest",
    StepKind.DRILL: "other",
    StepKind.COOLDOWN: "cooldown",
}
KIND_OF_INTENSITY: dict[str, StepKind] = {
    "warmup": StepKind.WARMUP,
    "active": StepKind.RUN,
    "interval": StepKind.RUN,
    "recovery": StepKind.RECOVER,
    "rest": StepKind.REST,
    "other": StepKind.DRILL,
    "cooldown": StepKind.COOLDOWN,
}


@dataclass
class FitWorkout:
    """The `workout` message and its `workout_step` messages, with the export's warnings."""

    workout: dict[str, Any]
    steps: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


# ---- export ----------------------------------------------------------------------------


def fit_workout(outline: Outline, unit: Unit) -> FitWorkout:
    """The outline as FIT messages (without file_id and mesg_num: the shell adds those)."""
    nodes, unrolled = limit_depth(outline.nodes, MAX_NESTING, "FIT nests repeats two deep at most")
    warnings = [
        warning(outline.file, u.pos, f"repeat of {u.count} written out step by step: {u.reason}")
        for u in (*outline.unrolled, *unrolled)
    ]
    steps: list[dict[str, Any]] = []
    _emit(nodes, steps, outline, unit, warnings)
    if len(steps) > STEP_BUDGET:
        warnings.append(
            warning(
                outline.file,
                outline.nodes[0].pos if outline.nodes else SourcePos(1, 1),
                f"{len(steps)} FIT steps, more than the {STEP_BUDGET} many watches accept",
            )
        )
    name, _ = _fit_string(outline.name)
    workout = {"wkt_name": name, "sport": "running", "sub_sport": "generic", "num_valid_steps": len(steps)}
    return FitWorkout(workout, steps, list(dict.fromkeys(warnings)))


def _emit(
    nodes: Sequence[Node], steps: list[dict[str, Any]], outline: Outline, unit: Unit, warnings: list[str]
) -> None:
    for node in nodes:
        if isinstance(node, Loop):
            first = len(steps)
            _emit(node.body, steps, outline, unit, warnings)
            steps.append(
                {
                    "message_index": len(steps),
                    "duration_type": "repeat_until_steps_cmplt",
                    "duration_value": first,
                    "target_type": "open",
                    "target_value": node.count,
                }
            )
        else:
            steps.append(_step(node, len(steps), outline, unit, warnings))


def _step(item: Item, index: int, outline: Outline, unit: Unit, warnings: list[str]) -> dict[str, Any]:
    segment = item.segment
    name, name_cut = _fit_string(step_name(segment))
    parts, lost = notes_parts(item, unit)
    notes, notes_cut = _fit_string(NOTES_SEPARATOR.join(parts))
    message: dict[str, Any] = {
        "message_index": index,
        "wkt_step_name": name,
        "intensity": INTENSITY[segment.kind],
    }
    if notes:
        message["notes"] = notes
    if segment.fills_sendoff:
        shown = format_clock(segment.sendoff_s or 0)
        if segment.duration_s is not None:
            warnings.append(
                warning(
                    outline.file,
                    item.pos,
                    f"every: {shown} send-off: FIT has none, the recovery is a fixed "
                    f"{format_clock(segment.duration_s)}",
                )
            )
        else:
            warnings.append(
                warning(
                    outline.file, item.pos, f"every: {shown} send-off: FIT has none, the recovery is open"
                )
            )
    if segment.duration_s is not None and (segment.distance_m is None or segment.fills_sendoff):
        message["duration_type"] = "time"
        message["duration_value"] = round(segment.duration_s * 1000)
    elif segment.distance_m is not None and not is_lap_distance(segment):
        message["duration_type"] = "distance"
        message["duration_value"] = round(segment.distance_m * 100)
    else:
        message["duration_type"] = "open"
    if segment.pace_s_per_km is not None:
        centre = round(1_000_000 / segment.pace_s_per_km)
        band = max(1, round(centre * SPEED_BAND))
        message["target_type"] = "speed"
        message["target_value"] = 0
        message["custom_target_value_low"] = centre - band
        message["custom_target_value_high"] = centre + band
    else:
        message["target_type"] = "open"
    warnings.extend(
        folding_warnings(
            outline.file,
            item,
            lost,
            kept_in="notes",
            lap_step="lap-button",
            lost_reason=" has no place in FIT; left out",
            cues_note=" (not spoken)",
        )
    )
    if name_cut or notes_cut:
        warnings.append(warning(outline.file, item.pos, f"'{segment.label}': name or notes cut to 254 bytes"))
    return message


def _fit_string(text: str) -> tuple[str, bool]:
    data = text.encode("utf-8")
    if len(data) <= MAX_STRING_BYTES:
        return text, False
    return data[:MAX_STRING_BYTES].decode("utf-8", errors="ignore"), True


# ---- import ----------------------------------------------------------------------------


def draft_from_fit(
    workout: Mapping[str, Any], steps: Sequence[Mapping[str, Any]], source: str, fallback_name: str
) -> tuple[Draft, list[str]]:
    """The decoded `workout` and `workout_step` messages as a kicktimer draft, plus warnings.

    Raises ImportRefused for what kicktimer cannot run at all (a repeat that
    points forward, a repeat until a heart rate).
    """
    warnings: list[str] = []
    ordered = sorted(steps, key=lambda m: _whole(m.get("message_index")))
    blocks: list[tuple[int, DraftStep | DraftRepeat]] = []
    lap_distances = False
    for position, message in enumerate(ordered):
        index = _whole(message.get("message_index", position))
        kind = str(message.get("duration_type", "open"))
        if kind.startswith("repeat"):
            _fold_repeat(blocks, message, index, kind)
            continue
        step, lap = _draft_step(message, index, warnings)
        lap_distances = lap_distances or lap
        blocks.append((index, step))
    if not blocks:
        raise ImportRefused("the workout has no steps")
    name = str(workout.get("wkt_name") or fallback_name)
    draft = Draft(
        name=name,
        source=source,
        steps=[block for _, block in blocks],
        environment="track" if lap_distances else None,
    )
    return draft, warnings


def _fold_repeat(
    blocks: list[tuple[int, DraftStep | DraftRepeat]], message: Mapping[str, Any], index: int, kind: str
) -> None:
    if kind != "repeat_until_steps_cmplt":
        raise ImportRefused(
            f"step {index} repeats until {kind.removeprefix('repeat_until_')}; kicktimer repeats a count"
        )
    back = _whole(message.get("duration_value"))
    count = _whole(message.get("target_value"))
    if not 1 <= count <= MAX_REPEAT:
        raise ImportRefused(f"step {index} repeats {count} times; kicktimer repeats 1 to {MAX_REPEAT} times")
    starts = [start for start, _ in blocks]
    if back >= index or back not in starts:
        raise ImportRefused(f"step {index} repeats from step {back}, which does not start a block before it")
    first = starts.index(back)
    body = [block for _, block in blocks[first:]]
    del blocks[first:]
    blocks.append((back, DraftRepeat(count, body)))


def _draft_step(message: Mapping[str, Any], index: int, warnings: list[str]) -> tuple[DraftStep, bool]:
    intensity = str(message.get("intensity", "active"))
    kind = KIND_OF_INTENSITY.get(intensity, StepKind.RUN)
    name = str(message.get("wkt_step_name") or "").strip()
    duration = str(message.get("duration_type", "open"))
    value = message.get("duration_value")
    label: str | None = name or None
    lap = False
    if duration == "time" and value:
        seconds = _whole(value) / 1000
        length = time_text(seconds)
        derived = derived_label(kind, TimeLength(seconds))
    elif duration == "distance" and value:
        metres = _whole(value) / 100
        length = distance_text(metres)
        derived = derived_label(kind, DistanceLength(metres))
    else:
        if duration not in ("open", "time", "distance"):
            warnings.append(
                f"step {index}: ends on {duration}, which kicktimer cannot time; made a lap-key step"
            )
        length = "open"
        derived = ""
        named = distance_from_name(name)
        if named is not None:
            label, metres = named
            length = distance_text(metres)
            derived = derived_label(kind, DistanceLength(metres))
            lap = True
    step = DraftStep(kind.value, length, label=None if label == derived else label)
    target = str(message.get("target_type", "open"))
    low = _whole(message.get("custom_target_value_low"))
    high = _whole(message.get("custom_target_value_high"))
    if target == "speed" and not message.get("target_value") and low > 0 and high > 0:
        step.pace = pace_text(1_000_000 / ((low + high) / 2))
    elif target == "speed" and message.get("target_value"):
        warnings.append(f"step {index}: speed zone {message.get('target_value')} has no pace here; left out")
    elif target not in ("open", "speed"):
        warnings.append(f"step {index}: {target.replace('_', ' ')} target left out (kicktimer targets paces)")
    notes = str(message.get("notes") or "")
    if notes:
        parse_notes(notes, step)
    if step.length == "open" and step.say:
        count = _reps_of(step)
        if count is not None:
            step.kind, step.length = StepKind.DRILL.value, f"{count} reps"
    return step, lap


def _whole(value: object) -> int:
    """A field's number; anything else a damaged file may hold there (a list, text, None) is 0."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return int(value) if value == value and abs(value) < 2**63 else 0


def _reps_of(step: DraftStep) -> int | None:
    match = re.search(r"(?:^| )(\d+) reps(?: |$)", step.say or "")
    if match is None:
        return None
    rest = ((step.say or "")[: match.start()] + (step.say or "")[match.end() :]).strip()
    step.say = rest or None
    return int(match.group(1))
