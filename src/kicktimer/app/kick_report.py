"""The finish screen's kick report: read the session back from the history, judge the finish.

The analysis is `kicktimer.core.report` (pure); this module fetches the laps
the store kept (so the report is about what was saved, exactly as
`kick history show` will see it) and the previous run of the same workout;
`kicktimer.history.render` draws it (the same drawing as `kick history show`).
In coach mode the finish screen has the athletes' results table already, so
only each athlete's own report is drawn, in roster order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import RenderableType

if TYPE_CHECKING:
    from kicktimer.app.services import ReportFor
    from kicktimer.app.session import SessionLog
    from kicktimer.core.segments import Plan
    from kicktimer.history import HistoryReader


def report_builder(reader: Callable[[], HistoryReader]) -> ReportFor:
    """A `ReportFor` that reads the finished session (and the one before it) from `reader()`.

    The analysis and its drawing are imported when a workout finishes, not at start-up.
    """

    def build(session_id: int | None, log: SessionLog, plan: Plan) -> RenderableType | None:
        from rich.console import Group

        from kicktimer.history.render import render_kick_report, render_kick_reports
        from kicktimer.history.session_report import session_reports

        if session_id is None:
            return None
        store = reader()
        record = store.get_session(session_id)
        reports = session_reports(store, record)
        if record.athletes:
            return Group(*(render_kick_report(report) for report in reports if report.athlete is not None))
        return render_kick_reports(reports)

    return build
