"""The values of a workout's keys, read from their text and checked for sense.

`kicktimer.workout.quantities` reads numbers with units; this module knows
what each key of the format may hold (a step's length, a pace, a cue's `at:`)
and refuses what cannot be run: a 0 s step, a 1 s/km pace, `repeat: 12-8`.
Every function takes the text as written and returns a model value or raises
`QuantityError` with a message fit for the user; positions are the caller's.
"""

from __future__ import annotations

import difflib
import re

from kicktimer.workout.limits import (
    FASTEST_PACE_S_PER_KM,
    FASTEST_SPEED_KMH,
    LONGEST_DISTANCE_M,
    MAX_DRILL_COUNT,
    MAX_PACE_CHANGE_S,
    MAX_PACE_OFFSET_S,
    MAX_REPEAT,
    MAX_TOTAL_SECONDS,
    SLOWEST_PACE_S_PER_KM,
)
from kicktimer.workout.model import (
    REFERENCE_NAMES,
    AbsolutePace,
    AnchorKind,
    CountLength,
    CueAnchor,
    DistanceLength,
    Effort,
    Incline,
    Length,
    OpenLength,
    PaceDelta,
    PaceSpec,
    ReferencePace,
    RepCount,
    StepKind,
    TimeLength,
)
from kicktimer.workout.quantities import (
    METRES_PER_UNIT,
    QuantityError,
    Unit,
    format_clock,
    format_distance,
    parse_clock,
    parse_count,
    parse_distance,
    parse_duration,
    parse_incline,
    parse_pace_delta,
    parse_percent,
    parse_speed,
)

_LENGTH_FORMS = "a time (45s, 2min, 1:30), a distance (400m, 1.5km, 1mi) or `open`"


def _seconds_text(seconds: float) -> str:
    return f"{seconds:g} s" if seconds < 60 else format_clock(seconds)


def parse_time(text: str, what: str = "a time") -> float:
    """A positive time in seconds, at most 24 hours."""
    stripped = text.strip()
    if stripped.startswith("-"):
        raise QuantityError(f"{what} cannot be negative: '{stripped}'")
    seconds = parse_duration(stripped)
    if seconds <= 0:
        raise QuantityError(f"'{stripped}' is no time at all: {what} must be longer than 0 s")
    if seconds > MAX_TOTAL_SECONDS:
        raise QuantityError(f"'{stripped}' is longer than 24 hours")
    return seconds


def parse_metres(text: str) -> float:
    """A positive distance in metres, at most 1000 km."""
    metres = parse_distance(text)
    if metres <= 0:
        raise QuantityError(f"'{text.strip()}' is no distance at all: it must be more than 0 m")
    if metres > LONGEST_DISTANCE_M:
        raise QuantityError(f"'{text.strip()}' is longer than any run (the limit is 1000 km)")
    return metres


_DISTANCE_LIKE = re.compile(r"^[\d.]+\s*(?:m|km|mi|miles?)$", re.I)
_TIME_WORD = re.compile(r"\d\s*(?:h|hr|hrs|hours?|min|mins|minutes?|s|sec|secs|seconds?)(?![a-z])", re.I)
_BARE_NUMBER = re.compile(r"^\d*\.?\d+$")


def _looks_like_time(text: str) -> bool:
    return ":" in text or _TIME_WORD.search(text) is not None


def parse_length(text: str, kind: StepKind) -> Length:
    """A step's length: time, distance, `20 reps` (drills only) or `open`."""
    stripped = text.strip()
    if stripped.lower() == "open":
        return OpenLength()
    if stripped.startswith("-"):
        raise QuantityError(f"a step's length cannot be negative: '{stripped}'")
    if _BARE_NUMBER.match(stripped):
        raise QuantityError(f"'{stripped}' has no unit: write {stripped}s, {stripped}min or {stripped}m")
    try:
        count = parse_count(stripped)
    except QuantityError:
        pass
    else:
        if kind is not StepKind.DRILL:
            raise QuantityError(
                f"'{stripped}' is a count, and only drills are counted; write {_LENGTH_FORMS}"
            )
        if not 1 <= count <= MAX_DRILL_COUNT:
            raise QuantityError(f"'{stripped}': a drill count is from 1 to {MAX_DRILL_COUNT:,}")
        return CountLength(count)
    if _DISTANCE_LIKE.match(stripped):
        return DistanceLength(parse_metres(stripped))
    if _looks_like_time(stripped):
        return TimeLength(parse_time(stripped, "a step's length"))
    forms = _LENGTH_FORMS if kind is not StepKind.DRILL else _LENGTH_FORMS + ", or a count (20 reps)"
    raise QuantityError(f"'{stripped}' is not a length: write {forms}")


_CLOCK_PACE = re.compile(r"^(?P<amount>.+?)\s*/\s*(?P<unit>km|mi|mile)$", re.I)
_REFERENCE = re.compile(
    r"^(?P<name>" + "|".join(re.escape(n) for n in REFERENCE_NAMES) + r")\s*(?P<offset>[+-].*)?$",
    re.I,
)
_PACE_FORMS = "an absolute pace such as 4:30/km or 7:15/mi, or one of " + ", ".join(REFERENCE_NAMES)


def _unit(text: str) -> Unit:
    return "km" if text.lower() == "km" else "mi"


def parse_pace(text: str) -> PaceSpec:
    """`4:30/km`, `7:15/mi`, `mile`, `5k-5s`, `easy+20s/km`; refuses paces nobody can run."""
    stripped = text.strip()
    if stripped.startswith("-"):
        raise QuantityError(f"a pace cannot be negative: '{stripped}'")
    reference = _REFERENCE.match(stripped)
    if reference is not None:
        offset_text = reference.group("offset")
        offset = None if offset_text is None else parse_pace_offset(offset_text)
        return ReferencePace(reference.group("name").lower(), offset)
    absolute = _CLOCK_PACE.match(stripped)
    if absolute is not None:
        return _absolute_pace(stripped, absolute.group("amount"), _unit(absolute.group("unit")))
    word = re.split(r"[\s+-]", stripped, maxsplit=1)[0].lower()
    close = difflib.get_close_matches(word, REFERENCE_NAMES, n=1, cutoff=0.6)
    if close:
        raise QuantityError(f"'{stripped}' is not a pace: did you mean `{close[0]}`?")
    raise QuantityError(f"'{stripped}' is not a pace: write {_PACE_FORMS}")


def _absolute_pace(text: str, amount: str, unit: Unit) -> AbsolutePace:
    if ":" in amount:
        seconds = parse_clock(amount)
    else:
        try:
            seconds = parse_duration(amount)
        except QuantityError:
            raise QuantityError(f"'{text}' is not a pace such as 4:30/km or 7:15/mi") from None
    per_km = seconds * 1000.0 / METRES_PER_UNIT[unit]
    if per_km < FASTEST_PACE_S_PER_KM:
        fastest = format_clock(FASTEST_PACE_S_PER_KM * METRES_PER_UNIT[unit] / 1000.0)
        raise QuantityError(
            f"a pace of {_seconds_text(seconds)} per {unit} is faster than anyone can run "
            f"(the limit is {fastest}/{unit})"
        )
    if per_km > SLOWEST_PACE_S_PER_KM:
        slowest = format_clock(SLOWEST_PACE_S_PER_KM * METRES_PER_UNIT[unit] / 1000.0)
        raise QuantityError(
            f"a pace of {format_clock(seconds)} per {unit} is slower than walking"
            f" (the limit is {slowest}/{unit})"
        )
    if ":" not in amount:
        raise QuantityError(
            f"'{text}': write a pace as minutes:seconds per unit, e.g. {format_clock(seconds)}/{unit}"
        )
    return AbsolutePace(seconds, unit)


def parse_pace_offset(text: str) -> PaceDelta:
    """The `-5s` of `5k-5s`: at most 5 minutes per unit either way."""
    seconds, unit = parse_pace_delta(text)
    if abs(seconds) >= MAX_PACE_OFFSET_S:
        raise QuantityError(f"an offset of {text.strip()} is more than any pace could change")
    return PaceDelta(seconds, unit)


def parse_progress(text: str) -> PaceDelta:
    """`-15s/mi`: the change of pace per repetition, less than a minute per unit."""
    stripped = text.strip()
    if re.match(r"^\d", stripped):
        raise QuantityError(
            f"'{stripped}' needs a sign: -{stripped} for faster each repetition, +{stripped} for slower"
        )
    seconds, unit = parse_pace_delta(stripped)
    if abs(seconds) >= MAX_PACE_CHANGE_S:
        raise QuantityError(f"'{stripped}' changes the pace by a minute or more with each repetition")
    return PaceDelta(seconds, unit)


def parse_effort(text: str) -> Effort:
    """Free text, or a percentage from 1% to 100%."""
    stripped = text.strip()
    percent = parse_percent(stripped)
    if percent is not None and not 0 < percent <= 100:
        raise QuantityError(f"an effort of {stripped} is impossible: use 1% to 100%, or `max`")
    return Effort(stripped, percent)


def parse_speed_kmh(text: str) -> float:
    """`16 km/h` or `10 mph` → km/h, from above 0 to 40 km/h."""
    kmh = parse_speed(text)
    if kmh <= 0:
        raise QuantityError(f"a speed of '{text.strip()}' does not move")
    if kmh > FASTEST_SPEED_KMH:
        raise QuantityError(
            f"'{text.strip()}' is faster than anyone can run (the limit is {FASTEST_SPEED_KMH:g} km/h)"
        )
    return kmh


def parse_incline_range(text: str) -> Incline:
    """`8%` or `5-10%`, up to 40%."""
    low, high = parse_incline(text)
    if high > 40:
        raise QuantityError(f"an incline of '{text.strip()}' is steeper than any treadmill (up to 40%)")
    return Incline(low, high)


_REP_COUNT = re.compile(r"^(\d+)\s*(?:(?:-|–|to)\s*(\d+))?$")


def parse_rep_count(text: str) -> RepCount:
    """`8`, or a range `8-12` / `4–6`, each from 1 to 1,000, low end first."""
    stripped = text.strip()
    if stripped.startswith("-"):
        raise QuantityError(f"repeat {stripped} is negative: use a count from 1 to {MAX_REPEAT:,}")
    match = _REP_COUNT.match(stripped)
    if match is None:
        raise QuantityError(f"'{stripped}' is not a count: write a number such as 8 or a range such as 8-12")
    low = int(match.group(1))
    high = int(match.group(2)) if match.group(2) is not None else low
    if low == 0 or high == 0:
        raise QuantityError(f"repeat {stripped} would never run its steps: use at least 1")
    if max(low, high) > MAX_REPEAT:
        raise QuantityError(f"repeat {stripped} is over the limit of {MAX_REPEAT:,} repetitions")
    if high < low:
        raise QuantityError(f"the range {stripped} runs backwards: write {high}-{low}")
    return RepCount(low, high)


_ANCHOR = re.compile(r"^(?P<amount>.+?)\s+(?P<side>to\s+go|in)$", re.I)
_PLACES: dict[str, AnchorKind] = {"start": "start", "halfway": "halfway", "end": "end"}
_AT_FORMS = "start, halfway, end, `30s to go`, `100m to go`, `20s in` or `200m in`"


def parse_cue_at(text: str) -> CueAnchor:
    """`start` | `halfway` | `end` | `30s to go` | `100m to go` | `20s in` | `200m in`."""
    stripped = text.strip()
    word = stripped.lower()
    if word in _PLACES:
        return CueAnchor(_PLACES[word])
    match = _ANCHOR.match(stripped)
    if match is None:
        close = difflib.get_close_matches(word, ["start", "halfway", "end"], n=1, cutoff=0.6)
        if close:
            raise QuantityError(f"'{stripped}' is not a cue time: did you mean `{close[0]}`?")
        raise QuantityError(f"'{stripped}' is not a cue time: write {_AT_FORMS}")
    amount = match.group("amount")
    kind: AnchorKind = "in" if match.group("side").lower() == "in" else "to_go"
    if _DISTANCE_LIKE.match(amount.strip()):
        return CueAnchor(kind, metres=parse_metres(amount))
    if _looks_like_time(amount):
        return CueAnchor(kind, seconds=parse_time(amount, "a cue's time"))
    raise QuantityError(f"'{amount}' is not a time or distance: write {_AT_FORMS}")


def describe_length(length: Length) -> str:
    """`400 m`, `2:00`: a length as a message shows it."""
    if isinstance(length, TimeLength):
        return _seconds_text(length.seconds)
    if isinstance(length, DistanceLength):
        return format_distance(length.metres)
    if isinstance(length, CountLength):
        return f"{length.reps} reps"
    return "open"
