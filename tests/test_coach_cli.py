"""`kick run WORKOUT --athletes/--roster`: bad rosters and plans with no reps refused before any screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.cli import main

TRACK_REPS = """\
name: Two 100s
environment: track
steps:
  - repeat: 2
    steps:
      - run: 100m
        pace: 3:00/km
      - recover: 2s
        last: skip
"""

TIMED_ONLY = """\
name: Minute on, minute off
steps:
  - repeat: 3
    steps:
      - run: 1min
        effort: hard
      - recover: 1min
"""


pytestmark = pytest.mark.usefixtures("kick_dirs")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    """Run `kick run ...`, expect exit status 2 and nothing on stdout; the error lines (hints left out)."""
    assert main(["run", *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    return [line for line in err.splitlines() if not line.startswith("  hint:")]


def test_a_bad_roster_file_is_one_line_per_mistake_at_its_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workout = write(tmp_path, "two.yaml", TRACK_REPS)
    roster = write(tmp_path, "squad.yaml", "- Ana\n- 7\n- Ben\n- ana\n")
    lines = refused(capsys, str(workout), "--roster", str(roster))
    assert lines == [
        f"{roster}:2:3: 7 is read as a number or a yes/no, not a name; quote it: '7'",
        f"{roster}:4:3: 'ana' is already athlete 1; names must be unique",
    ]


def test_a_roster_that_is_not_a_list_points_at_its_start(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workout = write(tmp_path, "two.yaml", TRACK_REPS)
    roster = write(tmp_path, "squad.yaml", "athletes: Ana, Ben\n")
    (line,) = refused(capsys, str(workout), "--roster", str(roster))
    assert line.startswith(f"{roster}:1:1: ")


def test_athletes_option_mistakes_point_at_their_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workout = write(tmp_path, "two.yaml", TRACK_REPS)
    lines = refused(capsys, str(workout), "--athletes", "Ana,,Ben,ben")
    assert lines == [
        "--athletes:1:5: empty name",
        "--athletes:1:10: 'ben' is already athlete 3; names must be unique",
    ]


def test_an_athletes_name_with_an_escape_sequence_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The board shows names as given: `--athletes "Ana,B<ESC>[2Jen"` would have cleared the screen."""
    workout = write(tmp_path, "two.yaml", TRACK_REPS)
    lines = refused(capsys, str(workout), "--athletes", "Ana,B\x1b[2Jen")
    assert lines == [
        "--athletes:1:5: athlete 2's name has the control character U+001B: "
        "names are shown on the board and it could drive the terminal"
    ]


def test_a_missing_roster_file_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workout = write(tmp_path, "two.yaml", TRACK_REPS)
    (line,) = refused(capsys, str(workout), "--roster", str(tmp_path / "nobody.yaml"))
    assert line.startswith(f"{tmp_path / 'nobody.yaml'}: can't read the roster")


def test_roster_and_athletes_together_are_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workout = write(tmp_path, "two.yaml", TRACK_REPS)
    roster = write(tmp_path, "squad.yaml", "- Ana\n")
    with pytest.raises(SystemExit) as exit_status:
        main(["run", str(workout), "--roster", str(roster), "--athletes", "Ben"])
    assert exit_status.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


def test_coach_mode_needs_a_workout_not_the_picker(capsys: pytest.CaptureFixture[str]) -> None:
    (line,) = refused(capsys, "--athletes", "Ana,Ben")
    assert line.startswith("kick run: coach mode needs a workout")


def test_a_workout_with_no_distance_reps_is_refused_at_its_steps(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workout = write(tmp_path, "timed.yaml", TIMED_ONLY)
    (line,) = refused(capsys, str(workout), "--athletes", "Ana,Ben")
    assert line.startswith(f"{workout}:2:1: coach mode takes each athlete's split on distance reps")


def test_the_treadmill_is_refused_in_coach_mode(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workout = write(tmp_path, "any.yaml", TRACK_REPS.replace("environment: track\n", ""))
    (line,) = refused(capsys, str(workout), "--where", "treadmill", "--athletes", "Ana")
    assert line.startswith(f"{workout}:2:1: coach mode needs a track or road")


def test_help_lists_the_coach_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    text = capsys.readouterr().out
    assert "--athletes" in text and "--roster FILE" in text and "--high-contrast" in text
    assert "u undo" in text
