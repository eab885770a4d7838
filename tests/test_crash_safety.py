"""Nothing is lost: a `kick run` killed mid-workout keeps every finished lap.

A laptop lid slams, a battery dies, a terminal is closed: none of that runs
any of our code. SIGKILL is the honest stand-in. The real program runs in a
pseudo-terminal exactly as a runner starts it, Enter starts the workout, the
test waits until laps show up in the history (read through `kick history
--json`, the public surface), then kills the process without warning.
"""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

WORKOUT = """\
name: Crash test
steps:
  - repeat: 3
    steps:
      - run: 1s
      - recover: 1s
  - cooldown: 10min
"""


def kick(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kicktimer", *args], env=env, capture_output=True, text=True, timeout=60
    )


def history(env: dict[str, str]) -> list[dict[str, object]]:
    result = kick(env, "history", "--json")
    assert result.returncode == 0, result.stderr
    sessions: list[dict[str, object]] = json.loads(result.stdout or "[]")
    return sessions


def drain(fd: int, screen: bytearray) -> None:
    """Keep reading the terminal (so the app never blocks on a full pty buffer) and keep what it drew."""
    try:
        while chunk := os.read(fd, 65536):
            screen.extend(chunk)
    except OSError:
        return


def wait_until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.2)
    return False


def test_sigkill_mid_workout_keeps_every_finished_lap(tmp_path: Path) -> None:
    workout = tmp_path / "crash.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    env = {
        **os.environ,
        "KICK_CONFIG_DIR": str(tmp_path / "config"),
        "KICK_DATA_DIR": str(tmp_path / "data"),
        "TERM": "xterm-256color",
        "COLUMNS": "80",
        "LINES": "24",
    }
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kicktimer", "run", str(workout), "--lead-in", "0", "--mute", "--no-voice"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    screen = bytearray()
    threading.Thread(target=drain, args=(master, screen), daemon=True).start()
    laps: list[dict[str, object]] = []

    def six_laps_kept() -> bool:
        nonlocal laps
        sessions = history(env)
        laps = list(sessions[0]["laps"]) if sessions else []  # type: ignore[call-overload]
        return len(laps) >= 6

    try:
        assert wait_until(lambda: b"Start" in screen, 30), "the preview never showed"
        os.write(master, b"\r")  # Enter on the preview starts the workout
        assert wait_until(six_laps_kept, 30), f"the workout never got through its reps: {laps}"
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        os.close(master)

    (session,) = history(env)
    assert session["status"] == "interrupted"
    kept = session["laps"]
    assert isinstance(kept, list)
    assert [lap["label"] for lap in kept[:6]] == [lap["label"] for lap in laps[:6]]
    assert [lap["kind"] for lap in kept[:6]] == ["run", "recover"] * 3
    assert all(lap["actual_s"] is not None and lap["actual_s"] > 0.5 for lap in kept[:6])
