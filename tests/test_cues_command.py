"""`kick cues`: the library as a table or JSON, the user's own cues, a broken cues.yaml."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kicktimer.cli import main
from kicktimer.cues import builtin_cue_file, load_cue_library


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path))
    return tmp_path


def test_lists_every_builtin_cue_with_its_seed(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cues"]) == 0
    out = capsys.readouterr().out
    for cue in builtin_cue_file().cues:
        line = next(line for line in out.splitlines() if line.strip().startswith(cue.text))
        assert str(cue.seed) in line
    assert str(config / "cues.yaml") in out


def test_json_carries_kind_fits_and_origin(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (config / "cues.yaml").write_text("cues:\n  - say: Stay tall\n    kind: form\n    fits: [recovery]\n")
    assert main(["cues", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    mine = [c for c in data["cues"] if c["origin"] == "user"]
    assert mine == [
        {
            "say": "Stay tall",
            "kind": "form",
            "fits": ["recovery"],
            "origin": "user",
            "seed": None,
            "section": None,
            "quote": None,
        }
    ]
    assert len(data["cues"]) == len(builtin_cue_file().cues) + 1


def test_fits_filters_by_moment(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cues", "--json", "--fits", "final_rep"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cues"] and all("final_rep" in c["fits"] for c in data["cues"])


def test_user_cues_show_as_yours(config: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (config / "cues.yaml").write_text("defaults: false\ncues:\n  - Float like a feather\n")
    assert main(["cues"]) == 0
    out = capsys.readouterr().out
    assert "Float like a feather" in out and "yours" in out
    assert "Knees up!" not in out
    assert [c.text for c in load_cue_library().entries] == ["Float like a feather"]


def test_a_broken_user_file_is_one_line_and_status_2(tmp_path: Path) -> None:
    (tmp_path / "cues.yaml").write_text("cues:\n  - say: Fine\n    kind: fom\n")
    env = {**os.environ, "KICK_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "kicktimer", "cues"], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert done.stdout == ""
    first, *rest = done.stderr.splitlines()
    assert first == f"{tmp_path / 'cues.yaml'}:3:11: unknown kind `fom`"
    assert rest == ["  hint: did you mean `form`?"]
    assert "Traceback" not in done.stderr


def test_an_unreadable_user_file_is_reported_not_raised(
    config: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config / "cues.yaml").mkdir()
    assert main(["cues"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{config / 'cues.yaml'}:1:1: this is a directory, not a cue file")
