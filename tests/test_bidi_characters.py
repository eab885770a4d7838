"""Bidirectional overrides and isolates are refused; right-to-left text and emoji are not.

U+202A–U+202E and U+2066–U+2069 are invisible and make the text after them
show in another order than it is written ("Trojan Source"): a name or cue
would read one way in the editor and another on the timer. Written as they
are or as a `"\\u202e"` escape, each is one line `FILE:LINE:COL`, exit 2, in a
workout, a roster or cues.yaml. The marks right-to-left text needs
(U+200F) and the joiner emoji are made of (U+200D) are text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.cli import main
from kicktimer.roster import RosterError, parse_athletes_option, parse_roster

pytestmark = pytest.mark.usefixtures("kick_dirs")

RLO, PDF, LRI, RLI, PDI = "\u202e", "\u202c", "\u2066", "\u2067", "\u2069"

WORKOUT = f"""\
name: "Tempo {RLO}yad tsaf{PDF}"
tags: [hills, "x\\u2066y"]
steps:
  # a comment {RLI} too
  - run: 1min
    say: plain {LRI}text{PDI}
"""

ORDINARY = """\
name: "שלום\u200f 400s 👨\u200d👩\u200d👧"
steps:
  - run: 1min
    say: "Go 🏃\u200d♀️ now"
"""


def _lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    captured = capsys.readouterr()
    return [line for line in (captured.out + captured.err).splitlines() if not line.startswith("  hint:")]


def test_bidi_controls_are_refused_where_they_are_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "trojan.yaml"
    path.write_text(WORKOUT, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    lines = _lines(capsys)
    assert [line.split(": ", 1)[0] for line in lines] == [
        f"{path}:1:14",
        f"{path}:1:23",
        f"{path}:2:17",
        f"{path}:4:15",
        f"{path}:6:16",
        f"{path}:6:21",
    ]
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed" in lines[0]
    assert "the escape for the character U+2066" in lines[2]
    assert all(RLO not in line and LRI not in line and PDI not in line for line in lines)


def test_right_to_left_text_and_emoji_with_joiners_are_kept_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "ordinary.yaml"
    path.write_text(ORDINARY, encoding="utf-8")
    assert main(["validate", str(path)]) == 0, capsys.readouterr()
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "שלום\u200f 400s 👨\u200d👩\u200d👧" in out


def test_a_roster_and_the_cue_library_refuse_them_too(
    kick_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cues = kick_dirs / "config" / "cues.yaml"
    cues.parent.mkdir(exist_ok=True)
    cues.write_text(f"defaults: false\ncues:\n  - Float {RLO}like a feather\n", encoding="utf-8")
    assert main(["cues"]) == 2
    assert [line.split(": ", 1)[0] for line in _lines(capsys)] == [f"{cues}:3:11"]

    # the roster readers `kick run --roster` and `--athletes` use (a run that went on would open the timer)
    with pytest.raises(RosterError) as caught:
        parse_roster(f"- Ana\n- Ben{RLO}\n", "squad.yaml")
    assert [line.split(": ", 1)[0] for line in caught.value.lines] == ["squad.yaml:2:6"]
    with pytest.raises(RosterError) as caught:
        parse_athletes_option(f"Ana,Ben{LRI}")
    assert caught.value.lines[0].startswith(
        "--athletes:1:5: athlete 2's name has the control character U+2066"
    )


def test_a_file_name_with_an_override_is_shown_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / f"evil{RLO}lmay.yaml"
    path.write_text("name: x\nsteps:\n  - bogus: 1\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "evil\\u202elmay.yaml:3:5: unknown key `bogus`" in err and RLO not in err
