"""Skill answers by group (NPS, CSAT by region...): each group's 95% interval and base, and a headline
that names the highest group only when the intervals say so (see catalog.intervals)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from catalog.intervals import MIN_BASE, GroupStat, verdict, wilson

Row = tuple[Any, ...]


def judge_groups(
    rows: tuple[Row, ...],
    n_by: int,
    n_index: int,
    interval: Callable[[Row], tuple[float | None, float | None]],
    min_base: int = MIN_BASE,
) -> tuple[tuple[str, ...], tuple[Row, ...], list[GroupStat]]:
    """Extra columns (ci_low, ci_high[, note]), the rows with them, and the groups' statistics.
    The figure is each row's last cell; `n_index` is the cell holding its base."""
    groups = []
    for row in rows:
        low, high = interval(row) if row[-1] is not None else (None, None)
        value = None if row[-1] is None else float(row[-1])
        groups.append(GroupStat(tuple(row[:n_by]), value, int(row[n_index] or 0), low, high))
    small = any(g.n < min_base for g in groups)
    extra: tuple[str, ...] = ("ci_low", "ci_high") + (("note",) if small else ())
    shown = tuple(
        tuple(row)
        + (g.low, g.high)
        + ((f"small base (n < {min_base})" if g.n < min_base else "",) if small else ())
        for row, g in zip(rows, groups, strict=True)
    )
    return extra, shown, groups


def headline(
    metric: str, groups: list[GroupStat], fmt: Callable[[float], str], unit: str, min_base: int = MIN_BASE
) -> str:
    """ "NPS is highest for Europe (+12.0, 95% interval +8.1 to +15.9, 1,234 responses)." or that the
    groups do not differ clearly; groups under `min_base` are counted, never named."""
    v = verdict(groups, min_base)
    small = (
        f" {v.small:,} group{'s' if v.small != 1 else ''} with fewer than {min_base} {unit} "
        f"{'is' if v.small == 1 else 'are'} marked and not compared."
        if v.small
        else ""
    )
    if v.best is None:
        return (
            f"Every group has fewer than {min_base} {unit}: too few to compare."
            if groups
            else "No scores match."
        )
    name = ", ".join(str(k) for k in v.best.key)
    base = f"{v.best.n:,} {unit}"
    if v.runner_up is None:
        return f"{metric} is {fmt(v.best.value or 0)} for {name} ({base}), the only group with {min_base} or more.{small}"
    if v.clear and v.best.low is not None and v.best.high is not None:
        return (
            f"{metric} is highest for {name} ({fmt(v.best.value or 0)}, 95% interval {fmt(v.best.low)} to "
            f"{fmt(v.best.high)}, {base}).{small}"
        )
    other = ", ".join(str(k) for k in v.runner_up.key)
    return (
        f"{metric} does not differ clearly between the groups: {name} is highest ({fmt(v.best.value or 0)}, "
        f"{base}) but its 95% interval overlaps that of {other} ({fmt(v.runner_up.value or 0)}).{small}"
    )


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
