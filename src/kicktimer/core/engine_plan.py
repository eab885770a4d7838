"""Facts about a Plan the engine asks about often, worked out once.

The engine needs, at every event and every redraw, which send-off repetition
a segment belongs to and how much planned time lies ahead. These depend only
on the plan, so they are computed once here, in exact fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from kicktimer.core.segments import Plan, Segment

_ZERO = Fraction(0)


def planned_s(segment: Segment) -> Fraction:
    """A segment's planned length as an exact fraction, 0 when nothing is known."""
    length = segment.planned_length_s
    return _ZERO if length is None else Fraction(length)


def _opens_repetition(segments: tuple[Segment, ...], index: int) -> bool:
    """Whether segment `index` is the first of its send-off repetition (or stands alone)."""
    if index == 0:
        return True
    previous, segment = segments[index - 1], segments[index]
    return previous.sendoff_group != segment.sendoff_group or previous.fills_sendoff


@dataclass(frozen=True)
class PlanShape:
    """Per segment: its send-off repetition's first index and end, and the planned time ahead.

    A segment outside any send-off is a repetition of its own. `rest[i]` is
    the planned time from segment i to the end, a send-off repetition counting
    as its `every`; `rest[len(segments)]` is 0.
    """

    first: tuple[int, ...]
    end: tuple[int, ...]
    before: tuple[Fraction, ...]
    rest: tuple[Fraction, ...]

    @classmethod
    def of(cls, plan: Plan) -> PlanShape:
        segments = plan.segments
        count = len(segments)
        first: list[int] = []
        before: list[Fraction] = []
        for index in range(count):
            if _opens_repetition(segments, index):
                first.append(index)
                before.append(_ZERO)
            else:
                first.append(first[index - 1])
                before.append(before[index - 1] + planned_s(segments[index - 1]))
        end = [count] * count
        for index in range(count - 1, -1, -1):
            if index + 1 < count and first[index + 1] == first[index]:
                end[index] = end[index + 1]
            else:
                end[index] = index + 1
        rest = [_ZERO] * (count + 1)
        for index in range(count - 1, -1, -1):
            segment = segments[index]
            if segment.sendoff_group is not None and segment.sendoff_s is not None:
                rest[index] = Fraction(segment.sendoff_s) + rest[end[index]]
            else:
                rest[index] = planned_s(segment) + rest[index + 1]
        return cls(first=tuple(first), end=tuple(end), before=tuple(before), rest=tuple(rest))
