"""Shared helpers for the `kick convert` tests: a runner's config, the CLI, and FIT read back two ways."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from kicktimer.cli import main
from kicktimer.resources import builtin_workouts_dir

BUILTINS = sorted(builtin_workouts_dir().glob("*.yaml"))


@pytest.fixture
def home(kick_dirs_with_races: Path) -> Path:
    """The shared own-folders-with-a-profile fixture (tests/conftest.py), under a short name."""
    return kick_dirs_with_races


def convert(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`kick convert ...` through the CLI: status, stdout, stderr."""
    status = main(["convert", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def show(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any]:
    assert main(["show", *argv, "--json"]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    return data


def plan_for(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, Any] | None:
    """`kick show --json`, or None where kick refuses the plan (a treadmill distance with no pace)."""
    status = main(["show", *argv, "--json"])
    captured = capsys.readouterr()
    if status != 0:
        assert status == 2 and "needs a pace or a speed" in captured.err
        return None
    data: dict[str, Any] = json.loads(captured.out)
    return data


def plan_values(plan: dict[str, Any], cues: bool = True) -> list[tuple[Any, ...]]:
    """What a round trip must keep: each segment's duration, distance, target split, pace (and cues)."""
    return [
        (s["duration_s"], s["distance_m"], s["target_s"], s["pace_s_per_km"], _own_cues(s) if cues else 0)
        for s in plan["segments"]
    ]


def _own_cues(segment: dict[str, Any]) -> int:
    """The workout's own cues (built-in ones are placed by rep structure, which a format may change)."""
    return sum(cue["origin"] == "workout" for cue in segment["cues"])


def assert_same_plan(
    got: dict[str, Any], want: dict[str, Any], warnings: str = "", tolerance: float = 0.5
) -> None:
    """Same segments, values within `tolerance` (seconds, or s/km): the formats round speeds to mm/s.

    The workout's own cues must all come back, unless a warning said the
    workout-wide ones (mantras) were left out.
    """
    cues = "workout-wide cues" not in warnings
    ours, theirs = plan_values(got, cues), plan_values(want, cues)
    assert len(ours) == len(theirs), (ours, theirs)
    for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
        for x, y in zip(a, b, strict=True):
            assert (x is None) == (y is None), (index, a, b)
            assert x is None or abs(x - y) <= tolerance, (index, a, b)


# ---- FIT read back ----------------------------------------------------------------


def garmin_steps(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The workout and its steps through Garmin's decoder, after check_integrity on its own stream."""
    from garmin_fit_sdk import Decoder, Stream

    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read(
        apply_scale_and_offset=False, expand_sub_fields=False, merge_heart_rates=False
    )
    assert errors == []
    assert messages["file_id_mesgs"][0]["type"] == "workout"
    workout = messages["workout_mesgs"][0]
    steps = [
        {
            "type": s["duration_type"],
            "value": s.get("duration_value"),
            "target": s.get("target_value"),
            "low": s.get("custom_target_value_low"),
            "high": s.get("custom_target_value_high"),
            "name": s.get("wkt_step_name"),
            "intensity": s.get("intensity"),
        }
        for s in messages["workout_step_mesgs"]
    ]
    return workout, steps


def fitdecode_steps(data: bytes) -> list[dict[str, Any]]:
    """The same steps through fitdecode, which names the sub-fields (duration_time, repeat_steps...)."""
    import fitdecode

    steps: list[dict[str, Any]] = []
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "workout_step":
                fields = {f.name: f.raw_value for f in frame.fields}
                value = next(
                    (
                        fields[key]
                        for key in ("duration_time", "duration_distance", "duration_step", "duration_value")
                        if key in fields
                    ),
                    None,
                )
                steps.append(
                    {
                        "type": frame.get_value("duration_type"),
                        "value": value,
                        "target": fields.get("repeat_steps", fields.get("target_value")),
                        "low": fields.get("custom_target_speed_low", fields.get("custom_target_value_low")),
                        "high": fields.get(
                            "custom_target_speed_high", fields.get("custom_target_value_high")
                        ),
                        "name": fields.get("wkt_step_name"),
                        "intensity": frame.get_value("intensity") if frame.has_field("intensity") else None,
                    }
                )
    return steps


def run_fit(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The steps in the order a watch runs them: each repeat jumps back until its count is done."""
    done: dict[int, int] = {}
    ran: list[dict[str, Any]] = []
    index = 0
    while index < len(steps):
        step = steps[index]
        if step["type"] == "repeat_until_steps_cmplt":
            times = done.get(index, 1)
            if times < step["target"]:
                done[index] = times + 1
                index = step["value"]
                continue
            done[index] = 1
        else:
            ran.append(step)
        index += 1
    return ran
