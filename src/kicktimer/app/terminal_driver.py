"""Textual's Linux driver, told what to do when the terminal it draws on goes away.

Closing the terminal window hangs up the tty under a running `kick`. Textual
writes every frame from one writer thread; the first write to a hung-up tty
raises EIO, which ends that thread, and from then on every frame waits in its
queue of 30. Once the queue is full the event loop blocks for good, in a
frame, in Textual's own shutdown, or in its SIGCONT handler (which the system
sends with the SIGHUP to a stopped program), and a process with no terminal
stays behind for ever, its input thread spinning on end-of-file. Seen here:
`kick run` processes alive an hour after their tmux server was killed.

So the output file here never raises: the first failed write marks the
terminal gone, later writes are dropped, and the app is told on its loop, so
the run writes what it holds and ends as it does on SIGHUP, whether or not
that signal ever arrives.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from textual.drivers.linux_driver import LinuxDriver

if TYPE_CHECKING:
    from textual.app import App


class TerminalOutput:
    """The tty's file for Textual's writer thread: writes that fail once mean the terminal is gone."""

    def __init__(self, file: IO[str], when_gone: Callable[[], None]) -> None:
        self._file = file
        self._when_gone = when_gone
        self.gone = False

    def write(self, text: str) -> int:
        if not self.gone:
            try:
                self._file.write(text)
            except OSError:
                self._lost()
        return len(text)

    def flush(self) -> None:
        if not self.gone:
            try:
                self._file.flush()
            except OSError:
                self._lost()

    def fileno(self) -> int:
        return self._file.fileno()

    def isatty(self) -> bool:
        return True

    def _lost(self) -> None:
        self.gone = True
        self._when_gone()


class HangUpAwareDriver(LinuxDriver):
    """`LinuxDriver` whose output survives the terminal going away and reports it to the app.

    The app is told through `on_terminal_gone()` on its own loop (the
    failed write happens on Textual's writer thread).
    """

    def __init__(self, app: App[Any], **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        loop = asyncio.get_running_loop()
        gone: Callable[[], None] = getattr(app, "on_terminal_gone", lambda: None)
        if self._file is not None:
            # Textual types it as the TextIOWrapper it sets; its writer thread only writes and flushes.
            self._file = TerminalOutput(self._file, lambda: loop.call_soon_threadsafe(gone))  # type: ignore[assignment,arg-type]
