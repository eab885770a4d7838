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

# C0 controls but tab and line feed, DEL, C1 controls, the Unicode line and paragraph
# separators, the bidirectional embeddings, overrides and isolates, and the lone
# surrogates that stand for a file name's non-UTF-8 bytes.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0D:
        return "\\r"
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class GuardedStderr:
    """A text stream that writes to `stream` with control characters escaped."""

    def __init__(self, stream: TextIO) -> None:
        self.rich_proxied_file = stream

    def write(self, text: str) -> int:
        if _UNSAFE.search(text) is not None:
            text = _UNSAFE.sub(_escaped, text)
        return self.rich_proxied_file.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rich_proxied_file, name)
