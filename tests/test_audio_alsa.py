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

import errno
import json
import os
import subprocess
import sys
import threading
import time
import wave
from pathlib import Path

import pytest

from kicktimer.resources import sounds_dir

pytest.importorskip("simpleaudio")

SUPPORT = Path(__file__).with_name("audio_support.py")
STOP = b"STOP"
# How far a sound may land from its planned moment. The real figure is a few
# milliseconds (bench/audio_latency.py measures it); this only has to tell
# sounds 0.3 s apart from each other on a busy CI machine.
SLACK_S = 0.15


class FifoReader(threading.Thread):
    """Collects (time of first byte, bytes) for every writer that opens and closes the FIFO."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True)
        self.path = path
        self.streams: list[tuple[float, bytes]] = []

    def run(self) -> None:
        while True:
            fd = os.open(self.path, os.O_RDONLY)
            first: float | None = None
            chunks: list[bytes] = []
            while chunk := os.read(fd, 1 << 16):
                if first is None:
                    first = time.monotonic()
                chunks.append(chunk)
            os.close(fd)
            data = b"".join(chunks)
            if data == STOP:
                return
            if first is not None:
                self.streams.append((first, data))

    def stop(self) -> None:
        for _ in range(200):
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as err:  # the reader is between two opens
                if err.errno != errno.ENXIO:
                    raise
                time.sleep(0.01)
                continue
            os.write(fd, STOP)
            os.close(fd)
            break
        self.join(5)


def samples(name: str) -> bytes:
    with wave.open(str(sounds_dir() / f"{name}.wav"), "rb") as sound:
        return sound.readframes(sound.getnframes())


def test_a_short_workout_reaches_alsa_sound_for_sound_on_time(tmp_path: Path) -> None:
    fifo = tmp_path / "pcm.raw"
    os.mkfifo(fifo)
    (tmp_path / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "{fifo}"; format "raw" }}\n'
    )
    reader = FifoReader(fifo)
    reader.start()
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
