"""Sound and voice as a consumer of the run: what the runner hears, effect by effect.

A step's start sound (the first step's is the louder "go"), its spoken
announcement, each cue's sound and words, the countdown beeps and the finish
sound. The audio port promises never to raise or block and reports its own
troubles (a failed device falling back to the bell) through `take_notices`.

Sounds start at their moment. Words are handed to the voice after the frame
that shows the moment (`RunSession.after_frame`): the voice starts its
speech engine (espeak-ng) at once on a thread of its own, and that process
start and the engine's first tens of milliseconds of synthesis competed for
the interpreter and the cores with the boundary's frame (p99 15 ms with
sound and voice on beside 8.7 ms without, bench/screen_boundaries.py
--sound). A phrase starting a few milliseconds later is not heard as late.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot
from kicktimer.core.announce import start_sound, step_phrase
from kicktimer.core.events import CountdownBeep, CueDue, Finished, StepStarted
from kicktimer.ports import AudioOut

if TYPE_CHECKING:
    from kicktimer.app.history_writer import AfterFrame
    from kicktimer.app.services import RunContext


class SoundAndVoice(BaseConsumer):
    """Plays and speaks the run's effects through an `AudioOut`."""

    name = "Sound"

    def __init__(
        self, audio: AudioOut, *, speak_steps: bool = True, after_frame: AfterFrame | None = None
    ) -> None:
        self._audio = audio
        self._speak_steps = speak_steps
        self._after_frame = after_frame
        self._first_step_heard = False

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        audio = self._audio
        words: list[str] = []
        for effect in effects:
            if isinstance(effect, StepStarted):
                audio.play(start_sound(effect.segment, first=not self._first_step_heard))
                self._first_step_heard = True
                if self._speak_steps:
                    words.append(step_phrase(effect.segment))
            elif isinstance(effect, CueDue):
                if effect.cue.sound:
                    audio.play(effect.cue.sound)
                if effect.cue.text:
                    words.append(effect.cue.text)
            elif isinstance(effect, CountdownBeep):
                audio.play("beep")
            elif isinstance(effect, Finished):
                audio.play("finish")
        if words:
            say = self._saying(words)
            if self._after_frame is None or not self._after_frame(say):
                say()

    def _saying(self, words: list[str]) -> Callable[[], None]:
        def say() -> None:
            for phrase in words:
                self._audio.say(phrase)

        return say

    def take_notices(self) -> list[str]:
        return self._audio.take_notices()


def sound_and_voice(context: RunContext) -> SoundAndVoice:
    services = context.services
    return SoundAndVoice(
        services.audio, speak_steps=services.speak_steps, after_frame=context.session.after_frame
    )
