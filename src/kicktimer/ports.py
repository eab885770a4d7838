"""The shell's I/O, as the app sees it: sound and the history store.

The app receives these through its constructor (see `kicktimer.app.factory`),
so tests hand it a recording audio fake and an in-memory store, and the real
program hands it simpleaudio and SQLite. Nothing here imports an I/O library.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class AudioOut(Protocol):
    """Where cues become sound. Must never raise and never block.

    A backend that fails falls back by itself (terminal bell, then silence)
    and reports it once through `take_notices`.
    """

    muted: bool

    def play(self, sound: str) -> None:
        """Start a named sound from `sounds/` (or a .wav path) and return at once."""

    def say(self, text: str) -> None:
        """Start speaking `text` and return at once."""

    def take_notices(self) -> list[str]:
        """One-time messages for the screen, e.g. "Sound failed: using the terminal bell"."""
        return []

    def close(self) -> None:
        """Stop whatever is playing and release the device."""


@dataclass(frozen=True)
class SessionInfo:
    """What is known of a session when it starts."""

    workout: str
    workout_yaml: str
    environment: str
    reps: tuple[int, ...]
    paces: dict[str, float]
    started_at: str  # ISO 8601, milliseconds, local time with offset
    athletes: tuple[str, ...] = ()


@dataclass(frozen=True)
class LapRecord:
    """One finished segment (or one athlete's split of it), written as it happens."""

    index: int
    kind: str
    label: str
    rep: str | None
    planned_s: float | None
    target_s: float | None
    actual_s: float | None
    paused_s: float
    started_at: str
    ended_at: str
    athlete: str | None = None
    distance_m: float | None = None  # the step's distance, when it has one (pace and split analysis)
    ended_by: str | None = None  # the engine's EndReason ("time", "lap", "skip", ...); "dnf" in coach mode
    belt_distance_m: float | None = None  # what the treadmill's belt covered (None: no treadmill connected)
    avg_speed_kmh: float | None = None  # belt distance over the lap's running time
    hr_avg: float | None = None  # the heart-rate strap's mean over the lap (None: no strap)
    hr_max: int | None = None
    set: str | None = None  # "1/3" in a nested repeat (`core.laps.lap_place`); None outside one, old files


@dataclass(frozen=True)
class LapFigures:
    """What devices measured during one lap; each None when no device told."""

    belt_distance_m: float | None = None
    avg_speed_kmh: float | None = None
    hr_avg: float | None = None
    hr_max: int | None = None


class HistoryStore(Protocol):
    """Where sessions and laps are kept. Writing a lap commits it before returning."""

    def start_session(self, info: SessionInfo) -> int: ...

    def record_lap(self, session_id: int, lap: LapRecord) -> None: ...

    def finish_session(self, session_id: int, status: str, ended_at: str) -> None: ...

    def void_laps(self, session_id: int, index: int, athlete: str) -> None:
        """Take back every lap of step `index` recorded for `athlete`, committed before returning.

        Coach mode writes each athlete's split the moment it is taken; this is
        how an undone split (or a rep run again after Back) leaves the history.
        """
        ...
