"""The kick report, lap tables and the trend, drawn for a terminal (presentation, apart from the history).

Everything returns Rich renderables (or plain strings for the plotext plot),
so the same report appears in `kick history show` and, through Textual's
support for Rich renderables, on the finish screen. The rep chart is drawn
with Rich bars rather than plotext: one labelled bar per rep reads at a glance
and fits any width. The final rep is highlighted by colour and by a marker, so
it stands out with NO_COLOR too. The trend across sessions is a plotext line
plot.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import replace

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kicktimer.core.laps import change_text, difference_s, ending_mark, place_text
from kicktimer.core.report import Basis, KickReport, RepResult, Trend, TrendPoint, build_kick_report
from kicktimer.history.records import INTERRUPTED, SessionRecord
from kicktimer.ports import LapRecord
from kicktimer.text import fit, plain, width_of
from kicktimer.workout.quantities import format_split

BAR_WIDTH = 32
FINAL_STYLE = "bold magenta"
REP_STYLE = "cyan"
FASTER_STYLE = "green"
SLOWER_STYLE = "red"
STATUS_STYLES = {"completed": "green", "aborted": "yellow", INTERRUPTED: "red", "running": "cyan"}
_EIGHTHS = " ▏▎▍▌▋▊▉"


# ---- numbers -----------------------------------------------------------------


def format_pace(seconds_per_km: float) -> str:
    return f"{format_split(seconds_per_km)}/km"


def format_value(value: float, basis: Basis) -> str:
    return format_pace(value) if basis == "pace" else format_split(value)


def format_change(seconds: float, basis: Basis = "time") -> str:
    """A difference in seconds, signed: `−3.0 s`, `+1.2 s` (per km on the pace basis)."""
    return change_text(seconds, "s/km" if basis == "pace" else "s")


def unit_of(basis: Basis) -> str:
    return " s/km" if basis == "pace" else " s"


def _faster_or_slower(percent_faster: float) -> Text:
    if abs(percent_faster) < 0.05:
        return Text("level with", style="bold")
    word = "faster" if percent_faster > 0 else "slower"
    style = FASTER_STYLE if percent_faster > 0 else SLOWER_STYLE
    return Text(f"{abs(percent_faster):.1f} % {word}", style=f"bold {style}")


# ---- the kick report -----------------------------------------------------------


def rep_chart(report: KickReport, width: int = BAR_WIDTH) -> Table:
    """One bar per counted rep, longer = slower, the final rep highlighted if there is a kick.

    Bars start from a baseline below the fastest rep (not from zero), so a
    2 % kick is visible; every bar carries its number.
    """
    values = [report.value(rep) for rep in report.reps]
    low, high = min(values), max(values)
    spread = high - low
    baseline = max(0.0, low - (spread if spread > 0 else low * 0.1))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    for rep, value in zip(report.reps, values, strict=True):
        # Marked only when it is the kick's final rep: a session stopped at rep 2 of 8 has none.
        final = rep is report.reps[-1] and report.kick is not None
        style = FINAL_STYLE if final else REP_STYLE
        fraction = (value - baseline) / (high - baseline) if high > baseline else 1.0
        grid.add_row(
            Text(_rep_name(rep), style="bold" if final else ""),
            Text(_bar(fraction, width), style=style),
            Text(format_value(value, report.basis), style=style),
            Text("◀ final", style=FINAL_STYLE) if final else Text(""),
        )
    return grid


def _rep_name(rep: RepResult) -> str:
    if rep.set is not None:
        return f"Set {rep.set} · Rep {rep.rep}" if rep.rep else f"Set {rep.set}"
    return f"Rep {rep.rep}" if rep.rep else f"Rep {rep.number}"


def _bar(fraction: float, width: int) -> str:
    eighths = max(1, round(max(0.0, min(1.0, fraction)) * width * 8))
    full, part = divmod(eighths, 8)
    return ("█" * full + (_EIGHTHS[part] if part else "")).ljust(width)


def kick_summary(report: KickReport, *, with_kick: bool = True) -> list[Text]:
    """The report's sentences: kick (unless a table beside it has it), spread, halves, last time, notes."""
    lines: list[Text] = []
    basis = report.basis
    what = "pace" if basis == "pace" else "time"
    if report.kick is not None and with_kick:
        kick = report.kick
        line = Text("Final rep ")
        line.append(format_value(kick.final, basis), style=FINAL_STYLE)
        line.append(": ")
        line.append_text(_faster_or_slower(kick.percent_faster))
        line.append(f" than the mean {what} of the earlier reps, {format_value(kick.earlier_mean, basis)}")
        line.append(f" ({format_change(kick.difference, basis)}).")
        lines.append(line)
    if report.heart is not None:
        heart = report.heart
        line = Text("Heart rate: the final rep peaked at ")
        line.append(f"{heart.final_peak} bpm", style=FINAL_STYLE)
        line.append(
            f", {heart.difference:+.0f} against the earlier reps' peaks ({heart.earlier_mean_peak:.0f} bpm)."
        )
        lines.append(line)
    if report.spread is not None:
        spread = report.spread
        unit = " s/km" if basis == "pace" else " s"
        text = (
            f"Earlier reps: {format_value(spread.fastest, basis)} to {format_value(spread.slowest, basis)}"
            f" (range {spread.range:.1f}{unit}"
        )
        text += f", standard deviation {spread.stdev:.1f}{unit})." if spread.stdev is not None else ")."
        lines.append(Text(text))
    if report.split is not None:
        split = report.split
        line = Text(f"{split.shape.capitalize()} run: first half {format_split(split.first_half_s)}, ")
        line.append(f"second half {format_split(split.second_half_s)} — ")
        if split.negative:
            line.append(
                f"a negative split ({format_change(split.difference_s)})", style=f"bold {FASTER_STYLE}"
            )
        else:
            line.append(
                f"a positive split ({format_change(split.difference_s)})", style=f"bold {SLOWER_STYLE}"
            )
        trend = "faster" if split.slope < 0 else "slower"
        piece = "segment" if split.shape == "continuous" else "rep"
        line.append(
            f"; each {piece} {abs(split.slope):.1f}{unit_of(basis)} {trend} than the one before, on average."
        )
        lines.append(line)
    if report.previous is not None:
        previous = report.previous
        line = Text(f"Last time ({_day(previous.started_at)}, session {previous.session_id}): ")
        parts: list[str] = []
        if previous.final_change is not None:
            parts.append(f"final rep {format_change(previous.final_change, basis)}")
        if previous.mean_change is not None:
            parts.append(f"earlier reps {format_change(previous.mean_change, basis)}")
        if previous.kick_change_pct is not None:
            parts.append(f"kick {previous.kick_change_pct:+.1f} points")
        line.append(", ".join(parts) + ".")
        lines.append(line)
    target = target_sentence(report)
    if target is not None:
        lines.append(target)
    lines.extend(Text(note, style="dim") for note in report.notes)
    return lines


def target_sentence(report: KickReport) -> Text | None:
    """Coach mode: the athlete against their own target ("Target 1:15.0: final rep −1.6 s, ...").

    The target is the one the board used for them: from their race result or
    splits in the roster, else the workout's own; a session without one has
    no sentence.
    """
    if report.athlete is None:
        return None
    with_target = [rep for rep in report.reps if rep.vs_target_s is not None]
    if not with_target:
        return None
    targets = {round(rep.target_s or 0.0, 1) for rep in with_target}
    heading = f"Target {format_split(targets.pop())}" if len(targets) == 1 else "Against their own targets"
    final = report.reps[-1]
    parts: list[str] = []
    if final.vs_target_s is not None:
        # "final" only where the report measures a kick: rep 3 of a session stopped there is its last
        which = "final rep" if report.kick is not None else "last rep"
        parts.append(f"{which} {format_change(final.vs_target_s)}")
    earlier = [rep.vs_target_s for rep in with_target if rep is not final and rep.vs_target_s is not None]
    if earlier:
        parts.append(f"earlier reps {format_change(sum(earlier) / len(earlier))} on average")
    return Text(f"{heading}: {', '.join(parts)}.")


def render_kick_report(report: KickReport, *, title: bool = True, with_kick: bool = True) -> RenderableType:
    """The whole report for one runner (or one athlete): chart, then the sentences.

    `with_kick=False` where a coach's results table already gives each
    athlete's kick, so the screen shows each kick once.
    """
    parts: list[RenderableType] = []
    if title:
        name = f" — {report.athlete}" if report.athlete else ""
        parts.append(Text(f"Kick report{name}", style="bold underline"))
    if report.reps:
        parts.append(rep_chart(report))
    parts.extend(kick_summary(report, with_kick=with_kick))
    if not report.reps and not report.notes:
        parts.append(Text("No work reps to report on.", style="dim"))
    return Group(*parts)


def render_kick_reports(reports: Sequence[KickReport]) -> RenderableType:
    """Solo: the full report. Coach mode: a results table, then each athlete's report."""
    athletes = [report for report in reports if report.athlete is not None]
    if not athletes:
        return render_kick_report(reports[0]) if reports else Text("No laps recorded.", style="dim")
    return Group(
        results_table(athletes), *(render_kick_report(report, with_kick=False) for report in athletes)
    )


def results_table(reports: Sequence[KickReport]) -> Table:
    """Athletes × reps, with each athlete's mean, best and kick (coach mode).

    One column per rep anyone ran, by its place in the plan, so a rep an
    athlete did not finish says how in its own column (`DNF`, as on the
    finish screen), one they never reached is a dash, and their later reps
    stay under the right heading.
    """
    indices = sorted(
        {rep.index for report in reports for rep in report.reps}
        | {index for report in reports for index, _ in report.cut_short}
    )
    column = {index: n for n, index in enumerate(indices)}
    table = Table(title="Results", title_justify="left", header_style="bold")
    table.add_column("Athlete")
    for number in range(1, len(indices) + 1):
        table.add_column(str(number), justify="right")
    table.add_column("Mean", justify="right")
    table.add_column("Best", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("±", justify="right")
    table.add_column("Kick", justify="right")
    for report in reports:
        values = [report.value(rep) for rep in report.reps]
        cells = [plain("—")] * len(indices)
        for index, mark in report.cut_short:
            cells[column[index]] = plain(mark, "bold red" if mark == "DNF" else "")
        for n, (rep, value) in enumerate(zip(report.reps, values, strict=True)):
            final = n == len(report.reps) - 1
            cells[column[rep.index]] = plain(format_value(value, report.basis), FINAL_STYLE if final else "")
        mean = format_value(sum(values) / len(values), report.basis) if values else "—"
        best = format_value(min(values), report.basis) if values else "—"
        kick = f"{report.kick.percent_faster:+.1f} %" if report.kick else "—"
        targets = {round(rep.target_s, 1) for rep in report.reps if rep.target_s is not None}
        target = "—" if not targets else format_split(targets.pop()) if len(targets) == 1 else "varies"
        diffs = [rep.vs_target_s for rep in report.reps if rep.vs_target_s is not None]
        difference = format_change(sum(diffs) / len(diffs)) if diffs else "—"
        table.add_row(plain(report.athlete or ""), *cells, mean, best, target, difference, kick)
    return table


# ---- sessions and laps ---------------------------------------------------------


def listed_report(record: SessionRecord) -> KickReport:
    """The report a session's line in `kick history` shows: the runner's, or in coach mode an athlete's.

    A coach session's group clock is no runner (its lap ends when the last
    athlete is in), so its line shows the athlete who ran the final rep
    fastest among those with a kick (else among all), and their kick.
    """
    if not record.athletes:
        return build_kick_report(record.laps)
    reports = [build_kick_report(record.laps, athlete=name) for name in record.athletes]
    ranked = [report for report in reports if report.final is not None]
    if not ranked:
        return reports[0] if reports else build_kick_report(record.laps)

    def rank(report: KickReport) -> tuple[bool, float]:
        return (report.kick is None, report.final.seconds if report.final else 0.0)

    return min(ranked, key=rank)


_MIN_WORKOUT = 8
_DROPPED_FIRST = ("Where", "Reps", "Started", "Final")


def sessions_table(records: Sequence[SessionRecord], width: int = 100) -> Table:
    """One line per session; long workout names are shortened (…) to fit `width` columns."""
    rows = []
    record_status = {str(record.id): record.status for record in records}
    for record in records:
        report = listed_report(record)
        final = report.final
        rows.append(
            (
                str(record.id),
                _when(record.started_at),
                record.workout,
                record.environment,
                record.outcome,
                str(len(report.reps)) if report.reps else "—",
                format_value(report.value(final), report.basis) if final else "—",
                f"{report.kick.percent_faster:+.1f} %" if report.kick else "—",
            )
        )
    headers = ("ID", "Started", "Workout", "Where", "Status", "Reps", "Final", "Kick")
    widths = {h: max([width_of(h), *(width_of(row[n]) for row in rows)]) for n, h in enumerate(headers)}
    shown = list(headers)

    def others() -> int:
        return sum(widths[h] for h in shown if h != "Workout") + 2 * (len(shown) - 1)

    # On a narrow terminal the least needed columns go first, so the ID
    # (what `kick history show ID` takes) is never squeezed out.
    for droppable in _DROPPED_FIRST:
        if others() + _MIN_WORKOUT <= width:
            break
        shown.remove(droppable)
    workout_width = max(_MIN_WORKOUT, min(widths["Workout"], width - others()))
    table = Table(
        header_style="bold", box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True
    )
    for header in shown:
        right = header in ("ID", "Reps", "Final", "Kick")
        table.add_column(
            header,
            justify="right" if right else "left",
            no_wrap=True,
            min_width=workout_width if header == "Workout" else widths[header],
        )
    for row in rows:
        cells = {h: plain(cell) for h, cell in zip(headers, row, strict=True)}
        cells["Workout"] = plain(fit(row[2], workout_width))
        cells["Status"].stylize(STATUS_STYLES.get(record_status[row[0]], ""))
        table.add_row(*(cells[h] for h in shown))
    return table


def session_heading(record: SessionRecord) -> Text:
    text = Text(f"Session {record.id}: ", style="bold")
    text.append(record.workout, style="bold")
    text.append(f"\n{record.environment}, started {_when(record.started_at)}")
    if record.ended_at:
        text.append(f", ended {_when(record.ended_at)}")
    text.append(" — ")
    text.append(record.outcome, style=STATUS_STYLES.get(record.status, ""))
    if record.reps:
        text.append(f"\nreps chosen: {', '.join(str(n) for n in record.reps)}")
    if record.athletes:
        text.append(f"\nathletes: {', '.join(record.athletes)}")
    return text


def laps_table(laps: Sequence[LapRecord], *, width: int | None = None) -> RenderableType:
    """The laps of a session; what a treadmill and a strap measured joins them when it fits `width`.

    With the belt, speed and heart-rate columns a treadmill session's table is
    twelve columns wide, and at 80 columns Rich cut every time to `2:5…`.
    When the whole table is wider than `width`, the laps' own columns keep the
    table and the devices' figures follow in a second one, each row named by
    its number, step and rep.
    """
    whole = _laps_table(laps, devices=True)
    devices = _device_columns(laps)
    if width is None or not devices or _natural_width(whole) <= width:
        return whole
    return Group(_laps_table(laps, devices=False), Text(""), _device_table(laps, devices))


def _natural_width(table: Table) -> int:
    from rich.console import Console

    return Console(width=10_000, file=io.StringIO()).measure(table).maximum


def _device_columns(laps: Sequence[LapRecord]) -> tuple[str, ...]:
    """Which devices measured something in these laps: "belt" (a treadmill), "heart" (a strap)."""
    belt = any(lap.belt_distance_m is not None for lap in laps)
    heart = any(lap.hr_avg is not None for lap in laps)
    return (*(("belt",) if belt else ()), *(("heart",) if heart else ()))


def _device_cells(lap: LapRecord, devices: Sequence[str]) -> list[RenderableType]:
    cells: list[RenderableType] = []
    if "belt" in devices:
        cells.append("" if lap.belt_distance_m is None else f"{lap.belt_distance_m:.0f} m")
        cells.append("" if lap.avg_speed_kmh is None else f"{lap.avg_speed_kmh:.1f}")
    if "heart" in devices:
        cells.append("" if lap.hr_avg is None else f"{lap.hr_avg:.0f}")
        cells.append("" if lap.hr_max is None else str(lap.hr_max))
    return cells


def _add_device_headers(table: Table, devices: Sequence[str]) -> None:
    if "belt" in devices:
        table.add_column("Belt", justify="right")
        table.add_column("km/h", justify="right")
    if "heart" in devices:
        table.add_column("HR avg", justify="right")
        table.add_column("HR max", justify="right")


def _device_table(laps: Sequence[LapRecord], devices: Sequence[str]) -> Table:
    coach = any(lap.athlete for lap in laps)
    names = {"belt": "Treadmill", "heart": "heart rate"}
    title = " and ".join(names[device] for device in devices)
    table = Table(
        title=title[:1].upper() + title[1:], title_justify="left", header_style="bold", show_edge=False
    )
    table.add_column("#", justify="right")
    table.add_column("Step")
    table.add_column("Rep", justify="right")
    if coach:
        table.add_column("Athlete")
    _add_device_headers(table, devices)
    for lap in laps:
        table.add_row(
            str(lap.index + 1),
            plain(lap.label, "bold" if lap.kind == "run" else "dim"),
            plain(place_text(lap.set, lap.rep)),
            *([plain(lap.athlete or "")] if coach else []),
            *_device_cells(lap, devices),
        )
    return table


def _laps_table(laps: Sequence[LapRecord], *, devices: bool) -> Table:
    coach = any(lap.athlete for lap in laps)
    table = Table(header_style="bold", show_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Step")
    table.add_column("Rep", justify="right")
    if coach:
        table.add_column("Athlete")
    table.add_column("Planned", justify="right")
    table.add_column("Target", justify="right")
    table.add_column("Actual", justify="right")
    table.add_column("±", justify="right")
    # Only when something was paused: an empty column made a coach session wrap on 80 columns.
    paused = any(lap.paused_s for lap in laps)
    if paused:
        table.add_column("Paused", justify="right")
    measured = _device_columns(laps) if devices else ()
    _add_device_headers(table, measured)
    # in coach mode the group clock's row of a step the athletes took splits on is no split:
    # it ends when the last athlete is in or the coach closes the rep, so it gets no ±
    split_steps = {lap.index for lap in laps if lap.athlete}
    for lap in laps:
        delta = plain("")
        mark = ending_mark(lap.kind, lap.ended_by)
        group_clock = lap.athlete is None and lap.index in split_steps
        if mark is not None and lap.actual_s is not None:
            delta = plain(mark, "italic")
        elif (difference := difference_s(lap.actual_s, lap.planned_s, lap.target_s)) is not None and (
            not group_clock
        ):
            colour = FASTER_STYLE if difference <= 0 else SLOWER_STYLE
            delta = plain(change_text(difference), colour)
        actual = format_split(lap.actual_s) if lap.actual_s is not None else (lap.ended_by or "—").upper()
        table.add_row(
            str(lap.index + 1),  # numbered from 1, as on the preview and the finish screen
            plain(lap.label, "bold" if lap.kind == "run" else "dim"),
            plain(place_text(lap.set, lap.rep)),
            *([plain(lap.athlete or "")] if coach else []),
            format_split(lap.planned_s) if lap.planned_s is not None else "—",
            format_split(lap.target_s) if lap.target_s is not None else "",
            actual,
            delta,
            *([format_split(lap.paused_s) if lap.paused_s else ""] if paused else []),
            *_device_cells(lap, measured),
        )
    return table


# ---- trend -----------------------------------------------------------------------


def trend_table(trend: Trend) -> Table:
    table = Table(header_style="bold", show_edge=False)
    table.add_column("Session", justify="right")
    table.add_column("Date")
    table.add_column("Final rep", justify="right")
    table.add_column("Earlier mean", justify="right")
    table.add_column("Kick", justify="right")
    for point in trend.points:
        table.add_row(
            str(point.session_id),
            _when(point.started_at),
            Text(format_value(point.final, point.basis), style=FINAL_STYLE),
            format_value(point.earlier_mean, point.basis),
            f"{point.kick_pct:+.1f} %",
        )
    return table


def trend_summary(trend: Trend) -> Text:
    if len(trend.points) < 2 or trend.final_change is None or trend.mean_change is None:
        return Text("Run this workout again to see a trend.", style="dim")
    basis = trend.points[-1].basis
    text = Text(f"Over {len(trend.points)} sessions: final rep ")
    style = FASTER_STYLE if trend.final_change < 0 else SLOWER_STYLE
    text.append(format_change(trend.final_change, basis), style=f"bold {style}")
    text.append(f", earlier reps {format_change(trend.mean_change, basis)}")
    if trend.kick_pct_change is not None:
        text.append(f", kick {trend.kick_pct_change:+.1f} points")
    text.append(".")
    return text


def trend_plot(trend: Trend, *, width: int = 72, height: int = 16, color: bool = True) -> str:
    """The final rep and the mean of the earlier reps, session by session, as a terminal plot.

    A plot has about one column a session to give (`width` less the axis).
    With more sessions than that, consecutive sessions share a point, the mean
    of their figures, and the title says how many a point holds: plotext kept
    every point and every tick label of a 4,000-session trend (35 MiB) to draw
    the same 72 columns.
    """
    import plotext

    points, per_point = _plot_points(trend.points, max(1, width - PLOT_AXIS_COLUMNS))
    figure = plotext.figure
    figure.clear()
    figure.plot_size(width, height)
    figure.theme("default" if color else "colorless")
    xs = list(range(1, len(points) + 1))
    finals = [point.final for point in points]
    means = [point.earlier_mean for point in points]
    figure.draw(figure.signal(xs, means, marker="·").lines())
    figure.draw(figure.signal(xs, finals, marker="●").lines())
    figure.legend(active=False)
    labels = [point.started_at[5:10] for point in points]
    if len(set(labels)) < len(labels):
        labels = [f"#{point.session_id}" for point in points]
    figure.ruler("x").ticks(xs, labels)
    low, high = min(finals + means), max(finals + means)
    ticks = _nice_ticks(low, high)
    basis = trend.points[-1].basis if trend.points else "time"
    figure.ruler("y").ticks(ticks, [format_value(tick, basis) for tick in ticks])
    shared = f"   (a point: up to {per_point} sessions)" if per_point > 1 else ""
    figure.title(f"● final rep   · mean of earlier reps{shared}")
    text: str = figure.build().string(colorless=not color)
    return text


PLOT_AXIS_COLUMNS = 8
"""What the y axis's labels and the frame take from a plot's width."""


def _plot_points(points: Sequence[TrendPoint], columns: int) -> tuple[list[TrendPoint], int]:
    """At most `columns` points, oldest first: runs of consecutive sessions as their means; the run length.

    A run is named by its first session (its date or id on the x axis).
    """
    if len(points) <= columns:
        return list(points), 1
    per_point = -(-len(points) // columns)
    merged = []
    for start in range(0, len(points), per_point):
        run = points[start : start + per_point]
        merged.append(
            replace(
                run[0],
                final=sum(point.final for point in run) / len(run),
                earlier_mean=sum(point.earlier_mean for point in run) / len(run),
            )
        )
    return merged, per_point


def _nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    if high - low < 1e-9:
        return [low]
    step = (high - low) / (count - 1)
    return [low + step * n for n in range(count)]


def _when(iso: str) -> str:
    """`2026-05-04T18:30:00.000+02:00` → `2026-05-04 18:30`."""
    return iso[:16].replace("T", " ") if len(iso) >= 16 else iso


def _day(iso: str) -> str:
    return iso[:10]
