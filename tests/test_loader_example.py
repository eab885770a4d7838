"""The format's complete example reads into exactly the workout it describes."""

from __future__ import annotations

from kicktimer.errors import SourcePos
from kicktimer.workout.model import (
    SKIP,
    CueAnchor,
    DistanceLength,
    Effort,
    Environment,
    ReferencePace,
    RepCount,
    Repeat,
    Step,
    StepKind,
    TimeLength,
)
from loader_support import load
from spec_example import SPEC_EXAMPLE as EXAMPLE


def test_the_complete_example_loads_without_warnings() -> None:
    loaded = load(EXAMPLE)
    assert loaded.warnings == ()
    workout = loaded.workout
    assert workout.name == "8 × 400 m, last one all-out"
    assert workout.summary == "Reps 1–7 at one hard, even pace; the 8th as fast as you can."
    assert workout.source == '001_b729dc93ff46cbbb.txt — "400-meter Intervals"'
    assert workout.tags == ("track", "intervals", "kick")
    assert workout.environment is Environment.TRACK
    assert workout.text == EXAMPLE
    assert workout.file == "w.yaml"


def test_the_example_steps_are_the_session_it_describes() -> None:
    warmup, repeat, cooldown = load(EXAMPLE).workout.steps
    assert isinstance(warmup, Step) and isinstance(repeat, Repeat) and isinstance(cooldown, Step)
    assert (warmup.kind, warmup.length, warmup.say) == (
        StepKind.WARMUP,
        TimeLength(600),
        "Easy jog. Loosen up.",
    )
    assert repeat.count == RepCount(8, 8)
    assert repeat.every_s is None
    run, recover = repeat.steps
    assert isinstance(run, Step) and isinstance(recover, Step)
    assert (run.kind, run.length, run.pace) == (StepKind.RUN, DistanceLength(400), ReferencePace("mile"))
    (cue,) = run.cues
    assert cue.at == CueAnchor("to_go", metres=100)
    assert (cue.say, cue.sound) == ("Drive with your arms!", None)
    assert run.last == {"effort": Effort("max"), "say": "It's go time. Everything you've got."}
    assert (recover.kind, recover.length, recover.activity) == (
        StepKind.RECOVER,
        TimeLength(120),
        "walk or jog",
    )
    assert recover.last == SKIP
    assert (cooldown.kind, cooldown.length) == (StepKind.COOLDOWN, TimeLength(600))


def test_the_example_keeps_the_positions_of_its_keys() -> None:
    workout = load(EXAMPLE).workout
    assert workout.pos == SourcePos(2, 1)
    assert workout.key_pos["steps"] == SourcePos(7, 1)
    assert workout.key_pos["environment"] == SourcePos(6, 1)
    repeat = workout.steps[1]
    assert isinstance(repeat, Repeat)
    assert repeat.pos == SourcePos(10, 5)
    run = repeat.steps[0]
    assert isinstance(run, Step)
    assert run.pos == SourcePos(12, 9)
    assert run.key_pos["pace"] == SourcePos(13, 9)
    assert run.key_pos["length"] == run.key_pos["run"] == SourcePos(12, 9)
    assert run.key_pos["last.effort"] == SourcePos(18, 11)
    assert run.cues[0].pos == SourcePos(15, 13)


def test_the_example_with_crlf_line_endings_and_a_bom_reads_the_same() -> None:
    plain = load(EXAMPLE).workout
    windows = load(("\ufeff" + EXAMPLE.replace("\n", "\r\n")).encode("utf-8")).workout
    assert windows.steps == plain.steps
    assert windows.name == plain.name
    assert windows.key_pos == plain.key_pos
