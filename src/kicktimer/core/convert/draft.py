"""An imported workout before it is a file: steps as kicktimer would write them, and the YAML text.

Importers (FIT, .zwo, intervals.icu text) build a `Draft`; `to_yaml` writes
it in the format of docs/workout-format.md, and the shell then reads that
text back through the ordinary loader, so an imported workout obeys every
rule and limit a hand-written one does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from kicktimer.core.pace import pace_from_per_km
from kicktimer.workout.quantities import Unit

KIND_WORDS = ("warmup", "run", "recover", "rest", "drill", "cooldown")
NOTES_SEPARATOR = " | "


@dataclass
class DraftStep:
    """One step: `kind` is a step key (`run`), `length` its value as text (`400m`, `2min`, `open`)."""

    kind: str
    length: str
    label: str | None = None
    pace: str | None = None
    effort: str | None = None
    activity: str | None = None
    incline: str | None = None
    say: str | None = None
    cues: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DraftRepeat:
    count: int
    steps: list[DraftStep | DraftRepeat]


@dataclass
class Draft:
    name: str
    source: str
    steps: list[DraftStep | DraftRepeat]
    environment: str | None = None
    summary: str | None = None
    notes: str | None = None


class ImportRefused(ValueError):
    """Input that cannot become a workout; `line`/`column` point at it in text formats (0: no position)."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        self.line = line
        self.column = column
        super().__init__(message)


# ---- lengths and paces as a runner writes them ------------------------------------------


def time_text(seconds: float) -> str:
    """600 → `10min`, 90 → `90s`, 12.5 → `12.5s`."""
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:g}min"
    return f"{round(seconds, 3):g}s"


def distance_text(metres: float) -> str:
    """400 → `400m`, 1609.344 → `1mi`, 2000 → `2km`."""
    miles = metres / 1609.344
    if abs(miles - round(miles * 4) / 4) < 1e-4 and metres >= 400 and round(metres) % 100:
        return f"{round(miles * 4) / 4:g}mi"
    if metres >= 1000 and round(metres) % 100 == 0:
        return f"{round(metres) / 1000:g}km"
    return f"{round(metres, 2):g}m"


def pace_text(seconds_per_km: float, unit: Unit = "km") -> str:
    """240.03 → `4:00/km`; to a tenth of a second, which is all the formats carry."""
    seconds = round(pace_from_per_km(seconds_per_km, unit), 1)
    minutes = int(seconds // 60)
    rest = round(seconds - 60 * minutes, 1)
    shown = f"{rest:04.1f}" if rest % 1 else f"{int(rest):02d}"
    return f"{minutes}:{shown}/{unit}"


def offset_text(seconds: float) -> str:
    """A cue's time after its step's start, as `at:` takes it: `45s in`."""
    return f"{round(seconds, 1):g}s in"


# ---- notes: what a format without the field keeps as text ----------------------------------


def parse_notes(text: str, step: DraftStep) -> None:
    """Read back what `notes_parts` wrote: `effort: max | at 0:45: Drive! | 20 reps | Easy jog.`.

    Parts naming a kicktimer key go back to that key; `at M:SS:` parts become
    cues; the rest is said at the step's start.
    """
    said: list[str] = []
    for raw in text.split(NOTES_SEPARATOR):
        part = raw.strip()
        lower = part.lower()
        if not part:
            continue
        if lower.startswith("effort: "):
            step.effort = part[8:].strip()
        elif lower.startswith("activity: "):
            step.activity = part[10:].strip()
        elif lower.startswith("incline: "):
            step.incline = part[9:].strip()
        elif lower.startswith("target "):
            continue
        elif lower.startswith("at ") and ": " in part:
            when, _, message = part[3:].partition(": ")
            seconds = _clock_seconds(when.strip())
            if seconds is None:
                said.append(part)
            else:
                step.cues.append((offset_text(seconds), message.strip()))
        else:
            said.append(part)
    if said:
        step.say = said[0]
        step.cues[:0] = [("start", text) for text in said[1:]]


def _clock_seconds(text: str) -> float | None:
    parts = text.split(":")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    if not 1 <= len(numbers) <= 3 or any(n < 0 for n in numbers):
        return None
    total = 0.0
    for number in numbers:
        total = total * 60 + number
    return total


# ---- YAML ------------------------------------------------------------------------------


def to_yaml(draft: Draft) -> str:
    """The workout as a YAML file a person can read and edit; strings are double-quoted (JSON escapes)."""
    lines = ["# yaml-language-server: $schema=workout.schema.json", f"name: {_quote(draft.name)}"]
    for key in ("summary", "source", "notes"):
        value = getattr(draft, key)
        if value:
            lines.append(f"{key}: {_quote(value)}")
    if draft.environment:
        lines.append(f"environment: {draft.environment}")
    lines.append("steps:")
    _blocks(draft.steps, "  ", lines)
    return "\n".join(lines) + "\n"


def _blocks(blocks: list[DraftStep | DraftRepeat], indent: str, lines: list[str]) -> None:
    for block in blocks:
        if isinstance(block, DraftRepeat):
            lines.append(f"{indent}- repeat: {block.count}")
            lines.append(f"{indent}  steps:")
            _blocks(block.steps, indent + "    ", lines)
            continue
        lines.append(f"{indent}- {block.kind}: {_quote(block.length)}")
        inner = indent + "  "
        for key in ("label", "pace", "effort", "activity", "incline", "say"):
            value = getattr(block, key)
            if value:
                lines.append(f"{inner}{key}: {_quote(value)}")
        if block.cues:
            lines.append(f"{inner}cues:")
            for at, say in block.cues:
                lines.append(f"{inner}  - at: {_quote(at)}")
                lines.append(f"{inner}    say: {_quote(say)}")


def _quote(text: str) -> str:
    """Lengths such as `400m` as written; anything else a double-quoted scalar (JSON's escapes are YAML's)."""
    if _PLAIN.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)


_PLAIN = re.compile(r"\d+(?:\.\d+)?(?:min|s|m|km|mi| reps)|open")
