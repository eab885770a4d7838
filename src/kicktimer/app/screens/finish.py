"""The end of a workout: every split, the total, and the kick report.

The table under the heading is the run mode's (`ModeRun.finish_table`): the
split table for a runner, the athletes' results (athletes × reps, with each
one's kick) for a coach.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Label

from kicktimer.app.display import clock_text, split_text
from kicktimer.app.session import SessionLog
from kicktimer.app.widgets.footer import Footer
from kicktimer.app.widgets.kick_report import KickReportPanel
from kicktimer.core.laps import outcome_text, skipped_steps

if TYPE_CHECKING:
    from textual.widget import Widget

ReportBuilder = Callable[[], RenderableType | None]
Exporter = Callable[[], str]
"""Writes the session to a file and says where (for a session the history could not keep)."""


def total_text(log: SessionLog) -> str:
    """`Total 42:10 · paused 1:05`: the running time, and the pauses if there were any."""
    active = sum(ended.active_s for ended in log.completed)
    paused = sum(ended.paused_s for ended in log.completed)
    text = f"Total {clock_text(round(active))}"
    if paused >= 0.5:
        text += f" · paused {split_text(paused)}"
    return text


class FinishScreen(Screen[None]):
    """The mode's table and the total time; the kick report below when there is one. q leaves."""

    CSS_PATH = "finish.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "leave", "Leave"),
        Binding("e", "export", "Export to a file"),
    ]

    def __init__(
        self,
        log: SessionLog,
        *,
        workout_name: str,
        completed: bool,
        session_id: int | None,
        report: ReportBuilder | None = None,
        leave: Callable[[], None] | None = None,
        export: Exporter | None = None,
        table: Widget,
    ) -> None:
        super().__init__()
        self._table = table
        self._log = log
        self._workout_name = workout_name
        self._completed = completed
        self._session_id = session_id
        self._report = report
        self._leave = leave
        self._export = export

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="finish"):
            with Vertical(id="finish-heading"):
                yield Label(self._title(), id="finish-title", markup=False)
                yield Label(total_text(self._log), id="finish-total")
                yield Label(self._saved_text(), id="finish-saved", markup=False)
            yield self._table
            report, reason = self._build_report()
            yield KickReportPanel(report, reason, id="kick-report")
        yield Footer()

    def _title(self) -> str:
        """`Done: NAME`, `Finished, 3 steps skipped: NAME` (as `kick history` says it), or `Stopped: NAME`."""
        if not self._completed:
            return "Stopped: " + self._workout_name
        skipped = skipped_steps((ended.segment.index, ended.reason) for ended in self._log.completed)
        outcome = outcome_text("completed", skipped)
        return ("Done" if outcome == "completed" else outcome.capitalize()) + ": " + self._workout_name

    def _saved_text(self) -> str:
        if self._export is not None:
            return "The history could not keep this session: e saves it to a file."
        if self._session_id is None:
            return "Not saved to history."
        return f"Saved as session {self._session_id} · kick history show {self._session_id}"

    def _build_report(self) -> tuple[RenderableType | None, str]:
        """The report, or why there is none; a failing report never hides the splits."""
        if self._report is None:
            return None, "No kick report: the history is not available."
        try:
            report = self._report()
        except Exception as error:  # a report bug must not cost the runner the split table
            return None, f"No kick report: {error}"
        return report, "No kick report for this session."

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer the export only for a session the history could not keep."""
        return self._export is not None if action == "export" else True

    def action_export(self) -> None:
        if self._export is None:
            return
        message = self._export()
        self.query_one("#finish-saved", Label).update(message)
        self.notify(message, timeout=8)

    def action_leave(self) -> None:
        if self._leave is not None:
            self._leave()
        else:
            self.app.exit()
