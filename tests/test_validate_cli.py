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
