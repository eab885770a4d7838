"""Screen gaps from the new-user trial: a nested repeat's set, "Next:" without doubled parentheses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app_support import label, rig_for_plan
from kicktimer.cli import main
from kicktimer.core.announce import start_sound, step_phrase
from kicktimer.core.compile import compile_plan
from kicktimer.core.profile import Profile
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import StepKind
from plan_builders import NESTED, lap_step, plan_of, timed


def nested_plan():  # type: ignore[no-untyped-def]
    workout = load_workout_text(NESTED, "nested.yaml", sounds=builtin_sound_names()).workout
    return compile_plan(workout, Profile())


def test_a_nested_repeat_knows_its_set_as_well_as_its_rep() -> None:
    segments = nested_plan().segments
    runs = [s for s in segments if s.kind is StepKind.RUN]
    assert [(s.set_number, s.set_count, s.rep_number, s.rep_count) for s in runs[4:6]] == [
        (2, 3, 1, 4),
        (2, 3, 2, 4),
    ]
    rests = [s for s in segments if s.kind is StepKind.REST]
    assert [(s.set_number, s.rep) for s in rests] == [(None, "1/3"), (None, "2/3"), (None, "3/3")]


async def test_the_timer_shows_set_and_rep_of_a_nested_repeat() -> None:
    rig = rig_for_plan(nested_plan(), lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert label(rig.app, "#rep") == "Set 1/3 · Rep 1/4"
        assert label(rig.app, "#next") == "Next: Recover 1:00 · Set 1/3 · Rep 1/4"


async def test_a_step_of_the_outer_repeat_is_labelled_with_its_set_not_a_rep() -> None:
    """The rest after a set is `Set 1/3` (its repeat's repetitions are sets), not `Rep 1/3`."""
    plan = nested_plan()
    rest = next(s for s in plan.segments if s.kind is StepKind.REST)
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(rest.index - 1):
            await pilot.press("n")
        await pilot.pause()
        assert label(rig.app, "#next") == "Next: Rest 3:00 · Set 1/3"
        await pilot.press("n")
        await pilot.pause()
        assert label(rig.app, "#rep") == "Set 1/3"


@pytest.fixture
def nested_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The nested-repeat workout as a file, for `kick show` with its own config and 120 columns."""
    path = tmp_path / "nested.yaml"
    path.write_text(NESTED, encoding="utf-8")
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("COLUMNS", "120")
    return path


def test_kick_show_gives_an_outer_step_its_set_and_no_rep(
    nested_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = nested_file
    assert main(["show", str(path)]) == 0
    rests = [line for line in capsys.readouterr().out.splitlines() if "Rest 3:00" in line]
    assert [line.split("│")[3].strip() for line in rests] == ["1/3 · –", "2/3 · –", "3/3 · –"]
    assert main(["show", "--json", str(path)]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    places = [(s["set"], s["rep"]) for s in segments if s["kind"] == "rest"]
    assert places == [("1/3", None), ("2/3", None), ("3/3", None)]


def test_kick_show_gives_the_set_in_the_table_and_the_json(
    nested_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = nested_file
    assert main(["show", str(path)]) == 0
    table = capsys.readouterr().out
    assert "Set · Rep" in table and "2/3 · 1/4" in table
    assert main(["show", "--json", str(path)]) == 0
    runs = [s for s in json.loads(capsys.readouterr().out)["segments"] if s["kind"] == "run"]
    assert (runs[4]["set"], runs[4]["rep"]) == ("2/3", "1/4")


async def test_next_does_not_double_the_parentheses_of_an_open_step() -> None:
    plan = plan_of(
        timed("Run 0:30", 30),
        lap_step("Recover (open)", None, StepKind.RECOVER, rep_number=1, rep_count=5, rep="1/5"),
    )
    rig = rig_for_plan(plan, lead_in_s=0)
    async with rig.app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert label(rig.app, "#next") == "Next: Recover (open) · Rep 1/5"


def test_high_contrast_without_coach_mode_is_refused_in_one_line(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["run", "strides", "--high-contrast"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--high-contrast is for coach mode" in err


TWO_RANGES = """\
name: 200s and strides
environment: track
steps:
  - repeat: 2-3
    steps:
      - run: 200m
        effort: hard
      - recover: 2min
  - repeat: 4-5
    steps:
      - run: 50m
        effort: fast
      - recover: 1min
"""


async def test_the_preview_sets_every_rep_range() -> None:
    from kicktimer.app.clock import FakeClock
    from kicktimer.app.factory import make_app
    from kicktimer.app.screens.preview import PreviewScreen
    from kicktimer.audio.recording import RecordingAudio
    from kicktimer.config import Config
    from kicktimer.history import MemoryStore
    from kicktimer.planning import prepare_plan

    workout = load_workout_text(TWO_RANGES, "two.yaml", sounds=builtin_sound_names()).workout
    app = make_app(
        audio=RecordingAudio(),
        store=MemoryStore(),
        clock=FakeClock(),
        workout=workout,
        planner=lambda w, where, reps: prepare_plan(w, where, reps, Config()),
        lead_in_s=0,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, PreviewScreen)
        assert label(app, "#plan-choice") == "Reps ‹ 2 › (2–3) · 4 (4–5) ←/→, r next range"
        await pilot.press("right", "right")
        await pilot.press("r", "right")
        assert label(app, "#plan-choice") == "Reps 3 (2–3) · ‹ 5 › (4–5) ←/→, r next range"
        assert screen.plan is not None and screen.plan.reps == (3, 5)
        await pilot.press("r", "left")
        assert screen.plan.reps == (2, 5)


def test_no_voice_notice_when_the_run_starts_muted(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from kicktimer.audio import NO_VOICE_NOTICE, make_audio

    monkeypatch.setenv("PATH", str(tmp_path))  # no speech engine on this PATH
    muted = make_audio(sound=False, voice=True, mute=True)
    heard = make_audio(sound=False, voice=True, mute=False)
    try:
        assert NO_VOICE_NOTICE not in muted.take_notices()
        assert NO_VOICE_NOTICE in heard.take_notices()
    finally:
        muted.close()
        heard.close()


def test_a_work_step_of_the_outer_repeat_is_announced_as_its_set() -> None:
    text = """\
name: Sets with a tempo
steps:
  - repeat: 2
    steps:
      - repeat: 3
        steps:
          - run: 1min
          - recover: 1min
      - run: 5min
"""
    workout = load_workout_text(text, "sets.yaml", sounds=builtin_sound_names()).workout
    tempos = [s for s in compile_plan(workout, Profile()).segments if s.duration_s == 300]
    assert [step_phrase(s) for s in tempos] == ["Set 1 of 2, 5 minutes", "Final set, 5 minutes"]


def test_only_the_last_rep_of_the_last_set_is_announced_as_the_final_rep() -> None:
    """Rep 4/4 of set 1 of 3 is no final rep: the voice, the sound and the kick report agree."""
    fourths = [s for s in nested_plan().segments if s.kind is StepKind.RUN and s.rep == "4/4"]
    phrases = [step_phrase(s).split(",")[0] for s in fourths]
    assert phrases == ["Rep 4 of 4", "Rep 4 of 4", "Final rep"]
    assert [start_sound(s, first=False) for s in fourths] == ["go", "go", "final"]
