"""Standard error that never passes a control character through to the terminal.

kick's messages name files and quote what was typed: a file called
`x<ESC>]0;title<BEL>.yaml` or an argument with an escape sequence in it would,
printed raw, retitle, recolour or clear the runner's terminal. Every plain
message on standard error goes through `GuardedStderr`, which writes such
characters as escapes (`\\x1b`); line breaks and tabs stay. Rich consoles
(a crash's traceback) write to the real stream, through `rich_proxied_file`,
with their own colours.
"""

from __future__ import annotations

import re
from typing import Any, TextIO

from kicktimer.errors import LONE_SURROGATES, TERMINAL_CONTROLS, escaped

# What may not reach the terminal (kicktimer.errors); tab and line feed are text.
_UNSAFE = re.compile(f"[{TERMINAL_CONTROLS}{LONE_SURROGATES}]")


class GuardedStderr:
    """A text stream that writes to `stream` with control characters escaped."""

    def __init__(self, stream: TextIO) -> None:
        self.rich_proxied_file = stream

    def write(self, text: str) -> int:
        if _UNSAFE.search(text) is not None:
            text = _UNSAFE.sub(escaped, text)
        return self.rich_proxied_file.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich_proxied_file, name)
