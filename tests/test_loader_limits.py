"""The format's limits, checked by counting before anything is expanded."""

from __future__ import annotations

import tracemalloc

import pytest

from kicktimer.errors import SourcePos
from kicktimer.workout.limits import MAX_FILE_BYTES
from kicktimer.workout.measure import planned_seconds
from kicktimer.workout.model import Repeat
from loader_support import load, one_error


def nested_repeats(depth: int) -> str:
    lines = ["name: Nested", "steps:"]
    for level in range(depth):
        indent = "    " * level
        lines += [f"{indent}  - repeat: 2", f"{indent}    steps:"]
    lines.append("    " * depth + "  - run: 10s")
    return "\n".join(lines) + "\n"


def test_repeats_nest_eight_deep() -> None:
    block = load(nested_repeats(8)).workout.steps[0]
    depth = 0
    while isinstance(block, Repeat):
        depth += 1
        block = block.steps[0]
    assert depth == 8


def test_repeats_nested_nine_deep_are_refused_at_the_ninth() -> None:
    problem = one_error(nested_repeats(9))
    assert problem.pos == SourcePos(3 + 2 * 8, 5 + 4 * 8)
    assert problem.message == "repeats are nested 9 deep here; the limit is 8"


def test_nesting_through_aliases_counts_too() -> None:
    lines = ["name: Alias nesting", "steps:", "  - &r0 {repeat: 2, steps: [{run: 1s}]}"]
    lines += [f"  - &r{i} {{repeat: 1, steps: [*r{i - 1}]}}" for i in range(1, 9)]
    problem = one_error("\n".join(lines) + "\n")
    assert problem.message == "repeats are nested 9 deep here; the limit is 8"


def test_ten_thousand_steps_are_allowed_but_not_one_more() -> None:
    ok = "name: x\nsteps:\n  - repeat: 1000\n    steps: [{run: 1s}, {rest: 1s}, {run: 1s}, {rest: 1s},"
    ok += " {run: 1s},"
    load(ok + " {rest: 1s}, {run: 1s}, {rest: 1s}, {run: 1s}, {rest: 1s}]\n")
    problem = one_error(ok + " {rest: 1s}, {run: 1s}, {rest: 1s}, {run: 1s}, {rest: 1s}]\n  - run: 1s\n")
    assert problem.pos == SourcePos(3, 5)
    assert problem.message == (
        "the steps expand to 10,001 steps once repeats and aliases are counted; the limit is 10,000"
    )


def test_ranges_count_at_their_high_end() -> None:
    problem = one_error(
        "name: x\nsteps:\n  - repeat: 2-11\n    steps:\n      - repeat: 1000\n        steps:\n"
        "          - run: 1s\n"
    )
    assert "expand to 11,000 steps" in problem.message


def billion_laughs(levels: int, width: int) -> str:
    lines = ["name: Bomb", "steps:", "  - &l0 {repeat: 10, steps: [{run: 1s}]}"]
    for level in range(1, levels):
        aliases = ", ".join([f"*l{level - 1}"] * width)
        lines.append(f"  - &l{level} {{repeat: 10, steps: [{aliases}]}}")
    return "\n".join(lines) + "\n"


def test_an_alias_bomb_is_refused_by_counting_without_building() -> None:
    text = billion_laughs(levels=8, width=50)
    tracemalloc.start()
    try:
        problem = one_error(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert "steps once repeats and aliases are counted; the limit is 10,000" in problem.message
    assert "about 7.8e+19" in problem.message
    assert peak < 20 * 1024 * 1024


def test_aliases_within_the_limit_are_shared_not_copied() -> None:
    text = "name: x\nsteps:\n  - &a {repeat: 10, steps: [{run: 1s}]}\n  - {repeat: 10, steps: [*a, *a, *a]}\n"
    first, second = load(text).workout.steps
    assert isinstance(second, Repeat)
    one, two, three = second.steps
    assert one is two is three
    assert one == first


def test_a_total_over_24_hours_is_refused() -> None:
    problem = one_error("name: x\nsteps:\n  - repeat: 1000\n    steps:\n      - run: 2min\n")
    assert problem.pos == SourcePos(2, 1)
    assert problem.message == "the planned time is 33:20:00, over the limit of 24 hours"


def test_the_planned_time_counts_paces_speeds_and_send_offs() -> None:
    text = """\
    name: x
    steps:
      - run: 10km
        pace: 5:00/km
      - run: 1mi
        pace: 8:00/mi
      - run: 6km
        speed: 12 km/h
      - run: 5km
        pace: 5k
      - repeat: 4-6
        every: 3min
        steps:
          - run: 1min
      - drill: 20 reps
      - rest: open
    """
    workout = load(text).workout
    assert planned_seconds(workout.steps) == pytest.approx(3000 + 480 + 1800 + 0 + 6 * 180)


def test_a_single_step_over_24_hours_is_one_error() -> None:
    assert one_error("name: x\nsteps:\n  - run: 25h\n").message == "'25h' is longer than 24 hours"


def test_a_file_over_one_mebibyte_is_refused_unparsed() -> None:
    data = b"name: Big\nsteps:\n" + b"  - run: 1min\n" * (MAX_FILE_BYTES // 14)
    assert len(data) > MAX_FILE_BYTES
    problem = one_error(data)
    assert problem.pos == SourcePos(1, 1)
    assert problem.message == "the file is 1.0 MiB; a workout file may be at most 1 MiB"


def test_a_file_just_under_one_mebibyte_is_read() -> None:
    padding = b"# " + b"x" * 1000 + b"\n"
    data = b"name: Padded\nsteps:\n  - run: 1min\n"
    data += padding * ((MAX_FILE_BYTES - len(data)) // len(padding))
    assert len(data) <= MAX_FILE_BYTES
    assert load(data).workout.name == "Padded"


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 20_000 + b"]" * 20_000,
        b"- " * 20_000 + b"x",
        b"name: x\nsteps: " + b"{a: " * 20_000 + b"1" + b"}" * 20_000,
    ],
    ids=["flow lists", "block lists", "mappings"],
)
def test_nesting_20000_deep_is_refused_without_recursion(data: bytes) -> None:
    problem = one_error(data)
    assert problem.message == "the file is nested more than 64 levels deep; a workout needs far fewer"


def test_an_alias_chain_20000_deep_is_refused_without_recursion() -> None:
    lines = ["name: Chain", "steps:", "  - run: 1min", "    say: [&a0 [x]"]
    lines += [f"      , &a{i} [*a{i - 1}]" for i in range(1, 20_000)]
    problem = one_error("\n".join(lines) + "\n      ]\n")
    assert problem.message == "through its aliases this is nested more than 64 levels deep"
