"""Shares and rates shown also in percent points beside the fraction the query returns: people ask and
write them either way (a close rate of 0.325 is "32.5%"), so both are given."""

from __future__ import annotations

from typing import Any

from assistant.cells import PERCENT_COPY
from nlq.build import measure_alias
from nlq.intent import Intent
from nlq.schema import Schema


def in_percent_points(
    schema: Schema,
    intent: Intent,
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """Every share or rate also in percent points, in a column after the others ("what share of
    customers churned": 26.5 beside 0.265; tables people read show it once, `cells.without_percent_copies`), except in a comparison of two groups (its own layout)."""
    if intent.kind == "compare":
        return columns, rows
    shares = [measure_alias(schema, m) for m in intent.measures if m.agg in ("rate", "share")]
    at = [columns.index(a) for a in shares if a in columns and f"{a}{PERCENT_COPY}" not in columns]
    if not at:
        return columns, rows
    added = tuple(f"{columns[i]}{PERCENT_COPY}" for i in at)
    points = tuple(
        (*r, *(None if not isinstance(r[i], int | float) else r[i] * 100 for i in at)) for r in rows
    )
    return (*columns, *added), points
