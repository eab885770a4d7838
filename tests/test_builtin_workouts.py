"""The built-in workouts: each loads cleanly, cites its seed, speaks only the seeds' words, and compiles.

The seeds (`../shared/seeds/` beside the checkout) are the source documents;
tests that read them are skipped where the checkout stands alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from kicktimer.core.compile import compile_plan
from kicktimer.core.profile import Profile
from kicktimer.resources import builtin_sound_names, builtin_workouts_dir
from kicktimer.workout.model import Environment
from kicktimer.workout_file import load_workout_file

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO.parent / "shared" / "seeds"
SCHEMA_LINE = "# yaml-language-server: $schema=workout.schema.json"
BUILTINS = sorted(builtin_workouts_dir().glob("*.yaml"))
SLUGS = [path.stem for path in BUILTINS]
needs_seeds = pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seeds are not beside this checkout")


def _raw(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _by_slug(slug: str) -> dict[str, Any]:
    return _raw(builtin_workouts_dir() / f"{slug}.yaml")


# ---- text normalisation shared by the source and cue checks ----------------------

_PUNCTUATION = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(_PUNCTUATION).casefold()).strip()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", _normalise(text))


def _stem(word: str) -> str:
    """A crude stem, enough to hear "relaxed" in "relax" and "jogging" in "jog"."""
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _seed_texts() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))}


# Words a step announcement may use although no seed says them in that form.
ANNOUNCEMENT_WORDS = {"final", "mile", "rep", "stride", "walk", "back", "jog", "easy", "last", "one"}


def traces_to_seed(text: str, seeds: dict[str, str]) -> str | None:
    """The seed a cue's words come from, or None.

    A cue traces when its whole phrase occurs in a seed, or when every one of
    its sentences has all its key words (three letters or more) in one seed.
    """
    phrase = _normalise(text).rstrip(".!")
    for name, seed in seeds.items():
        if phrase in _normalise(seed):
            return name
    sources: list[str] = []
    for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
        key_words = [w for w in _words(sentence) if len(w) >= 3 and w not in ANNOUNCEMENT_WORDS]
        found = None
        for name, seed in seeds.items():
            seed_stems = {_stem(w) for w in _words(seed)}
            if all(_stem(w) in seed_stems for w in key_words):
                found = name
                break
        if found is None:
            return None
        sources.append(found)
    return sources[0] if sources else None


def _spoken(node: object) -> Iterator[str]:
    """Every `say:` text and workout mantra in a raw workout document."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "say" and isinstance(value, str):
                yield value
            elif key == "mantras" and isinstance(value, list):
                yield from (m for m in value if isinstance(m, str))
            else:
                yield from _spoken(value)
    elif isinstance(node, list):
        for item in node:
            yield from _spoken(item)


# ---- the files themselves ----------------------------------------------------------


def test_there_are_at_least_twelve_built_ins() -> None:
    assert len(BUILTINS) >= 12


@pytest.mark.parametrize("path", BUILTINS, ids=SLUGS)
def test_starts_with_the_schema_line(path: Path) -> None:
    assert path.read_text(encoding="utf-8").splitlines()[0] == SCHEMA_LINE


@pytest.mark.parametrize("path", BUILTINS, ids=SLUGS)
def test_file_name_is_a_slug(path: Path) -> None:
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", path.stem)


@pytest.mark.parametrize("path", BUILTINS, ids=SLUGS)
def test_has_name_summary_source_and_tags(path: Path) -> None:
    data = _raw(path)
    for key in ("name", "summary", "source"):
        assert isinstance(data.get(key), str) and data[key].strip(), key
    assert isinstance(data.get("tags"), list) and data["tags"]


def test_names_are_unique() -> None:
    names = [_normalise(_raw(path)["name"]) for path in BUILTINS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("path", BUILTINS, ids=SLUGS)
def test_validates_against_the_committed_schema(path: Path) -> None:
    schema = json.loads((builtin_workouts_dir() / "workout.schema.json").read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(_raw(path))]
    assert errors == []


SOURCE_PART = re.compile(r'(\d{3}_[0-9a-f]{16}\.txt) — "([^"]+)"')


@needs_seeds
@pytest.mark.parametrize("path", BUILTINS, ids=SLUGS)
def test_source_names_a_seed_file_and_one_of_its_sections(path: Path) -> None:
    source = _raw(path)["source"]
    parts = SOURCE_PART.findall(source)
    assert parts, f'source should read `NNN_hash.txt — "Section"`, not {source!r}'
    seeds = _seed_texts()
    for file_name, section in parts:
        assert file_name in seeds, file_name
        assert _normalise(section) in _normalise(seeds[file_name]), section


@needs_seeds
@pytest.mark.parametrize("path", BUILTINS, ids=SLUGS)
def test_every_cue_traces_to_a_seed(path: Path) -> None:
    seeds = _seed_texts()
    spoken = list(_spoken(_raw(path)))
    assert spoken, "a built-in should carry at least one cue from its seed"
    untraced = [text for text in spoken if traces_to_seed(text, seeds) is None]
    assert untraced == []


@needs_seeds
def test_every_seed_has_a_built_in() -> None:
    cited = {name for path in BUILTINS for name, _ in SOURCE_PART.findall(_raw(path)["source"])}
    assert cited == set(_seed_texts())


@needs_seeds
def test_the_cue_tracer_refuses_words_no_seed_says() -> None:
    seeds = _seed_texts()
    assert traces_to_seed("Knees up!", seeds) is not None
    assert traces_to_seed("Drive your arms and lift your knees.", seeds) is not None
    assert traces_to_seed("Relax and keep your form.", seeds) is not None
    assert traces_to_seed("Loosen up, buttercup.", seeds) is None
    assert traces_to_seed("Drive with your arms! Think of a banana.", seeds) is None


# ---- what the issue asks the library to contain --------------------------------------


def _steps(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for step in node.get("steps", []):
        yield step
        if "repeat" in step:
            yield from _steps(step)


def _repeats(slug: str) -> list[dict[str, Any]]:
    return [s for s in _steps(_by_slug(slug)) if "repeat" in s]


def _runs(slug: str) -> list[dict[str, Any]]:
    return [s for s in _steps(_by_slug(slug)) if "run" in s]


REQUIRED: dict[str, Callable[[], bool]] = {
    # 8 × 400 m with a maximal last rep
    "8x400-last-all-out": lambda: (
        _repeats("8x400-last-all-out")[0]["repeat"] == 8
        and _runs("8x400-last-all-out")[0]["run"] == "400m"
        and _runs("8x400-last-all-out")[0]["last"]["effort"] == "max"
    ),
    # 8 × 400 m at mile pace with 60 s rest
    "8x400-mile-pace-60s-rest": lambda: (
        _repeats("8x400-mile-pace-60s-rest")[0]["repeat"] == 8
        and _runs("8x400-mile-pace-60s-rest")[0]["pace"] == "mile"
        and any(s.get("rest") == "60s" for s in _steps(_by_slug("8x400-mile-pace-60s-rest")))
    ),
    # post-run strides: 4 at mile pace, jog back
    "post-run-strides": lambda: (
        _repeats("post-run-strides")[0]["repeat"] == 4 and _runs("post-run-strides")[0]["pace"] == "mile"
    ),
    # 4–6 × 100 m strides at about 90 %, walking back
    "strides": lambda: (
        _repeats("strides")[0]["repeat"] == "4-6"
        and _runs("strides")[0]["run"] == "100m"
        and _runs("strides")[0]["effort"] == "90%"
    ),
    # 5 × 30 s hill sprints at 5–10 % incline
    "hill-sprints": lambda: (
        _repeats("hill-sprints")[0]["repeat"] == 5
        and _runs("hill-sprints")[0]["run"] == "30s"
        and _runs("hill-sprints")[0]["incline"] == "5-10%"
    ),
    # 8–12 × 200 m at 95 %
    "200m-repeats": lambda: (
        _repeats("200m-repeats")[0]["repeat"] == "8-12"
        and _runs("200m-repeats")[0]["run"] == "200m"
        and _runs("200m-repeats")[0]["effort"] == "95%"
    ),
    # long-run finishing surges, 30 s on / 30 s off
    "long-run-finishing-surges": lambda: (
        _runs("long-run-finishing-surges")[0]["run"] == "30s"
        and any(s.get("recover") == "30s" for s in _steps(_by_slug("long-run-finishing-surges")))
    ),
    # the progressive long run, 15 s per mile faster each mile
    "progressive-long-run": lambda: (
        _runs("progressive-long-run")[0]["progress"] == "-15s/mi"
        and _runs("progressive-long-run")[0]["run"] == "1mi"
    ),
    # short strides plus push-ups and core after a tiring run
    "muscle-activation": lambda: (
        any(s.get("drill") == "20 reps" for s in _steps(_by_slug("muscle-activation")))
        and _runs("muscle-activation")[0]["run"] in {"50m", "60m", "70m"}
    ),
    # strides and 200s to close an interval session
    "strides-and-200s": lambda: (
        {r["run"] for r in _runs("strides-and-200s")} == {"200m", "50m"}
        and {r["repeat"] for r in _repeats("strides-and-200s")} == {"2-3", "4-5"}
    ),
    # a race-in-thirds rehearsal
    "race-in-thirds": lambda: len(_runs("race-in-thirds")) == 3,
    # a negative-split run
    "negative-split-run": lambda: len(_runs("negative-split-run")) == 2,
    # hill repeats
    "hill-repeats": lambda: "incline" in _runs("hill-repeats")[0] and bool(_repeats("hill-repeats")),
}


@pytest.mark.parametrize("slug", sorted(REQUIRED))
def test_the_library_holds_what_the_issue_lists(slug: str) -> None:
    assert slug in SLUGS
    assert REQUIRED[slug]()


# ---- through the program: loader and compiler ------------------------------------------


@pytest.mark.parametrize("path", BUILTINS, ids=SLUGS)
def test_loads_with_no_errors_and_no_warnings(path: Path) -> None:
    from kicktimer.resources import builtin_sound_names
    from kicktimer.workout_file import load_workout_file

    loaded = load_workout_file(path, sounds=builtin_sound_names())
    assert loaded.warnings == ()
    assert loaded.workout.name == _raw(path)["name"]


def _environments(workout: Any) -> list[Any]:
    from kicktimer.workout.model import Environment

    if workout.environment is not Environment.ANY:
        return [workout.environment]
    if not workout.has_distance_steps():
        return [Environment.ANY]
    return [Environment.TRACK, Environment.TREADMILL, Environment.ROAD]


@pytest.mark.parametrize("path", BUILTINS, ids=SLUGS)
def test_compiles_for_every_environment_it_allows(path: Path) -> None:
    from kicktimer.core.compile import compile_plan
    from kicktimer.core.profile import Profile
    from kicktimer.resources import builtin_sound_names
    from kicktimer.workout_file import load_workout_file

    workout = load_workout_file(path, sounds=builtin_sound_names()).workout
    profile = Profile(units="mi", races={"5k": 22 * 60 + 30})
    for environment in _environments(workout):
        plan = compile_plan(workout, profile, environment, None)
        assert plan.segments, environment
        assert plan.warnings == (), environment


@pytest.mark.parametrize("path", sorted(builtin_workouts_dir().glob("*.yaml")), ids=lambda p: p.stem)
def test_a_built_in_plans_the_same_paces_whatever_the_units_setting(path: Path) -> None:
    """The units setting is how paces are shown; a shipped workout's targets never move with it."""
    workout = load_workout_file(path, sounds=builtin_sound_names()).workout
    where = Environment.TRACK if workout.needs_a_place() else None
    races = {"5k": 22 * 60 + 30.0}
    km = compile_plan(workout, Profile(units="km", races=races), where)
    mi = compile_plan(workout, Profile(units="mi", races=races), where)
    assert [s.pace_s_per_km for s in km.segments] == [s.pace_s_per_km for s in mi.segments]
