"""The JSON Schema (draft 2020-12) of the workout format, built in code.

An editor with a YAML language server reads `workouts/workout.schema.json`
(which is exactly what `kick schema` prints) to complete keys and flag
mistakes as the user types. The schema is a help, not the judge: the loader
is what decides, and it says more (positions, "did you mean", limits). The
schema never rejects a file the loader accepts as written by the format;
where a rule needs context (the step limit, a treadmill distance with no
pace) it is left to the loader and the compiler.

The patterns mirror the parsers in `kicktimer.workout.quantities`, so a
length the program reads is a length the editor accepts.
"""

from __future__ import annotations

import json
from typing import Any

from kicktimer.workout.limits import MAX_COUNTDOWN_S, MAX_REPEAT, MAX_SHORT_TEXT, MAX_TEXT
from kicktimer.workout.model import REFERENCE_NAMES, StepKind

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# ---- patterns --------------------------------------------------------------
# JSON Schema patterns are ECMA-262 regular expressions without flags, so
# case-insensitive units are spelled with character classes.


def _ci(word: str) -> str:
    """`min` → `[mM][iI][nN]`: a case-insensitive literal for a flagless regex."""
    return "".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else _escape(c) for c in word)


def _escape(char: str) -> str:
    return "\\" + char if char in r"\.+*?()[]{}|^$" else char


def _alternatives(*words: str) -> str:
    return "(?:" + "|".join(_ci(w) for w in words) + ")"


_NUMBER = r"(?:\d+(?:\.\d+)?|\.\d+)"
_TIME_UNIT = _alternatives(
    "hours",
    "hour",
    "hrs",
    "hr",
    "h",
    "minutes",
    "minute",
    "mins",
    "min",
    "seconds",
    "second",
    "secs",
    "sec",
    "s",
)
_SECONDS = r"[0-5]?\d(?:\.\d+)?"
_CLOCK = rf"(?:\d+:[0-5]?\d|\d{{1,2}}):{_SECONDS}"
_HOURS_MINUTES = r"\d+\s*h\s*(?:\d{1,2}\s*(?:min|m)?)?"
_UNIT_PARTS = rf"(?:{_NUMBER}\s*{_TIME_UNIT}\s*)+"
_TIME = rf"(?:{_CLOCK}|{_HOURS_MINUTES}|{_UNIT_PARTS})"
_DISTANCE_UNIT = _alternatives("miles", "mile", "mi", "km", "m")
_DISTANCE = rf"{_NUMBER}\s*{_DISTANCE_UNIT}"
_COUNT = rf"\d+\s*{_alternatives('reps', 'rep', 'times', 'x')}"
_OPEN = _ci("open")
_PACE_UNIT = _alternatives("mile", "mi", "km")
_PACE_DELTA = rf"[+-]\s*{_NUMBER}\s*{_alternatives('sec', 's')}\s*(?:/\s*{_PACE_UNIT})?"
_REFERENCE = _alternatives(*REFERENCE_NAMES)


def _whole(pattern: str) -> str:
    """Anchor a pattern and allow the blanks YAML leaves around a plain scalar."""
    return rf"^\s*(?:{pattern})\s*$"


TIME_PATTERN = _whole(_TIME)
DISTANCE_PATTERN = _whole(_DISTANCE)
LENGTH_PATTERN = _whole(rf"{_TIME}|{_DISTANCE}|{_OPEN}")
DRILL_LENGTH_PATTERN = _whole(rf"{_TIME}|{_DISTANCE}|{_COUNT}|{_OPEN}")
PACE_PATTERN = _whole(rf"\d+:{_SECONDS}\s*/\s*{_PACE_UNIT}|{_REFERENCE}(?:\s*{_PACE_DELTA})?")
PACE_DELTA_PATTERN = _whole(_PACE_DELTA)
SPEED_PATTERN = _whole(rf"{_NUMBER}\s*{_alternatives('km/h', 'kmh', 'kph', 'mph')}")
INCLINE_PATTERN = _whole(rf"{_NUMBER}\s*%?\s*(?:(?:-|–|to)\s*{_NUMBER}\s*)?%")
CUE_AT_PATTERN = _whole(
    rf"{_alternatives('start', 'halfway', 'end')}"
    rf"|(?:{_TIME}|{_DISTANCE})\s+(?:{_ci('to')}\s+{_ci('go')}|{_ci('in')})"
)
REP_RANGE_PATTERN = _whole(r"\d+(?:\s*[-–]\s*\d+)?")


# ---- descriptions (what an editor shows on hover) ---------------------------

_KIND_HELP: dict[StepKind, str] = {
    StepKind.WARMUP: "Easy running before the work.",
    StepKind.RUN: "A work interval: a rep, a stride, a sprint, a tempo mile.",
    StepKind.RECOVER: "Active recovery: jog, walk back, jog down the hill.",
    StepKind.REST: "Standing or walking rest.",
    StepKind.DRILL: "Off-feet work: push-ups, core, lunges, skipping.",
    StepKind.COOLDOWN: "Easy running after the work.",
}

_LENGTH_HELP = (
    "The step's length. A time (45s, 90 s, 2min, 1:30, 1h05, 1h 5min) counts down and "
    "advances by itself. A distance (400m, 1.5km, 1mi, 0.5 mi) is a countdown at the "
    "target pace on a treadmill and waits for the lap key on a track or road. `open` "
    "(or no value) counts up until the lap key. Note: `m` is metres, `min` is minutes."
)
_DRILL_LENGTH_HELP = (
    _LENGTH_HELP + " Drills may also be a count such as `20 reps`, which waits for the lap key."
)


def _string(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _patterned(description: str, pattern: str, examples: list[str]) -> dict[str, Any]:
    return _string(description, pattern=pattern, examples=examples)


def _step_properties() -> dict[str, Any]:
    """Keys every step may carry besides its kind (and besides `progress`/`last`)."""
    return {
        "label": _string(
            'Display name; by default one is derived, e.g. "Run 400 m", "Recover 2:00".',
            maxLength=MAX_SHORT_TEXT,
        ),
        "pace": _patterned(
            "Target pace: absolute (4:30/km, 7:15/mi) or a reference pace from your profile "
            "(easy, marathon, half, threshold, 10k, 5k, 3k, mile), optionally offset: 5k-5s, "
            "easy+20s/km. An offset without a unit is per your profile's unit.",
            PACE_PATTERN,
            ["mile", "5k-5s", "easy+20s/km", "4:30/km", "7:15/mi"],
        ),
        "effort": _string(
            "Free text or a percentage: easy, comfortably hard, 90%, 95%, max. "
            "`max` and anything from 95% up are shown as all-out.",
            examples=["easy", "comfortably hard", "90%", "95%", "max"],
            maxLength=MAX_SHORT_TEXT,
        ),
        "speed": _patterned(
            "Treadmill belt speed instead of a pace: 16 km/h or 10 mph.",
            SPEED_PATTERN,
            ["16 km/h", "10 mph"],
        ),
        "incline": _patterned(
            "Treadmill incline in percent, or a range: 1%, 8%, 5-10%.",
            INCLINE_PATTERN,
            ["1%", "8%", "5-10%"],
        ),
        "activity": _string(
            "How to do it, in words: walk back to the start, jog down.",
            examples=["walk back to the start", "jog down", "walk or jog"],
            maxLength=MAX_SHORT_TEXT,
        ),
        "say": _string(
            "Shorthand for one cue at the step's start: shown, and spoken when voice is on.",
            maxLength=MAX_TEXT,
        ),
        "cues": {"$ref": "#/$defs/cueList"},
    }


def _progress() -> dict[str, Any]:
    return _patterned(
        "Inside a repeat: how the pace target changes with each repetition, e.g. -15s/mi "
        "(each repetition 15 s per mile faster than the one before). Without a unit, per "
        "the unit of the pace it changes when that pace is absolute, else per your profile's unit.",
        PACE_DELTA_PATTERN,
        ["-15s/mi", "-5s/km", "-10s"],
    )


def _length(kind: StepKind) -> dict[str, Any]:
    drill = kind is StepKind.DRILL
    return {
        "type": ["string", "null"],
        "description": f"{_KIND_HELP[kind]} {_DRILL_LENGTH_HELP if drill else _LENGTH_HELP}",
        "pattern": DRILL_LENGTH_PATTERN if drill else LENGTH_PATTERN,
        "examples": ["20 reps", "30s", "open"] if drill else ["400m", "2min", "1:30", "1mi", "open"],
    }


def _last(kind: StepKind) -> dict[str, Any]:
    overrides = {kind.value: _length(kind), **_step_properties()}
    return {
        "description": (
            "Only inside a repeat: what changes on the final repetition. Either `skip` "
            "(leave this step out of the final repetition) or a mapping of step keys that "
            "replace this step's own, e.g. `effort: max` and a `say:`."
        ),
        "oneOf": [
            {"const": "skip", "description": "Leave this step out of the final repetition."},
            {
                "type": "object",
                "description": "Overrides for the final repetition.",
                "properties": overrides,
                "additionalProperties": False,
                "minProperties": 1,
            },
        ],
    }


def _step(kind: StepKind, *, in_repeat: bool) -> dict[str, Any]:
    properties: dict[str, Any] = {kind.value: _length(kind), **_step_properties()}
    if in_repeat:
        properties["progress"] = _progress()
        properties["last"] = _last(kind)
    rules: dict[str, Any] = {"not": {"required": ["pace", "speed"]}}
    if in_repeat:
        rules["dependentRequired"] = {"progress": ["pace"]}
    return {
        **rules,
        "type": "object",
        "title": f"{kind.value} step",
        "description": (
            f"{_KIND_HELP[kind]} Write `{kind.value}:` as the step's first key, its length as the value."
        ),
        "required": [kind.value],
        "properties": properties,
        "additionalProperties": False,
    }


def _repeat() -> dict[str, Any]:
    return {
        "type": "object",
        "title": "repeat block",
        "description": "A block of steps done N times; blocks nest.",
        "required": ["repeat", "steps"],
        "properties": {
            "repeat": {
                "description": (
                    "How many times: a count (8) or a range (8-12, 4-6). A range runs its low end "
                    "unless you pick another count before starting (the preview, or --reps)."
                ),
                "oneOf": [
                    {"type": "integer", "minimum": 1, "maximum": MAX_REPEAT},
                    {"type": "string", "pattern": REP_RANGE_PATTERN},
                ],
                "examples": [8, "8-12", "4-6"],
            },
            "steps": {
                "description": "The steps of one repetition; `progress:` and `last:` may be used here.",
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/$defs/repeatedStep"},
            },
            "every": _patterned(
                "Optional send-off: each repetition starts exactly this long after the previous one "
                "started; whatever is left after the work is the recovery.",
                TIME_PATTERN,
                ["3min", "1:30"],
            ),
        },
        "additionalProperties": False,
    }


def _cue() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "A cue: shown on screen and, with sound on, spoken or played.",
        "properties": {
            "at": _patterned(
                "When: start (the default), halfway, end; a time or distance before the end "
                "(30s to go, 100m to go); or after the start (20s in, 200m in). A distance cue "
                "needs a known pace on a track or road.",
                CUE_AT_PATTERN,
                ["start", "halfway", "end", "30s to go", "100m to go", "20s in", "200m in"],
            ),
            "say": _string("Words to show and speak.", maxLength=MAX_TEXT),
            "sound": _string(
                "A sound from kicktimer's sounds (beep, go, rest, bell, halfway, finish) "
                "or a path to a .wav file.",
                examples=["bell", "beep", "go"],
            ),
        },
        "anyOf": [{"required": ["say"]}, {"required": ["sound"]}],
        "additionalProperties": False,
    }


def _cue_settings() -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Workout-wide cue settings.",
        "properties": {
            "countdown": {
                "type": "integer",
                "minimum": 0,
                "maximum": MAX_COUNTDOWN_S,
                "description": (
                    "Beeps in the last N seconds of every timed step (default 3; 0 turns them off)."
                ),
            },
            "mantras": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Extra mantras for this workout, used with the built-in ones.",
            },
            "defaults": {
                "type": "boolean",
                "description": "Whether the built-in mantras and form cues are added (default true).",
            },
        },
        "additionalProperties": False,
    }


def _step_union(*, in_repeat: bool) -> dict[str, Any]:
    return {
        "description": (
            "A step: a mapping whose first key is its kind (warmup, run, recover, rest, drill, "
            "cooldown) with its length as the value, or a `repeat:` block."
        ),
        "oneOf": [
            *({"$ref": f"#/$defs/{_def_name(kind, in_repeat=in_repeat)}"} for kind in StepKind),
            {"$ref": "#/$defs/repeat"},
        ],
    }


def _def_name(kind: StepKind, *, in_repeat: bool) -> str:
    """`runStep` at the top level, `repeatedRunStep` inside a repeat (where `last:` and `progress:` live)."""
    return f"repeated{kind.value.capitalize()}Step" if in_repeat else f"{kind.value}Step"


def workout_schema() -> dict[str, Any]:
    """The whole format as a JSON Schema document (draft 2020-12)."""
    defs: dict[str, Any] = {}
    for in_repeat in (False, True):
        for kind in StepKind:
            defs[_def_name(kind, in_repeat=in_repeat)] = _step(kind, in_repeat=in_repeat)
    defs["step"] = _step_union(in_repeat=False)
    defs["repeatedStep"] = _step_union(in_repeat=True)
    defs["repeat"] = _repeat()
    defs["cue"] = _cue()
    defs["cueList"] = {
        "type": "array",
        "description": "Timed cues for this step.",
        "items": {"$ref": "#/$defs/cue"},
    }
    defs["cueSettings"] = _cue_settings()
    return {
        "$schema": SCHEMA_DIALECT,
        "$id": "https://kicktimer.example/workout.schema.json",
        "title": "kicktimer workout",
        "description": (
            "A running workout for kicktimer, format version 1. Read it aloud and you should "
            "hear the session. See docs/workout-format.md."
        ),
        "type": "object",
        "required": ["name", "steps"],
        "properties": {
            "name": _string("Shown in the picker and the history.", minLength=1, maxLength=MAX_SHORT_TEXT),
            "summary": _string("One line about the workout.", maxLength=MAX_SHORT_TEXT),
            "notes": _string("Free text, shown in the preview.", maxLength=MAX_TEXT),
            "source": _string("Where the workout comes from.", maxLength=MAX_TEXT),
            "tags": {
                "type": "array",
                "items": {"type": "string", "maxLength": MAX_SHORT_TEXT},
                "description": "Words used to filter the picker.",
                "examples": [["track", "intervals", "kick"]],
            },
            "environment": {
                "enum": ["track", "treadmill", "road", "any"],
                "description": (
                    "Where distance steps are measured (default any). treadmill: a distance becomes a "
                    "countdown at the target pace or speed. track, road: the clock counts up against the "
                    "target split and the lap key ends the step. any: chosen at start or with --where."
                ),
            },
            "cues": {"$ref": "#/$defs/cueSettings"},
            "steps": {
                "type": "array",
                "minItems": 1,
                "description": "The session, in order.",
                "items": {"$ref": "#/$defs/step"},
            },
        },
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text() -> str:
    """The schema as the committed file holds it: pretty-printed, with a trailing newline."""
    return json.dumps(workout_schema(), indent=2, ensure_ascii=False) + "\n"
