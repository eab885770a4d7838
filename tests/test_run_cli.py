"""`kick run` refuses bad input before any screen opens: one FILE:LINE:COL line, exit status 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kicktimer.cli import main
from pty_support import start_kick_in_pty, terminal_env, wait_until

pytestmark = pytest.mark.usefixtures("kick_dirs")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_workout_with_errors_is_reported_as_file_line_col(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "bad.yaml", "name: Bad\nsteps:\n  - run: 400m\n    pace: fast\n  - sprnt: 10s\n")
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if not line.startswith("  hint:")]
    assert lines and all(line.startswith(f"{path}:") for line in lines)
    assert any(f"{path}:4:" in line for line in lines)
    assert any(f"{path}:5:" in line for line in lines)
    assert "Traceback" not in err


def test_an_unknown_workout_suggests_near_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "8x400-last-al-out"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kick run: unknown workout")
    assert "8x400-last-all-out" in err


def test_reps_outside_the_range_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "200m-repeats", "--reps", "30"]) == 2
    err = capsys.readouterr().err
    assert "200m-repeats.yaml:" in err and "30 repetitions" in err


def test_a_treadmill_distance_with_no_pace_is_refused_before_the_screen(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "effort.yaml", "name: Effort only\nsteps:\n  - run: 400m\n    effort: hard\n")
    assert main(["run", str(path), "--where", "treadmill"]) == 2
    err = capsys.readouterr().err
    assert f"{path}:3:" in err


def test_a_reference_pace_missing_from_the_profile_names_the_fix(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "8x400-last-all-out"]) == 2
    err = capsys.readouterr().err
    assert "8x400-last-all-out.yaml:" in err
    assert "kick profile set" in err


@pytest.mark.parametrize(
    ("option", "value"), [("--lead-in", "-1"), ("--lead-in", "soon"), ("--reps", "x"), ("--where", "moon")]
)
def test_bad_options_exit_2(option: str, value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["run", "strides", option, value])
    assert stopped.value.code == 2
    assert option in capsys.readouterr().err


def test_the_real_command_prints_one_line_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "dup.yaml", "name: Dup\nname: Again\nsteps:\n  - run: 1min\n")
    result = subprocess.run(
        [sys.executable, "-m", "kicktimer", "run", str(path)],
        capture_output=True,
        text=True,
        env={**os.environ, "TERM": "dumb"},
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"{path}:2:1:")
    assert "Traceback" not in result.stderr


def test_a_broken_user_cue_file_is_one_line_and_kick_run_goes_on_without_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "config").mkdir()
    cues = write(tmp_path / "config", "cues.yaml", "cues:\n  - say: Hi\n    kind: fom\n")
    broken = write(tmp_path, "bad.yaml", "name: Bad\nsteps:\n  - sprnt: 10s\n")
    assert main(["run", str(broken)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"{cues}:3:11: unknown kind `fom` (did you mean `form`?); going on without your cues"
    assert err[1].startswith(f"{broken}:3:")  # it went on to read the workout


def test_the_goodbye_line_of_a_run_finished_past_skipped_steps_says_so(tmp_path: Path) -> None:
    workout = tmp_path / "two.yaml"
    workout.write_text("name: Two runs\nsteps:\n  - run: 1min\n  - run: 1min\n", encoding="utf-8")
    env = terminal_env(KICK_CONFIG_DIR=str(tmp_path / "config"), KICK_DATA_DIR=str(tmp_path / "data"))
    kick_run = start_kick_in_pty(env, "run", str(workout), "--lead-in", "0", "--mute", "--no-voice")
    try:
        assert wait_until(lambda: kick_run.shows(b"Start"), 30), "the preview never showed"
        kick_run.type(b"\r")
        assert wait_until(lambda: kick_run.shows(b"Skip"), 30), "the timer never showed"
        kick_run.type(b"nn")
        assert wait_until(lambda: kick_run.shows(b"Finished, 2 steps skipped"), 30), "no finish screen"
        kick_run.type(b"q")
        assert wait_until(lambda: kick_run.shows(b"Two runs: finished, 2 steps skipped, 2 laps"), 30), bytes(
            kick_run.screen
        )[-400:]
    finally:
        kick_run.close()
