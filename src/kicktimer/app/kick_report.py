"""The finish screen's kick report: read the session back from the history, judge the finish.

The analysis is `kicktimer.core.report` (pure); `kicktimer.reporting` reads
the session the store kept and the previous run of the same workout and
draws the report (the same drawing as `kick history show`). This module
only wires that to the store the app opened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.console import RenderableType

if TYPE_CHECKING:
    from kicktimer.app.services import ReportFor
    from kicktimer.app.session import SessionLog
    from kicktimer.core.segments import Plan
    from kicktimer.reporting.session_report import HistoryReader


def report_builder(reader: Callable[[], HistoryReader]) -> ReportFor:
    """A `ReportFor` that reads the finished session (and the one before it) from `reader()`.

    The analysis and its drawing are imported when a workout finishes, not at start-up.
    """

    def build(session_id: int | None, log: SessionLog, plan: Plan) -> RenderableType | None:
        from kicktimer.reporting.session_report import finished_session_report

        if session_id is None:
            return None
        return finished_session_report(reader(), session_id)

    return build
