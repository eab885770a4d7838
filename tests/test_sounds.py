"""The shipped sounds: small, 16-bit mono, and exactly what tools/make_sounds.py makes."""

from __future__ import annotations

import array
import subprocess
import sys
import wave
from pathlib import Path

import pytest

from kicktimer.core.cue_schedule import SOUND_SECONDS
from kicktimer.resources import sounds_dir

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("beep", "go", "rest", "bell", "final", "halfway", "finish")


def test_every_sound_the_timer_names_is_shipped() -> None:
    assert sorted(p.stem for p in sounds_dir().glob("*.wav")) == sorted(NAMES)
    assert set(SOUND_SECONDS) == set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_sound_is_small_16_bit_mono_and_as_long_as_the_scheduler_thinks(name: str) -> None:
    path = sounds_dir() / f"{name}.wav"
    assert path.stat().st_size < 100 * 1024
    with wave.open(str(path), "rb") as sound:
        assert sound.getnchannels() == 1
        assert sound.getsampwidth() == 2
        assert sound.getframerate() == 22050
        frames = sound.getnframes()
        samples = array.array("h", sound.readframes(frames))
    assert frames / 22050 == pytest.approx(SOUND_SECONDS[name], abs=1 / 22050)
    peak = max(abs(s) for s in samples)
    assert 0.5 * 32767 < peak < 32767, "audible, never clipping"


def test_sounds_differ_in_length_so_they_can_be_told_apart_in_a_recording() -> None:
    sizes = [(sounds_dir() / f"{name}.wav").stat().st_size for name in NAMES]
    assert len(set(sizes)) == len(sizes)


def test_the_script_reproduces_the_committed_files_byte_for_byte(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "make_sounds.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.count(".wav") == len(NAMES)
    for name in NAMES:
        made = (tmp_path / f"{name}.wav").read_bytes()
        assert made == (ROOT / "sounds" / f"{name}.wav").read_bytes(), name
