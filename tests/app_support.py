"""Shared pieces for the app's Pilot tests: the app with its fakes, and helpers (plans: `plan_builders`).

The app is always built through `make_app` with a `FakeClock`, so time only
moves when a test says so: `advance(app, clock, s)` moves the clock and wakes
the app exactly as the real clock's scheduled wake-up would.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import RenderableType
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Digits, Label

from kicktimer.app.app import KickApp
from kicktimer.app.clock import FakeClock
from kicktimer.app.factory import make_app
from kicktimer.app.screens.timer import TimerScreen
from kicktimer.audio.recording import RecordingAudio
from kicktimer.config import Config
from kicktimer.core.profile import Profile
from kicktimer.core.segments import Plan
from kicktimer.history import MemoryStore
from kicktimer.planning import prepare_plan
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import Environment, Workout


@dataclass
class Rig:
    """An app with its fakes, ready for `App.run_test`."""

    app: KickApp
    clock: FakeClock
    audio: RecordingAudio
    store: MemoryStore


def rig_for_plan(plan: Plan, *, lead_in_s: float = 10.0, units: str = "km", **app_options: Any) -> Rig:
    """The app on `plan`'s timer with a fake clock, recording audio and a memory store.

    `app_options` go to `make_app` as they are (coach mode, for one).
    """
    clock = FakeClock()
    audio = RecordingAudio()
    store = MemoryStore()
    app = make_app(
        audio=audio,
        store=store,
        clock=clock,
        plan=plan,
        workout_yaml="name: test\n",
        lead_in_s=lead_in_s,
        units=units,
        **app_options,
    )
    return Rig(app, clock, audio, store)


async def advance(pilot: Pilot[object], rig: Rig, seconds: float) -> None:
    """Move the fake clock and wake the app, as the scheduled wake-up would."""
    rig.clock.advance(seconds)
    rig.app.wake()
    await pilot.pause()


async def run_until(pilot: Pilot[object], rig: Rig, at: float) -> None:
    """Follow the app's own wake-ups (one at a time) until the clock reaches `at`."""
    while True:
        wake_at = rig.app.next_wake_at
        if wake_at is None or wake_at > at:
            rig.clock.advance_to(at)
            rig.app.wake()
            await pilot.pause()
            return
        rig.clock.advance_to(wake_at)
        rig.app.wake()
    await pilot.pause()


def shown_notices(app: KickApp) -> list[str]:
    """Every notice on show: the toasts, then the running timer's notice line."""
    toasts = [str(n.message) for n in app._notifications]
    screens = [screen for screen in app.screen_stack if isinstance(screen, TimerScreen)]
    return toasts + [notice for screen in screens for notice in screen.notices]


def big_clock(app: KickApp) -> str:
    return app.screen.query_one("#clock", Digits).value


def label(app: KickApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).content)


def plan_lines(app: KickApp) -> list[str]:
    """The plan table's lines as drawn now (header first), each as wide as the table."""
    from kicktimer.app.widgets.plan_view import PlanTable

    table = app.screen.query_one(PlanTable)
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


PROFILED = Config(profile=Profile(units="km", races={"5k": 22 * 60 + 30.0}))
"""A runner's config with a 5k result, so workouts paced from races compile."""


def planner(workout: Workout, where: Environment | None, reps: tuple[int, ...]) -> Plan:
    """`prepare_plan` with the PROFILED config: the planner `kick run` hands the app."""
    return prepare_plan(workout, where, reps, PROFILED)


def preview_app(text: str, file: str, **options: Any) -> KickApp:
    """The app opened on the preview of workout `text`, as `kick run FILE` opens it, with fakes.

    `options` go to `make_app` (the planner is the one with a profile unless given).
    """
    workout = load_workout_text(text, file, sounds=builtin_sound_names()).workout
    chosen: dict[str, Any] = {"planner": planner, **options}
    return make_app(audio=RecordingAudio(), store=MemoryStore(), clock=FakeClock(), workout=workout, **chosen)


def note_frames(app: KickApp, order: list[str]) -> None:
    """Append "frame <step label>" to `order` each time the app hands a frame to its driver.

    Tests that check what happens before or after the frame showing a
    boundary (sound, voice, a lap's commit) read the order from one list.
    """
    display = app._display

    def display_and_note(screen: Screen[object], renderable: RenderableType | None) -> None:
        if renderable is not None:
            order.append(f"frame {label(app, '#step-label')}")
        display(screen, renderable)

    app._display = display_and_note  # type: ignore[method-assign]
