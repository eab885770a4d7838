"""Who is on the board, and which key takes each athlete's split.

A coach presses one key per athlete as they cross the line, so the keys must
be easy to find and must never collide with the timer's own keys (space to
lap, p to pause, u to undo...). Keys 1–9 come first, then lowercase letters
in alphabetical order, skipping every key the timer or the app already uses.
The same names always get the same keys, so a printed roster stays right.

Validation is reported per name (by position), so the roster file reader can
point at a line and `--athletes` can point at a position in the option.
"""

from __future__ import annotations

import math
import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from kicktimer.errors import TERMINAL_CONTROLS
from kicktimer.workout.limits import MAX_SHORT_TEXT
from kicktimer.workout.quantities import format_clock, format_distance

TIMER_KEYS: frozenset[str] = frozenset(
    {"space", "p", "n", "b", "m", "q", "u", "+", "-", "left", "right", "up", "down", "h", "?"}
)
"""Keys the timer screen uses (and h/? kept free for help); never given to an athlete."""

CANDIDATE_KEYS: tuple[str, ...] = tuple("123456789") + tuple(string.ascii_lowercase)
"""Athlete keys in the order they are handed out, before the reserved ones are removed."""


@dataclass(frozen=True)
class OwnTarget:
    """What a roster says of one athlete's pace: a race result and/or target splits by rep distance."""

    race: str | None = None
    """The race's canonical name (`5k`, `mile`, `10k`...), with `race_s` its time."""
    race_s: float | None = None
    splits: tuple[tuple[float, float], ...] = ()
    """(rep distance in metres, target seconds) pairs; they win over the race for that distance."""

    def split_for(self, distance_m: float | None) -> float | None:
        if distance_m is None:
            return None
        for metres, seconds in self.splits:
            if math.isclose(metres, distance_m, rel_tol=1e-9):
                return seconds
        return None

    def describe(self) -> str:
        """`5k 18:40`, `400 m in 1:15`, `5k 18:40 · 200 m in 0:36`: as the preview lists it."""
        parts = []
        if self.race is not None and self.race_s is not None:
            parts.append(f"{self.race} {format_clock(self.race_s)}")
        parts.extend(f"{format_distance(m)} in {format_clock(seconds)}" for m, seconds in self.splits)
        return " · ".join(parts)


@dataclass(frozen=True)
class Athlete:
    """One athlete on the board: `index` is their row (0-based), `key` the key that takes their split.

    `target` is what the roster says of their pace (None: the workout's target, or none).
    """

    name: str
    key: str
    index: int
    target: OwnTarget | None = None


NameProblemKind = Literal["no athletes", "empty", "duplicate", "too many", "control", "long"]


@dataclass(frozen=True)
class NameProblem:
    """Something wrong with the `index`-th name (0-based) of a roster."""

    index: int
    kind: NameProblemKind
    message: str


class AthleteError(ValueError):
    """A list of athletes that cannot be put on the board; carries every problem found."""

    def __init__(self, problems: Sequence[NameProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"athlete {p.index + 1}: {p.message}" for p in self.problems))


def athlete_keys(reserved: Iterable[str] = TIMER_KEYS) -> tuple[str, ...]:
    """Every key an athlete can get, in the order they are handed out."""
    taken = {key.lower() for key in reserved}
    return tuple(key for key in CANDIDATE_KEYS if key not in taken)


def max_athletes(reserved: Iterable[str] = TIMER_KEYS) -> int:
    return len(athlete_keys(reserved))


# Control characters (C0 and C1, DEL, the line and paragraph separators): a name with
# an ESC in it (`--athletes "$(printf 'A\x1b[2J')"`) would drive the terminal. And the
# bidirectional embeddings, overrides and isolates, which reorder what follows on the board.
_CONTROL = re.compile(f"[\t\n{TERMINAL_CONTROLS}]")


def name_problems(names: Sequence[str], reserved: Iterable[str] = TIMER_KEYS) -> list[NameProblem]:
    """Every reason these names can't go on the board: empty, repeated, or more than there are keys.

    Names are compared without surrounding spaces and without case, because
    "Ana" and "ana" on two rows of the board would be impossible to tell apart.
    """
    problems: list[NameProblem] = []
    if not names:
        return [NameProblem(0, "no athletes", "no athletes: give at least one name")]
    limit = max_athletes(reserved)
    seen: dict[str, int] = {}
    for index, raw in enumerate(names):
        name = raw.strip()
        if not name:
            problems.append(NameProblem(index, "empty", "empty name"))
            continue
        control = _CONTROL.search(name)
        if control is not None:
            message = (
                f"athlete {index + 1}'s name has the control character U+{ord(control.group()):04X}: "
                "names are shown on the board and it could drive the terminal"
            )
            problems.append(NameProblem(index, "control", message))
            continue
        if len(name) > MAX_SHORT_TEXT:
            message = (
                f"athlete {index + 1}'s name is {len(name):,} characters long; it is at most {MAX_SHORT_TEXT}"
            )
            problems.append(NameProblem(index, "long", message))
            continue
        folded = name.casefold()
        if folded in seen:
            message = f"{name!r} is already athlete {seen[folded] + 1}; names must be unique"
            problems.append(NameProblem(index, "duplicate", message))
        else:
            seen[folded] = index
    if len(names) > limit:
        problems.append(
            NameProblem(
                limit,
                "too many",
                f"too many athletes: {len(names)}; at most {limit} fit on keys 1–9 and the free letters",
            )
        )
    return sorted(problems, key=lambda p: p.index)


def assign_keys(
    names: Sequence[str],
    reserved: Iterable[str] = TIMER_KEYS,
    targets: Sequence[OwnTarget | None] | None = None,
) -> tuple[Athlete, ...]:
    """Athletes in roster order with their keys (and `targets`, one per name); raises AthleteError."""
    reserved = tuple(reserved)
    problems = name_problems(names, reserved)
    if problems:
        raise AthleteError(problems)
    keys = athlete_keys(reserved)[: len(names)]
    own = list(targets) if targets is not None else [None] * len(names)
    return tuple(
        Athlete(name.strip(), key, index, own[index])
        for index, (name, key) in enumerate(zip(names, keys, strict=True))
    )
