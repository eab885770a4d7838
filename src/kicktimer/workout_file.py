"""A workout file on disk, read by the shell and handed to the pure loader.

The pure layer (`kicktimer.workout`) reads no files: this module opens the
file, reads at most one byte past the size limit (so a huge file is refused
without being read whole, and a device or an idle pipe is refused without
waiting on it, see `bounded_read`), turns an unreadable path into a problem at 1:1,
and passes the bytes to `kicktimer.workout.loader.load_workout_text`.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from kicktimer.bounded_read import NotAFile, read_bounded
from kicktimer.errors import SourcePos
from kicktimer.workout.limits import MAX_FILE_BYTES
from kicktimer.workout.loader import Loaded, load_workout_text
from kicktimer.workout.source import refuse, size_problem


def load_workout_file(path: Path, *, sounds: Collection[str]) -> Loaded:
    """Read and check the workout at `path`; raises WorkoutError carrying every problem.

    Problems name the file as `str(path)`. An unreadable file (missing, a
    directory, no permission) is a problem at 1:1 like any other.
    """
    file = str(path)
    try:
        read = read_bounded(path, MAX_FILE_BYTES)
    except NotAFile as error:
        raise refuse(file, SourcePos(1, 1), error.refusal("workout file")) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise refuse(file, SourcePos(1, 1), f"cannot read the file: {reason}") from None
    if read.over(MAX_FILE_BYTES):
        raise size_problem(file, read.size)
    return load_workout_text(read.data, file, sounds=sounds)
