"""User text is text: the one place where strings meet Rich.

Workout names, tags, cues, roster names, paths and error messages come from
outside. Rich and Textual read a plain `str` as markup, so `Tempo [hard]`
would lose `[hard]` and `Reps [/]` would raise. The rule:

- user text travels as `rich.text.Text` (`plain()`), which is never parsed;
- markup is only what the program writes, as styles on `Text` (`styled()`);
- every console `kick` prints with has markup, `:emoji:` codes and
  highlighting off (`console()`), so even a string that slips through is
  printed as written;
- on screen, notices go through `KickApp.notify`, which never reads markup,
  and widgets showing user text have markup off or are given `Text`.

Columns are cut by display width (`fit()`), not by `len()`: a CJK character
or an emoji takes two cells.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.console import Console
from rich.text import Text

from kicktimer.errors import LONE_SURROGATES, TERMINAL_CONTROLS, escaped

ELLIPSIS = "…"


# What user text may not carry to the terminal (kicktimer.errors); tab and line feed are text.
_UNSAFE = re.compile(f"[{TERMINAL_CONTROLS}{LONE_SURROGATES}]")


def shown(text: str) -> str:
    """`text` exactly as written, but with what would drive the terminal written as an escape (`\\x1b`).

    Tab and line feed stay: they are text. Returns `text` itself when it needs no escape.
    """
    if _UNSAFE.search(text) is None:
        return text
    return _UNSAFE.sub(escaped, text)


def plain(text: str, style: str = "") -> Text:
    """User text as it was written (`shown`), with an optional style the program chose."""
    return Text(shown(text), style=style)


def styled(*parts: str | Text | tuple[str, str]) -> Text:
    """Join pieces into one Text: `(text, style)` pairs, `Text`, or plain strings, none parsed."""
    return Text.assemble(*parts)


def console(**options: Any) -> Console:
    """A console that prints strings exactly as written: no markup, no emoji codes, no highlighting."""
    return Console(markup=False, emoji=False, highlight=False, **options)


def width_of(text: str) -> int:
    """How many terminal cells `text` takes."""
    return cell_len(text)


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` cells (like `f"{text:<{width}}"`, by display width)."""
    return text + " " * max(0, width - cell_len(text))


def fit(text: str, width: int) -> str:
    """`text` shortened with … to at most `width` terminal cells (wide characters count two)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS
    return set_cell_size(text, width - 1).rstrip() + ELLIPSIS
