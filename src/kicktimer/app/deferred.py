"""Sound and history opened when the workout starts, not when the program does.

Neither is needed to draw the preview, and both cost start-up time (the
sqlite3 module and the database's checks; the audio backend and its WAV
files). These wrappers open the real thing on first use: the run session
opens the store when the workout starts (Enter), and asks the audio for its
notices at the same moment, so the sound is ready before the lead-in ends
and the first "go" is not delayed by loading.

A run that starts muted (`--mute`, `sound = false`) opens no audio until
the m key unmutes it: simpleaudio, ctypes, the WAV files and libasound are
about 1 MiB of a counting run's peak memory (bench/timer_cpu.py), for
sounds nobody hears. Unmuting opens it on that key press, so the next
sound is ready, and its notices (no simpleaudio, no voice) come then.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

if TYPE_CHECKING:
    from kicktimer.ports import AudioOut, LapRecord, SessionInfo


class DeferredAudio:
    """An `AudioOut` built by `factory()` the first time it is used unmuted.

    While muted and not yet opened it plays, says and reports nothing, as the
    real audio would when muted; unmuting opens it at once.
    """

    def __init__(self, factory: Callable[[], AudioOut], *, muted: bool = False) -> None:
        self._factory = factory
        self._audio: AudioOut | None = None
        self._muted = muted

    def _real(self) -> AudioOut | None:
        """The real audio, opened now if the sound is on; None while muted and never opened."""
        if self._audio is None and not self._muted:
            self._audio = self._factory()
        return self._audio

    @property
    def opened(self) -> bool:
        return self._audio is not None

    @property
    def muted(self) -> bool:
        return self._muted if self._audio is None else self._audio.muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = value
        if self._audio is not None:
            self._audio.muted = value
        else:
            self._real()

    def play(self, sound: str) -> None:
        audio = self._real()
        if audio is not None:
            audio.play(sound)

    def say(self, text: str) -> None:
        audio = self._real()
        if audio is not None:
            audio.say(text)

    def take_notices(self) -> list[str]:
        audio = self._real()
        return [] if audio is None else audio.take_notices()

    def close(self) -> None:
        if self._audio is not None:
            self._audio.close()


class _Store(Protocol):
    """What `kick run` needs of the history: writing, the two reads of the kick report, notices."""

    def start_session(self, info: SessionInfo) -> int: ...

    def record_lap(self, session_id: int, lap: LapRecord) -> None: ...

    def finish_session(self, session_id: int, status: str, ended_at: str) -> None: ...

    def void_laps(self, session_id: int, index: int, athlete: str) -> None: ...

    def take_notices(self) -> list[str]: ...

    def close(self) -> None: ...


StoreT = TypeVar("StoreT", bound=_Store)


class DeferredStore(Generic[StoreT]):
    """A history store opened by `opener()` the first time anything is written or read."""

    def __init__(self, opener: Callable[[], StoreT]) -> None:
        self._opener = opener
        self._store: StoreT | None = None

    @property
    def opened(self) -> bool:
        return self._store is not None

    @property
    def store(self) -> StoreT:
        """The real store (opened now if it wasn't yet)."""
        if self._store is None:
            self._store = self._opener()
        return self._store

    def start_session(self, info: SessionInfo) -> int:
        return self.store.start_session(info)

    def record_lap(self, session_id: int, lap: LapRecord) -> None:
        self.store.record_lap(session_id, lap)

    def finish_session(self, session_id: int, status: str, ended_at: str) -> None:
        self.store.finish_session(session_id, status, ended_at)

    def void_laps(self, session_id: int, index: int, athlete: str) -> None:
        self.store.void_laps(session_id, index, athlete)

    def take_notices(self) -> list[str]:
        return [] if self._store is None else self._store.take_notices()

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
