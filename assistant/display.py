"""What a person sees of an answer's table, the same in the chat and in `cra ask`: which rows (the
bands of a numeric key when it has many values, else the answer's own), each column in one format
(`report_render.column_cells`), and at a narrow width the figures first and long text cut with "…"."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.cells import by_figure, is_number, python_value, without_percent_copies
from assistant.grouped import BANDS
from assistant.report_render import column_cells
from catalog.answer import Answer

GAP = 2
"""Spaces between two columns of a plain-text table."""
MIN_TEXT = 8
"""A text column is never cut narrower than this (nor than its header)."""
KEY_WIDTH = 20
"""The first column (what a row is: a segment, a name) is cut no narrower than this."""
ELLIPSIS = "…"


@dataclass(frozen=True)
class Shown:
    """The table a person is shown for an answer."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: int
    """Rows in the whole table (more than `rows` when capped)."""
    note: str = ""
    """What the table stands for when it is not the answer's own rows ("shown in bands of 5")."""


def shown(answer: Answer) -> Shown:
    """The answer's bands when it has them (every band, each value's figure in `answer.rows`), else its table."""
    banded = answer.extra.get(BANDS)
    if isinstance(banded, dict) and banded.get("rows"):
        rows = tuple(tuple(r) for r in banded["rows"])
        return Shown(tuple(banded["columns"]), rows, len(rows), str(banded.get("note", "")))
    rows = by_figure(answer.columns, answer.rows) if len(answer.rows) >= answer.row_count else answer.rows
    columns, rows = without_percent_copies(answer.columns, rows)
    return Shown(columns, rows, max(answer.row_count, len(answer.rows)))


def draws_chart(answer: Answer) -> bool:
    """Whether the answer's chart is worth drawing: a chart and more than one row to compare."""
    return answer.chart is not None and len(shown(answer).rows) > 1


def numeric_columns(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[bool]:
    """Per column: whether its values are numbers (right-aligned, kept whole at a narrow width)."""
    return [
        any(i < len(r) and is_number(python_value(r[i])) for r in rows)
        and all(i >= len(r) or r[i] is None or is_number(python_value(r[i])) for r in rows)
        for i in range(len(columns))
    ]


def formatted(columns: Sequence[str], rows: Sequence[Sequence[Any]], empty: str = "") -> list[list[str]]:
    """The rows as text, one format per column."""
    formats = column_cells(columns, rows)
    return [[f(v) or empty for f, v in zip(formats, row, strict=False)] for row in rows]


def fit(
    headers: Sequence[str],
    cells: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    width: int,
    gap: int = GAP,
    drop: bool = True,
    short_headers: int = 0,
) -> tuple[list[int], list[int]]:
    """Which columns in which order, and how wide, for a table `width` characters wide.

    When the table fits, nothing moves. Otherwise the first column (what a row is) stays first, the
    figure columns come next, then text; text columns are cut (widest first, never below MIN_TEXT)
    until the table fits, and (with `drop`) columns that still do not fit are left out at the right.
    With `short_headers`, a figure column wider than its figures may lose the end of its header (never
    below that many characters): its figures are never cut.
    """
    n = len(headers)
    values = [max([0] + [len(r[i]) for r in cells if i < len(r)]) for i in range(n)]
    natural = [max(len(headers[i]), values[i]) for i in range(n)]
    if sum(natural) + gap * max(n - 1, 0) <= width or n == 0:
        return list(range(n)), natural
    order = [0] + [i for i in range(1, n) if numeric[i]] + [i for i in range(1, n) if not numeric[i]]
    widths = list(natural)
    floor = [
        _figure_floor(headers[i], values[i], _unique_cut(headers, i), short_headers)
        if numeric[i]
        else min(natural[i], max(MIN_TEXT, len(headers[i])))
        for i in range(n)
    ]
    floor[0] = min(natural[0], max(floor[0], KEY_WIDTH))  # what a row is stays readable

    def total(cols: list[int]) -> int:
        return sum(widths[i] for i in cols) + gap * max(len(cols) - 1, 0)

    while total(order) > width:
        cuttable = [i for i in order if widths[i] > floor[i]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda i: widths[i])
        widths[widest] = max(floor[widest], widths[widest] - (total(order) - width))
    while drop and total(order) > width and len(order) > 1:
        order.pop()
    return order, widths


def _figure_floor(header: str, values: int, unique: int, short_headers: int) -> int:
    """How narrow a figure column may be: its figures whole; its header too unless `short_headers`
    lets it be cut (to no fewer characters, still unlike every other header, and saving 2 or more)."""
    natural = max(len(header), values)
    if not short_headers:
        return natural
    floor = max(values, min(len(header), max(short_headers, unique)))
    return floor if natural - floor >= 2 else natural


def _unique_cut(headers: Sequence[str], i: int) -> int:
    """The narrowest width at which header `i` cut with "…" differs from every other header cut."""
    common = max(
        (len(os.path.commonprefix([headers[i], h])) for j, h in enumerate(headers) if j != i), default=0
    )
    return common + 2


def cut(text: str, width: int) -> str:
    """`text` in at most `width` characters, ending in "…" when cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def text_table(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], width: int, indent: str = "  "
) -> list[str]:
    """A plain-text table (for `cra ask`) that fits `width` characters: numbers right-aligned."""
    cells = formatted(columns, rows)
    numeric = numeric_columns(columns, rows)
    order, widths = fit(list(columns), cells, numeric, width - len(indent))
    lines = []
    for row in [list(columns), *cells]:
        parts = []
        for i in order:
            text = cut(row[i] if i < len(row) else "", widths[i])
            parts.append(text.rjust(widths[i]) if numeric[i] else text.ljust(widths[i]))
        lines.append((indent + (" " * GAP).join(parts)).rstrip())
    return lines
