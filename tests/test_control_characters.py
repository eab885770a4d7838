"""Text from files and command lines never drives the terminal.

A double-quoted YAML escape (`"\\e[2J"`) writes a control character into a
workout's name, tag or cue, which `kick show` and the screens then printed
raw: an ESC sequence could clear or retitle the runner's terminal. Such text
is refused, one line per escape, `FILE:LINE:COL`, exit status 2. A file name
or argument with control characters in it is shown escaped (`\\x1b`), never raw.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.cli import main

pytestmark = pytest.mark.usefixtures("kick_dirs")

ESC = "\x1b"

ESCAPED = """\
name: "Evil \\e]0;pwned\\a"
tags: [hills, "bell\\x07"]
steps:
  - run: 1min
    say: "Go\\u001b[2J now"
    label: "Tab\\tand line\\nbreak are fine"
  - run: 1min
    cues:
      - at: 20s in
        say: "carriage\\rreturn"
"""


def test_escapes_that_write_control_characters_are_refused_where_they_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "escaped.yaml"
    path.write_text(ESCAPED, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).splitlines()
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:1:13",
        f"{path}:2:20",
        f"{path}:5:13",
        f"{path}:10:23",
    ]
    assert all("control character" in line for line in lines)
    assert main(["show", str(path)]) == 2
    shown = capsys.readouterr()
    assert ESC not in shown.out + shown.err and "\x07" not in shown.out + shown.err


def test_a_file_name_with_control_characters_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"title{ESC}]0;x\x07.yaml"
    path.write_text("name: x\nsteps:\n  - bogus: 1\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}/title\\x1b]0;x\\x07.yaml:3:5: unknown key `bogus`" in err
    assert ESC not in err and "\x07" not in err

    assert main(["show", str(tmp_path / f"gone{ESC}[2J.yaml")]) == 2
    err = capsys.readouterr().err
    assert "gone\\x1b[2J.yaml" in err and ESC not in err


def test_a_users_workout_file_name_is_listed_with_its_control_characters_escaped(
    kick_dirs: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = kick_dirs / "config" / "workouts"
    folder.mkdir(parents=True)
    (folder / f"red{ESC}[31m.yaml").write_text("name: Red\nsteps:\n  - run: 1min\n", encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "red\\x1b[31m" in out and ESC not in out


def test_an_argument_with_an_escape_sequence_is_echoed_escaped(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", f"nothing{ESC}[2J"]) == 2
    err = capsys.readouterr().err
    assert "unknown workout 'nothing\\x1b[2J'" in err and ESC not in err
