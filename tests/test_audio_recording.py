"""The recording fake keeps the AudioOut contract the app relies on."""

from __future__ import annotations

from kicktimer.audio.recording import AudioEvent, RecordingAudio
from kicktimer.ports import AudioOut


def test_records_time_action_and_what_and_honours_mute() -> None:
    now = [5.0]
    audio = RecordingAudio(clock=lambda: now[0])
    port: AudioOut = audio
    port.play("go")
    now[0] = 6.5
    port.say("Knees up!")
    port.muted = True
    port.play("beep")
    port.muted = False
    port.play("finish")
    assert audio.events == [
        AudioEvent(5.0, "play", "go"),
        AudioEvent(6.5, "say", "Knees up!"),
        AudioEvent(6.5, "play", "finish"),
    ]
    assert audio.calls == [("play", "go"), ("say", "Knees up!"), ("play", "finish")]
    assert audio.plays == ["go", "finish"] and audio.says == ["Knees up!"]


def test_notices_are_taken_once_and_close_is_remembered() -> None:
    audio = RecordingAudio(notices=["Sound: simpleaudio is not installed; using the terminal bell"])
    audio.notify("Voice: no speech engine found")
    assert len(audio.take_notices()) == 2
    assert audio.take_notices() == []
    audio.close()
    assert audio.closed
