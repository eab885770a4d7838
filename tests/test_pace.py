"""Pace math against published values and against the model's own definitions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kicktimer.core import pace
from kicktimer.workout.quantities import METRES_PER_MILE, Unit, parse_clock

MILE = METRES_PER_MILE
HALF = 21097.5
MARATHON = 42195.0


def test_the_spec_known_value_24_34_5k_is_vdot_39_1() -> None:
    assert round(pace.vdot(5000, parse_clock("24:34")), 1) == 39.1


def test_a_50_minute_10k_is_vdot_40() -> None:
    # Runner's World, "What's your VDOT?": "A 50-minute 10-K ... corresponds to a VDOT number of 40."
    assert round(pace.vdot(10000, parse_clock("50:00"))) == 40


@pytest.mark.parametrize(
    ("distance", "published"),
    [
        (MILE, "6:14.0"),
        (3000, "12:19.9"),
        (5000, "21:15.1"),
        (10000, "44:03.9"),
        (HALF, "1:37:36.7"),
        (MARATHON, "3:22:58.7"),
    ],
)
def test_race_equivalents_of_a_15k_in_1_07_48_match_a_published_daniels_calculator(
    distance: float, published: str
) -> None:
    # runworks.com calculator (Daniels' Running Formula) for a 15K in 1:07:48, VDOT 46.4.
    vdot = pace.vdot(15000, parse_clock("1:07:48"))
    assert round(vdot, 1) == 46.4
    expected = parse_clock(published)
    assert pace.race_time(vdot, distance) == pytest.approx(expected, rel=0.0005)


@pytest.mark.parametrize(
    ("vdot", "distance", "table"),
    [
        (40, 5000, "24:08"),
        (40, MARATHON, "3:49:45"),
        (50, 5000, "19:57"),
        (50, 10000, "41:21"),
        (50, HALF, "1:31:35"),
        (50, MARATHON, "3:10:49"),
        (60, 5000, "17:03"),
        (60, 10000, "35:22"),
        (60, HALF, "1:18:09"),
    ],
)
def test_race_times_are_close_to_daniels_tables(vdot: float, distance: float, table: str) -> None:
    # Daniels' tables round VDOT and times; the formula lands within 0.15 %.
    assert pace.race_time(vdot, distance) == pytest.approx(parse_clock(table), rel=0.0015)


@pytest.mark.parametrize(
    ("vdot", "per_km", "per_mile"),
    [(30, "6:24", "10:18"), (40, "5:06", "8:12"), (50, "4:15", "6:51"), (60, "3:40", "5:54")],
)
def test_threshold_pace_matches_daniels_t_pace(vdot: float, per_km: str, per_mile: str) -> None:
    threshold = pace.threshold_pace(vdot)
    assert pace.format_pace(threshold, "km") == f"{per_km}/km"
    assert pace.format_pace(threshold, "mi") == f"{per_mile}/mi"


@pytest.mark.parametrize(("fraction_name", "fraction"), [("easy", 0.67), ("threshold", 0.88)])
def test_training_paces_cost_their_share_of_vdot(fraction_name: str, fraction: float) -> None:
    compute = pace.easy_pace if fraction_name == "easy" else pace.threshold_pace
    for vdot in (35.0, 47.5, 62.0):
        velocity = 60_000.0 / compute(vdot)
        assert pace.oxygen_cost(velocity) == pytest.approx(fraction * vdot, rel=1e-9)


def test_easy_is_slower_than_threshold_which_is_slower_than_5k_pace() -> None:
    vdot = 45.0
    five_k = pace.race_time(vdot, 5000) / 5
    assert pace.easy_pace(vdot) > pace.threshold_pace(vdot) > five_k


@given(
    distance=st.sampled_from([1500.0, MILE, 3000.0, 5000.0, 10000.0, HALF, MARATHON]),
    per_km=st.floats(min_value=150.0, max_value=540.0),
)
def test_race_time_inverts_vdot(distance: float, per_km: float) -> None:
    seconds = per_km * distance / 1000
    assert pace.race_time(pace.vdot(distance, seconds), distance) == pytest.approx(seconds, abs=0.01)


def test_longer_races_are_run_slower_at_the_same_vdot() -> None:
    distances = [1500.0, MILE, 3000.0, 5000.0, 10000.0, HALF, MARATHON]
    paces = [pace.race_time(50, d) / d for d in distances]
    assert paces == sorted(paces)


def test_impossible_inputs_are_refused() -> None:
    with pytest.raises(pace.PaceError):
        pace.vdot(5000, 0)
    with pytest.raises(pace.PaceError):
        pace.race_time(-3, 5000)
    with pytest.raises(pace.PaceError):
        pace.race_time(500, 5000)
    with pytest.raises(pace.PaceError):
        pace.kmh_from_pace(0)


def test_unit_conversions() -> None:
    assert pace.pace_to_per_km(parse_clock("8:00"), "mi") == pytest.approx(480 / 1.609344)
    assert pace.pace_from_per_km(300, "mi") == pytest.approx(300 * 1.609344)
    assert pace.pace_from_per_km(300, "km") == 300
    assert pace.kmh_from_pace(240) == pytest.approx(15.0)
    assert pace.pace_from_kmh(12) == pytest.approx(300.0)
    assert pace.mph_from_kmh(16.09344) == pytest.approx(10.0)
    assert pace.kmh_from_mph(10) == pytest.approx(16.09344)
    assert pace.delta_to_per_km(-15, "mi") == pytest.approx(-15 / 1.609344)
    assert pace.format_speed(16.09344, "mi") == "10.0 mph"
    assert pace.format_speed(15, "km") == "15.0 km/h"


@given(st.floats(min_value=60.0, max_value=3600.0), st.sampled_from(["km", "mi"]))
def test_pace_and_speed_round_trip(per_km: float, unit: Unit) -> None:
    assert pace.pace_from_kmh(pace.kmh_from_pace(per_km)) == pytest.approx(per_km)
    assert pace.pace_to_per_km(pace.pace_from_per_km(per_km, unit), unit) == pytest.approx(per_km)
    assert math.isclose(pace.mph_from_kmh(pace.kmh_from_mph(per_km)), per_km)
