"""Sound and voice for the timer: `make_audio` builds what `ports.AudioOut` promises.

    audio = make_audio(sound=True, voice=True, mute=False)
    audio.play("beep"); audio.say("Knees up!")   # both return at once
    audio.muted = True                           # the m key
    for line in audio.take_notices(): ...        # "Sound: …; using the terminal bell"

Tests use `kicktimer.audio.recording.RecordingAudio` instead.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from kicktimer.audio.fallback import FallbackAudio
from kicktimer.audio.players import Silence, SimpleaudioPlayer, SoundFailed, SoundPlayer, TerminalBell
from kicktimer.audio.voice import Voice, find_speech_command
from kicktimer.resources import sounds_dir

__all__ = ["FallbackAudio", "make_audio"]

NO_VOICE_NOTICE = "Voice: no speech engine found (install espeak-ng); cues are shown, not spoken"


def make_audio(
    sound: bool = True,
    voice: bool = True,
    mute: bool = False,
    *,
    ring: Callable[[], None] | None = None,
    bell_stream: TextIO | None = None,
    sounds: Path | None = None,
    speech_command: list[str] | None = None,
) -> FallbackAudio:
    """The real audio: simpleaudio → terminal bell → silence, plus the system voice.

    `sound=False` or `voice=False` leave that part out (the user's choice, no
    notice); `mute=True` starts muted (the m key unmutes). `ring` or
    `bell_stream` say where the terminal bell goes; `speech_command` replaces
    the engine found on PATH (tests use a fake one).
    """
    players: list[SoundPlayer] = []
    failed: str | None = None
    if sound:
        try:
            players.append(SimpleaudioPlayer(sounds if sounds is not None else sounds_dir()))
        except SoundFailed as err:
            failed = str(err)
        players.append(TerminalBell(ring=ring, stream=bell_stream))
    players.append(Silence())
    audio = FallbackAudio(players)
    if failed is not None:
        audio.notify(f"Sound: {failed}; using {players[0].description}")
    if voice:
        command = speech_command if speech_command is not None else find_speech_command()
        if command is None:
            if not mute:  # a runner who chose silence is not told what they would not hear
                audio.notify(NO_VOICE_NOTICE)
        else:
            audio.attach_voice(Voice(command, on_failure=audio.notify))
    audio.muted = mute
    return audio
