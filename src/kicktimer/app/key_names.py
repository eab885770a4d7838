"""The character and the footer text of each named key, without asking Unicode's name table.

Textual turns a key's name into a character (`key_to_character`, for every
key of every screen, widget and app binding behind the focused widget, each
time it lists the active bindings) and into the footer's text
(`format_key`) by looking the name up in the Unicode database:
`unicodedata.lookup("LEFT")`. For names that are no character's (enter,
left, right, home...) the lookup searches the name table and fails, and
the pages it reads stay in the process's memory: 0.8 MiB of a counting
`kick run`'s peak RSS (bench/timer_cpu.py), a quarter of what it held
above a bare Textual app.

The answers are the same every time, so they are written down here for
the named keys kick's screens and Textual's widgets bind; every other key
still goes to Textual. `tests/test_key_names.py` checks each answer against
Textual's own functions, so a Textual release that answers differently
fails there, and `tests/test_run_footprint.py` that a solo run looks
nothing up.
"""

from __future__ import annotations

import textual.screen
from textual.keys import KEY_DISPLAY_ALIASES
from textual.keys import key_to_character as _textual_key_to_character

CHARACTERS: dict[str, str | None] = {
    "enter": None,
    "escape": "\x1b",
    "tab": "\t",
    "space": " ",
    "backspace": "\x08",
    "delete": "\x7f",
    "insert": None,
    "up": None,
    "down": None,
    "left": None,
    "right": None,
    "home": None,
    "end": None,
    "pageup": None,
    "pagedown": None,
    "plus": None,
    "minus": None,
    "equals_sign": "=",
    "underscore": None,
}
"""What `textual.keys.key_to_character` answers for each of these key names."""

DISPLAYS: dict[str, str] = {
    "tab": "tab",
    "insert": "insert",
    "home": "home",
    "end": "end",
    "plus": "+",
    "equals_sign": "=",
    "underscore": "_",
}
"""What `textual.keys.format_key` answers for the named keys it has no display alias for."""


def key_display(key: str) -> str | None:
    """The footer's text for a key without modifiers, as Textual shows it; None: ask Textual.

    A letter or digit is shown as itself (no character is named by one
    letter, so Textual's lookup fails and it shows the key as named).
    """
    shown = KEY_DISPLAY_ALIASES.get(key) or DISPLAYS.get(key)
    if shown is not None:
        return shown
    if len(key) == 1 and key.isascii() and key.isalnum():
        return key
    return None


def key_to_character(key: str) -> str | None:
    """Textual's `key_to_character`, answered from `CHARACTERS` where the key is there."""
    if key in CHARACTERS:
        return CHARACTERS[key]
    return _textual_key_to_character(key)


def install() -> None:
    """Have Textual's screens ask `key_to_character` here (the name they imported from textual.keys)."""
    # textual.screen's own name for textual.keys.key_to_character (typed as its lru_cache wrapper).
    textual.screen.key_to_character = key_to_character  # type: ignore[attr-defined,assignment]
