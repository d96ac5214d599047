"""Shares asked for in percent, shown also in percent points beside the fraction the query returns."""

from __future__ import annotations

from typing import Any

from nlq.build import measure_alias
from nlq.intent import Intent
from nlq.schema import Schema

PERCENT_ASKED = frozenset({"percent", "percentage", "percentages", "pct"})
"""Words that ask for a share in percent ("what percentage of ...", "by what percent ...")."""


def in_percent_points(
    schema: Schema,
    intent: Intent,
    question_words: set[str],
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
) -> tuple[tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """Shares asked for in percent also shown in percent points, in a column beside each ("what
    percentage of customers churned": 26.5 beside 0.265)."""
    if not question_words & PERCENT_ASKED or intent.kind == "compare":
        return columns, rows
    shares = [measure_alias(schema, m) for m in intent.measures if m.agg in ("rate", "share")]
    at = [columns.index(a) for a in shares if a in columns and f"{a}_percent" not in columns]
    if not at:
        return columns, rows
    added = tuple(f"{columns[i]}_percent" for i in at)
    points = tuple(
        (*r, *(None if not isinstance(r[i], int | float) else r[i] * 100 for i in at)) for r in rows
    )
    return (*columns, *added), points
