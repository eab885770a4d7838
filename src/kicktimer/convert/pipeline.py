"""From SOURCE to DEST: import a foreign file into a workout, or compile a workout and export it.

An import becomes kicktimer YAML first and is then read by the ordinary
loader, so it obeys every rule and limit of a hand-written file (steps,
repeats, 24 hours). An export compiles the workout with the profile, exactly
as `kick show` does, and folds the plan back into repeats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from kicktimer.bounded_read import NotAFile, read_bounded
from kicktimer.config import Config
from kicktimer.core.convert.draft import Draft, ImportRefused, to_yaml
from kicktimer.errors import Severity, WorkoutError
from kicktimer.workout.model import Environment, Workout

FORMATS = ("fit", "zwo", "icu", "yaml")
EXTENSIONS = {".fit": "fit", ".zwo": "zwo", ".txt": "icu", ".icu": "icu", ".yaml": "yaml", ".yml": "yaml"}
IMPORTED = ("fit", "zwo", "icu")
MAX_TEXT_BYTES = 1024 * 1024


class ConvertError(Exception):
    """Input that cannot be converted; `lines` are ready to print (FILE:LINE:COL: message)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(lines)
        super().__init__("\n".join(self.lines))


@dataclass
class Source:
    """A workout ready to export, the YAML text it came from, and warnings from reading it.

    `imported`: the YAML was made from a foreign file, so its line numbers
    mean nothing to the user, and later problems name only the file.
    """

    workout: Workout
    text: str
    warnings: list[str] = field(default_factory=list)
    imported: bool = False


def need_extra(module: str) -> None:
    """The `convert` extra's libraries (garmin-fit-sdk, defusedxml) are optional: say how to get them."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise ConvertError(
            [f"kick convert: this needs {module}, from the convert extra: pip install 'kicktimer[convert]'"]
        )


def format_of(path: str) -> str | None:
    """The format a file name's extension says, or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def is_import(ref: str) -> bool:
    """`ref` is a .fit, .zwo or intervals.icu file to read into kicktimer YAML (else a workout to export)."""
    return format_of(ref) in IMPORTED and Path(ref).is_file()


def read_source(ref: str, config: Config) -> Source:
    """A workout from a .fit, .zwo or intervals.icu file (imported), or from a workout name, slug or path.

    `config` gives the profile that `% Pace` and a .zwo's relative paces are read with.
    """
    if is_import(ref):
        return _import(Path(ref), format_of(ref), config)
    from kicktimer.library import load_named_workout

    workout, warnings = load_named_workout(ref)
    return Source(workout, workout.text, list(warnings))


def _import(path: Path, kind: str | None, config: Config) -> Source:
    """Read a foreign file as a draft, then as kicktimer YAML through the loader."""
    shown = str(path)
    try:
        data = read_bounded(path, MAX_TEXT_BYTES).data  # a bigger file is refused unread
    except NotAFile as error:
        raise ConvertError([f"{shown}: {error.refusal('workout file')}"]) from None
    except OSError as error:
        raise ConvertError([f"{shown}: cannot read the file: {error.strerror or error}"]) from None
    try:
        draft, warnings = _draft(data, kind, path, config)
    except ImportRefused as error:
        where = f"{shown}:{error.line}:{error.column}" if error.line else shown
        raise ConvertError([f"{where}: {error}"]) from None
    lines = [f"{shown}: warning: {w}" if not w.startswith(shown) else w for w in warnings]
    return _load_draft(draft, shown, lines)


def _draft(data: bytes, kind: str | None, path: Path, config: Config) -> tuple[Draft, list[str]]:
    if kind == "fit":
        need_extra("garmin_fit_sdk")
        from kicktimer.convert.fit_file import decode_workout

        return decode_workout(data, path.name, path.stem)
    if len(data) > MAX_TEXT_BYTES:
        raise ImportRefused(
            f"the file is over {MAX_TEXT_BYTES // 1024} KiB; a workout file is far smaller", 1, 1
        )
    from kicktimer.core.profile import reference_paces

    paces = reference_paces(config.profile)
    shown = str(path)
    if kind == "zwo":
        need_extra("defusedxml")
        from kicktimer.convert.zwo_file import read_zwo
        from kicktimer.core.convert.zwo import draft_from_zwo

        draft, found = draft_from_zwo(read_zwo(data), path.name, paces)
    else:
        from kicktimer.core.convert.icu import draft_from_icu

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportRefused(f"not UTF-8 text (byte {error.start + 1})", 1, 1) from None
        units = config.profile.units
        draft, found = draft_from_icu(text, path.stem, path.name, units, paces.get("threshold"))
    return draft, [f"{shown}:{line}:{column}: warning: {message}" for line, column, message in found]


def _load_draft(draft: Draft, shown: str, warnings: list[str]) -> Source:
    """The draft as YAML, read back by the loader; its problems are the source file's."""
    from kicktimer.resources import builtin_sound_names
    from kicktimer.workout.loader import load_workout_text

    text = to_yaml(draft)
    try:
        loaded = load_workout_text(text, shown, sounds=builtin_sound_names())
    except WorkoutError as error:
        raise ConvertError(
            [*warnings, *(f"{shown}: {p.message}" for p in error.problems if p.severity is Severity.ERROR)]
        ) from None
    warnings += [f"{shown}: warning: {p.message}" for p in loaded.warnings]
    return Source(loaded.workout, text, warnings, imported=True)


def default_place(workout: Workout, fmt: str) -> str | None:
    """Where a workout that may run anywhere is converted for: a treadmill for Zwift, else a track."""
    if workout.environment is not Environment.ANY or not workout.has_distance_steps():
        return None
    return "treadmill" if fmt == "zwo" else "track"


FORMAT_NAMES = {"fit": "a FIT workout", "zwo": "a .zwo", "icu": "intervals.icu text"}


def _workout_wide(workout: Workout, fmt: str) -> list[str]:
    """What the workout says outside its steps that `fmt` cannot hold (summary, notes, tags, `cues:`)."""
    from kicktimer.core.convert.outline import warning
    from kicktimer.errors import SourcePos
    from kicktimer.workout.model import CueSettings

    found: list[str] = []
    kept: tuple[str, ...] = {"fit": (), "zwo": ("summary",), "icu": ()}[fmt]
    dropped = [key for key in ("summary", "notes", "tags") if getattr(workout, key) and key not in kept]
    if dropped:
        pos = min(workout.key_pos.get(key, SourcePos(1, 1)) for key in dropped)
        found.append(
            warning(workout.file, pos, f"{', '.join(dropped)}: no place in {FORMAT_NAMES[fmt]}; left out")
        )
    if workout.cue_settings == CueSettings():
        return found
    pos = workout.key_pos.get("cues", SourcePos(1, 1))
    return [
        *found,
        warning(
            workout.file,
            pos,
            f"workout-wide cues: (mantras, countdown) have no place in {FORMAT_NAMES[fmt]}; left out",
        ),
    ]


def export(
    source: Source, fmt: str, where: str | None, reps: int | Sequence[int] | None, config: Config
) -> tuple[bytes, list[str]]:
    """The workout in `fmt` (fit, zwo, icu), compiled for `where` and `reps`; plus the warnings."""
    try:
        data, warnings = _export(source, fmt, where, reps, config)
    except WorkoutError as error:
        if not source.imported:
            raise
        raise ConvertError([_unplaced(source, p.format()) for p in error.problems]) from None
    return data, [_unplaced(source, line) if source.imported else line for line in warnings]


def in_file_order(lines: Sequence[str], file: str) -> list[str]:
    """`lines` sorted by where they point in `file`: line, then column.

    Warnings come from several passes (the compiler, the whole workout, each
    format's step mapping), each in its own order; a reader fixing the file
    goes from top to bottom. Lines about the whole file (`FILE: ...`) come
    first, lines about anything else last; ties keep their order.
    """
    prefix = file + ":"

    def position(line: str) -> tuple[int, int, int]:
        if not line.startswith(prefix):
            return (2, 0, 0)
        placed = _POSITION.match(line, len(prefix))
        return (1, int(placed[1]), int(placed[2])) if placed else (0, 0, 0)

    return sorted(lines, key=position)


_POSITION = re.compile(r"(\d+):(\d+): ")


def _unplaced(source: Source, line: str) -> str:
    """`FILE:LINE:COL: message` as `FILE: message`, for an import whose YAML the user never saw."""
    prefix = re.escape(source.workout.file)
    return re.sub(rf"^{prefix}:\d+:\d+: ", f"{source.workout.file}: ", line, flags=re.M)


def _export(
    source: Source, fmt: str, where: str | None, reps: int | Sequence[int] | None, config: Config
) -> tuple[bytes, list[str]]:
    from kicktimer.core.compile import compile_plan
    from kicktimer.core.convert.outline import build_outline
    from kicktimer.planning import parse_where

    plan = compile_plan(source.workout, config.profile, parse_where(where), reps)
    outline = build_outline(source.workout, plan)
    warnings = [*plan.warnings, *_workout_wide(source.workout, fmt)]
    unit = config.profile.units
    if fmt == "fit":
        need_extra("garmin_fit_sdk")
        from kicktimer.convert.fit_file import encode_workout

        data, more = encode_workout(outline, unit)
        return data, warnings + more
    if fmt == "zwo":
        from kicktimer.convert.zwo_file import write_zwo
        from kicktimer.core.convert.zwo import zwo_doc
        from kicktimer.core.profile import reference_paces

        doc, more = zwo_doc(outline, reference_paces(config.profile))
        return write_zwo(doc).encode("utf-8"), warnings + more
    from kicktimer.core.convert.icu import icu_text

    text, more = icu_text(outline, unit)
    return text.encode("utf-8"), warnings + more
