"""Athlete keys: 1–9, then free letters, never a timer key; names unique and non-empty."""

from __future__ import annotations

import pytest

from kicktimer.core.coach.session import TIMER_KEYS, AthleteError, assign_keys, athlete_keys, max_athletes


def names(count: int) -> list[str]:
    return [f"Runner {i}" for i in range(1, count + 1)]


def test_first_nine_athletes_get_the_digit_keys_in_roster_order() -> None:
    athletes = assign_keys(["Ana", "Ben", "Cy"])
    assert [(a.name, a.key, a.index) for a in athletes] == [("Ana", "1", 0), ("Ben", "2", 1), ("Cy", "3", 2)]


def test_after_the_digits_come_letters_skipping_the_timer_keys() -> None:
    keys = [a.key for a in assign_keys(names(14))]
    assert keys == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "c", "d", "e", "f"]


def test_no_athlete_ever_gets_a_timer_key_or_help_key() -> None:
    keys = athlete_keys()
    assert not set(keys) & TIMER_KEYS
    for reserved in ("p", "n", "b", "m", "q", "u", "h"):
        assert reserved not in keys
    assert len(set(keys)) == len(keys) == max_athletes()


def test_the_app_can_reserve_more_keys() -> None:
    athletes = assign_keys(names(10), reserved=[*TIMER_KEYS, "a"])
    assert athletes[-1].key == "c"


def test_same_names_always_get_the_same_keys() -> None:
    assert assign_keys(names(20)) == assign_keys(names(20))


def test_the_largest_roster_that_fits_is_accepted_and_one_more_is_refused() -> None:
    limit = max_athletes()
    assert len(assign_keys(names(limit))) == limit
    with pytest.raises(AthleteError) as caught:
        assign_keys(names(limit + 1))
    assert [p.kind for p in caught.value.problems] == ["too many"]
    assert caught.value.problems[0].index == limit
    assert f"too many athletes: {limit + 1}" in str(caught.value)


def test_names_are_trimmed() -> None:
    assert [a.name for a in assign_keys(["  Ana ", "Ben"])] == ["Ana", "Ben"]


def test_duplicate_names_are_refused_whatever_their_case() -> None:
    with pytest.raises(AthleteError) as caught:
        assign_keys(["Ana", "Ben", "ana "])
    (problem,) = caught.value.problems
    assert (problem.index, problem.kind) == (2, "duplicate")
    assert "already athlete 1" in problem.message


def test_empty_names_are_refused_and_every_problem_is_reported() -> None:
    with pytest.raises(AthleteError) as caught:
        assign_keys(["Ana", " ", "Ana", ""])
    found = [(p.index, p.kind) for p in caught.value.problems]
    assert found == [(1, "empty"), (2, "duplicate"), (3, "empty")]


def test_no_athletes_is_refused() -> None:
    with pytest.raises(AthleteError) as caught:
        assign_keys([])
    assert caught.value.problems[0].kind == "no athletes"
