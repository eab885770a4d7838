"""What the timer screen shows at one moment, read off the engine.

A view is a snapshot: the shell asks for one whenever it redraws (once per
displayed second) and paints it; it never reaches into the engine's state.
All times are seconds; "running time" excludes pauses.
"""

from __future__ import annotations

from dataclasses import dataclass

from kicktimer.core.events import State
from kicktimer.core.segments import PlannedCue, Segment


@dataclass(frozen=True)
class EngineView:
    """The engine at one moment.

    - `index`/`segment`: the active step (also while paused on it); None in
      ready, lead-in, finished and aborted.
    - `next_segment`: what comes after the active step; during ready and the
      lead-in, the first step.
    - `paused_from`: the state a pause interrupted (LEAD_IN, RUNNING or
      WAITING_FOR_LAP); None unless paused.
    - `step_elapsed_s`: running time in the active step.
    - `step_remaining_s`: time left on a timed step (send-off recoveries
      included); None on lap steps and when no step is active.
    - `lead_in_remaining_s`: None outside the lead-in.
    - `workout_elapsed_s`: running time since the first step started (no
      lead-in, no pauses). `workout_remaining_s`: the planned rest of the
      workout (timed steps, targets of lap steps, send-off clocks).
    - `paused_total_s`: every pause so far, the lead-in's included.
    - `ahead_behind_s`: on a lap step with a target, running time − target
      (negative: still under the target); the timer and the board read it.
    - `progress`: 0..1 through the workout's planned time.
    - `last_cue`: the latest cue that came due in the active step.
    """

    state: State
    paused_from: State | None
    index: int | None
    segment: Segment | None
    next_segment: Segment | None
    step_elapsed_s: float
    step_remaining_s: float | None
    lead_in_remaining_s: float | None
    workout_elapsed_s: float
    workout_remaining_s: float
    paused_total_s: float
    ahead_behind_s: float | None
    progress: float
    last_cue: PlannedCue | None
