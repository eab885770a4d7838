"""One piece of text has a length limit: 200 characters for what is one line, 2,000 for the rest.

A 900,000-character workout name was accepted and then drawn into every
picker row and history table. A name, summary, tag, label, effort, activity
or athlete's name is at most 200 characters; notes, a cue or any other text
in a workout, roster or cues.yaml at most 2,000. Beyond, one line
`FILE:LINE:COL`, exit 2.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.cli import main
from kicktimer.roster import RosterError, parse_athletes_option, parse_roster

pytestmark = pytest.mark.usefixtures("kick_dirs")


def _refused(path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    return captured.err.splitlines()


def test_a_900000_character_name_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "huge.yaml"
    (line,) = _refused(path, f"name: {'A' * 900_000}\nsteps:\n  - run: 1min\n", capsys)
    assert (
        line == f"{path}:1:7: this text is 900,000 characters long; text in a workout file is at most 2,000"
    )


def test_one_line_text_is_at_most_200_characters_and_other_text_2000(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.yaml"
    text = (
        f"name: {'A' * 201}\n"
        f"tags: [ok, {'b' * 300}]\n"
        f"notes: {'n' * 2_000}\n"
        "steps:\n"
        "  - run: 1min\n"
        f"    label: {'L' * 250}\n"
        f"    say: {'s' * 2_001}\n"
    )
    assert _refused(path, text, capsys) == [
        f"{path}:1:7: `name` is 201 characters long; it is shown on one line, at most 200",
        f"{path}:2:12: a tag is 300 characters long; it is shown on one line, at most 200",
        f"{path}:6:12: `label` is 250 characters long; it is shown on one line, at most 200",
        f"{path}:7:10: this text is 2,001 characters long; text in a workout file is at most 2,000",
    ]


def test_text_at_the_limits_is_kept_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "edge.yaml"
    name = "Ü" * 199 + "🏃"
    path.write_text(f"name: {name}\nnotes: {'n' * 2_000}\nsteps:\n  - run: 1min\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 0, capsys.readouterr()


def test_athlete_names_are_at_most_200_characters(
    kick_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(RosterError) as caught:
        parse_roster(f"- Ana\n- {'B' * 201}\n", "squad.yaml")
    assert list(caught.value.lines) == [
        "squad.yaml:2:3: athlete 2's name is 201 characters long; it is at most 200"
    ]
    with pytest.raises(RosterError) as caught:
        parse_athletes_option("Ana," + "x" * 300)
    assert (
        caught.value.lines[0] == "--athletes:1:5: athlete 2's name is 300 characters long; it is at most 200"
    )

    cues = kick_dirs / "config" / "cues.yaml"
    cues.parent.mkdir(exist_ok=True)
    cues.write_text(f"defaults: false\ncues:\n  - {'c' * 2_001}\n", encoding="utf-8")
    assert main(["cues"]) == 2
    assert (
        capsys.readouterr().err.splitlines()[0].startswith(f"{cues}:3:5: this text is 2,001 characters long")
    )
