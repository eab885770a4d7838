"""The belt speed of a treadmill step that names no pace or speed: worked out once, here.

A workout written for anywhere often says only how hard (`effort: max`) or
what kind of step it is (a recovery, a warm-up). On a treadmill the belt
needs a number, and the runner expects it to speed up for each sprint and
slow for each recovery, so kicktimer derives one from the runner's profile:

| effort                                                   | level  | pace (default) |
|----------------------------------------------------------|--------|----------------|
| `max`, `all-out`, `sprint`, `flat out`, 95 % and up      | max    | `mile`         |
| `hard`, `fast`, 90–94 %                                  | hard   | `5k`           |
| `comfortably hard`, `tempo`, `threshold`, 80–89 %        | tempo  | `threshold`    |
| `steady`, `moderate`, 70–79 %                            | steady | `marathon`     |
| `easy`, `recovery`, `jog`, `light`, `relaxed`, below 70 % | easy   | `easy`         |

An effort matches when it is one of those words or starts with one
(`steady, faster than the first half` is steady); any other text gives no
speed, and the runner sets it on the console. A warm-up or cool-down with no
effort runs at the `easy` level; a recovery or rest with no effort the plan
knows walks at `walk_kmh`. A derived speed is rounded to 0.1 km/h and never
above `max_kmh`, and a step whose speed is derived and that names no incline
runs flat. An incline range (`5-10%`) runs at its low end, or at its middle
or top when `[treadmill] incline_range` says so. `[treadmill] effort_paces` chooses the pace of each level, or
turns the derivation off (`false`: efforts leave the speed to the runner,
recoveries still walk).

The compiler asks this module (so `kick show`, the preview, the timer and
the belt all read the same `Segment.speed_kmh`); the devices only send it.
Pure: plain values in, plain values out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from kicktimer.workout.model import Effort, StepKind

EFFORT_LEVELS: tuple[str, ...] = ("max", "hard", "tempo", "steady", "easy")
DEFAULT_EFFORT_PACES: Mapping[str, str] = MappingProxyType(
    {"max": "mile", "hard": "5k", "tempo": "threshold", "steady": "marathon", "easy": "easy"}
)
WALK = "walk"
InclineChoice = Literal["low", "middle", "high"]
INCLINE_CHOICES: tuple[InclineChoice, ...] = ("low", "middle", "high")

_WORDS: Mapping[str, str] = MappingProxyType(
    {
        "max": "max",
        "all-out": "max",
        "all out": "max",
        "sprint": "max",
        "flat out": "max",
        "hard": "hard",
        "fast": "hard",
        "comfortably hard": "tempo",
        "tempo": "tempo",
        "threshold": "tempo",
        "steady": "steady",
        "moderate": "steady",
        "easy": "easy",
        "recovery": "easy",
        "jog": "easy",
        "light": "easy",
        "relaxed": "easy",
    }
)
# Lower bounds of each level's percentages, highest first.
_PERCENT_BANDS: tuple[tuple[float, str], ...] = ((95, "max"), (90, "hard"), (80, "tempo"), (70, "steady"))
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class BeltChoices:
    """What `[treadmill]` says about the speeds kicktimer works out itself."""

    effort_paces: Mapping[str, str] | None = field(default_factory=lambda: DEFAULT_EFFORT_PACES)
    """Each level's reference pace (`max` → `mile`); None turns effort speeds off."""
    walk_kmh: float = 5.0
    max_kmh: float = 20.0
    incline_range: InclineChoice = "low"
    """Where in an incline range (`5-10%`) the belt runs."""


@dataclass(frozen=True)
class DerivedSpeed:
    """A belt speed kicktimer chose for a step, and why (shown beside it: `16.1 km/h (mile pace)`)."""

    speed_kmh: float
    source: str
    pace_name: str | None = None


def effort_level(effort: Effort) -> str | None:
    """The level (`max`, `hard`, `tempo`, `steady`, `easy`) an effort reads as, or None."""
    if effort.percent is not None:
        return next((level for low, level in _PERCENT_BANDS if effort.percent >= low), "easy")
    text = _SPACES.sub(" ", effort.text.strip().lower())
    found: str | None = None
    for word in _WORDS:
        starts = text == word or (text.startswith(word) and not text[len(word)].isalpha())
        if starts and (found is None or len(word) > len(found)):
            found = word
    return None if found is None else _WORDS[found]


def step_level(kind: StepKind, effort: Effort | None, choices: BeltChoices) -> str | None:
    """What a step without a pace or speed runs at: a level, `walk`, or None (the runner decides)."""
    level = None if effort is None or choices.effort_paces is None else effort_level(effort)
    if level is not None:
        return level
    if kind in (StepKind.RECOVER, StepKind.REST):
        return WALK
    if effort is None and choices.effort_paces is not None and kind in (StepKind.WARMUP, StepKind.COOLDOWN):
        return "easy"
    return None


def belt_incline(low: float, high: float, choices: BeltChoices) -> float:
    """The incline the belt runs a range at: its low end, middle (to 0.1 %) or top."""
    if choices.incline_range == "high":
        return high
    if choices.incline_range == "middle":
        return round((low + high) / 2, 1)
    return low


def belt_kmh(pace_s_per_km: float, max_kmh: float) -> float:
    """A pace as a belt speed: to 0.1 km/h, never above `max_kmh` (rounded down to it)."""
    cap = math.floor(max_kmh * 10 + 1e-9) / 10
    return min(round(3600.0 / pace_s_per_km, 1), cap)


class NoPace(LookupError):
    """The level's reference pace is not in the profile (it has no race)."""

    def __init__(self, pace_name: str) -> None:
        self.pace_name = pace_name
        super().__init__(pace_name)


def derived_speed(
    kind: StepKind, effort: Effort | None, paces: Mapping[str, float], choices: BeltChoices
) -> DerivedSpeed | None:
    """The belt speed for a treadmill step with no pace or speed of its own (None: the runner's call).

    `paces` are the profile's reference paces (seconds per km). Raises NoPace
    when the level's pace needs a race the profile does not have.
    """
    level = step_level(kind, effort, choices)
    if level is None:
        return None
    if level == WALK:
        return DerivedSpeed(min(round(choices.walk_kmh, 1), choices.max_kmh), WALK)
    assert choices.effort_paces is not None
    name = choices.effort_paces.get(level, DEFAULT_EFFORT_PACES[level])
    if name not in paces:
        raise NoPace(name)
    speed = belt_kmh(paces[name], choices.max_kmh)
    capped = speed < round(3600.0 / paces[name], 1)
    source = f"{name} pace" + (", capped" if capped else "")
    return DerivedSpeed(speed, source, name)
