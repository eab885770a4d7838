"""The timer's stylesheet is read when a run starts: not before the preview's first frame, and not twice.

Parsing timer.tcss was a sixth of what the app's own stylesheets cost before
the first frame, for a screen that is not shown yet. It is added when Enter
starts the run (`load_timer_styles`), parsing that one file; a reparse of
every stylesheet (what a screen's own CSS_PATH does) would keep a second copy.
"""

from __future__ import annotations

import pytest
from textual.css.stylesheet import Stylesheet
from textual.widgets import Static

from kicktimer.app.clock import FakeClock
from kicktimer.app.factory import make_app
from kicktimer.app.screens.timer import TIMER_STYLES, TimerScreen
from kicktimer.audio.recording import RecordingAudio
from kicktimer.config import Config
from kicktimer.history import MemoryStore
from kicktimer.planning import prepare_plan
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import Environment, Workout

ONE_MINUTE = """\
name: One minute
steps:
  - run: 1min
    effort: steady
"""


def planner(workout: Workout, where: Environment | None, reps: tuple[int, ...]):  # type: ignore[no-untyped-def]
    return prepare_plan(workout, where, reps, Config())


async def test_the_timer_styles_are_read_when_the_run_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    reparsed: list[Stylesheet] = []
    reparse = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparsed.append(self)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    workout = load_workout_text(ONE_MINUTE, "one.yaml", sounds=builtin_sound_names()).workout
    app = make_app(
        audio=RecordingAudio(), store=MemoryStore(), clock=FakeClock(), workout=workout, planner=planner
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "PreviewScreen"
        assert not app.stylesheet.has_source(TIMER_STYLES)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TimerScreen)
        assert app.stylesheet.has_source(TIMER_STYLES)
        # timer.tcss styles the timer: the paused line is hidden until a pause, the clock is bold
        assert app.screen.query_one("#paused", Static).styles.display == "none"
        assert app.screen.query_one("#clock").styles.text_style.bold
    assert reparsed == []
