"""Built-in cues and spacing (placeholder until the cues work lands)."""

from __future__ import annotations

from kicktimer.core.cue_library import CueLibrary
from kicktimer.core.segments import Plan
from kicktimer.workout.model import CueSettings


def arrange_cues(plan: Plan, settings: CueSettings, library: CueLibrary) -> Plan:
    """Add built-in cues at sensible moments and space all cues apart."""
    return plan
