"""The audio the timer really uses: sounds with fallbacks, an optional voice, one mute switch.

Sounds go to the first player that works: simpleaudio, then the terminal
bell, then silence. When a player fails (it cannot load, the device cannot be
opened, or it breaks in the middle of a workout) the sound is handed to the
next player at once, and the user gets one notice for that step down. Nothing
here raises into the timer and nothing waits for a sound or a phrase to end.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from kicktimer.audio.players import OneSoundFailed, Silence, SoundFailed, SoundPlayer
from kicktimer.audio.voice import Voice


class FallbackAudio:
    """Implements `ports.AudioOut` over a chain of sound players and an optional voice."""

    def __init__(self, players: Sequence[SoundPlayer], voice: Voice | None = None) -> None:
        self._players = list(players) or [Silence()]
        self._voice = voice
        self._muted = False
        self._lock = threading.Lock()
        self._notices: list[str] = []
        self._told: set[str] = set()

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = value
        if value:
            self._players[0].stop()
            if self._voice is not None:
                self._voice.stop()

    def attach_voice(self, voice: Voice) -> None:
        """Speak through `voice` from now on (it reports its failures through `notify`)."""
        self._voice = voice

    @property
    def player(self) -> str:
        """What sounds are going through now, e.g. "simpleaudio" or "the terminal bell"."""
        return self._players[0].description

    def play(self, sound: str) -> None:
        if self._muted:
            return
        level = 0
        while True:
            player = self._players[level]
            try:
                player.play(sound)
                return
            except OneSoundFailed as err:  # that sound only: it goes down a level, the player stays
                level += 1
                if sound not in self._told:
                    self._told.add(sound)
                    self.notify(f"Sound: {err}; that cue uses {self._players[level].description}")
            except SoundFailed as err:
                self._step_down(level, str(err))
            except Exception as err:  # a player must never take the timer down with it
                self._step_down(level, f"{player.description} failed: {err}")

    def say(self, text: str) -> None:
        if self._muted or self._voice is None:
            return
        self._voice.say(text)

    def take_notices(self) -> list[str]:
        with self._lock:
            taken, self._notices = self._notices, []
        return taken

    def close(self) -> None:
        self._players[0].stop()
        if self._voice is not None:
            self._voice.close()

    def notify(self, message: str) -> None:
        """Queue a one-time message for the screen (thread-safe: the voice worker calls it)."""
        with self._lock:
            self._notices.append(message)

    def _step_down(self, level: int, reason: str) -> None:
        self._players.pop(level)
        if len(self._players) <= level:
            self._players.append(Silence())
        self.notify(f"Sound: {reason}; using {self._players[level].description}")
