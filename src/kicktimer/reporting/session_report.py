"""The kick report of a stored session, compared with the previous run of the same workout.

What the finish screen and `kick history show` both need: read the session,
find the last earlier session of the same workout, and build one report per
athlete (one for a solo session).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kicktimer.core.report import KickReport, SessionLaps, build_kick_reports
from kicktimer.history.records import HistoryReader, SessionRecord
from kicktimer.reporting.shown import shown_record

if TYPE_CHECKING:
    from rich.console import RenderableType

# HistoryReader is named here so the app can type what it hands in without importing the history.
__all__ = ["HistoryReader", "finished_session_report", "session_reports", "session_reports_by_id"]


def session_reports(store: HistoryReader, record: SessionRecord) -> list[KickReport]:
    """One report per athlete, in the session's roster order (a coach's laps are stored as the
    athletes crossed, so first appearance would put the fastest first)."""
    previous = store.previous_session(record.workout, record)
    # drawn on a terminal: names and labels with their control characters escaped (reporting/shown.py)
    before = None
    if previous is not None:
        before = SessionLaps(previous.id, previous.started_at, shown_record(previous).laps)
    record = shown_record(record)
    reports = build_kick_reports(record.laps, previous=before)
    place = {name: n for n, name in enumerate(record.athletes)}

    def roster_place(report: KickReport) -> int:
        return -1 if report.athlete is None else place.get(report.athlete, len(place))

    return sorted(reports, key=roster_place)


def session_reports_by_id(store: HistoryReader, session_id: int) -> list[KickReport]:
    """Raises `UnknownSession` for an id the store doesn't have."""
    return session_reports(store, store.get_session(session_id))


def finished_session_report(store: HistoryReader, session_id: int) -> RenderableType:
    """The finish screen's report, drawn from the session as the history kept it.

    Read back rather than taken from memory, so it is exactly what `kick
    history show` will show. In coach mode the finish screen already has the
    athletes' results table (with each kick), so only each athlete's own
    report is drawn, in roster order, without repeating the kick.
    """
    from rich.console import Group

    from kicktimer.reporting.render import render_kick_report, render_kick_reports

    record = store.get_session(session_id)
    reports = session_reports(store, record)
    if record.athletes:
        athletes = (report for report in reports if report.athlete is not None)
        return Group(*(render_kick_report(report, with_kick=False) for report in athletes))
    return render_kick_reports(reports)
