"""`kick convert` to and from Garmin FIT workout files.

Every file is read back through Garmin's own decoder (check_integrity true)
and through fitdecode; both must give the plan `kick show --json` prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from convert_support import (
    BUILTINS,
    assert_same_plan,
    convert,
    fitdecode_steps,
    garmin_steps,
    home,
    plan_for,
    run_fit,
    show,
)

__all__ = ["home"]

NESTED = """\
name: Ladder sets
steps:
  - warmup: 10min
  - repeat: 2
    steps:
      - repeat: 3
        steps:
          - repeat: 2
            steps:
              - run: 30s
                pace: 5k
              - recover: 30s
          - rest: 1min
      - rest: 3min
  - cooldown: 5min
"""


def expected_fit(segment: dict[str, Any]) -> tuple[str, int | None, int | None]:
    """A segment as a FIT step must carry it: duration type and raw value, and the middle speed."""
    if segment["fills_sendoff"] or (segment["duration_s"] is not None and segment["distance_m"] is None):
        kind, value = "time", round(segment["duration_s"] * 1000)
    elif segment["distance_m"] is not None and segment["duration_s"] is not None:
        kind, value = "distance", round(segment["distance_m"] * 100)
    else:
        kind, value = "open", None
    pace = segment["pace_s_per_km"]
    return kind, value, None if pace is None else round(1_000_000 / pace)


def actual_fit(step: dict[str, Any]) -> tuple[str, int | None, int | None]:
    middle = None if step["low"] is None else round((step["low"] + step["high"]) / 2)
    return step["type"], None if step["type"] == "open" else step["value"], middle


def export(home: Path, capsys: pytest.CaptureFixture[str], ref: str, *options: str) -> tuple[bytes, str]:
    target = home / "out.fit"
    status, out, err = convert(capsys, ref, "-o", str(target), *options)
    assert status == 0, err
    assert out == ""
    return target.read_bytes(), err


@pytest.mark.parametrize("where", ["track", "treadmill"])
@pytest.mark.parametrize("path", BUILTINS, ids=[p.stem for p in BUILTINS])
def test_every_builtin_reads_back_as_its_plan(
    home: Path, capsys: pytest.CaptureFixture[str], path: Path, where: str
) -> None:
    plan = plan_for(capsys, str(path), "--where", where)
    if plan is None:
        status, _, err = convert(capsys, str(path), "-o", str(home / "x.fit"), "--where", where)
        assert status == 2 and "needs a pace or a speed" in err
        return
    data, _ = export(home, capsys, str(path), "--where", where)
    workout, garmin = garmin_steps(data)
    assert workout["num_valid_steps"] == len(garmin)
    assert workout["wkt_name"] == plan["name"]
    expected = [expected_fit(s) for s in plan["segments"]]
    assert [actual_fit(s) for s in run_fit(garmin)] == expected
    assert [actual_fit(s) for s in run_fit(fitdecode_steps(data))] == expected


def test_repeats_point_back_with_their_count(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = export(home, capsys, "8x400-last-all-out")
    _, steps = garmin_steps(data)
    repeats = [s for s in steps if s["type"] == "repeat_until_steps_cmplt"]
    assert [(r["value"], r["target"]) for r in repeats] == [(1, 7)]
    assert steps[1]["type"] == "open" and steps[1]["name"] == "400 m"
    assert steps[1]["intensity"] == "active" and steps[2]["intensity"] == "recovery"
    assert steps[0]["intensity"] == "warmup" and steps[-1]["intensity"] == "cooldown"


def test_three_levels_are_flattened_to_two_with_a_warning(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "ladder.yaml"
    path.write_text(NESTED, encoding="utf-8")
    data, err = export(home, capsys, str(path))
    _, steps = garmin_steps(data)
    assert sum(s["type"] == "repeat_until_steps_cmplt" for s in steps) == 2
    assert [actual_fit(s) for s in run_fit(steps)] == [
        expected_fit(s) for s in show(capsys, str(path))["segments"]
    ]
    assert len([line for line in err.splitlines() if "written out step by step" in line]) == 1
    assert "ladder.yaml:8:13: warning:" in err


@pytest.mark.parametrize("where", ["track", "treadmill"])
@pytest.mark.parametrize("path", BUILTINS, ids=[p.stem for p in BUILTINS])
def test_round_trip_keeps_the_plan(
    home: Path, capsys: pytest.CaptureFixture[str], path: Path, where: str
) -> None:
    plan = plan_for(capsys, str(path), "--where", where)
    if plan is None:
        return
    _, warnings = export(home, capsys, str(path), "--where", where)
    back = home / "back.yaml"
    status, _, err = convert(capsys, str(home / "out.fit"), "-o", str(back))
    assert status == 0, err
    assert 'source: "out.fit"' in back.read_text(encoding="utf-8")
    assert_same_plan(show(capsys, str(back), "--where", where), plan, warnings)


PROGRESSION = """\
name: Cut-down 300s
environment: track
steps:
  - repeat: 30
    steps:
      - run: 300m
        pace: 5k
        progress: -1s/km
      - recover: 1min
"""

SENDOFF = """\
name: 200s on the 2:00
environment: treadmill
steps:
  - repeat: 4
    every: 2min
    steps:
      - run: 200m
        pace: mile
  - cooldown: 5min
"""


def test_an_unrolled_workout_over_the_step_budget_is_written_with_warnings(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "cutdown.yaml"
    path.write_text(PROGRESSION, encoding="utf-8")
    data, err = export(home, capsys, str(path))
    _, steps = garmin_steps(data)
    assert len(steps) == 60
    assert not any(s["type"] == "repeat_until_steps_cmplt" for s in steps)
    speeds = [actual_fit(s)[2] for s in steps[::2]]
    assert speeds == sorted(speeds) and len(set(speeds)) == 30  # every rep a little faster
    assert "cutdown.yaml:4:5: warning: repeat of 30 written out step by step: each repetition differs" in err
    assert "60 FIT steps, more than the 50 many watches accept" in err


def test_a_send_off_becomes_a_fixed_recovery_with_a_warning(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "sendoff.yaml"
    path.write_text(SENDOFF, encoding="utf-8")
    plan = show(capsys, str(path))
    data, err = export(home, capsys, str(path))
    _, steps = garmin_steps(data)
    assert [actual_fit(s) for s in run_fit(steps)] == [expected_fit(s) for s in plan["segments"]]
    filler = plan["segments"][1]
    assert filler["fills_sendoff"] and filler["duration_s"] == pytest.approx(
        120 - plan["segments"][0]["duration_s"], abs=0.01
    )
    assert "every: 2:00 send-off: FIT has none, the recovery is a fixed" in err


def test_a_counted_drill_is_a_lap_step_with_its_count(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, err = export(home, capsys, "strength-and-plyometrics")
    _, steps = garmin_steps(data)
    lunges = next(s for s in steps if s["name"] == "Lunges")
    assert lunges["type"] == "open" and lunges["intensity"] == "other"
    assert "'Lunges' (20 reps) is a lap-button step with the count in its notes" in err
    back = home / "back.yaml"
    assert convert(capsys, str(home / "out.fit"), "-o", str(back))[0] == 0
    assert '- drill: 20 reps\n    label: "Lunges"' in back.read_text(encoding="utf-8")


def foreign_fit(steps: list[dict[str, Any]]) -> bytes:
    """A workout file as another tool might write it, through Garmin's encoder."""
    import datetime

    from garmin_fit_sdk import Encoder, Profile

    numbers = Profile["mesg_num"]
    encoder = Encoder()
    when = datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC)
    encoder.write_mesg(
        {"mesg_num": numbers["FILE_ID"], "type": "workout", "manufacturer": "garmin", "time_created": when}
    )
    encoder.write_mesg(
        {"mesg_num": numbers["WORKOUT"], "wkt_name": "From Connect", "sport": "running", "num_valid_steps": 5}
    )
    for index, step in enumerate(steps):
        encoder.write_mesg({"mesg_num": numbers["WORKOUT_STEP"], "message_index": index, **step})
    return bytes(encoder.close())


def test_a_fit_from_another_tool_imports_with_warnings(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = [
        {
            "duration_type": "time",
            "duration_value": 600000,
            "target_type": "heart_rate",
            "intensity": "warmup",
        },
        {
            "duration_type": "distance",
            "duration_value": 100000,
            "target_type": "speed",
            "target_value": 0,
            "custom_target_value_low": 3900,
            "custom_target_value_high": 4100,
            "intensity": "interval",
        },
        {"duration_type": "calories", "duration_value": 50, "target_type": "open", "intensity": "recovery"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 1, "target_value": 5},
        {
            "duration_type": "open",
            "target_type": "open",
            "intensity": "cooldown",
            "wkt_step_name": "Jog home",
        },
    ]
    path = home / "connect.fit"
    path.write_bytes(foreign_fit(steps))
    status, _, err = convert(capsys, str(path), "-o", str(home / "connect.yaml"))
    assert status == 0, err
    assert f"{path}: warning: step 0: heart rate target left out" in err
    assert f"{path}: warning: step 2: ends on calories" in err
    plan = show(capsys, str(home / "connect.yaml"), "--where", "treadmill")
    kinds = [(s["kind"], s["distance_m"], s["pace_s_per_km"]) for s in plan["segments"]]
    assert kinds == [
        ("warmup", None, None),
        *[("run", 1000, 250), ("recover", None, None)] * 5,
        ("cooldown", None, None),
    ]
    assert plan["segments"][-1]["label"] == "Jog home"


def test_a_fit_repeating_until_a_time_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    steps = [
        {"duration_type": "time", "duration_value": 60000, "target_type": "open", "intensity": "active"},
        {"duration_type": "repeat_until_time", "duration_value": 0, "target_value": 600000},
    ]
    path = home / "until.fit"
    path.write_bytes(foreign_fit(steps))
    status, _, err = convert(capsys, str(path), "-o", str(home / "until.yaml"))
    assert status == 2
    assert err.strip() == f"{path}: step 1 repeats until time; kicktimer repeats a count"


def test_reps_choose_the_count_written(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data, _ = export(home, capsys, "200m-repeats", "--reps", "10")
    _, steps = garmin_steps(data)
    assert [s["target"] for s in steps if s["type"] == "repeat_until_steps_cmplt"] == [9]
    assert sum(s["intensity"] == "active" for s in run_fit(steps)) == 10


def test_a_field_holding_a_list_is_refused_not_a_crash(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Found by fuzzing: damaged bytes can turn a repeat's count into an array.
    steps = [
        {"duration_type": "time", "duration_value": 60000, "target_type": "open", "intensity": "active"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_value": [5, 6]},
    ]
    path = home / "array.fit"
    path.write_bytes(foreign_fit(steps))
    status, _, err = convert(capsys, str(path), "-o", str(home / "array.yaml"))
    assert status == 2
    assert err.strip() == f"{path}: step 1 repeats 0 times; kicktimer repeats 1 to 1000 times"


def test_an_import_obeys_the_step_limit_without_expanding(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    steps = [
        {"duration_type": "time", "duration_value": 1000, "target_type": "open", "intensity": "active"},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_value": 1000},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_value": 1000},
        {"duration_type": "repeat_until_steps_cmplt", "duration_value": 0, "target_value": 1000},
    ]
    path = home / "billion.fit"
    path.write_bytes(foreign_fit(steps))
    status, _, err = convert(capsys, str(path), "-o", str(home / "billion.yaml"))
    assert status == 2
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith(f"{path}: ") and "10000" in err.replace(",", "")
    assert not (home / "billion.yaml").exists()
