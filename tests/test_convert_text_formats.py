"""`kick convert` to and from Zwift .zwo and intervals.icu text, and the bad input each must refuse."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from convert_support import BUILTINS, assert_same_plan, convert, home, plan_for, show

__all__ = ["home"]

# Written the way people write them: sections, a bare `5x`, `m` for minutes,
# a `- 800m` that means metres, a pace range, a % Pace and a power target.
ICU_IN_THE_WILD = """\
Warmup
- 15m easy

Main set 5x
- 800mtr 4:00/km Pace
- 90s

- Strides 4x20s
- 2km 4:20-4:10/km Pace
- 800m
- 5m 85% Pace

Cooldown
- 10m
"""

ZWIFT_RUN = """\
<workout_file>
    <author>Zwift</author>
    <name>Tempo builder</name>
    <description>Steady tempo.</description>
    <sportType>run</sportType>
    <durationType>time</durationType>
    <tags><tag name="tempo"/></tags>
    <workout>
        <Warmup Duration="600" PowerLow="0.75" PowerHigh="0.75" pace="1">
            <textevent timeoffset="10" message="Settle in."/>
        </Warmup>
        <IntervalsT Repeat="4" OnDuration="240" OffDuration="60" OnPower="1.0" OffPower="0.7" pace="2"/>
        <SteadyState Duration="300" Power="1.0" pace="3"/>
        <FreeRide Duration="300"/>
    </workout>
</workout_file>
"""

BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workout_file><name>&lol3;</name></workout_file>
"""


def imported(home: Path, capsys: pytest.CaptureFixture[str], name: str, text: str) -> tuple[Path, str]:
    path = home / name
    path.write_text(text, encoding="utf-8")
    target = path.with_suffix(".yaml")
    status, _, err = convert(capsys, str(path), "-o", str(target))
    assert status == 0, err
    assert f'source: "{name}"' in target.read_text(encoding="utf-8")
    return target, err


def refused(home: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, where: str) -> str:
    path = home / name
    path.write_bytes(data)
    status, out, err = convert(capsys, str(path), "-o", str(home / "out.yaml"))
    assert status == 2 and out == ""
    assert err.splitlines() == [err.strip()], err
    assert err.startswith(f"{path}:{where}: "), err
    assert not (home / "out.yaml").exists()
    return err


# ---- every built-in, every format -------------------------------------------------


@pytest.mark.parametrize("fmt", ["zwo", "icu"])
@pytest.mark.parametrize("path", BUILTINS, ids=[p.stem for p in BUILTINS])
def test_every_builtin_exports_and_imports_back(
    home: Path, capsys: pytest.CaptureFixture[str], path: Path, fmt: str
) -> None:
    target = home / f"out.{fmt}"
    status, _, err = convert(capsys, str(path), "-o", str(target), "--where", "track")
    assert status == 0, err
    back = home / "back.yaml"
    status, _, err = convert(capsys, str(target), "-o", str(back))
    assert status == 0, err
    assert main_validates(back)


def main_validates(path: Path) -> bool:
    from kicktimer.cli import main

    return main(["validate", str(path)]) == 0


@pytest.mark.parametrize("path", BUILTINS, ids=[p.stem for p in BUILTINS])
def test_zwo_round_trip_on_a_treadmill_keeps_the_plan(
    home: Path, capsys: pytest.CaptureFixture[str], path: Path
) -> None:
    plan = plan_for(capsys, str(path), "--where", "treadmill")
    if plan is None:
        return
    status, _, warnings = convert(capsys, str(path), "-o", str(home / "out.zwo"), "--where", "treadmill")
    assert status == 0, warnings
    status, _, err = convert(capsys, str(home / "out.zwo"), "-o", str(home / "back.yaml"))
    assert status == 0, err
    back = show(capsys, str(home / "back.yaml"))
    lap_key = {s["label"] for s in plan["segments"] if f"'{s['label']}' ends on the lap key" in warnings}
    keep = [i for i, s in enumerate(plan["segments"]) if s["label"] not in lap_key]
    assert len(keep) >= len(plan["segments"]) / 2
    for plan_ in (plan, back):
        for segment in plan_["segments"]:
            segment["distance_m"] = None  # a time-mode .zwo keeps times, not distances (warned)
            segment["target_s"] = None
    trimmed = {"segments": [plan["segments"][i] for i in keep]}
    assert_same_plan(
        {"segments": [back["segments"][i] for i in keep]}, trimmed, warnings + "workout-wide cues"
    )


# ---- .zwo ------------------------------------------------------------------------


def test_a_zwift_run_workout_becomes_a_treadmill_workout(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, _ = imported(home, capsys, "tempo.zwo", ZWIFT_RUN)
    plan = show(capsys, str(target))
    assert plan["environment"] == "treadmill"
    kinds = [s["kind"] for s in plan["segments"]]
    assert kinds == ["warmup", *["run", "recover"] * 4, "run", "cooldown"]
    assert plan["segments"][1]["pace_s_per_km"] == pytest.approx(plan["paces_used"]["10k"], abs=0.05)
    assert plan["segments"][2]["pace_s_per_km"] == pytest.approx(plan["paces_used"]["10k"] / 0.7, abs=0.1)
    assert plan["segments"][-2]["pace_s_per_km"] == pytest.approx(plan["paces_used"]["half"], abs=0.05)
    assert [c["text"] for c in plan["segments"][0]["cues"] if c["origin"] == "workout"] == ["Settle in."]


def test_zwo_with_an_unknown_element_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = ZWIFT_RUN.replace('<FreeRide Duration="300"/>', '<Hover Duration="300"/>')
    err = refused(home, capsys, "odd.zwo", text.encode(), "14:9")
    assert "unknown element <Hover>" in err


def test_zwo_entity_bomb_is_refused_unexpanded(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(home, capsys, "bomb.zwo", BOMB.encode(), "1:1")
    assert "lol" not in err


def test_zwo_over_a_mebibyte_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    padding = "<!--" + "x" * (1024 * 1024) + "-->"
    refused(home, capsys, "big.zwo", (ZWIFT_RUN + padding).encode(), "1:1")


def test_a_cycling_zwo_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(home, capsys, "bike.zwo", ZWIFT_RUN.replace(">run<", ">bike<").encode(), "5:5")
    assert "sportType is bike" in err


def test_zwo_always_says_its_duration_type(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = convert(
        capsys, "8x400-mile-pace-60s-rest", "-o", "-", "--to", "zwo", "--where", "treadmill"
    )
    assert status == 0
    assert "<sportType>run</sportType>" in out and "<durationType>" in out


# ---- intervals.icu text --------------------------------------------------------


def test_icu_text_as_people_write_it(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target, err = imported(home, capsys, "session.txt", ICU_IN_THE_WILD)
    assert "session.txt:10:3: warning: 800m is 800 minutes" in err
    assert "session.txt:9:7: warning: 4:20-4:10/km" in err
    plan = show(capsys, str(target), "--where", "track")
    segments = plan["segments"]
    assert segments[0]["kind"] == "warmup" and segments[0]["duration_s"] == 900
    reps = segments[1:11]
    assert [s["kind"] for s in reps] == ["run", "recover"] * 5
    assert reps[0]["distance_m"] == 800 and reps[0]["pace_s_per_km"] == 240
    assert reps[1]["duration_s"] == 90
    assert segments[12]["distance_m"] == 2000 and segments[12]["pace_s_per_km"] == 255
    assert segments[13]["duration_s"] == 800 * 60
    threshold = plan["paces_used"]["threshold"]
    assert segments[14]["pace_s_per_km"] == pytest.approx(threshold / 0.85, abs=0.1)
    assert segments[-1]["kind"] == "cooldown"


def test_icu_export_writes_metres_as_mtr(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = convert(capsys, "8x400-last-all-out", "-o", "-", "--to", "icu")
    assert status == 0
    assert "400mtr" in out and "Press lap" in out and "7x" in out
    assert " 400m " not in out
    assert " 10m" in out  # ten minutes


def test_icu_huge_repeat_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    err = refused(home, capsys, "huge.txt", b"Main set 99999x\n- 1m\n", "1:10")
    assert "99999x" in err


def test_icu_over_long_line_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    refused(home, capsys, "long.txt", b"- 1m " + b"a" * 5000 + b"\n", "1:1001")


def test_icu_over_24_hours_is_refused(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = home / "day.txt"
    path.write_text("20x\n- 90m\n", encoding="utf-8")
    status, _, err = convert(capsys, str(path), "-o", str(home / "day.yaml"))
    assert status == 2 and "24 hours" in err


def test_imports_show_as_json(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target, _ = imported(home, capsys, "short.icu", "- 10m\n3x\n- 1km 4:00/km Pace\n- 2m\n\n- 5m\n")
    data = json.loads(json.dumps(show(capsys, str(target), "--where", "treadmill")))
    assert [s["kind"] for s in data["segments"]] == ["warmup", *["run", "recover"] * 3, "cooldown"]


MILE_REPEATS = """\
name: Mile repeats
environment: treadmill
steps:
  - warmup: 2km
    pace: easy
  - repeat: 3
    steps:
      - run: 1mi
        pace: 10k
        cues:
          - at: 400m to go
            say: Hold it.
      - recover: 400m
        pace: easy
  - cooldown: 1km
    pace: easy
"""


def test_an_all_distance_workout_is_a_distance_zwo(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = home / "miles.yaml"
    path.write_text(MILE_REPEATS, encoding="utf-8")
    status, out, err = convert(capsys, str(path), "-o", "-", "--to", "zwo")
    assert status == 0, err
    assert "<durationType>distance</durationType>" in out
    assert '<SteadyState Duration="1609.34" Power="1.000000" pace="2">' in out
    assert 'distoffset="1209.3"' in out
    (home / "miles.zwo").write_text(out, encoding="utf-8")
    status, _, err = convert(capsys, str(home / "miles.zwo"), "-o", str(home / "back.yaml"))
    assert status == 0, err
    plan, back = show(capsys, str(path)), show(capsys, str(home / "back.yaml"))
    assert [s["kind"] for s in back["segments"]] == [s["kind"] for s in plan["segments"]]
    assert_same_plan(back, plan)


@pytest.mark.parametrize(
    ("line", "seconds", "metres"),
    [
        ("- 1m30", 90, None),
        ("- 5'", 300, None),
        ('- 30"', 30, None),
        ("- 1h", 3600, None),
        ("- 1h2m30s", 3750, None),
        ("- 1.5km 5:00/km Pace", 450, 1500),
        ("- 1mi 8:00/mi Pace", 480, 1609.344),
        ("- 400mtr 4:00/km Pace", 96, 400),
    ],
)
def test_icu_lengths(
    home: Path, capsys: pytest.CaptureFixture[str], line: str, seconds: float, metres: float | None
) -> None:
    target, _ = imported(home, capsys, "one.txt", line + "\n")
    segment = show(capsys, str(target), "--where", "treadmill")["segments"][0]
    assert segment["duration_s"] == pytest.approx(seconds, abs=0.01)
    assert segment["distance_m"] == (None if metres is None else pytest.approx(metres))


def test_icu_press_lap_and_zones(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target, err = imported(home, capsys, "laps.txt", "- Warmup 10m Z2 Pace\n- Press lap\n- 2m Press lap\n")
    assert "laps.txt:1:14: warning: 'Z2' is not a pace target" in err
    assert "laps.txt:3:6: warning: Press lap after a time" in err
    segments = show(capsys, str(target))["segments"]
    assert segments[0]["kind"] == "warmup" and segments[0]["duration_s"] == 600
    assert segments[1]["duration_s"] is None  # waits for the lap key
    assert segments[2]["duration_s"] == 120


def test_problems_in_an_import_name_the_file_not_the_yaml_made_from_it(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = home / "np.txt"
    path.write_text("- 10m\n3x\n- 400mtr\n- 1m\n", encoding="utf-8")
    status, _, err = convert(capsys, str(path), "-o", str(home / "np.zwo"), "--where", "treadmill")
    assert status == 2
    assert err.splitlines()[0] == f"{path}: 400 m on a treadmill needs a pace or a speed"
