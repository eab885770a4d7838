"""The history as a consumer of the run: each finished lap is written the moment it ends.

The session is started in the history when the run starts (its id goes back
to the session, for the finish screen and `kick run`'s last line), every
`StepEnded` becomes a lap row at once, so a crash never costs one, and the
session is closed as completed or aborted.

"At once" means right after the frame that shows the boundary: the row is
made in the boundary's wake-up (figures such as heart rate are read then),
but the store's write, an SQLite commit with an fsync of 3-12 ms, waits until
the screen has been refreshed (`after_frame`: the session keeps it until the
timer screen has had the moment's changes, then the run control hands it to
Textual's `call_after_refresh`). Committed in the callback itself it sat
between the deadline and the frame every runner watches. The writes keep their order, and
whatever is still waiting is written when the run ends or the app closes
(`close`), so a lap is on disk within milliseconds of its boundary.

This is the one guard on the history's write path: a store that raises is
left alone from then on by the run's `Consumers`, which says so once ("History
not saved: ..."), while the laps stay on screen and in the session's log. A
store that copes by itself (`ResilientStore` keeps the session in memory for
an export) reports through `take_notices`, on the same channel.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
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


AfterFrame = Callable[[Callable[[], None]], bool]
"""Runs a callback once the screen has been refreshed; False when it cannot (then it is run at once)."""


class HistoryWriter(BaseConsumer):
    """Starts the session, writes each lap as it ends, and closes the session."""

    name = "History"

    def __init__(
        self,
        session: RunSession,
        store: HistoryStore,
        *,
        athletes: Sequence[str] = (),
        after_frame: AfterFrame | None = None,
    ) -> None:
        self._session = session
        self._store = store
        self._athletes = tuple(athletes)
        self._started = False
        self._after_frame = after_frame
        self._pending: list[Callable[[], None]] = []
        self._failure: str | None = None
        # asked once: a runtime protocol check is slow, and the notices are asked for every second
        self._store_notices = store.take_notices if isinstance(store, HasNotices) else None

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
            self.keep(partial(self._store.record_lap, session_id, self.lap_row(effect)))
        elif isinstance(effect, Finished | Aborted) and snapshot.ended_at_iso is not None:
            status = "completed" if isinstance(effect, Finished) else "aborted"
            self.keep(partial(self._store.finish_session, session_id, status, snapshot.ended_at_iso))

    def keep(self, write: Callable[[], None]) -> None:
        """One write to the store, done after the next frame (at once without `after_frame`)."""
        if self._failure is not None:
            return
        self._pending.append(write)
        if len(self._pending) > 1:
            return  # a flush is already waiting for the frame
        if self._after_frame is None or not self._after_frame(self.flush):
            self.flush()

    def flush(self) -> None:
        """Every write still waiting, in order; a store that raises is reported through `failed`."""
        while self._pending and self._failure is None:
            write = self._pending.pop(0)
            try:
                write()
            except Exception as error:  # reported once by the run's Consumers, which then leave it out
                self._failure = self.failure_notice(error)
        self._pending.clear()

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
        return [] if self._store_notices is None else self._store_notices()

    def failed(self) -> str | None:
        return self._failure

    def close(self) -> None:
        self.flush()

    def failure_notice(self, error: Exception) -> str:
        return f"History not saved: {error}. Your laps stay on screen."


def write_history(context: RunContext) -> RunConsumer:
    """The run's history writer, as its mode keeps it (coach mode also writes each athlete's split)."""
    return context.run.history_writer(context.services.store, context.session.after_frame)
