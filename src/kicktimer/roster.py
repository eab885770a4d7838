"""Where the athletes of a coach session come from: `--roster FILE` or `--athletes "Ana,Ben,Cy"`.

A roster file is a YAML list of names:

    - Ana
    - Ben
    - Cy

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

from kicktimer.core.coach.athletes import TIMER_KEYS, Athlete, assign_keys, name_problems
from kicktimer.errors import Problem, RosterError, SourcePos
from kicktimer.workout.yamlread import FileKind, Node, Scalar, Seq, compose, scalar_type

__all__ = ["ATHLETES_OPTION", "RosterError", "load_roster", "parse_athletes_option", "parse_roster"]

ATHLETES_OPTION = "--athletes"
ROSTER_FILE = FileKind("roster", "a roster")
_ROSTER_HINT = "a roster is a YAML list of names, one per line: `- Ana`"


def load_roster(path: Path, reserved: Iterable[str] = TIMER_KEYS) -> tuple[Athlete, ...]:
    """The athletes listed in a roster file, with their keys; raises RosterError.

    `reserved`: keys no athlete may get (the timer's own, by default).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise RosterError([f"{path}: can't read the roster: {reason}"]) from None
    return parse_roster(data, str(path), reserved)


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
    positions = [node.pos for node in root.items]
    unreadable: set[int] = set()
    for index, node in enumerate(root.items):
        name = _name(node, file, positions[index], problems)
        if name is None:
            unreadable.add(index)
        names.append(name or "")
    reserved = tuple(reserved)
    for found in name_problems(names, reserved):
        if found.kind == "empty" and found.index in unreadable:
            continue
        problems.append(Problem(file, positions[min(found.index, len(positions) - 1)], found.message))
    if problems:
        ordered = sorted(problems, key=lambda p: p.pos)
        raise RosterError([p.format() for p in ordered])
    return assign_keys(names, reserved)


def parse_athletes_option(text: str, reserved: Iterable[str] = TIMER_KEYS) -> tuple[Athlete, ...]:
    """The athletes of `--athletes "Ana,Ben,Cy"`; errors point at the column in the option's value."""
    names: list[str] = []
    columns: list[int] = []
    column = 1
    for part in text.split(","):
        leading = len(part) - len(part.lstrip())
        names.append(part.strip())
        columns.append(column + (leading if part.strip() else 0))
        column += len(part) + 1
    reserved = tuple(reserved)
    problems = name_problems(names, reserved)
    if problems:
        hint = f'names separated by commas, e.g. {ATHLETES_OPTION} "Ana,Ben,Cy"'
        last = len(columns) - 1
        lines = [
            Problem(ATHLETES_OPTION, SourcePos(1, columns[min(p.index, last)]), p.message).format()
            for p in problems
        ]
        raise RosterError([*lines, f"  hint: {hint}"])
    return assign_keys(names, reserved)


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
        problems.append(Problem(file, pos, "each athlete is a name, not a list or a mapping", _ROSTER_HINT))
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
