"""Print a Rich `Table` with thousands of rows in time linear in its cells.

Rich measures and wraps every cell of a table, about 45 µs a cell: a plan of
10,000 steps took 9 s to print with `kick show`. A table with more than
`RICH_ROWS_MAX` rows is printed here instead, from the same `Table` object:
each column as wide as its widest line, cells aligned as the column says, the
header bold, a rule under it and above the footer, the title above and the
caption below. Cells keep their own styles and are never read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Span, Text

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.style import StyleType
    from rich.table import Table

RICH_ROWS_MAX = 200
"""Up to this many rows Rich draws the table itself (with its box), above it the lines here do."""

CHUNK_LINES = 500
GAP = "  "


def print_table(console: Console, table: Table) -> None:
    """Print `table`: through Rich when it is small, line by line (streamed) when it is long."""
    if table.row_count <= RICH_ROWS_MAX:
        console.print(table)
        return
    columns = table.columns
    cells = [[_text(cell) for cell in column.cells] for column in columns]
    headers = [_text(column.header) for column in columns]
    footers = [_text(column.footer) for column in columns] if table.show_footer else []
    widths = [
        max(_width(text) for text in (headers[i], *footers[i : i + 1], *cells[i]))
        for i in range(len(columns))
    ]
    layout = [
        (width, column.justify == "right", column.style)
        for column, width in zip(columns, widths, strict=True)
    ]
    rule = "─" * (sum(widths) + len(GAP) * (len(columns) - 1))
    if table.title:
        console.print(_text(table.title, table.title_style or "bold"), soft_wrap=True)
    console.print(_chunk([headers], layout, "bold"), soft_wrap=True)
    console.print(rule, style="dim", soft_wrap=True, markup=False)
    for start in range(0, table.row_count, CHUNK_LINES):
        rows = [
            [cells[i][row] for i in range(len(columns))]
            for row in range(start, min(start + CHUNK_LINES, table.row_count))
        ]
        console.print(_chunk(rows, layout), soft_wrap=True)
    if footers:
        console.print(rule, style="dim", soft_wrap=True, markup=False)
        console.print(_chunk([footers], layout, "bold"), soft_wrap=True)
    if table.caption:
        console.print(_text(table.caption, table.caption_style or "dim"), soft_wrap=True)


def _text(cell: RenderableType | None, style: object = "") -> Text:
    """A cell as Text: strings are plain text (a bracket is a bracket), Text keeps its styles."""
    if isinstance(cell, Text):
        return cell
    return Text("" if cell is None else str(cell), style=style if isinstance(style, str) else "")


def _width(text: Text) -> int:
    return max((cell_len(line) for line in text.plain.split("\n")), default=0)


def _chunk(rows: list[list[Text]], layout: list[tuple[int, bool, StyleType]], style: str = "") -> Text:
    """Rows as one Text: plain strings padded to the column widths, each cell's styles as spans.

    Built by hand rather than with Text.align/append, which cost ~10 µs a cell.
    """
    plain: list[str] = []
    spans: list[Span] = []
    at = 0
    for row in rows:
        parts = [text.plain.split("\n") for text in row]
        for number in range(max(len(lines) for lines in parts)):
            if plain:
                plain.append("\n")
                at += 1
            for position, (text, lines, (width, right, column_style)) in enumerate(
                zip(row, parts, layout, strict=True)
            ):
                if position:
                    plain.append(GAP)
                    at += len(GAP)
                line = lines[number] if number < len(lines) else ""
                last = position == len(layout) - 1
                pad = "" if last and not right else " " * max(0, width - cell_len(line))
                start = at + (len(pad) if right else 0)
                plain.append(pad + line if right else line + pad)
                at += len(pad) + len(line)
                if not line:
                    continue
                if column_style:
                    spans.append(Span(start, start + len(line), column_style))
                if text.style:
                    spans.append(Span(start, start + len(line), text.style))
                if number == 0 and len(lines) == 1:
                    spans.extend(
                        Span(start + span.start, start + span.end, span.style) for span in text.spans
                    )
    return Text("".join(plain), style=style, spans=spans)
