"""What the timer screen shows of one engine view, as text: the big clock, the rep, what's next.

Shared by the terminal's timer screen and the browser board (`app/board/`),
so a tablet and the laptop always show the same figures: one function per
text, never a second way of rounding.
"""

from __future__ import annotations

from kicktimer.app.display import clock_text, shown_elapsed, shown_remaining, signed_clock_text, split_text
from kicktimer.core.engine_view import EngineView
from kicktimer.core.events import State
from kicktimer.core.segments import Segment


def rep_text(segment: Segment) -> str:
    """`Rep 3/8` for a repeated step, empty otherwise."""
    if segment.rep_number is None or not segment.rep_count:
        return ""
    return f"Rep {segment.rep_number}/{segment.rep_count}"


def clock_figure(view: EngineView) -> str:
    """What the big clock reads: the lead-in and timed steps count down, lap steps count up."""
    if view.state is State.LEAD_IN or view.segment is None:
        return clock_text(shown_remaining(view.lead_in_remaining_s or 0.0))
    if view.step_remaining_s is None:
        return clock_text(shown_elapsed(view.step_elapsed_s))
    return clock_text(shown_remaining(view.step_remaining_s))


def ahead_behind(segment: Segment, view: EngineView) -> tuple[str, str, int] | None:
    """On a lap step with a target: `target 1:30.0`, `+0:03 over target` and the difference in seconds.

    From the same whole second as the big clock (None on other steps).
    """
    if segment.target_s is None or view.step_remaining_s is not None:
        return None
    difference = shown_elapsed(view.step_elapsed_s) - round(segment.target_s)
    word = "over target" if difference > 0 else "under target" if difference < 0 else "on target"
    return f"target {split_text(segment.target_s)}", f"{signed_clock_text(difference)} {word}", difference


def next_text(segment: Segment | None) -> str:
    """`Next: Recover 2:00 (Rep 1/8)`, or `Next: finish` after the last step."""
    if segment is None:
        return "Next: finish"
    rep = rep_text(segment)
    return f"Next: {segment.title}" + (f" ({rep})" if rep and rep not in segment.label else "")
