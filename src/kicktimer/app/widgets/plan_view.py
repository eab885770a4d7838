"""A workout's compiled plan as the preview shows it: header, choices, segments, totals.

Used twice: beside the picker's list (what the highlighted workout would be
with the default choices) and on the preview screen (with the runner's
choice of reps and environment). It only displays; the screens compile.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment as Piece
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Label, Static

from kicktimer.app.display import belt_speed_text, incline_text, pace_text, rep_text
from kicktimer.app.picking import RunChoice, rep_ranges
from kicktimer.core.segments import Plan, Segment
from kicktimer.errors import Problem
from kicktimer.workout.model import Environment, Workout
from kicktimer.workout.quantities import Unit, format_clock, format_distance, format_total_distance

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
        parts.append(belt_speed_text(segment, units))
    if environment is Environment.TREADMILL and segment.incline_pct is not None:
        parts.append("incline " + incline_text(segment.incline_pct, segment.incline_max_pct))
    if segment.effort and not segment.all_out:
        parts.append(segment.effort)
    if segment.target_s is not None and segment.duration_s is None:
        parts.append(f"split {format_clock(segment.target_s)}")
    return " · ".join(parts)


def totals_text(plan: Plan, units: Unit) -> str:
    work = plan.work_steps
    # A plan whose every step waits for the lap key has no time to add up: "—", as `kick show` says.
    parts = [f"Total {format_clock(plan.total_time_s) if plan.total_time_s > 0 else '—'}"]
    if plan.total_distance_m:
        parts.append(format_total_distance(plan.total_distance_m, units))
    steps = len(plan.segments)
    parts.append(f"{steps} step{'' if steps == 1 else 's'}, {work} work")
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


def plan_row(segment: Segment, environment: Environment, units: str) -> tuple[str, ...]:
    """One step's cells, in the order of the columns: `#`, Step, Rep, Length, Target, Cues."""
    return (
        str(segment.index + 1),
        segment.label,
        rep_text(segment),
        length_text(segment),
        plan_target_text(segment, environment, units),
        str(len(segment.cues)) if segment.cues else "",
    )


def table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    """Cells padded to the column widths, two spaces apart (a cell wider than its column pushes on)."""
    padded = (cell + " " * (width - cell_len(cell)) for cell, width in zip(cells, widths, strict=True))
    return "  ".join(padded).rstrip()


class PlanRows(Sequence[tuple[str, ...]]):
    """A plan's rows as the table shows them, each formatted when it is asked for.

    The preview is the first thing `kick run` draws; formatting every step
    of a 10,000-step plan up front, to show thirty, made its first frame
    grow with the plan.
    """

    def __init__(self, plan: Plan, units: str) -> None:
        self._segments = plan.segments
        self._environment = plan.environment
        self._units = units

    def __len__(self) -> int:
        return len(self._segments)

    @overload
    def __getitem__(self, index: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, ...]]: ...
    def __getitem__(self, index: int | slice) -> tuple[str, ...] | Sequence[tuple[str, ...]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return plan_row(self._segments[index], self._environment, self._units)


class PlanTable(ScrollView, can_focus=True):
    """One line per segment of the plan under a header that stays put; ↑/↓, PgUp/PgDn, Home/End scroll.

    A virtual list (Textual's Line API): only the lines on screen are
    formatted and drawn, when they are drawn, so a plan of 10,000 steps
    opens as fast as one of 20 and every step can still be scrolled to.
    The columns start as wide as the widest cell of the header and the
    plan's first and last rows; a wider row scrolled into view widens its
    column for every line from then on (plans repeat, so that is rare).
    Cells are plain text, never markup; a line wider than the table ends
    in "…".
    """

    DEFAULT_CSS = """
    PlanTable {
        overflow-x: hidden;
    }
    """

    SAMPLED_ROWS = 200
    """Rows from each end of the plan measured for the first column widths."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: Sequence[tuple[str, ...]] = ()
        self._widths: list[int] = []
        self._frame: tuple[Style, int] | None = None

    @property
    def rows(self) -> Sequence[tuple[str, ...]]:
        """The cells of every row, in the order of the columns (formatted as they are read)."""
        return self._rows

    def show(self, plan: Plan, units: str) -> None:
        self._show_rows(PlanRows(plan, units))

    def clear(self) -> None:
        self._show_rows(())

    def _show_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        self._rows = rows
        sample = rows[: self.SAMPLED_ROWS]
        tail = rows[max(len(sample), len(rows) - self.SAMPLED_ROWS) :]
        self._widths = [cell_len(column) for column in _COLUMNS]
        for row in (*sample, *tail):
            self._widen(row)
        self.virtual_size = Size(0, len(rows) + 1 if rows else 0)
        self.scroll_to(y=0, animate=False, immediate=True)
        self.refresh()

    def _widen(self, row: Sequence[str]) -> bool:
        """Widen the columns this row's cells do not fit; whether any grew."""
        grew = False
        for index, cell in enumerate(row):
            width = cell_len(cell)
            if width > self._widths[index]:
                self._widths[index] = width
                grew = True
        return grew

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in `crop`; the widget's style and width are worked out once for all of them."""
        self._frame = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        style, width = self._frame or (self.rich_style, self.scrollable_content_region.width)
        if not self._rows:
            return Strip.blank(width, style)
        if y == 0:
            cells: Sequence[str] = _COLUMNS
            line_style = style + Style(bold=True)
        else:
            index = self.scroll_offset.y + y - 1
            if not 0 <= index < len(self._rows):
                return Strip.blank(width, style)
            cells = self._rows[index]
            line_style = style
            if self._widen(cells):
                self.refresh()  # the lines drawn before it are redrawn with the wider column
        line = table_line(cells, self._widths)
        if cell_len(line) > width:
            line = set_cell_size(line, max(0, width - 1)) + "…"
        return Strip([Piece(line, line_style)]).adjust_cell_length(width, style)


class PlanView(Vertical):
    """Header, choices, the segments table and the totals (or the problems that stop the plan)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Label(id="plan-name", markup=False)
        yield Static(id="plan-about", markup=False)
        yield Label(id="plan-choice", markup=False)
        yield Label(id="plan-totals", markup=False)
        yield Static(id="plan-problems", markup=False)
        yield PlanTable(id="plan-table")

    def _put(self, name: str, text: str) -> None:
        """Show `text` in the widget `#name`, touching it only when the text changes.

        In the picker every key that brings another workout to the top
        redraws this view; a text that takes the same lines as the one it
        replaces (each line fitting the widget's width, which the stylesheet
        fixes) needs no layout pass, and a layout pass repaints the screen.
        """
        old = self._shown.get(name)
        if old == text:
            return
        self._shown[name] = text
        widget = self.query_one(f"#{name}", Static)
        width = widget.content_size.width

        def fits(lines: str) -> bool:
            return bool(lines) and all(cell_len(line) <= width for line in lines.split("\n"))

        same_lines = old is not None and old.count("\n") == text.count("\n") and fits(old) and fits(text)
        widget.update(text, layout=not same_lines)

    def show_workout(self, workout: Workout, choice: RunChoice, *, keys: bool = True) -> None:
        self._put("plan-name", workout.name)
        about = [text for text in (workout.summary, workout.notes) if text]
        if workout.source:
            about.append(f"Source: {workout.source}")
        if workout.tags:
            about.append("Tags: " + ", ".join(workout.tags))
        self._put("plan-about", "\n".join(about))
        self._put("plan-choice", choice_text(workout, choice, keys=keys))

    def show_plan(self, plan: Plan, units: str) -> None:
        self.set_class(False, "-problem")
        self._put("plan-problems", "")
        warnings = "\n".join(
            warning if ": warning: " in warning else f"warning: {warning}" for warning in plan.warnings
        )
        totals = totals_text(plan, "mi" if units == "mi" else "km") + (f"\n{warnings}" if warnings else "")
        self._put("plan-totals", totals)
        self.query_one(PlanTable).show(plan, units)

    def show_problems(self, problems: Sequence[Problem] | str) -> None:
        self.set_class(True, "-problem")
        text = problems if isinstance(problems, str) else "\n".join(p.format() for p in problems)
        self._put("plan-problems", text)
        self._put("plan-totals", "")
        self.query_one(PlanTable).clear()

    def show_nothing(self, message: str) -> None:
        self._put("plan-name", message)
        for name in ("plan-about", "plan-problems", "plan-choice", "plan-totals"):
            self._put(name, "")
        self.query_one(PlanTable).clear()
