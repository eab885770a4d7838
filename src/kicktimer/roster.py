"""Where the athletes of a coach session come from: `--roster FILE` or `--athletes "Ana,Ben,Cy"`.

A roster file is a YAML list of names:

    - Ana
    - Ben
    - Cy

It is read with PyYAML's safe composer, which keeps every node's position,
so each mistake is reported as `FILE:LINE:COL: message` (all of them, not just
the first). The rules for names and keys themselves live in the pure core
(`kicktimer.core.coach_athletes`); this module only reads and points.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import yaml

from kicktimer.core.coach_athletes import TIMER_KEYS, Athlete, assign_keys, name_problems
from kicktimer.errors import Problem, SourcePos

ATHLETES_OPTION = "--athletes"
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_ROSTER_HINT = "a roster is a YAML list of names, one per line: `- Ana`"


class RosterError(Exception):
    """Athletes that can't be read; `lines` are ready to print (FILE:LINE:COL: message, hints)."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(line for text in lines for line in text.splitlines())
        super().__init__("\n".join(self.lines))


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
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        pos = SourcePos(mark.line + 1, mark.column + 1) if mark is not None else SourcePos(1, 1)
        message = error.problem or error.context or "not valid YAML"
        raise RosterError([Problem(file, pos, message).format()]) from None
    if root is None:
        raise RosterError([Problem(file, SourcePos(1, 1), "the roster is empty", _ROSTER_HINT).format()])
    if not isinstance(root, yaml.SequenceNode):
        problem = Problem(file, _pos(root), "a roster must be a list of names", _ROSTER_HINT)
        raise RosterError([problem.format()])
    problems: list[Problem] = []
    names: list[str] = []
    positions = [_pos(node) for node in root.value]
    unreadable: set[int] = set()
    for index, node in enumerate(root.value):
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


def _pos(node: yaml.Node) -> SourcePos:
    return SourcePos(node.start_mark.line + 1, node.start_mark.column + 1)


def _name(node: yaml.Node, file: str, pos: SourcePos, problems: list[Problem]) -> str | None:
    """The name a list item holds, or None after noting why it isn't one (an empty name is "")."""
    if not isinstance(node, yaml.ScalarNode):
        problems.append(Problem(file, pos, "each athlete is a name, not a list or a mapping", _ROSTER_HINT))
        return None
    if node.tag == _NULL_TAG and not node.value:
        return ""
    if node.tag != _STR_TAG:
        message = f"{node.value} is read as a number or a yes/no, not a name; quote it: '{node.value}'"
        problems.append(Problem(file, pos, message))
        return None
    return str(node.value)
