"""The slot on the finish screen where the kick report goes.

The report itself (final rep against the earlier ones, spread, negative
splits, the last time this workout was run) is built by the history side
from the stored session; this widget only shows what it is given, so the
finish screen works whether or not a report is available.
"""

from __future__ import annotations

from rich.console import RenderableType
from textual.widgets import Static


class KickReportPanel(Static):
    """Shows a rendered kick report, or says why there is none."""

    def __init__(self, report: RenderableType | None, reason: str = "", *, id: str | None = None) -> None:
        super().__init__(report if report is not None else reason, id=id, markup=False)
        self.set_class(report is None, "-empty")
