"""The kick report: did the last rep come home faster than the others, and is that improving?

Pure analysis of finished laps (`ports.LapRecord`), shared by the finish
screen, `kick history show` and `kick history trend`. No I/O, no rendering.

Which laps count:
- Work reps are laps of kind `run` (one athlete's at a time in coach mode).
- A rep restarted with Back appears twice with the same index; the last one
  counts.
- Reps without a time (DNF) or cut short (ended by skip, back or quit) are left
  out, with a note.
- A rep timed by the clock (a treadmill countdown, a timed interval) says
  nothing about the runner's speed: its length was fixed. When any rep was
  closed with the lap key, only those count; when none was, there is no kick
  to measure and the report says so.
- There is a kick only when the last rep was run to the end and is the last
  repetition of its repeat: a session stopped after rep 2 of 8, or a final
  rep skipped or DNF, has none (the report says why).

The coach board's results table takes each athlete's kick from here too
(`core.coach.results.kick_of`), so the finish screen and `kick history`
can't disagree.

How reps are compared: by time when they are the same distance (or the
distances are unknown), by pace (seconds per km) when distances differ, e.g.
a 1200-800-400 ladder.

Negative splits: for a continuous run (work reps back to back with no
recovery between them, e.g. a tempo run split per mile) and for a progressive
one (targets getting faster rep by rep, from `progress:`), the second half is
compared with the first. Halves are equal in distance (or rep count when
distances are unknown); a rep straddling the middle is divided in proportion,
assuming even pace within it.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from kicktimer.core.laps import ending_mark
from kicktimer.ports import LapRecord

WORK_KIND = "run"
CUT_SHORT = frozenset({"skip", "back", "quit", "dnf"})
CLOCK_ENDINGS = frozenset({"time", "sendoff"})
UNFINISHED = CUT_SHORT | {"sendoff"}  # a lap rep the send-off clock ended was never lapped

Basis = Literal["time", "pace"]
RunShape = Literal["continuous", "progressive"]


@dataclass(frozen=True)
class SessionLaps:
    """A session as the report needs it: an id, when it started, and its laps in order."""

    id: int
    started_at: str
    laps: Sequence[LapRecord]


@dataclass(frozen=True)
class RepResult:
    """One counted work rep."""

    number: int  # 1-based among the counted reps
    index: int  # the segment's index in the plan
    label: str
    rep: str | None
    seconds: float
    target_s: float | None
    distance_m: float | None
    hr_max: int | None = None  # the strap's peak in this rep (None without one)
    set: str | None = None  # "1/3" in a nested repeat (`LapRecord.set`)

    @property
    def pace_s_per_km(self) -> float | None:
        if not self.distance_m:
            return None
        return self.seconds / self.distance_m * 1000.0

    @property
    def vs_target_s(self) -> float | None:
        """Seconds slower (+) or faster (−) than the target."""
        return None if self.target_s is None else self.seconds - self.target_s


@dataclass(frozen=True)
class Kick:
    """The final rep against the mean of the ones before it: the one kick, solo and coach alike.

    Times, or paces (s/km) when the reps differ in distance (the report's basis).
    """

    final: float
    earlier_mean: float
    difference: float  # final − mean: negative when the final rep was faster
    percent_faster: float  # (mean − final) / mean × 100: positive when faster
    earlier_reps: int

    @property
    def faster(self) -> bool:
        return self.percent_faster > 0


@dataclass(frozen=True)
class Spread:
    """How even the earlier reps were."""

    stdev: float | None  # sample standard deviation; None with a single earlier rep
    fastest: float
    slowest: float

    @property
    def range(self) -> float:
        return self.slowest - self.fastest


@dataclass(frozen=True)
class HalfSplit:
    """First half against second half of a continuous or progressive run."""

    shape: RunShape
    first_half_s: float
    second_half_s: float
    slope: float  # least-squares change per rep (time or pace, per the basis): negative = speeding up
    changes: tuple[float, ...]  # each rep minus the one before (time or pace)

    @property
    def difference_s(self) -> float:
        """Second half − first half: negative is a negative split."""
        return self.second_half_s - self.first_half_s

    @property
    def negative(self) -> bool:
        return self.second_half_s < self.first_half_s

    @property
    def percent_faster(self) -> float:
        return (self.first_half_s - self.second_half_s) / self.first_half_s * 100.0


@dataclass(frozen=True)
class Comparison:
    """This session against the last time the same workout was run."""

    session_id: int
    started_at: str
    basis: Basis
    final_change: float | None  # this final − that final: negative = faster now
    mean_change: float | None  # this earlier mean − that one
    kick_change_pct: float | None  # this kick % − that kick %: positive = a stronger kick now


@dataclass(frozen=True)
class HeartKick:
    """The final rep's heart-rate peak against the earlier reps' peaks (a strap was worn)."""

    final_peak: int
    earlier_mean_peak: float
    difference: float  # final − mean: how much higher the heart went on the last rep


@dataclass(frozen=True)
class KickReport:
    athlete: str | None
    basis: Basis
    reps: tuple[RepResult, ...]
    kick: Kick | None
    spread: Spread | None
    split: HalfSplit | None
    previous: Comparison | None
    notes: tuple[str, ...]
    heart: HeartKick | None = None
    unfinished: str | None = None  # why the last rep run is no final rep (see `_unfinished_final`)
    cut_short: tuple[tuple[int, str], ...] = ()
    """Work reps with no full time, as (step index, how the tables mark it: `DNF`, `skipped`...):
    the results table says so in the rep's column, as the finish screen does, not a bare dash."""

    @property
    def final(self) -> RepResult | None:
        """The final rep, None when the session has none: a list showing it agrees with the report.

        The last rep run is no final rep when it was cut short or the session
        stopped before the last repetition; `reps[-1]` is still that last rep.
        """
        return self.reps[-1] if self.reps and self.unfinished is None else None

    def value(self, rep: RepResult) -> float:
        """What this report compares for a rep: its time, or its pace on the pace basis."""
        return _value(rep, self.basis)


def athletes_in(laps: Sequence[LapRecord]) -> list[str | None]:
    """Athletes in order of first appearance (`[None]` for a solo session)."""
    seen: list[str | None] = []
    for lap in laps:
        if lap.athlete not in seen:
            seen.append(lap.athlete)
    return seen or [None]


def build_kick_report(
    laps: Sequence[LapRecord],
    *,
    athlete: str | None = None,
    previous: SessionLaps | None = None,
) -> KickReport:
    """The kick report of one athlete's laps (or a solo session's), optionally against a previous run."""
    own = _latest_attempts([lap for lap in laps if lap.athlete == athlete])
    reps, notes = _counted_reps(own)
    basis = _basis(reps)
    values = [_value(rep, basis) for rep in reps]
    unfinished = _unfinished_final(own)
    kick = None if unfinished else _kick(values)
    if unfinished:
        notes.append(unfinished)
    # one earlier rep has no spread to give ('1:32 to 1:32, range 0.0 s')
    spread = _spread(values[:-1]) if len(values) >= 3 else None
    between = {lap.index for lap in laps if lap.kind != WORK_KIND}
    split = _half_split(between, reps, basis)
    if len(reps) == 1:
        notes.append("Only one rep was timed: there are no earlier reps to compare the last one with.")
    comparison = None
    if previous is not None:
        before = build_kick_report(previous.laps, athlete=athlete)
        comparison = _compare(reps, basis, kick, previous, before)
    heart = _heart(reps)
    cut_short = tuple(
        (lap.index, ending_mark(lap.kind, lap.ended_by) or "—")
        for lap in own
        if lap.kind == WORK_KIND and (lap.actual_s is None or lap.ended_by in CUT_SHORT)
    )
    return KickReport(
        athlete,
        basis,
        tuple(reps),
        kick,
        spread,
        split,
        comparison,
        tuple(notes),
        heart,
        unfinished,
        cut_short,
    )


def build_kick_reports(laps: Sequence[LapRecord], *, previous: SessionLaps | None = None) -> list[KickReport]:
    """One report per athlete (a single one for a solo session)."""
    return [build_kick_report(laps, athlete=name, previous=previous) for name in athletes_in(laps)]


# ---- trend across sessions ---------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    session_id: int
    started_at: str
    basis: Basis
    final: float
    earlier_mean: float
    kick_pct: float


@dataclass(frozen=True)
class Trend:
    points: tuple[TrendPoint, ...]  # oldest first
    skipped: int  # sessions with no measurable kick (too few reps, timed reps)

    @property
    def final_change(self) -> float | None:
        """Last session's final rep − first session's (negative: the kick got faster)."""
        return self.points[-1].final - self.points[0].final if len(self.points) >= 2 else None

    @property
    def mean_change(self) -> float | None:
        return self.points[-1].earlier_mean - self.points[0].earlier_mean if len(self.points) >= 2 else None

    @property
    def kick_pct_change(self) -> float | None:
        return self.points[-1].kick_pct - self.points[0].kick_pct if len(self.points) >= 2 else None

    @property
    def final_slope(self) -> float | None:
        """Least-squares change of the final rep per session (negative: improving)."""
        return _slope([p.final for p in self.points]) if len(self.points) >= 2 else None


def build_trend(sessions: Iterable[SessionLaps], *, athlete: str | None = None) -> Trend:
    """The kick and the average rep of each session (given in any order), oldest first."""
    points: list[TrendPoint] = []
    skipped = 0
    for session in sessions:
        report = build_kick_report(session.laps, athlete=athlete)
        if report.kick is None:
            skipped += 1
            continue
        points.append(
            TrendPoint(
                session_id=session.id,
                started_at=session.started_at,
                basis=report.basis,
                final=report.kick.final,
                earlier_mean=report.kick.earlier_mean,
                kick_pct=report.kick.percent_faster,
            )
        )
    points.sort(key=lambda p: (_instant(p.started_at), p.session_id))
    return Trend(tuple(points), skipped)


# ---- the pieces --------------------------------------------------------------


def _latest_attempts(laps: list[LapRecord]) -> list[LapRecord]:
    """Keep the last lap written for each index (a rep redone after Back replaces the first try)."""
    last_position = {lap.index: position for position, lap in enumerate(laps)}
    return [lap for position, lap in enumerate(laps) if last_position[lap.index] == position]


def _is_measured(lap: LapRecord) -> bool:
    if lap.ended_by is not None:
        return lap.ended_by not in CLOCK_ENDINGS
    return lap.planned_s is None


def _counted_reps(laps: list[LapRecord]) -> tuple[list[RepResult], list[str]]:
    work = [lap for lap in laps if lap.kind == WORK_KIND]
    notes: list[str] = []
    finished = [lap for lap in work if lap.actual_s is not None and lap.ended_by not in CUT_SHORT]
    left_out = len(work) - len(finished)
    if left_out:
        notes.append(f"{_plural(left_out, 'rep')} without a full time (skipped or DNF) left out.")
    measured = [lap for lap in finished if _is_measured(lap)]
    if finished and not measured:
        notes.append(
            "The reps were timed by the clock, so their times were fixed in advance: "
            "there is no kick to measure. Run them on a track or road to time them with the lap key."
        )
        return [], notes
    if len(measured) < len(finished):
        notes.append(f"{_plural(len(finished) - len(measured), 'clock-timed rep')} left out.")
    reps = [
        RepResult(
            number=number,
            index=lap.index,
            label=lap.label,
            rep=lap.rep,
            seconds=float(lap.actual_s or 0.0),
            target_s=lap.target_s,
            distance_m=lap.distance_m,
            hr_max=lap.hr_max,
            set=lap.set,
        )
        for number, lap in enumerate(measured, start=1)
    ]
    if not work:
        notes.append("No work reps were recorded.")
    return reps, notes


def _basis(reps: Sequence[RepResult]) -> Basis:
    distances = {rep.distance_m for rep in reps}
    if len(distances) > 1 and None not in distances and 0.0 not in distances:
        return "pace"
    return "time"


def _value(rep: RepResult, basis: Basis) -> float:
    if basis == "pace":
        pace = rep.pace_s_per_km
        if pace is not None:
            return pace
    return rep.seconds


def _heart(reps: Sequence[RepResult]) -> HeartKick | None:
    """Final peak against the mean of the earlier peaks; None unless both are known."""
    if len(reps) < 2 or reps[-1].hr_max is None:
        return None
    earlier = [rep.hr_max for rep in reps[:-1] if rep.hr_max is not None]
    if not earlier:
        return None
    final = reps[-1].hr_max
    mean = statistics.fmean(earlier)
    return HeartKick(final, mean, final - mean)


def _kick(values: Sequence[float]) -> Kick | None:
    if len(values) < 2:
        return None
    final = values[-1]
    mean = statistics.fmean(values[:-1])
    return Kick(final, mean, final - mean, (mean - final) / mean * 100.0 if mean else 0.0, len(values) - 1)


def _unfinished_final(laps: Sequence[LapRecord]) -> str | None:
    """Why the last rep run is no final rep to judge, if it isn't.

    It was not run to the end (skipped, cut short, DNF, or the send-off
    clock came first), or the session stopped before the last repetition
    (its rep reads "2/8"; in a nested repeat, before the last rep of the last
    set: rep "4/4" of set "1/3" is no final rep): comparing that rep with the
    earlier ones would call a rep in mid-session a kick.
    """
    work = [lap for lap in laps if lap.kind == WORK_KIND]
    if not work:
        return None
    last = max(work, key=lambda lap: lap.index)
    if last.actual_s is None or last.ended_by in UNFINISHED:
        return "The final rep was not run to the end: there is no kick to measure."
    number, count = _rep_numbers(last.rep)
    *rounds, (set_number, set_count) = [_rep_numbers(part) for part in (last.set or "").split(" · ")]
    rep_left = number is not None and count is not None and number < count
    set_left = set_number is not None and set_count is not None and set_number < set_count
    rounds_left = any(n is not None and c is not None and n < c for n, c in rounds)
    if not (rep_left or set_left or rounds_left):
        return None
    where = [] if number is None else [f"rep {number} of {count}"]
    if set_number is not None:
        where.append(f"set {set_number} of {set_count}")
    where.extend(f"round {n} of {c}" for n, c in reversed(rounds) if n is not None)
    return f"The session stopped after {' in '.join(where)}: there is no kick to measure."


def _rep_numbers(rep: str | None) -> tuple[int | None, int | None]:
    """`"2/8"` → (2, 8); anything else → (None, None)."""
    number, _, count = (rep or "").partition("/")
    if number.isdigit() and count.isdigit():
        return int(number), int(count)
    return None, None


def _spread(earlier: Sequence[float]) -> Spread:
    stdev = statistics.stdev(earlier) if len(earlier) >= 2 else None
    return Spread(stdev, min(earlier), max(earlier))


def _run_shape(rest_indexes: set[int], reps: Sequence[RepResult], basis: Basis) -> RunShape | None:
    """Continuous when no other step (recovery, rest...) came between the first and last rep."""
    if len(reps) < 2:
        return None
    first, last = reps[0].index, reps[-1].index
    if not any(first < index < last for index in rest_indexes):
        return "continuous"
    targets = [_target_value(rep, basis) for rep in reps]
    known = [target for target in targets if target is not None]
    if len(known) == len(targets) and all(b < a for a, b in itertools.pairwise(known)):
        return "progressive"
    return None


def _target_value(rep: RepResult, basis: Basis) -> float | None:
    if rep.target_s is None:
        return None
    if basis == "pace" and rep.distance_m:
        return rep.target_s / rep.distance_m * 1000.0
    return rep.target_s


def _half_split(rest_indexes: set[int], reps: Sequence[RepResult], basis: Basis) -> HalfSplit | None:
    shape = _run_shape(rest_indexes, reps, basis)
    if shape is None:
        return None
    by_distance = all(rep.distance_m for rep in reps)
    lengths = [float(rep.distance_m or 0.0) if by_distance else 1.0 for rep in reps]
    half = sum(lengths) / 2.0
    first = 0.0
    covered = 0.0
    for length, rep in zip(lengths, reps, strict=True):
        if covered + length <= half:
            first += rep.seconds
            covered += length
            continue
        first += rep.seconds * (half - covered) / length
        break
    total = sum(rep.seconds for rep in reps)
    values = [_value(rep, basis) for rep in reps]
    changes = tuple(b - a for a, b in itertools.pairwise(values))
    return HalfSplit(shape, first, total - first, _slope(values), changes)


def _slope(values: Sequence[float]) -> float:
    """Least-squares slope of values against their position 0, 1, 2, ..."""
    count = len(values)
    mean_x = (count - 1) / 2.0
    mean_y = statistics.fmean(values)
    denominator = sum((x - mean_x) ** 2 for x in range(count))
    if denominator == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in enumerate(values)) / denominator


def _compare(
    reps: Sequence[RepResult],
    basis: Basis,
    kick: Kick | None,
    previous: SessionLaps,
    before: KickReport,
) -> Comparison | None:
    if not reps or not before.reps:
        return None
    if before.basis != basis:
        return None
    this_final = _value(reps[-1], basis)
    that_final = before.value(before.reps[-1])
    return Comparison(
        session_id=previous.id,
        started_at=previous.started_at,
        basis=basis,
        final_change=this_final - that_final,
        mean_change=(kick.earlier_mean - before.kick.earlier_mean) if kick and before.kick else None,
        kick_change_pct=(kick.percent_faster - before.kick.percent_faster) if kick and before.kick else None,
    )


def _instant(iso: str) -> float:
    """Seconds since the epoch of an ISO 8601 time, so that times with different offsets compare."""
    try:
        return datetime.fromisoformat(iso).timestamp()
    except ValueError:
        return 0.0


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
