"""Finding the stored workout a user means by a slug, a file name or a loosely typed name.

Sessions store the workout's `name:` ("8 × 400 m, last one all-out"); users type
slugs ("8x400-last-all-out") or a rough name ("8x400 last all out"). Matching
tries, in order: the exact name; the name with case, spacing, punctuation and
"×" ignored; the workout the library resolves the reference to (its name);
then a unique stored name that contains what was typed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def name_key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.strip().casefold().replace("×", "x"))


def match_workout(ref: str, stored: Iterable[str]) -> str | None:
    names = sorted(set(stored))
    if ref in names:
        return ref
    wanted = name_key(ref)
    for name in names:
        if name_key(name) == wanted:
            return name
    resolved = _library_name(ref)
    if resolved is not None and resolved in names:
        return resolved
    containing = [name for name in names if wanted and wanted in name_key(name)]
    return containing[0] if len(containing) == 1 else None


def _library_name(ref: str) -> str | None:
    """The `name:` of the workout file the library finds for `ref`, if any."""
    try:
        from kicktimer.library import resolve_workout
        from kicktimer.resources import builtin_sound_names
        from kicktimer.workout_file import load_workout_file

        return load_workout_file(resolve_workout(ref), sounds=builtin_sound_names()).workout.name
    except Exception:  # an unknown or broken workout just means "no match here"
        return None
