"""`kick list [--json]`: every workout with its planned time, through the command line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from kicktimer.cli import main
from kicktimer.resources import builtin_workouts_dir
from kicktimer.workout.quantities import parse_duration

BUILTIN_FILES = sorted(builtin_workouts_dir().glob("*.yaml"))


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    (folder / "workouts").mkdir(parents=True)
    monkeypatch.setenv("KICK_CONFIG_DIR", str(folder))
    monkeypatch.setenv("KICK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    return folder


def _list_json(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list)
    return rows


def _by_slug(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {row["slug"]: row for row in rows}


def _raw(slug: str) -> dict[str, Any]:
    data = yaml.safe_load((builtin_workouts_dir() / f"{slug}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _timed_seconds(steps: list[dict[str, Any]]) -> float:
    """The sum of the top-level time steps, as written (for workouts without repeats)."""
    total = 0.0
    for step in steps:
        length = next(iter(step.values()))
        total += parse_duration(length)
    return total


def test_json_lists_every_built_in_once_with_its_fields(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _list_json(capsys)
    assert sorted(row["slug"] for row in rows) == sorted(path.stem for path in BUILTIN_FILES)
    for row in rows:
        raw = _raw(row["slug"])
        assert row["name"] == raw["name"]
        assert row["summary"] == raw["summary"]
        assert row["tags"] == raw["tags"]
        assert row["builtin"] is True
        assert row["error"] is None
        assert row["environment"] == raw.get("environment", "any")
        assert Path(row["path"]) == builtin_workouts_dir() / f"{row['slug']}.yaml"


def test_planned_time_of_a_timed_workout_is_its_sum(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    row = _by_slug(_list_json(capsys))["negative-split-run"]
    assert row["planned_s"] == _timed_seconds(_raw("negative-split-run")["steps"])
    assert row["planned_is_minimum"] is False


def test_a_reference_pace_needs_a_profile(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    without = _by_slug(_list_json(capsys))["8x400-last-all-out"]
    assert without["planned_s"] is None
    (config_dir / "config.toml").write_text('units = "km"\n[races]\n5k = "22:30"\n', encoding="utf-8")
    with_profile = _by_slug(_list_json(capsys))["8x400-last-all-out"]
    raw = _raw("8x400-last-all-out")["steps"]
    warmup_and_cooldown = parse_duration(raw[0]["warmup"]) + parse_duration(raw[2]["cooldown"])
    recoveries = 7 * parse_duration(raw[1]["steps"][1]["recover"])
    assert with_profile["planned_s"] > warmup_and_cooldown + recoveries
    assert with_profile["planned_is_minimum"] is False


def test_lap_steps_without_a_target_make_the_time_a_minimum(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _by_slug(_list_json(capsys))
    assert rows["hill-sprints"]["planned_is_minimum"] is True
    assert rows["hill-sprints"]["planned_s"] > 0


def test_user_workouts_are_listed_and_marked(config_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (config_dir / "workouts" / "mine.yaml").write_text(
        "name: Mine\ntags: [own]\nsteps:\n  - run: 10min\n  - cooldown: 5min\n", encoding="utf-8"
    )
    (config_dir / "workouts" / "broken.yaml").write_text("name: Broken\nstpes: []\n", encoding="utf-8")
    rows = _by_slug(_list_json(capsys))
    assert rows["mine"]["builtin"] is False
    assert rows["mine"]["planned_s"] == 15 * 60
    assert rows["mine"]["tags"] == ["own"]
    assert rows["broken"]["builtin"] is False
    assert rows["broken"]["planned_s"] is None
    assert "broken.yaml:2:" in rows["broken"]["error"]


def test_table_shows_names_slugs_times_and_origin(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "workouts" / "mine.yaml").write_text(
        "name: Mine\nsteps:\n  - run: 12min\n", encoding="utf-8"
    )
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for path in BUILTIN_FILES:
        assert path.stem in out
    assert "Negative-split run" in out and "40:00" in out
    assert "12:00" in out and "yours" in out and "built-in" in out


def test_a_broken_config_is_one_line_and_status_2(
    config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (config_dir / "config.toml").write_text("units = \n", encoding="utf-8")
    assert main(["list"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(config_dir / "config.toml") + ":1:")
    assert "Traceback" not in err


def test_list_never_imports_textual(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from kicktimer.cli import main\n"
        "status = main(['list'])\n"
        "status |= main(['list', '--json'])\n"
        "print('textual' in sys.modules, status)\n"
    )
    env = os.environ | {"KICK_CONFIG_DIR": str(tmp_path), "KICK_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
    )
    assert result.stdout.splitlines()[-1] == "False 0"
