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
from textual.app import App
from textual.screen import Screen

from app_support import advance, label, note_frames, rig_for_plan
from kicktimer.app.coach.mode import CoachMode
from kicktimer.app.consumers import BaseConsumer, RunEffect, RunSnapshot
from kicktimer.core.coach.session import assign_keys
from kicktimer.core.events import StepStarted
from kicktimer.core.segments import Plan
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


HOT, COOL, BLACK = "#FF7A3D", "#5CC8FF", "#000000"


def run_easy(times: int) -> Plan:
    """A hot step and a cool one, `times` over, 5 s each."""
    return plan_of(*[timed("Run", 5), timed("Easy", 5, StepKind.RECOVER)] * times)


def family_colours(app: App[object]) -> list[str]:
    return [app.screen.query_one(selector).styles.color.hex for selector in ("#step-label", "#clock")]


async def test_the_step_label_and_the_clock_take_each_steps_colour_family() -> None:
    """The family is restyled without Textual's animation pass: the colours still follow each step."""
    plan = plan_of(
        *[timed(name, 5, kind) for name, kind in [("Run", StepKind.RUN), ("Easy", StepKind.RECOVER)] * 3]
    )
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        seen = [family_colours(rig.app)]
        for _ in range(5):
            await advance(pilot, rig, 5.0)
            seen.append(family_colours(rig.app))
    assert seen == [[HOT] * 2, [COOL] * 2] * 3


async def test_a_family_in_a_new_state_of_the_screen_is_styled_for_that_state() -> None:
    """High contrast (coach mode's h) paints the step label and the clock black, whatever the family."""
    plan = plan_of(
        *[timed(name, 5, kind) for name, kind in [("Run", StepKind.RUN), ("Easy", StepKind.RECOVER)] * 2]
    )
    rig = rig_for_plan(plan, lead_in_s=0, mode=CoachMode(assign_keys(["Ana"])))
    async with rig.app.run_test(size=(100, 30)) as pilot:
        seen = [family_colours(rig.app)]
        await advance(pilot, rig, 5.0)  # Easy: cool
        seen.append(family_colours(rig.app))
        await pilot.press("h")
        await advance(pilot, rig, 5.0)  # Run, in high contrast
        seen.append(family_colours(rig.app))
        await pilot.press("h")
        seen.append(family_colours(rig.app))
        await advance(pilot, rig, 5.0)  # Easy again, as first seen
        seen.append(family_colours(rig.app))
    assert seen == [[HOT] * 2, [COOL] * 2, [BLACK] * 2, [HOT] * 2, [COOL] * 2]


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
        note_frames(rig.app, order)
        await pilot.pause()
        assert "say Run 5 seconds" in order
        await advance(pilot, rig, 5.0)
    boundary = order.index("frame Easy 0:05")
    assert order[boundary - 1] == "play rest"  # the recovery's sound
    assert "say Easy 5 seconds" in order[boundary:]
