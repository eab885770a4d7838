"""`kick validate FILE...`: `FILE: ok` per good file, problems as FILE:LINE:COL, exit 2 on errors."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from kicktimer.cli import main
from kicktimer.resources import builtin_workouts_dir

GOOD = "name: Strides\nsteps:\n  - repeat: 4\n    steps:\n      - run: 100m\n        effort: 90%\n"
WARNED = "name: Short\nsteps:\n  - run: 5m\n"
BAD = "name: yes\nsteps:\n  - run: 400m\n    pase: 5k\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in (("good", GOOD), ("warned", WARNED), ("bad", BAD)):
        paths[name] = tmp_path / f"{name}.yaml"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_a_good_file_is_ok(files: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(files["good"])]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == (f"{files['good']}: ok\n", "")


def test_warnings_are_shown_and_the_file_is_still_ok(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(files["warned"])]) == 0
    out, err = capsys.readouterr()
    assert out == f"{files['warned']}: ok\n"
    assert err.splitlines() == [
        f"{files['warned']}:3:10: warning: 5 m: did you mean 5min?",
        "  hint: `m` is metres; minutes are `min`",
    ]


def test_every_error_is_shown_as_file_line_column(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(files["bad"])]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines() == [
        f"{files['bad']}:1:7: `name: yes` is read as a yes/no value (a boolean), not as text",
        '  hint: quote it: name: "yes"',
        f"{files['bad']}:4:5: unknown key `pase` in a `run` step: did you mean `pace`?",
    ]


def test_one_bad_file_fails_the_run_but_every_file_is_checked(
    files: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(files["good"]), str(files["bad"]), str(files["warned"])]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [f"{files['good']}: ok", f"{files['warned']}: ok"]
    assert f"{files['bad']}:4:5:" in err


def test_a_missing_file_is_a_problem_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope.yaml"
    assert main(["validate", str(missing)]) == 2
    _, err = capsys.readouterr()
    assert err == f"{missing}:1:1: cannot read the file: No such file or directory\n"


def test_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"name: x\nsteps:\n  - run: 1min\n    colour: red\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["validate", "-"]) == 2
    _, err = capsys.readouterr()
    assert err.startswith("<stdin>:4:5: unknown key `colour`")


def test_every_builtin_workout_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    builtins = sorted(builtin_workouts_dir().glob("*.yaml"))
    assert builtins
    assert main(["validate", *map(str, builtins)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert out.splitlines() == [f"{path}: ok" for path in builtins]


def test_validate_needs_a_file() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2


def test_kick_validate_runs_as_a_command_without_importing_textual(files: dict[str, Path]) -> None:
    program = (
        "import sys\n"
        "from kicktimer.cli import main\n"
        "status = main(['validate', *sys.argv[1:]])\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] == 'textual')\n"
        "print('imported:', heavy)\n"
        "raise SystemExit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program, str(files["good"]), str(files["bad"])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout.splitlines() == [f"{files['good']}: ok", "imported: []"]
    assert "Traceback" not in result.stderr


# ---- what show and run would refuse or leave out for a reason inside the file ----

PLAN_ERRORS = {
    "every-shorter-than-the-work": (
        "name: Every short\nsteps:\n  - repeat: 4\n    every: 1min\n    steps:\n"
        "      - run: 2min\n      - recover: 30s\n",
        ":3:5: each repetition takes 2:00, longer than every: 1:00",
    ),
    "every-shorter-at-an-absolute-pace": (
        "name: Every short\nenvironment: treadmill\nsteps:\n  - repeat: 4\n    every: 1min\n    steps:\n"
        "      - run: 400m\n        pace: 5:00/km\n",
        ":4:5: each repetition takes 2:00, longer than every: 1:00",
    ),
    "progress-to-an-impossible-pace": (
        "name: Progress\nsteps:\n  - repeat: 30\n    steps:\n      - run: 400m\n"
        "        pace: 4:00/km\n        progress: -10s/km\n      - recover: 1min\n",
        ":7:9: the pace works out at",
    ),
    "over-24-hours-only-at-the-top-of-the-range": (
        "name: Long\nsteps:\n  - repeat: 20-30\n    steps:\n      - run: 1h\n",
        ":2:1: the planned time is 30:00:00",
    ),
}


@pytest.mark.parametrize("case", sorted(PLAN_ERRORS))
def test_what_show_would_refuse_validate_refuses_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    text, expected = PLAN_ERRORS[case]
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}{expected}" in err
    assert "Traceback" not in err


def test_a_cue_that_would_be_left_out_is_a_warning_at_the_cue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(
        "name: Talk\nsteps:\n  - run: 20s\n"
        "    say: A very long sentence that goes on and on about nothing much at all really.\n"
        "    cues:\n      - at: 5s in\n        say: Keep going now.\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f'{path}:6:9: warning: Run 20 s: cue "Keep going now." left out: it would talk over another cue\n'
    )
    assert captured.out == f"{path}: ok\n"


def test_a_missing_sound_file_is_a_warning_at_its_cue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "here.wav").write_bytes(b"RIFF")
    path = tmp_path / "w.yaml"
    path.write_text(
        "name: Bells\nsteps:\n  - run: 2min\n    cues:\n      - at: halfway\n        sound: ./mybell.wav\n"
        "      - at: 30s in\n        sound: here.wav\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 0
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith(f"{path}:5:9: warning: sound file ./mybell.wav does not exist")


def test_problems_that_depend_on_the_profile_are_left_to_show_and_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 400 m at 5K pace inside 1:30 is fine for a fast runner and too tight for a slow one.
    path = tmp_path / "w.yaml"
    path.write_text(
        "name: Depends\nenvironment: track\nsteps:\n  - repeat: 4\n    every: 1:30\n    steps:\n"
        "      - run: 400m\n        pace: 5k\n",
        encoding="utf-8",
    )
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("command", [["show"], ["run"], ["convert", "-o", "-", "--to", "icu"]])
@pytest.mark.parametrize("what", ["a directory", "a missing file", "a missing file without a slash"])
@pytest.mark.usefixtures("kick_dirs")
def test_a_path_that_is_no_workout_file_is_the_line_validate_gives(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    what: str,
) -> None:
    """`kick show DIR` said 'kick show: DIR: is a directory, not a workout file', not FILE:LINE:COL."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "week").mkdir()
    ref = {"a directory": str(tmp_path / "week"), "a missing file": "./tempo.yaml"}.get(what, "tempo.yaml")
    assert main(["validate", ref]) == 2
    expected = capsys.readouterr().err
    assert main([*command, ref]) == 2
    err = capsys.readouterr().err
    assert err == expected
    assert err.startswith(f"{Path(ref)}:1:1: ") and len(err.splitlines()) == 1
