"""What the timer screen shows of one engine view, as text: the big clock, the rep, what's next.

Shared by the terminal's timer screen and the browser board (`app/board/`),
so a tablet and the laptop always show the same figures: one function per
text, never a second way of rounding.
"""

from __future__ import annotations

from kicktimer.app.display import (
    clock_text,
    rep_text,
    shown_elapsed,
    shown_remaining,
    signed_clock_text,
    split_text,
)
from kicktimer.core.engine_view import EngineView
from kicktimer.core.events import State
from kicktimer.core.segments import Segment


def clock_figure(view: EngineView) -> str:
    """What the big clock reads: the lead-in and timed steps count down, lap steps count up."""
    if view.state is State.LEAD_IN or view.segment is None:
        return clock_text(shown_remaining(view.lead_in_remaining_s or 0.0))
    if view.step_remaining_s is None:
        return clock_text(shown_elapsed(view.step_elapsed_s))
    return clock_text(shown_remaining(view.step_remaining_s))


def ahead_behind(segment: Segment, view: EngineView) -> tuple[str, str, int] | None:
    """On a lap step with a target: `target 1:30.0`, the verdict, and the whole seconds over (+) or to go (−).

    Without a position nobody is ahead or behind before the lap key, so the
    figure says what is known: `0:24 to target split` while the target is
    still to come (a countdown, rounded up like the big clock's), then
    `+0:03 over target` once it has passed. The difference is the engine
    view's `ahead_behind_s` (running time − target), derived once in the
    core. None on other steps.
    """
    over_s = view.ahead_behind_s
    if segment.target_s is None or over_s is None:
        return None
    target = f"target {split_text(segment.target_s)}"
    if over_s < 0 and (to_go := shown_remaining(-over_s)) > 0:
        return target, f"{clock_text(to_go)} to target split", -to_go
    over = shown_elapsed(over_s)
    if over == 0:
        return target, "on target", 0
    return target, f"{signed_clock_text(over)} over target", over


def next_text(segment: Segment | None) -> str:
    """`Next: Recover 2:00 · Rep 1/8`, or `Next: finish` after the last step.

    A dot, not parentheses: a label may end in its own ("Recover (open)").
    """
    if segment is None:
        return "Next: finish"
    rep = rep_text(segment)
    return f"Next: {segment.title}" + (f" · {rep}" if rep and rep not in segment.label else "")
