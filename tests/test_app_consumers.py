"""A run's consumers: one module and one factory line add one, and a broken one costs nothing.

The logging consumer here is what a treadmill driver or a board server is
to the run: it is built by the factory from the run's context, gets every
effect and every snapshot, and may not stop the timer when it breaks.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app_support import advance, label, rig_for_plan, shown_notices
from kicktimer.app.coach.mode import CoachMode
from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot
from kicktimer.app.services import RunContext
from kicktimer.core.coach.session import SplitTaken, assign_keys
from kicktimer.core.events import Finished, Pause, State, StepEnded, StepStarted
from plan_builders import track_intervals


@dataclass
class LoggingConsumer(BaseConsumer):
    """Keeps everything it is given."""

    effects: list[RunEffect] = field(default_factory=list)
    snapshots: list[RunSnapshot] = field(default_factory=list)
    closed: bool = False

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        self.effects.extend(effects)

    def on_snapshot(self, snapshot: RunSnapshot) -> None:
        self.snapshots.append(snapshot)

    def close(self) -> None:
        self.closed = True


class BrokenConsumer(BaseConsumer):
    """Raises on the first lap that ends, like a device that drops out mid-rep."""

    name = "The broken gadget"

    def __init__(self) -> None:
        self.calls = 0

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        self.calls += 1
        if any(isinstance(effect, StepEnded) for effect in effects):
            raise ConnectionError("link lost")


class GivesUp(BaseConsumer):
    """Declares itself failed after its first snapshot, without raising."""

    def __init__(self) -> None:
        self.snapshots = 0

    def on_snapshot(self, snapshot: RunSnapshot) -> None:
        self.snapshots += 1

    def failed(self) -> str | None:
        return "Treadmill lost: the workout goes on" if self.snapshots else None


async def test_a_consumer_added_through_the_factory_gets_every_effect_and_snapshot() -> None:
    made: list[tuple[LoggingConsumer, RunContext]] = []

    def log_run(context: RunContext) -> LoggingConsumer:
        consumer = LoggingConsumer()
        made.append((consumer, context))
        return consumer

    rig = rig_for_plan(track_intervals(reps=1), lead_in_s=0, extra_consumers=[log_run])
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")  # warm-up skipped
        await advance(pilot, rig, 75.0)
        await pilot.press("space")  # the 400 m rep
        await pilot.press("n")
        await pilot.pause()
    ((consumer, context),) = made
    assert context.plan is rig.app.session.plan  # type: ignore[union-attr]
    started = [effect.segment.label for effect in consumer.effects if isinstance(effect, StepStarted)]
    assert started == [segment.label for segment in context.plan.segments]
    assert isinstance(consumer.effects[-1], Finished)
    ended = [effect for effect in consumer.effects if isinstance(effect, StepEnded)]
    assert [effect.reason for effect in ended] == ["skip", "lap", "skip"]
    # a snapshot after each key and wake-up, the last one at the finish with every lap in it
    assert len(consumer.snapshots) >= 4
    last = consumer.snapshots[-1]
    assert last.view.state is State.FINISHED
    assert last.laps == tuple(ended)
    assert last.workout == context.plan.name
    assert last.session_id is not None and last.session_id == rig.app.session.session_id  # type: ignore[union-attr]
    rep = next(snap for snap in consumer.snapshots if snap.view.segment is not None and snap.view.segment.rep)
    assert rep.view.step_elapsed_s == 0.0
    assert consumer.closed


async def test_a_consumer_that_raises_is_reported_once_and_the_run_finishes() -> None:
    broken = BrokenConsumer()
    watcher = LoggingConsumer()
    rig = rig_for_plan(
        track_intervals(reps=2), lead_in_s=0, extra_consumers=[lambda _: broken, lambda _: watcher]
    )
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        assert label(rig.app, "#step-label") == "Run 400 m"
        for _ in range(3):
            await pilot.press("space")
            await pilot.press("n")
        await pilot.pause()
        messages = shown_notices(rig.app)
    assert sum("The broken gadget stopped: link lost" in message for message in messages) == 1
    assert broken.calls == 2  # the start, then the lap it broke on; never again
    assert rig.app.session is not None and rig.app.session.state is State.FINISHED
    # the others went on: every lap stored, every effect seen, every sound played
    stored = rig.store.get_session(rig.app.session.session_id or 0)
    assert len(stored.laps) == len(rig.app.session.plan.segments)
    assert isinstance(watcher.effects[-1], Finished)
    assert ("play", "finish") in rig.audio.calls


async def test_a_consumer_that_declares_itself_failed_is_reported_once_and_left_out() -> None:
    quitter = GivesUp()
    rig = rig_for_plan(track_intervals(reps=1), lead_in_s=0, extra_consumers=[lambda _: quitter])
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await advance(pilot, rig, 10.0)
        await pilot.press("space")
        await pilot.pause()
        messages = shown_notices(rig.app)
    assert messages.count("Treadmill lost: the workout goes on") == 1
    assert quitter.snapshots == 1


async def test_coach_mode_hands_the_board_effects_and_rows_to_every_consumer() -> None:
    watcher = LoggingConsumer()
    rig = rig_for_plan(
        track_intervals(reps=1),
        lead_in_s=0,
        mode=CoachMode(assign_keys(["Ana", "Ben"])),
        extra_consumers=[lambda _: watcher],
    )
    async with rig.app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await advance(pilot, rig, 70.0)
        await pilot.press("1")
        await pilot.pause()
    (taken,) = [effect for effect in watcher.effects if isinstance(effect, SplitTaken)]
    assert taken.athlete.name == "Ana" and taken.split_s == 70.0
    assert [row.athlete.name for row in watcher.snapshots[-1].athletes] == ["Ana", "Ben"]


SOLO_RUN_AND_QUIT = """
import asyncio, sys
sys.path.insert(0, {tests!r})
from app_support import rig_for_plan
from plan_builders import track_intervals

async def main():
    rig = rig_for_plan(track_intervals(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n", "space", "q", "y")
        await pilot.pause()
    print(rig.app.return_value.status)
    print(sorted(name for name in sys.modules if ".coach" in name))

asyncio.run(main())
"""


def test_a_solo_run_loads_no_coach_code_even_when_it_quits() -> None:
    """Coach mode is its own RunMode: nothing in the shared shell reaches for it on a solo run."""
    program = SOLO_RUN_AND_QUIT.format(tests=str(Path(__file__).parent))
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["aborted", "[]"], result.stdout + result.stderr


async def test_a_consumer_acts_on_the_run_through_the_timers_controls_as_a_key_would() -> None:
    """A treadmill stopped on its console pauses the timer: the run redraws and asks for no wake-up."""
    contexts: list[RunContext] = []

    def keep(context: RunContext) -> LoggingConsumer:
        contexts.append(context)
        return LoggingConsumer()

    rig = rig_for_plan(track_intervals(reps=1), lead_in_s=0, extra_consumers=[keep])
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await advance(pilot, rig, 5.0)
        (context,) = contexts
        context.controls.send_event(Pause)  # from the device's own task
        await pilot.pause()
        assert rig.app.session is not None and rig.app.session.state is State.PAUSED
        assert rig.app.screen.has_class("-paused")
        assert rig.app.next_wake_at is None
