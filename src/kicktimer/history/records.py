"""What the history gives back: whole sessions with their laps, and the reading interface.

Writing goes through `kicktimer.ports.HistoryStore` (the app only ever writes).
Reading is separate because the commands (`kick history`, `kick export`) and
the finish screen read, and because a reader must be able to say
"interrupted", which is not a status anyone writes: it is what a `running`
session whose process is gone turns out to be.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from kicktimer.ports import HistoryStore, LapRecord, SessionInfo

RUNNING = "running"
COMPLETED = "completed"
ABORTED = "aborted"
INTERRUPTED = "interrupted"

#: Statuses a writer may pass to `finish_session`.
FINAL_STATUSES = frozenset({COMPLETED, ABORTED})

#: Lap fields in the order the JSON output and the CSV export use.
LAP_FIELDS: tuple[str, ...] = (
    "index",
    "label",
    "kind",
    "rep",
    "athlete",
    "planned_s",
    "target_s",
    "actual_s",
    "paused_s",
    "distance_m",
    "ended_by",
    "started_at",
    "ended_at",
    "belt_distance_m",
    "avg_speed_kmh",
    "hr_avg",
    "hr_max",
    "set",  # last, so a CSV read by column position before it was added reads as it did
)


def encode_json(data: dict[str, Any]) -> bytes:
    """How `kick history --json` writes a session (`SessionRecord.to_json()`) on its line, as UTF-8.

    orjson rather than `json`: at 10,000 sessions it writes the 200,000 laps'
    dicts several times faster (the float-to-text step was 0.41 s of `json`'s
    C encoder). Its text is compact JSON, non-ASCII as it is; a float that is
    not finite (`inf`, `nan`) is `null`, where `json` wrote `Infinity`, which
    is not JSON. Imported here, not at the top, so a run that never lists the
    history does not load it.
    """
    from orjson import dumps

    return dumps(data)


class UnknownSession(LookupError):
    """A session id the store has never handed out."""

    def __init__(self, session_id: int) -> None:
        self.session_id = session_id
        super().__init__(f"no session {session_id}")


@dataclass(frozen=True)
class SessionRecord:
    """A stored session as read back, laps in the order they were written."""

    id: int
    workout: str
    workout_yaml: str
    environment: str
    reps: tuple[int, ...]
    paces: dict[str, float]
    athletes: tuple[str, ...]
    started_at: str
    ended_at: str | None
    status: str
    laps: tuple[LapRecord, ...]

    @classmethod
    def from_info(
        cls,
        session_id: int,
        info: SessionInfo,
        *,
        status: str = RUNNING,
        ended_at: str | None = None,
        laps: tuple[LapRecord, ...] = (),
    ) -> SessionRecord:
        return cls(
            id=session_id,
            workout=info.workout,
            workout_yaml=info.workout_yaml,
            environment=info.environment,
            reps=tuple(info.reps),
            paces=dict(info.paces),
            athletes=tuple(info.athletes),
            started_at=info.started_at,
            ended_at=ended_at,
            status=status,
            laps=laps,
        )

    @property
    def outcome(self) -> str:
        """The status as people read it: `finished, 3 steps skipped` for a run that reached its
        end past skipped steps (`core.laps.outcome_text`); the JSON keeps the stored status."""
        # Imported here: core.laps brings the engine's events (19 dataclasses, ~10 ms to define), which
        # `kick history --json` and every store-only command would pay for at start without using them.
        from kicktimer.core.laps import outcome_text, skipped_steps

        endings = ((lap.index, lap.ended_by) for lap in self.laps if lap.athlete is None)
        return outcome_text(self.status, skipped_steps(endings))

    def to_json(self, *, with_yaml: bool = False) -> dict[str, Any]:
        """The shape `kick history --json` and `kick export --format json` print."""
        data: dict[str, Any] = {
            "id": self.id,
            "workout": self.workout,
            "status": self.status,
            "environment": self.environment,
            "started_at": self.started_at,
            "ended_at": self.ended_at,
            "reps": list(self.reps),
            "paces": dict(self.paces),
            "athletes": list(self.athletes),
            "laps": [lap_to_json(lap) for lap in self.laps],
        }
        if with_yaml:
            data["workout_yaml"] = self.workout_yaml
        return data


def lap_to_json(lap: LapRecord) -> dict[str, Any]:
    return {name: getattr(lap, name) for name in LAP_FIELDS}


class HistoryReader(Protocol):
    """Reading the history back. Every store in `kicktimer.history` implements it."""

    def list_sessions(self, workout: str | None = None, limit: int | None = None) -> list[SessionRecord]:
        """Sessions newest first (by start time), optionally of one workout only."""
        ...

    def iter_sessions(self, workout: str | None = None, limit: int | None = None) -> Iterator[SessionRecord]:
        """Sessions newest first, read as they are consumed: for output that grows with the history."""
        ...

    def get_session(self, session_id: int) -> SessionRecord:
        """One session with its laps; raises `UnknownSession`."""
        ...

    def previous_session(self, workout: str, before: SessionRecord) -> SessionRecord | None:
        """The latest session of `workout` that started before `before` did."""
        ...

    def workout_names(self) -> list[str]:
        """Every workout name that has at least one session, sorted."""
        ...


class SessionStore(HistoryStore, HistoryReader, Protocol):
    """A store the app can both write to and read its finished session back from."""

    def take_notices(self) -> list[str]:
        """One-time messages for the screen (history not saved, database moved aside...)."""
        ...

    def close(self) -> None: ...


def local_now_iso() -> str:
    """Now as ISO 8601 local time with offset and milliseconds, the form every timestamp uses."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def iso_at(epoch_s: float) -> str:
    """A wall-clock time (seconds since the epoch) in the history's timestamp form.

    The engine works in monotonic seconds; the app keeps one pair
    (wall, monotonic) from the session start and converts with this.
    """
    return datetime.fromtimestamp(epoch_s).astimezone().isoformat(timespec="milliseconds")


def sort_key(record: SessionRecord) -> tuple[float, int]:
    """Newest-first ordering key that compares instants, not strings (offsets may differ)."""
    try:
        instant = datetime.fromisoformat(record.started_at).timestamp()
    except ValueError:
        instant = 0.0
    return (instant, record.id)
