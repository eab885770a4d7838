"""What a workout file means, once read: plain frozen data, no I/O.

The loader builds these from YAML; the plan compiler turns them into segments.
Everything keeps the position it was written at, because the compiler (which
knows the profile and the environment) still finds problems that must point
at a line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, TypeAlias

from kicktimer.errors import SourcePos
from kicktimer.workout.quantities import Unit


class StepKind(Enum):
    """The kind of a step; its first key in the file."""

    WARMUP = "warmup"
    RUN = "run"
    RECOVER = "recover"
    REST = "rest"
    DRILL = "drill"
    COOLDOWN = "cooldown"

    @property
    def family(self) -> str:
        """The colour family the timer paints this kind in."""
        return _FAMILY[self]


_FAMILY = {
    StepKind.WARMUP: "calm",
    StepKind.COOLDOWN: "calm",
    StepKind.RUN: "hot",
    StepKind.RECOVER: "cool",
    StepKind.REST: "cool",
    StepKind.DRILL: "distinct",
}


class Environment(Enum):
    """Where distance steps are measured, and so how they are timed."""

    TRACK = "track"
    TREADMILL = "treadmill"
    ROAD = "road"
    ANY = "any"


# ---- lengths -------------------------------------------------------------


@dataclass(frozen=True)
class TimeLength:
    """Counts down and advances by itself."""

    seconds: float


@dataclass(frozen=True)
class DistanceLength:
    """Timed according to the environment (countdown on a treadmill, lap key elsewhere)."""

    metres: float


@dataclass(frozen=True)
class CountLength:
    """Drills only: `20 reps`; waits for the lap key."""

    reps: int


@dataclass(frozen=True)
class OpenLength:
    """Counts up until the lap key."""


Length: TypeAlias = TimeLength | DistanceLength | CountLength | OpenLength


# ---- targets -------------------------------------------------------------


ReferenceName = Literal["easy", "marathon", "half", "threshold", "10k", "5k", "3k", "mile"]
REFERENCE_NAMES: tuple[str, ...] = ("easy", "marathon", "half", "threshold", "10k", "5k", "3k", "mile")


@dataclass(frozen=True)
class PaceDelta:
    """A signed number of seconds per unit; `unit=None` means "per the context's unit"."""

    seconds: float
    unit: Unit | None


@dataclass(frozen=True)
class AbsolutePace:
    """`4:30/km`: seconds per one `unit`."""

    seconds: float
    unit: Unit


@dataclass(frozen=True)
class ReferencePace:
    """`5k-5s`, `easy+20s/km`: a pace from the athlete's profile, optionally offset."""

    name: str
    offset: PaceDelta | None = None


PaceSpec: TypeAlias = AbsolutePace | ReferencePace


@dataclass(frozen=True)
class Effort:
    """Free text or a percentage; `max` and ≥ 95 % are all-out."""

    text: str
    percent: float | None = None

    @property
    def all_out(self) -> bool:
        return self.text.strip().lower() == "max" or (self.percent is not None and self.percent >= 95)


@dataclass(frozen=True)
class Incline:
    """Treadmill incline in percent; a range when `low != high`."""

    low: float
    high: float


# ---- cues ----------------------------------------------------------------


AnchorKind = Literal["start", "halfway", "end", "to_go", "in"]


@dataclass(frozen=True)
class CueAnchor:
    """When a cue is due within its step.

    `to_go` and `in` carry exactly one of `seconds` or `metres`.
    """

    kind: AnchorKind
    seconds: float | None = None
    metres: float | None = None


@dataclass(frozen=True)
class CueSpec:
    """A cue as written: `at:` plus `say:` and/or `sound:`."""

    at: CueAnchor
    say: str | None
    sound: str | None
    pos: SourcePos


@dataclass(frozen=True)
class CueSettings:
    """The workout-wide `cues:` mapping."""

    countdown: int = 3
    mantras: tuple[str, ...] = ()
    defaults: bool = True


# ---- steps ---------------------------------------------------------------


@dataclass(frozen=True)
class RepCount:
    """`8` or a range `8-12`; a range runs `low` unless the user picks another count."""

    low: int
    high: int

    @property
    def is_range(self) -> bool:
        return self.low != self.high


SKIP: Literal["skip"] = "skip"

# `last:` overrides: the `Step` field names (see below) mapped to parsed values,
# e.g. {"effort": Effort("max"), "say": "It's go time."}; `length` when the
# override gives the kind key (e.g. `run: 600m`).
StepOverrides: TypeAlias = Mapping[str, object]


@dataclass(frozen=True)
class Step:
    """One step of a workout: a kind, a length, and how to run it."""

    kind: StepKind
    length: Length
    pos: SourcePos
    label: str | None = None
    pace: PaceSpec | None = None
    effort: Effort | None = None
    speed_kmh: float | None = None
    incline: Incline | None = None
    activity: str | None = None
    say: str | None = None
    cues: tuple[CueSpec, ...] = ()
    progress: PaceDelta | None = None
    last: StepOverrides | Literal["skip"] | None = None
    # Where each optional key was written, for problems the compiler finds later
    # (e.g. `pace: 5k` with no 5K in the profile points at the pace).
    key_pos: Mapping[str, SourcePos] = field(default_factory=dict)


@dataclass(frozen=True)
class Repeat:
    """A block of steps done `count` times, optionally on an `every` send-off clock."""

    count: RepCount
    steps: tuple[Step | Repeat, ...]
    pos: SourcePos
    every_s: float | None = None


Block: TypeAlias = Step | Repeat


@dataclass(frozen=True)
class Workout:
    """A whole workout file, read and checked, ready to compile."""

    name: str
    steps: tuple[Block, ...]
    file: str
    text: str
    summary: str | None = None
    notes: str | None = None
    source: str | None = None
    tags: tuple[str, ...] = ()
    environment: Environment = Environment.ANY
    cue_settings: CueSettings = CueSettings()
    pos: SourcePos = field(default_factory=lambda: SourcePos(1, 1))
    key_pos: Mapping[str, SourcePos] = field(default_factory=dict)

    def has_distance_steps(self) -> bool:
        """Whether the environment matters at all for this workout."""
        return any(_has_distance(block) for block in self.steps)

    def needs_a_place(self) -> bool:
        """Whether the runner must say where it is run: it may run anywhere, and distances
        mean a lap key on a track or road but a belt speed on a treadmill."""
        return self.environment is Environment.ANY and self.has_distance_steps()


def _has_distance(block: Block) -> bool:
    if isinstance(block, Repeat):
        return any(_has_distance(inner) for inner in block.steps)
    if isinstance(block.length, DistanceLength):
        return True
    last = block.last
    return isinstance(last, Mapping) and isinstance(last.get("length"), DistanceLength)
