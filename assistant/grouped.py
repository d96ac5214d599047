"""Group comparisons: the base and 95% interval of each group's figure, and the headline's extreme,
computed in SQL over the whole result (never from the capped rows an answer holds)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from catalog.intervals import MIN_BASE, GroupedFigures, GroupStat, mean_interval, verdict, wilson

if TYPE_CHECKING:
    from sqlglot import exp

    from catalog import Catalog
    from nlq.intent import Intent

MAX_BARS = 25
"""Bars a chart draws (assistant.charts.MAX_BARS): a longer grouped answer charts its highest groups."""
MAX_COMPARED = 200
"""Groups beyond this many are not compared by intervals (a list of customers is not a comparison)."""
STAT_COLUMNS = ("n", "ci_low", "ci_high")
KINDS = {"rate": "rate", "avg": "mean"}


def grouped_figures(
    catalog: Catalog,
    intent: Intent,
    tree: exp.Select,
    columns: tuple[str, ...],
    rows: tuple[tuple[Any, ...], ...],
    row_count: int,
) -> tuple[GroupedFigures | None, tuple[str, ...], tuple[tuple[Any, ...], ...]]:
    """The headline figures of a grouped answer, and its columns and rows with n and the 95% interval
    added for rates and means (plus a note column marking groups under the minimum base). With more
    groups than a chart draws, `figures.chart` holds the highest ones (from SQL), laid out the same."""
    from sqlglot import exp

    n_groups = len(intent.group_by)
    if intent.kind != "aggregate" or not intent.measures or intent.grain or not n_groups:
        return None, columns, rows
    if len(columns) <= n_groups or intent.count_groups:
        return None, columns, rows
    measure = columns[n_groups]
    whole = tree.copy()
    whole.set("order", None)
    whole.set("limit", None)
    whole.set("offset", None)
    highest = intent.order != "asc" or not _by_figure(intent)
    min_base = getattr(catalog.model, "min_base", MIN_BASE)
    extreme = (
        exp.select("*")
        .from_(whole.subquery("g"))
        .order_by(exp.Ordered(this=exp.column(measure, quoted=True), desc=highest, nulls_first=False))
        .limit(1)
    )
    found = catalog.run(extreme).rows
    top = found[0] if found else None
    chart: tuple[tuple[Any, ...], ...] = ()
    if row_count > MAX_BARS and not intent.order:
        chart = catalog.run(extreme.limit(MAX_BARS)).rows
    kind = KINDS.get(intent.measures[0].agg, "")
    agg = whole.expressions[n_groups].unalias() if kind else None
    if not kind or not isinstance(agg, exp.Avg) or _keys(catalog, intent):
        return GroupedFigures(top=top, min_base=min_base, chart=chart), columns, rows
    arg = agg.this
    stats = whole.select(
        exp.func("count", arg.copy()).as_("__n"), exp.func("stddev_samp", arg.copy()).as_("__sd"), copy=True
    ).limit(MAX_COMPARED + 1)
    found = catalog.run(stats).rows
    if len(found) > MAX_COMPARED:
        return GroupedFigures(top=top, min_base=min_base, chart=chart), columns, rows
    groups = []
    for row in found:
        value, n, sd = row[n_groups], int(row[-2] or 0), row[-1]
        if value is None:
            low, high = None, None
        elif kind == "rate":
            low, high = wilson(float(value) * n, n)
        else:
            low, high = mean_interval(float(value), None if sd is None else float(sd), n)
        groups.append(GroupStat(tuple(row[:n_groups]), None if value is None else float(value), n, low, high))
    by_key = {g.key: g for g in groups}
    judged = verdict(groups, min_base, highest=highest)
    small = any(g.n < min_base for g in groups)
    extra = STAT_COLUMNS + (("note",) if small else ())

    def with_stats(row: tuple[Any, ...]) -> tuple[Any, ...]:
        g = by_key.get(tuple(row[:n_groups]))
        cells: tuple[Any, ...] = (g.n, g.low, g.high) if g else (None, None, None)
        if small:
            cells += (f"small base (n < {min_base})" if g is not None and g.n < min_base else "",)
        return tuple(row) + cells

    shown = [with_stats(row) for row in rows]
    chart = tuple(with_stats(row) for row in chart)
    figures = GroupedFigures(top=top, verdict=judged, min_base=min_base, kind=kind, chart=chart)
    if intent.limit == 1:  # "which plan churns most?": one group; its sentence says how sure that is
        return replace(figures, chart=()), columns, rows
    return figures, columns + extra, tuple(shown)


def _keys(catalog: Catalog, intent: Intent) -> bool:
    """Whether the answer is per record (grouped by an identifier): a list, not a group comparison."""
    from catalog.semantic import Role

    for qualified in intent.group_by:
        try:
            role = catalog.model.column(qualified).role
        except KeyError:
            continue
        if role in (Role.IDENTIFIER, Role.FOREIGN_KEY):
            return True
    return False


def _by_figure(intent: Intent) -> bool:
    return bool(intent.order) and not (intent.order_by and intent.order_by in intent.group_by)
