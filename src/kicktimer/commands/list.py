"""`kick list [--json]`: the built-in workouts and the user's own, with planned times.

The planned time is the compiled plan's total at the low end of any rep
range. A workout that lets the user choose where to run is planned as on a
track; one that needs a reference pace the profile lacks shows "—" (JSON:
null) rather than a guess; lap-key steps with no target make the time a
lower bound, shown with a "+" (JSON: `planned_is_minimum`).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kicktimer.config import Config
    from kicktimer.library import WorkoutEntry
    from kicktimer.workout.model import Workout

NO_TIME = "—"
# Every step waits for the lap key with no target: there is no time to plan.
LAP_KEY_ONLY = "laps"


@dataclass(frozen=True)
class PlannedTime:
    """A workout's planned total: None when it cannot be planned without more from the profile."""

    seconds: float | None
    is_minimum: bool = False


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the list as JSON")
    parser.epilog = (
        "Your own workouts go in $KICK_CONFIG_DIR/workouts/ (see `kick profile` for the directory). "
        "Name any workout by its slug or name: `kick show strides`."
    )


def run(args: argparse.Namespace) -> int:
    from kicktimer.config import ConfigError, load_config, print_warnings
    from kicktimer.library import list_workouts

    try:
        config = load_config()
        print_warnings(config)
    except ConfigError as error:
        print(error.problem.format(), file=sys.stderr)
        return 2
    entries = list_workouts()
    times = {entry.path: planned_time(entry.workout, config) for entry in entries}
    if args.json:
        rows = [_json_row(entry, times[entry.path]) for entry in entries]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        _print_table(entries, times)
    return 0


def planned_time(workout: Workout | None, config: Config) -> PlannedTime:
    """The plan's total time as `kick show` computes it, at the default choices."""
    if workout is None:
        return PlannedTime(None)
    from kicktimer.core.compile import compile_plan
    from kicktimer.errors import WorkoutError
    from kicktimer.workout.model import Environment

    where = Environment.TRACK if workout.needs_a_place() else workout.environment
    try:
        # Cues never change a plan's length, so the bare compiled plan is enough here.
        plan = compile_plan(workout, config.profile, where, None)
    except WorkoutError:
        return PlannedTime(None)
    unknown = plan.has_unknown_length
    return PlannedTime(plan.total_time_s, is_minimum=unknown)


def format_planned(time: PlannedTime) -> str:
    from kicktimer.workout.quantities import format_clock

    if time.seconds is None:
        return NO_TIME
    if time.is_minimum and time.seconds == 0:
        return LAP_KEY_ONLY
    return format_clock(time.seconds) + ("+" if time.is_minimum else "")


def _json_row(entry: WorkoutEntry, time: PlannedTime) -> dict[str, Any]:
    return {
        "slug": entry.slug,
        "name": entry.name,
        "summary": entry.summary,
        "tags": list(entry.tags),
        "builtin": entry.builtin,
        "path": str(entry.path),
        "environment": entry.workout.environment.value if entry.workout is not None else None,
        "planned_s": None if time.seconds is None else round(time.seconds, 1),
        "planned_is_minimum": time.is_minimum,
        "error": entry.error,
    }


def _print_table(entries: list[WorkoutEntry], times: dict[Any, PlannedTime]) -> None:
    from rich.table import Table
    from rich.text import Text

    from kicktimer.text import console as plain_console
    from kicktimer.text import plain

    console = plain_console()
    # Tags and summaries only where they fit; on a narrow terminal a folded
    # summary column makes every row ten lines tall.
    wide = console.width >= 120
    table = Table(title="Workouts", title_justify="left", show_lines=False)
    table.add_column("Name", style="bold", overflow="fold")
    table.add_column("Slug", style="cyan", no_wrap=True)
    table.add_column("Time", justify="right", no_wrap=True)
    table.add_column("From", no_wrap=True)
    if wide:
        table.add_column("Tags", style="magenta", overflow="fold")
        table.add_column("Summary", overflow="fold")
    for entry in entries:
        cells: list[str | Text] = [
            plain(entry.name),
            plain(entry.slug),
            format_planned(times[entry.path]),
            "built-in" if entry.builtin else "yours",
        ]
        if wide:
            summary = plain(entry.error, "red") if entry.error else plain(entry.summary or "")
            cells += [plain(", ".join(entry.tags)), summary]
        elif entry.error:
            cells[0] = plain(f"{entry.name}: {entry.error}", "red")
        table.add_row(*cells)
    console.print(table)
    shown = {format_planned(times[entry.path]) for entry in entries}
    if NO_TIME in shown:
        console.print(
            f"{NO_TIME} cannot be planned yet: `kick show SLUG` says why (often: kick profile set 5k 22:30)",
            style="dim",
            highlight=False,
        )
    if LAP_KEY_ONLY in shown or any(text.endswith("+") for text in shown):
        console.print(
            f"+ some steps wait for the lap key with no target time ({LAP_KEY_ONLY}: all of them)",
            style="dim",
            highlight=False,
        )
