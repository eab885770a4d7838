"""Read a user's file without hanging on it: at most a limit, and only from a file or a pipe.

A path can name something that is no file: `/dev/zero` and `/dev/urandom`
never end, `/dev/tty` waits for the keyboard, and a named pipe nobody writes
to blocks the open itself. Each is refused in one line instead. A pipe that
has a writer (`<(cat x.yaml)`, a FIFO being fed) is read like standard input,
up to the limit.
"""

from __future__ import annotations

import errno
import os
import select
import stat
from dataclasses import dataclass
from pathlib import Path


class NotAFile(OSError):
    """The path names a directory, a device, a socket or an idle pipe.

    `what` says which ("a directory"); `refusal(kind)` is the one-line message,
    "this is a directory, not a workout file".
    """

    def __init__(self, code: int, what: str) -> None:
        super().__init__(code, what)
        self.what = what

    def refusal(self, kind: str) -> str:
        if self.what == _IDLE_PIPE:
            return f"this is a named pipe and nothing is writing to it, not a {kind}"
        return f"this is {self.what}, not a {kind}"


_IDLE_PIPE = "an idle pipe"
_WRITER_GRACE_S = 1.0


@dataclass(frozen=True)
class Read:
    """What was read: at most `limit + 1` bytes; `size` is the file's size when it has one."""

    data: bytes
    size: int | None

    def over(self, limit: int) -> bool:
        return len(self.data) > limit


def read_bounded(path: Path | str, limit: int) -> Read:
    """At most `limit + 1` bytes of the file at `path`; raises `NotAFile`, or `OSError`.

    The open does not block (O_NONBLOCK), so a named pipe without a writer
    is found out at once rather than waited on.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise NotAFile(errno.EISDIR, "a directory")
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            raise NotAFile(errno.ENODEV, "a device (such as /dev/zero)")
        if stat.S_ISSOCK(mode):
            raise NotAFile(errno.ENXIO, "a socket")
        if stat.S_ISFIFO(mode):
            return Read(_read_pipe(fd, limit), None)
        os.set_blocking(fd, True)
        return Read(_read_up_to(fd, limit + 1), info.st_size)
    finally:
        os.close(fd)


def _read_pipe(fd: int, limit: int) -> bytes:
    """A pipe's bytes, once a writer is there; none within a second means nobody is feeding it.

    Read at once, a pipe whose writer is still on its way (opening it just
    as kick does) reads as ended; on Linux `select` waits for a writer that
    never came yet, so a short wait tells the two apart without hanging.
    """
    try:
        first = os.read(fd, limit + 1)
    except BlockingIOError:
        first = None  # a writer is there and has not written yet: wait for it
    if first == b"":
        if not select.select([fd], [], [], _WRITER_GRACE_S)[0]:
            raise NotAFile(errno.EPIPE, _IDLE_PIPE)
        first = None
    os.set_blocking(fd, True)
    head = first or b""
    return head + _read_up_to(fd, limit + 1 - len(head))


def _read_up_to(fd: int, wanted: int) -> bytes:
    chunks: list[bytes] = []
    while wanted > 0:
        chunk = os.read(fd, min(wanted, 1 << 16))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)
