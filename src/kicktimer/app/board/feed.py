"""What the run hands the board: the moments it shows, and what the coach's keys did.

Kept apart from the run's wiring so the same two calls serve whatever
drives them: `show` after every wake-up or key (the state is published only
when its text differs from the last, so a page is sent nothing while
nothing it shows changes), `effects` with the run's effects as they happen
(the coach board's news line: "Ana 1:12.4 (−1.6) · 2 still out").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kicktimer.app.board.state import board_state
from kicktimer.app.coach.display import news_text
from kicktimer.app.services import Board
from kicktimer.core.coach.board import AthleteRow, BoardEffect
from kicktimer.core.engine_view import EngineView

_BOARD_EFFECTS: tuple[type, ...] = BoardEffect.__args__


class BoardFeed:
    """Turns the run's moments into board states for one board (`BoardLink`)."""

    def __init__(self, link: Board) -> None:
        self.link = link
        self.news = ""

    def effects(self, effects: Iterable[object]) -> None:
        """Keep the latest line the coach's board would show for these effects."""
        for effect in effects:
            if isinstance(effect, _BOARD_EFFECTS):
                text = news_text(effect)  # type: ignore[arg-type]
                if text is not None:
                    self.news = text

    def show(self, workout: str, view: EngineView, rows: Sequence[AthleteRow] = ()) -> None:
        self.link.publish(board_state(workout, view, rows, self.news))
