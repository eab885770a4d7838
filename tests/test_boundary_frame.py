"""What may run between a step boundary and the frame that shows it.

The boundary's frame is what the runner sees; everything that can wait runs
after it. Watched here where it happens: the app's `_display`, which every
frame goes through (also headless).
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field

from rich.console import RenderableType
from textual.screen import Screen

from app_support import advance, label, rig_for_plan
from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot
from kicktimer.core.events import StepStarted
from kicktimer.workout.model import StepKind
from plan_builders import plan_of, timed


@dataclass
class Garbage(BaseConsumer):
    """Makes enough cyclic garbage at each step start to set off the collector several times over."""

    making: bool = False
    collections_while_making: int = 0

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        if any(isinstance(effect, StepStarted) for effect in effects):
            self.making = True
            for _ in range(5 * gc.get_threshold()[0]):
                cycle: list[object] = []
                cycle.append(cycle)
            self.making = False


@dataclass
class Collections:
    """Each collection's start, as what the screen showed then and whether a frame was waiting."""

    garbage: Garbage
    during: list[str] = field(default_factory=list)

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self.during.append("making" if self.garbage.making else "after")


async def test_no_collection_runs_between_a_boundary_and_its_frame() -> None:
    """The collector's passes wait until the boundary's frame is out, then run (it stays on)."""
    garbage = Garbage()
    rig = rig_for_plan(
        plan_of(timed("One", 5), timed("Two", 5)), lead_in_s=0, extra_consumers=[lambda _: garbage]
    )
    collections = Collections(garbage)
    frames: list[str] = []
    async with rig.app.run_test(size=(100, 30)) as pilot:
        display = rig.app._display

        def display_and_note(screen: Screen[object], renderable: RenderableType | None) -> None:
            if renderable is not None:
                frames.append(label(rig.app, "#step-label"))
                collections.during.append(f"frame {frames[-1]}")
            display(screen, renderable)

        rig.app._display = display_and_note  # type: ignore[method-assign]
        assert gc.isenabled()
        gc.callbacks.append(collections)
        try:
            rig.clock.advance(5.0)
            rig.app.wake()  # the boundary: "Two" starts, and its garbage is made
            assert not gc.isenabled()  # held until the frame is drawn
            await pilot.pause()
        finally:
            gc.callbacks.remove(collections)
        assert gc.isenabled()
    assert "making" not in collections.during
    first_frame = collections.during.index("frame Two")
    assert "after" in collections.during[first_frame:]  # the garbage was collected after the frame


async def test_the_step_label_and_the_clock_take_the_new_steps_colour_family() -> None:
    """The family is restyled without Textual's animation pass: the colours still follow the step."""
    rig = rig_for_plan(plan_of(timed("Run", 5), timed("Easy", 5, StepKind.RECOVER)), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        widgets = [rig.app.screen.query_one(selector) for selector in ("#step-label", "#clock")]
        assert [widget.styles.color.hex for widget in widgets] == ["#FF7A3D", "#FF7A3D"]  # hot
        await advance(pilot, rig, 5.0)
        assert label(rig.app, "#step-label") == "Easy"
        assert [widget.styles.color.hex for widget in widgets] == ["#5CC8FF", "#5CC8FF"]  # cool


async def test_a_steps_words_are_spoken_after_its_frame_and_its_sound_before() -> None:
    """The voice starts its speech engine at once; that waits until the boundary's frame is out."""
    rig = rig_for_plan(plan_of(timed("Run 0:05", 5), timed("Easy 0:05", 5, StepKind.RECOVER)), lead_in_s=0)
    order: list[str] = []
    play, say = rig.audio.play, rig.audio.say

    def play_and_note(sound: str) -> None:
        order.append(f"play {sound}")
        play(sound)

    def say_and_note(text: str) -> None:
        order.append(f"say {text}")
        say(text)

    rig.audio.play = play_and_note  # type: ignore[method-assign]
    rig.audio.say = say_and_note  # type: ignore[method-assign]
    async with rig.app.run_test(size=(100, 30)) as pilot:
        display = rig.app._display

        def display_and_note(screen: Screen[object], renderable: RenderableType | None) -> None:
            if renderable is not None:
                order.append(f"frame {label(rig.app, '#step-label')}")
            display(screen, renderable)

        rig.app._display = display_and_note  # type: ignore[method-assign]
        await pilot.pause()
        assert "say Run 5 seconds" in order
        await advance(pilot, rig, 5.0)
    boundary = order.index("frame Easy 0:05")
    assert order[boundary - 1] == "play rest"  # the recovery's sound
    assert "say Easy 5 seconds" in order[boundary:]
