"""`kick validate FILE...`: check workout files the way `kick run` would read them.

Each good file prints `FILE: ok` on standard output (after its warnings, if
any). Problems go to standard error as `FILE:LINE:COL: message`, each with at
most a short hint line, so editors and CI can jump to them. The exit status
is 2 when any file has an error, else 0 (warnings do not fail a file).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kicktimer.errors import Problem
    from kicktimer.workout.loader import Loaded


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="workout files to check (`-` reads one from standard input)",
    )


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from kicktimer.core.file_checks import check_plans
    from kicktimer.errors import WorkoutError, format_problems
    from kicktimer.resources import builtin_sound_names
    from kicktimer.workout_file import load_workout_file

    status = 0
    for given in args.files:
        name = "<stdin>" if given == "-" else given
        try:
            loaded: Loaded = (
                _load_stdin(name)
                if given == "-"
                else load_workout_file(Path(given), sounds=builtin_sound_names())
            )
        except WorkoutError as error:
            sys.stdout.flush()
            print(format_problems(error.problems), file=sys.stderr, flush=True)
            status = 2
            continue
        findings = check_plans(loaded.workout)
        problems = [*loaded.warnings, *findings.errors, *_missing_sounds(loaded)]
        if problems or findings.warnings:
            sys.stdout.flush()
            lines = [format_problems(problems)] if problems else []
            print("\n".join([*lines, *findings.warnings]), file=sys.stderr, flush=True)
        if findings.errors:
            status = 2
            continue
        print(f"{name}: ok", flush=True)
    return status


def _missing_sounds(loaded: Loaded) -> list[Problem]:
    """A warning for each `.wav` a cue plays that is not there (relative: from this folder)."""
    from pathlib import Path

    from kicktimer.core.file_checks import sound_files
    from kicktimer.errors import Problem, Severity

    found = []
    for cue in sound_files(loaded.workout):
        if not Path(cue.sound or "").is_file():
            message = (
                f"sound file {cue.sound} does not exist (a relative path is read from the folder "
                "kick runs in); the cue would ring the terminal bell"
            )
            found.append(Problem(loaded.workout.file, cue.pos, message, severity=Severity.WARNING))
    return found


def _load_stdin(name: str) -> Loaded:
    """The workout on standard input, read up to one byte past the size limit (`- < /dev/zero` ends)."""
    from kicktimer.resources import builtin_sound_names
    from kicktimer.workout.limits import MAX_FILE_BYTES
    from kicktimer.workout.loader import load_workout_text
    from kicktimer.workout.source import size_problem

    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise size_problem(name, None)
    return load_workout_text(data, name, sounds=builtin_sound_names())
