"""A finished lap is written right after the frame that shows its boundary, and never lost.

The store's commit (an fsync on a real disk) used to run inside the boundary's
wake-up, between the deadline and the frame. Now the row is made in the
wake-up and written once the screen has been refreshed; whatever still waits
is written when the run ends or the app closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app_support import Rig, advance, rig_for_plan
from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot
from kicktimer.core.events import Lap, StepEnded
from plan_builders import track_intervals


@dataclass
class StoredWhenEnded(BaseConsumer):
    """Notes how many laps the store held when each lap's end reached the consumers."""

    rig: Rig | None = None
    stored_then: list[int] = field(default_factory=list)

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        if self.rig is not None and snapshot.session_id is not None:
            for effect in effects:
                if isinstance(effect, StepEnded):
                    self.stored_then.append(stored_laps(self.rig))


def stored_laps(rig: Rig) -> int:
    session = rig.app.session
    assert session is not None and session.session_id is not None
    return len(rig.store.get_session(session.session_id).laps)


async def test_a_lap_is_written_after_the_frame_that_shows_its_end() -> None:
    watcher = StoredWhenEnded()
    rig = rig_for_plan(track_intervals(reps=2), lead_in_s=0, extra_consumers=[lambda _: watcher])
    watcher.rig = rig
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")  # the warm-up ends: its lap waits for the frame
        await pilot.pause()
        assert stored_laps(rig) == 1
        await advance(pilot, rig, 80.0)
        await pilot.press("space")  # the first 400 m rep
        await pilot.pause()
        assert stored_laps(rig) == 2
    # while the boundary's wake-up ran, the lap was not yet written (the frame came first)
    assert watcher.stored_then == [0, 1]


async def test_leaving_the_app_mid_workout_writes_the_lap_that_just_ended() -> None:
    rig = rig_for_plan(track_intervals(reps=2), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.press("n")
        await advance(pilot, rig, 80.0)
        session = rig.app.session
        assert session is not None
        session.send(Lap)  # the rep's lap key, and the app is left before any frame
        rig.app.exit()
    assert stored_laps(rig) == 2
