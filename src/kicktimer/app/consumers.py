"""Everything a run drives is a consumer of the same two streams.

A run produces two things, and nothing else is read from it:

- the **effects**, as they happen: the engine's (step started, lap ended,
  cue due, finished...) and, in coach mode, the board's (split taken, rep
  closed...);
- a **snapshot** (`RunSnapshot`) taken after each wake-up or key.

History, sound and voice, and the timer screen are consumers of those
streams (`RunConsumer`), and so is anything added later: a treadmill
driver, a coach's board in a browser. `Consumers` hands each batch to every
consumer in turn and keeps them apart: a consumer that raises, or says it
has failed, is reported once on the run's one notice channel and left out
from then on, so it never stops the timer or another consumer.

Calls are synchronous and must return at once. A consumer with I/O of its
own (a Bluetooth device, a web server) hands the work to its own asyncio
task through a queue of one, latest snapshot wins, and never awaits here.

Adding a consumer is one module with a class (subclass `BaseConsumer` for
the no-op defaults) and one line in `kicktimer.app.factory.CONSUMERS`,
`on_run_start("kicktimer.app.my_module:my_factory")`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeAlias

if TYPE_CHECKING:
    from kicktimer.core.coach.session import AthleteRow, BoardEffect
    from kicktimer.core.engine_view import EngineView
    from kicktimer.core.events import Effect, SplitRecorded, StepEnded
    from kicktimer.core.segments import Plan

RunEffect: TypeAlias = "Effect | BoardEffect"
"""One thing that happened in a run: an engine effect, or in coach mode a board effect."""


@dataclass(frozen=True)
class RunSnapshot:
    """The run at one moment: the one thing the screen, the board and devices read.

    Taken after each wake-up or key, after the effects of that moment were
    handed out. It is immutable, so a consumer may keep it (a web server's
    latest state) without copying.

    - `workout`: the plan's name, as written; `plan`: the whole plan.
    - `at`: the monotonic moment of the view; `view`: the engine then.
    - `laps`: every step ended so far; `splits`: every lap-key split.
    - `session_id`: the history's id once the session is stored (None before,
      or when the history could not start it).
    - `started_at_iso`/`ended_at_iso`: wall-clock start and end, once known.
    - `finished_total_s`: the running total once the workout finished.
    - `athletes`: coach mode's board rows at the same moment (empty solo).
    """

    workout: str
    plan: Plan
    at: float
    view: EngineView
    laps: tuple[StepEnded, ...]
    splits: tuple[SplitRecorded, ...]
    session_id: int | None
    started_at_iso: str | None
    ended_at_iso: str | None
    finished_total_s: float | None
    athletes: tuple[AthleteRow, ...] = ()


class RunConsumer(Protocol):
    """Something a run drives: given every effect and every snapshot; never blocks."""

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        """What just happened, in order, with the snapshot taken right after."""

    def on_snapshot(self, snapshot: RunSnapshot) -> None:
        """The run after a wake-up or key (after `on_effects` when there were effects)."""

    def take_notices(self) -> list[str]:
        """One-time messages for the runner (a device dropped out...); each returned once."""

    def failed(self) -> str | None:
        """The notice saying this consumer has given up, or None while it works."""

    def failure_notice(self, error: Exception) -> str:
        """What to tell the runner when this consumer raised `error` (it is then left out)."""

    def close(self) -> None:
        """The run is over: let go of anything held (a connection, a task)."""


class BaseConsumer:
    """No-op defaults for every `RunConsumer` method; override the ones you need."""

    name = "A consumer"

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        return None

    def on_snapshot(self, snapshot: RunSnapshot) -> None:
        return None

    def take_notices(self) -> list[str]:
        return []

    def failed(self) -> str | None:
        return None

    def failure_notice(self, error: Exception) -> str:
        return f"{self.name} stopped: {error}. The workout goes on."

    def close(self) -> None:
        return None


class Consumers:
    """Hands each batch of effects and each snapshot to every consumer, keeping them apart.

    A consumer that raises (or whose `failed()` says so) is reported once,
    through `take_notices`, and skipped from then on. Everything any consumer
    wants to tell the runner comes out of the same `take_notices`: the run
    has one notice channel.
    """

    def __init__(self, consumers: Sequence[RunConsumer]) -> None:
        self._live: list[RunConsumer] = list(consumers)
        self._notices: list[str] = []

    def effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        if effects:
            self._each(lambda consumer: consumer.on_effects(effects, snapshot))

    def snapshot(self, snapshot: RunSnapshot) -> None:
        self._each(lambda consumer: consumer.on_snapshot(snapshot))

    def close(self) -> None:
        self._each(lambda consumer: consumer.close())
        self._live.clear()

    def take_notices(self) -> list[str]:
        """New one-time messages from the consumers, and one for each that failed."""
        self._each(lambda consumer: self._notices.extend(consumer.take_notices()))
        notices, self._notices = self._notices, []
        return notices

    def _each(self, call: Callable[[RunConsumer], None]) -> None:
        for consumer in list(self._live):
            if consumer in self._live:
                self._guarded(consumer, call)

    def _guarded(self, consumer: RunConsumer, call: Callable[[RunConsumer], None]) -> None:
        try:
            call(consumer)
            gave_up = consumer.failed()
        except Exception as error:  # a consumer's bug or lost device must not stop the timer
            self._drop(consumer, consumer.failure_notice(error))
            return
        if gave_up is not None:
            self._drop(consumer, gave_up)

    def _drop(self, consumer: RunConsumer, notice: str) -> None:
        self._live.remove(consumer)
        with contextlib.suppress(Exception):  # what it had still to say, if it can say it
            self._notices.extend(consumer.take_notices())
        self._notices.append(notice)
