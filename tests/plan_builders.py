"""Plans built straight from Segments (no workout file, no compiler), for every test that needs one.

One kit for the engine, app and coach tests: a step is `timed` (ends by
itself) or a `lap_step` (waits for the lap key); `plan_of` numbers the steps
into a Plan. The coach tests' shapes (`distance_rep`, `reps_with_recovery`,
`sendoff_reps`) number their reps too, as the compiler does; `track_intervals`
is the app tests' usual session.
"""

from __future__ import annotations

from dataclasses import replace

from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.workout.model import Environment, StepKind


def timed(label: str, seconds: float, kind: StepKind = StepKind.RUN, **fields: object) -> Segment:
    """A step that ends by itself after `seconds`."""
    return Segment(index=0, kind=kind, label=label, duration_s=seconds, **fields)  # type: ignore[arg-type]


def lap_step(
    label: str, target_s: float | None = None, kind: StepKind = StepKind.RUN, **fields: object
) -> Segment:
    """A step that waits for the lap key, with an optional target split."""
    return Segment(index=0, kind=kind, label=label, duration_s=None, target_s=target_s, **fields)  # type: ignore[arg-type]


def cue(offset_s: float, text: str) -> PlannedCue:
    return PlannedCue(offset_s=offset_s, text=text)


def plan_of(
    *segments: Segment, name: str = "test", environment: Environment = Environment.TRACK, countdown: int = 3
) -> Plan:
    """A plan whose segments are numbered in order."""
    numbered = tuple(replace(segment, index=i) for i, segment in enumerate(segments))
    return Plan(name=name, environment=environment, segments=numbered, countdown=countdown)


def sendoff_segments(
    count: int,
    every_s: float,
    work: Segment,
    recovery_estimate_s: float | None = None,
    first_group: int = 1,
) -> list[Segment]:
    """`count` repetitions of work + recovery on an `every` clock; the last has no recovery.

    Each repetition but the last is its own send-off group, as the compiler makes them.
    """
    segments: list[Segment] = []
    for rep in range(count):
        if rep == count - 1:
            segments.append(replace(work, rep=f"Rep {rep + 1}/{count}"))
            break
        group = first_group + rep
        segments.append(replace(work, sendoff_group=group, sendoff_s=every_s, rep=f"Rep {rep + 1}/{count}"))
        segments.append(
            Segment(
                index=0,
                kind=StepKind.RECOVER,
                label="Recover",
                duration_s=recovery_estimate_s,
                sendoff_group=group,
                sendoff_s=every_s,
                fills_sendoff=True,
            )
        )
    return segments


def track_intervals(reps: int = 3) -> Plan:
    """Warm-up 60 s, then `reps` × (400 m on the lap key, target 90 s; recover 60 s), cool-down 60 s."""
    segments: list[Segment] = [timed("Warm-up 1:00", 60, StepKind.WARMUP)]
    for rep in range(1, reps + 1):
        segments.append(
            lap_step(
                "Run 400 m",
                90.0,
                distance_m=400.0,
                rep_number=rep,
                rep_count=reps,
                rep=f"{rep}/{reps}",
                pace_s_per_km=225.0,
                all_out=rep == reps,
                cues=(cue(0, "Relax your shoulders."),),
            )
        )
        if rep < reps:
            segments.append(timed("Recover 1:00", 60, StepKind.RECOVER, rep_number=rep, rep_count=reps))
    segments.append(timed("Cool-down 1:00", 60, StepKind.COOLDOWN))
    return plan_of(*segments, name="3 × 400 m")


# ---- coach mode: distance reps split per athlete -------------------------------


def distance_rep(metres: float = 400, target_s: float | None = 80.0, **extra: object) -> Segment:
    """A distance rep on the track: waits for the lap key."""
    return lap_step(f"Run {metres:g} m", target_s, distance_m=metres, **extra)


def recover(seconds: float | None, **extra: object) -> Segment:
    return Segment(index=0, kind=StepKind.RECOVER, label="Recover", duration_s=seconds, **extra)  # type: ignore[arg-type]


def warmup(seconds: float) -> Segment:
    return timed("Warm up", seconds, StepKind.WARMUP)


def rep_plan(*segments: Segment) -> Plan:
    """Numbers the segments, and the runs as reps ("2/3"), in order; no countdown."""
    runs = sum(1 for s in segments if s.kind is StepKind.RUN)
    numbered: list[Segment] = []
    rep = 0
    for segment in segments:
        if segment.kind is StepKind.RUN:
            rep += 1
            segment = replace(segment, rep=f"{rep}/{runs}", rep_number=rep, rep_count=runs)
        numbered.append(segment)
    return plan_of(*numbered, name="Test", countdown=0)


def reps_with_recovery(count: int, recovery_s: float = 60.0, target_s: float | None = 80.0) -> Plan:
    """count × (400 m, recovery); no recovery after the last rep."""
    segments: list[Segment] = []
    for i in range(count):
        segments.append(distance_rep(target_s=target_s))
        if i < count - 1:
            segments.append(recover(recovery_s))
    return rep_plan(*segments)


def sendoff_reps(count: int, every_s: float, target_s: float | None = 80.0) -> Plan:
    """count × 400 m every `every_s`: each repetition but the last is (run, recovery until the send-off)."""
    segments: list[Segment] = []
    for i in range(count):
        if i < count - 1:
            segments.append(distance_rep(target_s=target_s, sendoff_group=1, sendoff_s=every_s))
            segments.append(recover(None, sendoff_group=1, sendoff_s=every_s, fills_sendoff=True))
        else:
            segments.append(distance_rep(target_s=target_s))
    return rep_plan(*segments)


# Three sets of four 300 m reps with a rest after each set: a nested repeat whose outer
# repeat has a step of its own, read as sets by the screens, the voice and the history.
NESTED = """\
name: Three sets of four
environment: track
steps:
  - repeat: 3
    steps:
      - repeat: 4
        steps:
          - run: 300m
            effort: hard
          - recover: 1min
      - rest: 3min
"""

# A repeat in a repeat in a repeat: 2 rounds × 3 sets × 2 reps, a recovery after each set,
# a rest after each round.
THREE_DEEP = """\
name: Two rounds of three sets
environment: track
steps:
  - repeat: 2
    steps:
      - repeat: 3
        steps:
          - repeat: 2
            steps:
              - run: 200m
              - rest: 15s
          - recover: 1min
      - rest: 2min
"""


TEN_THOUSAND = """\
name: Ten thousand
steps:
  - warmup: 5min
  - repeat: 10
    steps:
      - repeat: 10
        steps:
          - repeat: 49
            steps:
              - run: 5s
                effort: hard
              - recover: 5s
  - cooldown: 5min
"""
"""9,802 steps, three repeats deep: bench/startup.py's long plan (the first frame, the plan's memory)."""
