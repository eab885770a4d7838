"""The JSON Schema: committed copy in step with the code, with the spec, and with the parsers."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from kicktimer.resources import builtin_workouts_dir
from kicktimer.workout import quantities
from kicktimer.workout.model import StepKind
from kicktimer.workout.schema import (
    DISTANCE_PATTERN,
    INCLINE_PATTERN,
    PACE_DELTA_PATTERN,
    SPEED_PATTERN,
    TIME_PATTERN,
    schema_text,
    workout_schema,
)
from spec_example import SPEC_EXAMPLE

REPO = Path(__file__).resolve().parent.parent
COMMITTED = builtin_workouts_dir() / "workout.schema.json"
SPEC = REPO.parent / "shared" / "spec" / "workout-format.md"


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _errors(validator: jsonschema.Draft202012Validator, document: object) -> list[str]:
    return [error.message for error in validator.iter_errors(document)]


def _example() -> dict[str, Any]:
    loaded = yaml.safe_load(SPEC_EXAMPLE)
    assert isinstance(loaded, dict)
    return loaded


# ---- the committed file -------------------------------------------------------


def test_committed_schema_is_what_kick_schema_prints() -> None:
    printed = subprocess.run(
        [sys.executable, "-m", "kicktimer", "schema"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert printed == schema_text()
    assert COMMITTED.read_text(encoding="utf-8") == printed, (
        "workouts/workout.schema.json is stale: run `kick schema > workouts/workout.schema.json`"
    )


def test_schema_text_is_pretty_printed_with_a_trailing_newline() -> None:
    text = schema_text()
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert text.startswith('{\n  "$schema": "https://json-schema.org/draft/2020-12/schema"')
    assert json.loads(text) == workout_schema()


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(workout_schema())


# ---- accepts what the format allows ------------------------------------------


def test_accepts_the_specs_complete_example(validator: jsonschema.Draft202012Validator) -> None:
    assert _errors(validator, _example()) == []


@pytest.mark.skipif(not SPEC.is_file(), reason="the shared spec is not beside this checkout")
def test_embedded_example_is_the_specs() -> None:
    found = re.search(r"```yaml\n(# yaml-language-server.*?)```", SPEC.read_text(encoding="utf-8"), re.S)
    assert found is not None
    assert found.group(1) == SPEC_EXAMPLE


@pytest.mark.parametrize(
    "length",
    ["45s", "90 s", "2min", "1:30", "1h05", "1h 5min", "400m", "1.5km", "1mi", "0.5 mi", "open", None],
)
def test_accepts_every_length_form_on_every_kind(
    validator: jsonschema.Draft202012Validator, length: str
) -> None:
    for kind in StepKind:
        assert _errors(validator, {"name": "x", "steps": [{kind.value: length}]}) == [], kind


def test_counts_are_for_drills_only(validator: jsonschema.Draft202012Validator) -> None:
    assert _errors(validator, {"name": "x", "steps": [{"drill": "20 reps"}]}) == []
    assert _errors(validator, {"name": "x", "steps": [{"run": "20 reps"}]}) != []


@pytest.mark.parametrize(
    "at", ["start", "halfway", "end", "30s to go", "100m to go", "20s in", "200m in", "1:00 to go"]
)
def test_accepts_every_cue_anchor(validator: jsonschema.Draft202012Validator, at: str) -> None:
    step = {
        "run": "400m",
        "pace": "5k",
        "cues": [{"at": at, "say": "Knees up!"}, {"at": at, "sound": "bell"}],
    }
    assert _errors(validator, {"name": "x", "steps": [step]}) == []


@pytest.mark.parametrize("pace", ["4:30/km", "7:15/mi", "easy", "mile", "5k-5s", "easy+20s/km", "threshold"])
def test_accepts_every_pace_form(validator: jsonschema.Draft202012Validator, pace: str) -> None:
    assert _errors(validator, {"name": "x", "steps": [{"run": "1km", "pace": pace}]}) == []


def test_accepts_the_other_step_keys_and_settings(validator: jsonschema.Draft202012Validator) -> None:
    document = {
        "name": "everything",
        "summary": "s",
        "notes": "n",
        "source": "src",
        "tags": ["a", "b"],
        "environment": "treadmill",
        "cues": {"countdown": 0, "mantras": ["I can do this!"], "defaults": False},
        "steps": [
            {"warmup": "10min", "label": "Warm up", "speed": "10 mph", "incline": "1%"},
            {
                "repeat": "4-6",
                "every": "3min",
                "steps": [
                    {
                        "run": "400m",
                        "pace": "5k",
                        "incline": "5-10%",
                        "effort": "95%",
                        "progress": "-5s",
                    },
                    {"repeat": 2, "steps": [{"drill": "20 reps", "activity": "push-ups", "last": "skip"}]},
                    {"rest": "open", "last": {"rest": "2min", "say": "Last one."}},
                ],
            },
        ],
    }
    assert _errors(validator, document) == []


# ---- rejects what the format refuses ------------------------------------------


def test_rejects_unknown_top_level_keys(validator: jsonschema.Draft202012Validator) -> None:
    document = _example() | {"stpes": []}
    assert any("stpes" in message for message in _errors(validator, document))


def test_rejects_unknown_step_keys(validator: jsonschema.Draft202012Validator) -> None:
    document = {"name": "x", "steps": [{"run": "400m", "pase": "mile"}]}
    assert _errors(validator, document) != []


def test_rejects_unknown_cue_and_settings_keys(validator: jsonschema.Draft202012Validator) -> None:
    assert _errors(
        validator, {"name": "x", "steps": [{"run": "1min", "cues": [{"when": "end", "say": "x"}]}]}
    )
    assert _errors(validator, {"name": "x", "cues": {"count_down": 3}, "steps": [{"run": "1min"}]})


def test_rejects_two_kinds_in_one_step(validator: jsonschema.Draft202012Validator) -> None:
    assert _errors(validator, {"name": "x", "steps": [{"run": "400m", "recover": "2min"}]}) != []


def test_rejects_last_and_progress_outside_a_repeat(validator: jsonschema.Draft202012Validator) -> None:
    assert _errors(validator, {"name": "x", "steps": [{"run": "400m", "last": "skip"}]}) != []
    assert (
        _errors(validator, {"name": "x", "steps": [{"run": "1mi", "pace": "easy", "progress": "-15s"}]}) != []
    )


@pytest.mark.parametrize("count", [0, 1001, "12-x", "twelve", True])
def test_rejects_impossible_repeat_counts(validator: jsonschema.Draft202012Validator, count: object) -> None:
    assert _errors(validator, {"name": "x", "steps": [{"repeat": count, "steps": [{"run": "1min"}]}]}) != []


def test_rejects_what_the_loader_refuses_without_context(validator: jsonschema.Draft202012Validator) -> None:
    both = {"run": "1min", "pace": "5k", "speed": "12 km/h"}
    assert _errors(validator, {"name": "x", "steps": [both]}) != []
    assert _errors(validator, {"name": "x", "cues": {"countdown": 61}, "steps": [{"run": "1min"}]}) != []
    unpaced = {"repeat": 3, "steps": [{"run": "1mi", "progress": "-5s"}]}
    assert _errors(validator, {"name": "x", "steps": [unpaced]}) != []
    quoted = {"repeat": "8", "steps": [{"run": "1mi"}]}
    assert _errors(validator, {"name": "x", "steps": [quoted]}) == []


def test_rejects_missing_name_or_steps_and_empty_steps(validator: jsonschema.Draft202012Validator) -> None:
    assert _errors(validator, {"steps": [{"run": "1min"}]}) != []
    assert _errors(validator, {"name": "x"}) != []
    assert _errors(validator, {"name": "x", "steps": []}) != []


@pytest.mark.parametrize(
    "bad", [{"run": "fast"}, {"run": 5}, {"run": "1min", "pace": "quick"}, {"run": "1min", "say": 3}]
)
def test_rejects_values_of_the_wrong_form(
    validator: jsonschema.Draft202012Validator, bad: dict[str, object]
) -> None:
    assert _errors(validator, {"name": "x", "steps": [bad]}) != []


def test_every_built_in_workout_validates(validator: jsonschema.Draft202012Validator) -> None:
    files = sorted(builtin_workouts_dir().glob("*.yaml"))
    assert files
    for path in files:
        assert _errors(validator, yaml.safe_load(path.read_text(encoding="utf-8"))) == [], path.name


# ---- in step with the spec and the parsers ----------------------------------------


def _spec_table_keys(heading: str) -> list[str]:
    text = SPEC.read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    keys: list[str] = []
    for line in section.splitlines()[2:]:
        if not line.startswith("|"):
            if keys:
                break
            continue
        cell = line.split("|")[1].strip()
        if cell.startswith("`"):
            keys.append(cell.strip("`"))
    return keys


@pytest.mark.skipif(not SPEC.is_file(), reason="the shared spec is not beside this checkout")
def test_every_key_the_spec_lists_is_in_the_schema() -> None:
    schema = workout_schema()
    top = _spec_table_keys("## Top level")
    assert "steps" in top and "environment" in top
    assert set(top) <= set(schema["properties"])
    step_keys = _spec_table_keys("A step may also carry:")
    assert "pace" in step_keys and "last" in step_keys
    inner_run = schema["$defs"]["repeatedRunStep"]["properties"]
    assert set(step_keys) <= set(inner_run)
    kinds = _spec_table_keys("| kind | what it is | colour family |")
    assert set(kinds) - {"repeat"} == {kind.value for kind in StepKind}
    settings = _spec_table_keys("Workout-wide settings under the top-level `cues:` key:")
    assert set(settings) == set(schema["$defs"]["cueSettings"]["properties"])


def _accepts(parse: Any, text: str) -> bool:
    try:
        parse(text)
    except quantities.QuantityError:
        return False
    return True


def _reference_or_absolute_pace(text: str) -> None:
    from kicktimer.workout.model import REFERENCE_NAMES

    stripped = text.strip()
    for name in REFERENCE_NAMES:
        if stripped.lower().startswith(name):
            rest = stripped[len(name) :].strip()
            if rest:
                quantities.parse_pace_delta(rest)
            return
    quantities.parse_absolute_pace(stripped)


_SAMPLES: dict[str, list[str]] = {
    "time": [
        "45s",
        "90 s",
        "2min",
        "1:30",
        "1h05",
        "1h 5min",
        "1min 30s",
        "1:05:00",
        "0.5min",
        "5",
        "5 m",
        "fast",
        "1:75",
        "",
        "2 mins",
        "3 minutes",
        "10 sec",
        "1h",
        "min",
    ],
    "distance": ["400m", "1.5km", "1mi", "0.5 mi", "2 miles", "1 mile", "5", "5min", "m", "400 M", ".5km"],
    "speed": ["16 km/h", "10 mph", "12kph", "16", "fast", "10 km"],
    "incline": ["1%", "8%", "5-10%", "5 - 10 %", "5to10%", "8", "ten%"],
    "delta": ["-15s/mi", "+20s", "-5s/km", "+3 sec", "15s", "-15", "-15s/furlong"],
    "pace": [
        "4:30/km",
        "7:15/mi",
        "7:15/mile",
        "easy",
        "5k-5s",
        "easy+20s/km",
        "mile",
        "fast",
        "4:30",
        "5k-5",
    ],
}

_PARSERS: dict[str, tuple[Any, str]] = {
    "time": (quantities.parse_duration, TIME_PATTERN),
    "distance": (quantities.parse_distance, DISTANCE_PATTERN),
    "speed": (quantities.parse_speed, SPEED_PATTERN),
    "incline": (quantities.parse_incline, INCLINE_PATTERN),
    "delta": (quantities.parse_pace_delta, PACE_DELTA_PATTERN),
}


@pytest.mark.parametrize("what", sorted(_PARSERS))
def test_patterns_agree_with_the_parsers(what: str) -> None:
    parse, pattern = _PARSERS[what]
    for sample in _SAMPLES[what]:
        assert bool(re.search(pattern, sample)) == _accepts(parse, sample), f"{what}: {sample!r}"


def test_pace_pattern_agrees_with_the_parsers() -> None:
    pattern = workout_schema()["$defs"]["runStep"]["properties"]["pace"]["pattern"]
    for sample in _SAMPLES["pace"]:
        assert bool(re.search(pattern, sample)) == _accepts(_reference_or_absolute_pace, sample), sample


# ---- the schema and the loader agree on files that need no profile or environment ----------

AGREEMENT_CASES: dict[str, str] = {
    "en dash range": "name: x\nsteps:\n  - repeat: 4–6\n    steps: [{run: 1min}]\n",
    "quoted count": "name: x\nsteps:\n  - repeat: '8'\n    steps: [{run: 1min}]\n",
    "last changes length": "name: x\nsteps:\n  - repeat: 2\n    steps: [{run: 1mi, last: {run: 2mi}}]\n",
    "last changes kind": "name: x\nsteps:\n  - repeat: 4\n    steps: [{run: 1mi, last: {recover: 1min}}]\n",
    "last empty": "name: x\nsteps:\n  - repeat: 4\n    steps:\n      - run: 1mi\n        last: {}\n",
    "label on a repeat": "name: x\nsteps:\n  - repeat: 4\n    label: Set\n    steps: [{run: 1min}]\n",
    "cue without at": "name: x\nsteps:\n  - run: 1min\n    cues: [{say: Knees up!}]\n",
    "cue saying nothing": "name: x\nsteps:\n  - run: 1min\n    cues: [{at: end}]\n",
    "summary without value": "name: x\nsummary:\nsteps: [{run: 1min}]\n",
    "capital Open": "name: x\nsteps: [{run: Open}]\n",
    "effort as a number": "name: x\nsteps: [{run: 1min, effort: 90}]\n",
    "pace and speed": "name: x\nsteps: [{run: 1min, speed: 10 km/h, pace: 5k}]\n",
    "countdown too long": "name: x\ncues: {countdown: 100}\nsteps: [{run: 1min}]\n",
    "capital reference": "name: x\nsteps: [{run: 1min, pace: 5K}]\n",
    "count on a warmup": "name: x\nsteps: [{warmup: 20 reps}]\n",
    "drill distance": "name: x\nsteps: [{drill: 50m}]\n",
    "nested send-off": (
        "name: x\nsteps: [{repeat: 2, steps: [{repeat: 3, every: 2min, steps: [{run: 1min}]}]}]"
    ),
    "mantras not a list": "name: x\ncues: {mantras: hi}\nsteps: [{run: 1min}]\n",
    "capital environment": "name: x\nenvironment: Track\nsteps: [{run: 1min}]\n",
    "progress without pace": "name: x\nsteps:\n  - repeat: 3\n    steps: [{run: 1mi, progress: -5s}]\n",
    "progress": "name: x\nsteps:\n  - repeat: 3\n    steps: [{run: 1mi, pace: '7:00/mi', progress: +5s}]\n",
    "two kinds": "name: x\nsteps: [{run: 1min, rest: 1min}]\n",
    "bare number": "name: x\nsteps: [{run: 5}]\n",
}


@pytest.mark.parametrize("text", list(AGREEMENT_CASES.values()), ids=list(AGREEMENT_CASES))
def test_schema_and_loader_agree(validator: jsonschema.Draft202012Validator, text: str) -> None:
    from kicktimer.errors import WorkoutError
    from kicktimer.resources import builtin_sound_names
    from kicktimer.workout.loader import load_workout_text

    try:
        load_workout_text(text, "case.yaml", sounds=builtin_sound_names())
    except WorkoutError:
        loader_accepts = False
    else:
        loader_accepts = True
    assert (_errors(validator, yaml.safe_load(text)) == []) == loader_accepts
