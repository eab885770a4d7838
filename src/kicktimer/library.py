"""The workouts a user can name: the built-ins and their own, and how a name finds a file.

A workout is named on the command line by a path, a slug (the file name
without `.yaml`, e.g. `strides`) or its `name:` (`"8 × 400 m, last one
all-out"`, matched without regard to case, spacing or punctuation). The
user's own workouts live in `$KICK_CONFIG_DIR/workouts/`; one whose slug or
name equals a built-in's takes its place when named, so a copied and edited
built-in runs as edited.

This is a shell module: it reads the filesystem. Everything it knows about a
file comes from the real loader, so the picker and `kick list` never show a
name that `kick run` would then refuse.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from kicktimer.config import config_dir
from kicktimer.errors import WorkoutError, printable
from kicktimer.resources import builtin_sound_names, builtin_workouts_dir
from kicktimer.workout.model import Workout
from kicktimer.workout_file import load_workout_file

WORKOUT_SUFFIXES = (".yaml", ".yml")
USER_WORKOUTS_SUBDIR = "workouts"
MAX_SUGGESTIONS = 3


class UnknownWorkout(LookupError):
    """A workout reference that is no file, slug or name; the message suggests near misses."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        self.suggestions = suggestions
        super().__init__(message)


@dataclass(frozen=True)
class WorkoutEntry:
    """One workout file as the picker and `kick list` show it.

    `error` is set (and `workout` is None) when a user's file does not load:
    it is listed with the reason rather than hidden or allowed to crash the list.
    """

    slug: str
    name: str
    path: Path
    builtin: bool
    summary: str | None = None
    tags: tuple[str, ...] = ()
    error: str | None = None
    workout: Workout | None = field(default=None, compare=False, repr=False)


class _WorkoutFile(NamedTuple):
    """A workout file found in a folder (a named tuple: cheaper to define than a dataclass at start-up)."""

    slug: str
    path: Path
    builtin: bool


def user_workouts_dir() -> Path:
    """Where the user keeps their own workouts: `$KICK_CONFIG_DIR/workouts/`."""
    return config_dir() / USER_WORKOUTS_SUBDIR


def list_workouts() -> list[WorkoutEntry]:
    """Every built-in workout (by name), then the user's own (by name)."""
    files = _workout_files()
    builtins = sorted((_entry(f) for f in files if f.builtin), key=_sort_key)
    own = sorted((_entry(f) for f in files if not f.builtin), key=_sort_key)
    return builtins + own


def resolve_workout(ref: str) -> Path:
    """The file a workout reference means: an existing path, else a slug, else a name.

    The user's own workouts are tried before the built-ins at each stage.
    Raises `UnknownWorkout` with up to three suggestions when nothing matches.
    """
    text = ref.strip()
    if not text:
        raise UnknownWorkout("no workout named: give a file, a slug or a name (`kick list` shows them)")
    candidate = Path(text).expanduser()
    if candidate.is_file():
        return candidate
    looks_like_path = "/" in text or "\\" in text
    if looks_like_path and candidate.is_dir():
        raise UnknownWorkout(f"{printable(text)}: is a directory, not a workout file")
    if not looks_like_path:
        wanted_slug = _strip_suffix(text).casefold()
        for found in _user_first(_workout_files()):
            if found.slug.casefold() == wanted_slug:
                return found.path
    # A name may hold a slash ("30/30 surges"): a path that is not there is tried
    # as a name, written out in full, so that "./strides" is not taken for Strides.
    entries = _user_first_entries(list_workouts())
    wanted = _name_key(text)
    for entry in entries:
        if looks_like_path:
            if entry.name.strip().casefold() == text.casefold():
                return entry.path
        elif _name_key(entry.name) == wanted or _name_key(entry.slug) == wanted:
            return entry.path
    if looks_like_path:
        raise UnknownWorkout(f"{printable(text)}: does not exist")
    suggestions = _suggest(text, entries)
    hint = f": did you mean {' or '.join(suggestions)}?" if suggestions else ""
    raise UnknownWorkout(
        f"unknown workout '{printable(text)}'{hint} (`kick list` shows every workout)", tuple(suggestions)
    )


def _workout_files() -> list[_WorkoutFile]:
    found = [_WorkoutFile(p.stem, p, True) for p in _yaml_files(builtin_workouts_dir())]
    # A file name's control characters are escaped in its slug: the slug is shown and typed.
    found += [_WorkoutFile(printable(p.stem), p, False) for p in _yaml_files(user_workouts_dir())]
    return found


def _yaml_files(folder: Path) -> list[Path]:
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    return sorted(
        p
        for p in children
        if p.suffix.lower() in WORKOUT_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def _entry(found: _WorkoutFile) -> WorkoutEntry:
    try:
        workout = load_workout_file(found.path, sounds=builtin_sound_names()).workout
    except WorkoutError as error:
        first = error.problems[0].format().splitlines()[0] if error.problems else str(error)
        return WorkoutEntry(found.slug, found.slug, found.path, found.builtin, error=first)
    except OSError as error:
        return WorkoutEntry(
            found.slug,
            found.slug,
            found.path,
            found.builtin,
            error=printable(f"{found.path}: {error.strerror}"),
        )
    return WorkoutEntry(
        slug=found.slug,
        name=workout.name,
        path=found.path,
        builtin=found.builtin,
        summary=workout.summary,
        tags=workout.tags,
        workout=workout,
    )


def _sort_key(entry: WorkoutEntry) -> tuple[str, str]:
    return (entry.name.casefold(), entry.slug)


def _user_first(files: list[_WorkoutFile]) -> list[_WorkoutFile]:
    return [f for f in files if not f.builtin] + [f for f in files if f.builtin]


def _user_first_entries(entries: list[WorkoutEntry]) -> list[WorkoutEntry]:
    return [e for e in entries if not e.builtin] + [e for e in entries if e.builtin]


def _strip_suffix(text: str) -> str:
    lowered = text.lower()
    for suffix in WORKOUT_SUFFIXES:
        if lowered.endswith(suffix):
            return text[: -len(suffix)]
    return text


def _name_key(text: str) -> str:
    """Case, spacing and punctuation dropped, `×` read as `x`: "8 × 400 m" ~ "8x400m"."""
    return re.sub(r"[^0-9a-z]+", "", _strip_suffix(text.strip()).casefold().replace("×", "x"))


def _suggest(text: str, entries: Iterable[WorkoutEntry]) -> list[str]:
    """Slugs whose slug or name is close to what was typed, or contains it."""
    by_key: dict[str, str] = {}
    for entry in entries:
        for key in (_name_key(entry.slug), _name_key(entry.name)):
            if key:
                by_key.setdefault(key, entry.slug)
    wanted = _name_key(text)
    chosen: list[str] = []
    close = difflib.get_close_matches(wanted, list(by_key), n=MAX_SUGGESTIONS, cutoff=0.6)
    containing = [key for key in by_key if wanted and wanted in key]
    for key in [*close, *containing]:
        slug = by_key[key]
        if slug not in chosen:
            chosen.append(slug)
    return chosen[:MAX_SUGGESTIONS]


def _names_a_file(ref: str) -> bool:
    """Whether `ref` can only mean a file: a path, or a name ending in .yaml/.yml."""
    text = ref.strip()
    return "/" in text or "\\" in text or text.lower().endswith((".yaml", ".yml"))


def load_named_workout(ref: str) -> tuple[Workout, tuple[str, ...]]:
    """Find a workout by path, slug or name and load it; returns it with its warnings as text.

    Raises WorkoutError for a bad file and UnknownWorkout for a name that
    matches nothing.
    """
    from kicktimer.errors import Problem, SourcePos

    try:
        path = resolve_workout(ref)
    except UnknownWorkout:
        if not _names_a_file(ref):
            raise
        # a directory or a missing file: the loader's `FILE:1:1: ...` line, as `kick validate` gives it
        path = Path(ref.strip()).expanduser()
    try:
        loaded = load_workout_file(path, sounds=builtin_sound_names())
    except OSError as error:
        reason = error.strerror or str(error)
        raise WorkoutError([Problem(str(path), SourcePos(1, 1), f"cannot read the file: {reason}")]) from None
    return loaded.workout, tuple(problem.format() for problem in loaded.warnings)
