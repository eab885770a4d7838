"""A long plan's memory: about 0.5 KB a step, not a dict of its own per step.

A 10,000-step plan (three repeats deep, as bench/startup.py's) once took
16 MiB instead of 4.5: one more field on `Segment` took its instances past
the number of attributes for which CPython shares one table of keys, and
each step got a 1.6 KB dict. tracemalloc counts allocations, not time, so
the figure is the same on a busy machine.
"""

from __future__ import annotations

import gc
import tracemalloc

from kicktimer.core.compile import compile_plan
from kicktimer.core.profile import Profile
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from plan_builders import TEN_THOUSAND

KIB_PER_STEP = 0.8


def test_a_ten_thousand_step_plan_takes_under_a_kilobyte_a_step() -> None:
    workout = load_workout_text(TEN_THOUSAND, "big.yaml", sounds=builtin_sound_names()).workout
    gc.collect()
    tracemalloc.start()
    try:
        plan = compile_plan(workout, Profile())
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    steps = len(plan.segments)
    assert steps == 9_802
    assert plan.segments[-2].rounds == ((10, 10),)
    assert held / steps < KIB_PER_STEP * 1024, f"{held / steps:.0f} bytes a step"
