"""Built-in cues at sensible moments, and spacing so that no two cues talk over each other.

The compiler places the workout's own cues; this module adds cues from the
library where a runner needs them (the end of the warm-up, just before the
final rep, the closing metres of a hard rep, the second half of a long effort,
the first recovery) and then lays every cue on one estimated timeline. Each
cue occupies the time it takes to say (about 2.5 words a second) or play;
the step announcement at each step start and the countdown beeps at the end
of timed steps are occupied too. A cue that finds no free slot near its
moment is dropped, the lowest priority first; the workout's own cues always
outrank built-in ones. Everything here is pure and deterministic: which
mantra is used rotates with the count of moments, never at random.
"""

from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from kicktimer.core.announce import is_final_rep, step_phrase
from kicktimer.core.cue_library import CueKind, CueLibrary, Fit, LibraryCue, same_words
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.workout.model import CueSettings, StepKind

WORDS_PER_SECOND = 2.5
SPEECH_OVERHEAD_S = 0.4
MIN_GAP_S = 0.5

# Lengths of the shipped sounds (tools/make_sounds.py makes them; a test keeps
# this table in step with the files). Any other sound is assumed this long:
OTHER_SOUND_S = 1.5
SOUND_SECONDS: dict[str, float] = {
    "beep": 0.12,
    "go": 0.5,
    "rest": 0.6,
    "bell": 0.8,
    "final": 1.4,
    "halfway": 0.7,
    "finish": 1.6,
}

_BEEP_S = SOUND_SECONDS["beep"]

LONG_EFFORT_S = 120.0  # a run at least this long gets a mantra in its second half
MANTRA_EVERY_S = 180.0  # and one more every this often in very long efforts
MIN_CLOSING_S = 12.0  # a run shorter than this gets no closing cue: there is no time
MIN_RECOVERY_S = 45.0  # a recovery at least this long may carry a recovery cue

# Priorities of built-in cues (higher survives). The workout's own cues are
# ranked above all of them whatever their number.
FINAL_REP_PRIORITY = 40
CLOSING_PRIORITY = 30
BEFORE_START_PRIORITY = 25
SECOND_HALF_PRIORITY = 20
RECOVERY_PRIORITY = 10

# How far a workout cue may move to make room: a start cue may wait a few
# seconds (after the step announcement); a timed cue moves a little either way.
START_DELAY_S = 8.0
OPEN_REST_DELAY_S = 20.0  # how far into an open walk-back the final-rep cue may come
FOLLOW_ON_S = 1.5  # a built-in cue at a step start comes this soon after the announcement, or not at all
EARLY_S = 3.0
LATE_S = 1.5

# Steps whose length cannot be estimated separate the timeline: cues on
# either side of one can never be heard together.
_UNKNOWN_GAP_S = 1e6

_REST_KINDS = frozenset({StepKind.RECOVER, StepKind.REST})
_SHORTEST_WITH_A_CUE_S = min(MIN_CLOSING_S, LONG_EFFORT_S, MIN_RECOVERY_S)
"""A step shorter than this gets no built-in cue of its own (the final-rep cue aside)."""


def speech_seconds(text: str) -> float:
    """How long saying `text` takes, estimated from its number of words."""
    return SPEECH_OVERHEAD_S + len(text.split()) / WORDS_PER_SECOND


def sound_seconds(sound: str) -> float:
    """How long a named sound plays (a sound outside `sounds/` is assumed long)."""
    return SOUND_SECONDS.get(sound, OTHER_SOUND_S)


def cue_seconds(cue: PlannedCue) -> float:
    """How long a cue occupies the runner's ears: its sound, then its words."""
    total = 0.0
    if cue.sound:
        total += sound_seconds(cue.sound)
    if cue.text:
        total += speech_seconds(cue.text)
    return total


def arrange_cues(plan: Plan, settings: CueSettings, library: CueLibrary, *, announced: bool = True) -> Plan:
    """Add built-in cues at sensible moments and space all cues apart.

    `settings.mantras` join the library (first in the rotation);
    `settings.defaults=False` leaves out every library cue. Workout cues that
    cannot fit are dropped with a warning on the plan; built-in ones silently.
    `announced`: whether each step start is spoken. When it is not (voice
    off, or no speech engine) there is nothing to wait for, and a cue at a
    step's start comes at its start.
    """
    segments = plan.segments
    timing = _Timing(segments, plan.countdown, announced)
    candidates = [
        c for c in _workout_candidates(segments, timing) if (c.segment, id(c.cue)) not in timing.at_end_ids
    ]
    if library.entries or settings.mantras:
        chooser = _Chooser(library.for_workout(settings))
        candidates += _builtin_candidates(segments, timing, chooser, start_order=len(candidates))
    placed, dropped = _place(candidates, timing)
    arranged = []
    at_end, beeps_left_out = timing.at_end, timing.beeps_left_out
    for index, segment in enumerate(segments):
        if index not in placed and index not in at_end:
            # No cue for it (most steps of a long plan): nothing to sort or compare.
            if not segment.cues and not segment.beeps_left_out:
                arranged.append(segment)
                continue
            cues: tuple[PlannedCue, ...] = ()
        else:
            own = placed.get(index, []) + at_end.get(index, [])
            cues = tuple(sorted(own, key=lambda c: (c.offset_s, -c.priority)))
        quiet = beeps_left_out.get(index, 0)
        if cues != segment.cues or quiet != segment.beeps_left_out:
            segment = dataclasses.replace(segment, cues=cues, beeps_left_out=quiet)
        arranged.append(segment)  # a segment whose cues stay where they were is kept as it is
    return dataclasses.replace(
        plan, segments=tuple(arranged), warnings=plan.warnings + _warnings(dropped, segments)
    )


def workout_cues_left_out(plan: Plan, *, announced: bool = True) -> tuple[str, ...]:
    """The warnings `arrange_cues` adds with no built-in cues at all: the workout's own cues that
    cannot fit around the announcements, the countdowns and each other.

    Built-in cues never push a workout cue out (they rank below it), so
    these are left out whatever the library. `kick validate` asks only
    this, and a plan without cues of its own is not laid out at all.
    """
    segments = plan.segments
    if not any(segment.cues for segment in segments):
        return ()
    timing = _Timing(segments, plan.countdown, announced)
    candidates = [
        c for c in _workout_candidates(segments, timing) if (c.segment, id(c.cue)) not in timing.at_end_ids
    ]
    _, dropped = _place(candidates, timing, keep=False)
    return _warnings(dropped, segments)


def _warnings(dropped: Sequence[_Candidate], segments: Sequence[Segment]) -> tuple[str, ...]:
    """One line per workout cue left out, however many repetitions it was left out of.

    It starts with the cue's `FILE:LINE:COL` when the cue came from a file.
    """
    counts: dict[tuple[str | None, str, str], int] = {}
    for candidate in dropped:
        if candidate.rank == 0:
            continue
        words = candidate.cue.text or candidate.cue.sound or ""
        key = (candidate.cue.source, segments[candidate.segment].label, words)
        counts[key] = counts.get(key, 0) + 1
    return tuple(
        f'{f"{source}: warning: " if source else ""}{label}: cue "{words}" left out'
        f"{f' of {n} repetitions' if n > 1 else ''}: it would talk over another cue"
        for (source, label, words), n in counts.items()
    )


# ---- the estimated timeline ------------------------------------------------


class _Timing:
    """Where each segment starts on one estimated clock, and what is busy before any cue.

    A timed step's `at: end` cues are laid out first: back to back, the last
    ending as the step ends, with the countdown's last beeps left out where
    they would clash (the cues take their place). A bell at the end replaces
    the final beep; a sentence replaces the last two or three.
    """

    def __init__(self, segments: Sequence[Segment], countdown: int, announced: bool = True) -> None:
        self.countdown = countdown
        self.starts: list[float] = []
        self.lengths: list[float | None] = []
        self.announced_s: list[float] = []
        self.busy: list[tuple[float, float]] = []
        self.at_end: dict[int, list[PlannedCue]] = {}
        self.at_end_ids: set[tuple[int, int]] = set()
        """(segment, cue) of each `at: end` cue laid out here: one cue object may be in many segments."""
        self.beeps_left_out: dict[int, int] = {}
        # One pass per segment, with the per-segment work kept small: a 10,000-step plan is laid
        # out before `kick run` draws its first frame. A timed step with no cue at its end has
        # only its countdown beeps to book, the same span for every step of the same length.
        starts, lengths, busy = self.starts, self.lengths, self.busy
        beep_spans: dict[float, tuple[int, int] | None] = {}
        if not announced:
            self.announced_s = [0.0] * len(segments)
        clock = 0.0
        for index, segment in enumerate(segments):
            duration = segment.duration_s
            length = duration if duration is not None else segment.target_s
            starts.append(clock)
            lengths.append(length)
            if announced:
                said = speech_seconds(step_phrase(segment))
                self.announced_s.append(said)
                busy.append((clock, clock + said))
            if duration is not None:
                if segment.cues:
                    self._end_of_timed_step(index, segment, clock, duration)
                else:
                    if duration not in beep_spans:
                        beep_spans[duration] = self._beep_span(duration, 0)
                    span = beep_spans[duration]
                    if span is not None:
                        end = clock + duration
                        busy.append((end - span[0], end - span[1] + _BEEP_S))
            clock += length if length is not None else _UNKNOWN_GAP_S

    def _end_of_timed_step(self, index: int, segment: Segment, start: float, length: float) -> None:
        """Room at the end of a timed step: its `at: end` cues, then the beeps that still fit."""
        ending = [cue for cue in segment.cues if cue.offset_s >= length - 1e-9]
        quiet = 0
        end = start + length
        if ending:
            needed = sum(cue_seconds(cue) for cue in ending) + MIN_GAP_S * (len(ending) - 1)
            first = end - needed
            if first >= start + self.announced_s[index] + MIN_GAP_S:
                offsets: list[PlannedCue] = []
                at = first
                for cue in ending:
                    offsets.append(dataclasses.replace(cue, offset_s=at - start, before_end_s=end - at))
                    self.busy.append((at, at + cue_seconds(cue)))
                    self.at_end_ids.add((index, id(cue)))
                    at += cue_seconds(cue) + MIN_GAP_S
                self.at_end[index] = offsets
                while quiet < self.countdown and end - (quiet + 1) + _BEEP_S + MIN_GAP_S > first + 1e-9:
                    quiet += 1
                self.beeps_left_out[index] = quiet
        span = self._beep_span(length, quiet)
        if span is not None:
            self.busy.append((end - span[0], end - span[1] + _BEEP_S))

    def _beep_span(self, length: float, quiet: int) -> tuple[int, int] | None:
        """The first and last countdown beep that sound in a timed step, in seconds before its end.

        None when none fits; `quiet` is how many of the last beeps stay silent.
        """
        beeps = [k for k in range(self.countdown, quiet, -1) if k < length]
        if not beeps:
            return None
        return beeps[0], beeps[-1]

    def tail_s(self, segment: Segment) -> float:
        """Seconds at the end of a segment that belong to its countdown beeps."""
        return float(self.countdown) if segment.duration_s is not None and self.countdown > 0 else 0.0


class _Candidate(NamedTuple):
    """A cue looking for a slot: a window of offsets within its segment, and a preferred one.

    A named tuple: defining a frozen dataclass costs a third of a millisecond, before `kick run`'s
    first frame, and making one costs more than a tuple.
    """

    segment: int
    preferred: float
    earliest: float
    latest: float
    cue: PlannedCue
    rank: int  # 1: the workout's own cue; 0: built-in
    order: int


def _place(
    candidates: Sequence[_Candidate], timing: _Timing, *, keep: bool = True
) -> tuple[dict[int, list[PlannedCue]], list[_Candidate]]:
    """Each cue in the free slot nearest its moment, best first; those that find none are dropped.

    `keep=False` only books the slots and returns no placed cues (when only
    the dropped ones are wanted).
    """
    busy = _Busy(timing.busy)
    placed: dict[int, list[PlannedCue]] = {}
    dropped: list[_Candidate] = []
    ordered = sorted(
        candidates,
        key=lambda c: (-c.rank, -c.cue.priority, timing.starts[c.segment] + c.preferred, c.order),
    )
    for candidate in ordered:
        start = timing.starts[candidate.segment]
        length = cue_seconds(candidate.cue)
        slot = busy.free_slot(
            start + candidate.earliest, start + candidate.latest, start + candidate.preferred, length
        )
        if slot is None:
            dropped.append(candidate)
            continue
        busy.add(slot, slot + length)
        if not keep:
            continue
        offset = slot - start
        cue = candidate.cue
        if cue.offset_s != offset:
            cue = dataclasses.replace(cue, offset_s=offset)
        placed.setdefault(candidate.segment, []).append(cue)
    return placed, dropped


class _Busy:
    """The occupied stretches of the timeline, sorted, so a search only looks nearby."""

    def __init__(self, spans: Iterable[tuple[float, float]]) -> None:
        self._spans = sorted(spans)
        self._begins = [begin for begin, _ in self._spans]
        self._longest = max((end - begin for begin, end in self._spans), default=0.0)

    def add(self, begin: float, end: float) -> None:
        at = bisect.bisect(self._begins, begin)
        self._begins.insert(at, begin)
        self._spans.insert(at, (begin, end))
        self._longest = max(self._longest, end - begin)

    def _near(self, low: float, high: float) -> list[tuple[float, float]]:
        """Every span that could touch [low, high]."""
        first = bisect.bisect_left(self._begins, low - self._longest)
        last = bisect.bisect_right(self._begins, high)
        return self._spans[first:last]

    def free_slot(self, earliest: float, latest: float, preferred: float, length: float) -> float | None:
        """The free start time within [earliest, latest] nearest the preferred one, if any."""
        if latest < earliest:
            return None
        near = self._near(earliest - MIN_GAP_S, latest + length + MIN_GAP_S)
        options = {min(max(preferred, earliest), latest), earliest, latest}
        for begin, end in near:
            options.add(end + MIN_GAP_S)
            options.add(begin - MIN_GAP_S - length)
        free = [
            t
            for t in options
            if earliest - 1e-9 <= t <= latest + 1e-9
            and all(
                t >= end + MIN_GAP_S - 1e-9 or t + length + MIN_GAP_S <= begin + 1e-9 for begin, end in near
            )
        ]
        if not free:
            return None
        return min(free, key=lambda t: (abs(t - preferred), t))


# ---- the workout's own cues ------------------------------------------------


def _workout_candidates(segments: Sequence[Segment], timing: _Timing) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for index, segment in enumerate(segments):
        if not segment.cues:
            continue
        length = timing.lengths[index]
        bound = length if length is not None else float("inf")
        for cue in segment.cues:
            at = min(max(cue.offset_s, 0.0), bound)
            if at == 0.0:
                earliest, latest = 0.0, min(START_DELAY_S, bound)
            else:
                earliest, latest = max(at - EARLY_S, 0.0), min(at + LATE_S, bound)
            candidates.append(_Candidate(index, at, earliest, latest, cue, rank=1, order=len(candidates)))
    return candidates


# ---- built-in cues -----------------------------------------------------------


class _Chooser:
    """Picks cues from the library, rotating through each moment's pool in order."""

    def __init__(self, library: CueLibrary) -> None:
        self.library = library
        self.turns: dict[tuple[Fit, tuple[CueKind, ...]], int] = {}

    def pick(self, fit: Fit, kinds: Sequence[CueKind], avoid: Iterable[str]) -> LibraryCue | None:
        avoided = list(avoid)
        pool = [
            cue for cue in self.library.fitting(fit, kinds) if not any(_overlap(cue.text, a) for a in avoided)
        ]
        if not pool:
            return None
        key = (fit, tuple(kinds))
        turn = self.turns.get(key, 0)
        self.turns[key] = turn + 1
        return pool[turn % len(pool)]


def _overlap(a: str, b: str) -> bool:
    """Whether one text says the other (so saying both would repeat it)."""
    if same_words(a, b):
        return True
    na, nb = _words(a), _words(b)
    return bool(na) and bool(nb) and (na in nb or nb in na)


def _words(text: str) -> str:
    kept = "".join(ch.lower() if ch.isalnum() else " " for ch in text.replace("'", "").replace("’", ""))
    return " " + " ".join(kept.split()) + " "


_ALL_KINDS = (CueKind.MANTRA, CueKind.FORM, CueKind.FOCUS)


def _builtin_candidates(
    segments: Sequence[Segment], timing: _Timing, chooser: _Chooser, start_order: int
) -> list[_Candidate]:
    builder = _Builder(segments, timing, chooser, start_order)
    builder.before_start()
    lengths = timing.lengths
    for index, segment in enumerate(segments):
        # A final rep is the last of its repeat (is_final_rep): most steps are passed over here.
        if segment.rep_number == segment.rep_count is not None and _first_of_final_rep(segments, index):
            builder.final_rep(index)
        # Each moment below needs a step of some length; most steps of a long plan of short
        # intervals have none, and are passed over without a call.
        length = lengths[index]
        if length is None or length < _SHORTEST_WITH_A_CUE_S:
            continue
        if segment.is_work:
            builder.second_half(index)
            builder.closing(index)
        elif segment.kind in _REST_KINDS:
            builder.recovery(index)
    return builder.candidates


def _first_of_final_rep(segments: Sequence[Segment], index: int) -> bool:
    segment = segments[index]
    if not is_final_rep(segment):
        return False
    previous = segments[index - 1] if index > 0 else None
    return previous is None or not is_final_rep(previous) or previous.rep != segment.rep


class _Builder:
    def __init__(
        self, segments: Sequence[Segment], timing: _Timing, chooser: _Chooser, start_order: int
    ) -> None:
        self.segments = segments
        self.timing = timing
        self.chooser = chooser
        self.candidates: list[_Candidate] = []
        self.added: dict[int, list[str]] = {}
        self.order = start_order

    def _texts(self, index: int) -> list[str]:
        """Words already said in a segment (the workout's and those added so far)."""
        return [c.text for c in self.segments[index].cues if c.text] + self.added.get(index, [])

    def _add(
        self, index: int, cue: LibraryCue, priority: int, preferred: float, earliest: float, latest: float
    ) -> None:
        planned = PlannedCue(offset_s=preferred, text=cue.text, priority=priority, origin=cue.origin)
        self.candidates.append(
            _Candidate(index, preferred, earliest, latest, planned, rank=0, order=self.order)
        )
        self.added.setdefault(index, []).append(cue.text)
        self.order += 1

    def _add_late(self, index: int, cue: LibraryCue, priority: int) -> None:
        """As late in a segment as fits before its countdown beeps, in its second half."""
        length = self.timing.lengths[index]
        if length is None:
            return
        latest = length - self.timing.tail_s(self.segments[index]) - MIN_GAP_S - speech_seconds(cue.text)
        self._add(index, cue, priority, latest, length / 2, latest)

    def before_start(self) -> None:
        first_work = next((i for i, s in enumerate(self.segments) if s.is_work), None)
        if first_work is None or first_work == 0:
            return
        index = first_work - 1
        if self.segments[index].is_work:
            return
        cue = self.chooser.pick(Fit.BEFORE_START, _ALL_KINDS, self._texts(index) + self._texts(first_work))
        if cue is not None:
            self._add_late(index, cue, BEFORE_START_PRIORITY)

    def final_rep(self, index: int) -> None:
        if self._final_rep_speaks_for_itself(index):
            return
        previous = index - 1
        avoid = self._texts(index) + (self._texts(previous) if previous >= 0 else [])
        cue = self.chooser.pick(Fit.FINAL_REP, _ALL_KINDS, avoid)
        if cue is None:
            return
        if previous >= 0 and not self.segments[previous].is_work:
            if self.timing.lengths[previous] is not None:
                self._add_late(previous, cue, FINAL_REP_PRIORITY)
            else:  # a walk back or an open rest: say it early in it
                self._add(previous, cue, FINAL_REP_PRIORITY, 0.0, 0.0, OPEN_REST_DELAY_S)
            return
        # Straight into the final rep: right after its announcement, or not at all.
        latest = self.timing.announced_s[index] + MIN_GAP_S + FOLLOW_ON_S
        length = self.timing.lengths[index]
        if length is not None:
            latest = min(latest, length / 3)
        self._add(index, cue, FINAL_REP_PRIORITY, 0.0, 0.0, latest)

    def _final_rep_speaks_for_itself(self, index: int) -> bool:
        """The workout's `last:` already says something at the final rep's start."""
        segment = self.segments[index]
        before = next(
            (
                s
                for s in map(self.segments.__getitem__, range(index - 1, -1, -1))  # no copy of the plan
                if s.is_work
                and s.rep_count == segment.rep_count
                and s.rep_number == (segment.rep_number or 0) - 1
            ),
            None,
        )
        usual = [c.text for c in before.cues if c.text] if before is not None else []
        return any(
            c.text and c.offset_s < 1.0 and not any(same_words(c.text, u) for u in usual)
            for c in segment.cues
        )

    def closing(self, index: int) -> None:
        segment = self.segments[index]
        length = self.timing.lengths[index]
        if length is None or length < MIN_CLOSING_S:
            return
        if any(c.offset_s >= length / 2 for c in segment.cues):
            return
        if index + 1 < len(self.segments) and self.segments[index + 1].is_work:
            return  # the effort goes on into the next step: this is not its closing part
        final = is_final_rep(segment)
        kinds = (CueKind.FOCUS, CueKind.MANTRA) if final else (CueKind.FORM,)
        cue = self.chooser.pick(Fit.CLOSING, kinds, self._texts(index))
        if cue is None:
            return
        if segment.distance_m and segment.distance_m >= 300:
            closing_s = length * 100.0 / segment.distance_m  # the last 100 m
        elif segment.distance_m:
            closing_s = length / 3
        else:
            closing_s = min(max(length * 0.25, 6.0), 20.0)
        latest = length - self.timing.tail_s(segment) - MIN_GAP_S - speech_seconds(cue.text)
        earliest = length / 2
        self._add(index, cue, CLOSING_PRIORITY, min(length - closing_s, latest), earliest, latest)

    def second_half(self, index: int) -> None:
        segment = self.segments[index]
        length = self.timing.lengths[index]
        if length is None or length < LONG_EFFORT_S:
            return
        moment = length * 0.55
        while moment <= length * 0.85:
            near = [c for c in segment.cues if abs(c.offset_s - moment) < 20.0]
            cue = None if near else self.chooser.pick(Fit.SECOND_HALF, _ALL_KINDS, self._texts(index))
            if cue is not None:
                latest = min(moment + 20.0, length * 0.9 - speech_seconds(cue.text))
                self._add(index, cue, SECOND_HALF_PRIORITY, moment, max(moment - 20.0, length / 2), latest)
            moment += MANTRA_EVERY_S

    def recovery(self, index: int) -> None:
        segment = self.segments[index]
        length = self.timing.lengths[index]
        if length is None or length < MIN_RECOVERY_S:
            return
        if index == 0 or not self.segments[index - 1].is_work or (segment.rep_number or 1) != 1:
            return
        if any(c.offset_s < length / 3 for c in segment.cues):
            return
        cue = self.chooser.pick(Fit.RECOVERY, _ALL_KINDS, self._texts(index))
        if cue is not None:
            self._add(index, cue, RECOVERY_PRIORITY, 0.0, 0.0, length / 3)
