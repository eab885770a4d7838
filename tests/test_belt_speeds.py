"""Belt speeds for treadmill steps that name no pace or speed: effort → profile pace, recoveries walk.

The compiler derives them once (`kicktimer.core.belt`), so `kick show`, the
preview, the timer and the belt all read the same `Segment.speed_kmh`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kicktimer.app.devices_feed import belt_targets
from kicktimer.cli import main
from kicktimer.config import ConfigError, load_config
from kicktimer.core.belt import BeltChoices, effort_level
from kicktimer.core.compile import compile_plan
from kicktimer.core.profile import Profile, reference_paces
from kicktimer.core.segments import Plan
from kicktimer.library import load_named_workout
from kicktimer.resources import builtin_sound_names
from kicktimer.workout.loader import load_workout_text
from kicktimer.workout.model import Effort, Environment, StepKind

PROFILE = Profile(units="km", races={"5k": 22 * 60 + 30.0})
PACES = reference_paces(PROFILE)


def kmh(pace_name: str) -> float:
    return round(3600 / PACES[pace_name], 1)


DEFAULTS = BeltChoices()


def hill_sprints(belt: BeltChoices | None = DEFAULTS, profile: Profile = PROFILE) -> Plan:
    workout, _ = load_named_workout("hill-sprints")
    return compile_plan(workout, profile, Environment.TREADMILL, belt=belt)


@pytest.mark.parametrize(
    ("text", "percent", "level"),
    [
        ("max", None, "max"),
        ("All-out", None, "max"),
        ("sprint up the hill", None, "max"),
        ("95%", 95, "max"),
        ("90%", 90, "hard"),
        ("hard", None, "hard"),
        ("fast", None, "hard"),
        ("comfortably hard", None, "tempo"),
        ("85%", 85, "tempo"),
        ("steady, faster than the first half", None, "steady"),
        ("easy", None, "easy"),
        ("60%", 60, "easy"),
        ("hardly moving", None, None),
        ("maximal", None, None),
        ("a touch under pace", None, None),
        ("as fast as you can sustain", None, None),
    ],
)
def test_an_effort_reads_as_a_level(text: str, percent: float | None, level: str | None) -> None:
    assert effort_level(Effort(text, percent)) == level


def test_hill_sprints_speed_up_for_each_sprint_and_walk_each_recovery() -> None:
    plan = hill_sprints()
    by_kind = {segment.kind: segment for segment in plan.segments}
    sprints = [s for s in plan.segments if s.kind is StepKind.RUN]
    recoveries = [s for s in plan.segments if s.kind is StepKind.RECOVER]
    assert len(sprints) == 5 and len(recoveries) == 4
    for sprint in sprints:
        assert (sprint.speed_kmh, sprint.speed_from) == (kmh("mile"), "mile pace")
        assert (sprint.incline_pct, sprint.incline_max_pct) == (5, 10)  # the range's low end on the belt
        assert sprint.pace_s_per_km is None  # a belt speed, not a pace target: the effort is still max
    for recovery in recoveries:
        assert (recovery.speed_kmh, recovery.speed_from, recovery.incline_pct) == (5.0, "walk", 0.0)
    for kind in (StepKind.WARMUP, StepKind.COOLDOWN):
        step = by_kind[kind]
        assert (step.speed_kmh, step.speed_from, step.incline_pct) == (kmh("easy"), "easy pace", 0.0)
    assert set(plan.paces_used) == {"mile", "easy"}
    assert plan.warnings == ()


def test_a_derived_speed_is_capped_by_max_speed() -> None:
    plan = hill_sprints(BeltChoices(max_kmh=12.5))
    sprint = next(s for s in plan.segments if s.kind is StepKind.RUN)
    assert kmh("mile") > 12.5
    assert (sprint.speed_kmh, sprint.speed_from) == (12.5, "mile pace, capped")


def test_the_levels_paces_can_be_chosen_or_turned_off() -> None:
    chosen = hill_sprints(BeltChoices(effort_paces={"max": "3k", "easy": "marathon"}))
    assert chosen.segments[1].speed_kmh == kmh("3k")
    assert chosen.segments[0].speed_kmh == kmh("marathon")
    off = hill_sprints(BeltChoices(effort_paces=None))
    sprint = off.segments[1]
    assert (sprint.speed_kmh, sprint.incline_pct) == (None, 5)  # the runner sets the speed
    assert off.segments[0].speed_kmh is None
    assert off.segments[2].speed_kmh == 5.0  # recoveries still walk


def test_without_a_race_there_is_one_warning_and_no_effort_speed() -> None:
    plan = hill_sprints(profile=Profile())
    assert [s.speed_kmh for s in plan.segments[:3]] == [None, None, 5.0]
    (warning,) = plan.warnings
    assert "no belt speed for steps with only an effort" in warning
    assert "kick profile set 5k 22:30" in warning


def test_a_written_pace_or_speed_wins_and_other_places_get_no_belt_speed() -> None:
    text = (
        "name: Mixed\nsteps:\n  - warmup: 5min\n    speed: 9 km/h\n  - run: 1min\n    effort: max\n"
        "    pace: 5k\n  - recover: 1min\n    effort: hard\n"
    )
    workout = load_workout_text(text, "w.yaml", sounds=builtin_sound_names()).workout
    plan = compile_plan(workout, PROFILE, Environment.TREADMILL, belt=BeltChoices())
    warmup, run, recover = plan.segments
    assert (warmup.speed_kmh, warmup.speed_from, warmup.incline_pct) == (9.0, None, None)
    assert run.speed_kmh == pytest.approx(3600 / PACES["5k"]) and run.speed_from is None
    assert (recover.speed_kmh, recover.speed_from) == (kmh("5k"), "5k pace")  # its effort, not a walk
    track = compile_plan(workout, PROFILE, Environment.TRACK, belt=BeltChoices())
    assert track.segments[2].speed_kmh is None


def test_config_chooses_the_effort_paces(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[treadmill]\nmax_speed_kmh = 16\neffort_paces = { max = "3k" }\n', encoding="utf-8")
    choices = load_config(path).devices.treadmill_settings.belt_choices
    assert choices.max_kmh == 16 and choices.effort_paces is not None
    assert dict(choices.effort_paces)["max"] == "3k" and dict(choices.effort_paces)["easy"] == "easy"
    path.write_text("[treadmill]\neffort_paces = false\n", encoding="utf-8")
    assert load_config(path).devices.treadmill_settings.belt_choices.effort_paces is None
    path.write_text('[treadmill]\neffort_paces = { max = "warp" }\n', encoding="utf-8")
    with pytest.raises(ConfigError) as bad:
        load_config(path)
    assert str(bad.value) == (
        f"{path}:2:1: effort_paces.max must be one of easy, marathon, half, threshold, 10k, 5k, 3k, mile,"
        " not 'warp'"
    )


def test_kick_show_prints_the_speed_the_belt_gets(
    kick_dirs: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kick_dirs / "config").mkdir()
    (kick_dirs / "config" / "config.toml").write_text('[races]\n5k = "22:30"\n', encoding="utf-8")
    assert main(["show", "hill-sprints", "--where", "treadmill", "--json"]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    sprint = segments[1]
    assert (sprint["speed_kmh"], sprint["speed_from"], sprint["incline_pct"]) == (
        kmh("mile"),
        "mile pace",
        5,
    )
    assert (segments[2]["speed_kmh"], segments[2]["speed_from"]) == (5.0, "walk")


@pytest.mark.parametrize(
    ("choice", "incline", "shown_max"), [("low", 5, 10), ("middle", 7.5, 7.5), ("high", 10, 10)]
)
def test_an_incline_range_runs_where_the_runner_chose(choice: str, incline: float, shown_max: float) -> None:
    """`5-10%` on the belt: its low end unless `[treadmill] incline_range` says middle or high."""
    plan = hill_sprints(BeltChoices(incline_range=choice))  # type: ignore[arg-type]
    sprint = plan.segments[1]
    assert belt_targets(sprint)[1] == incline
    assert (sprint.incline_pct, sprint.incline_max_pct) == (incline, shown_max)


def test_config_chooses_where_an_incline_range_runs(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('[treadmill]\nincline_range = "high"\n', encoding="utf-8")
    assert load_config(path).devices.treadmill_settings.belt_choices.incline_range == "high"
    path.write_text('\n[treadmill]\nincline_range = "steep"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as bad:
        load_config(path)
    assert str(bad.value) == f"""{path}:3:1: incline_range must be "low", "middle" or "high", not 'steep'"""
