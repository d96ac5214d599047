"""Rates by group from skills (churn rate by plan): each group's Wilson interval and base, and a headline
that names the highest group only when the intervals say so (see catalog.intervals)."""

from __future__ import annotations

from typing import Any

from catalog.intervals import MIN_BASE, Row, headline, judge_groups, wilson


def judged_rates(
    catalog: Any,
    columns: tuple[str, ...],
    all_rows: tuple[Row, ...],
    shown: tuple[Row, ...],
    k: int,
    metric: str = "Churn rate",
    unit: str = "customers",
) -> tuple[str, tuple[str, ...], tuple[Row, ...]]:
    """Rows (groups..., base, count, rate): the headline, and the columns and shown rows with each
    group's Wilson interval (judged over all groups, not only the shown ones)."""

    base = getattr(catalog.model, "min_base", MIN_BASE)
    extra, judged, stats = judge_groups(all_rows, k, k, lambda r: wilson(r[k + 1] or 0, r[k] or 0), base)
    with_ci = {tuple(r[:k]): r for r in judged}
    rows = tuple(with_ci.get(tuple(r[:k]), tuple(r) + (None,) * len(extra)) for r in shown)
    return headline(metric, stats, lambda x: f"{x:.1%}", unit, base), columns + extra, rows
