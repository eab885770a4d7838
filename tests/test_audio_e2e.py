"""End to end: `kick run` itself, in a terminal, plays a workout's sounds into ALSA.

No driver: the real program runs in a pseudo-terminal as a runner starts it,
with HOME holding an .asoundrc that sends the default PCM into a FIFO this
test reads (tests/alsa_support.py). Enter on the preview starts the workout;
when the history says it completed, the test checks that exactly the sounds
this workout calls for reached ALSA, each sample for sample (so in order),
spaced as planned.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from alsa_support import samples, send_default_pcm_to_fifo
from pty_support import kick, start_kick_in_pty, terminal_env, wait_until

pytest.importorskip("simpleaudio")
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

# Sounds are spaced at least 0.4 s past the end of the one before (final.wav
# lasts 1.4 s), so no two streams overlap in the FIFO. The recovery is long
# enough that the bell fits exactly where it is asked for: the cue planner
# moves (or drops, with a warning) a cue that would talk over the step's
# start announcement or the countdown.
WORKOUT = """\
name: Sound test
cues:
  countdown: 1
  defaults: false
steps:
  - repeat: 2
    steps:
      - run: 3s
      - recover: 7s
        cues:
          - at: 4s in
            sound: bell
        last: skip
"""
# Worked out by hand from WORKOUT: (seconds after the first sound, sound).
# Rep 1 run 3 s: go at its start, the 1 s countdown beep at 2.
# Recover 7 s: rest at 3, the bell 4 s in (7), the beep at 9 (1 s to go).
# Rep 2 of 2 run 3 s (no recovery after it): final at 10, beep at 12; finish at 13.
EXPECTED = [
    (0.0, "go"),
    (2.0, "beep"),
    (3.0, "rest"),
    (7.0, "bell"),
    (9.0, "beep"),
    (10.0, "final"),
    (12.0, "beep"),
    (13.0, "finish"),
]
# Behaviour, not a speed benchmark: the planned sounds are at least a second
# apart, so a sound within 0.45 s of its time can only be that planned sound.
# The latency itself is measured in bench/audio_latency.py; 0.25 s here failed
# once on a machine with a load average of 10.
SLACK_S = 0.45


def completed(env: dict[str, str]) -> bool:
    result = kick(env, "history", "--json")
    sessions = json.loads(result.stdout or "[]") if result.returncode == 0 else []
    return bool(sessions) and sessions[0]["status"] == "completed"


def test_kick_run_plays_the_workouts_sounds_into_alsa_in_order_and_on_time(tmp_path: Path) -> None:
    workout = tmp_path / "sound-test.yaml"
    workout.write_text(WORKOUT, encoding="utf-8")
    config = tmp_path / "config"
    config.mkdir()
    (config / "config.toml").write_text("voice = false\nsound = true\n", encoding="utf-8")
    env = terminal_env(HOME=str(tmp_path), KICK_CONFIG_DIR=str(config), KICK_DATA_DIR=str(tmp_path / "data"))
    reader = send_default_pcm_to_fifo(tmp_path)
    kick_run = start_kick_in_pty(env, "run", str(workout), "--lead-in", "0", "--no-voice")
    try:
        assert wait_until(lambda: kick_run.shows(b"Start"), 30), "the preview never showed"
        kick_run.type(b"\r")  # Enter on the preview starts the workout
        assert wait_until(lambda: completed(env), 60), "the workout never completed"
        wait_until(lambda: len(reader.streams) >= len(EXPECTED), 5, poll_s=0.05)
        kick_run.type(b"q")  # leave the finish screen
        wait_until(lambda: kick_run.process.poll() is not None, 10)
    finally:
        kick_run.close()
        reader.stop()

    arrived = reader.streams
    heard = [_name_of(data) for _, data in arrived]
    assert len(arrived) == len(EXPECTED), f"one stream per planned sound; heard {heard}"
    for (_, data), (_, name) in zip(arrived, EXPECTED, strict=True):
        assert data == samples(name), f"{name} reached ALSA sample for sample; heard {heard}"
    first = arrived[0][0]
    for (when, _), (planned, name) in zip(arrived, EXPECTED, strict=True):
        assert abs((when - first) - planned) < SLACK_S, f"{name} at {when - first:.2f} s, planned {planned} s"


def _name_of(data: bytes) -> str:
    """Which sound a stream is, for the failure messages ('?' when none matches)."""
    names = ("beep", "go", "rest", "bell", "final", "halfway", "finish")
    return next((name for name in names if samples(name) == data), f"?({len(data)} bytes)")
