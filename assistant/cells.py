"""How a value reads in a table cell: which numbers are numbers, which 0-1 columns are percentages.
Shared by the report's tables and the charts, so both say 26.4% for the same churn_rate 0.264."""

from __future__ import annotations

import decimal
import math
import re
from collections.abc import Sequence
from typing import Any

PERCENT_COLUMNS = re.compile(
    r"(rate|share|probability|^positive$|^negative$|^neutral$|^promoters$|^passives$|^detractors$|p_alive|_pct$"
    r"|^(day|week|month|quarter|year|period)[ _]?\d+$)",
    re.I,
)
"""Columns whose 0-1 values read better as percentages (churn_rate 0.264 -> 26.4%; a retention
table's month_6 0.826 -> 82.6%)."""


def is_percent_column(name: str, values: Sequence[Any]) -> bool:
    """Whether a column named like a rate or share holds only numbers from 0 to 1 (and at least one)."""
    numbers = [float(python_value(v)) for v in values if is_number(v)]
    numbers = [v for v in numbers if not math.isnan(v)]
    return bool(numbers) and all(0 <= v <= 1 for v in numbers) and bool(PERCENT_COLUMNS.search(str(name)))


PERCENT_COPY = "_percent"
"""The suffix of a share's copy in percent points (assistant.percent_points), for data readers."""


def without_percent_copies(
    columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """The table a person reads: a share's `<share>_percent` copy left out where the share itself is
    shown as a percentage (26.5% once, not 26.5% beside 26.5); JSON and exports keep both."""
    names = list(columns)
    copies = {
        i
        for i, name in enumerate(names)
        if str(name).endswith(PERCENT_COPY)
        and (share := str(name)[: -len(PERCENT_COPY)]) in names
        and is_percent_column(share, [r[names.index(share)] for r in rows if names.index(share) < len(r)])
    }
    if not copies:
        return tuple(columns), tuple(tuple(r) for r in rows)
    keep = [i for i in range(len(names)) if i not in copies]
    return tuple(names[i] for i in keep), tuple(tuple(r[i] for i in keep if i < len(r)) for r in rows)


def python_value(value: Any) -> Any:
    """numpy scalars as Python values, so they format and align as numbers."""
    return value.item() if type(value).__module__ == "numpy" and hasattr(value, "item") else value


def is_number(value: Any) -> bool:
    value = python_value(value)
    return isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)


def by_figure(columns: Sequence[str], rows: tuple[tuple[Any, ...], ...]) -> tuple[tuple[Any, ...], ...]:
    """A group comparison by a category (a table with a 95% interval, as skills give: NPS by region)
    sorted by its figure, highest first; other tables as they are."""
    if "ci_low" not in columns or not rows:
        return rows
    at = list(columns).index("ci_low") - 1
    while at > 0 and columns[at] in ("n", "customers"):  # the base (and its customers): the figure is before
        at -= 1
    if at <= 0 or not all(isinstance(r[0], str) for r in rows):
        return rows
    if not all(r[at] is None or is_number(python_value(r[at])) for r in rows):
        return rows
    return tuple(sorted(rows, key=lambda r: (r[at] is None, -float(python_value(r[at]) or 0))))
