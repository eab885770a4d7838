"""Integration: a short workout played through the real simpleaudio into ALSA's file plugin.

HOME points at a temporary directory whose .asoundrc sends the default PCM to
the file plugin (with the null plugin as its slave, so nothing needs a sound
card). The plugin's output is a FIFO that this test reads: each sound opens
it, writes its samples and closes it, so every sound arrives as one stream
with the moment its first bytes came. The test checks that exactly the
sounds the workout asked for reached ALSA, sample for sample, in order, at
their planned moments.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from alsa_support import samples, send_default_pcm_to_fifo

pytest.importorskip("simpleaudio")

SUPPORT = Path(__file__).with_name("audio_support.py")
# How far a sound may land from its planned moment. The real figure is a few
# milliseconds (bench/audio_latency.py measures it); this only has to tell
# sounds 0.3 s apart from each other on a busy CI machine.
SLACK_S = 0.15


def test_a_short_workout_reaches_alsa_sound_for_sound_on_time(tmp_path: Path) -> None:
    reader = send_default_pcm_to_fifo(tmp_path)
    try:
        done = subprocess.run(
            [sys.executable, str(SUPPORT)],
            env={**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(SUPPORT.parent)},
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
    finally:
        reader.stop()
    report = json.loads(done.stdout)
    assert report["finished"]
    assert report["notices"] == [] and report["player"] == "simpleaudio"
    played = [(at, what) for at, action, what in report["asked"] if action == "play"]
    assert [what for _, what in played] == ["go", "bell", "beep", "rest", "beep", "final", "beep", "finish"]

    arrived = reader.streams
    assert len(arrived) == len(played), "one stream per sound, no more, no less"
    for (_, data), (_, name) in zip(arrived, played, strict=True):
        assert data == samples(name), f"{name} reached ALSA sample for sample"
    for (when, _), (planned, name) in zip(arrived, played, strict=True):
        assert abs((when - report["started"]) - planned) < SLACK_S, f"{name} at its planned moment"
