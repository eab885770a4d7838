"""Zwift run workouts (.zwo): kicktimer steps to Zwift's step elements and back, as plain data.

A .zwo gives paces relative to one of five race paces (`pace="0".."4"`: mile,
5K, 10K, half, marathon) with `Power` the multiple of that reference's
speed, so kicktimer's reference paces map exactly; absolute and threshold
paces go through the runner's profile. A file is in time or in distance
(`durationType`, always written). There are no open steps and no repeats but
IntervalsT's one on/off pair: the rest is written out, with a warning.
The shell (kicktimer.convert.zwo_file) writes and parses the XML.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from kicktimer.core.convert.draft import (
    NOTES_SEPARATOR,
    Draft,
    DraftRepeat,
    DraftStep,
    ImportRefused,
    distance_text,
    offset_text,
    parse_notes,
    time_text,
)
from kicktimer.core.convert.folding import has_explicit_label, notes_parts
from kicktimer.core.convert.outline import Item, Node, Outline, expanded, limit_depth, warning
from kicktimer.errors import Problem, WorkoutError
from kicktimer.workout.model import StepKind

ZWIFT_PACES = ("mile", "5k", "10k", "half", "marathon")
STEP_ELEMENTS = ("Warmup", "Cooldown", "Ramp", "SteadyState", "IntervalsT", "FreeRide", "MaxEffort")
OPEN_STEP_S = 60.0
RECOVERY_SLOWER = 0.9
# Zwift's five reference paces relative to the mile's speed for a typical runner, used when the
# profile has no race: only to tell which of two steps is slower.
_TYPICAL_SPEED = (1.0, 0.92, 0.88, 0.84, 0.80)
MAX_REPEAT = 1000


@dataclass(frozen=True)
class ZwoEvent:
    """A `<textevent>`: a message at `offset` seconds (time files) or metres (distance files)."""

    offset: float
    message: str


@dataclass(frozen=True)
class ZwoElement:
    tag: str
    attrs: Mapping[str, str]
    events: tuple[ZwoEvent, ...] = ()
    line: int = 0
    column: int = 0


@dataclass(frozen=True)
class ZwoDoc:
    name: str
    sport: str
    duration_type: str
    elements: tuple[ZwoElement, ...]
    description: str = ""
    author: str = "kicktimer"
    tags: tuple[str, ...] = ()
    sport_pos: tuple[int, int] = (0, 0)


# ---- export ------------------------------------------------------------------------------


def zwo_doc(outline: Outline, paces: Mapping[str, float]) -> tuple[ZwoDoc, list[str]]:
    """The outline as a .zwo document; `paces` are the profile's reference paces (s/km)."""
    nodes, unrolled = limit_depth(outline.nodes, 1, "a .zwo has no nested repeats")
    warnings = [
        warning(outline.file, u.pos, f"repeat of {u.count} written out step by step: {u.reason}")
        for u in (*outline.unrolled, *unrolled)
    ]
    everything = expanded(nodes)
    distance = bool(everything) and all(
        i.segment.distance_m is not None and not i.segment.fills_sendoff for i in everything
    )
    writer = _Writer(outline, paces, distance, warnings)
    elements: list[ZwoElement] = []
    for node in nodes:
        elements.extend(writer.node(node))
    doc = ZwoDoc(
        name=outline.name,
        sport="run",
        duration_type="distance" if distance else "time",
        elements=tuple(elements),
        description=outline.summary or "",
    )
    return doc, list(dict.fromkeys(warnings))


@dataclass
class _Writer:
    outline: Outline
    paces: Mapping[str, float]
    distance: bool
    warnings: list[str] = field(default_factory=list)

    def warn(self, item: Item, message: str) -> None:
        self.warnings.append(warning(self.outline.file, item.pos, message))

    def node(self, node: Node) -> list[ZwoElement]:
        if isinstance(node, Item):
            return [self.step(node)]
        pair = [n for n in node.body if isinstance(n, Item)]
        if len(node.body) == 2 and len(pair) == 2 and all(self.simple(i) for i in pair):
            on, off = pair
            reference = self.reference(on)
            attrs = {
                "Repeat": str(node.count),
                "OnDuration": _number(self.length(on)),
                "OffDuration": _number(self.length(off)),
                "OnPower": self.power(on, reference),
                "OffPower": self.power(off, reference),
                "pace": str(ZWIFT_PACES.index(reference)),
            }
            return [ZwoElement("IntervalsT", attrs)]
        self.warnings.append(
            warning(
                self.outline.file,
                node.pos,
                f"repeat of {node.count} written out step by step: a .zwo repeats one on/off pair only",
            )
        )
        return [self.step(item) for item in expanded([node])]

    def simple(self, item: Item) -> bool:
        segment = item.segment
        return (
            segment.pace_s_per_km is not None
            and not segment.cues
            and not segment.fills_sendoff
            and (segment.duration_s is not None or (self.distance and segment.distance_m is not None))
            and not (segment.effort or segment.activity or segment.incline_pct is not None)
        )

    def length(self, item: Item) -> float:
        segment = item.segment
        if self.distance and segment.distance_m is not None:
            return segment.distance_m
        if segment.fills_sendoff:
            self.warn(item, "every: send-off: a .zwo has none, the recovery is fixed")
        if segment.duration_s is not None:
            return segment.duration_s
        if segment.target_s is not None:
            self.warn(
                item,
                f"'{segment.label}' ends on the lap key; a .zwo has no such step: "
                "written as its target time, without its distance",
            )
            return segment.target_s
        self.warn(
            item,
            f"'{segment.label}' ends on the lap key; a .zwo has no such step: written as a 1:00 free run",
        )
        return OPEN_STEP_S

    def reference(self, item: Item) -> str:
        segment = item.segment
        pace = segment.pace_s_per_km
        if segment.pace_name in ZWIFT_PACES and segment.pace_name in self.paces:
            return segment.pace_name
        known = [name for name in ZWIFT_PACES if name in self.paces]
        if not known or pace is None:
            raise WorkoutError(
                [
                    Problem(
                        self.outline.file,
                        item.pos,
                        "a .zwo gives paces relative to a race pace, and your profile has no race",
                        hint="kick profile set 5k 22:30 (any race gives every reference pace)",
                    )
                ]
            )
        return min(known, key=lambda name: abs(self.paces[name] - pace))

    def power(self, item: Item, reference: str) -> str:
        pace = item.segment.pace_s_per_km
        assert pace is not None
        return f"{self.paces[reference] / pace:.6f}"

    def step(self, item: Item) -> ZwoElement:
        segment = item.segment
        if has_explicit_label(segment, item.reps):
            self.warn(
                item, f"the label '{segment.label}' has no place in a .zwo (steps have no names); left out"
            )
        duration = _number(self.length(item))
        attrs: dict[str, str] = {"Duration": duration}
        if segment.pace_s_per_km is None:
            tag = "MaxEffort" if segment.all_out else "FreeRide"
        else:
            reference = self.reference(item)
            power = self.power(item, reference)
            tag = {StepKind.WARMUP: "Warmup", StepKind.COOLDOWN: "Cooldown"}.get(segment.kind, "SteadyState")
            if tag == "SteadyState":
                attrs["Power"] = power
            else:
                attrs["PowerLow"] = attrs["PowerHigh"] = power
            attrs["pace"] = str(ZWIFT_PACES.index(reference))
        return ZwoElement(tag, attrs, tuple(self.events(item)))

    def events(self, item: Item) -> list[ZwoEvent]:
        segment = item.segment
        parts, lost = notes_parts(item, "km", with_start_cue=False)
        parts = [p for p in parts if not p.startswith("target ") and not p.startswith("at ")]
        events: list[ZwoEvent] = []
        start = [cue.text for cue in segment.cues if cue.offset_s == 0 and cue.text]
        if parts or start:
            events.append(ZwoEvent(0.0, NOTES_SEPARATOR.join([*start, *parts])))
        if parts:
            self.warn(
                item, f"effort, activity or incline of '{segment.label}' written as a message at its start"
            )
        for what in lost:
            self.warn(item, f"{what} in '{segment.label}': a .zwo has no sounds; left out")
        for cue in segment.cues:
            if cue.offset_s == 0 or not cue.text:
                continue
            if not self.distance:
                events.append(ZwoEvent(cue.offset_s, cue.text))
            elif segment.pace_s_per_km is not None:
                events.append(ZwoEvent(cue.offset_s / segment.pace_s_per_km * 1000, cue.text))
            else:
                self.warn(item, f"a cue of '{segment.label}' cannot be placed by distance without a pace")
        return events


def _number(value: float) -> str:
    return f"{round(value, 3):g}"


# ---- import ------------------------------------------------------------------------------


def draft_from_zwo(
    doc: ZwoDoc, source: str, paces: Mapping[str, float]
) -> tuple[Draft, list[tuple[int, int, str]]]:
    """A .zwo document as a draft (for a treadmill); warnings are (line, column, message)."""
    if doc.sport.strip().lower() not in ("run", "running"):
        line, column = doc.sport_pos
        raise ImportRefused(
            f"sportType is {doc.sport.strip() or 'missing'}: kicktimer imports run workouts "
            "(<sportType>run</sportType>)",
            line or 1,
            column or 1,
        )
    reader = _Reader(doc.duration_type.strip().lower() == "distance", paces)
    steps: list[DraftStep | DraftRepeat] = [reader.element(e) for e in doc.elements]
    if not steps:
        raise ImportRefused("the workout has no steps", 1, 1)
    _infer(steps, reader.speeds)
    draft = Draft(
        name=doc.name.strip() or "Zwift workout",
        source=source,
        steps=steps,
        environment="treadmill",
        summary=" ".join(doc.description.split()) or None,
    )
    return draft, reader.warnings


@dataclass
class _Reader:
    distance: bool
    paces: Mapping[str, float]
    warnings: list[tuple[int, int, str]] = field(default_factory=list)
    # Each paced step's speed relative to the mile reference's, for telling recoveries from work.
    speeds: dict[int, float] = field(default_factory=dict)

    def element(self, element: ZwoElement) -> DraftStep | DraftRepeat:
        tag = element.tag
        if tag == "IntervalsT":
            count = int(self.number(element, "Repeat", 1))
            if not 1 <= count <= MAX_REPEAT:
                raise ImportRefused(
                    f"Repeat={count}: a repeat runs 1 to {MAX_REPEAT} times", element.line, element.column
                )
            on = DraftStep("run", self.length(element, "OnDuration"))
            off = DraftStep("recover", self.length(element, "OffDuration"))
            on.pace = self.pace(element, "OnPower")
            off.pace = self.pace(element, "OffPower")
            if element.events:
                self.warnings.append((element.line, element.column, "messages in IntervalsT left out"))
            return DraftRepeat(count, [on, off])
        step = DraftStep("", self.length(element, "Duration"))
        if tag in ("Warmup", "Cooldown", "Ramp"):
            step.kind = {"Warmup": "warmup", "Cooldown": "cooldown"}.get(tag, "run")
            low, high = element.attrs.get("PowerLow"), element.attrs.get("PowerHigh")
            if low is not None and high is not None and low != high:
                self.warnings.append(
                    (element.line, element.column, f"{tag} ramps; kicktimer holds one pace, the middle one")
                )
            step.pace = self.pace(element, "PowerLow", "PowerHigh")
        elif tag == "SteadyState":
            step.kind = "run"
            step.pace = self.pace(element, "Power")
            self.speeds[id(step)] = self.speed(element, "Power")
        elif tag == "MaxEffort":
            step.kind, step.effort = "run", "max"
        for event in element.events:
            if event.offset == 0:
                parse_notes(event.message, step)
            else:
                at = f"{round(event.offset, 1):g}m in" if self.distance else offset_text(event.offset)
                step.cues.append((at, event.message))
        return step

    def number(self, element: ZwoElement, name: str, default: float | None = None) -> float:
        text = element.attrs.get(name)
        if text is None and default is not None:
            return default
        try:
            value = float(text or "")
        except ValueError:
            raise ImportRefused(
                f"<{element.tag}> needs {name} as a number", element.line, element.column
            ) from None
        if not value >= 0 or value == float("inf"):
            raise ImportRefused(
                f"<{element.tag}> {name}={text} is not a length", element.line, element.column
            )
        return value

    def length(self, element: ZwoElement, name: str) -> str:
        value = self.number(element, name)
        if value <= 0:
            raise ImportRefused(f"<{element.tag}> {name} must be more than 0", element.line, element.column)
        return distance_text(value) if self.distance else time_text(value)

    def speed(self, element: ZwoElement, name: str) -> float:
        """The step's speed in units of the reference's, scaled by how fast that reference is."""
        index = int(self.number(element, "pace", 0))
        reference = ZWIFT_PACES[index] if 0 <= index < len(ZWIFT_PACES) else "mile"
        scale = (
            self.paces["mile"] / self.paces[reference]
            if reference in self.paces and "mile" in self.paces
            else (_TYPICAL_SPEED[index] if 0 <= index < len(_TYPICAL_SPEED) else 1.0)
        )
        return self.number(element, name, 0) * scale

    def pace(self, element: ZwoElement, *names: str) -> str | None:
        if not any(n in element.attrs for n in names):
            return None
        power = sum(self.number(element, n, 0) for n in names) / len(names)
        index = int(self.number(element, "pace", 0))
        if not 0 <= index < len(ZWIFT_PACES):
            raise ImportRefused(f'pace="{index}" is not 0 to 4', element.line, element.column)
        reference = ZWIFT_PACES[index]
        if power <= 0:
            raise ImportRefused(f"<{element.tag}> needs a power above 0", element.line, element.column)
        if abs(power - 1) < 1e-6:
            return reference
        if reference not in self.paces:
            raise ImportRefused(
                f"a pace relative to {reference} needs a race in your profile: "
                "kick profile set 5k 22:30 (any race gives every reference pace)",
                element.line,
                element.column,
            )
        base = self.paces[reference]
        offset = round(base / power - base, 1)
        return f"{reference}{'+' if offset >= 0 else '-'}{abs(offset):g}s/km"


def _infer(steps: Sequence[DraftStep | DraftRepeat], speeds: Mapping[int, float]) -> None:
    """Kinds a .zwo does not say: free runs (no pace) at the start warm up, at the end cool down,
    in between recover; a steady step clearly slower (by RECOVERY_SLOWER) than the steady
    step before it is its recovery."""
    for position, step in enumerate(steps):
        if isinstance(step, DraftStep) and not step.kind:
            step.kind = "warmup" if position == 0 else "cooldown" if position == len(steps) - 1 else "recover"
    for before, step in pairwise(steps):
        if not (isinstance(before, DraftStep) and isinstance(step, DraftStep)):
            continue
        mine, theirs = speeds.get(id(step)), speeds.get(id(before))
        if (
            before.kind == "run"
            and mine is not None
            and theirs is not None
            and mine < theirs * RECOVERY_SLOWER
        ):
            step.kind = "recover"
