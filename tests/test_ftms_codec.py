"""The FTMS and Heart Rate codec, byte by byte against the layouts of FTMS 1.0 and HRS 1.0.

Packets are written out as hex so each test shows exactly what a machine
sends. Anything a device could send wrong must come back as None, never raise.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kicktimer.devices import ftms_codec as c


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


# ---- Treadmill Data -----------------------------------------------------------------


def test_speed_only_record_has_bit_0_clear() -> None:
    record = c.parse_treadmill_data(h("0000 b004"))  # 0x04b0 = 1200 → 12.00 km/h
    assert record == c.TreadmillData(more_data=False, speed_centi_kmh=1200)
    assert record is not None and record.speed_kmh == 12.0


def test_every_flag_in_order() -> None:
    flags = 0b1_1111_1111_1110  # bits 1..12 set, bit 0 clear (speed present)
    packet = (
        flags.to_bytes(2, "little")
        + h("e803")  # speed 10.00
        + h("8403")  # average 9.00
        + h("a08601")  # total distance 100000 m (uint24)
        + h("3c00 2200")  # incline 6.0 %, ramp 3.4°
        + h("0a00 0000")  # elevation + / −
        + h("06")  # instantaneous pace
        + h("07")  # average pace
        + h("2c01 e803 0f")  # energy total / per hour / per minute
        + h("9b")  # heart rate 155
        + h("50")  # MET
        + h("5802")  # elapsed 600 s
        + h("2c01")  # remaining 300 s
        + h("0a00 f401")  # force, power
    )
    assert len(packet) == 2 + 2 + 2 + 3 + 4 + 4 + 1 + 1 + 5 + 1 + 1 + 2 + 2 + 4
    assert c.parse_treadmill_data(packet) == c.TreadmillData(
        more_data=False,
        speed_centi_kmh=1000,
        average_speed_centi_kmh=900,
        total_distance_m=100000,
        incline_deci_pct=60,
        ramp_angle_deci_deg=34,
        heart_rate_bpm=155,
        elapsed_s=600,
        remaining_s=300,
    )


def test_total_distance_is_uint24() -> None:
    record = c.parse_treadmill_data(h("0400 e803 ffffff"))
    assert record is not None and record.total_distance_m == 0xFFFFFF


def test_negative_incline_and_not_available() -> None:
    down = c.parse_treadmill_data(h("0800 e803 ecff 0000"))  # −2.0 %
    assert down is not None and down.incline_deci_pct == -20 and down.incline_pct == -2.0
    unknown = c.parse_treadmill_data(h("0800 e803 ff7f ff7f"))
    assert unknown is not None and unknown.incline_deci_pct is None and unknown.ramp_angle_deci_deg is None
    assert unknown.speed_centi_kmh == 1000


def test_a_part_with_more_data_has_no_speed() -> None:
    part = c.parse_treadmill_data(h("0500 a00f00"))  # bit 0 set (more data) + distance 4000 m
    assert part == c.TreadmillData(more_data=True, total_distance_m=4000)


@pytest.mark.parametrize(
    "packet",
    ["", "00", "0000", "0000 b0", "0400 e803 a086", "0800 e803 3c00", "0001 e803", "0004 e803 58"],
    ids=[
        "empty",
        "one byte",
        "speed missing",
        "speed short",
        "distance short",
        "ramp missing",
        "hr missing",
        "elapsed short",
    ],
)
def test_short_packets_and_flags_for_absent_fields_are_rejected(packet: str) -> None:
    assert c.parse_treadmill_data(h(packet)) is None


def test_padding_after_the_last_field_is_ignored() -> None:
    assert c.parse_treadmill_data(h("0000 e803 0000")) == c.TreadmillData(speed_centi_kmh=1000)


def test_absurd_speeds_are_dropped_but_the_rest_kept() -> None:
    record = c.parse_treadmill_data(h("0400 ffff 6400 00"))
    assert record == c.TreadmillData(speed_centi_kmh=None, total_distance_m=100)
    assert c.parse_treadmill_data(h("0000 a00f")) == c.TreadmillData(speed_centi_kmh=4000)
    assert c.parse_treadmill_data(h("0000 a10f")) == c.TreadmillData(speed_centi_kmh=None)


def test_mph_quirk_converts_to_kmh() -> None:
    record = c.parse_treadmill_data(h("0000 5802"), mph=True)  # 6.00 mph
    assert record is not None and record.speed_centi_kmh == 966  # 9.66 km/h


def test_heart_rate_in_treadmill_data_zero_means_none() -> None:
    assert c.parse_treadmill_data(h("0001 e803 00")) == c.TreadmillData(speed_centi_kmh=1000)


def test_joiner_assembles_split_records() -> None:
    joiner = c.TreadmillRecordJoiner()
    first = c.parse_treadmill_data(h("0d00 e80300 3c00 0000"))  # more data: distance + incline
    last = c.parse_treadmill_data(h("0001 b004 96"))  # last part: speed + HR
    assert first is not None and last is not None
    assert joiner.feed(first) is None
    assert joiner.feed(last) == c.TreadmillData(
        more_data=False,
        speed_centi_kmh=1200,
        total_distance_m=1000,
        incline_deci_pct=60,
        ramp_angle_deci_deg=0,
        heart_rate_bpm=150,
    )
    alone = c.parse_treadmill_data(h("0000 6400"))
    assert alone is not None and joiner.feed(alone) == c.TreadmillData(speed_centi_kmh=100)


# ---- Control Point ----------------------------------------------------------------------


def test_control_point_encoding() -> None:
    assert c.request_control() == h("00")
    assert c.reset() == h("01")
    assert c.set_target_speed(1250) == h("02 e204")
    assert c.set_target_inclination(55) == h("03 3700")
    assert c.set_target_inclination(-15) == h("03 f1ff")
    assert c.start_resume() == h("07")
    assert c.stop_pause() == h("08 02")
    assert c.stop_pause(c.STOP) == h("08 01")
    with pytest.raises(ValueError):
        c.set_target_speed(-1)
    with pytest.raises(ValueError):
        c.stop_pause(3)


def test_indication_decoding() -> None:
    assert c.parse_control_response(h("80 02 01")) == c.ControlResponse(0x02, 0x01)
    refused = c.parse_control_response(h("80 03 05"))
    assert refused is not None and not refused.ok and refused.describe() == "control not permitted"
    assert c.parse_control_response(h("80 02")) is None
    assert c.parse_control_response(h("81 02 01")) is None
    odd = c.parse_control_response(h("80 02 09"))
    assert odd is not None and odd.describe() == "result 0x09"


# ---- Feature, ranges, status ------------------------------------------------------------


def test_features() -> None:
    features = c.parse_features(h("0c040000 03000000"))  # distance, inclination, heart rate; speed + incline
    assert features is not None
    assert features.total_distance and features.inclination and features.heart_rate
    assert features.speed_target and features.incline_target and not features.elapsed_time
    assert features.names() == ["speed_control", "incline_control", "total_distance", "incline", "heart_rate"]
    assert c.parse_features(h("0c040000")) is None


def test_ranges() -> None:
    assert c.parse_speed_range(h("6400 d007 0a00")) == c.Range(100, 2000, 10)
    assert c.parse_inclination_range(h("ecff 9600 0500")) == c.Range(-20, 150, 5)
    assert c.parse_speed_range(h("6400 d007")) is None
    assert c.parse_speed_range(h("d007 6400 0a00")) is None  # min above max
    assert c.parse_speed_range(h("6400 d007 0000")) is None  # no increment


def test_machine_status() -> None:
    assert c.parse_machine_status(h("02 02")) == c.MachineStatus(c.StatusOp.STOPPED_BY_USER, 2)
    assert c.parse_machine_status(h("03")) == c.MachineStatus(c.StatusOp.STOPPED_BY_SAFETY_KEY)
    assert c.parse_machine_status(h("05 b004")) == c.MachineStatus(c.StatusOp.TARGET_SPEED_CHANGED, 1200)
    assert c.parse_machine_status(h("06 ecff")) == c.MachineStatus(c.StatusOp.TARGET_INCLINE_CHANGED, -20)
    assert c.parse_machine_status(h("ff")) == c.MachineStatus(c.StatusOp.CONTROL_PERMISSION_LOST)
    for bad in ("", "02", "05 b0", "06 ff7f", "05 ffff"):
        assert c.parse_machine_status(h(bad)) is None, bad


def test_advertised_service_data() -> None:
    assert c.parse_ftms_service_data(h("01 0100")) == c.FtmsAdvert(available=True, treadmill=True)
    assert c.parse_ftms_service_data(h("01 2000")) == c.FtmsAdvert(available=True, treadmill=False)
    assert c.parse_ftms_service_data(h("01")) is None


# ---- Heart Rate Measurement ------------------------------------------------------------


def test_heart_rate_uint8_and_uint16() -> None:
    assert c.parse_heart_rate(h("00 8c")) == c.HeartRate(140)
    assert c.parse_heart_rate(h("01 a000")) == c.HeartRate(160)


def test_heart_rate_energy_and_rr() -> None:
    assert c.parse_heart_rate(h("18 96 2c01 0004 0002")) == c.HeartRate(150, energy_kj=300, rr_s=(1.0, 0.5))
    assert c.parse_heart_rate(h("11 9600 0004")) == c.HeartRate(150, rr_s=(1.0,))


@pytest.mark.parametrize("packet", ["", "00", "01 96", "08 96 2c", "10 96 0004 00", "00 00", "01 ffff", "ff"])
def test_heart_rate_garbage_is_rejected(packet: str) -> None:
    assert c.parse_heart_rate(h(packet)) is None


# ---- fitting targets to the machine ------------------------------------------------------


def test_speed_is_clamped_rounded_and_capped() -> None:
    machine = c.Range(100, 1800, 10)
    assert c.fit_speed(12.34, speed_range=machine, max_kmh=20) == 1230
    assert c.fit_speed(12.35, speed_range=machine, max_kmh=20) == 1240
    assert c.fit_speed(25, speed_range=machine, max_kmh=20) == 1800
    assert c.fit_speed(0.5, speed_range=machine, max_kmh=20) == 100
    # rounding to the nearest step (20.00) would pass the cap: one step down
    assert c.fit_speed(19.99, speed_range=c.Range(0, 2500, 50), max_kmh=19.8) == 1950
    assert c.fit_speed(30, speed_range=None, max_kmh=20) == 2000


def test_incline_is_clamped_rounded_and_capped() -> None:
    machine = c.Range(-30, 150, 5)
    assert c.fit_incline(6.2, incline_range=machine, max_pct=15) == 60
    assert c.fit_incline(6.3, incline_range=machine, max_pct=15) == 65
    assert c.fit_incline(20, incline_range=machine, max_pct=12) == 120
    assert c.fit_incline(-5, incline_range=machine, max_pct=15) == -30
    assert c.fit_incline(6.3, incline_range=machine, max_pct=15, step_pct=1) == 60
    assert c.fit_incline(6.3, incline_range=None, max_pct=15, step_pct=0.5) == 65
    assert c.fit_incline(6.3, incline_range=None, max_pct=15) == 63


def test_kmh_wire_units() -> None:
    assert c.kmh_to_wire(12.0) == 1200
    assert c.kmh_to_wire(16.09344, mph=True) == 1000
    assert c.wire_to_kmh(1000, mph=True) == pytest.approx(16.09344)


def test_codec_imports_no_bluetooth_library() -> None:
    tree = ast.parse(Path(c.__file__).read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            roots.add(node.module.split(".")[0])
    assert roots <= {"__future__", "math", "dataclasses", "enum"}
