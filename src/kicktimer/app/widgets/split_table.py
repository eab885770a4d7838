"""The finish screen's table: every step as it was run, against its plan.

A ten-hour session has thousands of steps, and a DataTable row costs about
0.2 ms to add: all of them before the first frame took 2.2 s. Rows are added
a page at a time instead, the next page when the view comes within a page of
the last row added, so the screen opens as fast after 10,000 steps as after 10.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import DataTable

from kicktimer.app.display import rep_text, split_text
from kicktimer.core.events import StepEnded
from kicktimer.core.laps import change_text, difference_s, ending_mark
from kicktimer.ports import LapFigures

_COLUMNS = ("#", "Step", "Rep", "Planned", "Target", "Actual", "±")
PAUSE_SHOWN_FROM_S = 0.05
PAGE_ROWS = 100


class SplitTable(DataTable[Text]):
    """One row per finished step: planned, target, actual, the difference and the time paused.

    The Paused column is there only when a step was paused, as in `kick history show`:
    empty in every row it only took room.

    A step that did not end as planned (skipped, restarted, stopped, a rep
    the send-off clock ended) says so in the ± column: its time is no split.
    """

    def __init__(
        self,
        completed: Sequence[StepEnded] = (),
        *,
        figures: Mapping[tuple[int, float], LapFigures] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._figures = figures or {}
        values = self._figures.values()
        self._belt = any(f.belt_distance_m is not None for f in values)
        self._heart = any(f.hr_avg is not None for f in values)
        self._paused = False
        self._completed: Sequence[StepEnded] = ()
        self.show(completed)

    @property
    def steps(self) -> int:
        """How many steps the table holds (rows are added as the view comes near them)."""
        return len(self._completed)

    def show(self, completed: Sequence[StepEnded]) -> None:
        self.clear(columns=True)
        self._completed = completed
        self._paused = any(ended.paused_s >= PAUSE_SHOWN_FROM_S for ended in completed)
        paused = ("Paused",) if self._paused else ()
        extra = (("Belt", "km/h") if self._belt else ()) + (("HR avg", "HR max") if self._heart else ())
        self.add_columns(*_COLUMNS, *paused, *extra)
        self._add_page()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self.row_count < len(self._completed) and new_value + 2 * PAGE_ROWS >= self.row_count:
            self._add_page()

    def _add_page(self) -> None:
        start = self.row_count
        for ended in self._completed[start : start + PAGE_ROWS]:
            segment = ended.segment
            self._add_plain_row(
                str(segment.index + 1),
                segment.label,
                rep_text(segment),
                "" if segment.duration_s is None else split_text(segment.duration_s),
                "" if segment.target_s is None else split_text(segment.target_s),
                split_text(ended.active_s),
                ending_mark(segment.kind.value, ended.reason) or self._difference(ended),
                *self._paused_cell(ended),
                *self._device_cells(ended),
            )

    def _add_plain_row(self, *cells: str) -> None:
        """Cells are plain text: a label with brackets is not markup."""
        self.add_row(*(Text(cell) for cell in cells))

    @staticmethod
    def _difference(ended: StepEnded) -> str:
        """Written as `kick history show` writes it (`core/laps.change_text`)."""
        segment = ended.segment
        difference = difference_s(ended.active_s, segment.duration_s, segment.target_s)
        return "" if difference is None else change_text(difference)

    def _paused_cell(self, ended: StepEnded) -> list[str]:
        if not self._paused:
            return []
        return ["" if ended.paused_s < PAUSE_SHOWN_FROM_S else split_text(ended.paused_s)]

    def _device_cells(self, ended: StepEnded) -> list[str]:
        """Belt distance and speed, heart rate: what the devices measured in this step, if any."""
        figures = self._figures.get((ended.segment.index, ended.started_at), LapFigures())
        cells = []
        if self._belt:
            cells.append("" if figures.belt_distance_m is None else f"{figures.belt_distance_m:.0f} m")
            cells.append("" if figures.avg_speed_kmh is None else f"{figures.avg_speed_kmh:.1f}")
        if self._heart:
            cells.append("" if figures.hr_avg is None else f"{figures.hr_avg:.0f}")
            cells.append("" if figures.hr_max is None else str(figures.hr_max))
        return cells
