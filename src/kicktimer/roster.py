"""Where the athletes of a coach session come from: `--roster FILE` or `--athletes "Ana,Ben,Cy"`.

A roster file is a YAML list of names; an athlete may carry their own
target as a mapping with `name:` and either a race result, from which their
paces are derived exactly as a runner's are from their profile, or target
splits by rep distance:

    - Ana
    - name: Ben
      5k: "18:40"
    - name: Cy
      splits: {400m: "1:15", 200m: "0:36"}

`--athletes "Ana,Ben:18:40,Cy:10k=38:20"` is the short form: `NAME:TIME` is a
5K result, `NAME:RACE=TIME` any other race.

It is read with the workout files' own YAML reader (`workout.yamlread`),
which keeps every node's position and refuses what a hostile file could do
(deep nesting, alias expansion, Python tags), so each mistake is reported as
`FILE:LINE:COL: message` (all of them, not just the first). The rules for
names and keys themselves live in the pure core
(`kicktimer.core.coach.athletes`); this module only reads and points.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kicktimer.bounded_read import NotAFile, read_bounded
from kicktimer.core.coach.athletes import TIMER_KEYS, Athlete, OwnTarget, assign_keys, name_problems
from kicktimer.errors import Problem, RosterError, SourcePos
from kicktimer.workout.quantities import QuantityError, format_distance, parse_distance, parse_duration
from kicktimer.workout.yamlread import FileKind, Map, Node, Scalar, Seq, compose, scalar_type

__all__ = ["ATHLETES_OPTION", "RosterError", "load_roster", "parse_athletes_option", "parse_roster"]

ATHLETES_OPTION = "--athletes"
ROSTER_FILE = FileKind("roster", "a roster")
_ROSTER_HINT = "a roster is a YAML list of names, one per line: `- Ana`"
_TARGET_HINT = 'e.g. `- {name: Ana, 5k: "18:40"}` or `- {name: Cy, splits: {400m: "1:15"}}`'
DEFAULT_RACE = "5k"
MAX_ROSTER_BYTES = 1024 * 1024


def load_roster(path: Path, reserved: Iterable[str] = TIMER_KEYS) -> tuple[Athlete, ...]:
    """The athletes listed in a roster file, with their keys; raises RosterError.

    `reserved`: keys no athlete may get (the timer's own, by default).
    """
    try:
        read = read_bounded(path, MAX_ROSTER_BYTES)
    except NotAFile as error:
        raise RosterError([f"{path}: {error.refusal('roster')}"]) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise RosterError([f"{path}: can't read the roster: {reason}"]) from None
    if read.over(MAX_ROSTER_BYTES):
        raise RosterError(
            [f"{path}: the roster is more than 1 MiB; a squad's names take a few hundred bytes"]
        )
    return parse_roster(read.data, str(path), reserved)


def parse_roster(data: bytes | str, file: str, reserved: Iterable[str] = TIMER_KEYS) -> tuple[Athlete, ...]:
    """The athletes in a roster's text (`file` names it in messages); raises RosterError."""
    text = _decode(data, file)
    document = compose(text, file, ROSTER_FILE)
    if document.fatal:
        raise RosterError([p.format() for p in document.problems])
    root = document.root
    if root is None:
        raise RosterError([Problem(file, SourcePos(1, 1), "the roster is empty", _ROSTER_HINT).format()])
    if not isinstance(root, Seq):
        problem = Problem(file, root.pos, "a roster must be a list of names", _ROSTER_HINT)
        raise RosterError([problem.format()])
    problems: list[Problem] = list(document.problems)
    names: list[str] = []
    targets: list[OwnTarget | None] = []
    positions = [node.pos for node in root.items]
    unreadable: set[int] = set()
    for index, node in enumerate(root.items):
        target = None
        if isinstance(node, Map):
            name_node = node.index.get("name")
            if isinstance(name_node, Scalar):
                positions[index] = name_node.pos
            target = _own_target(node, file, problems)
            name = None if name_node is None else _name(name_node, file, positions[index], problems)
            if name_node is None:
                message = "an athlete with a target needs `name:`"
                problems.append(Problem(file, node.pos, message, _TARGET_HINT))
        else:
            name = _name(node, file, positions[index], problems)
        if name is None:
            unreadable.add(index)
        names.append(name or "")
        targets.append(target)
    reserved = tuple(reserved)
    for found in name_problems(names, reserved):
        if found.kind == "empty" and found.index in unreadable:
            continue
        problems.append(Problem(file, positions[min(found.index, len(positions) - 1)], found.message))
    if problems:
        ordered = sorted(problems, key=lambda p: p.pos)
        raise RosterError([p.format() for p in ordered])
    return assign_keys(names, reserved, targets)


def parse_athletes_option(text: str, reserved: Iterable[str] = TIMER_KEYS) -> tuple[Athlete, ...]:
    """The athletes of `--athletes "Ana,Ben,Cy"`; errors point at the column in the option's value."""
    names: list[str] = []
    targets: list[OwnTarget | None] = []
    columns: list[int] = []
    target_problems: list[Problem] = []
    column = 1
    for part in text.split(","):
        leading = len(part) - len(part.lstrip())
        name, colon, race = part.partition(":")
        names.append(name.strip())
        columns.append(column + (leading if part.strip() else 0))
        target = None
        if colon:
            where = SourcePos(1, column + len(name) + 1)
            try:
                target = _short_target(race)
            except ValueError as error:
                target_problems.append(Problem(ATHLETES_OPTION, where, f"{name.strip()}: {error}"))
        targets.append(target)
        column += len(part) + 1
    reserved = tuple(reserved)
    problems = name_problems(names, reserved)
    if problems or target_problems:
        hint = f'names separated by commas, e.g. {ATHLETES_OPTION} "Ana,Ben:18:40,Cy:10k=38:20"'
        last = len(columns) - 1
        found = [
            Problem(ATHLETES_OPTION, SourcePos(1, columns[min(p.index, last)]), p.message) for p in problems
        ]
        lines = [p.format() for p in sorted([*found, *target_problems], key=lambda p: p.pos)]
        raise RosterError([*lines, f"  hint: {hint}"])
    return assign_keys(names, reserved, targets)


def _short_target(text: str) -> OwnTarget:
    """`18:40` (a 5K) or `10k=38:20` from `--athletes`; raises ValueError with the reason."""
    from kicktimer.config import parse_race

    race, equals, time = text.partition("=")
    if not equals:
        race, time = DEFAULT_RACE, text
    name, seconds = parse_race(race.strip(), time.strip())
    return OwnTarget(race=name, race_s=seconds)


def _own_target(node: Map, file: str, problems: list[Problem]) -> OwnTarget | None:
    """The race result or target splits of a roster entry written as a mapping."""
    from kicktimer.config import parse_race

    race: tuple[str, float] | None = None
    splits: list[tuple[float, float]] = []
    for key, value in node.pairs:
        if key.value == "name":
            continue
        if key.value == "splits":
            splits.extend(_splits(value, file, problems))
            continue
        text = value.value if isinstance(value, Scalar) else None
        try:
            found = parse_race(key.value, text)
        except ValueError as error:
            problems.append(Problem(file, key.pos, str(error), _TARGET_HINT))
            continue
        if race is not None:
            problems.append(Problem(file, key.pos, "one race result per athlete", _TARGET_HINT))
            continue
        race = found
    if race is None and not splits:
        return None
    return OwnTarget(
        race=None if race is None else race[0], race_s=None if race is None else race[1], splits=tuple(splits)
    )


def _splits(node: Node, file: str, problems: list[Problem]) -> list[tuple[float, float]]:
    """`splits: {400m: "1:15"}`: a target split for every rep of that distance."""
    if not isinstance(node, Map):
        problems.append(Problem(file, node.pos, "splits: is a mapping of rep distance to time", _TARGET_HINT))
        return []
    found: list[tuple[float, float]] = []
    for key, value in node.pairs:
        try:
            metres = parse_distance(key.value)
        except QuantityError as error:
            problems.append(Problem(file, key.pos, str(error), "a rep distance such as 400m or 1mi"))
            continue
        if not isinstance(value, Scalar) or scalar_type(value) in ("int", "float"):
            message = f"the split for {format_distance(metres)} is a time such as 1:15 or 75s"
            problems.append(Problem(file, value.pos, message))
            continue
        try:
            found.append((metres, parse_duration(value.value)))
        except QuantityError as error:
            problems.append(Problem(file, value.pos, str(error)))
    return found


def _decode(data: bytes | str, file: str) -> str:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        message = f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the roster as UTF-8"
        raise RosterError([Problem(file, SourcePos(line, column), message).format()]) from None


def _name(node: Node, file: str, pos: SourcePos, problems: list[Problem]) -> str | None:
    """The name a list item holds, or None after noting why it isn't one (an empty name is "")."""
    if not isinstance(node, Scalar):
        problems.append(
            Problem(file, pos, "each athlete is a name (or a mapping with name:), not a list", _ROSTER_HINT)
        )
        return None
    if node.bad:
        return None
    kind = scalar_type(node)
    if kind == "null" and not node.value:
        return ""
    if kind != "str":
        message = f"{node.value} is read as a number or a yes/no, not a name; quote it: '{node.value}'"
        problems.append(Problem(file, pos, message))
        return None
    return str(node.value)
