"""User text is text: the bracket corpus through every command and every screen.

`tests/data/brackets/SAMPLE/` holds a workout, a cues.yaml and a roster whose
every text field carries one sample (`[/] end`, `Tempo [hard]`, `[b]old`,
`[red]x[/red] y`, emoji, CJK, `:fire: [x2]`), each behind a word naming the
field ("Label Tempo [hard]"). The config and data folders carry the sample in
their paths too. For each sample the commands are run once through
`kicktimer.cli.main` and the app once through Pilot, every screen's text is
collected as drawn, and then each field × surface is its own case: the exact
text is there, and nothing raised on the way.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Select
from textual.widgets._toast import Toast

from app_support import RecordingAudio, run_until
from kicktimer.app.app import KickApp
from kicktimer.app.clock import FakeClock
from kicktimer.app.coach.mode import CoachMode
from kicktimer.app.factory import make_app
from kicktimer.app.kick_report import report_builder
from kicktimer.app.screens.timer import TimerScreen
from kicktimer.cli import main
from kicktimer.config import load_config
from kicktimer.history import open_history_store
from kicktimer.library import list_workouts
from kicktimer.planning import prepare_plan
from kicktimer.resources import builtin_sound_names
from kicktimer.roster import load_roster
from kicktimer.workout_file import load_workout_file

CORPUS = Path(__file__).parent / "data" / "brackets"
SOUNDS = Path(__file__).parents[1] / "sounds"
SAMPLES = {
    "close-tag": "[/] end",
    "tag-word": "Tempo [hard]",
    "bold-tag": "[b]old",
    "red-tag": "[red]x[/red] y",
    "emoji": "🏃 run 🔥 😮‍💨",
    "cjk": "間隔走 インターバル",
    "emoji-code": ":fire: [x2]",
}
# The word each field's text starts with in the corpus files.
FIELDS = {
    "name": "Name",
    "summary": "Summary",
    "notes": "Notes",
    "source": "Source",
    "tag": "tag",
    "label": "Label",
    "effort": "effort",
    "say": "Say",
    "cue": "Cue",
    "activity": "Walk",
    "sound": "./sound",
    "library cue": "Library",
    "athlete": "Ana",
    "error": "5",
    "config path": "config",
    "data path": "data",
}
# Where each field is shown (a field a surface does not show is not a case).
SURFACES: dict[str, tuple[str, ...]] = {
    "kick list": ("name", "tag", "summary", "error"),
    "kick show": ("name", "summary", "label", "effort", "say", "cue", "sound"),
    "kick show --json": ("name", "label", "effort", "say", "cue", "sound", "activity"),
    "kick validate": ("config path",),
    "kick cues": ("library cue",),
    "kick profile": ("config path",),
    "kick history": ("name",),
    "kick history show": ("name", "label"),
    "kick history show (coach)": ("name", "athlete"),
    "kick history trend": ("name",),
    "kick export csv": ("name", "label", "athlete"),
    "kick export json": ("name", "label", "athlete"),
    "picker": ("name", "summary", "notes", "source", "label"),
    "picker tag dropdown": ("tag",),
    "picker Enter on a broken file": ("error",),
    "preview": ("name", "summary", "notes", "source", "label"),
    "timer": ("label", "effort", "say", "cue", "activity"),
    "quit dialog": ("activity",),
    "finish": ("name", "label"),
    "coach preview": ("athlete",),
    "coach board": ("athlete",),
    "coach finish": ("name", "athlete"),
    "mid-run notice": ("data path",),
}
INSTALL_HINT = "pip install 'kicktimer[audio]'"


def text_of(sample: str, field_name: str) -> str:
    """The exact text of `field_name` in the corpus for `sample` (a path shows the sample in it)."""
    if field_name == "sound":
        return f"./sound {sample.replace('/', '_')}.wav"
    if field_name == "error":
        return f"'5{sample}' is not a"
    return f"{FIELDS[field_name]} {sample}"


@dataclass
class World:
    """One sample's files, folders and what every surface showed."""

    sample: str
    root: Path
    shown: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def config_dir(self) -> Path:
        return self.root / f"config {self.sample}"

    @property
    def data_dir(self) -> Path:
        return self.root / f"data {self.sample}"

    @property
    def workout(self) -> Path:
        return self.config_dir / "workouts" / "corpus.yaml"


_WORLDS: dict[str, World | Exception] = {}


def screen_text(app: App[Any]) -> str:
    """Every line of the screen as drawn, then each toast's and the timer's notice line's text
    before it is wrapped to its box, then the notices that line shows next, in turn."""
    strips = app.screen._compositor.render_strips()
    toasts = [str(toast.render()) for toast in app.screen.query(Toast)]
    notices = [str(line.render()) for line in app.screen.query("#notices")]
    waiting = list(app.screen.notices[1:]) if isinstance(app.screen, TimerScreen) else []
    return "\n".join([*(strip.text for strip in strips), *toasts, *notices, *waiting])


def cli(world: World, surface: str, *argv: str, capsys: pytest.CaptureFixture[str]) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    if code != 0:
        world.errors[surface] = f"exit {code}: {err}"
    world.shown[surface] = out + err
    return out


def strings_in(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings_in(value)


async def solo_run(world: World) -> None:
    """Picker (tag dropdown, a broken file's Enter), preview, timer, quit dialog, finish."""
    config = load_config()
    store = open_history_store()
    app = make_app(
        audio=RecordingAudio(),
        store=store,
        clock=(clock := FakeClock()),
        entries=list_workouts(),
        planner=lambda workout, where, reps: prepare_plan(workout, where, reps, config),
        lead_in_s=0,
        report=report_builder(lambda: store),
    )
    seen: list[str] = []
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await pilot.press(*"broken")
        await pilot.press("enter")
        await pilot.pause()
        world.shown["picker Enter on a broken file"] = screen_text(app)
        app.screen.query_one("#search").value = "Name"  # type: ignore[attr-defined]
        await pilot.pause()
        world.shown["picker"] = screen_text(app)
        app.screen.query_one("#tag-filter", Select).focus()
        await pilot.press("enter")
        await pilot.pause()
        world.shown["picker tag dropdown"] = screen_text(app)
        await pilot.press("escape")
        app.screen.query_one("#search").focus()
        await pilot.press("enter")
        await pilot.pause()
        world.shown["preview"] = screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        rig, start = _Rig(app, clock), clock.now()
        for at in (1.0, 5.0, 121.0, 141.0):
            await run_until(pilot, rig, start + at)  # type: ignore[arg-type]
            seen.append(screen_text(app))
        await pilot.press("space")  # the lap ends rep 1; the recovery shows its activity
        await pilot.pause()
        seen.append(screen_text(app))
        world.shown["timer"] = "\n".join(seen)
        await pilot.press("q")
        await pilot.pause()
        world.shown["quit dialog"] = screen_text(app)
        await pilot.press("n")
        await run_until(pilot, rig, start + 262.0)  # type: ignore[arg-type]
        await pilot.press("space")
        await run_until(pilot, rig, start + 510.0)  # type: ignore[arg-type]
        world.shown["finish"] = screen_text(app)
        await pilot.press("q")
    store.close()
    if app.return_code:
        world.errors["app"] = f"the app ended with {app.return_code}"


async def coach_run(world: World) -> None:
    """Coach preview, board, finish: the roster's names."""
    config = load_config()
    store = open_history_store()
    workout = load_workout_file(world.workout, sounds=builtin_sound_names()).workout
    athletes = load_roster(world.config_dir / "roster.yaml")
    app = make_app(
        audio=RecordingAudio(),
        store=store,
        clock=(clock := FakeClock()),
        workout=workout,
        planner=lambda workout, where, reps: prepare_plan(workout, where, reps, config),
        lead_in_s=0,
        mode=CoachMode(athletes),
        report=report_builder(lambda: store),
    )
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await pilot.pause()
        world.shown["coach preview"] = screen_text(app)
        await pilot.press("enter")
        await run_until(pilot, _Rig(app, clock), clock.now() + 121.0)  # type: ignore[arg-type]
        await pilot.press(athletes[0].key)
        await pilot.pause()
        world.shown["coach board"] = screen_text(app)
        await pilot.press("q", "y")
        await pilot.pause()
        world.shown["coach finish"] = screen_text(app)
        await pilot.press("q")
    store.close()
    if app.return_code:
        world.errors["coach app"] = f"the app ended with {app.return_code}"


async def notice_run(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unusable data folder (and no simpleaudio): the notices come up mid-run."""
    from kicktimer.audio import make_audio

    unusable = world.root / f"data {world.sample}" / "unusable"
    (unusable / "history.sqlite3").mkdir(parents=True)
    monkeypatch.setitem(sys.modules, "simpleaudio", None)
    audio = make_audio(sound=True, voice=False, ring=lambda: None)
    store = open_history_store(unusable / "history.sqlite3")
    workout = load_workout_file(world.workout, sounds=builtin_sound_names()).workout
    app = make_app(
        audio=audio,
        store=store,
        clock=(clock := FakeClock()),
        plan=prepare_plan(workout, None, None, load_config()),
        lead_in_s=0,
    )
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await run_until(pilot, _Rig(app, clock), clock.now() + 1.0)  # type: ignore[arg-type]
        world.shown["mid-run notice"] = screen_text(app)
        world.shown["install hint"] = world.shown["mid-run notice"]
        await pilot.press("q", "y")
        await pilot.pause()
    store.close()
    audio.close()
    if app.return_code:
        world.errors["notice app"] = f"the app ended with {app.return_code}"


@dataclass
class _Rig:
    """What `run_until` needs: the app and its clock."""

    app: KickApp
    clock: FakeClock


async def build_world(
    name: str, root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> World:
    sample = SAMPLES[name]
    world = World(sample, root)
    (world.config_dir / "workouts").mkdir(parents=True)
    shutil.copy(CORPUS / name / "workout.yaml", world.workout)
    shutil.copy(CORPUS / name / "cues.yaml", world.config_dir / "cues.yaml")
    shutil.copy(CORPUS / name / "roster.yaml", world.config_dir / "roster.yaml")
    broken = f"name: Broken\nsteps:\n  - run: {json.dumps('5' + sample, ensure_ascii=False)}\n"
    (world.config_dir / "workouts" / "broken.yaml").write_text(broken, encoding="utf-8")
    shutil.copy(SOUNDS / "bell.wav", world.root / text_of(sample, "sound"))
    (world.config_dir / "config.toml").write_text('[profile]\nunits = "km"\n', encoding="utf-8")
    monkeypatch.chdir(world.root)
    monkeypatch.setenv("KICK_CONFIG_DIR", str(world.config_dir))
    monkeypatch.setenv("KICK_DATA_DIR", str(world.data_dir))
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("NO_COLOR", "1")
    path = str(world.workout)
    cli(world, "kick list", "list", capsys=capsys)
    cli(world, "kick show", "show", path, capsys=capsys)
    shown = cli(world, "kick show --json", "show", "--json", path, capsys=capsys)
    world.shown["kick show --json"] = "\n".join(strings_in(json.loads(shown))) if shown else ""
    cli(world, "kick validate", "validate", path, capsys=capsys)
    cli(world, "kick cues", "cues", capsys=capsys)
    cli(world, "kick profile", "profile", capsys=capsys)
    await solo_run(world)
    await solo_run(world)  # a second session, so the trend has two points
    await coach_run(world)
    cli(world, "kick history", "history", capsys=capsys)
    cli(world, "kick history show", "history", "show", "1", capsys=capsys)
    cli(world, "kick history show (coach)", "history", "show", "3", capsys=capsys)
    cli(world, "kick history trend", "history", "trend", f"Name {sample}", capsys=capsys)
    cli(world, "kick export csv", "export", "3", capsys=capsys)
    cli(world, "kick export json", "export", "--format", "json", "3", capsys=capsys)
    world.shown["kick export csv"] += cli(world, "kick export csv", "export", "1", capsys=capsys)
    await notice_run(world, monkeypatch)
    return world


@pytest.fixture
def world_for(
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[[str], Any]:
    """Builds a sample's world the first time a case asks for it (the run takes a few seconds)."""

    async def get(name: str) -> World:
        if name not in _WORLDS:
            try:
                _WORLDS[name] = await build_world(name, tmp_path_factory.mktemp(name), monkeypatch, capsys)
            except Exception as error:  # every case of this sample fails with it, without a rebuild
                _WORLDS[name] = error
        world = _WORLDS[name]
        if isinstance(world, Exception):
            raise world
        return world

    return get


CASES = [
    pytest.param(name, surface, field_name, id=f"{name}-{surface}-{field_name}")
    for name in SAMPLES
    for surface, fields in SURFACES.items()
    for field_name in fields
]


@pytest.mark.parametrize(("name", "surface", "field_name"), CASES)
async def test_user_text_is_shown_exactly_as_written(
    world_for: Callable[[str], Any], name: str, surface: str, field_name: str
) -> None:
    world = await world_for(name)
    assert world.errors == {}
    expected = text_of(world.sample, field_name)
    if field_name == "config path":
        expected = str(world.config_dir)
    elif field_name == "data path":
        expected = str(world.data_dir)
    assert expected in world.shown[surface], world.shown[surface]


async def test_the_install_hint_keeps_its_brackets(world_for: Callable[[str], Any]) -> None:
    world = await world_for("close-tag")
    assert INSTALL_HINT in world.shown["install hint"]


@pytest.mark.parametrize("name", SAMPLES)
def test_the_corpus_carries_its_sample_in_every_field(name: str) -> None:
    text = (CORPUS / name / "workout.yaml").read_text(encoding="utf-8")
    workout = load_workout_file(CORPUS / name / "workout.yaml", sounds=builtin_sound_names()).workout
    assert workout.name == f"Name {SAMPLES[name]}"
    for field_name in ("summary", "notes", "source", "tag", "label", "effort", "say", "cue", "activity"):
        assert json.dumps(text_of(SAMPLES[name], field_name), ensure_ascii=False) in text
