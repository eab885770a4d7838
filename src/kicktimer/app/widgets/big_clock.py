"""The timer's clock: Textual's `Digits`, grown to fill whatever room the screen gives it.

`Digits` draws three rows per figure, about a centimetre on a laptop: fine at
arm's length, not from a treadmill two metres away. `BigClock` is a `Digits`
(same `value` and `update`), but when its region has room it draws the
figures in a chunky block font scaled up as far as they fit, using half-block
characters so each pixel is roughly square. In a small terminal it falls back
to the plain three-row digits.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.align import Align, AlignMethod
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from textual.app import RenderResult as TextualRenderResult
from textual.renderables.digits import Digits as DigitsRenderable
from textual.widgets import Digits

_FONT: dict[str, tuple[str, ...]] = {
    "0": ("###", "#.#", "#.#", "#.#", "###"),
    "1": (".#.", "##.", ".#.", ".#.", "###"),
    "2": ("###", "..#", "###", "#..", "###"),
    "3": ("###", "..#", "###", "..#", "###"),
    "4": ("#.#", "#.#", "###", "..#", "..#"),
    "5": ("###", "#..", "###", "..#", "###"),
    "6": ("###", "#..", "###", "#.#", "###"),
    "7": ("###", "..#", "..#", "..#", "..#"),
    "8": ("###", "#.#", "###", "#.#", "###"),
    "9": ("###", "#.#", "###", "..#", "###"),
    ":": (".", "#", ".", "#", "."),
    "+": ("...", ".#.", "###", ".#.", "..."),
    "-": ("...", "...", "###", "...", "..."),
    " ": ("..", "..", "..", "..", ".."),
}
_HORIZONTAL: dict[str, AlignMethod] = {"left": "left", "center": "center", "right": "right"}
GLYPH_ROWS = 5
STEADY_TEMPLATE = "00:00"
MIN_SCALE = 2
"""Below this the block font is no bigger than `Digits`, so `Digits` draws."""


def pixel_width(text: str) -> int:
    """Width in font pixels, one blank pixel between figures."""
    glyphs = [_FONT[char] for char in text if char in _FONT]
    return sum(len(glyph[0]) for glyph in glyphs) + max(0, len(glyphs) - 1)


def fit_scale(text: str, width: int, height: int) -> int:
    """The largest pixel size (in columns) at which `text` fits `width` × `height` cells.

    Sized for at least `00:00`, so the figures keep their size as a
    countdown goes from 10:00 to 9:59 or a lead-in shows 0:03.
    """
    pixels = max(pixel_width(text), pixel_width(STEADY_TEMPLATE))
    if pixels == 0:
        return 0
    by_width = width // pixels
    by_height = (2 * height) // GLYPH_ROWS
    return max(0, min(by_width, by_height))


def pixel_rows(text: str) -> list[list[bool]]:
    """The text as GLYPH_ROWS rows of pixels (True = ink)."""
    rows: list[list[bool]] = [[] for _ in range(GLYPH_ROWS)]
    first = True
    for char in text:
        glyph = _FONT.get(char)
        if glyph is None:
            continue
        for row, pattern in zip(rows, glyph, strict=True):
            if not first:
                row.append(False)
            row.extend(mark == "#" for mark in pattern)
        first = False
    return rows


def block_lines(text: str, scale: int) -> list[str]:
    """The text drawn with ▀ ▄ █: each pixel `scale` columns wide and `scale` half-rows tall."""
    half_rows: list[list[bool]] = []
    for row in pixel_rows(text):
        wide = [ink for ink in row for _ in range(scale)]
        half_rows.extend(wide for _ in range(scale))
    if len(half_rows) % 2:
        half_rows.append([False] * len(half_rows[0]))
    lines = []
    for top, bottom in zip(half_rows[::2], half_rows[1::2], strict=True):
        lines.append("".join(_cell(upper, lower) for upper, lower in zip(top, bottom, strict=True)))
    return lines


def _cell(upper: bool, lower: bool) -> str:
    if upper and lower:
        return "█"
    if upper:
        return "▀"
    if lower:
        return "▄"
    return " "


class BlockFigures:
    """A Rich renderable of block-font lines, centred in the space it is given."""

    def __init__(self, lines: list[str], style: Style, width: int, height: int, align: str) -> None:
        self.lines = lines
        self.style = style
        self.width = width
        self.height = height
        self.align = align

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        top = max(0, (self.height - len(self.lines)) // 2)
        blank = Segment(" " * width, self.style)
        yield from self._blank_lines(top, blank)
        for line in self.lines:
            room = max(0, width - len(line))
            left = room // 2 if self.align == "center" else room if self.align == "right" else 0
            yield Segment(" " * left + line + " " * (room - left), self.style)
            yield Segment.line()
        yield from self._blank_lines(max(0, self.height - top - len(self.lines)), blank)

    @staticmethod
    def _blank_lines(count: int, blank: Segment) -> Iterable[Segment]:
        for _ in range(count):
            yield blank
            yield Segment.line()


class BigClock(Digits):
    """A `Digits` that scales its figures up to fill its region."""

    @property
    def scale(self) -> int:
        """The pixel size in use now (0 or 1: the plain three-row `Digits`)."""
        size = self.content_size
        scale = fit_scale(self.value, size.width, size.height)
        return scale if scale >= MIN_SCALE else 1

    def render(self) -> TextualRenderResult:
        scale = self.scale
        size = self.content_size
        align = str(self.styles.text_align)
        if scale < MIN_SCALE:
            horizontal: AlignMethod = (
                "center" if align == "center" else "right" if align == "right" else "left"
            )
            figures = DigitsRenderable(self.value, self.rich_style)
            return Align(figures, horizontal, self.rich_style, vertical="middle", height=size.height)
        return BlockFigures(block_lines(self.value, scale), self.rich_style, size.width, size.height, align)
