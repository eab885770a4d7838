"""`$KICK_DATA_DIR/board-url`: the board's address while a session with `--board` runs.

The file holds the URL and nothing else (a script reads it as it is). The
session that wrote it keeps an exclusive `flock` on it until it ends; the
kernel drops the lock when the process dies, however it dies. So a file
nobody holds a lock on was left by a session killed outright (SIGKILL, power
loss), and the next `kick run` removes it instead of leaving a dead address
for a script to open on a TV.
"""

from __future__ import annotations

import os
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on Windows: there, a killed session's file stays until the next board
    fcntl = None  # type: ignore[assignment]


class BoardUrlFile:
    """The file of a session that is running: written, locked, and removed by `close`."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    @classmethod
    def write(cls, path: Path, url: str) -> BoardUrlFile:
        """Write `url` to a new file at `path` (replacing any other) and hold its lock; OSError if not."""
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(f".{path.name}.{os.getpid()}")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, (url + "\n").encode("utf-8"))
            os.replace(fresh, path)
        except OSError:
            os.close(fd)
            fresh.unlink(missing_ok=True)
            raise
        return cls(path, fd)

    def close(self) -> None:
        """Remove the file, if it is still this session's (another `--board` may have replaced it)."""
        try:
            if os.stat(self.path).st_ino == os.fstat(self._fd).st_ino:
                self.path.unlink()
        except OSError:
            pass
        finally:
            os.close(self._fd)


def remove_if_stale(path: Path) -> bool:
    """Remove `path` if no running session holds it (True when it was removed)."""
    if fcntl is None:
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False  # no file (the usual case), or not ours to read
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False  # a running session holds it
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except OSError:
            return False
        if same:
            path.unlink(missing_ok=True)
        return same
    finally:
        os.close(fd)
