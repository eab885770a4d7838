"""Nothing is lost: a `kick run` killed mid-workout keeps every finished lap.

A laptop lid slams, a battery dies, a terminal is closed: none of that runs
any of our code. SIGKILL is the honest stand-in. The real program runs in a
pseudo-terminal exactly as a runner starts it, Enter starts the workout, the
test waits until laps show up in the history (read through `kick history
--json`, the public surface), then kills the process without warning.
"""

from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import pytest

from pty_support import kick, start_kick_in_pty, terminal_env, wait_until

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


def history(env: dict[str, str]) -> list[dict[str, object]]:
    result = kick(env, "history", "--json")
    assert result.returncode == 0, result.stderr
    sessions: list[dict[str, object]] = json.loads(result.stdout or "[]")
    return sessions


def test_sigkill_mid_workout_keeps_every_finished_lap(tmp_path: Path) -> None:
    workout = tmp_path / "crash.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    env = terminal_env(KICK_CONFIG_DIR=str(tmp_path / "config"), KICK_DATA_DIR=str(tmp_path / "data"))
    kick_run = start_kick_in_pty(env, "run", str(workout), "--lead-in", "0", "--mute", "--no-voice")
    laps: list[dict[str, object]] = []

    def six_laps_kept() -> bool:
        nonlocal laps
        sessions = history(env)
        laps = list(sessions[0]["laps"]) if sessions else []  # type: ignore[call-overload]
        return len(laps) >= 6

    try:
        assert wait_until(lambda: kick_run.shows(b"Start"), 30), "the preview never showed"
        kick_run.type(b"\r")  # Enter on the preview starts the workout
        assert wait_until(six_laps_kept, 30), f"the workout never got through its reps: {laps}"
    finally:
        kick_run.process.send_signal(signal.SIGKILL)
        kick_run.close()

    (session,) = history(env)
    assert session["status"] == "interrupted"
    kept = session["laps"]
    assert isinstance(kept, list)
    assert [lap["label"] for lap in kept[:6]] == [lap["label"] for lap in laps[:6]]
    assert [lap["kind"] for lap in kept[:6]] == ["run", "recover"] * 3
    assert all(lap["actual_s"] is not None and lap["actual_s"] > 0.5 for lap in kept[:6])
