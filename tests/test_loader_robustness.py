"""Whatever the bytes, the loader answers with a workout or with problems, never a crash.

Property tests: random YAML-ish text and random (often wrong) workout
structures must give either a `Loaded` or a `WorkoutError` whose problems
each fit the one-line `FILE:LINE:COL: message` form and point inside the file.
"""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kicktimer.errors import WorkoutError
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text

TOKENS = [
    *list("-:[]{}&*!|>'\"#,?%\n \t"),
    "  ",
    "\n  - ",
    "\n    ",
    "name: ",
    "steps:",
    "run: ",
    "repeat: ",
    "last: ",
    "skip",
    "cues:",
    "at: ",
    "say: ",
    "pace: ",
    "400m",
    "1:30",
    "5k-5s",
    "8-12",
    "0",
    "yes",
    "&a ",
    "*a",
    "<<: ",
    "!!python/object:os.system ",
    "!!str ",
    "---\n",
    "é",
    "\ufeff",
    "\r\n",
]


def check(data: str | bytes) -> None:
    text = data if isinstance(data, str) else data.decode("utf-8", errors="replace")
    lines = max(1, text.count("\n") + 1)
    try:
        load_workout_text(data, "fuzz.yaml", sounds=builtin_sound_names())
    except WorkoutError as error:
        assert error.errors
        for problem in error.problems:
            assert problem.file == "fuzz.yaml"
            assert 1 <= problem.pos.line <= lines + 1
            assert problem.pos.column >= 1
            assert "\n" not in problem.message
            assert problem.hint is None or "\n" not in problem.hint


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_token_soup_never_crashes(text: str) -> None:
    check(text)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    check(data)


SCALARS = st.one_of(
    st.sampled_from(
        ["400m", "2min", "1:30", "open", "20 reps", "5m", "0s", "-30s", "99:99", "mile", "4:30/km"]
    ),
    st.sampled_from(["5k-5s", "0:01/km", "90%", "max", "16 km/h", "5-10%", "-15s/mi", "100m to go", "skip"]),
    st.sampled_from(["8", "8-12", "12-8", "0", "track", "treadmill"]),
    st.integers(-5, 2000),
    st.booleans(),
    st.none(),
    st.text(max_size=8),
)
KEYS = st.sampled_from(
    ["run", "recover", "rest", "drill", "warmup", "cooldown", "repeat", "steps", "every", "label", "pace",
     "effort", "speed", "incline", "activity", "say", "cues", "progress", "last", "at", "sound", "name",
     "environment", "tags", "countdown", "mantras", "defaults", "colour"]
)  # fmt: skip
NODES: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=25,
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {"name": SCALARS, "steps": st.lists(st.dictionaries(KEYS, NODES, max_size=5), max_size=4)},
        optional={"environment": SCALARS, "cues": NODES, "tags": NODES},
    )
)
def test_random_workout_structures_never_crash(document: dict[str, Any]) -> None:
    check(yaml.safe_dump(document, allow_unicode=True, sort_keys=False))
