"""Helpers for the loader tests: load text, or collect what it is refused for."""

from __future__ import annotations

import textwrap

import pytest

from kicktimer.errors import Problem, Severity, WorkoutError
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import Loaded, load_workout_text

FILE = "w.yaml"


def load(text: str | bytes) -> Loaded:
    """Load dedented text that must be accepted."""
    return load_workout_text(
        textwrap.dedent(text) if isinstance(text, str) else text, FILE, sounds=builtin_sound_names()
    )


def refused(text: str | bytes) -> list[Problem]:
    """Load dedented text that must be refused; its problems, in file order."""
    with pytest.raises(WorkoutError) as caught:
        load(text)
    assert caught.value.errors, "refused with warnings only"
    return caught.value.problems


def errors(text: str | bytes) -> list[str]:
    """`LINE:COL: message` of each error, the form the tests compare."""
    return [
        f"{p.pos.line}:{p.pos.column}: {p.message}" for p in refused(text) if p.severity is Severity.ERROR
    ]


def one_error(text: str | bytes) -> Problem:
    problems = [p for p in refused(text) if p.severity is Severity.ERROR]
    assert len(problems) == 1, [p.format() for p in problems]
    return problems[0]


def workout_with_step(step: str, *, top: str = "", in_repeat: bool = False) -> str:
    """A minimal workout around one step written as YAML lines (`run: 400m\\npace: mile`)."""
    indent = " " * (8 if in_repeat else 4)
    lines = step.strip("\n").splitlines()
    body = "\n".join(
        f"{indent[:-2]}- {line}" if i == 0 else f"{indent}{line}" for i, line in enumerate(lines)
    )
    if in_repeat:
        body = "  - repeat: 3\n    steps:\n" + body
    return f"name: Test\n{top}steps:\n{body}\n"
