"""`kick show`: the compiled plan as a table or JSON, through the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from kicktimer.cli import main
from kicktimer.core.profile import Profile, reference_paces
from kicktimer.resources import builtin_workouts_dir

EIGHT_BY_400 = """\
name: 8 × 400 m, last one all-out
summary: Reps 1–7 at one hard, even pace; the 8th as fast as you can.
environment: track
steps:
  - warmup: 10min
    say: Easy jog. Loosen up.
  - repeat: 8
    steps:
      - run: 400m
        pace: mile
        cues:
          - at: 100m to go
            say: Drive with your arms!
        last:
          effort: max
          say: It's go time. Everything you've got.
      - recover: 2min
        activity: walk or jog
        last: skip
  - cooldown: 10min
"""

ANYWHERE = """\
name: Strides anywhere
steps:
  - warmup: 5min
  - repeat: 4-6
    steps:
      - run: 100m
        effort: fast but relaxed
      - recover: 60s
"""

SEGMENT_KEYS = {
    "kind",
    "label",
    "duration_s",
    "distance_m",
    "target_s",
    "pace_s_per_km",
    "speed_kmh",
    "incline_pct",
    "effort",
    "rep",
    "cues",
}


@pytest.fixture
def home(kick_dirs_with_races: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COLUMNS", "160")
    return kick_dirs_with_races


def write(home: Path, text: str, name: str = "workout.yaml") -> Path:
    path = home / name
    path.write_text(text, encoding="utf-8")
    return path


def show_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[dict[str, Any], str]:
    assert main(["show", *argv, "--json"]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out), captured.err


def mile_pace() -> float:
    return reference_paces(Profile(races={"mile": 360.0, "5k": 1350.0}))["mile"]


def test_json_has_the_promised_shape(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = show_json(capsys, str(write(home, EIGHT_BY_400)))
    assert data["name"] == "8 × 400 m, last one all-out"
    assert {"name", "segments", "total_time_s", "total_distance_m"} <= set(data)
    for segment in data["segments"]:
        assert set(segment) >= SEGMENT_KEYS
        for cue in segment["cues"]:
            assert {"offset_s", "text", "sound"} <= set(cue)


def test_track_plan(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = show_json(capsys, str(write(home, EIGHT_BY_400)))
    segments = data["segments"]
    assert len(segments) == 1 + 8 + 7 + 1
    runs = [s for s in segments if s["kind"] == "run"]
    assert [r["rep"] for r in runs] == [f"{n}/8" for n in range(1, 9)]
    assert all(r["label"] == "Run 400 m" and r["duration_s"] is None for r in runs)
    assert all(r["target_s"] == pytest.approx(0.4 * mile_pace(), abs=0.01) for r in runs)
    assert runs[-1]["effort"] == "max" and runs[-1]["all_out"] is True
    assert "Drive with your arms!" in [c["text"] for c in segments[1]["cues"]]
    assert segments[2]["label"] == "Recover 2:00" and segments[2]["duration_s"] == 120
    assert data["total_distance_m"] == 3200
    expected = sum(s["duration_s"] if s["duration_s"] is not None else s["target_s"] for s in segments)
    assert data["total_time_s"] == pytest.approx(expected, abs=0.01)


def test_treadmill_plan(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = show_json(capsys, str(write(home, EIGHT_BY_400)), "--where", "treadmill")
    run = next(s for s in data["segments"] if s["kind"] == "run")
    assert run["duration_s"] == pytest.approx(0.4 * mile_pace(), abs=0.01)
    assert run["speed_kmh"] == pytest.approx(3600 / mile_pace(), abs=0.01)
    assert data["environment"] == "treadmill"


def test_anywhere_with_distances_is_shown_for_a_track_and_says_so_on_stderr(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data, err = show_json(capsys, str(write(home, ANYWHERE)))
    assert data["environment"] == "track"
    assert "track" in err
    assert sum(1 for s in data["segments"] if s["kind"] == "run") == 4


def test_reps_chooses_the_range(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = show_json(capsys, str(write(home, ANYWHERE)), "--reps", "6", "--where", "road")
    assert sum(1 for s in data["segments"] if s["kind"] == "run") == 6
    assert data["segments"][1]["rep"] == "1/6"


def test_reps_outside_the_range_is_one_line_at_the_repeat(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(home, ANYWHERE)
    assert main(["show", str(path), "--reps", "9", "--where", "road"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:4:")
    assert "4-6" in err


def test_table_has_the_steps_and_totals(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", str(write(home, EIGHT_BY_400))]) == 0
    out = capsys.readouterr().out
    assert "Run 400 m" in out and "Recover 2:00" in out and "Warm-up 10:00" in out
    assert "Total" in out and "3.2 km" in out
    assert "8/8" in out
    assert "ALL-OUT" in out


def test_a_missing_race_is_reported_with_the_fix(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (home / "config" / "config.toml").write_text("", encoding="utf-8")
    path = write(home, EIGHT_BY_400)
    assert main(["show", str(path)]) == 2
    err = capsys.readouterr().err
    first, hint = err.strip().splitlines()
    assert first.startswith(f"{path}:10:")
    assert "kick profile set mile" in hint


def test_a_treadmill_distance_without_pace_is_reported_before_anything_runs(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(home, ANYWHERE)
    assert main(["show", str(path), "--where", "treadmill"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:6:")
    assert "treadmill" in err


def test_a_broken_file_is_reported_with_its_position(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(home, "name: x\nsteps:\n  - run: 400m\n    pace: mile\n  paces: 5k\n")
    assert main(["show", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{path}:")
    assert "Traceback" not in captured.err


def test_an_unknown_workout_exits_2(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no-such-workout-anywhere"]) == 2
    assert "no-such-workout-anywhere" in capsys.readouterr().err


BUILTINS = sorted(builtin_workouts_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", BUILTINS, ids=[p.stem for p in BUILTINS])
def test_every_builtin_shows_by_slug(home: Path, capsys: pytest.CaptureFixture[str], path: Path) -> None:
    data, _ = show_json(capsys, path.stem)
    assert data["segments"]
    assert data["total_time_s"] >= 0
    assert all(s["label"] for s in data["segments"])
    assert main(["show", path.stem]) == 0


def test_show_json_does_not_import_textual(home: Path) -> None:
    path = write(home, EIGHT_BY_400)
    program = (
        "import sys\n"
        "from kicktimer.cli import main\n"
        f"code = main(['show', {str(path)!r}, '--json'])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', code, file=sys.stderr)\n"
    )
    env = {**os.environ, "KICK_CONFIG_DIR": str(home / "config")}
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True
    )
    assert result.stderr.strip().splitlines()[-1] == "CLEAN 0"
    assert json.loads(result.stdout)["name"] == "8 × 400 m, last one all-out"


def test_a_broken_user_cue_file_is_one_line_and_the_built_in_is_still_shown(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cues = home / "config" / "cues.yaml"
    cues.write_text("cues: 7\n", encoding="utf-8")
    plan, err = show_json(capsys, "8x400-last-all-out")
    assert err.splitlines() == [f"{cues}:1:7: `cues` must be a list of cues; going on without your cues"]
    assert plan["segments"]


START_CUE = "name: Go test\nsteps:\n  - warmup: 2min\n  - run: 1min\n    say: Go!\n"


def start_cue_offset(capsys: pytest.CaptureFixture[str], path: Path) -> float:
    plan, _ = show_json(capsys, str(path))
    [cue] = [cue for cue in plan["segments"][1]["cues"] if cue["text"] == "Go!"]
    return float(cue["offset_s"])


def test_with_the_voice_off_a_start_cue_comes_at_the_start(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(home, START_CUE)
    (home / "config" / "config.toml").write_text("voice = false\n", encoding="utf-8")
    assert start_cue_offset(capsys, path) == 0.0


def test_without_a_speech_engine_a_start_cue_comes_at_the_start(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(home, START_CUE)
    monkeypatch.setenv("PATH", str(home / "no-programs-here"))
    assert start_cue_offset(capsys, path) == 0.0


def test_with_a_voice_a_start_cue_waits_for_the_step_announcement(
    home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(home, START_CUE)
    speaker = home / "bin" / "espeak-ng"
    speaker.parent.mkdir()
    speaker.write_text("#!/bin/sh\n", encoding="utf-8")
    speaker.chmod(0o755)
    monkeypatch.setenv("PATH", str(speaker.parent))
    assert start_cue_offset(capsys, path) > 1.0


@pytest.mark.parametrize(("units", "total"), [("km", "4 km"), ("mi", "2.5 mi")])
def test_the_total_distance_is_in_the_runners_units(
    home: Path, capsys: pytest.CaptureFixture[str], units: str, total: str
) -> None:
    (home / "config" / "config.toml").write_text(f'units = "{units}"\n', encoding="utf-8")
    path = write(
        home, "name: Tens\nenvironment: track\nsteps:\n  - repeat: 10\n    steps:\n      - run: 400m\n"
    )
    assert main(["show", str(path)]) == 0
    [footer] = [line for line in capsys.readouterr().out.splitlines() if "Total" in line]
    assert footer.split("│")[5].strip() == total


DRILLS = """\
name: Drills
steps:
  - drill: 20 reps
    label: Lunges
  - drill: 12 reps
"""


def test_a_drill_s_count_shows_even_when_the_step_has_a_label(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(home, DRILLS)
    assert main(["show", str(path)]) == 0
    lunges = next(line for line in capsys.readouterr().out.splitlines() if "Lunges" in line)
    assert "20 reps" in lunges
    data, _ = show_json(capsys, str(path))
    assert [(s["label"], s["count"]) for s in data["segments"]] == [("Lunges", 20), ("Drill 12 reps", 12)]
