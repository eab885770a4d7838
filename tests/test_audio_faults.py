"""When sound or voice fail, the workout still finishes and the user is told once per step down."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest

from audio_support import drive_in_fake_time, short_workout
from kicktimer.audio import make_audio

SUPPORT = Path(__file__).with_name("audio_support.py")
PLAYS = 8  # sounds in the short workout
SAYS = 1


def plays(heard: Any) -> int:
    return sum(1 for _, action, _ in heard.asked if action == "play")


@pytest.fixture
def no_simpleaudio(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "simpleaudio", None)  # `import simpleaudio` now raises ImportError


def fake_simpleaudio(monkeypatch: pytest.MonkeyPatch, works_for: int) -> list[str]:
    """A simpleaudio whose device works for `works_for` sounds, then fails to open."""
    played: list[str] = []
    module = types.ModuleType("simpleaudio")

    class WaveObject:
        def __init__(self, name: str) -> None:
            self.name = name

        @classmethod
        def from_wave_file(cls, path: str) -> WaveObject:
            return cls(Path(path).stem)

        def play(self) -> None:
            if len(played) >= works_for:
                raise RuntimeError("Error opening PCM device. -- CODE: -19 -- MSG: No such device")
            played.append(self.name)

    module.WaveObject = WaveObject  # type: ignore[attr-defined]
    module.stop_all = lambda: None  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "simpleaudio", module)
    return played


def test_simpleaudio_missing_falls_back_to_the_bell_with_one_notice(no_simpleaudio: None) -> None:
    bell = io.StringIO()
    audio = make_audio(sound=True, voice=False, bell_stream=bell)
    heard = drive_in_fake_time(audio, short_workout())
    notices = audio.take_notices()
    assert heard.finished
    assert (
        len(notices) == 1 and "simpleaudio is not installed" in notices[0] and "terminal bell" in notices[0]
    )
    assert bell.getvalue() == "\a" * plays(heard) == "\a" * PLAYS
    assert audio.take_notices() == []


def test_device_failing_mid_workout_steps_down_once_and_keeps_every_sound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    played = fake_simpleaudio(monkeypatch, works_for=3)
    bell = io.StringIO()
    audio = make_audio(sound=True, voice=False, bell_stream=bell)
    heard = drive_in_fake_time(audio, short_workout())
    assert heard.finished
    assert played == ["go", "bell", "beep"]
    assert bell.getvalue().count("\a") == PLAYS - 3, "the sound that failed is rung, not lost"
    (notice,) = audio.take_notices()
    assert "sound device failed" in notice and "No such device" in notice
    # said for a runner, not as simpleaudio's "Error opening PCM device. -- CODE: -19 -- MSG: …"
    assert "the sound device failed: none could be opened (ALSA: No such device)" in notice


def test_a_broken_bell_steps_down_to_silence_and_says_so(no_simpleaudio: None) -> None:
    class DeadTerminal(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(5, "Input/output error")

    audio = make_audio(sound=True, voice=False, bell_stream=DeadTerminal())
    heard = drive_in_fake_time(audio, short_workout())
    assert heard.finished
    first, second = audio.take_notices()
    assert "simpleaudio" in first
    assert "terminal bell failed" in second and "silence" in second
    assert audio.player == "silence"


def test_the_bell_can_ring_through_the_app(no_simpleaudio: None) -> None:
    rings: list[int] = []
    audio = make_audio(sound=True, voice=False, ring=lambda: rings.append(1))
    drive_in_fake_time(audio, short_workout())
    assert len(rings) == PLAYS


def test_voice_engine_missing_is_one_notice_and_the_workout_finishes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng, espeak or say here
    audio = make_audio(sound=False, voice=True)
    heard = drive_in_fake_time(audio, short_workout())
    assert heard.finished
    assert sum(1 for _, action, _ in heard.asked if action == "say") == SAYS
    (notice,) = audio.take_notices()
    assert "no speech engine" in notice
    audio.close()


def test_sound_off_is_the_users_choice_and_no_notice(monkeypatch: pytest.MonkeyPatch) -> None:
    played = fake_simpleaudio(monkeypatch, works_for=100)
    audio = make_audio(sound=False, voice=False)
    assert drive_in_fake_time(audio, short_workout()).finished
    assert played == [] and audio.take_notices() == []


def test_muted_is_silent_and_unmuting_brings_sound_back(monkeypatch: pytest.MonkeyPatch) -> None:
    played = fake_simpleaudio(monkeypatch, works_for=100)
    audio = make_audio(sound=True, voice=False, mute=True)
    assert audio.muted
    drive_in_fake_time(audio, short_workout())
    assert played == []
    audio.muted = False
    audio.play("go")
    assert played == ["go"]


@pytest.mark.parametrize(
    "asoundrc",
    [
        "pcm.!default { type hw; card 7 }\n",
        'pcm.!default { type plug; slave.pcm "hw:CARD=NoSuchCard,DEV=0" }\n',
    ],
)
def test_asoundrc_naming_a_missing_card_falls_back_with_one_notice(tmp_path: Path, asoundrc: str) -> None:
    pytest.importorskip("simpleaudio")
    (tmp_path / ".asoundrc").write_text(asoundrc)
    done = subprocess.run(
        [sys.executable, str(SUPPORT), "--fake-time"],
        env={**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(SUPPORT.parent)},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    report = json.loads(done.stdout)
    assert report["finished"]
    assert len(report["notices"]) == 1 and "sound device failed" in report["notices"][0]
    assert report["bells"] == PLAYS
    assert report["player"] == "the terminal bell"
    assert "ALSA lib" not in done.stderr, "ALSA's own messages must not scribble over the timer"


def test_an_unreadable_custom_wav_falls_back_for_that_cue_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    played = fake_simpleaudio(monkeypatch, works_for=100)
    real_loader = sys.modules["simpleaudio"].WaveObject.from_wave_file  # type: ignore[attr-defined]

    def from_wave_file(path: str) -> Any:
        if Path(path).read_bytes()[:4] != b"RIFF":
            raise EOFError("file does not start with RIFF id")
        return real_loader(path)

    monkeypatch.setattr(sys.modules["simpleaudio"].WaveObject, "from_wave_file", from_wave_file)
    bad = tmp_path / "bad.wav"
    bad.write_text("not a wav", encoding="utf-8")
    bell = io.StringIO()
    audio = make_audio(sound=True, voice=False, bell_stream=bell)
    for sound in (str(bad), "bell", str(bad), "beep"):
        audio.play(sound)
    assert played == ["bell", "beep"], "kick's own sounds still go through simpleaudio"
    assert bell.getvalue() == "\a\a", "the broken file's cue rings the bell, each time"
    assert audio.player == "simpleaudio"
    (notice,) = audio.take_notices()
    assert notice.startswith("Sound: cannot read bad.wav: file does not start with RIFF id")


def test_a_missing_custom_wav_is_one_notice_and_rings_the_bell(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    played = fake_simpleaudio(monkeypatch, works_for=100)
    bell = io.StringIO()
    audio = make_audio(sound=True, voice=False, bell_stream=bell)
    missing = tmp_path / "mybell.wav"
    for sound in (str(missing), "go", str(missing)):
        audio.play(sound)
    assert played == ["go"]
    assert bell.getvalue() == "\a\a"
    (notice,) = audio.take_notices()
    assert notice.startswith(f"Sound: {missing} does not exist")
