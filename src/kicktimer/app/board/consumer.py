"""The browser board as one of the run's consumers (`kicktimer.app.factory.CONSUMERS`).

Without `--board` the factory's entry gives a consumer that does nothing,
and this module imports nothing of aiohttp: the server's modules are
imported only when the app was given a board.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from kicktimer.app.consumers import BaseConsumer, RunConsumer, RunEffect, RunSnapshot

if TYPE_CHECKING:
    from kicktimer.app.board.feed import BoardFeed
    from kicktimer.app.services import RunContext


class BoardConsumer(BaseConsumer):
    """Publishes each snapshot to the board's pages; `publish` returns at once, whatever the pages do."""

    name = "The browser board"

    def __init__(self, feed: BoardFeed) -> None:
        self._feed = feed

    def on_effects(self, effects: Sequence[RunEffect], snapshot: RunSnapshot) -> None:
        self._feed.effects(effects)

    def on_snapshot(self, snapshot: RunSnapshot) -> None:
        self._feed.show(snapshot.workout, snapshot.view, snapshot.athletes)


def show_on_board(context: RunContext) -> RunConsumer:
    """The board's consumer for this run, or one that does nothing without `--board`."""
    board = context.services.board
    if board is None:
        return BaseConsumer()
    from kicktimer.app.board.feed import BoardFeed

    return BoardConsumer(BoardFeed(board))
