"""A solo `kick run` loads only what a solo run uses.

Every module a process imports stays in its memory for good, so a workout
that counts down carries whatever start-up reached for. The program here is
the real `kick run` (`kicktimer.cli.main`), with Textual's headless driver in
place of the terminal: Enter starts the workout, the list of loaded modules
is taken while the clock counts, then q and y end it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

PROGRAM = """
import gc, json, sys, unicodedata
from textual.app import App
from textual.strip import Strip
from kicktimer.cli import main

loaded = []
covered = []
stylesheets = []
collections = []
drawn = []
started = []


def note_full_collection(phase, info):
    if phase == "start" and info["generation"] == 2:
        collections.append("after Enter" if started else "before Enter")


gc.callbacks.append(note_full_collection)
real_run = App.run_async
looked_up = []
real_lookup = unicodedata.lookup


def lookup(name):
    if sys._getframe(1).f_code.co_name != "_press_keys":  # Pilot's own key presses look names up
        looked_up.append(name)
    return real_lookup(name)


unicodedata.lookup = lookup


async def until_shown(pilot, screen):
    for _ in range(500):
        if type(pilot.app.screen).__name__ == screen and pilot.app.focused is not None:
            return
        await pilot.pause(0.01)


async def counting_workout(pilot):
    await until_shown(pilot, "PreviewScreen")
    started.append(True)
    await pilot.press("enter")
    await until_shown(pilot, "TimerScreen")  # the run's modules load when Enter starts it
    for _ in range(300):  # the screens below are emptied, and garbage collected, after the timer's frame
        await pilot.pause(0.01)
        if "after Enter" in collections:
            break
    loaded.extend(sys.modules)
    covered.extend(
        type(widget).__name__
        for screen in pilot.app.screen_stack[:-1]
        for widget in screen.walk_children()
        if "-textual-system" not in widget.classes
    )
    stylesheets.extend(path for path, _ in pilot.app.stylesheet.source)
    gc.unfreeze()  # the lines drawn before the first frame were frozen with start-up's objects
    drawn.extend(strip.text for strip in gc.get_objects() if isinstance(strip, Strip))
    await pilot.press("q", "y")


async def headless_run(app, **options):
    return await real_run(app, headless=True, size=(100, 30), auto_pilot=counting_workout)


App.run_async = headless_run
status = main(["run", "hill-sprints", "--lead-in", "0", "--mute", "--no-voice"])
print(json.dumps({
    "status": status, "modules": loaded, "looked_up": looked_up, "covered": covered,
    "stylesheets": stylesheets, "collections": collections, "drawn": drawn,
}))
"""

NOT_FOR_A_SOLO_RUN = (
    # other run modes and the other commands' code
    "kicktimer.core.coach",
    "kicktimer.app.coach",
    "kicktimer.app.board",  # no --board: not even its consumer
    "kicktimer.convert",
    "kicktimer.core.convert",
    "kicktimer.reporting",
    "kicktimer.roster",
    # the Bluetooth side: no treadmill or strap was given
    "kicktimer.app.devices_hub",
    "kicktimer.app.devices_feed",
    "kicktimer.devices.step_distance",
    "kicktimer.devices.radio",
    "kicktimer.devices.treadmill",
    "kicktimer.devices.link_bleak",
    "kicktimer.devices.link_bumble",
    "bleak",
    "bumble",
    "aiohttp",
    # what the end of a run or `kick history` needs, not a counting clock
    "kicktimer.app.screens.finish",
    "kicktimer.history.export_formats",
    "csv",
    "plotext",
    # package data is read as a file; importlib.resources brings zipfile with it
    "importlib.resources",
    "zipfile",
    # the sound is muted from the start (--mute): nothing opens it until m (app/deferred.py)
    "kicktimer.audio",
    "simpleaudio",
    "ctypes",  # nor does anything else: the run's exact wake-ups are select()'s (app/event_loop.py)
    "wave",
)


@pytest.fixture(scope="module")
def counting_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the program above reports: exit status, what was loaded and kept while counting, and more."""
    folder = tmp_path_factory.mktemp("footprint")
    env = {
        **os.environ,
        "KICK_CONFIG_DIR": str(folder / "config"),
        "KICK_DATA_DIR": str(folder / "data"),
    }
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, env=env, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 0
    assert "kicktimer.app.screens.timer" in report["modules"], "the workout never started"
    return report


def test_a_counting_solo_run_has_loaded_no_coach_board_convert_or_device_code(
    counting_run: dict[str, Any],
) -> None:
    loaded: list[str] = counting_run["modules"]
    assert "sqlite3" in loaded, "the history was never opened"
    unwanted = sorted(
        name for name in loaded for top in NOT_FOR_A_SOLO_RUN if name == top or name.startswith(top + ".")
    )
    assert unwanted == []


def test_a_solo_run_searches_no_unicode_names(counting_run: dict[str, Any]) -> None:
    """A failed `unicodedata.lookup` of a key name keeps 0.8 MiB of the name table (app/key_names.py)."""
    assert counting_run["looked_up"] == []


def test_the_preview_keeps_no_widgets_while_the_clock_counts(counting_run: dict[str, Any]) -> None:
    """The preview below the timer is never shown again: its plan table and footer are removed."""
    assert counting_run["covered"] == []


def test_the_preview_keeps_no_drawn_lines_while_the_clock_counts(counting_run: dict[str, Any]) -> None:
    """A removed widget can stay referenced by the screen it left; the lines it drew must not stay with it."""
    assert any("Warm-up" in text for text in counting_run["drawn"]), "the timer's own lines are there"
    kept = [text for text in counting_run["drawn"] if text.lstrip().startswith(("Total ", "Tags: "))]
    assert kept == []  # the preview's plan totals and the workout's tags


def test_a_named_workout_does_not_parse_the_pickers_styles(counting_run: dict[str, Any]) -> None:
    """`kick run W` never shows the picker, so its stylesheet is not read (test_app_picker: it is there)."""
    read = [path.rsplit("/", 1)[-1] for path in counting_run["stylesheets"]]
    assert "timer.tcss" in read and "preview.tcss" in read
    assert "picker.tcss" not in read


def test_the_run_start_garbage_is_collected_once_the_timer_is_up(counting_run: dict[str, Any]) -> None:
    """One full collection after the timer's first frame frees the preview's widgets and the start's
    cycles; start-up froze what it built, so without it they would stay for the whole run."""
    assert counting_run["collections"].count("after Enter") == 1
