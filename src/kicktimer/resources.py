"""Where the shipped workouts, sounds and package data are, installed or in a source checkout.

The wheel carries `workouts/` and `sounds/` inside the package; an editable
install or a plain checkout has them at the repository root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent.parent / name


def package_data(name: str) -> Path:
    """A file of `kicktimer/data/`, always inside the package.

    A plain path rather than `importlib.resources`: kicktimer is installed as
    files, and that module (with the zipfile reader it imports) is half a
    megabyte that a run would carry for one read.
    """
    return _PACKAGE / "data" / name


def builtin_workouts_dir() -> Path:
    return _shipped("workouts")


def sounds_dir() -> Path:
    return _shipped("sounds")


@cache
def builtin_sound_names() -> tuple[str, ...]:
    """The names a cue's `sound:` may use (`bell`, `beep`, ...): the shipped .wav files, sorted."""
    return tuple(sorted(path.stem for path in sounds_dir().glob("*.wav")))
