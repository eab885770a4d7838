"""Sound and history opened when the workout starts, not when the program does.

Neither is needed to draw the preview, and both cost start-up time (the
sqlite3 module and the database's checks; the audio backend and its WAV
files). These wrappers open the real thing on first use: the run session
opens the store when the workout starts (Enter), and asks the audio for its
notices at the same moment, so the sound is ready before the lead-in ends
and the first "go" is not delayed by loading.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, Protocol, TypeVar

from kicktimer.ports import AudioOut, LapRecord, SessionInfo


class DeferredAudio:
    """An `AudioOut` built by `factory(muted)` the first time it is used."""

    def __init__(self, factory: Callable[[bool], AudioOut], *, muted: bool = False) -> None:
        self._factory = factory
        self._audio: AudioOut | None = None
        self._muted = muted

    def _real(self) -> AudioOut:
        if self._audio is None:
            self._audio = self._factory(self._muted)
        return self._audio

    @property
    def muted(self) -> bool:
        return self._muted if self._audio is None else self._audio.muted

    @muted.setter
    def muted(self, value: bool) -> None:
        self._muted = value
        if self._audio is not None:
            self._audio.muted = value

    def play(self, sound: str) -> None:
        self._real().play(sound)

    def say(self, text: str) -> None:
        self._real().say(text)

    def take_notices(self) -> list[str]:
        return self._real().take_notices()

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
