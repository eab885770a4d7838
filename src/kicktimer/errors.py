"""Problems found in a workout file, and how they are shown.

Every message a user gets about a file points at the line to fix, so a problem
always carries a position. Problems are collected rather than raised one at a
time: a runner fixing a file wants to see all of its mistakes in one go.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum


class Severity(Enum):
    """Errors refuse the file; warnings are shown and the file still runs."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class SourcePos:
    """A 1-based line and column in a workout file."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious) in one place of one file."""

    file: str
    pos: SourcePos
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """`FILE:LINE:COL: message`, then the hint on its own short line.

        Control characters (in a file's name, or quoted from it) are shown as escapes.
        """
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        head = printable(f"{self.file}:{self.pos.line}:{self.pos.column}: {prefix}{self.message}")
        return head if self.hint is None else f"{head}\n  hint: {printable(self.hint)}"


# What outside text may never carry to a terminal, as regex character ranges; the one
# definition the loader, the roster, the messages and the screens all build on.
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
"""The bidirectional embeddings, overrides and isolates: they reorder what follows them on screen."""
TERMINAL_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029" + BIDI_CONTROLS
"""C0 controls but tab and line feed (those are text), DEL, C1 controls, the line and paragraph
separators, and the bidi controls: an ESC in a workout's name would drive the terminal."""
LONE_SURROGATES = "\ud800-\udfff"
"""What Python decodes a file name's non-UTF-8 bytes to (surrogateescape)."""

# In a one-line message tab and line feed are escaped too.
_UNPRINTABLE = re.compile(f"[\t\n{TERMINAL_CONTROLS}{LONE_SURROGATES}]")
_SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def escaped(match: re.Match[str]) -> str:
    """The escape written for the matched character: `\\x1b`, `\\u202e`, `\\r`, or a lone surrogate's byte."""
    char = match.group()
    code = ord(char)
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with its control characters written as escapes (`\\x1b`, `\\n`), never raw.

    For file names and other outside text in one-line messages: an escape
    sequence in a file's name must not drive the terminal it is printed on,
    and a name that is not UTF-8 must not stop the message from printing.
    """
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub(escaped, text)


class WorkoutError(Exception):
    """A workout file (or its plan) cannot be used; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.pos))
        super().__init__("\n".join(p.format() for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]


def format_problems(problems: list[Problem]) -> str:
    """All problems, one (plus optional hint) per line, in file order."""
    ordered = sorted(problems, key=lambda p: (p.file, p.pos))
    return "\n".join(p.format() for p in ordered)


class RosterError(Exception):
    """Athletes that can't be read; `lines` are ready to print (FILE:LINE:COL: message, hints).

    Here rather than in `kicktimer.roster` so that `kick run` can catch it
    without importing the roster reader on a solo run.
    """

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(line for text in lines for line in text.splitlines())
        super().__init__("\n".join(self.lines))


class TargetError(ValueError):
    """An athlete's race result gives a pace the workout can't be run at; the message names them.

    Raised by `core.coach.targets`; here so `kick run` can catch it without
    importing the coach's modules on a solo run's way to its first frame.
    """
