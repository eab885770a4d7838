"""The board's URL as a QR code in text, so a tablet can open it by camera from the preview.

segno makes the code (pure Python, no dependencies); it is drawn here with
half-block characters, two modules to a character cell, dark on light with
a one-module quiet zone, so it fits beside the plan (35 × 18 cells for a
LAN URL with its token).
"""

from __future__ import annotations

import segno

QUIET_ZONE = 1
_CELLS = {(False, False): "█", (False, True): "▀", (True, False): "▄", (True, True): " "}
"""(top dark, bottom dark) → the character: light modules are drawn, dark ones left blank,
so the code reads dark-on-light on a dark terminal (what phone cameras expect)."""


def qr_lines(text: str) -> list[str]:
    """The QR code of `text` as lines of half-block characters."""
    code = segno.make(text, error="l", micro=False)
    rows = [[bool(module) for module in row] for row in code.matrix_iter(border=QUIET_ZONE)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    return [
        "".join(_CELLS[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1], strict=True))
        for i in range(0, len(rows), 2)
    ]
