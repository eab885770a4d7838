"""Reference paces from a profile, and resolving the paces a workout writes."""

from __future__ import annotations

import pytest

from kicktimer.core import pace
from kicktimer.core.profile import (
    REFERENCE_ORDER,
    MissingReference,
    Profile,
    UnknownRace,
    canonical_race,
    race_distance_m,
    reference_paces,
    reference_sources,
    resolve_pace,
)
from kicktimer.workout.model import AbsolutePace, PaceDelta, ReferencePace
from kicktimer.workout.quantities import METRES_PER_MILE, parse_clock

FIVE_K_24_34 = Profile(units="km", races={"5k": parse_clock("24:34")})


def test_a_single_race_gives_every_reference_pace() -> None:
    paces = reference_paces(FIVE_K_24_34)
    assert list(paces) == list(REFERENCE_ORDER)
    assert paces["5k"] == pytest.approx(parse_clock("24:34") / 5)
    vdot = pace.vdot(5000, parse_clock("24:34"))
    assert paces["easy"] == pytest.approx(pace.easy_pace(vdot))
    assert paces["threshold"] == pytest.approx(pace.threshold_pace(vdot))
    assert paces["marathon"] == pytest.approx(pace.race_time(vdot, 42195) / 42.195)
    assert paces["mile"] == pytest.approx(pace.race_time(vdot, METRES_PER_MILE) / (METRES_PER_MILE / 1000))


def test_paces_run_from_slowest_to_fastest() -> None:
    paces = list(reference_paces(FIVE_K_24_34).values())
    assert paces == sorted(paces, reverse=True)


def test_a_recorded_race_is_used_as_run_and_others_come_from_the_nearest_race() -> None:
    profile = Profile(races={"mile": parse_clock("6:00"), "half": parse_clock("1:45:00")})
    sources = reference_sources(profile)
    assert sources["mile"] == "mile"
    assert sources["3k"] == "mile"
    assert sources["10k"] == "half"
    assert sources["marathon"] == "half"
    paces = reference_paces(profile)
    assert paces["mile"] == pytest.approx(360 / (METRES_PER_MILE / 1000))
    half_vdot = pace.vdot(21097.5, parse_clock("1:45:00"))
    assert paces["marathon"] == pytest.approx(pace.race_time(half_vdot, 42195) / 42.195)


def test_training_paces_come_from_the_races_nearest_in_distance_not_the_best_vdot() -> None:
    # The new-user report's runner: a fast 1500 m (VDOT 48.9) must not set threshold and easy.
    races = {"5k": "22:30", "10k": "47:00", "half": "1:45:00", "3k": "13:00", "10mi": "1:20:00"}
    profile = Profile(races={**{k: parse_clock(v) for k, v in races.items()}, "1500m": 330.0})
    sources = reference_sources(profile)
    assert (sources["threshold"], sources["easy"]) == ("10mi", "half")
    paces = reference_paces(profile)
    assert paces["threshold"] == pytest.approx(pace.threshold_pace(pace.vdot(16093.44, 4800)))
    assert paces["easy"] == pytest.approx(pace.easy_pace(pace.vdot(21097.5, 6300)))
    assert paces["threshold"] > paces["10k"], "threshold is slower than the runner's own 10K"


def test_no_races_no_reference_paces() -> None:
    assert reference_paces(Profile()) == {}
    with pytest.raises(MissingReference, match="5k"):
        resolve_pace(ReferencePace("5k"), Profile())


def test_absolute_paces_convert_from_their_own_unit() -> None:
    assert resolve_pace(AbsolutePace(270, "km"), Profile()) == 270
    assert resolve_pace(AbsolutePace(435, "mi"), Profile()) == pytest.approx(435 / 1.609344)


def test_offsets_without_a_unit_are_per_the_profiles_unit() -> None:
    five_k = reference_paces(FIVE_K_24_34)["5k"]
    spec = ReferencePace("5k", PaceDelta(-5, None))
    assert resolve_pace(spec, FIVE_K_24_34) == pytest.approx(five_k - 5)
    in_miles = Profile(units="mi", races=FIVE_K_24_34.races)
    assert resolve_pace(spec, in_miles) == pytest.approx(five_k - 5 / 1.609344)


def test_offsets_with_a_unit_use_it() -> None:
    easy = reference_paces(FIVE_K_24_34)["easy"]
    assert resolve_pace(ReferencePace("easy", PaceDelta(20, "km")), FIVE_K_24_34) == pytest.approx(easy + 20)
    assert resolve_pace(ReferencePace("easy", PaceDelta(20, "mi")), FIVE_K_24_34) == pytest.approx(
        easy + 20 / 1.609344
    )


@pytest.mark.parametrize(
    ("written", "canonical", "metres"),
    [
        ("5K", "5k", 5000),
        ("5 km", "5k", 5000),
        ("Half Marathon", "half", 21097.5),
        ("HM", "half", 21097.5),
        ("mile", "mile", METRES_PER_MILE),
        ("1mi", "mile", METRES_PER_MILE),
        ("1500m", "1500m", 1500),
        ("15k", "15k", 15000),
        ("2 mi", "2mi", 2 * METRES_PER_MILE),
        ("42.195km", "marathon", 42195),
    ],
)
def test_race_names(written: str, canonical: str, metres: float) -> None:
    assert canonical_race(written) == canonical
    assert race_distance_m(written) == pytest.approx(metres, abs=0.01)


@pytest.mark.parametrize("written", ["sprint", "100m", "400m", "200km", ""])
def test_unknown_or_unusable_race_names(written: str) -> None:
    with pytest.raises(UnknownRace):
        canonical_race(written)
