"""The kick report of a stored session, compared with the previous run of the same workout.

What the finish screen and `kick history show` both need: read the session,
find the last earlier session of the same workout, and build one report per
athlete (one for a solo session).
"""

from __future__ import annotations

from kicktimer.core.report import KickReport, SessionLaps, build_kick_reports
from kicktimer.history.records import HistoryReader, SessionRecord


def session_reports(store: HistoryReader, record: SessionRecord) -> list[KickReport]:
    """One report per athlete, in the session's roster order (a coach's laps are stored as the
    athletes crossed, so first appearance would put the fastest first)."""
    previous = store.previous_session(record.workout, record)
    before = SessionLaps(previous.id, previous.started_at, previous.laps) if previous is not None else None
    reports = build_kick_reports(record.laps, previous=before)
    place = {name: n for n, name in enumerate(record.athletes)}

    def roster_place(report: KickReport) -> int:
        return -1 if report.athlete is None else place.get(report.athlete, len(place))

    return sorted(reports, key=roster_place)


def session_reports_by_id(store: HistoryReader, session_id: int) -> list[KickReport]:
    """Raises `UnknownSession` for an id the store doesn't have."""
    return session_reports(store, store.get_session(session_id))
