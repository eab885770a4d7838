"""ALSA's file plugin as a test microphone: every sound played lands in a FIFO the test reads.

`send_default_pcm_to_fifo(home)` writes an .asoundrc into `home` that routes
the default PCM to the file plugin (with the null plugin as its slave, so no
sound card is needed) writing raw samples into a FIFO. Each sound opens the
FIFO, writes its samples and closes it, so `FifoReader` sees every sound as
one stream together with the moment its first bytes came.
"""

from __future__ import annotations

import errno
import os
import threading
import time
import wave
from pathlib import Path

from kicktimer.resources import sounds_dir

STOP = b"STOP"


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


def send_default_pcm_to_fifo(home: Path) -> FifoReader:
    """Make `home`/.asoundrc route the default PCM into a new FIFO; return a started reader for it."""
    fifo = home / "pcm.raw"
    os.mkfifo(fifo)
    (home / ".asoundrc").write_text(
        f'pcm.!default {{ type file; slave.pcm "null"; file "{fifo}"; format "raw" }}\n'
    )
    reader = FifoReader(fifo)
    reader.start()
    return reader


def samples(name: str) -> bytes:
    """The raw frames of sounds/NAME.wav, as ALSA receives them."""
    with wave.open(str(sounds_dir() / f"{name}.wav"), "rb") as sound:
        return sound.readframes(sound.getnframes())
