"""A recording stand-in for the real audio, for app and engine tests.

It keeps every sound and phrase it is asked for, with the time it was asked
(from an injectable clock, so a test's fake clock stamps it), and honours
`muted` like the real one: nothing is heard, so nothing is recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Literal, NamedTuple

Action = Literal["play", "say"]


class AudioEvent(NamedTuple):
    """One thing the timer asked to hear: when, "play" or "say", and the sound name or text."""

    at: float
    action: Action
    what: str


class RecordingAudio:
    """Implements `ports.AudioOut` by remembering instead of sounding."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, notices: Iterable[str] = ()) -> None:
        self.muted = False
        self.closed = False
        self.events: list[AudioEvent] = []
        self._clock = clock
        self._notices = list(notices)

    def play(self, sound: str) -> None:
        if not self.muted:
            self.events.append(AudioEvent(self._clock(), "play", sound))

    def say(self, text: str) -> None:
        if not self.muted:
            self.events.append(AudioEvent(self._clock(), "say", text))

    def take_notices(self) -> list[str]:
        taken, self._notices = self._notices, []
        return taken

    def close(self) -> None:
        self.closed = True

    def notify(self, message: str) -> None:
        """Queue a notice, as a real backend does when it falls back (for tests of the screen)."""
        self._notices.append(message)

    @property
    def calls(self) -> list[tuple[Action, str]]:
        """The events without their times: `("play", "go")`, `("say", "Knees up!")`."""
        return [(event.action, event.what) for event in self.events]

    @property
    def plays(self) -> list[str]:
        return [event.what for event in self.events if event.action == "play"]

    @property
    def says(self) -> list[str]:
        return [event.what for event in self.events if event.action == "say"]
