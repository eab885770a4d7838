"""The finish screen's kick report: read the session back from the history, judge the finish.

The analysis is `kicktimer.core.report` (pure); this module fetches the laps
the store kept (so the report is about what was saved, exactly as
`kick history show` will see it) and the previous run of the same workout;
`kicktimer.history.render` draws it (the same drawing as `kick history show`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import RenderableType

if TYPE_CHECKING:
    from kicktimer.app.app import ReportFor
    from kicktimer.app.session import SessionLog
    from kicktimer.core.segments import Plan
    from kicktimer.history import HistoryReader


def report_builder(reader: Callable[[], HistoryReader]) -> ReportFor:
    """A `ReportFor` that reads the finished session (and the one before it) from `reader()`.

    The analysis and its drawing are imported when a workout finishes, not at start-up.
    """

    def build(session_id: int | None, log: SessionLog, plan: Plan) -> RenderableType | None:
        from kicktimer.core.report import SessionLaps, build_kick_reports
        from kicktimer.history.render import render_kick_reports

        if session_id is None:
            return None
        store = reader()
        record = store.get_session(session_id)
        before = store.previous_session(record.workout, record)
        previous = None if before is None else SessionLaps(before.id, before.started_at, before.laps)
        return render_kick_reports(build_kick_reports(record.laps, previous=previous))

    return build
