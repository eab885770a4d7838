"""The compiled plan folded back into repeats: what every export format starts from.

The compiler (kicktimer.core.compile) resolves paces, `last:` overrides,
`progress:` and rep counts, and unrolls every repeat. Formats with repeats
(FIT, intervals.icu text, a .zwo's one on/off pair) want them back, so this
module walks the workout's blocks beside the plan's segments: each step of
each repetition is exactly one segment, so the values always come from the
compiler and nothing is computed twice. A repeat whose repetitions all
compile alike becomes a `Loop`; one whose last repetition differs (a `last:`
override or `skip`) becomes a loop of one fewer plus the last one written
out; one whose every repetition differs (`progress:`) is written out whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from kicktimer.core.segments import Plan, Segment
from kicktimer.errors import Problem, Severity, SourcePos
from kicktimer.workout.model import SKIP, Block, CountLength, Repeat, Step, Workout


@dataclass(frozen=True)
class Item:
    """One step of one repetition: its compiled segment, where it was written, and a drill's rep count."""

    segment: Segment
    pos: SourcePos
    reps: int | None = None


@dataclass(frozen=True)
class Loop:
    """A block done `count` times whose repetitions compile alike."""

    count: int
    body: tuple[Node, ...]
    pos: SourcePos


Node = Item | Loop


@dataclass(frozen=True)
class Unrolled:
    """A repeat written out step by step, and why."""

    pos: SourcePos
    count: int
    reason: str


@dataclass(frozen=True)
class Outline:
    """The plan as nested loops, with the repeats that had to be written out."""

    name: str
    file: str
    plan: Plan
    nodes: tuple[Node, ...]
    unrolled: tuple[Unrolled, ...] = ()
    summary: str | None = None
    notes: str | None = None


def build_outline(workout: Workout, plan: Plan) -> Outline:
    """Fold `plan` (compiled from `workout`) back into loops, following the workout's repeats."""
    walker = _Walker(plan.segments, _chosen_counts(workout, plan))
    nodes = walker.blocks(workout.steps, None)
    return Outline(
        name=workout.name,
        file=workout.file,
        plan=plan,
        nodes=tuple(nodes),
        unrolled=tuple(walker.unrolled),
        summary=workout.summary,
        notes=workout.notes,
    )


def items(nodes: Sequence[Node]) -> list[Item]:
    """Every item in order, loops entered once."""
    found: list[Item] = []
    for node in nodes:
        found.extend(items(node.body) if isinstance(node, Loop) else [node])
    return found


def expanded(nodes: Sequence[Node]) -> list[Item]:
    """Every item as run, loops repeated."""
    found: list[Item] = []
    for node in nodes:
        found.extend(expanded(node.body) * node.count if isinstance(node, Loop) else [node])
    return found


def limit_depth(nodes: Sequence[Node], depth: int, why: str) -> tuple[tuple[Node, ...], list[Unrolled]]:
    """Write out loops nested deeper than `depth` (0: no loops at all); returns what was unrolled."""
    unrolled: list[Unrolled] = []

    def walk(items_: Sequence[Node], level: int) -> list[Node]:
        out: list[Node] = []
        for node in items_:
            if isinstance(node, Item):
                out.append(node)
            elif level < depth:
                out.append(replace(node, body=tuple(walk(node.body, level + 1))))
            else:
                unrolled.append(Unrolled(node.pos, node.count, why))
                body = walk(node.body, level)
                out.extend(body * node.count)
        return out

    return tuple(walk(nodes, 0)), unrolled


def warning(file: str, pos: SourcePos, message: str) -> str:
    """A conversion warning, one line, in the compiler's `FILE:LINE:COL: warning: ...` form."""
    return Problem(file, pos, message, severity=Severity.WARNING).format()


# ---- the walk ----------------------------------------------------------------


def _chosen_counts(workout: Workout, plan: Plan) -> dict[int, int]:
    """Repetitions per ranged repeat (by identity), as the compiler chose them: file order, outer first."""
    ranged: list[Repeat] = []

    def walk(blocks: Sequence[Block]) -> None:
        for block in blocks:
            if isinstance(block, Repeat):
                if block.count.is_range and all(block is not seen for seen in ranged):
                    ranged.append(block)
                walk(block.steps)

    walk(workout.steps)
    return {id(repeat): count for repeat, count in zip(ranged, plan.reps, strict=False)}


class _Walker:
    def __init__(self, segments: Sequence[Segment], counts: Mapping[int, int]) -> None:
        self.segments = segments
        self.counts = counts
        self.next = 0
        self.unrolled: list[Unrolled] = []

    def take(self) -> Segment:
        segment = self.segments[self.next]
        self.next += 1
        return segment

    def blocks(self, blocks: Sequence[Block], last_rep: bool | None) -> list[Node]:
        out: list[Node] = []
        for block in blocks:
            if isinstance(block, Repeat):
                out.extend(self.repeat(block))
            elif not (last_rep and block.last == SKIP):
                out.append(Item(self.take(), block.pos, _reps(block, last_rep)))
        return out

    def repeat(self, repeat: Repeat) -> list[Node]:
        times = self.counts.get(id(repeat), repeat.count.low)
        repetitions: list[list[Node]] = []
        for number in range(1, times + 1):
            body = self.blocks(repeat.steps, number == times)
            if body and self.next < len(self.segments):
                following = self.segments[self.next]
                last = _last_segment(body)
                if following.fills_sendoff and last is not None and not last.fills_sendoff:
                    body.append(Item(self.take(), repeat.pos))
            repetitions.append(body)
        return self.fold(repeat, repetitions)

    def fold(self, repeat: Repeat, repetitions: list[list[Node]]) -> list[Node]:
        keys = [_key(body) for body in repetitions]
        if len(repetitions) == 1:
            return repetitions[0]
        if all(key == keys[0] for key in keys):
            return [Loop(len(repetitions), tuple(repetitions[0]), repeat.pos)]
        if all(key == keys[0] for key in keys[:-1]):
            head: list[Node] = (
                [Loop(len(repetitions) - 1, tuple(repetitions[0]), repeat.pos)]
                if len(repetitions) > 2
                else list(repetitions[0])
            )
            return [*head, *repetitions[-1]]
        self.unrolled.append(Unrolled(repeat.pos, len(repetitions), "each repetition differs"))
        return [node for body in repetitions for node in body]


def _reps(step: Step, last_rep: bool | None) -> int | None:
    length = step.length
    if last_rep and isinstance(step.last, Mapping) and "length" in step.last:
        length = step.last["length"]  # type: ignore[assignment]
    return length.reps if isinstance(length, CountLength) else None


def _last_segment(nodes: Sequence[Node]) -> Segment | None:
    if not nodes:
        return None
    last = nodes[-1]
    return last.segment if isinstance(last, Item) else _last_segment(last.body)


def _key(nodes: Sequence[Node]) -> tuple[object, ...]:
    """What must match for two repetitions to be the same: everything but their place in the plan."""
    return tuple(
        (node.count, _key(node.body))
        if isinstance(node, Loop)
        else (
            replace(
                node.segment,
                index=0,
                rep=None,
                rep_number=None,
                rep_count=None,
                set_number=None,
                set_count=None,
                rounds=(),
                sendoff_group=None,
            ),
            node.reps,
        )
        for node in nodes
    )
