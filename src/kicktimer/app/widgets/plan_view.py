"""A workout's compiled plan as the preview shows it: header, choices, segments, totals.

Used twice: beside the picker's list (what the highlighted workout would be
with the default choices) and on the preview screen (with the runner's
choice of reps and environment). It only displays; the screens compile.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from kicktimer.app.display import incline_text, pace_text, speed_text
from kicktimer.app.picking import RunChoice, rep_ranges
from kicktimer.app.view_text import rep_text
from kicktimer.core.segments import Plan, Segment
from kicktimer.errors import Problem
from kicktimer.workout.model import Environment, Workout
from kicktimer.workout.quantities import Unit, format_clock, format_distance, format_total_distance

MAX_ROWS = 400
"""Rows shown in the segments table; the totals always cover the whole plan."""

_COLUMNS = ("#", "Step", "Rep", "Length", "Target", "Cues")


def length_text(segment: Segment) -> str:
    """`2:00`, `400 m · 1:32` (treadmill), `400 m · lap`, `20 reps · lap`, `open · lap`."""
    if segment.distance_m is not None:
        distance = format_distance(segment.distance_m)
        if segment.duration_s is not None:
            return f"{distance} · {format_clock(segment.duration_s)}"
        return f"{distance} · lap"
    if segment.fills_sendoff:
        return "until send-off"
    if segment.duration_s is not None:
        return format_clock(segment.duration_s)
    if segment.count_text is not None:
        return f"{segment.count_text} · lap"
    return "open · lap"


def plan_target_text(segment: Segment, environment: Environment, units: str) -> str:
    parts: list[str] = []
    if segment.all_out:
        parts.append("ALL OUT")
    if segment.pace_s_per_km is not None:
        parts.append(pace_text(segment.pace_s_per_km, units))
    if environment is Environment.TREADMILL and segment.speed_kmh is not None:
        parts.append(speed_text(segment.speed_kmh, units))
    if environment is Environment.TREADMILL and segment.incline_pct is not None:
        parts.append("incline " + incline_text(segment.incline_pct, segment.incline_max_pct))
    if segment.effort and not segment.all_out:
        parts.append(segment.effort)
    if segment.target_s is not None and segment.duration_s is None:
        parts.append(f"split {format_clock(segment.target_s)}")
    return " · ".join(parts)


def totals_text(plan: Plan, units: Unit) -> str:
    work = sum(1 for segment in plan.segments if segment.is_work)
    # A plan whose every step waits for the lap key has no time to add up: "—", as `kick show` says.
    parts = [f"Total {format_clock(plan.total_time_s) if plan.total_time_s > 0 else '—'}"]
    if plan.total_distance_m:
        parts.append(format_total_distance(plan.total_distance_m, units))
    parts.append(f"{len(plan.segments)} steps, {work} work")
    if plan.has_unknown_length:
        parts.append("plus open steps")
    return " · ".join(parts)


def choice_text(workout: Workout, choice: RunChoice, *, keys: bool) -> str:
    """`Reps ‹ 8 › (8–12, ←/→) · Where: track (w changes)`; empty when there is nothing to choose.

    With several rep ranges each is listed and the one ←/→ change is in ‹ ›
    (`r` moves on). `keys` names the keys (on the preview, not beside the picker).
    """
    parts: list[str] = []
    ranges = rep_ranges(workout)
    counts = list(choice.reps) + [span.low for span in ranges[len(choice.reps) :]]
    if len(ranges) == 1:
        parts.append(f"Reps ‹ {counts[0]} › ({ranges[0].low}–{ranges[0].high}{', ←/→' if keys else ''})")
    elif ranges:
        shown = [
            f"‹ {count} ›" if keys and index == choice.range_index else str(count)
            for index, count in enumerate(counts)
        ]
        each = " · ".join(f"{n} ({span.low}–{span.high})" for n, span in zip(shown, ranges, strict=True))
        parts.append(f"Reps {each}" + (" ←/→, r next range" if keys else ""))
    if workout.needs_a_place() and choice.where is not None:
        parts.append(f"Where: {choice.where.value}" + (" (w changes)" if keys else ""))
    return " · ".join(parts)


def table_text(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> Text:
    """Rows under a bold header, each column as wide as its widest cell, two spaces apart.

    Plain padded text rather than a Rich `Table`: the preview is the first
    thing `kick` draws, and measuring and rendering a Table cell by cell was
    the largest part of drawing it. Cells are plain text, never markup.
    """
    widths = [max(cell_len(row[index]) for row in (columns, *rows)) for index in range(len(columns))]

    def line(cells: Sequence[str]) -> str:
        padded = (cell + " " * (width - cell_len(cell)) for cell, width in zip(cells, widths, strict=True))
        return "  ".join(padded).rstrip()

    text = Text(line(columns), style="bold", no_wrap=True, overflow="ellipsis")
    for row in rows:
        text.append("\n" + line(row), style="not bold")
    return text


class PlanTable(VerticalScroll):
    """One row per segment of the plan, scrolling (↑/↓, PgUp/PgDn) when the plan is long.

    Text in a `Static` rather than a `DataTable`: the rows are read, never
    picked, and the DataTable's cell-by-cell rendering made up a third of
    the preview's first frame.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: tuple[tuple[str, ...], ...] = ()

    @property
    def rows(self) -> tuple[tuple[str, ...], ...]:
        """The cells shown, row by row, in the order of the columns."""
        return self._rows

    def compose(self) -> ComposeResult:
        yield Static(id="plan-rows")

    def show(self, plan: Plan, units: str) -> None:
        rows = [
            (
                str(segment.index + 1),
                segment.label,
                rep_text(segment),
                length_text(segment),
                plan_target_text(segment, plan.environment, units),
                str(len(segment.cues)) if segment.cues else "",
            )
            for segment in plan.segments[:MAX_ROWS]
        ]
        hidden = len(plan.segments) - MAX_ROWS
        if hidden > 0:
            rows.append(("", f"… and {hidden} more", "", "", "", ""))
        self._show_rows(tuple(rows))

    def clear(self) -> None:
        self._show_rows(())

    def _show_rows(self, rows: tuple[tuple[str, ...], ...]) -> None:
        self._rows = rows
        self.query_one("#plan-rows", Static).update(table_text(_COLUMNS, rows) if rows else "")


class PlanView(Vertical):
    """Header, choices, the segments table and the totals (or the problems that stop the plan)."""

    def compose(self) -> ComposeResult:
        yield Label(id="plan-name", markup=False)
        yield Static(id="plan-about", markup=False)
        yield Label(id="plan-choice", markup=False)
        yield Label(id="plan-totals", markup=False)
        yield Static(id="plan-problems", markup=False)
        yield PlanTable(id="plan-table")

    def show_workout(self, workout: Workout, choice: RunChoice, *, keys: bool = True) -> None:
        self.query_one("#plan-name", Label).update(workout.name)
        about = [text for text in (workout.summary, workout.notes) if text]
        if workout.source:
            about.append(f"Source: {workout.source}")
        if workout.tags:
            about.append("Tags: " + ", ".join(workout.tags))
        self.query_one("#plan-about", Static).update("\n".join(about))
        self.query_one("#plan-choice", Label).update(choice_text(workout, choice, keys=keys))

    def show_plan(self, plan: Plan, units: str) -> None:
        self.set_class(False, "-problem")
        self.query_one("#plan-problems", Static).update("")
        warnings = "\n".join(
            warning if ": warning: " in warning else f"warning: {warning}" for warning in plan.warnings
        )
        totals = totals_text(plan, "mi" if units == "mi" else "km") + (f"\n{warnings}" if warnings else "")
        self.query_one("#plan-totals", Label).update(totals)
        self.query_one(PlanTable).show(plan, units)

    def show_problems(self, problems: Sequence[Problem] | str) -> None:
        self.set_class(True, "-problem")
        text = problems if isinstance(problems, str) else "\n".join(p.format() for p in problems)
        self.query_one("#plan-problems", Static).update(text)
        self.query_one("#plan-totals", Label).update("")
        self.query_one(PlanTable).clear()

    def show_nothing(self, message: str) -> None:
        self.query_one("#plan-name", Label).update(message)
        for selector in ("#plan-about", "#plan-problems"):
            self.query_one(selector, Static).update("")
        for selector in ("#plan-choice", "#plan-totals"):
            self.query_one(selector, Label).update("")
        self.query_one(PlanTable).clear()
