"""A real terminal for end-to-end tests: one tmux window on a private server.

The coach, board, hang-up and treadmill end-to-end tests all drive `kick run`
the way a person does (send-keys) and read what a person sees (capture-pane);
they share this one driver, and the environment it runs in (`tmux_env`),
so a fix to how the screen is waited for reaches all. `conftest.py` makes
one for a test (the `terminal` fixture).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

WAIT_S = 20.0
"""How long a test waits for something to appear before it says what it saw instead."""


def tmux_env(tmp_path: Path) -> dict[str, str]:
    """This process's environment with the test's own kick folders and a tmux of its own.

    KICK_CONFIG_DIR and KICK_DATA_DIR under `tmp_path`, a 256-colour TERM, the
    tmux socket under `tmp_path` (TMUX_TMPDIR), and no TMUX: run from inside a
    tmux session, tmux would otherwise talk to that one.
    """
    env = dict(os.environ)
    env.update(
        KICK_CONFIG_DIR=str(tmp_path / "config"),
        KICK_DATA_DIR=str(tmp_path / "data"),
        TERM="xterm-256color",
        TMUX_TMPDIR=str(tmp_path),
    )
    env.pop("TMUX", None)
    return env


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
