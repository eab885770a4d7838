"""How long arrange_cues takes on big plans (the format allows up to 10,000 steps).

.venv/bin/python bench/cue_schedule_speed.py
"""

from __future__ import annotations

import time

from kicktimer.core.cue_library import CueLibrary
from kicktimer.core.cue_schedule import arrange_cues
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.cues import builtin_cue_file
from kicktimer.workout.model import CueSettings, Environment, StepKind


def intervals(steps: int) -> Plan:
    """steps/2 × (run 200 m with two cues of its own, 60 s recovery)."""
    reps = steps // 2
    segments: list[Segment] = []
    for number in range(1, reps + 1):
        own = (PlannedCue(0.0, text="Go"), PlannedCue(30.0, text="Drive with your arms!"))
        common = {"rep_number": number, "rep_count": reps}
        segments.append(
            Segment(len(segments), StepKind.RUN, "Run 200 m", 40.0, distance_m=200.0, cues=own, **common)
        )  # type: ignore[arg-type]
        segments.append(Segment(len(segments), StepKind.RECOVER, "Recover", 60.0, **common))  # type: ignore[arg-type]
    return Plan("bench", Environment.TREADMILL, tuple(segments))


def main() -> None:
    library = CueLibrary.combine(builtin_cue_file())
    for steps in (100, 1_000, 10_000):
        plan = intervals(steps)
        started = time.perf_counter()
        arranged = arrange_cues(plan, CueSettings(), library)
        elapsed = time.perf_counter() - started
        cues = sum(len(s.cues) for s in arranged.segments)
        print(f"{steps:>6} steps: {elapsed * 1000:8.1f} ms, {cues} cues placed")


if __name__ == "__main__":
    main()
