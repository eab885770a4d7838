"""Whatever bytes `kick convert` is given, it converts them or refuses them in one line: never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert_support import convert, home

__all__ = ["home"]

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

ICU_WORDS = st.sampled_from(
    [
        "- ",
        "10m",
        "400m",
        "400mtr",
        "2km",
        "1mi",
        "1m30",
        "5'",
        '30"',
        "4:30/km",
        "Pace",
        "85%",
        "90-95%",
        "Press",
        "lap",
        "ramp",
        "Z2",
        "3x",
        "Main set",
        "\n",
        " ",
        "Warmup",
        "recover",
        "|",
        "effort:",
        "at 0:45:",
        "7:15-7:00/km",
        "99x",
        "0x",
        "1h",
        "-",
        "freeride",
        "maxeffort",
        "20 reps",
    ]
)
ZWO_PARTS = st.sampled_from(
    [
        "<workout_file>",
        "</workout_file>",
        "<sportType>run</sportType>",
        "<durationType>distance</durationType>",
        "<workout>",
        "</workout>",
        '<SteadyState Duration="60" Power="1.1" pace="1"/>',
        '<IntervalsT Repeat="3" OnDuration="30" OffDuration="30" OnPower="1.2" OffPower="0.6" pace="9"/>',
        '<Warmup Duration="-5" PowerLow="x"/>',
        '<FreeRide Duration="0"/>',
        "<textevent timeoffset='5' message='go'/>",
        "<Ramp>",
        "</Ramp>",
        "<name>&amp;</name>",
        "<!--",
        "-->",
        "&lt;",
        "<",
        ">",
        '"',
        "\n",
    ]
)


def outcome(home: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes) -> None:
    path = home / name
    path.write_bytes(data)
    status, _, err = convert(capsys, str(path), "-o", str(home / "out.yaml"))
    assert status in (0, 2)
    if status == 2:
        assert err.startswith(str(path)), err
        assert "Traceback" not in err


@FUZZ
@given(st.lists(ICU_WORDS, max_size=40).map(" ".join))
def test_any_icu_text(home: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    outcome(home, capsys, "fuzz.txt", text.encode())


@FUZZ
@given(st.lists(ZWO_PARTS, max_size=30).map("".join))
def test_any_zwo(home: Path, capsys: pytest.CaptureFixture[str], text: str) -> None:
    outcome(home, capsys, "fuzz.zwo", text.encode())


@FUZZ
@given(st.data())
def test_any_damage_to_a_fit(home: Path, capsys: pytest.CaptureFixture[str], data: st.DataObject) -> None:
    source = home / "good.fit"
    if not source.exists():
        assert convert(capsys, "8x400-last-all-out", "-o", str(source))[0] == 0
    original = bytearray(source.read_bytes())
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(original) - 1))
        original[index] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        # Make the file CRC right again, so the damage reaches the decoder and the step mapping.
        from garmin_fit_sdk import CrcCalculator

        crc = CrcCalculator.calculate_crc(original, 0, len(original) - 2)
        original[-2:] = crc.to_bytes(2, "little")
        outcome(home, capsys, "fuzz.fit", bytes(original))
        return
    cut = data.draw(st.integers(0, len(original)))
    outcome(home, capsys, "fuzz.fit", bytes(original[:cut]))
