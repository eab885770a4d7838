"""Run the real `kick` in a pseudo-terminal, as a runner starts it, and watch what it draws.

Shared by the end-to-end tests (crash safety, sound): the program gets a
terminal of its own, a thread keeps reading it (so the app never blocks on a
full pty buffer) and keeps every byte drawn, and the test types into it.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


def kick(env: dict[str, str], *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`kick ARGS` run to completion outside any terminal."""
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", *args], env=env, capture_output=True, text=True, timeout=timeout
    )


def drain(fd: int, screen: bytearray) -> None:
    """Keep reading the terminal and keep what it drew, until it closes."""
    try:
        while chunk := os.read(fd, 65536):
            screen.extend(chunk)
    except OSError:
        return


def wait_until(condition: Callable[[], bool], seconds: float, poll_s: float = 0.2) -> bool:
    """Poll `condition` until it holds (True) or `seconds` pass (False)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(poll_s)
    return False


@dataclass
class KickInPty:
    """A running `kick` on a pseudo-terminal: its process, the terminal's master end and what it drew."""

    process: subprocess.Popen[bytes]
    master: int
    screen: bytearray = field(default_factory=bytearray)

    def shows(self, text: bytes) -> bool:
        return text in self.screen

    def type(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> None:
        """Kill the program if it is still running and release the terminal."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)


def start_kick_in_pty(env: dict[str, str], *args: str) -> KickInPty:
    """Start `python -m kicktimer ARGS` on a new pseudo-terminal, in its own session."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kicktimer", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    running = KickInPty(process, master)
    threading.Thread(target=drain, args=(master, running.screen), daemon=True).start()
    return running


def terminal_env(**extra: str) -> dict[str, str]:
    """The caller's environment with an 80×24 xterm and `extra` on top."""
    return {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24", **extra}
