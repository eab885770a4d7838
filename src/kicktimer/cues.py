"""Reading the cue library from disk: the packaged built-ins and the user's `cues.yaml`.

The parsing and merging rules live in `kicktimer.core.cue_library`; this
module only finds and reads the two files. A broken user file is reported as
`FILE:LINE:COL: message` through `CueLibraryError`, like a broken workout.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

from kicktimer.bounded_read import NotAFile, read_bounded
from kicktimer.config import config_dir
from kicktimer.core.cue_library import MAX_FILE_BYTES, CueFile, CueLibrary, CueLibraryError, parse_cue_file
from kicktimer.errors import Problem, SourcePos
from kicktimer.resources import package_data

USER_CUES_FILE = "cues.yaml"


@cache
def builtin_cue_file() -> CueFile:
    """The library that ships inside the package (`kicktimer/data/cues.yaml`).

    Read and parsed once per process (the data is packaged and the result
    immutable): the picker plans every built-in workout, each with the cues.
    """
    data = package_data("cues.yaml").read_bytes()
    return parse_cue_file(data, "kicktimer/data/cues.yaml", builtin=True)


def user_cues_path() -> Path:
    """Where the user's own cues live: `$KICK_CONFIG_DIR/cues.yaml`."""
    return config_dir() / USER_CUES_FILE


def read_user_cue_file(path: Path | None = None) -> CueFile | None:
    """The user's cue file, or None when there is none. Raises `CueLibraryError`."""
    target = path if path is not None else user_cues_path()
    try:
        data = read_bounded(target, MAX_FILE_BYTES).data
    except FileNotFoundError:
        return None
    except NotAFile as err:
        raise CueLibraryError([Problem(str(target), SourcePos(1, 1), err.refusal("cue file"))]) from None
    except OSError as err:
        reason = err.strerror or str(err)
        raise CueLibraryError(
            [Problem(str(target), SourcePos(1, 1), f"cannot read the file: {reason}")]
        ) from None
    return parse_cue_file(data, str(target))


def load_cue_library(path: Path | None = None) -> CueLibrary:
    """Built-in cues extended by the user's file (or `path`). Raises `CueLibraryError`."""
    return CueLibrary.combine(builtin_cue_file(), read_user_cue_file(path))


def usable_cue_library(path: Path | None = None, report: Callable[[str], None] | None = None) -> CueLibrary:
    """The cue library a workout can run with: a broken cues.yaml is one line, then the built-ins.

    A broken workout file does not stop the others, and a broken cue file
    must not stop every workout: its first problem is printed on standard
    error (`kick cues` shows them all) and the run goes on without the
    user's cues. `report` also gets the line (`kick run` shows it on screen).
    """
    try:
        return load_cue_library(path)
    except CueLibraryError as error:
        first = error.problems[0]
        more = len(error.problems) - 1
        also = f" (and {more} more: kick cues lists them)" if more else ""
        hint = f" ({first.hint})" if first.hint else ""
        line = (
            f"{first.file}:{first.pos.line}:{first.pos.column}: {first.message}{hint}{also}; "
            "going on without your cues"
        )
        print(line, file=sys.stderr)
        if report is not None:
            report(line)
        return CueLibrary.combine(builtin_cue_file())
