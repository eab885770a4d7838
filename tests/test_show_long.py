"""`kick show` of a plan too long for Rich's table: every step is still printed, aligned, as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from kicktimer.cli import main
from kicktimer.commands.long_table import RICH_ROWS_MAX

REPS = RICH_ROWS_MAX  # two segments a rep: twice the rows Rich would draw

LONG = f"""\
name: Long [hard] ladder
summary: "[bold]not markup[/bold]"
steps:
  - warmup: 5min
  - repeat: {REPS}
    steps:
      - run: 30s
        label: Surge [fast]
        effort: max
        cues:
          - at: 10s in
            say: Arms [up]
      - recover: 30s
  - cooldown: 5min
"""


def test_a_long_plan_prints_every_step_with_its_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KICK_CONFIG_DIR", str(tmp_path / "config"))
    path = tmp_path / "long.yaml"
    path.write_text(LONG, encoding="utf-8")
    assert main(["show", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Long [hard] ladder"
    assert lines[1].split() == ["#", "Step", "Rep", "Time", "Distance", "Effort", "Cues"]
    numbers = [line.split()[0] for line in lines if line.split() and line.split()[0].isdigit()]
    assert numbers == [str(n) for n in range(1, 2 * REPS + 3)]
    surge = next(line for line in lines if line.lstrip().startswith("2 "))
    assert "Surge [fast]" in surge and f"1/{REPS}" in surge and "0:30" in surge
    assert "max — ALL-OUT" in surge and "0:10 Arms [up]" in surge
    last = next(line for line in lines if line.lstrip().startswith(f"{2 * REPS + 2} "))
    assert "Cool-down 5:00" in last
    assert lines[-2].split() == ["Total", "3:30:00"]
    assert lines[-1].strip() == "[bold]not markup[/bold]"
    widths = {len(line.rstrip()) >= len("   2  Surge [fast]") for line in lines[3:-3]}
    assert widths == {True}
