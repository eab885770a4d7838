"""The history as a consumer of the run: each finished lap is written the moment it ends.

The session is started in the history when the run starts (its id goes back
to the session, for the finish screen and `kick run`'s last line), every
`StepEnded` becomes a lap row at once, so a crash never costs one, and the
session is closed as completed or aborted.

This is the one guard on the history's write path: a store that raises is
left alone from then on by the run's `Consumers`, which says so once ("History
not saved: ..."), while the laps stay on screen and in the session's log. A
store that copes by itself (`ResilientStore` keeps the session in memory for
an export) reports through `take_notices`, on the same channel.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kicktimer.app.consumers import BaseConsumer, RunConsumer, RunEffect, RunSnapshot
from kicktimer.core.events import Aborted, Finished, StepEnded
from kicktimer.core.laps import FinishedLap
from kicktimer.ports import HistoryStore, LapFigures, LapRecord, SessionInfo

if TYPE_CHECKING:
    from kicktimer.app.services import RunContext
    from kicktimer.app.session import RunSession


@runtime_checkable
class HasNotices(Protocol):
    """A store that reports its own troubles once (e.g. "History is not being saved...")."""

    def take_notices(self) -> list[str]: ...


class HistoryWriter(BaseConsumer):
    """Starts the session, writes each lap as it ends, and closes the session."""

    name = "History"

    def __init__(self, session: RunSession, store: HistoryStore, *, athletes: Sequence[str] = ()) -> None:
        self._session = session
        self._store = store
        self._athletes = tuple(athletes)
        self._started = False

    @property
    def session_id(self) -> int | None:
        return self._session.session_id

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        self._start(snapshot)
        for effect in effects:
            self.write(effect, snapshot)

    def write(self, effect: RunEffect, snapshot: RunSnapshot) -> None:
        """Store what one effect changes in the history (a coach run's writer adds the board's)."""
        session_id = self.session_id
        if session_id is None:
            return
        if isinstance(effect, StepEnded):
            self._store.record_lap(session_id, self.lap_row(effect))
        elif isinstance(effect, Finished | Aborted) and snapshot.ended_at_iso is not None:
            status = "completed" if isinstance(effect, Finished) else "aborted"
            self._store.finish_session(session_id, status, snapshot.ended_at_iso)

    def _start(self, snapshot: RunSnapshot) -> None:
        if self._started or snapshot.started_at_iso is None:
            return
        self._started = True
        plan = snapshot.plan
        info = SessionInfo(
            workout=plan.name,
            workout_yaml=self._session.workout_yaml,
            environment=plan.environment.value,
            reps=tuple(plan.reps),
            paces=dict(plan.paces_used),
            started_at=snapshot.started_at_iso,
            athletes=self._athletes,
        )
        self._session.saved_as(self._store.start_session(info))

    def lap_row(self, ended: StepEnded) -> LapRecord:
        row = FinishedLap.of_step(ended).to_lap_record(self._session.iso)
        measure = self._session.lap_figures
        if measure is None:
            return row
        figures: LapFigures = measure(ended)
        return replace(
            row,
            belt_distance_m=figures.belt_distance_m,
            avg_speed_kmh=figures.avg_speed_kmh,
            hr_avg=figures.hr_avg,
            hr_max=figures.hr_max,
        )

    def take_notices(self) -> list[str]:
        return self._store.take_notices() if isinstance(self._store, HasNotices) else []

    def failure_notice(self, error: Exception) -> str:
        return f"History not saved: {error}. Your laps stay on screen."


def write_history(context: RunContext) -> RunConsumer:
    """The run's history writer, as its mode keeps it (coach mode also writes each athlete's split)."""
    return context.run.history_writer(context.services.store)
