"""The workout library: what `kick list` and the picker see, and how a name finds its file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kicktimer.library import UnknownWorkout, list_workouts, resolve_workout, user_workouts_dir
from kicktimer.resources import builtin_workouts_dir

BUILTIN_FILES = sorted(builtin_workouts_dir().glob("*.yaml"))

MY_HILLS = """\
name: My hills
summary: Six up, jog down.
tags: [hills, mine]
steps:
  - repeat: 6
    steps:
      - run: 45s
      - recover: 90s
"""


@pytest.fixture
def user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty $KICK_CONFIG_DIR/workouts/, and a working directory with no workout files."""
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path / "config"))
    folder = tmp_path / "config" / "workouts"
    folder.mkdir(parents=True)
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    return folder


def _builtin_name(path: Path) -> str:
    name = yaml.safe_load(path.read_text(encoding="utf-8"))["name"]
    assert isinstance(name, str)
    return name


# ---- listing -----------------------------------------------------------------------------


def test_lists_every_built_in_with_its_name_summary_and_tags(user_dir: Path) -> None:
    entries = list_workouts()
    assert {e.slug: e.name for e in entries} == {p.stem: _builtin_name(p) for p in BUILTIN_FILES}
    for entry in entries:
        raw = yaml.safe_load(entry.path.read_text(encoding="utf-8"))
        assert entry.builtin
        assert entry.error is None
        assert entry.summary == raw["summary"]
        assert entry.tags == tuple(raw["tags"])
        assert entry.workout is not None and entry.workout.name == entry.name


def test_built_ins_are_sorted_by_name(user_dir: Path) -> None:
    names = [entry.name.casefold() for entry in list_workouts()]
    assert names == sorted(names)


def test_user_workouts_follow_the_built_ins(user_dir: Path) -> None:
    (user_dir / "my-hills.yaml").write_text(MY_HILLS, encoding="utf-8")
    entries = list_workouts()
    assert entries[-1].slug == "my-hills"
    assert entries[-1].name == "My hills"
    assert entries[-1].builtin is False
    assert entries[-1].tags == ("hills", "mine")
    assert all(entry.builtin for entry in entries[:-1])
    assert user_workouts_dir() == user_dir


def test_a_broken_user_file_is_listed_with_its_error(user_dir: Path) -> None:
    (user_dir / "broken.yaml").write_text(
        "name: Broken\nsteps:\n  - run: 400m\n    pase: mile\n", encoding="utf-8"
    )
    (user_dir / "binary.yml").write_bytes(b"\xff\xfe\x00garbage")
    by_slug = {entry.slug: entry for entry in list_workouts()}
    broken = by_slug["broken"]
    assert broken.workout is None and not broken.builtin
    assert broken.error is not None and broken.error.startswith(f"{user_dir / 'broken.yaml'}:4:")
    assert "pase" in broken.error
    assert by_slug["binary"].error is not None


def test_ignores_other_files_and_a_missing_folder(user_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (user_dir / "notes.txt").write_text("not a workout", encoding="utf-8")
    (user_dir / ".draft.yaml").write_text(MY_HILLS, encoding="utf-8")
    (user_dir / "folder.yaml").mkdir()
    assert all(entry.builtin for entry in list_workouts())
    monkeypatch.setenv("KICK_CONFIG_DIR", str(user_dir / "nowhere"))
    assert len(list_workouts()) == len(BUILTIN_FILES)


# ---- resolving -----------------------------------------------------------------------------


def test_an_existing_path_wins(user_dir: Path, tmp_path: Path) -> None:
    mine = tmp_path / "strides.yaml"
    mine.write_text(MY_HILLS, encoding="utf-8")
    assert resolve_workout(str(mine)) == mine


def test_a_slug_names_a_built_in(user_dir: Path) -> None:
    assert resolve_workout("strides") == builtin_workouts_dir() / "strides.yaml"
    assert resolve_workout("Hill-Sprints") == builtin_workouts_dir() / "hill-sprints.yaml"
    assert resolve_workout("strides.yaml") == builtin_workouts_dir() / "strides.yaml"


@pytest.mark.parametrize("path", BUILTIN_FILES, ids=[p.stem for p in BUILTIN_FILES])
def test_every_built_in_resolves_by_slug_and_by_name(user_dir: Path, path: Path) -> None:
    assert resolve_workout(path.stem) == path
    assert resolve_workout(_builtin_name(path)) == path
    assert resolve_workout(_builtin_name(path).upper()) == path


def test_names_match_without_case_spacing_or_the_times_sign(user_dir: Path) -> None:
    expected = builtin_workouts_dir() / "8x400-last-all-out.yaml"
    assert resolve_workout("8 x 400 m, last one all-out") == expected
    assert resolve_workout("  8×400m last one ALL OUT ") == expected


def test_user_workouts_are_found_by_slug_and_name(user_dir: Path) -> None:
    (user_dir / "my-hills.yaml").write_text(MY_HILLS, encoding="utf-8")
    assert resolve_workout("my-hills") == user_dir / "my-hills.yaml"
    assert resolve_workout("my hills") == user_dir / "my-hills.yaml"


def test_a_user_copy_of_a_built_in_takes_its_place(user_dir: Path) -> None:
    (user_dir / "strides.yaml").write_text(MY_HILLS.replace("My hills", "Strides"), encoding="utf-8")
    assert resolve_workout("strides") == user_dir / "strides.yaml"
    assert resolve_workout("Strides") == user_dir / "strides.yaml"


def test_an_unknown_name_suggests_the_nearest(user_dir: Path) -> None:
    with pytest.raises(UnknownWorkout) as caught:
        resolve_workout("strieds")
    assert "strides" in caught.value.suggestions
    message = str(caught.value)
    assert "strieds" in message and "did you mean" in message and "\n" not in message


def test_part_of_a_name_suggests_the_workouts_containing_it(user_dir: Path) -> None:
    with pytest.raises(UnknownWorkout) as caught:
        resolve_workout("400")
    assert set(caught.value.suggestions) == {"8x400-last-all-out", "8x400-mile-pace-60s-rest"}


def test_nothing_close_gives_no_suggestion(user_dir: Path) -> None:
    with pytest.raises(UnknownWorkout) as caught:
        resolve_workout("qqqqqqqqqqqqqqqq")
    assert caught.value.suggestions == ()
    assert "did you mean" not in str(caught.value)


@pytest.mark.parametrize("ref", ["no/such/file.yaml", "./missing.yaml", ""])
def test_a_missing_path_or_nothing_is_an_unknown_workout(user_dir: Path, ref: str) -> None:
    with pytest.raises(UnknownWorkout):
        resolve_workout(ref)


def test_a_directory_is_not_a_workout(user_dir: Path) -> None:
    with pytest.raises(UnknownWorkout, match="directory"):
        resolve_workout(str(user_dir) + "/")


def test_a_name_with_a_slash_is_found_by_its_name(user_dir: Path) -> None:
    (user_dir / "surges.yaml").write_text(MY_HILLS.replace("My hills", "30/30 surges"), encoding="utf-8")
    assert resolve_workout("30/30 surges") == user_dir / "surges.yaml"
    assert resolve_workout("30/30 Surges") == user_dir / "surges.yaml"


def test_a_missing_path_is_not_taken_for_a_name_it_resembles(user_dir: Path) -> None:
    with pytest.raises(UnknownWorkout, match="does not exist"):
        resolve_workout("./strides")
