"""How a file is measured against the limits without expanding it.

A workout file is small, but what it asks for need not be: `repeat: 1000`
nested a few deep, or aliases that each name a block of aliases, describe
billions of steps in a few lines. Everything here counts instead of building:
the step count is a sum of products over the node graph, memoised per node,
so an anchored block named a million times is measured once. Recursion is
bounded by the YAML depth limit the reader enforces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kicktimer.workout.limits import MAX_REPEAT, MAX_REPEAT_NESTING
from kicktimer.workout.model import AbsolutePace, Block, DistanceLength, Repeat, TimeLength
from kicktimer.workout.quantities import METRES_PER_UNIT
from kicktimer.workout.yamlread import Map, Node, Scalar, Seq


@dataclass(frozen=True)
class Measure:
    """Steps one pass through a list would run (ranges at their high end) and its repeat nesting."""

    steps: int
    nesting: int


_LOOSE_COUNT = re.compile(r"^\s*(\d+)\s*(?:(?:-|–|to)\s*(\d+)\s*)?$")


def loose_count(node: Node) -> int:
    """The most repetitions a `repeat:` value asks for; 1 when it is not a valid count,
    since the checker reports that value on its own."""
    if not isinstance(node, Scalar):
        return 1
    match = _LOOSE_COUNT.match(node.value)
    if match is None:
        return 1
    high = int(match.group(2) or match.group(1))
    return high if 1 <= high <= MAX_REPEAT else 1


def measure_steps(steps: Node | None, memo: dict[int, Measure]) -> Measure:
    """Count the expanded steps of a `steps:` list and its repeat nesting, each node once."""
    if not isinstance(steps, Seq):
        return Measure(0, 0)
    known = memo.get(id(steps))
    if known is not None:
        return known
    total = 0
    nesting = 0
    for item in steps.items:
        if isinstance(item, Map) and "repeat" in item.index:
            inner = measure_steps(item.index.get("steps"), memo)
            total += loose_count(item.index["repeat"]) * inner.steps
            nesting = max(nesting, inner.nesting + 1)
        else:
            total += 1
    result = Measure(total, nesting)
    memo[id(steps)] = result
    return result


def too_deep(steps: Node | None, memo: dict[int, Measure], level: int = 1) -> Node | None:
    """The first repeat nested deeper than the limit (following the deepest path), if any."""
    if not isinstance(steps, Seq):
        return None
    for item in steps.items:
        if isinstance(item, Map) and "repeat" in item.index:
            if level > MAX_REPEAT_NESTING:
                return item
            inner = item.index.get("steps")
            if measure_steps(inner, memo).nesting + level > MAX_REPEAT_NESTING:
                return too_deep(inner, memo, level + 1)
    return None


def planned_seconds(blocks: tuple[Block, ...], memo: dict[int, float] | None = None) -> float:
    """The planned time of a list of blocks, for the 24-hour limit, without expanding repeats.

    Counted: time steps; distance steps with an absolute pace or a speed;
    `every:` send-offs (a repetition lasts at least its send-off). Repeat
    ranges count at their high end. Open steps, counts, and distances with a
    profile pace (unknown here) or no pace count as zero; `last:` overrides
    are left out.
    """
    memo = {} if memo is None else memo
    total = 0.0
    for block in blocks:
        known = memo.get(id(block))
        if known is None:
            known = _block_seconds(block, memo)
            memo[id(block)] = known
        total += known
    return total


def _block_seconds(block: Block, memo: dict[int, float]) -> float:
    if isinstance(block, Repeat):
        once = planned_seconds(block.steps, memo)
        if block.every_s is not None:
            once = max(once, block.every_s)
        return block.count.high * once
    length = block.length
    if isinstance(length, TimeLength):
        return length.seconds
    if isinstance(length, DistanceLength):
        if isinstance(block.pace, AbsolutePace):
            return length.metres / METRES_PER_UNIT[block.pace.unit] * block.pace.seconds
        if block.speed_kmh:
            return length.metres / (block.speed_kmh / 3.6)
    return 0.0
