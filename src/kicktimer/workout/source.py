"""A workout file's bytes turned into text, or refused with the place of the trouble.

This runs before any YAML parsing, so that the work a file can cause is bounded
(size) and so that bad bytes get a line and column a person can find in an
editor: PyYAML reports them as offsets into its own buffer, or not at all.
"""

from __future__ import annotations

import re

from kicktimer.errors import Problem, SourcePos, WorkoutError
from kicktimer.workout.limits import MAX_FILE_BYTES

_UTF8_BOM = "\ufeff"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# What we refuse, with a position: everything YAML 1.1 does not accept in a
# stream (C0 controls but tab and line breaks, DEL and the C1 controls,
# surrogates, U+FFFE/U+FFFF), plus the unusual line breaks NEL (in C1), LS
# and PS, which YAML counts as new lines where editors do not, so every
# later position would be off. Written as the short list of what is refused
# rather than the negation of what is allowed: the negated class of wide
# ranges takes ten times as long to compile, on every start of `kick`.
_NOT_YAML_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_UNUSUAL_BREAKS = {"\x85": "NEL", "\u2028": "LINE SEPARATOR", "\u2029": "PARAGRAPH SEPARATOR"}


def refuse(file: str, pos: SourcePos, message: str, hint: str | None = None) -> WorkoutError:
    """A WorkoutError carrying one problem: for refusals after which nothing else can be checked."""
    return WorkoutError([Problem(file, pos, message, hint)])


def size_problem(file: str, size: int | None) -> WorkoutError:
    """A file over the limit; `size` None when it has none to tell (a pipe, standard input)."""
    told = "more than 1 MiB" if size is None else f"{size / (1024 * 1024):.1f} MiB"
    return refuse(
        file,
        SourcePos(1, 1),
        f"the file is {told}; a workout file may be at most 1 MiB",
        "a workout is a few hundred lines at most: is this the right file?",
    )


def position_in_text(text: str, index: int) -> SourcePos:
    """The 1-based line and column of character `index` of `text`."""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return SourcePos(line, column)


def _position_in_bytes(data: bytes, offset: int) -> SourcePos:
    """The line and column (in characters, as an editor counts) of byte `offset`."""
    line = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return SourcePos(line, column)


def decode_source(data: bytes | str, file: str) -> str:
    """The file's text, without a UTF-8 BOM; raises WorkoutError for anything that is not
    a small UTF-8 YAML text (too big, UTF-16, binary, invalid UTF-8, control characters)."""
    if isinstance(data, str):
        text = data
        if len(text) > MAX_FILE_BYTES // 4 and len(text.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
            raise size_problem(file, len(text.encode("utf-8", errors="replace")))
    else:
        text = _decode_bytes(data, file)
    if text.startswith(_UTF8_BOM):
        text = text[1:]
    bad = _NOT_YAML_CHARACTER.search(text)
    if bad is not None:
        char = bad.group()
        if char == "\x00":
            raise _binary(file, position_in_text(text, bad.start()))
        if char in _UNUSUAL_BREAKS:
            raise refuse(
                file,
                position_in_text(text, bad.start()),
                f"the character U+{ord(char):04X} ({_UNUSUAL_BREAKS[char]}) is not allowed in a workout file",
                "replace it with an ordinary line break or a space",
            )
        raise refuse(
            file,
            position_in_text(text, bad.start()),
            f"the control character U+{ord(char):04X} is not allowed in a YAML file",
            "delete it (it is invisible in most editors; it often comes with pasted text)",
        )
    return text


def _binary(file: str, pos: SourcePos) -> WorkoutError:
    return refuse(
        file,
        pos,
        "this is a binary file (it contains NUL bytes), not a YAML workout",
        "a workout is a text file such as 8x400.yaml",
    )


def _decode_bytes(data: bytes, file: str) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise size_problem(file, len(data))
    if data.startswith(_UTF16_BOMS) or data.startswith(b"\x00\x00\xfe\xff"):
        raise refuse(
            file,
            SourcePos(1, 1),
            "the file is saved as UTF-16 (or UTF-32); a workout file must be UTF-8",
            "save it again choosing the UTF-8 encoding",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _binary(file, _position_in_bytes(data, nul))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        byte = data[error.start]
        raise refuse(
            file,
            _position_in_bytes(data, error.start),
            f"invalid UTF-8: byte 0x{byte:02x} here does not belong to any character",
            "save the file as UTF-8 (it may be in Latin-1 or Windows-1252)",
        ) from None
