"""Built-in cues land at sensible moments, and no two cues ever talk over each other."""

from __future__ import annotations

import dataclasses
import itertools
from importlib.resources import files

from hypothesis import given, settings
from hypothesis import strategies as st

from kicktimer.core.announce import step_phrase
from kicktimer.core.cue_library import CueKind, CueLibrary, Fit, parse_cue_file
from kicktimer.core.cue_schedule import MIN_GAP_S, arrange_cues, cue_seconds, sound_seconds, speech_seconds
from kicktimer.core.segments import Plan, PlannedCue, Segment
from kicktimer.workout.model import CueSettings, Environment, StepKind

LIBRARY = CueLibrary.combine(
    parse_cue_file((files("kicktimer") / "data" / "cues.yaml").read_bytes(), "cues.yaml", builtin=True)
)
BY_TEXT = {cue.text: cue for cue in LIBRARY.entries}
SEED_ORIGINS = {cue.origin for cue in LIBRARY.entries}


def intervals(
    warmup_s: float = 600.0,
    reps: int = 8,
    rep_s: float | None = 90.0,
    target_s: float | None = None,
    recovery_s: float = 120.0,
    rep_cues: tuple[PlannedCue, ...] = (),
    final_cues: tuple[PlannedCue, ...] = (),
) -> Plan:
    """Warm-up, `reps` × (run 400 m + recovery, none after the last), cool-down."""
    segments = [Segment(0, StepKind.WARMUP, "Warm-up", warmup_s)]
    for number in range(1, reps + 1):
        final = number == reps
        segments.append(
            Segment(
                len(segments),
                StepKind.RUN,
                "Run 400 m",
                rep_s,
                distance_m=400.0,
                target_s=target_s,
                rep=f"Rep {number}/{reps}",
                rep_number=number,
                rep_count=reps,
                all_out=final,
                cues=rep_cues + (final_cues if final else ()),
            )
        )
        if not final:
            segments.append(
                Segment(
                    len(segments),
                    StepKind.RECOVER,
                    "Recover",
                    recovery_s,
                    rep=f"Rep {number}/{reps}",
                    rep_number=number,
                    rep_count=reps,
                )
            )
    segments.append(Segment(len(segments), StepKind.COOLDOWN, "Cool-down", 600.0))
    return Plan("test", Environment.TREADMILL, tuple(segments))


def builtins(segment: Segment) -> list[PlannedCue]:
    return [c for c in segment.cues if c.origin != "workout"]


def fits_of(cue: PlannedCue) -> tuple[Fit, ...]:
    assert cue.text is not None
    return BY_TEXT[cue.text].fits


# ---- sensible moments --------------------------------------------------------------


def test_final_rep_cue_comes_just_before_the_final_rep() -> None:
    plan = arrange_cues(intervals(), CueSettings(), LIBRARY)
    final_index = next(i for i, s in enumerate(plan.segments) if s.rep == "Rep 8/8")
    before = plan.segments[final_index - 1]
    final_cues = [c for s in plan.segments for c in builtins(s) if Fit.FINAL_REP in fits_of(c)]
    assert len(final_cues) == 1
    assert final_cues[0] in before.cues
    assert before.duration_s is not None
    assert final_cues[0].offset_s + cue_seconds(final_cues[0]) <= before.duration_s - plan.countdown


def test_every_hard_rep_hears_a_cue_in_its_closing_part() -> None:
    plan = arrange_cues(intervals(), CueSettings(), LIBRARY)
    runs = [s for s in plan.segments if s.is_work]
    for run in runs:
        assert run.duration_s is not None
        closing = [c for c in builtins(run) if c.offset_s >= run.duration_s / 2]
        assert len(closing) == 1, run.rep
        cue = closing[0]
        assert Fit.CLOSING in fits_of(cue)
        kind = BY_TEXT[cue.text or ""].kind
        if run.rep == "Rep 8/8":
            assert kind in (CueKind.FOCUS, CueKind.MANTRA)
        else:
            assert kind is CueKind.FORM
    texts = [c.text for run in runs[:-1] for c in builtins(run)]
    assert len(set(texts)) >= 5, "the form cues rotate rather than repeat"


def test_closing_cue_aims_at_the_last_hundred_metres() -> None:
    plan = arrange_cues(intervals(rep_s=100.0), CueSettings(), LIBRARY)
    first_rep = next(s for s in plan.segments if s.is_work)
    (cue,) = builtins(first_rep)
    assert cue.offset_s == 75.0


def test_track_reps_without_a_clock_use_their_target_time() -> None:
    plan = arrange_cues(intervals(rep_s=None, target_s=80.0), CueSettings(), LIBRARY)
    for run in (s for s in plan.segments if s.is_work):
        (cue,) = [c for c in builtins(run) if c.offset_s > 40]
        assert cue.offset_s + cue_seconds(cue) <= 80.0


def test_warm_up_ends_with_a_before_start_cue() -> None:
    plan = arrange_cues(intervals(), CueSettings(), LIBRARY)
    (cue,) = builtins(plan.segments[0])
    assert Fit.BEFORE_START in fits_of(cue)
    assert 300.0 <= cue.offset_s <= 600.0 - plan.countdown - cue_seconds(cue)


def test_long_efforts_hear_mantras_in_their_second_half() -> None:
    tempo = Segment(0, StepKind.RUN, "Tempo 20:00", 1200.0)
    plan = arrange_cues(Plan("tempo", Environment.ROAD, (tempo,)), CueSettings(), LIBRARY)
    second_half = [c for c in plan.segments[0].cues if Fit.SECOND_HALF in fits_of(c)]
    assert len(second_half) >= 2
    assert all(600.0 <= c.offset_s <= 1200.0 for c in second_half)
    assert len({c.text for c in second_half}) == len(second_half)


def test_short_efforts_hear_no_second_half_mantra() -> None:
    plan = arrange_cues(intervals(rep_s=60.0), CueSettings(), LIBRARY)
    for run in (s for s in plan.segments if s.is_work):
        assert all(Fit.SECOND_HALF not in fits_of(c) or Fit.CLOSING in fits_of(c) for c in builtins(run))


def test_the_first_recovery_carries_a_recovery_cue() -> None:
    plan = arrange_cues(intervals(), CueSettings(), LIBRARY)
    recoveries = [s for s in plan.segments if s.kind is StepKind.RECOVER]
    assert [Fit.RECOVERY in fits_of(c) for c in builtins(recoveries[0])] == [True]
    assert all(Fit.RECOVERY not in fits_of(c) for r in recoveries[1:] for c in builtins(r))


def test_builtin_cues_name_their_seed() -> None:
    plan = arrange_cues(intervals(), CueSettings(), LIBRARY)
    added = [c for s in plan.segments for c in builtins(s)]
    assert added
    assert {c.origin for c in added} <= SEED_ORIGINS
    assert all(c.origin.endswith(".txt") for c in added)


def test_final_rep_cue_after_an_open_walk_back_comes_as_the_walk_begins() -> None:
    stride = {"kind": StepKind.RUN, "label": "Stride", "duration_s": None, "target_s": 20.0, "rep_count": 3}
    segments: list[Segment] = []
    for number in (1, 2, 3):
        segments.append(Segment(len(segments), rep_number=number, rep=f"{number}/3", **stride))  # type: ignore[arg-type]
        if number < 3:
            segments.append(Segment(len(segments), StepKind.RECOVER, "Walk back", None, rep_number=number))
    plan = arrange_cues(Plan("strides", Environment.ROAD, tuple(segments)), CueSettings(), LIBRARY)
    walk_back = plan.segments[3]
    (cue,) = [c for c in builtins(walk_back) if Fit.FINAL_REP in fits_of(c)]
    assert cue.offset_s < 8.0


def test_back_to_back_reps_hear_the_final_rep_cue_at_once_or_not_at_all() -> None:
    segments = tuple(
        Segment(i, StepKind.RUN, "Hill sprint", 30.0, rep_number=i + 1, rep_count=4, rep=f"{i + 1}/4")
        for i in range(4)
    )
    plan = arrange_cues(Plan("hills", Environment.ROAD, segments), CueSettings(), LIBRARY)
    final_cues = [c for c in builtins(plan.segments[-1]) if Fit.FINAL_REP in fits_of(c)]
    assert len(final_cues) == 1 and final_cues[0].offset_s < 6.0
    crowded = tuple(
        dataclasses.replace(s, cues=(PlannedCue(0.0, text="Run as fast as you can uphill.", priority=50),))
        for s in segments
    )
    plan = arrange_cues(Plan("hills", Environment.ROAD, crowded), CueSettings(), LIBRARY)
    assert all(Fit.FINAL_REP not in fits_of(c) for c in builtins(plan.segments[-1]))


def test_an_effort_that_goes_on_into_the_next_step_has_no_closing_cue_yet() -> None:
    halves = (
        Segment(0, StepKind.RUN, "First half", 600.0),
        Segment(1, StepKind.RUN, "Second half", 600.0),
    )
    plan = arrange_cues(Plan("negative split", Environment.ROAD, halves), CueSettings(), LIBRARY)
    first, second = plan.segments
    assert all(c.offset_s < 600.0 * 0.9 for c in first.cues)
    assert any(c.offset_s > 600.0 * 0.9 and Fit.CLOSING in fits_of(c) for c in second.cues)


# ---- the workout's own words --------------------------------------------------------


def test_workout_cue_at_the_closing_moment_outranks_the_builtin() -> None:
    drive = PlannedCue(67.5, text="Drive with your arms!", priority=50)
    plan = arrange_cues(intervals(rep_cues=(drive,)), CueSettings(), LIBRARY)
    for run in (s for s in plan.segments if s.is_work):
        assert drive in run.cues
        assert all(c.offset_s < run.duration_s / 2 for c in builtins(run))  # type: ignore[operator]


def test_a_final_rep_that_speaks_for_itself_gets_no_builtin_final_rep_cue() -> None:
    go = PlannedCue(0.0, text="It's go time. Everything you've got.", priority=50)
    plan = arrange_cues(intervals(final_cues=(go,)), CueSettings(), LIBRARY)
    added = [c for s in plan.segments for c in builtins(s) if Fit.FINAL_REP in fits_of(c)]
    assert added == []
    final = next(s for s in plan.segments if s.rep == "Rep 8/8")
    assert [c.text for c in final.cues if c.origin == "workout"] == [go.text]


def test_workout_cues_never_give_way_to_builtins() -> None:
    crowd = tuple(PlannedCue(float(t), text="Hold the pace here.", priority=1) for t in range(10, 80, 4))
    plan = arrange_cues(intervals(rep_cues=crowd), CueSettings(), LIBRARY)
    for run in (s for s in plan.segments if s.is_work):
        kept = [c for c in run.cues if c.origin == "workout"]
        assert len(kept) == len(crowd)


def test_workout_cues_said_together_are_spaced_and_the_surplus_is_dropped_with_a_warning() -> None:
    words = ("Relax your shoulders.", "Settle.", "Breathe.", "Light feet.", "Tall.", "Quick.", "Now.")
    crowd = tuple(PlannedCue(30.0, text=w, priority=50 - i) for i, w in enumerate(words))
    plan = arrange_cues(intervals(reps=2, rep_cues=crowd), CueSettings(defaults=False), LIBRARY)
    first = next(s for s in plan.segments if s.is_work)
    kept = [c.text for c in first.cues]
    assert "Relax your shoulders." in kept
    assert 1 < len(kept) < len(words)
    (warning,) = [w for w in plan.warnings if "Now." in w]
    assert warning == 'Run 400 m: cue "Now." left out of 2 repetitions: it would talk over another cue'


def test_defaults_false_adds_only_the_workouts_mantras() -> None:
    settings = CueSettings(mantras=("Smooth is fast.",), defaults=False)
    plan = arrange_cues(intervals(), settings, LIBRARY)
    added = {c.text for s in plan.segments for c in s.cues}
    assert added == {"Smooth is fast."}
    assert arrange_cues(intervals(), CueSettings(defaults=False), LIBRARY).segments == intervals().segments


def test_workout_mantras_join_the_rotation_first() -> None:
    tempo = Segment(0, StepKind.RUN, "Tempo 20:00", 1200.0)
    settings = CueSettings(mantras=("Smooth is fast.",))
    plan = arrange_cues(Plan("tempo", Environment.ROAD, (tempo,)), settings, LIBRARY)
    later = [c for c in plan.segments[0].cues if c.offset_s >= 600]
    assert later[0].text == "Smooth is fast." and later[0].origin == "workout"


def test_arranging_is_deterministic() -> None:
    once = arrange_cues(intervals(), CueSettings(), LIBRARY)
    assert once == arrange_cues(intervals(), CueSettings(), LIBRARY)


def test_an_empty_library_adds_nothing_but_still_spaces() -> None:
    a = PlannedCue(10.0, text="One two three four five six", priority=50)
    b = PlannedCue(10.0, text="Seven", priority=40)
    plan = arrange_cues(intervals(reps=2, rep_cues=(a, b)), CueSettings(), CueLibrary())
    run = next(s for s in plan.segments if s.is_work)
    first, second = run.cues
    assert (
        next(c for c in run.cues if c.text == a.text).offset_s == 10.0
    )  # the higher priority keeps its moment
    assert second.offset_s >= first.offset_s + cue_seconds(first) + MIN_GAP_S - 1e-6


def test_a_start_cue_waits_for_exactly_the_announcement_the_runner_hears() -> None:
    """The room kept at a step's start is the spoken phrase itself, not a guess from the label."""
    rep = Segment(
        0,
        StepKind.RUN,
        "Run 400 metres up the long hill by the old church and back down again",
        90.0,
        distance_m=400.0,
        rep="Rep 1/8",
        rep_number=1,
        rep_count=8,
        pace_name="mile",
        cues=(PlannedCue(0.0, text="Go!", priority=50),),
    )
    alone = Plan("test", Environment.TREADMILL, (rep,))
    plan = arrange_cues(alone, CueSettings(defaults=False), CueLibrary())
    (go,) = plan.segments[0].cues
    assert step_phrase(rep) == "Rep 1 of 8, 400 metres, mile pace"
    assert go.offset_s == speech_seconds(step_phrase(rep)) + MIN_GAP_S


# ---- never talking over each other --------------------------------------------------

_KINDS = [StepKind.WARMUP, StepKind.RUN, StepKind.RECOVER, StepKind.REST, StepKind.COOLDOWN]


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    segments = []
    count = draw(st.integers(1, 8))
    for index in range(count):
        kind = draw(st.sampled_from(_KINDS))
        timed = draw(st.booleans())
        length = draw(st.floats(5.0, 900.0))
        cues = tuple(
            PlannedCue(
                draw(st.floats(0.0, length)),
                text=draw(
                    st.sampled_from(["Go.", "Hold your form now.", "Relax the shoulders and breathe out."])
                ),
                sound=draw(st.sampled_from([None, "bell", "beep"])),
                priority=draw(st.integers(0, 100)),
            )
            for _ in range(draw(st.integers(0, 4)))
        )
        rep_count = draw(st.sampled_from([None, 2, 4]))
        segments.append(
            Segment(
                index,
                kind,
                f"{kind.value} {index}",
                length if timed else None,
                distance_m=draw(st.sampled_from([None, 200.0, 400.0, 1000.0])),
                target_s=None if timed else draw(st.sampled_from([None, length])),
                rep_number=draw(st.integers(1, rep_count)) if rep_count else None,
                rep_count=rep_count,
                cues=cues,
            )
        )
    return Plan("random", Environment.TRACK, tuple(segments), countdown=draw(st.integers(0, 5)))


@settings(max_examples=150, deadline=None)
@given(plans(), st.booleans())
def test_no_two_cues_overlap_and_none_cover_a_countdown_beep(plan: Plan, defaults: bool) -> None:
    arranged = arrange_cues(plan, CueSettings(defaults=defaults, mantras=("Mine.",)), LIBRARY)
    clock = 0.0
    spans: list[tuple[float, float]] = []
    for segment in arranged.segments:
        length = segment.duration_s if segment.duration_s is not None else segment.target_s
        for cue in segment.cues:
            assert cue.offset_s >= 0
            if length is not None:
                assert cue.offset_s <= length + 1e-6
            spans.append((clock + cue.offset_s, clock + cue.offset_s + cue_seconds(cue)))
            if segment.duration_s is not None:
                for k in range(arranged.countdown, segment.beeps_left_out, -1):
                    if k < segment.duration_s:  # this beep sounds: no cue is heard over it
                        beep = segment.duration_s - k
                        assert (
                            cue.offset_s + cue_seconds(cue) + MIN_GAP_S <= beep + 1e-6
                            or cue.offset_s >= beep + sound_seconds("beep") + MIN_GAP_S - 1e-6
                        )
        clock += length if length is not None else 1e7
    spans.sort()
    for (_, end), (begin, _) in itertools.pairwise(spans):
        assert begin >= end + MIN_GAP_S - 1e-6
    own = sum(1 for s in arranged.segments for c in s.cues if c.origin == "workout" and c.text != "Mine.")
    if own < sum(len(s.cues) for s in plan.segments):
        assert any("left out" in w for w in arranged.warnings)
