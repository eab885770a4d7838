"""What the timer says and plays when a step starts (and what cue scheduling makes room for).

A runner at full effort does not read the screen, so every step start is
heard: a sound that tells work from rest, and a short phrase such as
"Rep 3 of 8, 400 metres, mile pace".
"""

from __future__ import annotations

from kicktimer.core.segments import Segment
from kicktimer.workout.model import StepKind
from kicktimer.workout.quantities import format_clock

_REST_KINDS = frozenset({StepKind.RECOVER, StepKind.REST, StepKind.COOLDOWN})


def is_final_rep(segment: Segment) -> bool:
    """The last repetition of a repeated work step (the one the kick is about).

    In a nested repeat only the last set's: rep 4/4 of set 1 of 3 has two sets to
    come, as the kick report (`core.report`, set and rep together) says; three deep,
    only the last round's.
    """
    return (
        segment.is_work
        and segment.rep_count is not None
        and segment.rep_count > 1
        and segment.rep_number == segment.rep_count
        and segment.set_number == segment.set_count
        and all(number == count for number, count in segment.rounds)
    )


def start_sound(segment: Segment, first: bool) -> str:
    """`go` for work (and the very first step), `final` for the last rep, `rest` for easy steps."""
    if is_final_rep(segment):
        return "final"
    if first or segment.kind not in _REST_KINDS:
        return "go"
    return "rest"


def _spoken_distance(metres: float) -> str:
    if metres >= 1000 and metres % 100 == 0:
        kilometres = metres / 1000
        return f"{kilometres:g} kilometre" + ("" if kilometres == 1 else "s")
    return f"{metres:g} metres"


def _spoken_time(seconds: float) -> str:
    whole = round(seconds)
    minutes, secs = divmod(whole, 60)
    if minutes and secs:
        return f"{minutes} minutes {secs} seconds" if minutes > 1 else f"1 minute {secs} seconds"
    if minutes:
        return f"{minutes} minutes" if minutes > 1 else "1 minute"
    return f"{secs} seconds"


_SPOKEN_RACES = {"half": "half marathon"}


def _spoken_pace(name: str) -> str:
    """`mile pace`, `5K pace`, `half marathon pace`, `1500 metre pace`, `easy pace`."""
    if name in _SPOKEN_RACES:
        words = _SPOKEN_RACES[name]
    elif name.endswith("k") and name[:-1].replace(".", "", 1).isdigit():
        words = name[:-1] + "K"
    elif name.endswith("m") and name[:-1].isdigit():
        words = name[:-1] + " metre"
    else:
        words = name
    return f"{words} pace"


def _spoken_label(segment: Segment) -> str:
    """The label as heard: clock times and unit symbols read out in words."""
    words = segment.label
    if segment.duration_s is not None:
        words = words.replace(format_clock(segment.duration_s), _spoken_time(segment.duration_s))
    for symbol, spoken in ((" km", " kilometres"), (" mi", " miles"), (" m", " metres")):
        if words.endswith(symbol):
            words = words[: -len(symbol)] + spoken
    return words


def step_phrase(segment: Segment) -> str:
    """ "Rep 3 of 8, 400 metres, mile pace"; "Final rep, …"; "Recover 2 minutes"."""
    parts: list[str] = []
    if segment.is_work and segment.rep_number is not None and segment.rep_count:
        word = "round" if segment.rep_is_round else "set" if segment.rep_is_set else "rep"
        if is_final_rep(segment):
            parts.append(f"Final {word}")
        else:
            parts.append(f"{word.capitalize()} {segment.rep_number} of {segment.rep_count}")
        if segment.distance_m is not None:
            parts.append(_spoken_distance(segment.distance_m))
        elif segment.duration_s is not None:
            parts.append(_spoken_time(segment.duration_s))
    else:
        parts.append(_spoken_label(segment))
    if segment.all_out:
        parts.append("all out")
    elif segment.pace_name:
        parts.append(_spoken_pace(segment.pace_name))
    elif segment.effort:
        parts.append(segment.effort)
    elif segment.activity:
        parts.append(segment.activity)
    return ", ".join(parts)
