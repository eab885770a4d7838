"""Asks before a running workout is stopped; the clock keeps running meanwhile.

Quitting by accident mid-rep would cost the session, so `q` asks first.
`y` (or `q` again) confirms; `n` or Escape goes back to the timer, which
has kept time all along.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from kicktimer.app.widgets.footer import Footer


class QuitConfirmScreen(ModalScreen[bool]):
    """Returns True to quit (the session is kept as aborted), False to carry on."""

    CSS_PATH = "quit_confirm.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,q", "answer(True)", "Quit"),
        Binding("n,escape", "answer(False)", "Keep going"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-dialog"):
            yield Label("Quit this workout?", id="quit-question")
            yield Label("The laps so far are kept; the session is saved as aborted.", id="quit-detail")
            yield Label("y / q quit · n / esc keep going", id="quit-keys")
        # its own footer: the timer's, still showing beneath, said `n Skip` and `p Pause`
        yield Footer()

    def action_answer(self, quit_run: bool) -> None:
        self.dismiss(quit_run)
