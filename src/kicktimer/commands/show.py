"""`kick show WORKOUT [--where track|treadmill|road] [--reps N] [--json]`: the plan, step by step.

Shows exactly what `kick run` would time: every segment with its length,
target, pace, belt speed, effort and cues, and the totals. `--json` prints
the plan for scripts:

    {"name", "segments": [{"kind", "label", "duration_s", "distance_m", "count",
      "target_s", "pace_s_per_km", "speed_kmh", "incline_pct", "effort", "rep", "set",
      "cues": [{"offset_s", "text", "sound"}]}], "total_time_s", "total_distance_m"}

plus a few extra keys (environment, reps, warnings, ...). `duration_s` is null
for a step that waits for the lap key; `count` is a drill's number of
repetitions (`drill: 20 reps`), null for other steps. A workout that may run
anywhere but has distance steps is shown for a track unless `--where` says
otherwise; the note about that goes to stderr, so the JSON on stdout stays
clean.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from kicktimer.commands.plan_options import add_plan_options

if TYPE_CHECKING:
    from kicktimer.core.segments import Plan, Segment
    from kicktimer.workout.model import Workout
    from kicktimer.workout.quantities import Unit

BAD_INPUT = 2


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workout", metavar="WORKOUT", help="a workout file, or a built-in's name or slug")
    add_plan_options(parser, where_default="the workout's own, else track")
    parser.add_argument("--json", action="store_true", help="print the plan as JSON")
    parser.epilog = "examples:\n  kick show strides\n  kick show 8x400-last-all-out --where treadmill --json"
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def run(args: argparse.Namespace) -> int:
    from kicktimer.config import ConfigError, load_config, print_warnings
    from kicktimer.cues import usable_cue_library
    from kicktimer.errors import WorkoutError
    from kicktimer.library import UnknownWorkout, load_named_workout
    from kicktimer.planning import prepare_plan

    try:
        workout, warnings = load_named_workout(args.workout)
        config = load_config()
        print_warnings(config)
        where = args.where
        if where is None and workout.needs_a_place():
            where = "track"
            print(
                f"kick show: {workout.name} can run anywhere; shown for a track "
                "(--where treadmill or --where road to see it there)",
                file=sys.stderr,
            )
        plan = prepare_plan(workout, where, args.reps, config, usable_cue_library())
    except UnknownWorkout as unknown:
        print(f"kick show: {unknown}", file=sys.stderr)
        return BAD_INPUT
    except (WorkoutError, ConfigError) as error:
        print(str(error), file=sys.stderr)
        return BAD_INPUT
    for warning in (*warnings, *plan.warnings):
        print(warning, file=sys.stderr)
    if args.json:
        import json

        print(json.dumps(plan_json(plan), indent=2, ensure_ascii=False))
    else:
        print_plan(plan, workout, config.profile.units)
    return 0


# ---- JSON -----------------------------------------------------------------------


def _number(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def segment_json(segment: Segment) -> dict[str, Any]:
    """One segment as `kick show --json` prints it."""
    return {
        "index": segment.index,
        "kind": segment.kind.value,
        "label": segment.label,
        "duration_s": _number(segment.duration_s),
        "distance_m": _number(segment.distance_m),
        "count": segment.count,
        "target_s": _number(segment.target_s),
        "pace_s_per_km": _number(segment.pace_s_per_km),
        "speed_kmh": _number(segment.speed_kmh),
        "speed_from": segment.speed_from,
        "incline_pct": _number(segment.incline_pct),
        "incline_max_pct": _number(segment.incline_max_pct),
        "effort": segment.effort,
        "all_out": segment.all_out,
        "activity": segment.activity,
        **_place_json(segment),
        "sendoff_s": _number(segment.sendoff_s),
        "fills_sendoff": segment.fills_sendoff,
        "cues": [
            {"offset_s": _number(cue.offset_s), "text": cue.text, "sound": cue.sound, "origin": cue.origin}
            for cue in segment.cues
        ],
    }


def _place_json(segment: Segment) -> dict[str, str | None]:
    """`rep` and `set`: `1/4` and `2/3` in a nested repeat; a step of the outer repeat itself
    (the rest after each set) has its set and no rep, as the table's `2/3 · –` says."""
    from kicktimer.core.laps import lap_place

    set_of, rep = lap_place(segment)
    return {"rep": rep, "set": set_of}


def plan_json(plan: Plan) -> dict[str, Any]:
    """The whole plan as `kick show --json` prints it."""
    return {
        "name": plan.name,
        "environment": plan.environment.value,
        "reps": list(plan.reps),
        "paces_used": {name: _number(seconds) for name, seconds in plan.paces_used.items()},
        "countdown": plan.countdown,
        "segments": [segment_json(segment) for segment in plan.segments],
        "total_time_s": _number(plan.total_time_s),
        "total_distance_m": _number(plan.total_distance_m),
        "warnings": list(plan.warnings),
    }


# ---- the table --------------------------------------------------------------------


def print_plan(plan: Plan, workout: Workout, units: Unit) -> None:
    """The plan as a Rich table with totals, in the runner's units."""
    from rich.table import Table
    from rich.text import Text

    from kicktimer.core.pace import format_pace, format_speed
    from kicktimer.text import console as plain_console
    from kicktimer.text import plain
    from kicktimer.workout.model import Environment
    from kicktimer.workout.quantities import format_clock, format_distance, format_total_distance

    console = plain_console()
    treadmill = plan.environment is Environment.TREADMILL
    where = "" if plan.environment is Environment.ANY else f" — {plan.environment.value}"
    table = Table(title=plain(f"{plan.name}{where}", "bold"), show_footer=True, expand=False)
    if workout.summary:
        table.caption = plain(workout.summary)
    has = _columns_in_use(plan)
    unknown = plan.has_unknown_length
    total = format_clock(plan.total_time_s) + ("+" if unknown else "")
    if unknown and plan.total_time_s == 0:
        total = "—"
    table.add_column("#", justify="right", style="dim")
    table.add_column("Step", footer="Total", style="bold")
    nested = any(s.set_number is not None or s.rep_is_set for s in plan.segments)
    rounds = max((len(s.rounds) + s.rep_is_round for s in plan.segments), default=0)
    heading = "Round · " * rounds + ("Set · Rep" if nested else "Rep")
    table.add_column(heading, justify="right")
    table.add_column("Time", justify="right", footer=total)
    table.add_column(
        "Distance",
        justify="right",
        footer=format_total_distance(plan.total_distance_m, units) if plan.total_distance_m else "",
    )
    if has["target"]:
        table.add_column("Target", justify="right")
    if has["pace"]:
        table.add_column("Pace", justify="right")
    if treadmill or has["speed"] or has["incline"]:
        table.add_column("Belt" if treadmill else "Speed / incline", justify="right")
    if has["effort"]:
        table.add_column("Effort")
    table.add_column("Cues", overflow="fold")
    for segment in plan.segments:
        row: list[str | Text] = [
            str(segment.index + 1),
            Text(segment.label, style=_KIND_STYLE.get(segment.kind.family, "")),
            _rep_cell(segment),
            _time_cell(segment),
            "" if segment.distance_m is None else format_distance(segment.distance_m),
        ]
        if has["target"]:
            row.append(
                ""
                if segment.target_s is None or not segment.waits_for_lap
                else format_clock(segment.target_s)
            )
        if has["pace"]:
            row.append("" if segment.pace_s_per_km is None else format_pace(segment.pace_s_per_km, units))
        if treadmill or has["speed"] or has["incline"]:
            parts = []
            if segment.speed_kmh is not None:
                parts.append(format_speed(segment.speed_kmh, units))
            if segment.incline_pct is not None:
                parts.append(_incline(segment))
            row.append(" · ".join(parts))
        if has["effort"]:
            row.append(_effort_cell(segment))
        cues = (f"{format_clock(cue.offset_s)} {cue.text or cue.sound}" for cue in segment.cues)
        row.append(plain("\n".join(cues)))
        table.add_row(*row)
    from kicktimer.commands.long_table import print_table

    print_table(console, table)
    if plan.reps:
        console.print(f"Rep counts: {', '.join(str(count) for count in plan.reps)} (change with --reps)")
    if plan.paces_used:
        used = ", ".join(f"{name} {format_pace(seconds, units)}" for name, seconds in plan.paces_used.items())
        console.print(f"Paces from your profile: {used} (kick profile)")


_KIND_STYLE = {"calm": "green", "hot": "red", "cool": "cyan", "distinct": "magenta"}


def _columns_in_use(plan: Plan) -> dict[str, bool]:
    segments = plan.segments
    return {
        "target": any(s.target_s is not None and s.waits_for_lap for s in segments),
        "pace": any(s.pace_s_per_km is not None for s in segments),
        "speed": any(s.speed_kmh is not None for s in segments),
        "incline": any(s.incline_pct is not None for s in segments),
        "effort": any(s.effort is not None for s in segments),
    }


def _time_cell(segment: Segment) -> str:
    from kicktimer.workout.quantities import format_clock

    if segment.fills_sendoff:
        return "" if segment.duration_s is None else f"~{format_clock(segment.duration_s)}"
    if segment.duration_s is None:
        return segment.count_text or "lap"
    return format_clock(segment.duration_s)


def _rep_cell(segment: Segment) -> str:
    """`1/4`, or `2/3 · 1/4` in a nested repeat (set 2 of 3, rep 1 of 4); `2/3 · –` for the set's own step."""
    from kicktimer.core.laps import lap_place, place_text

    return place_text(*lap_place(segment))


def _incline(segment: Segment) -> str:
    low = segment.incline_pct
    high = segment.incline_max_pct
    if high is None or high == low:
        return f"{low:g}%"
    return f"{low:g}–{high:g}%"


def _effort_cell(segment: Segment) -> Any:
    from kicktimer.text import plain

    if segment.effort is None:
        return ""
    if segment.all_out:
        return plain(f"{segment.effort} — ALL-OUT", "bold red")
    return plain(segment.effort)
