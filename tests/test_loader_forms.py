"""Every form the format allows for lengths, paces, efforts, cues, repeats and settings."""

from __future__ import annotations

import pytest

from kicktimer.workout.model import (
    AbsolutePace,
    CountLength,
    CueAnchor,
    CueSettings,
    DistanceLength,
    Effort,
    Environment,
    Incline,
    Length,
    OpenLength,
    PaceDelta,
    PaceSpec,
    ReferencePace,
    RepCount,
    Repeat,
    Step,
    StepKind,
    TimeLength,
)
from kicktimer.workout.quantities import KM_PER_MILE, METRES_PER_MILE
from loader_support import load, workout_with_step


def only_step(text: str) -> Step:
    (block,) = load(text).workout.steps
    if isinstance(block, Repeat):
        (block,) = block.steps
    assert isinstance(block, Step)
    return block


@pytest.mark.parametrize(
    ("written", "length"),
    [
        ("45s", TimeLength(45)),
        ("90 s", TimeLength(90)),
        ("2min", TimeLength(120)),
        ("1:30", TimeLength(90)),
        ("1h05", TimeLength(3900)),
        ("1h 5min", TimeLength(3900)),
        ("400m", DistanceLength(400)),
        ("1.5km", DistanceLength(1500)),
        ("1mi", DistanceLength(METRES_PER_MILE)),
        ("0.5 mi", DistanceLength(METRES_PER_MILE / 2)),
        ("open", OpenLength()),
        ("", OpenLength()),
    ],
)
def test_every_length_form(written: str, length: Length) -> None:
    assert only_step(workout_with_step(f"run: {written}")).length == length


def test_drills_may_be_counted() -> None:
    step = only_step(workout_with_step("drill: 20 reps\nlabel: Push-ups"))
    assert (step.kind, step.length, step.label) == (StepKind.DRILL, CountLength(20), "Push-ups")


@pytest.mark.parametrize("kind", [kind for kind in StepKind])
def test_every_step_kind(kind: StepKind) -> None:
    assert only_step(workout_with_step(f"{kind.value}: 1min")).kind is kind


@pytest.mark.parametrize(
    ("written", "pace"),
    [
        ("4:30/km", AbsolutePace(270, "km")),
        ("7:15/mi", AbsolutePace(435, "mi")),
        ("easy", ReferencePace("easy")),
        ("marathon", ReferencePace("marathon")),
        ("half", ReferencePace("half")),
        ("threshold", ReferencePace("threshold")),
        ("10k", ReferencePace("10k")),
        ("5k", ReferencePace("5k")),
        ("5K", ReferencePace("5k")),
        ("3k", ReferencePace("3k")),
        ("mile", ReferencePace("mile")),
        ("5k-5s", ReferencePace("5k", PaceDelta(-5, None))),
        ("easy+20s/km", ReferencePace("easy", PaceDelta(20, "km"))),
    ],
)
def test_every_pace_form(written: str, pace: PaceSpec) -> None:
    assert only_step(workout_with_step(f"run: 400m\npace: {written}")).pace == pace


@pytest.mark.parametrize(
    ("written", "effort", "all_out"),
    [
        ("easy", Effort("easy"), False),
        ("comfortably hard", Effort("comfortably hard"), False),
        ("90%", Effort("90%", 90), False),
        ("95%", Effort("95%", 95), True),
        ("max", Effort("max"), True),
    ],
)
def test_every_effort_form(written: str, effort: Effort, all_out: bool) -> None:
    read = only_step(workout_with_step(f"run: 200m\neffort: {written}")).effort
    assert read == effort
    assert read is not None and read.all_out is all_out


@pytest.mark.parametrize(("written", "kmh"), [("16 km/h", 16.0), ("10 mph", 10 * KM_PER_MILE)])
def test_treadmill_speed(written: str, kmh: float) -> None:
    step = only_step(workout_with_step(f"run: 1km\nspeed: {written}", top="environment: treadmill\n"))
    assert step.speed_kmh == pytest.approx(kmh)
    assert step.key_pos["speed"] == step.key_pos["speed_kmh"]


@pytest.mark.parametrize(
    ("written", "incline"), [("1%", Incline(1, 1)), ("8%", Incline(8, 8)), ("5-10%", Incline(5, 10))]
)
def test_treadmill_incline(written: str, incline: Incline) -> None:
    assert only_step(workout_with_step(f"run: 30s\nincline: {written}")).incline == incline


def test_activity_and_label_and_say() -> None:
    step = only_step(
        workout_with_step("recover: 2min\nactivity: walk back to the start\nlabel: Walk\nsay: Breathe.")
    )
    assert (step.activity, step.label, step.say) == ("walk back to the start", "Walk", "Breathe.")


@pytest.mark.parametrize(
    ("written", "anchor"),
    [
        ("start", CueAnchor("start")),
        ("halfway", CueAnchor("halfway")),
        ("end", CueAnchor("end")),
        ("30s to go", CueAnchor("to_go", seconds=30)),
        ("100m to go", CueAnchor("to_go", metres=100)),
        ("20s in", CueAnchor("in", seconds=20)),
        ("200m in", CueAnchor("in", metres=200)),
        ("1:30 to go", CueAnchor("to_go", seconds=90)),
    ],
)
def test_every_cue_time(written: str, anchor: CueAnchor) -> None:
    text = workout_with_step(f"run: 1km\npace: 5k\ncues:\n  - at: {written}\n    say: Now.")
    (cue,) = only_step(text).cues
    assert cue.at == anchor


def test_a_cue_without_at_is_at_the_start_and_may_only_play_a_sound() -> None:
    text = workout_with_step("run: 1min\ncues:\n  - sound: bell\n  - say: Relax your shoulders.")
    bell, words = only_step(text).cues
    assert (bell.at, bell.sound, bell.say) == (CueAnchor("start"), "bell", None)
    assert (words.at, words.say) == (CueAnchor("start"), "Relax your shoulders.")


@pytest.mark.parametrize(
    ("written", "count"), [("8", RepCount(8, 8)), ("8-12", RepCount(8, 12)), ("4-6", RepCount(4, 6))]
)
def test_repeat_counts_and_ranges(written: str, count: RepCount) -> None:
    (repeat,) = load(f"name: R\nsteps:\n  - repeat: {written}\n    steps:\n      - run: 200m\n").workout.steps
    assert isinstance(repeat, Repeat)
    assert repeat.count == count
    assert count.is_range is (written != "8")


def test_every_send_off_and_nested_repeats() -> None:
    text = """\
    name: Nested
    steps:
      - repeat: 3
        every: 3min
        steps:
          - repeat: 2
            steps:
              - run: 200m
              - rest: 30s
    """
    (outer,) = load(text).workout.steps
    assert isinstance(outer, Repeat)
    assert outer.every_s == 180
    (inner,) = outer.steps
    assert isinstance(inner, Repeat)
    assert inner.count == RepCount(2, 2)
    assert [s.kind for s in inner.steps if isinstance(s, Step)] == [StepKind.RUN, StepKind.REST]


def test_progress_inside_a_repeat() -> None:
    step = only_step(workout_with_step("run: 1mi\npace: 7:15/mi\nprogress: -15s/mi", in_repeat=True))
    assert step.progress == PaceDelta(-15, "mi")
    assert step.key_pos["progress"].line == 7


def test_last_overrides_use_step_field_names() -> None:
    text = workout_with_step(
        "run: 400m\npace: mile\nlast:\n  run: 600m\n  effort: max\n  speed: 20 km/h\n"
        "  cues:\n    - at: end\n      say: Done!",
        in_repeat=True,
    )
    step = only_step(text)
    assert isinstance(step.last, dict)
    assert step.last["length"] == DistanceLength(600)
    assert step.last["effort"] == Effort("max")
    assert step.last["speed_kmh"] == 20
    (cue,) = step.last["cues"]  # type: ignore[misc]
    assert cue.at == CueAnchor("end")
    assert step.key_pos["last.length"].line == 8
    assert step.key_pos["last.speed_kmh"] == step.key_pos["last.speed"]


def test_last_skip() -> None:
    assert only_step(workout_with_step("recover: 2min\nlast: skip", in_repeat=True)).last == "skip"


def test_workout_wide_cue_settings() -> None:
    text = """\
    name: Cues
    cues:
      countdown: 5
      mantras: [I can do this!, It's go time]
      defaults: false
    steps:
      - run: 1min
    """
    settings = load(text).workout.cue_settings
    assert settings == CueSettings(countdown=5, mantras=("I can do this!", "It's go time"), defaults=False)


def test_defaults_when_optional_keys_are_left_out() -> None:
    workout = load("name: Bare\nsteps:\n  - run: 1min\n").workout
    assert workout.environment is Environment.ANY
    assert workout.cue_settings == CueSettings()
    assert (workout.tags, workout.summary, workout.notes, workout.source) == ((), None, None, None)


@pytest.mark.parametrize("environment", [env for env in Environment])
def test_every_environment(environment: Environment) -> None:
    text = f"name: E\nenvironment: {environment.value}\nsteps:\n  - run: 1min\n"
    assert load(text).workout.environment is environment


def test_notes_may_be_a_block_of_text() -> None:
    text = "name: N\nnotes: >\n  Run the first seven\n  at one pace.\nsteps:\n  - run: 1min\n"
    assert load(text).workout.notes == "Run the first seven at one pace.\n"


def test_anchors_and_aliases_reuse_steps() -> None:
    text = """\
    name: Aliases
    steps:
      - &strides
        repeat: 4
        steps:
          - run: 100m
            effort: 90%
          - recover: 100m
      - run: 10min
      - *strides
    """
    first, middle, last = load(text).workout.steps
    assert isinstance(first, Repeat)
    assert last == first
    assert isinstance(middle, Step)
