"""The timer's clock: Textual's `Digits`, grown to fill whatever room the screen gives it.

`Digits` draws three rows per figure, about a centimetre on a laptop: fine at
arm's length, not from a treadmill two metres away. `BigClock` is a `Digits`
(same `value` and `update`), but when its region has room it draws the
figures in a chunky block font scaled up as far as they fit, using half-block
characters so each pixel is roughly square. In a small terminal it falls back
to the plain three-row digits.

It is cheap to redraw once a second: each figure is drawn once per size and
kept, the lines are handed to Textual as ready strips (its line API) and a
line that reads as before keeps its strip, and an update marks only the
cells that changed, worked out from the figures that changed
(`changed_figures`) rather than by comparing every cell of the clock, so the
terminal gets the one or two figures that moved rather than the whole clock.
"""

from __future__ import annotations

from functools import lru_cache

from rich.align import Align, AlignMethod
from rich.segment import Segment
from textual.app import RenderResult
from textual.geometry import Region, Size
from textual.renderables.digits import Digits as DigitsRenderable
from textual.strip import Strip
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


_PIXEL_WIDTHS = {char: len(glyph[0]) for char, glyph in _FONT.items()}


def pixel_width(text: str) -> int:
    """Width in font pixels, one blank pixel between figures.

    Not cached: a cache keyed by the clock's text keeps a new entry each
    second for as long as the workout counts; summing five widths costs less.
    """
    widths = [_PIXEL_WIDTHS[char] for char in text if char in _PIXEL_WIDTHS]
    return sum(widths) + max(0, len(widths) - 1)


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


def _cell(upper: bool, lower: bool) -> str:
    if upper and lower:
        return "█"
    if upper:
        return "▀"
    if lower:
        return "▄"
    return " "


@lru_cache(maxsize=64)
def glyph_lines(char: str, scale: int) -> tuple[str, ...]:
    """One figure drawn with ▀ ▄ █: each pixel `scale` columns wide and `scale` half-rows tall."""
    half_rows: list[list[bool]] = []
    for pattern in _FONT[char]:
        wide = [mark == "#" for mark in pattern for _ in range(scale)]
        half_rows.extend(wide for _ in range(scale))
    if len(half_rows) % 2:
        half_rows.append([False] * len(half_rows[0]))
    return tuple(
        "".join(_cell(upper, lower) for upper, lower in zip(top, bottom, strict=True))
        for top, bottom in zip(half_rows[::2], half_rows[1::2], strict=True)
    )


def block_lines(text: str, scale: int) -> list[str]:
    """The text in the block font, one blank pixel between figures."""
    glyphs = [glyph_lines(char, scale) for char in text if char in _FONT]
    if not glyphs:
        return []
    gap = " " * scale
    return [gap.join(glyph[row] for glyph in glyphs) for row in range(len(glyphs[0]))]


def place_lines(lines: list[str], width: int, height: int, align: str) -> list[str]:
    """The block lines padded to `width` × `height`: centred vertically, aligned across."""
    top = max(0, (height - len(lines)) // 2)
    placed = [" " * width] * top
    for line in lines[: max(0, height - top)]:
        room = max(0, width - len(line))
        left = room // 2 if align == "center" else room if align == "right" else 0
        placed.append(" " * left + line + " " * (room - left))
    placed += [" " * width] * (height - len(placed))
    return placed


def changed_figures(old: str, new: str, scale: int, width: int, height: int, align: str) -> list[Region]:
    """The cells that differ between `old` and `new` drawn at `scale`, one region per changed line.

    For two values of one length whose changed figures are as wide as the
    ones they replace (0-9 are all three pixels), every figure stays where it
    was, so only the changed figures' rows are compared. Anything else (a
    figure of another width, a character the font lacks) is the whole clock.
    """
    whole = [Region(0, 0, width, height)]
    if len(old) != len(new) or not all(char in _FONT for char in old + new):
        return whole
    widths = [len(glyph_lines(char, scale)[0]) for char in old]
    rows = len(glyph_lines(old[0], scale)) if old else 0
    top = max(0, (height - rows) // 2)
    room = max(0, width - (sum(widths) + scale * max(0, len(old) - 1)))
    x = room // 2 if align == "center" else room if align == "right" else 0
    changed: dict[int, tuple[int, int]] = {}
    for before, after, figure_width in zip(old, new, widths, strict=True):
        if before != after:
            if len(glyph_lines(after, scale)[0]) != figure_width:
                return whole
            old_rows, new_rows = glyph_lines(before, scale), glyph_lines(after, scale)
            for row in range(min(rows, height - top)):
                if old_rows[row] != new_rows[row]:
                    first, last = changed.get(top + row, (x, x + figure_width))
                    changed[top + row] = (min(first, x), max(last, x + figure_width))
        x += figure_width + scale
    return [Region(first, y, last - first, 1) for y, (first, last) in sorted(changed.items())]


class BigClock(Digits):
    """A `Digits` that scales its figures up to fill its region."""

    def __init__(self, value: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(value, id=id, classes=classes)
        self._lines: list[str] = []
        self._lines_for: tuple[str, Size, str] | None = None
        self._strips: list[Strip] = []
        self._strip_lines: list[str] = []
        self._strips_key: tuple[object, ...] | None = None

    @property
    def scale(self) -> int:
        """The pixel size in use now (1: the plain three-row `Digits`)."""
        size = self.content_size
        scale = fit_scale(self.value, size.width, size.height)
        return scale if scale >= MIN_SCALE else 1

    def update(self, value: str) -> None:
        """Show `value`, marking only the cells that change (all of it when the layout may change)."""
        before = self.value
        if value == before:
            return
        width, height = self.content_size
        scale = fit_scale(before, width, height)
        if scale < MIN_SCALE or len(value) != len(before) or fit_scale(value, width, height) != scale:
            super().update(value)
            return
        self._value = value  # Digits keeps its value here; set it without Digits' whole-widget refresh
        align = str(self.styles.text_align)
        self.refresh(*changed_figures(before, value, scale, width, height, align))

    def _place(self) -> list[str] | None:
        """The block lines for the current value and size, or None when the plain digits draw."""
        size = self.content_size
        scale = fit_scale(self.value, size.width, size.height)
        if scale < MIN_SCALE:
            return None
        align = str(self.styles.text_align)
        key = (self.value, size, align)
        if key != self._lines_for:
            self._lines = place_lines(block_lines(self.value, scale), size.width, size.height, align)
            self._lines_for = key
        return self._lines

    def render(self) -> RenderResult:
        """The plain `Digits`, centred vertically (used when there is no room to scale up)."""
        style = self.rich_style  # read once: it walks every ancestor's styles
        figures = DigitsRenderable(self.value, style)
        horizontal = _HORIZONTAL.get(str(self.styles.text_align), "left")
        return Align(figures, horizontal, style, vertical="middle", height=self.content_size.height)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Work out the block strips once per redraw, not once per line; a line as it was keeps its strip."""
        lines = self._place()
        if lines is not None:
            style = self.visual_style.rich_style  # kept until the styles change; `rich_style` is not
            width = self.content_size.width
            key = (style, width)
            if key != self._strips_key or len(self._strip_lines) != len(lines):
                self._strip_lines, self._strips = [], []
                self._strips_key = key
            kept = dict(zip(self._strip_lines, self._strips, strict=True))
            self._strips = [
                strip if (strip := kept.get(line)) is not None else Strip([Segment(line, style)], width)
                for line in lines
            ]
            self._strip_lines = list(lines)
        else:
            self._strips, self._strip_lines = [], []
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        if not self._strips:
            return super().render_line(y)
        if 0 <= y < len(self._strips):
            return self._strips[y]
        return Strip.blank(self.content_size.width)
