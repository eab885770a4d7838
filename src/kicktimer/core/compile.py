"""The plan compiler: workout + profile + environment + rep choices → a flat list of segments.

Everything the timer needs is decided here, before the first step starts:
repeats are unrolled (rep ranges at the chosen count), `last:` overrides and
`skip` applied, `progress:` turned into each repetition's pace, reference
paces looked up in the profile, distances turned into countdowns on a
treadmill or into target splits on a track, `every:` send-offs grouped, and
the workout's own cues placed at offsets. A problem that needs the profile or
the environment (a treadmill distance with no pace, `pace: 5k` with no race)
is reported now, with the line that causes it and the command that fixes it,
rather than in the middle of a rep.

Pure: no I/O. Built-in cues and spacing are added afterwards
(kicktimer.core.cue_schedule.arrange_cues).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, NamedTuple

from kicktimer.core import pace as pace_math
from kicktimer.core.belt import BeltChoices, DerivedSpeed, NoPace, belt_incline, derived_speed
from kicktimer.core.profile import REFERENCE_ORDER, MissingReference, Profile, reference_paces, resolve_pace
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.errors import Problem, Severity, SourcePos, WorkoutError
from kicktimer.workout.model import (
    SKIP,
    AbsolutePace,
    Block,
    CountLength,
    CueAnchor,
    DistanceLength,
    Environment,
    Length,
    OpenLength,
    ReferencePace,
    Repeat,
    Step,
    StepKind,
    TimeLength,
    Workout,
)
from kicktimer.workout.quantities import format_clock, format_distance

MAX_SEGMENTS = 10_000
MAX_TOTAL_S = 24 * 3600.0
# The workout's own cues outrank the built-in ones when two would collide.
WORKOUT_CUE_PRIORITY = 80

KIND_NAMES: dict[StepKind, str] = {
    StepKind.WARMUP: "Warm-up",
    StepKind.RUN: "Run",
    StepKind.RECOVER: "Recover",
    StepKind.REST: "Rest",
    StepKind.DRILL: "Drill",
    StepKind.COOLDOWN: "Cool-down",
}

# For the hint of a missing reference pace: the race to set, with a plausible time.
_EXAMPLE_RACES = {
    "mile": "6:00",
    "3k": "12:00",
    "5k": "22:30",
    "10k": "47:00",
    "half": "1:45:00",
    "marathon": "3:45:00",
}
_LENGTHS = (TimeLength, DistanceLength, CountLength, OpenLength)
_OVERRIDE_ALIASES = {"speed": "speed_kmh"}
_OVERRIDABLE = {f.name for f in dataclasses.fields(Step)} - {"pos", "key_pos", "last", "kind"}


def format_time_length(seconds: float) -> str:
    """How a step's time reads in a label: `30 s` under a minute, else `2:00`, `1:05:00`."""
    if seconds < 60:
        return f"{seconds:g} s"
    return format_clock(seconds)


@functools.lru_cache(maxsize=256)
def derived_label(kind: StepKind, length: Length) -> str:
    """The default name of a step: "Run 400 m", "Recover 2:00", "Drill 20 reps", "Run (open)".

    Cached: a plan asks it again for every repetition of the same few steps.
    """
    name = KIND_NAMES[kind]
    if isinstance(length, TimeLength):
        return f"{name} {format_time_length(length.seconds)}"
    if isinstance(length, DistanceLength):
        return f"{name} {format_distance(length.metres)}"
    if isinstance(length, CountLength):
        return f"{name} {length.reps} rep{'' if length.reps == 1 else 's'}"
    return f"{name} (open)"


def describe_anchor(anchor: CueAnchor) -> str:
    """An anchor as the user wrote it: `start`, `30s to go`, `200m in`."""
    if anchor.kind in ("to_go", "in"):
        amount = f"{anchor.seconds:g}s" if anchor.seconds is not None else f"{anchor.metres:g}m"
        return f"{amount} {'to go' if anchor.kind == 'to_go' else 'in'}"
    return anchor.kind


def compile_plan(
    workout: Workout,
    profile: Profile,
    environment: Environment | None = None,
    reps: int | Sequence[int] | None = None,
    *,
    paces: Mapping[str, float] | None = None,
    belt: BeltChoices | None = None,
) -> Plan:
    """Compile `workout` for one environment, profile and choice of rep counts.

    `environment` overrides the file's own; `any` (or None on a workout that
    says `any`) is only allowed when the workout has no distance steps.
    `reps`: an int sets the first ranged repeat (`repeat: 4-6`), a sequence
    sets the ranged repeats in file order; the others run their low end.
    `paces`: the profile's reference paces when the caller has them already
    (`reference_paces(profile)`); a caller compiling many plans for one
    profile saves working them out each time.
    `belt`: on a treadmill, give steps with no pace or speed a belt speed
    from their effort or kind (`kicktimer.core.belt`); None leaves them
    without one.
    Raises WorkoutError carrying every problem found.
    """
    where = _choose_environment(workout, environment)
    counts, chosen = _choose_counts(workout, reps)
    expanded = _expanded_size(workout.steps, counts)
    if expanded > MAX_SEGMENTS:
        raise WorkoutError(
            [
                Problem(
                    workout.file,
                    workout.pos,
                    f"the plan expands to {expanded} steps, more than {MAX_SEGMENTS}",
                )
            ]
        )
    compiler = _Compiler(
        workout, profile, where, counts, belt=belt, _reference=None if paces is None else dict(paces)
    )
    drafts = compiler.blocks(workout.steps, rep=None, in_sendoff=False)
    if compiler.problems:
        raise WorkoutError(compiler.problems)
    segments = tuple([draft.segment for draft in drafts])
    assert [segment.index for segment in segments] == list(range(len(segments))), "segments made out of order"
    plan = Plan(
        name=workout.name,
        environment=where,
        segments=segments,
        countdown=workout.cue_settings.countdown,
        warnings=tuple(compiler.warnings),
        reps=chosen,
        paces_used=dict(compiler.paces_used),
    )
    if plan.total_time_s > MAX_TOTAL_S:
        raise WorkoutError(
            [
                Problem(
                    workout.file,
                    workout.pos,
                    f"the plan takes {format_clock(plan.total_time_s)}, more than 24 hours",
                )
            ]
        )
    return plan


# ---- environment and rep choices -------------------------------------------


def _choose_environment(workout: Workout, environment: Environment | None) -> Environment:
    if environment is not None and environment is not Environment.ANY:
        return environment
    if workout.environment is not Environment.ANY:
        return workout.environment
    if workout.needs_a_place():
        first = _first_distance_step(workout.steps)
        pos = first.pos if first is not None else workout.pos
        raise WorkoutError(
            [
                Problem(
                    workout.file,
                    pos,
                    "this workout has distance steps and can run anywhere: choose where to run it",
                    hint="--where track, --where treadmill or --where road",
                )
            ]
        )
    return Environment.ANY


def _first_distance_step(blocks: Sequence[Block]) -> Step | None:
    for block in blocks:
        if isinstance(block, Repeat):
            inner = _first_distance_step(block.steps)
            if inner is not None:
                return inner
        elif isinstance(block.length, DistanceLength) or (
            isinstance(block.last, Mapping) and isinstance(block.last.get("length"), DistanceLength)
        ):
            return block
    return None


def ranged_repeats(blocks: Sequence[Block]) -> list[Repeat]:
    """Ranged repeats in file order (outer before inner), each once."""
    found: list[Repeat] = []
    seen: set[int] = set()

    def walk(items: Sequence[Block]) -> None:
        for block in items:
            if isinstance(block, Repeat):
                if block.count.is_range and id(block) not in seen:
                    seen.add(id(block))
                    found.append(block)
                walk(block.steps)

    walk(blocks)
    return found


def _choose_counts(
    workout: Workout, reps: int | Sequence[int] | None
) -> tuple[dict[int, int], tuple[int, ...]]:
    """Repetitions per ranged repeat (keyed by identity), and the chosen counts in order."""
    ranged = ranged_repeats(workout.steps)
    wanted: list[int] = [] if reps is None else [reps] if isinstance(reps, int) else list(reps)
    if len(wanted) > len(ranged):
        message = (
            "this workout has no rep range to choose (its repeat counts are fixed)"
            if not ranged
            else f"{len(wanted)} rep counts given, but this workout has {len(ranged)} rep range(s)"
        )
        raise WorkoutError([Problem(workout.file, workout.pos, message)])
    problems: list[Problem] = []
    counts: dict[int, int] = {}
    for index, repeat in enumerate(ranged):
        count = wanted[index] if index < len(wanted) else repeat.count.low
        if not repeat.count.low <= count <= repeat.count.high:
            problems.append(
                Problem(
                    workout.file,
                    repeat.pos,
                    f"{count} repetitions chosen, but this repeat runs {_range_text(repeat)}",
                )
            )
        counts[id(repeat)] = count
    if problems:
        raise WorkoutError(problems)
    return counts, tuple(counts[id(repeat)] for repeat in ranged)


def _range_text(repeat: Repeat) -> str:
    return f"{repeat.count.low}-{repeat.count.high}"


def _repeat_count(repeat: Repeat, counts: Mapping[int, int]) -> int:
    return counts.get(id(repeat), repeat.count.low)


def _expanded_size(blocks: Sequence[Block], counts: Mapping[int, int]) -> int:
    """How many segments the plan will have (an upper bound), counted without building anything."""
    total = 0
    for block in blocks:
        if isinstance(block, Repeat):
            times = _repeat_count(block, counts)
            per = _expanded_size(block.steps, counts) + (1 if block.every_s is not None else 0)
            total += times * per
        else:
            total += 1
    return total


# ---- the compiler ------------------------------------------------------------


class _Rep:
    """Which repetition of which repeat a step is in, and of the repeats around it (set, rounds).

    A class with slots, set once in `__init__` and never changed, not a frozen
    dataclass: one is made for every repetition (5,000 in a 10,000-step plan),
    and the dataclass's `__init__` and `__post_init__` setting fields through
    `object.__setattr__` were a seventh of compiling such a plan.
    """

    __slots__ = ("count", "number", "of_rounds", "of_sets", "outer", "rounds", "set_count", "set_number")

    number: int
    count: int
    outer: _Rep | None
    of_sets: bool
    """The repeat holds another repeat, so each of its repetitions is a set (`Segment.rep_is_set`)."""
    of_rounds: bool
    """The repeat holds a repeat of sets, so each of its repetitions is a round (`Segment.rep_is_round`)."""
    set_number: int | None
    set_count: int | None
    rounds: tuple[tuple[int, int], ...]
    """The repeats further out than the set, outermost first (`Segment.rounds`)."""

    def __init__(
        self,
        number: int,
        count: int,
        outer: _Rep | None = None,
        of_sets: bool = False,
        of_rounds: bool = False,
    ) -> None:
        """Split the repeats around this one into its set and the rounds beyond it.

        Only a repeat of plain steps has a set around it, and only when that
        set is no round itself; every repeat further out is a round. Without
        this, 2 × (3 × (2 × 30 s)) lost the outermost repeat: both rounds read
        `Set 1/3 · Rep 1/2`, and the last rep of round 1 was taken for the final one.
        """
        self.number = number
        self.count = count
        self.outer = outer
        self.of_sets = of_sets
        self.of_rounds = of_rounds
        self.set_number = self.set_count = None
        if outer is not None and not of_sets and not outer.of_rounds:
            self.set_number, self.set_count = outer.number, outer.count
            outer = outer.outer
        rounds: tuple[tuple[int, int], ...] = ()
        while outer is not None:
            rounds = ((outer.number, outer.count), *rounds)
            outer = outer.outer
        self.rounds = rounds

    @property
    def repetition(self) -> Literal["rep", "set", "round"]:
        """What each repetition of this repeat is (`Segment.repetition`)."""
        return "round" if self.of_rounds else "set" if self.of_sets else "rep"

    @property
    def is_last(self) -> bool:
        return self.number == self.count


class _Draft(NamedTuple):
    """A segment as made, and whether its step has a label of its own (a send-off keeps that label).

    A named tuple, not a frozen dataclass: one is made for every segment, and the
    dataclass's `__init__` (setting each field through `object.__setattr__`) was a
    tenth of compiling a 10,000-step plan.
    """

    segment: Segment
    explicit_label: bool


@dataclass
class _Compiler:
    workout: Workout
    profile: Profile
    environment: Environment
    counts: Mapping[int, int]
    belt: BeltChoices | None = None
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    paces_used: dict[str, float] = field(default_factory=dict)
    next_group: int = 0
    next_index: int = 0
    _told_missing_race: bool = False
    _told_no_race: bool = False
    """Segments are made in plan order, so each gets its final index when it is made (no second pass)."""
    _reference: dict[str, float] | None = None
    _placed_cues: dict[tuple[int, float | None, float | None, float | None], tuple[PlannedCue, ...]] = field(
        default_factory=dict
    )
    """A written step's cues by (its identity, length, pace, distance): a repetition that runs it as
    written at the same pace has the very same cues, so they are placed once."""
    _made: dict[int, Segment] = field(default_factory=dict)
    """A written step's segment by its identity, for a step the same in every repetition (`step`)."""
    _previous: dict[int, tuple[_Rep, list[_Draft]]] = field(default_factory=dict)
    """The last repetition made of a repeat of steps each the same every time, by the identity of
    its steps (`blocks`): the next repetition is a renumbered copy of it."""
    _plain: dict[int, tuple[bool, bool]] = field(default_factory=dict)
    """By the identity of a repeat's steps: whether all are steps the same every time, and whether
    `last:` changes any (`_same_each_time`)."""

    # -- problems

    def problem(self, pos: SourcePos, message: str, hint: str | None = None) -> None:
        found = Problem(self.workout.file, pos, message, hint)
        if found not in self.problems:
            self.problems.append(found)

    def warn(self, pos: SourcePos, message: str) -> None:
        text = Problem(self.workout.file, pos, message, severity=Severity.WARNING).format()
        if text not in self.warnings:
            self.warnings.append(text)

    @property
    def reference(self) -> dict[str, float]:
        if self._reference is None:
            self._reference = reference_paces(self.profile)
        return self._reference

    # -- blocks

    def blocks(self, blocks: Sequence[Block], rep: _Rep | None, in_sendoff: bool) -> list[_Draft]:
        copies = rep is not None and self._same_each_time(blocks, rep)
        if copies and rep is not None:
            copied = self._copy_of_previous(blocks, rep)
            if copied is not None:
                return copied
        drafts: list[_Draft] = []
        for block in blocks:
            if isinstance(block, Repeat):
                drafts.extend(self.repeat(block, in_sendoff, outer=rep))
                continue
            step, overridden = _for_repetition(block, rep)
            if step is None:
                continue
            drafts.append(self.step(step, block, rep, overridden))
        if copies and rep is not None:
            self._previous[id(blocks)] = (rep, drafts)
        return drafts

    def _same_each_time(self, blocks: Sequence[Block], rep: _Rep) -> bool:
        """Whether this repetition runs every one of `blocks` as written, the same as the one before.

        Only steps (a repeat inside makes its own), none whose pace progresses,
        and in the last repetition none that `last:` changes or skips.
        """
        key = id(blocks)
        if key not in self._plain:
            steps = all(isinstance(block, Step) and block.progress is None for block in blocks)
            self._plain[key] = (
                steps,
                any(isinstance(block, Step) and block.last is not None for block in blocks),
            )
        steps, changed_last = self._plain[key]
        return steps and not (changed_last and rep.is_last)

    def _copy_of_previous(self, blocks: Sequence[Block], rep: _Rep) -> list[_Draft] | None:
        """This repetition as a copy of the one before it, or None (the first, or made in another set).

        Its steps are each the same every time (`_same_each_time`), and `step`
        would place each at its index from the same segment: within one
        repetition of the repeats around it, repetitions differ only in their
        indexes and their number. Copying the previous one whole saves the
        calls per step, a third of compiling a plan of 10,000 short steps.
        """
        key = id(blocks)
        previous = self._previous.get(key)
        if previous is None or previous[0].outer is not rep.outer or previous[0].number != rep.number - 1:
            return None
        start = self.next_index
        drafts = [
            _Draft(draft.segment.renumbered(start + n, rep.number), draft.explicit_label)
            for n, draft in enumerate(previous[1])
        ]
        self.next_index = start + len(drafts)
        self._previous[key] = (rep, drafts)
        return drafts

    def repeat(self, repeat: Repeat, in_sendoff: bool, outer: _Rep | None = None) -> list[_Draft]:
        times = _repeat_count(repeat, self.counts)
        sendoff = repeat.every_s
        if sendoff is not None and in_sendoff:
            self.problem(repeat.pos, "a send-off (every:) inside another send-off repeat is not supported")
            sendoff = None
        drafts: list[_Draft] = []
        of_sets = any(isinstance(block, Repeat) for block in repeat.steps)
        of_rounds = any(
            isinstance(block, Repeat) and any(isinstance(inner, Repeat) for inner in block.steps)
            for block in repeat.steps
        )
        for number in range(1, times + 1):
            rep = _Rep(number, times, outer, of_sets, of_rounds)
            repetition = self.blocks(repeat.steps, rep, in_sendoff or sendoff is not None)
            if sendoff is not None and number < times and repetition:
                repetition = self.sendoff(repeat, sendoff, rep, repetition)
            drafts.extend(repetition)
        return drafts

    def sendoff(self, repeat: Repeat, every_s: float, rep: _Rep, drafts: list[_Draft]) -> list[_Draft]:
        """Group one repetition on the send-off clock; its last segment fills up to the next start.

        A repetition that ends with its own recovery (or rest) lets that step
        fill; otherwise a "Recover until 3:00" segment is added.
        """
        group = self.next_group
        self.next_group += 1
        last = drafts[-1].segment
        if len(drafts) > 1 and last.kind in (StepKind.RECOVER, StepKind.REST):
            work, filler, explicit = drafts[:-1], last, drafts[-1].explicit_label
        else:
            filler = Segment(
                index=self._take_index(),
                kind=StepKind.RECOVER,
                label="",
                duration_s=None,
                rep=f"{rep.number}/{rep.count}",
                rep_number=rep.number,
                rep_count=rep.count,
                set_number=rep.set_number,
                set_count=rep.set_count,
                repetition=rep.repetition,
                rounds=rep.rounds,
            )
            work, explicit = drafts, False
        planned = [d.segment.planned_length_s for d in work]
        estimate: float | None = None
        if all(seconds is not None for seconds in planned):
            estimate = every_s - sum(seconds for seconds in planned if seconds is not None)
            if estimate < 0:
                clock = format_clock(every_s)
                if all(d.segment.duration_s is not None for d in work):
                    took = format_clock(every_s - estimate)
                    self.problem(repeat.pos, f"each repetition takes {took}, longer than every: {clock}")
                else:
                    self.warn(repeat.pos, f"the target times add up to more than every: {clock}")
                estimate = 0.0
        label = filler.label if explicit else f"Recover until {format_clock(every_s)}"
        grouped = [
            _Draft(replace(d.segment, sendoff_group=group, sendoff_s=every_s), d.explicit_label) for d in work
        ]
        filled = replace(
            filler,
            label=label,
            duration_s=estimate,
            sendoff_group=group,
            sendoff_s=every_s,
            fills_sendoff=True,
        )
        return [*grouped, _Draft(filled, explicit)]

    # -- one step

    def step(self, step: Step, written: Step, rep: _Rep | None, overridden: frozenset[str]) -> _Draft:
        """The segment for one repetition of a step.

        A step run as written whose pace does not progress is the same in
        every repetition but for its place: it is made once and each later
        repetition is a copy placed at its own index (`Segment.placed_at`).
        """
        place = None if rep is None else (rep.number, rep.count, rep.set_number, rep.set_count)
        same_each_time = step is written and step.progress is None
        made = self._made.get(id(written)) if same_each_time else None
        if made is not None:
            placed = made.placed_at(self._take_index(), place)
            rounds = () if rep is None else rep.rounds
            if placed.rounds != rounds:
                object.__setattr__(placed, "rounds", rounds)  # another round of a three-deep repeat
            return _Draft(placed, step.label is not None)
        draft = self._make(step, written, rep, overridden)
        if same_each_time:
            self._made[id(written)] = draft.segment
        return draft

    def _make(self, step: Step, written: Step, rep: _Rep | None, overridden: frozenset[str]) -> _Draft:
        def pos(*keys: str) -> SourcePos:
            return _key_pos(written, keys, overridden)

        pace_s = self.pace(step, rep, overridden, pos)
        duration_s: float | None = None
        distance_m: float | None = None
        target_s: float | None = None
        length = step.length
        if isinstance(length, TimeLength):
            duration_s = length.seconds
        elif isinstance(length, DistanceLength):
            distance_m = length.metres
            target_s = None if pace_s is None else length.metres / 1000.0 * pace_s
            if self.environment is Environment.TREADMILL:
                duration_s = target_s
                if pace_s is None and not self._gave_a_pace(step):
                    self.problem(
                        step.pos,
                        f"{format_distance(length.metres)} on a treadmill needs a pace or a speed",
                        hint="add pace: (e.g. 5k or 4:30/km) or speed: (e.g. 12 km/h), or use --where track",
                    )
        # Belt speed where it means something: on a treadmill, or where the step gave a speed.
        shows_speed = self.environment is Environment.TREADMILL or step.speed_kmh is not None
        speed_kmh = pace_math.kmh_from_pace(pace_s) if shows_speed and pace_s is not None else None
        derived = self.derived_speed(step, pos) if speed_kmh is None else None
        incline = step.incline
        incline_pct = None if incline is None else incline.low
        incline_max_pct = None if incline is None else incline.high
        if incline is not None and self.belt is not None and self.environment is Environment.TREADMILL:
            incline_pct = incline_max_pct = belt_incline(incline.low, incline.high, self.belt)
            if self.belt.incline_range == "low":
                incline_max_pct = incline.high  # the range stays on screen; the belt takes its low end
        if derived is not None:
            speed_kmh = derived.speed_kmh
            if incline is None:
                incline_pct = 0.0  # kicktimer chose the speed: flat unless the step says otherwise
        label = step.label if step.label is not None else derived_label(step.kind, step.length)
        planned_s = duration_s if duration_s is not None else target_s
        cues: tuple[PlannedCue, ...] = ()
        if step.say or step.cues:
            key = (id(written), planned_s, pace_s, distance_m)
            found = self._placed_cues.get(key) if step is written else None
            if found is None:
                found = self.cues(step, planned_s, pace_s, distance_m)
                if step is written:
                    self._placed_cues[key] = found
            cues = found
        segment = Segment(
            index=self._take_index(),
            kind=step.kind,
            label=label,
            duration_s=duration_s,
            distance_m=distance_m,
            count=length.reps if isinstance(length, CountLength) else None,
            target_s=target_s,
            pace_s_per_km=pace_s,
            pace_name=_pace_name(step),
            pace_from_profile=isinstance(step.pace, ReferencePace),
            speed_kmh=speed_kmh,
            speed_from=None if derived is None else derived.source,
            incline_pct=incline_pct,
            incline_max_pct=incline_max_pct,
            effort=None if step.effort is None else step.effort.text,
            all_out=step.effort is not None and step.effort.all_out,
            activity=step.activity,
            rep=None if rep is None else f"{rep.number}/{rep.count}",
            rep_number=None if rep is None else rep.number,
            rep_count=None if rep is None else rep.count,
            set_number=None if rep is None else rep.set_number,
            set_count=None if rep is None else rep.set_count,
            repetition="rep" if rep is None else rep.repetition,
            rounds=() if rep is None else rep.rounds,
            cues=cues,
        )
        return _Draft(segment, step.label is not None)

    def derived_speed(self, step: Step, pos: Callable[..., SourcePos]) -> DerivedSpeed | None:
        """A treadmill step's belt speed from its effort or kind, when it gave no pace or speed.

        A profile without races gives no effort speeds: one warning per plan,
        and the runner sets those steps' speed on the console.
        """
        if self.belt is None or self.environment is not Environment.TREADMILL or self._gave_a_pace(step):
            return None
        try:
            derived = derived_speed(step.kind, step.effort, self.reference, self.belt)
        except NoPace:
            if not self._told_no_race:
                self._told_no_race = True
                self.warn(
                    pos("effort"),
                    "no belt speed for steps with only an effort: your profile has no race "
                    "(kick profile set 5k 22:30); set their speed on the console",
                )
            return None
        if derived is not None and derived.pace_name is not None:
            self.paces_used[derived.pace_name] = self.reference[derived.pace_name]
        return derived

    def _take_index(self) -> int:
        index = self.next_index
        self.next_index += 1
        return index

    def _gave_a_pace(self, step: Step) -> bool:
        """Whether the step gave a pace or speed that already failed (and was reported)."""
        return step.pace is not None or step.speed_kmh is not None

    def pace(
        self,
        step: Step,
        rep: _Rep | None,
        overridden: frozenset[str],
        pos: Callable[..., SourcePos],
    ) -> float | None:
        """Seconds per km for this repetition of the step, or None where none is given."""
        base: float | None = None
        if step.pace is not None:
            base = self.resolve(step.pace, pos("pace"))
            if base is None:
                return None
        elif step.speed_kmh is not None:
            if step.speed_kmh <= 0:
                self.problem(pos("speed", "speed_kmh"), "a treadmill speed must be more than 0")
                return None
            base = pace_math.pace_from_kmh(step.speed_kmh)
        progress = step.progress
        progressed = (
            progress is not None
            and rep is not None
            and not overridden & {"pace", "speed_kmh", "progress"}
            and rep.number > 1
        )
        if progress is not None and base is None:
            self.problem(pos("progress"), "progress: changes a pace, but this step has no pace or speed")
            return None
        if base is None:
            return None
        result = base
        if progressed and progress is not None and rep is not None:
            if progress.unit is not None:
                unit = progress.unit
            elif isinstance(step.pace, AbsolutePace):
                unit = step.pace.unit
            else:
                unit = self.profile.units
            result = base + (rep.number - 1) * pace_math.delta_to_per_km(progress.seconds, unit)
        if not pace_math.is_plausible_pace(result):
            shown = pace_math.format_pace(result, self.profile.units) if result > 0 else "below zero"
            where = pos("progress") if progressed else pos("pace", "speed", "speed_kmh")
            self.problem(where, f"the pace works out at {shown}, which no runner can run")
            return None
        return result

    def resolve(self, spec: AbsolutePace | ReferencePace, where: SourcePos) -> float | None:
        if isinstance(spec, ReferencePace) and spec.name not in REFERENCE_ORDER:
            self.problem(
                where, f"unknown reference pace '{spec.name}'", hint="use " + ", ".join(REFERENCE_ORDER)
            )
            return None
        try:
            seconds = resolve_pace(spec, self.profile, self.reference)
        except MissingReference as missing:
            if self._told_missing_race:
                return None
            # Once: a profile with no race lacks every reference pace, and one race gives them all;
            # `race-in-thirds` told the same two lines three times before its first step.
            self._told_missing_race = True
            race = missing.name if missing.name in _EXAMPLE_RACES else "5k"
            self.problem(
                where,
                f"pace: {missing.name} needs a race result in your profile",
                hint=f"kick profile set {race} {_EXAMPLE_RACES[race]} (any race gives every reference pace)",
            )
            return None
        if isinstance(spec, ReferencePace):
            self.paces_used[spec.name] = self.reference[spec.name]
        return seconds

    # -- cues

    def cues(
        self, step: Step, length: float | None, pace_s: float | None, distance_m: float | None
    ) -> tuple[PlannedCue, ...]:
        """The step's own cues at their offsets; `length` is the segment's planned length."""
        placed: list[PlannedCue] = []
        if step.say:
            where = self._source(step.key_pos.get("say", step.pos))
            placed.append(PlannedCue(0.0, text=step.say, priority=WORKOUT_CUE_PRIORITY, source=where))
        for cue in step.cues:
            offset, reason = _cue_offset(cue.at, length, pace_s, distance_m)
            if offset is None:
                anchor = describe_anchor(cue.at)
                self.warn(cue.pos, f"cue 'at: {anchor}' cannot be placed: {reason}; it is left out")
                continue
            placed.append(
                PlannedCue(
                    offset,
                    text=cue.say,
                    sound=cue.sound,
                    priority=WORKOUT_CUE_PRIORITY,
                    source=self._source(cue.pos),
                )
            )
        return tuple(sorted(placed, key=lambda planned: planned.offset_s))

    def _source(self, pos: SourcePos) -> str:
        return f"{self.workout.file}:{pos.line}:{pos.column}"


def _cue_offset(
    anchor: CueAnchor, length: float | None, pace_s: float | None, distance_m: float | None
) -> tuple[float | None, str]:
    """Seconds of running time after the segment's start, or None and why not.

    Lengths are the timed duration or, on lap steps, the target split; a
    distance anchor is turned into time at the segment's pace (exact on a
    treadmill, an estimate on a track or road).
    """
    if anchor.kind == "start":
        return 0.0, ""
    if anchor.kind in ("halfway", "end"):
        if length is None:
            return None, "the step's length in time is not known (no pace or target)"
        return (length / 2.0 if anchor.kind == "halfway" else length), ""
    if anchor.metres is not None:
        if pace_s is None:
            return None, "no pace is known for this step"
        if distance_m is not None and anchor.metres > distance_m:
            return None, f"the step is only {format_distance(distance_m)}"
        into = anchor.metres / 1000.0 * pace_s
    elif anchor.seconds is not None:
        into = anchor.seconds
    else:
        return None, "it has no amount"
    if anchor.kind == "in":
        if length is not None and into > length:
            return None, f"the step lasts only {format_clock(length)}"
        return into, ""
    if length is None:
        return None, "the step's length in time is not known (no pace or target)"
    if into > length:
        return None, f"the step lasts only {format_clock(length)}"
    return length - into, ""


# ---- last: overrides -----------------------------------------------------------


def _for_repetition(step: Step, rep: _Rep | None) -> tuple[Step | None, frozenset[str]]:
    """The step as run in this repetition (None when skipped) and which keys `last:` changed."""
    if rep is None or not rep.is_last or step.last is None:
        return step, frozenset()
    if step.last == SKIP:
        return None, frozenset()
    assert isinstance(step.last, Mapping)
    changes: dict[str, object] = {}
    for key, value in step.last.items():
        name = _OVERRIDE_ALIASES.get(key, key)
        if name in _OVERRIDABLE:
            changes[name] = value
    kind = step.last.get("kind")
    if isinstance(kind, StepKind):
        changes["kind"] = kind
    if not isinstance(changes.get("length", step.length), _LENGTHS):
        del changes["length"]
    return replace(step, **changes), frozenset(changes)  # type: ignore[arg-type]


def _key_pos(step: Step, keys: Sequence[str], overridden: frozenset[str]) -> SourcePos:
    """Where one of `keys` was written: inside `last:` when that repetition's value came from there."""
    for key in keys:
        name = _OVERRIDE_ALIASES.get(key, key)
        if name in overridden:
            for candidate in (f"last.{key}", f"last.{name}", "last"):
                if candidate in step.key_pos:
                    return step.key_pos[candidate]
    for key in keys:
        if key in step.key_pos:
            return step.key_pos[key]
    return step.pos


def _pace_name(step: Step) -> str | None:
    """The profile pace a step is run at, by name (`mile`, `5k`), when that is the whole story.

    For the spoken announcement ("Rep 3 of 8, 400 metres, mile pace"): a pace
    with an offset, an absolute pace or one that progresses rep by rep has no
    short name a runner would recognise, so it has none here.
    """
    pace = step.pace
    if isinstance(pace, ReferencePace) and pace.offset is None and step.progress is None:
        return pace.name
    return None
