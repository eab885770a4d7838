"""The compiled plan: a flat list of segments the engine walks one by one.

A segment is everything the timer needs to run one step of one repetition,
with every reference resolved (paces from the profile, distances turned into
times on a treadmill, cues placed at an offset). The engine never looks back
at the workout file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from kicktimer.workout.model import Environment, StepKind


@dataclass(frozen=True)
class PlannedCue:
    """A cue placed in time: due `offset_s` seconds of running time after its segment starts.

    Running time excludes pauses. `priority` decides which cue survives when
    two would talk over each other (higher wins); `origin` says where the cue
    came from: "workout" for the file's own cues, or the seed file name for
    built-in ones.
    """

    offset_s: float
    text: str | None = None
    sound: str | None = None
    priority: int = 50
    origin: str = "workout"
    source: str | None = field(default=None, compare=False)
    """`FILE:LINE:COL` of the workout's own cue, for messages about it (None for built-in cues)."""
    before_end_s: float | None = None
    """An `at: end` cue of a timed step comes this long before the step's actual end, wherever
    +/-10 s or a pause moves it (like the countdown beeps); `offset_s` is only where it is planned."""


@dataclass(frozen=True)
class Segment:
    """One step of one repetition, ready to time.

    `duration_s` is None when the segment waits for the lap key (track/road
    distances, counts, open steps). `count` is a drill's number of
    repetitions (`drill: 20 reps`), whatever its label says. `target_s` is the expected time of a
    distance step whose pace is known. `pace_name` is the profile pace it is
    run at when that says it all (`mile`), for the spoken announcement.
    `pace_from_profile` is True when that pace comes from the runner's race
    results (`pace: 5k-5s`), not from the workout itself (`pace: 4:30/km`):
    in coach mode such a target is the coach's, and no athlete is given it.

    Send-offs (`every:`): segments of a repetition that is followed by another
    repetition of the same send-off block share `sendoff_group` and carry
    `sendoff_s`. The next repetition starts exactly `sendoff_s` after the
    group's first segment started, whatever happens inside. The group's last
    segment has `fills_sendoff=True`: it is the recovery that lasts until
    then (its `duration_s` is only the planned estimate, or None).

    Keep it at 29 fields or fewer: CPython 3.11 shares one table of keys
    among instances' dicts only up to 29 attributes. At 30 every segment
    carried its own 1.6 KB dict instead of 0.3 KB, 12 MiB more for a
    10,000-step plan (bench/startup.py's peak RSS); `placed_at` copies
    `__dict__`, so slots would cost the compile its speed.
    """

    index: int
    kind: StepKind
    label: str
    duration_s: float | None
    distance_m: float | None = None
    count: int | None = None
    target_s: float | None = None
    pace_s_per_km: float | None = None
    pace_name: str | None = None
    pace_from_profile: bool = False
    speed_kmh: float | None = None
    speed_from: str | None = None
    """Why a treadmill step has this speed when it named none (`mile pace`, `walk`): see core/belt.py."""
    incline_pct: float | None = None
    incline_max_pct: float | None = None
    effort: str | None = None
    all_out: bool = False
    activity: str | None = None
    rep: str | None = None
    rep_number: int | None = None
    rep_count: int | None = None
    set_number: int | None = None
    set_count: int | None = None
    """In a repeat nested in another (3 × (4 × 300 m)), which repetition of the outer one."""
    rounds: tuple[tuple[int, int], ...] = ()
    """(number, count) of each repeat around the step's set, outermost first: in 2 × (3 × (2 × 30 s)),
    which of the 2. A step has rounds only three repeats deep; `Round 1/2 · Set 3/3 · Rep 2/2`."""
    repetition: Literal["rep", "set", "round"] = "rep"
    """What one repetition of the step's own repeat is. `set` when the repeat holds another repeat
    (the rest after each 4 × 300 m in 3 × (4 × 300 m, rest) reads `Set 1/3`, not `Rep 1/3` beside
    the inner reps); `round` when it holds a repeat of sets (the rest after each round in
    2 × (3 × (2 × 30 s), rest) reads `Round 1/2`). One field, not two flags: see the class's note
    on its number of fields."""
    cues: tuple[PlannedCue, ...] = ()
    sendoff_group: int | None = None
    sendoff_s: float | None = None
    fills_sendoff: bool = False
    beeps_left_out: int = 0
    """The last this many countdown beeps stay silent: the step's `at: end` cues play there."""

    @property
    def rep_is_set(self) -> bool:
        """The step's own repeat holds another repeat (`repetition`): a set, or a round of sets."""
        return self.repetition != "rep"

    @property
    def rep_is_round(self) -> bool:
        """The step's own repetition is a round (`repetition`)."""
        return self.repetition == "round"

    def placed_at(self, index: int, rep: tuple[int, int, int | None, int | None] | None) -> Segment:
        """The same step at another place in the plan: another index and repetition.

        `rep` is (rep number, rep count, set number, set count), or None
        outside any repeat. The compiler makes each written step once and
        places a copy per repetition: copying the fields at once is several
        times faster than the frozen dataclass's `__init__`, which sets its
        fields one by one, and that was a third of compiling a 10,000-step plan.
        The copy's fields are a copy of this one's (`dict.copy`, a third faster
        than filling an empty one), given to it when they are all set.
        """
        copy = object.__new__(Segment)
        fields = self.__dict__.copy()
        fields["index"] = index
        number, count, set_number, set_count = rep if rep is not None else (None, None, None, None)
        fields["rep"] = None if rep is None else f"{number}/{count}"
        fields["rep_number"] = number
        fields["rep_count"] = count
        fields["set_number"] = set_number
        fields["set_count"] = set_count
        object.__setattr__(copy, "__dict__", fields)
        return copy

    @property
    def planned_length_s(self) -> float | None:
        """How long the step is planned to take: its duration, else its target, else not known.

        A timed step has a duration; a lap step at a known pace has a target
        split. Totals, the engine's time-left, cue offsets and the finish
        table's difference all mean this one figure.
        """
        return self.duration_s if self.duration_s is not None else self.target_s

    @property
    def count_text(self) -> str | None:
        """`20 reps` for a counted drill, else None."""
        if self.count is None:
            return None
        return f"{self.count} rep{'' if self.count == 1 else 's'}"

    @property
    def title(self) -> str:
        """The label as a screen heads the step: with a drill's count when the label doesn't say it.

        `drill: 20 reps` with `label: Lunges` is "Lunges · 20 reps"; the
        derived label "Drill 20 reps" already says it.
        """
        counted = self.count_text
        if counted is None or self.label.endswith(counted):
            return self.label
        return f"{self.label} · {counted}"

    @property
    def waits_for_lap(self) -> bool:
        return self.duration_s is None and not self.fills_sendoff

    @property
    def length_unknown(self) -> bool:
        """It waits for the lap key and no pace gives it a target: nobody knows how long it takes."""
        return self.waits_for_lap and self.target_s is None

    @property
    def is_work(self) -> bool:
        """A work interval: what the splits, the kick report and the coach board are about."""
        return self.kind is StepKind.RUN

    def renumbered(self, index: int, rep_number: int) -> Segment:
        """The same step in another repetition of the same repeat: another index and rep number.

        Everything else, the set around it included, is this one's (the
        compiler copies a whole repetition of steps that are the same every time).
        """
        copy = object.__new__(Segment)
        fields = self.__dict__.copy()
        fields["index"] = index
        fields["rep_number"] = rep_number
        fields["rep"] = f"{rep_number}/{self.rep_count}"
        object.__setattr__(copy, "__dict__", fields)
        return copy


@dataclass(frozen=True)
class Plan:
    """A compiled workout for one environment, profile and choice of rep counts."""

    name: str
    environment: Environment
    segments: tuple[Segment, ...]
    countdown: int = 3
    warnings: tuple[str, ...] = ()
    reps: tuple[int, ...] = ()
    paces_used: dict[str, float] = field(default_factory=dict)

    # The totals are worked out when first asked for, once (`_totals`): a plan is never changed (a
    # new plan is made instead), and the preview asks for them several times before the first frame.

    @cached_property
    def _totals(self) -> tuple[float, float, int, bool]:
        """Planned time, distance, work steps, and whether a step's length is unknown: one pass.

        Each is what the segments' own properties say (`planned_length_s`,
        `distance_m`, `is_work`, `length_unknown`), read field by field in
        one loop: asking four properties of each of 10,000 segments in four
        passes was 2.5 ms of `kick run`'s first frame. The sums add the same
        figures in the same order as adding them up one property at a time.
        """
        times: list[float] = []
        distances: list[float] = []
        work = 0
        unknown = False
        for segment in self.segments:
            duration = segment.duration_s
            planned = duration if duration is not None else segment.target_s
            times.append(planned or 0.0)
            distances.append(segment.distance_m or 0.0)
            if segment.kind is StepKind.RUN:
                work += 1
            if planned is None and not segment.fills_sendoff:
                unknown = True
        return sum(times), sum(distances), work, unknown

    @property
    def total_time_s(self) -> float:
        """Planned time: timed steps plus the targets of lap steps whose pace is known."""
        return self._totals[0]

    @property
    def work_steps(self) -> int:
        """How many steps are work intervals (`Segment.is_work`)."""
        return self._totals[2]

    def unknown_length_from(self) -> tuple[bool, ...]:
        """For each segment: whether it or a later one has no known length.

        Where one does, the time left in the workout is only a lower bound
        (shown with a "+"), and totals say "plus open steps".
        """
        return tuple(count > 0 for count in self.unknown_steps_from())

    def unknown_steps_from(self) -> tuple[int, ...]:
        """For each segment: how many steps of unknown length there are from it on.

        Each of them waits for the lap key, so when no known time is left this
        count is what the runner has left ("3 laps left", not "0:00+ left"),
        and each keeps its share of the progress bar.
        """
        counts: list[int] = []
        ahead = 0
        for segment in reversed(self.segments):
            ahead += segment.length_unknown
            counts.append(ahead)
        return tuple(reversed(counts))

    @property
    def has_unknown_length(self) -> bool:
        """Whether some step of the plan has no known length (the total is a lower bound)."""
        return self._totals[3]

    @property
    def total_distance_m(self) -> float:
        return self._totals[1]
