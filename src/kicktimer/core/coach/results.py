"""What a group session produced: each athlete's split on each rep, their stats and their kick.

Plain data and arithmetic, no clock: the board fills these in as reps close,
the finish screen shows them as a table, and the history stores one row per
athlete split. Times are monotonic seconds; turning them into wall-clock
strings is the shell's job (`FinishedLap.to_lap_record`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import fmean

from kicktimer.core.coach.athletes import Athlete
from kicktimer.core.events import EndReason
from kicktimer.core.laps import FinishedLap
from kicktimer.core.report import Kick, build_kick_report
from kicktimer.core.segments import Segment


def is_rep(segment: Segment) -> bool:
    """A step the board takes athlete splits on: a work step that waits for the lap key."""
    return segment.is_work and segment.waits_for_lap


@dataclass(frozen=True)
class AthleteSplit:
    """One athlete's result on one rep. `split_s` is None when they did not finish it (DNF).

    `split_s` is running time from the rep's start to their crossing, pauses
    excluded; `paused_s` is the paused time inside it (for a DNF, the rep's).
    """

    athlete: Athlete
    segment: Segment
    split_s: float | None
    at: float | None
    paused_s: float = 0.0

    @property
    def dnf(self) -> bool:
        return self.split_s is None

    @property
    def target_s(self) -> float | None:
        """The athlete's own target on this rep (the board gives each split the athlete's segment)."""
        return self.segment.target_s

    @property
    def diff_s(self) -> float | None:
        """Split minus target: negative is ahead of the target."""
        if self.split_s is None or self.segment.target_s is None:
            return None
        return self.split_s - self.segment.target_s


@dataclass(frozen=True)
class GroupRep:
    """A closed rep: when it ran, why it ended, and one split (or DNF) per athlete, in board order."""

    segment: Segment
    started_at: float
    ended_at: float
    paused_s: float
    reason: EndReason
    splits: tuple[AthleteSplit, ...]

    def split_of(self, athlete: Athlete) -> AthleteSplit:
        return self.splits[athlete.index]

    def laps(self) -> tuple[FinishedLap, ...]:
        """One history row per athlete, DNFs included (actual_s None, ended_by "dnf")."""
        return tuple(
            FinishedLap(
                split.segment,  # the athlete's own target (see `CoachBoard`)
                actual_s=split.split_s,
                paused_s=split.paused_s,
                started_at=self.started_at,
                ended_at=split.at if split.at is not None else self.ended_at,
                ended_by="dnf" if split.dnf else "lap",
                athlete=split.athlete.name,
            )
            for split in self.splits
        )


def kick_of(splits: Sequence[AthleteSplit]) -> Kick | None:
    """One athlete's kick from their splits in rep order, by the kick report's one algorithm.

    The splits become the history rows they are stored as, so this is the
    kick `kick history show` will give for the same athlete. None unless the
    final rep was finished, is the last of its repeat, and an earlier rep was
    finished too.
    """
    if not splits:
        return None
    name = splits[0].athlete.name
    rows = [
        FinishedLap(
            split.segment,
            actual_s=split.split_s,
            paused_s=split.paused_s,
            started_at=0.0,
            ended_at=0.0,
            ended_by="dnf" if split.dnf else "lap",
            athlete=name,
        ).to_lap_record(_NO_WALL_CLOCK)
        for split in splits
    ]
    return build_kick_report(rows, athlete=name).kick


def _NO_WALL_CLOCK(_: float) -> str:
    """The kick reads no wall-clock time."""
    return ""


@dataclass(frozen=True)
class AthleteStats:
    """An athlete's finished splits summarised: DNFs are counted apart and never averaged."""

    finished: int
    dnf: int
    mean_s: float | None
    best_s: float | None
    last: AthleteSplit | None

    @property
    def last_diff_s(self) -> float | None:
        return None if self.last is None else self.last.diff_s


def stats_of(splits: Sequence[AthleteSplit]) -> AthleteStats:
    """Stats of one athlete's splits in rep order (the last one is the most recent)."""
    times = [s.split_s for s in splits if s.split_s is not None]
    return AthleteStats(
        finished=len(times),
        dnf=len(splits) - len(times),
        mean_s=fmean(times) if times else None,
        best_s=min(times) if times else None,
        last=splits[-1] if splits else None,
    )


@dataclass(frozen=True)
class Results:
    """The table of a group session: athletes × reps, in the order the reps were run."""

    athletes: tuple[Athlete, ...]
    reps: tuple[GroupRep, ...]

    def splits_of(self, athlete: Athlete) -> tuple[AthleteSplit, ...]:
        """One athlete's row of the table: a split (or DNF) per rep."""
        return tuple(rep.split_of(athlete) for rep in self.reps)

    def stats_of(self, athlete: Athlete) -> AthleteStats:
        return stats_of(self.splits_of(athlete))

    def kick_of(self, athlete: Athlete) -> Kick | None:
        return kick_of(self.splits_of(athlete))

    def laps(self) -> tuple[FinishedLap, ...]:
        """Every athlete split as a history row, rep by rep."""
        return tuple(lap for rep in self.reps for lap in rep.laps())
