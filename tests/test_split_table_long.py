"""The finish screen's split table after thousands of steps: rows come as the view reaches them."""

from __future__ import annotations

from textual.app import App, ComposeResult

from kicktimer.app.widgets.split_table import PAGE_ROWS, SplitTable
from kicktimer.core.events import StepEnded
from plan_builders import timed

STEPS = 2_000


def ten_hours() -> list[StepEnded]:
    return [StepEnded(timed(f"Step [{n}]", 3.6), 3.6 * n, 3.6 * (n + 1), 0.0, "time") for n in range(STEPS)]


class Host(App[None]):
    CSS = "SplitTable { height: auto; max-height: 24; }"  # as on the finish screen

    def __init__(self, completed: list[StepEnded]) -> None:
        super().__init__()
        self.completed = completed

    def compose(self) -> ComposeResult:
        yield SplitTable(self.completed, id="splits")


async def test_every_step_is_reached_by_scrolling_and_the_first_frame_holds_one_page() -> None:
    app = Host(ten_hours())
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.query_one(SplitTable)
        assert table.steps == STEPS
        assert table.row_count == PAGE_ROWS
        assert str(table.get_row_at(0)[1]) == "Step [0]"
        table.focus()
        while table.row_count < STEPS:
            before = table.row_count
            await pilot.press("ctrl+end")
            await pilot.pause()
            assert table.row_count > before
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert str(table.get_row_at(STEPS - 1)[1]) == f"Step [{STEPS - 1}]"
        assert str(table.get_row_at(STEPS - 1)[5]) == "3.6"
