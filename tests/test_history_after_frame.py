"""A finished lap is written right after the frame that shows its boundary, and never lost.

The store's commit (an fsync on a real disk) used to run inside the boundary's
wake-up, between the deadline and the frame. Now the row is made in the
wake-up and written once the screen has been refreshed; whatever still waits
is written when the run ends or the app closes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from app_support import Rig, advance, note_frames, rig_for_plan
from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot
from kicktimer.core.events import Lap, StepEnded
from kicktimer.ports import LapRecord
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


async def test_the_lap_is_committed_after_the_frame_has_gone_out() -> None:
    """The frame showing the new step is handed to the terminal before the lap's commit runs.

    The order is watched where it happens: the app's `_display` (every frame
    goes through it, also headless) and the store's `record_lap`. The lap's
    commit used to be asked for first, and Textual ran it as soon as the
    screen was idle, before the timer's widgets had told it what to draw.
    """
    rig = rig_for_plan(track_intervals(reps=2), lead_in_s=0)
    order: list[str] = []
    record_lap = rig.store.record_lap

    def record_and_note(session_id: int, lap: LapRecord) -> None:
        order.append(f"lap {lap.label}")
        record_lap(session_id, lap)

    rig.store.record_lap = record_and_note  # type: ignore[method-assign]
    async with rig.app.run_test(size=(100, 30)) as pilot:
        note_frames(rig.app, order)
        await advance(pilot, rig, 60.0)  # the warm-up ends by itself
        await pilot.pause()
        await advance(pilot, rig, 80.0)
        await pilot.press("space")  # the first 400 m rep ends on the lap key
        await pilot.pause()
    laps = [order.index(entry) for entry in order if entry.startswith("lap ")]
    assert [order[at] for at in laps] == ["lap Warm-up 1:00", "lap Run 400 m"]
    assert "frame Run 400 m" in order[: laps[0]]
    assert "frame Recover 1:00" in order[: laps[1]]
