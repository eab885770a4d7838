"""A real terminal for end-to-end tests: one tmux window on a private server.

The coach, board and treadmill end-to-end tests all drive `kick run` the way
a person does (send-keys) and read what a person sees (capture-pane); they
share this one driver so a fix to how the screen is waited for reaches all.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

WAIT_S = 20.0
"""How long a test waits for something to appear before it says what it saw instead."""


def heading(screen: str) -> str:
    """The timer's top line: the step and "Rep n/N" (the "Next:" line would match too early)."""
    return screen.splitlines()[0] if screen else ""


class Terminal:
    """One tmux window named `window` on the private server `socket`."""

    def __init__(
        self, socket: str, env: dict[str, str], window: str = "kick", wait_s: float = WAIT_S
    ) -> None:
        self.socket = socket
        self.env = env
        self.window = window
        self.wait_s = wait_s

    def tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], env=self.env, capture_output=True, text=True, timeout=10
        )
        return done.stdout

    def start(self, command: str, *, width: int = 120, height: int = 40) -> None:
        self.tmux("new-session", "-d", "-s", self.window, "-x", str(width), "-y", str(height), command)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.tmux("send-keys", "-t", self.window, key)
            time.sleep(0.15)  # one press at a time, as fingers do

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", self.window)

    def wait_for(self, check: Callable[[str], bool], what: str) -> str:
        deadline = time.monotonic() + self.wait_s
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"never saw {what}; the screen was:\n{screen}")

    def close(self) -> None:
        self.tmux("kill-server")
