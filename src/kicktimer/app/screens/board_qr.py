"""The board's QR code full size, over the preview (`c`): for a terminal too small to show it beside the plan.

A tablet's camera needs every module of the code on screen; on an 80 × 24
terminal the plan leaves no room for it, so the preview offers this instead.
Any key goes back.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Static


class BoardQrScreen(ModalScreen[None]):
    """The QR code and the URL, centred; any key closes it."""

    DEFAULT_CSS = """
    BoardQrScreen { align: center middle; }
    BoardQrScreen > Vertical { width: auto; height: auto; background: $panel; padding: 0 1; }
    #board-qr-code { width: auto; color: white; background: black; }
    #board-qr-url { width: auto; max-width: 100%; }
    """

    def __init__(self, url: str, qr: Sequence[str]) -> None:
        super().__init__()
        self.url = url
        self.qr = tuple(qr)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("\n".join(self.qr), id="board-qr-code", markup=False)
            yield Static(self.url, id="board-qr-url", markup=False)
            yield Static("any key goes back", id="board-qr-hint", markup=False)

    def on_key(self, event: Key) -> None:
        event.stop()
        self.dismiss(None)
