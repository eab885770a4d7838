"""The finish screen's results in coach mode: athletes × reps, each athlete's mean, best, target and kick.

One column per rep as it was run (a DNF stays in its own column, so the
columns line up with the reps), then the athlete's mean and best over the
reps they finished, their own target and their mean difference from it, and
their kick: the final rep against their own mean of the earlier ones (by
pace when the reps differ in distance).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from kicktimer.app.coach.display import NOTHING, board_time, kick_text, result_cell, targets_summary
from kicktimer.core.coach.session import Results

FINAL_STYLE = "bold reverse"
DNF_STYLE = "bold red"


def rep_heading(number: int, label: str | None) -> str:
    return label if label else str(number)


class CoachResultsTable(DataTable[Text]):
    """Athletes × reps; the final rep's column highlighted, DNFs marked."""

    def __init__(self, results: Results, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.results = results
        reps = results.reps
        headings = [rep_heading(n, rep.segment.rep) for n, rep in enumerate(reps, start=1)]
        self.add_column("Athlete", key="athlete")
        for n, heading in enumerate(headings):
            self.add_column(heading, key=f"rep-{n}")
        self.add_column("Mean", key="mean")
        self.add_column("Best", key="best")
        self.add_column("Target", key="target")
        self.add_column("±", key="diff")
        self.add_column("Kick", key="kick")
        for athlete in results.athletes:
            splits = results.splits_of(athlete)
            stats = results.stats_of(athlete)
            cells = [Text(f"{athlete.key} {athlete.name}", style="bold")]  # Text: a name is never markup
            for n, split in enumerate(splits):
                style = DNF_STYLE if split.dnf else FINAL_STYLE if n == len(splits) - 1 else ""
                cells.append(Text(result_cell(split), style=style, justify="right"))
            cells.append(Text(NOTHING if stats.mean_s is None else board_time(stats.mean_s), justify="right"))
            cells.append(Text(NOTHING if stats.best_s is None else board_time(stats.best_s), justify="right"))
            target, difference = targets_summary(splits)
            cells.append(Text(target, justify="right"))
            cells.append(Text(difference, justify="right"))
            cells.append(Text(kick_text(results.kick_of(athlete)), justify="right"))
            self.add_row(*cells, key=athlete.name)

    def row_text(self, athlete_name: str) -> list[str]:
        """One athlete's row as plain text (for tests)."""
        return [cell.plain for cell in self.get_row(athlete_name)]
