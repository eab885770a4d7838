"""Bytes before YAML: BOMs and CRLF are fine; anything not UTF-8 text is refused with a position."""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.errors import SourcePos, WorkoutError
from kicktimer.resources import builtin_sound_names
from kicktimer.workout_file import load_workout_file
from loader_support import load, one_error

TEXT = "name: Café au lait\nsteps:\n  - run: 1min\n    say: Allez !\n"


def test_utf8_with_a_bom_and_crlf_reads_like_plain_utf8() -> None:
    plain = load(TEXT.encode()).workout
    windows = load(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode()).workout
    assert (windows.name, windows.steps) == (plain.name, plain.steps)


def test_a_bom_does_not_shift_columns() -> None:
    problem = one_error(b"\xef\xbb\xbfname: yes\nsteps:\n  - run: 1min\n")
    assert problem.pos == SourcePos(1, 7)


def test_positions_count_characters_not_bytes() -> None:
    problem = one_error("name: Café\nsteps:\n  - run: 1min\n    say: «Vite» 1\n    colour: red\n".encode())
    assert problem.pos == SourcePos(5, 5)
    problem = one_error("name: «Vite»\nsteps: [{run: 1min, say: «x», colour: red}]\n".encode())
    assert problem.pos == SourcePos(2, 31)


def test_invalid_utf8_points_at_the_bad_byte() -> None:
    problem = one_error(b"name: x\nsteps:\n  - run: 1min\n    say: caf\xe9 au lait\n")
    assert problem.pos == SourcePos(4, 13)
    assert problem.message == "invalid UTF-8: byte 0xe9 here does not belong to any character"
    assert problem.hint is not None and "UTF-8" in problem.hint


def test_invalid_utf8_after_multibyte_characters_counts_characters() -> None:
    problem = one_error("name: é€".encode() + b"\xff\n")
    assert problem.pos == SourcePos(1, 9)


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"])
def test_utf16_is_refused_with_a_hint(bom: bytes) -> None:
    codec = "utf-16-le" if bom == b"\xff\xfe" else "utf-16-be"
    problem = one_error(bom + TEXT.encode(codec))
    assert problem.message.startswith("the file is saved as UTF-16")


def test_binary_is_refused_at_its_first_nul() -> None:
    problem = one_error(b"name: x\nst\x00\x01\x02")
    assert problem.pos == SourcePos(2, 3)
    assert problem.message == "this is a binary file (it contains NUL bytes), not a YAML workout"


def test_control_characters_are_refused_with_their_code() -> None:
    problem = one_error("name: x\x07\nsteps:\n  - run: 1min\n")
    assert problem.pos == SourcePos(1, 8)
    assert problem.message == "the control character U+0007 is not allowed in a YAML file"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"# only\n# comments\n", "the file holds no workout (only comments)"),
        (b"---\n", "the file holds no workout (only comments)"),
    ],
)
def test_empty_files(data: bytes, message: str) -> None:
    problem = one_error(data)
    assert (problem.pos, problem.message) == (SourcePos(1, 1), message)


def test_text_may_be_given_as_str() -> None:
    assert load(TEXT).workout.name == "Café au lait"


def test_files_are_read_and_named_by_their_path(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    path.write_bytes(TEXT.encode())
    assert load_workout_file(path, sounds=builtin_sound_names()).workout.file == str(path)


def test_an_oversized_file_is_refused_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(WorkoutError) as caught:
        load_workout_file(path, sounds=builtin_sound_names())
    (problem,) = caught.value.problems
    assert problem.message == "the file is 50.0 MiB; a workout file may be at most 1 MiB"


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_unreadable_paths_are_problems_not_exceptions(tmp_path: Path, make: str) -> None:
    path = tmp_path / "w.yaml"
    if make == "directory":
        path.mkdir()
    with pytest.raises(WorkoutError) as caught:
        load_workout_file(path, sounds=builtin_sound_names())
    (problem,) = caught.value.problems
    assert (problem.file, problem.pos) == (str(path), SourcePos(1, 1))
    expected = "this is a directory" if make == "directory" else "cannot read the file: No such file"
    assert problem.message.startswith(expected)


@pytest.mark.parametrize("char", ["\x85", "\u2028", "\u2029"])
def test_unusual_line_breaks_are_refused_so_positions_stay_right(char: str) -> None:
    problem = one_error(f"name: x\nsteps:\n  - run: 1min\n    say: a{char}b\n")
    assert problem.pos == SourcePos(4, 11)
    assert problem.message.startswith(f"the character U+{ord(char):04X}")
