"""The athlete's profile and the reference paces a workout can name.

A profile is the runner's preferred unit and their race results. Workouts say
`pace: mile` or `pace: easy+20s/km`; this module turns those into seconds per
km. Pure: the config file is read elsewhere (kicktimer.config).

Which race a reference pace comes from:

- A race pace (`mile`, `3k`, `5k`, `10k`, `half`, `marathon`) is the runner's
  own result at that distance when the profile has one: a real race beats a
  model. Otherwise it is predicted (VDOT race equivalent) from the recorded
  race nearest in distance, on a log scale, because a runner's endurance
  differs from the model's and the closest race says most about it (a 10K
  result predicts a half better than a mile result does).
- `threshold` (88 % of VDOT) comes from the recorded race nearest to 15 km,
  the distance a club runner races in about an hour, which is what
  threshold pace is; `easy` (67 % of VDOT) from the race nearest to the
  marathon, the other long aerobic effort. The same nearest-in-distance
  rule as the race paces, so a fast 1500 m does not set the threshold pace
  of a runner whose 10K says otherwise.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from kicktimer.core import pace as pace_math
from kicktimer.workout.model import AbsolutePace, PaceSpec, ReferencePace
from kicktimer.workout.quantities import METRES_PER_MILE, QuantityError, Unit, parse_distance

# The reference paces in the order a runner thinks of them, slowest first.
REFERENCE_ORDER: tuple[str, ...] = ("easy", "marathon", "half", "threshold", "10k", "5k", "3k", "mile")

# The distance each training pace is taken from the race nearest to (see the docstring).
TRAINING_DISTANCES: dict[str, float] = {"easy": 42195.0, "threshold": 15000.0}

# The race distances the format names, in metres.
RACE_DISTANCES: dict[str, float] = {
    "mile": METRES_PER_MILE,
    "3k": 3000.0,
    "5k": 5000.0,
    "10k": 10000.0,
    "half": 21097.5,
    "marathon": 42195.0,
}

_ALIASES = {
    "1mi": "mile",
    "1 mile": "mile",
    "half marathon": "half",
    "half-marathon": "half",
    "halfmarathon": "half",
    "hm": "half",
    "21.1k": "half",
    "full": "marathon",
    "42.2k": "marathon",
    "3000m": "3k",
    "5000m": "5k",
    "10000m": "10k",
    "3km": "3k",
    "5km": "5k",
    "10km": "10k",
}
_KILOMETRES = re.compile(r"^(\d+(?:\.\d+)?)k$")
# Shorter than 800 m the VDOT model (built on races of a few minutes and more) stops meaning much.
SHORTEST_RACE_M = 800.0
LONGEST_RACE_M = 100_000.0


class UnknownRace(ValueError):
    """A race name that is not a distance kicktimer can read."""


class MissingReference(LookupError):
    """A reference pace the profile cannot supply (it has no race results)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"the pace '{name}' needs a race result in your profile")


@dataclass(frozen=True)
class Profile:
    """Preferred units and race results (canonical race name → seconds)."""

    units: Unit = "km"
    races: dict[str, float] = field(default_factory=dict)


def canonical_race(name: str) -> str:
    """The one name a race is stored under: `5K`→`5k`, `half marathon`→`half`, `1500 m`→`1500m`.

    Accepts the format's names, common aliases, `Nk`, and any distance
    `parse_distance` reads (`1500m`, `2mi`, `15km`).
    """
    text = " ".join(name.strip().lower().split())
    text = _ALIASES.get(text, text)
    if text in RACE_DISTANCES:
        return text
    compact = text.replace(" ", "")
    compact = _ALIASES.get(compact, compact)
    if compact in RACE_DISTANCES:
        return compact
    kilometres = _KILOMETRES.match(compact)
    metres = float(kilometres.group(1)) * 1000 if kilometres else None
    if metres is None:
        try:
            metres = parse_distance(compact)
        except QuantityError:
            raise UnknownRace(
                f"'{name}' is not a race distance (use mile, 3k, 5k, 10k, half, marathon or e.g. 1500m)"
            ) from None
    for known, distance in RACE_DISTANCES.items():
        if math.isclose(metres, distance, rel_tol=1e-9):
            return known
    if not SHORTEST_RACE_M <= metres <= LONGEST_RACE_M:
        raise UnknownRace(f"'{name}': race distances from 800 m to 100 km can give paces")
    miles = metres / METRES_PER_MILE
    if math.isclose(miles, round(miles), rel_tol=1e-9):
        return f"{round(miles)}mi"
    return f"{metres / 1000:g}k" if metres % 1000 == 0 else f"{metres:g}m"


def race_distance_m(name: str) -> float:
    """Metres of a race by any name `canonical_race` accepts."""
    canonical = canonical_race(name)
    if canonical in RACE_DISTANCES:
        return RACE_DISTANCES[canonical]
    if canonical.endswith("k"):
        return float(canonical[:-1]) * 1000
    return parse_distance(canonical)


def race_vdots(profile: Profile) -> dict[str, float]:
    """The VDOT of each recorded race."""
    return {name: pace_math.vdot(race_distance_m(name), seconds) for name, seconds in profile.races.items()}


def _nearest_race(profile: Profile, distance_m: float) -> str:
    return min(profile.races, key=lambda race: abs(math.log(race_distance_m(race) / distance_m)))


def reference_sources(profile: Profile) -> dict[str, str]:
    """For each reference pace, the recorded race it is derived from (see the module docstring)."""
    if not profile.races:
        return {}
    sources = {name: _nearest_race(profile, distance) for name, distance in TRAINING_DISTANCES.items()}
    for name, distance in RACE_DISTANCES.items():
        sources[name] = name if name in profile.races else _nearest_race(profile, distance)
    return {name: sources[name] for name in REFERENCE_ORDER}


def reference_paces(profile: Profile) -> dict[str, float]:
    """Seconds per km for easy, marathon, half, threshold, 10k, 5k, 3k and mile; empty with no races."""
    sources = reference_sources(profile)
    vdots = race_vdots(profile)
    paces: dict[str, float] = {}
    for name, source in sources.items():
        if name == "easy":
            paces[name] = pace_math.easy_pace(vdots[source])
        elif name == "threshold":
            paces[name] = pace_math.threshold_pace(vdots[source])
        else:
            distance = RACE_DISTANCES[name]
            seconds = profile.races[name] if source == name else pace_math.race_time(vdots[source], distance)
            paces[name] = seconds / (distance / 1000.0)
    return paces


def resolve_pace(spec: PaceSpec, profile: Profile, paces: Mapping[str, float] | None = None) -> float:
    """Seconds per km for a written pace.

    Absolute paces convert from their own unit; a reference pace comes from
    `paces` (default: `reference_paces(profile)`), plus its offset, which is
    per the offset's unit or, without one, per the profile's unit. Raises
    MissingReference when the profile cannot supply the reference.
    """
    if isinstance(spec, AbsolutePace):
        return pace_math.pace_to_per_km(spec.seconds, spec.unit)
    assert isinstance(spec, ReferencePace)
    known = reference_paces(profile) if paces is None else paces
    if spec.name not in known:
        raise MissingReference(spec.name)
    base = known[spec.name]
    if spec.offset is None:
        return base
    unit = spec.offset.unit if spec.offset.unit is not None else profile.units
    return base + pace_math.delta_to_per_km(spec.offset.seconds, unit)
