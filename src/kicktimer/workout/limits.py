"""The format's limits: what a workout file may ask for, in one place.

The loader refuses files beyond these before building anything (see
`kicktimer.workout.measure`); the plausibility bounds turn "impossible"
values (a 1 s/km pace, a 0 s step) into errors that say why.
"""

from __future__ import annotations

MAX_FILE_BYTES = 1024 * 1024
MAX_EXPANDED_STEPS = 10_000
MAX_REPEAT = 1_000
MAX_REPEAT_NESTING = 8
MAX_TOTAL_SECONDS = 24 * 3600.0
# YAML levels, as written or through aliases. A workout with repeats nested
# the full 8 deep needs about 25; the bound keeps every later walk shallow.
MAX_YAML_DEPTH = 64
# One piece of text. A name, a tag, a label, an effort or an athlete's name is
# one line on the timer and in the history; notes, a cue or any other text a
# few sentences. Beyond these it is a pasted file, not a name (a 900,000-character
# name was accepted and then drawn into every table).
MAX_SHORT_TEXT = 200
MAX_TEXT = 2_000

# What a human can run: faster than 1:30/km (40 km/h) is beyond any sprinter;
# slower than 30:00/km is standing still.
FASTEST_PACE_S_PER_KM = 90.0
SLOWEST_PACE_S_PER_KM = 1800.0
FASTEST_SPEED_KMH = 3600.0 / FASTEST_PACE_S_PER_KM
LONGEST_DISTANCE_M = 1_000_000.0
SHORTEST_LIKELY_DISTANCE_M = 20.0
MAX_PACE_CHANGE_S = 60.0
MAX_PACE_OFFSET_S = 300.0
MAX_COUNTDOWN_S = 60
MAX_DRILL_COUNT = 10_000


def format_count(count: int) -> str:
    """10000 → `10,000`; astronomically large counts in scientific notation."""
    return f"{count:,}" if count < 10**12 else f"about {count:.1e}"
