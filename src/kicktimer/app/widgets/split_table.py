"""The finish screen's table: every step as it was run, against its plan."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from kicktimer.app.display import rep_fraction, split_text
from kicktimer.core.events import StepEnded

_COLUMNS = ("#", "Step", "Rep", "Planned", "Target", "Actual", "±", "Paused")


def difference_text(actual_s: float, expected_s: float | None) -> str:
    if expected_s is None:
        return ""
    difference = actual_s - expected_s
    return f"{'+' if difference >= 0 else '-'}{split_text(abs(difference))}"


class SplitTable(DataTable[Text]):
    """One row per finished step: planned, target, actual, the difference and the time paused."""

    def __init__(self, completed: Sequence[StepEnded] = (), *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.add_columns(*_COLUMNS)
        self.show(completed)

    def _add_plain_row(self, *cells: str) -> None:
        """Cells are plain text: a label with brackets is not markup."""
        self.add_row(*(Text(cell) for cell in cells))

    def show(self, completed: Sequence[StepEnded]) -> None:
        self.clear()
        for ended in completed:
            segment = ended.segment
            rep = rep_fraction(segment.rep_number, segment.rep_count)
            self._add_plain_row(
                str(segment.index + 1),
                segment.label,
                rep,
                "" if segment.duration_s is None else split_text(segment.duration_s),
                "" if segment.target_s is None else split_text(segment.target_s),
                split_text(ended.active_s),
                difference_text(ended.active_s, segment.planned_length_s),
                "" if ended.paused_s < 0.05 else split_text(ended.paused_s),
            )
