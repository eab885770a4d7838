"""Telling a session that is still going from one whose process died.

A session is written `running` when it starts and `completed`/`aborted` when
it ends. If the process is killed (SIGKILL, power loss, a closed terminal) the
row stays `running` forever, so each session also stores its owner:
`host:pid:start`, where `start` is the process's start time in clock ticks
since boot (from /proc on Linux), which tells a live owner from an unrelated
process that later got the same pid.

A reader calls the session `interrupted` when its owner is provably gone: same
host, and the pid is not running, is a zombie (killed but not yet reaped), or
is running but started at a different time. A session owned by another host
(a synced data directory) cannot be checked and stays `running`. Nothing is
written back: reading history never needs write access.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

_PROC = Path("/proc")


def current_owner() -> str:
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_ticks(pid) or ''}"


def owner_is_alive(owner: str | None) -> bool:
    """False only when the owning process is known to be gone."""
    if not owner:
        return False
    parts = owner.rsplit(":", 2)
    if len(parts) != 3:
        return False
    host, pid_text, start = parts
    if host != socket.gethostname():
        return True
    try:
        pid = int(pid_text)
    except ValueError:
        return False
    if pid == os.getpid():
        return start == (_start_ticks(pid) or "")
    if not _pid_exists(pid):
        return False
    if _PROC.is_dir():
        state = _proc_state(pid)
        if state is None or state in ("Z", "X"):
            return False
        return not start or start == _start_ticks(pid)
    return True


def _pid_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name (which may itself contain spaces and parens)."""
    try:
        text = (_PROC / str(pid) / "stat").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    _, _, after = text.rpartition(")")
    fields = after.split()
    return fields or None


def _proc_state(pid: int) -> str | None:
    fields = _stat_fields(pid)
    return fields[0] if fields else None


def _start_ticks(pid: int) -> str | None:
    fields = _stat_fields(pid)
    # Field 22 of stat (starttime); fields[0] is field 3 (state).
    if fields is None or len(fields) < 20:
        return None
    return fields[19]
