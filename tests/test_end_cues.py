"""`at: end` cues are heard at the end of their step: the countdown makes room for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.cli import main
from kicktimer.config import Config
from kicktimer.core.cue_library import CueLibrary
from kicktimer.core.cue_schedule import cue_seconds
from kicktimer.core.engine import Engine
from kicktimer.core.events import Adjust, CountdownBeep, CueDue, Effect, Start, StepEnded, Tick
from kicktimer.planning import prepare_plan
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text

END_CUES = """\
name: End cue test
steps:
  - run: 2min
    cues:
      - at: end
        sound: bell
      - at: end
        say: Done with this one.
  - run: 2min
  - recover: 1min
    cues:
      - at: end
        sound: bell
"""


def run_through(text: str) -> list[Effect]:
    workout = load_workout_text(text.encode(), "end.yaml", sounds=builtin_sound_names()).workout
    plan = prepare_plan(workout, None, None, Config(), CueLibrary(), voice=True)
    assert not plan.warnings
    engine = Engine(plan, lead_in_s=0.0)
    effects = list(engine.handle(Start(0.0)))
    while (deadline := engine.next_deadline()) is not None:
        effects.extend(engine.handle(Tick(deadline)))
    return effects


def test_every_end_cue_is_delivered_and_ends_with_its_step() -> None:
    effects = run_through(END_CUES)
    cues = [e for e in effects if isinstance(e, CueDue)]
    assert [(c.cue.sound, c.cue.text) for c in cues] == [
        ("bell", None),
        (None, "Done with this one."),
        ("bell", None),
    ]
    ends = {e.segment.index: e.ended_at for e in effects if isinstance(e, StepEnded)}
    last = cues[1]
    assert last.at + cue_seconds(last.cue) == pytest.approx(ends[0])
    assert cues[2].at + cue_seconds(cues[2].cue) == pytest.approx(ends[2])


def test_the_countdown_leaves_out_the_beeps_an_end_cue_plays_over() -> None:
    effects = run_through(END_CUES)
    beeps = [(e.segment.index, e.remaining) for e in effects if isinstance(e, CountdownBeep)]
    # A bell (0.8 s) takes the final beep's place; a bell and a sentence take all three.
    assert beeps == [(1, 3), (1, 2), (1, 1), (2, 3), (2, 2)]


def test_validate_and_show_have_nothing_to_say_about_end_cues(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path))
    path = tmp_path / "end.yaml"
    path.write_text(END_CUES, encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert main(["show", str(path)]) == 0
    assert "left out" not in capsys.readouterr().err


@pytest.mark.parametrize("seconds", [10.0, -10.0])
def test_an_end_cue_follows_the_end_when_the_runner_moves_it(seconds: float) -> None:
    workout = load_workout_text(END_CUES.encode(), "end.yaml", sounds=builtin_sound_names()).workout
    plan = prepare_plan(workout, None, None, Config(), CueLibrary(), voice=True)
    engine = Engine(plan, lead_in_s=0.0)
    effects = list(engine.handle(Start(0.0)))
    effects += engine.handle(Adjust(30.0, seconds))  # +10 s or -10 s, half a minute in
    while (deadline := engine.next_deadline()) is not None:
        effects.extend(engine.handle(Tick(deadline)))
    first_end = next(e.ended_at for e in effects if isinstance(e, StepEnded))
    assert first_end == pytest.approx(120.0 + seconds)
    said = next(e for e in effects if isinstance(e, CueDue) and e.cue.text == "Done with this one.")
    assert said.at + cue_seconds(said.cue) == pytest.approx(first_end)
