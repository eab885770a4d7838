"""Mistakes in a workout: each reported where it was written, all of them at once."""

from __future__ import annotations

import pytest

from kicktimer.errors import Severity, SourcePos
from kicktimer.workout.model import Step
from loader_support import FILE, errors, load, one_error, refused, workout_with_step


def test_every_error_in_a_file_is_reported_in_file_order() -> None:
    text = """\
    name: Many mistakes
    summary: 3
    colour: red
    steps:
      - run: 400
        pace: fastish
        say: 1
      - repeat: 3
        say: hi
      - recovr: 1min
      - {}
    """
    assert errors(text) == [
        "2:10: `summary: 3` is read as a number, not as text",
        "3:1: unknown key `colour` at the top level",
        "5:10: '400' has no unit: write 400s, 400min or 400m",
        "6:11: 'fastish' is not a pace: write an absolute pace such as 4:30/km or 7:15/mi,"
        " or one of easy, marathon, half, threshold, 10k, 5k, 3k, mile",
        "7:10: `say: 1` is read as a number, not as text",
        "8:5: this repeat has no `steps:`",
        "9:5: `say` is not a key of a repeat (those are repeat, steps and every)",
        "10:5: unknown key `recovr` in a step: did you mean `recover`?",
        "11:5: this step has no kind: start it with warmup, run, recover, rest, drill, cooldown or repeat,"
        " e.g. `- run: 400m`",
    ]


def test_problems_name_the_file_and_format_as_file_line_column() -> None:
    (problem,) = refused("name: x\nsteps:\n  - run: 1min\n    colour: red\n")
    assert problem.file == FILE
    assert problem.format().splitlines()[0] == "w.yaml:4:5: unknown key `colour` in a `run` step"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "name: x\nstpes:\n  - run: 1min\n",
            "2:1: unknown key `stpes` at the top level: did you mean `steps`?",
        ),
        (
            "nmae: x\nsteps:\n  - run: 1min\n",
            "1:1: unknown key `nmae` at the top level: did you mean `name`?",
        ),
        (
            "name: x\nsteps:\n  - run: 1min\n    pase: 5k\n",
            "4:5: unknown key `pase` in a `run` step: did you mean `pace`?",
        ),
        (
            "name: x\nsteps:\n  - warmpu: 10min\n",
            "3:5: unknown key `warmpu` in a step: did you mean `warmup`?",
        ),
        (
            "name: x\nsteps:\n  - run: 1min\n    cues:\n      - at: end\n        sya: Go\n",
            "6:9: unknown key `sya` in a cue: did you mean `say`?",
        ),
        (
            "name: x\ncues:\n  countdwn: 5\nsteps:\n  - run: 1min\n",
            "3:3: unknown key `countdwn` in the workout's cue settings: did you mean `countdown`?",
        ),
        (
            "name: x\nsteps:\n  - repeat: 2\n    stesp:\n      - run: 1min\n",
            "4:5: unknown key `stesp` in a repeat: did you mean `steps`?",
        ),
    ],
)
def test_unknown_keys_get_did_you_mean(text: str, expected: str) -> None:
    assert expected in errors(text)


def test_a_misspelt_required_key_is_one_mistake_not_two() -> None:
    assert errors("name: x\nstpes:\n  - run: 1min\n") == [
        "2:1: unknown key `stpes` at the top level: did you mean `steps`?"
    ]


def test_an_unknown_key_with_nothing_close_lists_the_valid_keys() -> None:
    problem = one_error("name: x\nsteps:\n  - run: 1min\nzzz: 1\n")
    assert problem.message == "unknown key `zzz` at the top level"
    assert problem.hint == "valid keys here: name, summary, notes, source, tags, environment, cues, steps"


@pytest.mark.parametrize(
    ("line", "expected_message", "expected_hint"),
    [
        (
            "name: yes",
            "`name: yes` is read as a yes/no value (a boolean), not as text",
            'quote it: name: "yes"',
        ),
        ("name: 2024", "`name: 2024` is read as a number, not as text", 'quote it: name: "2024"'),
        (
            "name: off",
            "`name: off` is read as a yes/no value (a boolean), not as text",
            'quote it: name: "off"',
        ),
        ("name: 1.5", "`name: 1.5` is read as a number, not as text", 'quote it: name: "1.5"'),
    ],
)
def test_a_boolean_or_number_where_text_belongs_says_to_quote_it(
    line: str, expected_message: str, expected_hint: str
) -> None:
    problem = one_error(f"{line}\nsteps:\n  - run: 1min\n")
    assert (problem.pos, problem.message, problem.hint) == (SourcePos(1, 7), expected_message, expected_hint)


@pytest.mark.parametrize("key", ["say", "label", "activity"])
def test_a_number_in_a_step_text_says_to_quote_it(key: str) -> None:
    problem = one_error(workout_with_step(f"run: 1min\n{key}: 1"))
    assert problem.message == f"`{key}: 1` is read as a number, not as text"
    assert problem.hint == f'quote it: {key}: "1"'


def test_quoted_numbers_and_booleans_are_text() -> None:
    workout = load('name: "2024"\ntags: ["5000", "yes"]\nsteps:\n  - run: 1min\n    say: "1"\n').workout
    assert workout.name == "2024"
    assert workout.tags == ("5000", "yes")


def test_a_time_like_1_30_stays_text_where_text_belongs() -> None:
    assert (
        load("name: 1:30 repeats\nsteps:\n  - run: 1:30\n    say: 1:30 to go\n").workout.name
        == "1:30 repeats"
    )


def test_duplicate_keys_are_errors_at_the_second() -> None:
    problem = one_error("name: x\nsteps:\n  - run: 400m\n    say: Relax.\n    say: Drive!\n")
    assert problem.pos == SourcePos(5, 5)
    assert problem.message == "duplicate key `say` (already at line 4)"


def test_duplicate_top_level_keys_are_errors() -> None:
    assert errors("name: a\nname: b\nsteps:\n  - run: 1min\n") == [
        "2:1: duplicate key `name` (already at line 1)"
    ]


def test_two_kinds_in_one_step() -> None:
    problem = one_error(workout_with_step("run: 400m\nrecover: 2min"))
    assert problem.pos == SourcePos(4, 5)
    assert problem.message == "two kinds in one step: `run` (line 3) and `recover`"


def test_a_repeat_with_another_kind_is_two_kinds() -> None:
    assert (
        "two kinds in one step: `repeat` (line 3) and `run`"
        in one_error("name: x\nsteps:\n  - repeat: 2\n    run: 400m\n    steps:\n      - run: 1min\n").message
    )


@pytest.mark.parametrize("key", ["last", "progress"])
def test_last_and_progress_outside_a_repeat(key: str) -> None:
    value = "skip" if key == "last" else "-5s"
    problem = one_error(workout_with_step(f"run: 400m\npace: 5k\n{key}: {value}"))
    assert problem.pos == SourcePos(5, 5)
    assert problem.message.startswith(f"`{key}` only applies inside a repeat")


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("0", "repeat 0 would never run its steps: use at least 1"),
        ("1000000000", "repeat 1000000000 is over the limit of 1,000 repetitions"),
        ("1001", "repeat 1001 is over the limit of 1,000 repetitions"),
        ("12-8", "the range 12-8 runs backwards: write 8-12"),
        ("0-4", "repeat 0-4 would never run its steps: use at least 1"),
        ("-3", "repeat -3 is negative: use a count from 1 to 1,000"),
        ("lots", "'lots' is not a count: write a number such as 8 or a range such as 8-12"),
        ("2.5", "`repeat` should be a count such as 8 or a range such as 8-12, not `2.5`"),
    ],
)
def test_impossible_repeat_counts(written: str, message: str) -> None:
    problem = one_error(f"name: x\nsteps:\n  - repeat: {written}\n    steps:\n      - run: 1min\n")
    assert (problem.pos, problem.message) == (SourcePos(3, 13), message)


def test_a_repeat_of_1000_is_allowed() -> None:
    load("name: x\nsteps:\n  - repeat: 1000\n    steps:\n      - run: 10s\n")


@pytest.mark.parametrize(
    ("length", "message"),
    [
        ("0s", "'0s' is no time at all: a step's length must be longer than 0 s"),
        ("0:00", "'0:00' is no time at all: a step's length must be longer than 0 s"),
        ("-30s", "a step's length cannot be negative: '-30s'"),
        ("99:99", "'99:99' has more than 59 in a minutes or seconds place"),
        ("25h", "'25h' is longer than 24 hours"),
        ("0m", "'0m' is no distance at all: it must be more than 0 m"),
        ("2000km", "'2000km' is longer than any run (the limit is 1000 km)"),
        ("400", "'400' has no unit: write 400s, 400min or 400m"),
        ("20 reps", "'20 reps' is a count, and only drills are counted;"),
        (
            "fast",
            "'fast' is not a length: write a time (45s, 2min, 1:30), a distance (400m, 1.5km, 1mi) or `open`",
        ),
    ],
)
def test_impossible_lengths(length: str, message: str) -> None:
    problem = one_error(workout_with_step(f"run: {length}"))
    assert problem.pos == SourcePos(3, 10)
    assert problem.message.startswith(message)


@pytest.mark.parametrize(
    ("pace", "message"),
    [
        ("0:01/km", "a pace of 1 s per km is faster than anyone can run (the limit is 1:30/km)"),
        ("1s/km", "a pace of 1 s per km is faster than anyone can run (the limit is 1:30/km)"),
        ("0:00/mi", "a pace of 0 s per mi is faster than anyone can run (the limit is 2:25/mi)"),
        ("99:99/km", "'99:99' has more than 59 in a minutes or seconds place"),
        ("45:00/km", "a pace of 45:00 per km is slower than walking (the limit is 30:00/km)"),
        ("-4:30/km", "a pace cannot be negative: '-4:30/km'"),
        ("5km", "'5km' is not a pace: did you mean `5k`?"),
        ("tempo", "'tempo' is not a pace: write an absolute pace such as 4:30/km"),
        ("5k-400s", "an offset of -400s is more than any pace could change"),
        ("270s/km", "'270s/km': write a pace as minutes:seconds per unit, e.g. 4:30/km"),
    ],
)
def test_impossible_paces(pace: str, message: str) -> None:
    problem = one_error(workout_with_step(f"run: 400m\npace: {pace}"))
    assert problem.pos == SourcePos(4, 11)
    assert problem.message.startswith(message)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("effort: 90", "`effort: 90` needs a %: write 90%, or words such as hard"),
        ("effort: 120%", "an effort of 120% is impossible: use 1% to 100%, or `max`"),
        ("speed: 16", "a speed such as 16 km/h"),
        ("speed: 0 km/h", "a speed of '0 km/h' does not move"),
        ("speed: 50 km/h", "'50 km/h' is faster than anyone can run (the limit is 40 km/h)"),
        ("incline: 8", "'8' is not an incline such as 8% or 5-10%"),
        ("incline: 10-5%", "incline range '10-5%' runs backwards"),
        ("incline: 60%", "an incline of '60%' is steeper than any treadmill (up to 40%)"),
    ],
)
def test_impossible_targets(line: str, message: str) -> None:
    assert message in one_error(workout_with_step(f"run: 1min\n{line}")).message


def test_pace_and_speed_together_are_an_error() -> None:
    problem = one_error(workout_with_step("run: 1km\npace: 5k\nspeed: 12 km/h"))
    assert (problem.pos, problem.message) == (SourcePos(5, 5), "a step has a pace or a speed, not both")


@pytest.mark.parametrize(
    ("progress", "message"),
    [
        ("15s/mi", "'15s/mi' needs a sign: -15s/mi for faster each repetition, +15s/mi for slower"),
        ("-90s/mi", "'-90s/mi' changes the pace by a minute or more with each repetition"),
        ("faster", "'faster' is not a pace change such as -15s/mi or +20s"),
    ],
)
def test_impossible_progress(progress: str, message: str) -> None:
    text = workout_with_step(f"run: 1mi\npace: 7:00/mi\nprogress: {progress}", in_repeat=True)
    assert one_error(text).message == message


def test_progress_needs_a_pace() -> None:
    text = workout_with_step("run: 1mi\neffort: hard\nprogress: -10s", in_repeat=True)
    assert one_error(text).message == "`progress` changes the pace, and this step has no `pace:`"


@pytest.mark.parametrize(
    ("last", "message"),
    [
        (
            "last: sometimes",
            "`last` is `skip` or a mapping of keys that change the final repetition, not `sometimes`",
        ),
        ("last: {}", "`last` is empty"),
        (
            "last:\n  recover: 1min",
            "`last` can change this step's length (`run: ...`), not its kind (`recover`)",
        ),
        ("last:\n  last: skip", "`last` inside `last` means nothing"),
        ("last:\n  efort: max", "unknown key `efort` in `last`: did you mean `effort`?"),
        ("last:\n  run: 0s", "'0s' is no time at all"),
    ],
)
def test_bad_last_overrides(last: str, message: str) -> None:
    assert one_error(workout_with_step(f"run: 400m\n{last}", in_repeat=True)).message.startswith(message)


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        ("- at: soon\n  say: x", "'soon' is not a cue time: write start, halfway, end"),
        ("- at: strat\n  say: x", "'strat' is not a cue time: did you mean `start`?"),
        ("- at: 30s\n  say: x", "'30s' is not a cue time"),
        ("- at: 0s to go\n  say: x", "'0s' is no time at all"),
        ("- at: 30 to go\n  say: x", "'30' is not a time or distance"),
        ("- at: end", "this cue has nothing to say or play"),
        ("- Relax", "a cue is a mapping with `at:` and `say:` or `sound:`, not `Relax`"),
        ("- at: end\n  say: 3", "`say: 3` is read as a number, not as text"),
        ("- at: 30s to go\n  sound: bel", "unknown sound `bel`"),
    ],
)
def test_bad_cues(cue: str, message: str) -> None:
    indented = "\n".join("  " + line for line in cue.splitlines())
    assert one_error(workout_with_step(f"run: 5min\ncues:\n{indented}")).message.startswith(message)


def test_a_misspelt_sound_names_the_nearest_and_lists_them_all() -> None:
    problem = one_error(workout_with_step("run: 5min\ncues:\n  - at: end\n    sound: beeep"))
    assert problem.hint is not None
    assert problem.hint.startswith("did you mean `beep`? (kick's sounds: beep, bell,")


@pytest.mark.parametrize("sound", ["bell", "finish", "/home/me/whistle.wav", "gong.WAV"])
def test_kicks_own_sounds_and_wav_paths_are_accepted(sound: str) -> None:
    (step,) = load(workout_with_step(f"run: 5min\ncues:\n  - at: end\n    sound: {sound}")).workout.steps
    assert isinstance(step, Step)
    assert [cue.sound for cue in step.cues] == [sound]


def test_the_top_level_cues_are_settings_not_a_list() -> None:
    problem = one_error("name: x\ncues:\n  - at: end\n    say: Go\nsteps:\n  - run: 1min\n")
    assert problem.message.startswith("the top-level `cues:` holds settings")


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("countdown: -1", "`countdown` should be a whole number from 0 to 60, not `-1`"),
        ("countdown: 99", "`countdown` is from 0 to 60, not 99"),
        ("defaults: maybe", "`defaults` should be true or false, not `maybe`"),
        ("mantras: Go", "`mantras` is a list"),
        ("mantras: [1]", "`an item of mantras: 1` is read as a number, not as text"),
    ],
)
def test_bad_cue_settings(settings: str, message: str) -> None:
    assert one_error(f"name: x\ncues:\n  {settings}\nsteps:\n  - run: 1min\n").message == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- run: 1min\n", "a workout file is a mapping with `name:` and `steps:`, not a list"),
        ("just words\n", "a workout file is a mapping with `name:` and `steps:`, not `just words`"),
        ("steps:\n  - run: 1min\n", "the workout has no `name:`"),
        ("name: x\n", "the workout has no `steps:`"),
        ("name: x\nsteps: []\n", "`steps` is empty: there must be at least one step"),
        ("name: x\nsteps: run 400m\n", "`steps` should be a list of steps, not `run 400m`"),
        ("name: x\nsteps:\n  - run\n", "a step is a mapping such as `- run: 400m`, not `run`"),
        ("name: x\nsteps:\n  - - run: 1min\n", "a step is a mapping such as `- run: 400m`, not a list"),
        ("name: ''\nsteps:\n  - run: 1min\n", "`name` is empty"),
        ("name:\nsteps:\n  - run: 1min\n", "`name` has no value"),
        (
            "name: x\nenvironment: trak\nsteps:\n  - run: 1min\n",
            "`trak` is not an environment: did you mean `track`?",
        ),
        ("name: x\ntags: track\nsteps:\n  - run: 1min\n", "`tags` is a list"),
        (
            "name: x\nsteps:\n  - steps:\n      - run: 1min\n",
            "`steps:` without `repeat:`: a block of steps is a repeat",
        ),
        (
            "name: x\nsteps:\n  - run: 1min\n    every: 2min\n",
            "`every` belongs to a repeat, not to a `run` step",
        ),
        ("name: x\nwarmup: 10min\nsteps:\n  - run: 1min\n", "unknown key `warmup` at the top level"),
    ],
)
def test_structural_mistakes(text: str, message: str) -> None:
    assert one_error(text).message == message


def test_yaml_syntax_errors_have_positions_and_hints() -> None:
    problem = one_error("name: x\nsteps:\n  - run: 1min\n  say: Go\n")
    assert problem.pos == SourcePos(4, 3)
    assert problem.message.startswith("YAML syntax: did not find expected '-' indicator")
    assert problem.hint == "items of a list line up, each starting with `- `"


def test_an_unclosed_quote_is_a_syntax_error_with_a_hint() -> None:
    problem = one_error("name: 'x\nsteps:\n  - run: 1min\n")
    assert problem.message.startswith("YAML syntax:")
    assert problem.hint == "a quote or bracket is opened and never closed"


def test_tab_indentation_is_explained() -> None:
    problem = one_error("name: x\nsteps:\n  - run: 1min\n\t  say: Go\n")
    assert problem.pos == SourcePos(4, 1)
    assert "YAML allows only spaces for indentation" in problem.message


def test_a_tab_inside_text_is_fine() -> None:
    assert load("name: 'a\tb'\nsteps:\n  - run: 1min\n").workout.name == "a\tb"


def test_other_tags_are_refused_but_plain_yaml_tags_are_fine() -> None:
    assert one_error("name: !custom x\nsteps:\n  - run: 1min\n").message == (
        "the tag `!custom` is not used in workout files"
    )
    assert load("name: !!str 2024\nsteps:\n  - run: 1min\n").workout.name == "2024"


def test_merge_keys_are_not_part_of_the_format() -> None:
    text = "name: x\nsteps:\n  - &a {run: 1min}\n  - <<: *a\n    say: Go\n"
    assert one_error(text).message == "unknown key `<<` in a step"


def test_an_alias_loop_is_refused() -> None:
    problem = one_error("name: x\nsteps: &s\n  - repeat: 2\n    steps: *s\n")
    assert "inside the node `&s` names" in problem.message


def test_a_mistake_in_an_aliased_step_is_reported_once() -> None:
    text = "name: x\nsteps:\n  - &bad {run: 1min, colour: red}\n  - *bad\n  - *bad\n"
    assert errors(text) == ["3:22: unknown key `colour` in a `run` step"]


def test_warnings_alone_do_not_refuse_a_file() -> None:
    loaded = load(workout_with_step("run: 5m"))
    (warning,) = loaded.warnings
    assert warning.severity is Severity.WARNING
    assert (warning.pos, warning.message) == (SourcePos(3, 10), "5 m: did you mean 5min?")


def test_warnings_come_with_errors_when_a_file_is_refused() -> None:
    problems = refused(workout_with_step("run: 5m\nsay: 1"))
    assert [p.severity for p in problems] == [Severity.WARNING, Severity.ERROR]


def test_a_distance_cue_on_a_step_without_a_pace_cannot_be_placed() -> None:
    text = workout_with_step(
        "run: 400m\neffort: hard\ncues:\n  - at: 100m to go\n    say: Kick!", top="environment: track\n"
    )
    (warning,) = load(text).warnings
    assert warning.pos == SourcePos(7, 9)
    assert warning.message.startswith("a cue at 100 m cannot be placed: this step has no pace or speed")


def test_a_distance_cue_with_a_pace_or_speed_is_fine() -> None:
    assert (
        load(workout_with_step("run: 400m\npace: mile\ncues:\n  - at: 100m to go\n    say: Kick!")).warnings
        == ()
    )
    assert (
        load(workout_with_step("run: 2min\nspeed: 14 km/h\ncues:\n  - at: 200m in\n    say: Go")).warnings
        == ()
    )


def test_a_cue_beyond_its_step_is_a_warning() -> None:
    (warning,) = load(workout_with_step("run: 20s\ncues:\n  - at: 30s to go\n    say: Go")).warnings
    assert warning.message == "this cue falls outside its 20 s step; it will be left out"


def test_a_treadmill_distance_needs_a_pace_or_a_speed() -> None:
    top = "environment: treadmill\n"
    problem = one_error(workout_with_step("run: 400m\neffort: hard", top=top))
    assert problem.pos == SourcePos(4, 10)
    assert problem.message == "a 400 m step on a treadmill needs a `pace:` or a `speed:` to be timed"
    load(workout_with_step("run: 400m\npace: 5k", top=top))
    load(workout_with_step("run: 400m\nspeed: 12 km/h", top=top))
    load(workout_with_step("run: 2min\neffort: hard", top=top))


def test_a_treadmill_distance_given_by_last_needs_a_pace_too() -> None:
    text = workout_with_step("run: 2min\nlast:\n  run: 400m", in_repeat=True, top="environment: treadmill\n")
    problem = one_error(text)
    assert problem.pos.line == 8
    assert "on a treadmill needs a `pace:`" in problem.message


def test_a_track_distance_with_only_an_effort_is_fine() -> None:
    assert load(workout_with_step("run: 400m\neffort: hard", top="environment: track\n")).warnings == ()


def test_the_sound_names_a_cue_may_use_are_the_ones_handed_to_the_loader() -> None:
    """The pure layer lists no folder: the shell passes kick's sound names in."""
    from kicktimer.errors import WorkoutError
    from kicktimer.workout.loader import load_workout_text

    text = workout_with_step("run: 5min\ncues:\n  - at: end\n    sound: whistle")
    loaded = load_workout_text(text, FILE, sounds=("whistle", "gong"))
    (step,) = loaded.workout.steps
    assert isinstance(step, Step)
    assert [cue.sound for cue in step.cues] == ["whistle"]
    with pytest.raises(WorkoutError) as refused_here:
        load_workout_text(text, FILE, sounds=("bell",))
    (problem,) = refused_here.value.errors
    assert problem.message == "unknown sound `whistle`"
    assert problem.hint == "kick's sounds: bell, or the path to a .wav file"
