"""The finish screen's kick report: read the session back from the history, judge the finish.

The analysis is `kicktimer.core.report` (pure); this module fetches the laps
the store kept (so the report is about what was saved, exactly as
`kick history show` will see it) and the previous run of the same workout;
`kicktimer.history.render` draws it (the same drawing as `kick history show`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType

from kicktimer.core.report import SessionLaps, build_kick_reports
from kicktimer.history.render import render_kick_reports

if TYPE_CHECKING:
    from kicktimer.app.app import ReportFor
    from kicktimer.app.session import SessionLog
    from kicktimer.core.segments import Plan
    from kicktimer.history import HistoryReader


def report_builder(store: HistoryReader) -> ReportFor:
    """A `ReportFor` that reads the finished session (and the one before it) from `store`."""

    def build(session_id: int | None, log: SessionLog, plan: Plan) -> RenderableType | None:
        if session_id is None:
            return None
        record = store.get_session(session_id)
        before = store.previous_session(record.workout, record)
        previous = None if before is None else SessionLaps(before.id, before.started_at, before.laps)
        return render_kick_reports(build_kick_reports(record.laps, previous=previous))

    return build
