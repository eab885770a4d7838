"""`kick` itself: options without a command go to `kick run`; help and version stay the program's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kicktimer import __version__
from kicktimer.cli import COMMANDS, main

pytestmark = pytest.mark.usefixtures("kick_dirs")


@pytest.mark.parametrize(
    "argv",
    [
        ["--lead-in", "700"],
        ["--mute", "--lead-in", "700"],
        ["--no-voice", "--lead-in=-1"],
    ],
)
def test_options_without_a_command_are_run_options(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "kick run: error: argument --lead-in" in err
    assert "unrecognized arguments" not in err


def test_run_options_then_a_workout_run_that_workout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--mute", "--lead-in", "0", "no-such-workout-anywhere"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kick run: ")
    assert "no-such-workout-anywhere" in err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: kick ")
    assert all(name in out for name in COMMANDS)


@pytest.mark.parametrize("option", ["--version", "--vers"])
def test_version(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main([option])
    assert stop.value.code == 0
    assert capsys.readouterr().out.strip() == f"kick {__version__}"


def test_a_command_s_own_help_shows_its_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["run", "--help"])
    assert "--lead-in" in capsys.readouterr().out


def test_an_unknown_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["sprint"])
    assert stop.value.code == 2
    assert "invalid choice: 'sprint'" in capsys.readouterr().err


def test_a_command_imports_no_other_command_module(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from kicktimer.cli import main\n"
        "code = main(['schema'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('kicktimer.commands.')), file=sys.stderr)\n"
        "raise SystemExit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=os.environ.copy(), check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "['kicktimer.commands.schema']"
